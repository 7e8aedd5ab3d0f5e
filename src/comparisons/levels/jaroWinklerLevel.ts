import { z } from 'zod';
import { jaroWinklerSimilarity } from '../../comparators/jaroWinklerSimilarity.js';
import type { ComparisonLevel, LevelKind } from '../level.js';
import { holds, lastPair, remember } from './lastPair.js';

const memo = lastPair(0);

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
    };
  },
};
