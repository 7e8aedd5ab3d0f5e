import { checkOptionBag, invalidArgument } from '../_internal/arguments.js';
import { DATE_PLACEHOLDERS, type DayOfYear } from './datePlaceholders.js';
import { encodeDate } from './encodeDate.js';

/**
 * How two birth dates compare, strongest evidence first. The comparison levels of a date comparison
 * are built from these; {@link DATE_COMPARISON_LEVELS} lists them in the order they are checked.
 */
export type DateComparisonLevel =
  'missing' | 'placeholder-involved' | 'exact' | 'day-month-swapped' | 'one-component-different' | 'year-only-equal' | 'different';

/** Every {@link DateComparisonLevel}, in the order {@link compareDates} checks them. */
export const DATE_COMPARISON_LEVELS: readonly DateComparisonLevel[] = Object.freeze([
  'missing',
  'placeholder-involved',
  'exact',
  'day-month-swapped',
  'one-component-different',
  'year-only-equal',
  'different',
] as const);

/** A date as `YYYY-MM-DD` / `YYYY-MM` / `YYYY`, or pre-encoded by {@link encodeDate}; null or 0 is missing. */
export type ComparableDate = string | number | null | undefined;

/** Options of {@link compareDates}. */
export interface CompareDatesOptions {
  /** The placeholder days of the year; {@link DATE_PLACEHOLDERS} by default. */
  readonly placeholders?: readonly DayOfYear[];
}

/**
 * Compares two birth dates and returns the first level that holds, checked in this order:
 * - `missing` — either date is absent or not a date;
 * - `placeholder-involved` — either date is a placeholder (known only to the year or month, or a
 *   placeholder day such as 1 July) and the years agree: the pair agrees as far as the data can say,
 *   but placeholders are shared by many unrelated people, so this is weak evidence — checked before
 *   `exact` so that two "1 July 1960" records never earn the weight of a real matching date;
 * - `exact` — same full date;
 * - `day-month-swapped` — same year, day and month exchanged (03-07 vs 07-03);
 * - `one-component-different` — exactly one of day, month, year differs;
 * - `year-only-equal` — same year, day and month both differ;
 * - `different` — anything else, including a placeholder whose year disagrees.
 *
 * Pass integers from {@link encodeDate} in hot loops: no string is parsed then, nothing is allocated.
 * A date that the source itself flags as a placeholder (`birthDatePlaceholder`, or a standardized
 * date's `placeholder`) is passed as its year only (`key - key % 10000`): that is all it tells.
 * `standardizeDate`'s `PLACEHOLDER_DATES` table fits the `placeholders` option as it is.
 *
 * @example
 * compareDates('1985-03-12', '1985-03-12') // 'exact'
 * compareDates('1985-03-12', '1985-12-03') // 'day-month-swapped'
 * compareDates('1985-07-01', '1985-03-12') // 'placeholder-involved'
 * compareDates(19850312, 19860312) // 'one-component-different'
 * compareDates('1985-03-12', null) // 'missing'
 */
export function compareDates(a: ComparableDate, b: ComparableDate, options?: CompareDatesOptions): DateComparisonLevel {
  checkDate(a, 'compareDates');
  checkDate(b, 'compareDates');
  checkOptionBag(options, 'compareDates', { placeholders: 'array' });
  const keyA = typeof a === 'number' ? a : encodeDate(a);
  const keyB = typeof b === 'number' ? b : encodeDate(b);
  if (!(keyA > 0) || !(keyB > 0)) return 'missing';

  const yearA = Math.floor(keyA / 10000);
  const yearB = Math.floor(keyB / 10000);
  const dayOfYearA = keyA - yearA * 10000;
  const dayOfYearB = keyB - yearB * 10000;
  const placeholders = options?.placeholders ?? DATE_PLACEHOLDERS;
  if (isPlaceholder(dayOfYearA, placeholders) || isPlaceholder(dayOfYearB, placeholders)) {
    return yearA === yearB ? 'placeholder-involved' : 'different';
  }

  if (keyA === keyB) return 'exact';
  const monthA = Math.floor(dayOfYearA / 100);
  const monthB = Math.floor(dayOfYearB / 100);
  const dayA = dayOfYearA - monthA * 100;
  const dayB = dayOfYearB - monthB * 100;
  const sameYear = yearA === yearB;
  if (sameYear && dayA === monthB && monthA === dayB) return 'day-month-swapped';
  const differing = (sameYear ? 0 : 1) + (monthA === monthB ? 0 : 1) + (dayA === dayB ? 0 : 1);
  if (differing === 1) return 'one-component-different';
  if (sameYear) return 'year-only-equal';
  return 'different';
}

/** A month or day of 0 (unknown) makes a date a placeholder by itself; otherwise the list decides. */
function isPlaceholder(dayOfYear: number, placeholders: readonly DayOfYear[]): boolean {
  const month = Math.floor(dayOfYear / 100);
  const day = dayOfYear - month * 100;
  if (month === 0 || day === 0) return true;
  for (let i = 0; i < placeholders.length; i++) {
    const placeholder = placeholders[i] as DayOfYear;
    if (placeholder.month === month && placeholder.day === day) return true;
  }
  return false;
}

function checkDate(value: unknown, fn: string): void {
  if (value !== null && value !== undefined && typeof value !== 'string' && typeof value !== 'number') {
    throw invalidArgument(fn, 'a date', "a 'YYYY-MM-DD' string, an encoded date, null or undefined", value);
  }
}
