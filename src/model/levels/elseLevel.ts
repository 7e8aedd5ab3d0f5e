import * as z from 'zod';
import { checkedLevelSpec } from './checkedLevelSpec.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';

const schema = z.object({ kind: z.literal('else'), label: z.string().optional() }).strict();
/** Spec of the catch-all level. */
export type ElseLevelSpec = z.infer<typeof schema>;

/**
 * The last level of a comparison: every pair that no earlier level took.
 *
 * @example
 * elseLevel() // { kind: 'else' }
 */
export function elseLevel(label?: string): ElseLevelSpec {
  return checkedLevelSpec(schema, 'elseLevel', label === undefined ? { kind: 'else' } : { kind: 'else', label });
}

export const elseLevelKind: LevelKind<ElseLevelSpec> = {
  kind: 'else',
  schema,
  compile: (spec): ComparisonLevel => ({
    spec,
    label: spec.label ?? 'different',
    isNull: false,
    termFrequency: false,
    test: () => true,
    assign: assignAll,
  }),
};

const assignAll: AssignLevel = (batch, count, level) => {
  const { pending, levels, width, offset } = batch;
  for (let i = 0; i < count; i++) levels[(pending[i] as number) * width + offset] = level;
  return 0;
};
