import { z } from 'zod';
import { nameSimilarity } from '../../comparators/nameSimilarity.js';
import type { ComparisonLevel, LevelKind } from '../level.js';
import { tokensOf } from '../column.js';
import { holds, lastPair, remember } from './lastPair.js';

const memo = lastPair(0);

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
    };
  },
};
