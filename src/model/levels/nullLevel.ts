import * as z from 'zod';
import { checkedLevelSpec } from './checkedLevelSpec.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';

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
  return checkedLevelSpec(schema, 'nullLevel', { kind: 'null' });
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
    assign: assignMissing,
  }),
};

const assignMissing: AssignLevel = (batch, count, level) => {
  const { leftIds, rightIds, pending, levels, width, offset } = batch;
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const p = pending[i] as number;
    if (leftIds[p] === -1 || rightIds[p] === -1) levels[p * width + offset] = level;
    else pending[kept++] = p;
  }
  return kept;
};
