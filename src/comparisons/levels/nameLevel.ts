import { z } from 'zod';
import { nameSimilarity } from '../../comparators/nameSimilarity.js';
import { tokensOf, type PreparedColumn } from '../column.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';
import { claimValues, memoOf } from './claimValues.js';
import { holdsPair, pairCache, slotOf, storeInSlot, type PairCache } from './pairCache.js';
import { holds, lastPair, remember } from './lastPair.js';

const memo = lastPair(0);
// Owner of a comparison's batch values: the name similarity of each pair.
const SIMILARITIES = { of: 'name similarity' };

const schema = z
  .object({ kind: z.literal('name'), threshold: z.number().gt(0).lte(1), termFrequency: z.boolean().optional() })
  .strict();
/** Spec of a token-aware name similarity level. */
export type NameLevelSpec = z.infer<typeof schema>;

/**
 * Token-aware name similarity ≥ `threshold`: word order, initials ("M." for MUHAMMAD) and a missing
 * middle name are tolerated (see `nameSimilarity`). Reads the column's tokens.
 *
 * @example
 * nameLevel(0.9) // { kind: 'name', threshold: 0.9 }
 */
export function nameLevel(threshold: number): NameLevelSpec {
  return { kind: 'name', threshold };
}

export const nameLevelKind: LevelKind<NameLevelSpec> = {
  kind: 'name',
  schema,
  compile: (spec): ComparisonLevel => {
    const threshold = spec.threshold;
    return {
      spec,
      label: `name similarity ≥ ${threshold}`,
      isNull: false,
      termFrequency: spec.termFrequency === true,
      test: (column, left, right) => {
        if (holds(memo, column, left, right)) return memo.value >= threshold;
        const a = tokensOf(column, left);
        const b = tokensOf(column, right);
        const similarity = a === null || a === undefined || b === null || b === undefined ? 0 : nameSimilarity(a, b);
        return remember(memo, column, left, right, similarity) >= threshold;
      },
      assign: assignSimilar(threshold),
    };
  },
};

function assignSimilar(threshold: number): AssignLevel {
  return (batch, count, level) => {
    claimValues(batch, SIMILARITIES, count);
    const cache = memoOf(batch, SIMILARITIES, pairCache);
    const { column, leftIds, rightIds, pending, levels, width, offset, values } = batch;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = pending[i] as number;
      let similarity = values[p] as number;
      if (similarity !== similarity) similarity = values[p] = similarityOf(cache, column, leftIds[p] as number, rightIds[p] as number);
      if (similarity >= threshold) levels[p * width + offset] = level;
      else pending[kept++] = p;
    }
    return kept;
  };
}

/** As `test` computes it (0 where either side has no tokens), once per pair of values. */
function similarityOf(cache: PairCache, column: PreparedColumn, a: number, b: number): number {
  if (a < 0 || b < 0) return 0;
  const slot = slotOf(a, b);
  if (holdsPair(cache, slot, a, b)) return cache.values[slot] as number;
  const tokensA = column.valueTokens[a];
  const tokensB = column.valueTokens[b];
  const similarity = tokensA === null || tokensA === undefined || tokensB === null || tokensB === undefined ? 0 : nameSimilarity(tokensA, tokensB);
  return storeInSlot(cache, slot, a, b, similarity);
}
