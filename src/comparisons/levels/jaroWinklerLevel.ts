import { z } from 'zod';
import { jaroWinklerSimilarity } from '../../comparators/jaroWinklerSimilarity.js';
import type { PreparedColumn } from '../column.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';
import { claimValues, memoOf } from './claimValues.js';
import { holdsPair, pairCache, slotOf, storeInSlot, type PairCache } from './pairCache.js';
import { holds, lastPair, remember } from './lastPair.js';

const memo = lastPair(0);
// Owner of a comparison's batch values: the Jaro–Winkler similarity of each pair.
const SIMILARITIES = { of: 'jaro-winkler similarity' };

const schema = z
  .object({
    kind: z.literal('jaro-winkler'),
    threshold: z.number().gt(0).lte(1),
    termFrequency: z.boolean().optional(),
  })
  .strict();
/** Spec of a Jaro–Winkler level. */
export type JaroWinklerLevelSpec = z.infer<typeof schema>;

/**
 * The prepared texts have Jaro–Winkler similarity ≥ `threshold`.
 *
 * @example
 * jaroWinklerLevel(0.92) // { kind: 'jaro-winkler', threshold: 0.92 }
 */
export function jaroWinklerLevel(threshold: number): JaroWinklerLevelSpec {
  return { kind: 'jaro-winkler', threshold };
}

export const jaroWinklerLevelKind: LevelKind<JaroWinklerLevelSpec> = {
  kind: 'jaro-winkler',
  schema,
  compile: (spec): ComparisonLevel => {
    const threshold = spec.threshold;
    return {
      spec,
      label: `Jaro–Winkler ≥ ${threshold}`,
      isNull: false,
      termFrequency: spec.termFrequency === true,
      test: (column, left, right) =>
        (holds(memo, column, left, right)
          ? memo.value
          : remember(memo, column, left, right, jaroWinklerSimilarity(column.valueTexts[column.ids[left] as number] as string, column.valueTexts[column.ids[right] as number] as string))) >= threshold,
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

/** As `test` computes it, once per pair of values. */
function similarityOf(cache: PairCache, column: PreparedColumn, a: number, b: number): number {
  // Missing values never reach this level (the null level comes first); left to the comparator as `test` does.
  if (a < 0 || b < 0) return jaroWinklerSimilarity(column.valueTexts[a] as string, column.valueTexts[b] as string);
  const slot = slotOf(a, b);
  if (holdsPair(cache, slot, a, b)) return cache.values[slot] as number;
  return storeInSlot(cache, slot, a, b, jaroWinklerSimilarity(column.valueTexts[a] as string, column.valueTexts[b] as string));
}
