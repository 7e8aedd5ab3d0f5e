import { z } from 'zod';
import { compareNik, NIK_COMPARISON_LEVELS, type NikComparisonLevel } from '../../comparators/compareNik.js';
import type { ComparisonLevel, LevelKind } from '../level.js';

const nikOutcome = z.enum(NIK_COMPARISON_LEVELS as unknown as [NikComparisonLevel, ...NikComparisonLevel[]]);
const schema = z.object({ kind: z.literal('nik'), outcomes: z.array(nikOutcome).min(1) }).strict();
/** Spec of a NIK level. */
export type NikLevelSpec = z.infer<typeof schema>;

/**
 * The two 16-digit identifiers compare (see `compareNik`) with one of the given outcomes, e.g.
 * `['one-edit', 'transposition']` for keying errors.
 *
 * @example
 * nikLevel(['one-edit', 'transposition']) // { kind: 'nik', outcomes: ['one-edit', 'transposition'] }
 */
export function nikLevel(outcomes: readonly NikComparisonLevel[]): NikLevelSpec {
  return { kind: 'nik', outcomes: [...outcomes] };
}

export const nikLevelKind: LevelKind<NikLevelSpec> = {
  kind: 'nik',
  schema,
  compile: (spec): ComparisonLevel => {
    const accepted = new Set<NikComparisonLevel>(spec.outcomes);
    return {
      spec,
      label: spec.outcomes.join(' or '),
      isNull: false,
      termFrequency: false,
      test: (column, left, right) => accepted.has(compareNik(column.texts[left], column.texts[right])),
    };
  },
};
