import { checkOptions, checkStrings } from '../../_internal/arguments.js';
import { checkedLevelSpec } from './checkedLevelSpec.js';
import * as z from 'zod';
import { compareDates, DATE_COMPARISON_LEVELS, type CompareDatesOptions, type DateComparisonLevel } from '../../comparators/compareDates.js';
import type { DayOfYear } from '../../comparators/datePlaceholders.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';
import { claimValues, memoOf } from './claimValues.js';
import { holdsPair, pairCache, slotOf, storeInSlot, type PairCache } from './pairCache.js';
import { holds, lastPair, remember } from './lastPair.js';

const memo = lastPair<DateComparisonLevel>('missing');
const NO_PLACEHOLDERS: readonly DayOfYear[] = Object.freeze([]);
// Owner of a comparison's batch values: the outcome code (index in DATE_COMPARISON_LEVELS) of each pair.
const OUTCOME_CODES = { of: 'date outcome' };

const dateOutcome = z.enum(DATE_COMPARISON_LEVELS as unknown as [DateComparisonLevel, ...DateComparisonLevel[]]);
const schema = z
  .object({
    kind: z.literal('date'),
    outcomes: z.array(dateOutcome).min(1),
    /**
     * Adjust the weight by how common the date is: agreeing on 1 January or on a district's favourite
     * placeholder says less than agreeing on 17 March (see `termFrequencyAdjustment`).
     */
    termFrequency: z.boolean().optional(),
    /**
     * Also require the known years to be at least this far apart: a year off by one is a common
     * slip (and a placeholder date's year is often a guess), a parent and child are decades apart.
     */
    minYearsApart: z.number().int().min(1).optional(),
    label: z.string().optional(),
  })
  .strict();
/** Spec of a date level. */
export type DateLevelSpec = z.infer<typeof schema>;

/**
 * The two dates compare (see `compareDates`) with one of the given outcomes, e.g. `['exact']` or
 * `['day-month-swapped', 'one-component-different']`. Reads the column's numeric form (yyyymmdd).
 *
 * @example
 * dateLevel(['day-month-swapped']) // { kind: 'date', outcomes: ['day-month-swapped'] }
 */
export function dateLevel(outcomes: readonly DateComparisonLevel[], options: Omit<DateLevelSpec, 'kind' | 'outcomes'> = {}): DateLevelSpec {
  checkStrings(outcomes, 'dateLevel', 'outcomes');
  checkOptions(options, 'dateLevel');
  return checkedLevelSpec(schema, 'dateLevel', { kind: 'date', outcomes: [...outcomes], ...options });
}

export const dateLevelKind: LevelKind<DateLevelSpec> = {
  kind: 'date',
  schema,
  compile: (spec, context): ComparisonLevel => {
    // Placeholder days come from the preparer (the DTSEN birth date's), never from the engine.
    const options = { placeholders: context?.datePlaceholders ?? NO_PLACEHOLDERS };
    const accepted = new Set<DateComparisonLevel>(spec.outcomes);
    // Bit i set ⇔ outcome i is accepted: one shift and mask per pair instead of a Set lookup.
    const minYears = spec.minYearsApart ?? 0;
    const acceptedCodes = spec.outcomes.reduce((mask, outcome) => mask | (1 << DATE_COMPARISON_LEVELS.indexOf(outcome)), 0);
    return {
      spec,
      label: spec.label ?? `${spec.outcomes.join(' or ')}${minYears > 0 ? `, years ≥ ${minYears} apart` : ''}`,
      isNull: false,
      readsNumbers: true,
      termFrequency: spec.termFrequency === true,
      test: (column, left, right) =>
        accepted.has(
          holds(memo, column, left, right)
            ? memo.value
            : remember(memo, column, left, right, compareDates(column.numbers[left] as number, column.numbers[right] as number, options)),
        ) && yearsApart(column.numbers[left] as number, column.numbers[right] as number, minYears),
      assign: assignOutcomes(acceptedCodes, minYears, options),
    };
  },
};

/** Whether two dates (yyyymmdd, 0 for unknown parts) have years at least `min` apart; true when `min` is 0. */
function yearsApart(a: number, b: number, min: number): boolean {
  if (min === 0) return true;
  return Math.abs(Math.floor(a / 10000) - Math.floor(b / 10000)) >= min;
}

function assignOutcomes(acceptedCodes: number, minYears: number, options: CompareDatesOptions): AssignLevel {
  return (batch, count, level) => {
    claimValues(batch, OUTCOME_CODES, count);
    const cache = memoOf(batch, OUTCOME_CODES, pairCache);
    const { column, left, right, pending, levels, width, offset, values } = batch;
    const numbers = column.numbers;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = pending[i] as number;
      let code = values[p] as number;
      if (code !== code) code = values[p] = outcomeCode(cache, numbers[left[p] as number] as number, numbers[right[p] as number] as number, options);
      if (((acceptedCodes >>> code) & 1) === 1 && yearsApart(numbers[left[p] as number] as number, numbers[right[p] as number] as number, minYears))
        levels[p * width + offset] = level;
      else pending[kept++] = p;
    }
    return kept;
  };
}

/** The outcome of `compareDates` as its index in DATE_COMPARISON_LEVELS; cached by pair of dates (yyyymmdd). */
function outcomeCode(cache: PairCache, a: number, b: number, options: CompareDatesOptions): number {
  // Any non-negative integer date fits the cache's 32-bit keys; anything else is computed as it is.
  if (!((a | 0) === a && a >= 0 && (b | 0) === b && b >= 0)) return DATE_COMPARISON_LEVELS.indexOf(compareDates(a, b, options));
  const slot = slotOf(cache, a, b);
  if (holdsPair(cache, slot, a, b)) return cache.values[slot] as number;
  return storeInSlot(cache, slot, a, b, DATE_COMPARISON_LEVELS.indexOf(compareDates(a, b, options)));
}
