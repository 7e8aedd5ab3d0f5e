import type { PreparedColumn } from '../column.js';
import type { AssignLevel } from '../level.js';
import { claimValues, memoOf } from './claimValues.js';
import { holdsPair, pairCache, slotOf, storeInSlot, type PairCache } from './pairCache.js';

/** A score of two value ids of a column (a similarity), defined for missing ids (-1) too. */
export type ValueScore = (column: PreparedColumn, a: number, b: number) => number;

/**
 * The batch form of a "score ≥ threshold" level (Jaro–Winkler, name similarity): each pair's score is
 * computed once for all levels of the comparison (`owner` names it in the batch's values) and cached
 * by pair of values; pairs scoring at least `threshold` take `level`, the others stay pending.
 */
export function assignScoreAtLeast(owner: object, threshold: number, score: ValueScore): AssignLevel {
  return (batch, count, level) => {
    claimValues(batch, owner, count);
    const cache = memoOf(batch, owner, pairCache);
    const { column, leftIds, rightIds, pending, levels, width, offset, values } = batch;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = pending[i] as number;
      let value = values[p] as number;
      if (value !== value) value = values[p] = cachedScore(cache, column, leftIds[p] as number, rightIds[p] as number, score);
      if (value >= threshold) levels[p * width + offset] = level;
      else pending[kept++] = p;
    }
    return kept;
  };
}

/** `score` of a pair of value ids, through the cache (missing ids are not cached). */
function cachedScore(cache: PairCache, column: PreparedColumn, a: number, b: number, score: ValueScore): number {
  if (a < 0 || b < 0) return score(column, a, b);
  const slot = slotOf(cache, a, b);
  if (holdsPair(cache, slot, a, b)) return cache.values[slot] as number;
  return storeInSlot(cache, slot, a, b, score(column, a, b));
}
