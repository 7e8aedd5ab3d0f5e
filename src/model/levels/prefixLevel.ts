import * as z from 'zod';
import { checkedLevelSpec } from './checkedLevelSpec.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';

const schema = z.object({ kind: z.literal('prefix'), length: z.number().int().min(1), label: z.string().optional() }).strict();
/** Spec of a shared-prefix level. */
export type PrefixLevelSpec = z.infer<typeof schema>;

/**
 * The prepared texts share their first `length` characters — for hierarchical codes, e.g. two village
 * codes in the same district share 6 digits.
 *
 * @example
 * prefixLevel(6, 'same district') // { kind: 'prefix', length: 6, label: 'same district' }
 */
export function prefixLevel(length: number, label?: string): PrefixLevelSpec {
  return checkedLevelSpec(schema, 'prefixLevel', label === undefined ? { kind: 'prefix', length } : { kind: 'prefix', length, label });
}

export const prefixLevelKind: LevelKind<PrefixLevelSpec> = {
  kind: 'prefix',
  schema,
  compile: (spec): ComparisonLevel => {
    const length = spec.length;
    return {
      spec,
      label: spec.label ?? `first ${length} equal`,
      isNull: false,
      termFrequency: false,
      test: (column, left, right) =>
        sharePrefix(column.valueTexts[column.ids[left] as number] as string, column.valueTexts[column.ids[right] as number] as string, length),
      assign: assignSharedPrefix(length),
    };
  },
};

function sharePrefix(a: string, b: string, length: number): boolean {
  if (a.length < length || b.length < length) return false;
  for (let i = 0; i < length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

function assignSharedPrefix(length: number): AssignLevel {
  return (batch, count, level) => {
    const { column, leftIds, rightIds, pending, levels, width, offset } = batch;
    const valueTexts = column.valueTexts;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = pending[i] as number;
      const a = valueTexts[leftIds[p] as number] as string;
      const b = valueTexts[rightIds[p] as number] as string;
      if (sharePrefix(a, b, length)) levels[p * width + offset] = level;
      else pending[kept++] = p;
    }
    return kept;
  };
}
