/** Day-number arithmetic (days since 1970-01-01, UTC) so the generator never touches local time. */

const MS_PER_DAY = 86_400_000;

/** Average days per year, for ages. */
export const DAYS_PER_YEAR = 365.2425;

/**
 * Day number of an ISO date.
 *
 * @example
 * dayOf('1970-01-02') // → 1
 */
export function dayOf(iso: string): number {
  return Math.floor(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / MS_PER_DAY);
}

/**
 * ISO date of a day number.
 *
 * @example
 * isoOf(1) // → '1970-01-02'
 */
export function isoOf(day: number): string {
  const index = day - ISO_TABLE_FIRST_DAY;
  if (index >= 0 && index < ISO_TABLE_SIZE) {
    isoTable ??= new Array<string | undefined>(ISO_TABLE_SIZE);
    return (isoTable[index] ??= new Date(day * MS_PER_DAY).toISOString().slice(0, 10));
  }
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

// Formatting dates is the generator's hottest call: memoize 1880–2060 (filled on demand).
const ISO_TABLE_FIRST_DAY = -32872;
const ISO_TABLE_SIZE = 66000;
let isoTable: (string | undefined)[] | undefined;

/**
 * Calendar year of a day number.
 *
 * @example
 * yearOf(0) // → 1970
 */
export function yearOf(day: number): number {
  const iso = isoOf(day);
  return (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + (iso.charCodeAt(3) - 48);
}

/**
 * Day number `years` years (fractional) after `day`.
 *
 * @example
 * addYears(0, 1) // → 365
 */
export function addYears(day: number, years: number): number {
  return day + Math.round(years * DAYS_PER_YEAR);
}
