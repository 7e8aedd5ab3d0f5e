import { z } from 'zod';
import { compareDates, DATE_COMPARISON_LEVELS, type DateComparisonLevel } from '../../comparators/compareDates.js';
import type { ComparisonLevel, LevelKind } from '../level.js';
import { holds, lastPair, remember } from './lastPair.js';

const memo = lastPair<DateComparisonLevel>('missing');

const dateOutcome = z.enum(DATE_COMPARISON_LEVELS as unknown as [DateComparisonLevel, ...DateComparisonLevel[]]);
const schema = z.object({ kind: z.literal('date'), outcomes: z.array(dateOutcome).min(1) }).strict();
/** Spec of a date level. */
export type DateLevelSpec = z.infer<typeof schema>;

/**
 * The two dates compare (see `compareDates`) with one of the given outcomes, e.g. `['exact']` or
 * `['day-month-swapped', 'one-component-different']`. Reads the column's numeric form (yyyymmdd).
 *
 * @example
 * dateLevel(['day-month-swapped']) // { kind: 'date', outcomes: ['day-month-swapped'] }
 */
export function dateLevel(outcomes: readonly DateComparisonLevel[]): DateLevelSpec {
  return { kind: 'date', outcomes: [...outcomes] };
}

export const dateLevelKind: LevelKind<DateLevelSpec> = {
  kind: 'date',
  schema,
  compile: (spec): ComparisonLevel => {
    const accepted = new Set<DateComparisonLevel>(spec.outcomes);
    return {
      spec,
      label: spec.outcomes.join(' or '),
      isNull: false,
      termFrequency: false,
      test: (column, left, right) =>
        accepted.has(
          holds(memo, column, left, right)
            ? memo.value
            : remember(memo, column, left, right, compareDates(column.numbers[left] as number, column.numbers[right] as number)),
        ),
    };
  },
};
