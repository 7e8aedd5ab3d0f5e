import * as z from 'zod';
import { checkedLevelSpec } from './checkedLevelSpec.js';
import { nameSimilarity } from '../../comparators/nameSimilarity.js';
import type { PreparedColumn } from '../column.js';
import type { ComparisonLevel, LevelKind } from '../level.js';
import { holds, lastPair, remember } from './lastPair.js';
import { assignScoreAtLeast } from './scoreAtLeast.js';

const memo = lastPair(0);
// Owner of a comparison's batch values: the name similarity of each pair.
const SIMILARITIES = { of: 'name similarity' };

const schema = z.object({ kind: z.literal('name'), threshold: z.number().gt(0).lte(1), termFrequency: z.boolean().optional() }).strict();
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
  return checkedLevelSpec(schema, 'nameLevel', { kind: 'name', threshold });
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
      test: (column, left, right) =>
        (holds(memo, column, left, right)
          ? memo.value
          : remember(memo, column, left, right, similarityOf(column, column.ids[left] as number, column.ids[right] as number))) >= threshold,
      assign: assignScoreAtLeast(SIMILARITIES, threshold, similarityOf),
    };
  },
};

/** Name similarity of two value ids; 0 where either side is missing or has no tokens. */
function similarityOf(column: PreparedColumn, a: number, b: number): number {
  const tokensA = a < 0 ? null : column.valueTokens[a];
  const tokensB = b < 0 ? null : column.valueTokens[b];
  return tokensA === null || tokensA === undefined || tokensB === null || tokensB === undefined ? 0 : nameSimilarity(tokensA, tokensB);
}
