import * as z from 'zod';
import { checkedLevelSpec, checkLevelOptions } from './checkedLevelSpec.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';
import { hasFlags } from './hasFlags.js';

const schema = z
  .object({
    kind: z.literal('exact'),
    termFrequency: z.boolean().optional(),
    /** Both records must carry these preparer flag bits (e.g. a NIK that agrees with its record). */
    requireFlags: z.number().int().min(1).max(255).optional(),
    /** Both records must carry at least one of these preparer flag bits. */
    requireAnyFlags: z.number().int().min(1).max(255).optional(),
    label: z.string().optional(),
  })
  .strict();
/** Spec of the exact-match level. */
export type ExactLevelSpec = z.infer<typeof schema>;

/**
 * Both prepared values are equal (compared by interned id: one integer comparison per pair).
 *
 * @example
 * exactLevel({ termFrequency: true }) // { kind: 'exact', termFrequency: true }
 */
export function exactLevel(options: Omit<ExactLevelSpec, 'kind'> = {}): ExactLevelSpec {
  checkLevelOptions(options, 'exactLevel');
  return checkedLevelSpec(schema, 'exactLevel', { kind: 'exact', ...options });
}

export const exactLevelKind: LevelKind<ExactLevelSpec> = {
  kind: 'exact',
  schema,
  compile: (spec): ComparisonLevel => {
    const required = spec.requireFlags ?? 0;
    const any = spec.requireAnyFlags ?? 0;
    return {
      spec,
      label: spec.label ?? 'exact',
      isNull: false,
      termFrequency: spec.termFrequency === true,
      test:
        required === 0 && any === 0
          ? (column, left, right) => column.ids[left] === column.ids[right]
          : (column, left, right) => column.ids[left] === column.ids[right] && hasFlags(column.flags, left, right, required, any),
      assign: required === 0 && any === 0 ? assignEqual : assignEqualWithFlags(required, any),
    };
  },
};

const assignEqual: AssignLevel = (batch, count, level) => {
  const { leftIds, rightIds, pending, levels, width, offset } = batch;
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const p = pending[i] as number;
    if (leftIds[p] === rightIds[p]) levels[p * width + offset] = level;
    else pending[kept++] = p;
  }
  return kept;
};

function assignEqualWithFlags(required: number, any: number): AssignLevel {
  return (batch, count, level) => {
    const { column, left, right, leftIds, rightIds, pending, levels, width, offset } = batch;
    const flags = column.flags;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = pending[i] as number;
      if (leftIds[p] === rightIds[p] && hasFlags(flags, left[p] as number, right[p] as number, required, any)) levels[p * width + offset] = level;
      else pending[kept++] = p;
    }
    return kept;
  };
}
