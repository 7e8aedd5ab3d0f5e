import { z } from 'zod';
import type { ComparisonLevel, LevelKind } from '../level.js';

const schema = z.object({ kind: z.literal('null') }).strict();
/** Spec of the missing-value level. */
export type NullLevelSpec = z.infer<typeof schema>;

/**
 * The level for pairs where either value is missing: no evidence either way, weight 0.
 *
 * @example
 * nullLevel() // { kind: 'null' }
 */
export function nullLevel(): NullLevelSpec {
  return { kind: 'null' };
}

export const nullLevelKind: LevelKind<NullLevelSpec> = {
  kind: 'null',
  schema,
  compile: (spec): ComparisonLevel => ({
    spec,
    label: 'missing',
    isNull: true,
    termFrequency: false,
    test: (column, left, right) => column.ids[left] === -1 || column.ids[right] === -1,
  }),
};
