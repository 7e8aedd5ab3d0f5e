import { z } from 'zod';
import { compareNik, NIK_COMPARISON_LEVELS, type NikComparisonLevel } from '../../comparators/compareNik.js';
import type { ComparisonLevel, LevelKind } from '../level.js';
import { holds, lastPair, remember } from './lastPair.js';

const memo = lastPair<NikComparisonLevel>('missing');
import { textOf } from '../column.js';
import { hasFlags } from './hasFlags.js';

const nikOutcome = z.enum(NIK_COMPARISON_LEVELS as unknown as [NikComparisonLevel, ...NikComparisonLevel[]]);
const schema = z
  .object({
    kind: z.literal('nik'),
    outcomes: z.array(nikOutcome).min(1),
    /** Both records must carry these preparer flag bits (e.g. each NIK agrees with its own record). */
    requireFlags: z.number().int().min(1).max(255).optional(),
    /** Both records must carry at least one of these preparer flag bits. */
    requireAnyFlags: z.number().int().min(1).max(255).optional(),
    label: z.string().optional(),
  })
  .strict();
/** Spec of a NIK level. */
export type NikLevelSpec = z.infer<typeof schema>;

/**
 * The two 16-digit identifiers compare (see `compareNik`) with one of the given outcomes, e.g.
 * `['one-edit', 'transposition']` for keying errors.
 *
 * @example
 * nikLevel(['one-edit', 'transposition']) // { kind: 'nik', outcomes: ['one-edit', 'transposition'] }
 */
export function nikLevel(outcomes: readonly NikComparisonLevel[], options: Omit<NikLevelSpec, 'kind' | 'outcomes'> = {}): NikLevelSpec {
  return { kind: 'nik', outcomes: [...outcomes], ...options };
}

export const nikLevelKind: LevelKind<NikLevelSpec> = {
  kind: 'nik',
  schema,
  compile: (spec): ComparisonLevel => {
    const accepted = new Set<NikComparisonLevel>(spec.outcomes);
    const required = spec.requireFlags ?? 0;
    const any = spec.requireAnyFlags ?? 0;
    return {
      spec,
      label: spec.label ?? spec.outcomes.join(' or '),
      isNull: false,
      termFrequency: false,
      test: (column, left, right) =>
        hasFlags(column.flags, left, right, required, any) &&
        accepted.has(
          holds(memo, column, left, right) ? memo.value : remember(memo, column, left, right, compareNik(textOf(column, left), textOf(column, right))),
        ),
    };
  },
};
