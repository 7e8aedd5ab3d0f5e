import { z } from 'zod';
import { compareDates, DATE_COMPARISON_LEVELS, type DateComparisonLevel } from '../../comparators/compareDates.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';
import { claimValues, memoOf } from './claimValues.js';
import { holdsPair, pairCache, slotOf, storeInSlot, type PairCache } from './pairCache.js';
import { holds, lastPair, remember } from './lastPair.js';

const memo = lastPair<DateComparisonLevel>('missing');
// Owner of a comparison's batch values: the outcome code (index in DATE_COMPARISON_LEVELS) of each pair.
const OUTCOME_CODES = { of: 'date outcome' };

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
    // Bit i set ⇔ outcome i is accepted: one shift and mask per pair instead of a Set lookup.
    const acceptedCodes = spec.outcomes.reduce((mask, outcome) => mask | (1 << DATE_COMPARISON_LEVELS.indexOf(outcome)), 0);
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
      assign: assignOutcomes(acceptedCodes),
    };
  },
};

function assignOutcomes(acceptedCodes: number): AssignLevel {
  return (batch, count, level) => {
    claimValues(batch, OUTCOME_CODES, count);
    const cache = memoOf(batch, OUTCOME_CODES, pairCache);
    const { column, left, right, pending, levels, width, offset, values } = batch;
    const numbers = column.numbers;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = pending[i] as number;
      let code = values[p] as number;
      if (code !== code) code = values[p] = outcomeCode(cache, numbers[left[p] as number] as number, numbers[right[p] as number] as number);
      if (((acceptedCodes >>> code) & 1) === 1) levels[p * width + offset] = level;
      else pending[kept++] = p;
    }
    return kept;
  };
}

/** The outcome of `compareDates` as its index in DATE_COMPARISON_LEVELS; cached by pair of dates (yyyymmdd). */
function outcomeCode(cache: PairCache, a: number, b: number): number {
  // Any non-negative integer date fits the cache's 32-bit keys; anything else is computed as it is.
  if (!((a | 0) === a && a >= 0 && (b | 0) === b && b >= 0)) return DATE_COMPARISON_LEVELS.indexOf(compareDates(a, b));
  const slot = slotOf(a, b);
  if (holdsPair(cache, slot, a, b)) return cache.values[slot] as number;
  return storeInSlot(cache, slot, a, b, DATE_COMPARISON_LEVELS.indexOf(compareDates(a, b)));
}
