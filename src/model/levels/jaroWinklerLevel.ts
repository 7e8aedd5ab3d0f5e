import * as z from 'zod';
import { checkedLevelSpec } from './checkedLevelSpec.js';
import { jaroWinklerSimilarity } from '../../comparators/jaroWinklerSimilarity.js';
import type { PreparedColumn } from '../column.js';
import type { ComparisonLevel, LevelKind } from '../level.js';
import { assignScoreAtLeast } from './scoreAtLeast.js';
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
  return checkedLevelSpec(schema, 'jaroWinklerLevel', { kind: 'jaro-winkler', threshold });
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
          : remember(memo, column, left, right, similarityOf(column, column.ids[left] as number, column.ids[right] as number))) >= threshold,
      assign: assignScoreAtLeast(SIMILARITIES, threshold, similarityOf),
    };
  },
};

/** Jaro–Winkler similarity of the texts of two value ids (missing values never reach this level: the null level comes first). */
function similarityOf(column: PreparedColumn, a: number, b: number): number {
  return jaroWinklerSimilarity(column.valueTexts[a] as string, column.valueTexts[b] as string);
}
