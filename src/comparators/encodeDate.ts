import { invalidArgument } from '../_internal/arguments.js';
/**
 * Encodes an ISO date string `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as the integer
 * `year × 10000 + month × 100 + day`, with 0 for an unknown month or day, so that {@link compareDates}
 * can compare two records without parsing a string per pair. Anything else (empty, null, another
 * format, month > 12, day > 31) encodes as 0: missing.
 *
 * @example
 * encodeDate('1985-07-01') // 19850701
 * encodeDate('1985') // 19850000
 * encodeDate('01/07/1985') // 0
 */
export function encodeDate(value: string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value !== 'string') throw invalidArgument('encodeDate', 'the date', "a 'YYYY-MM-DD' string, null or undefined", value);
  const length = value.length;
  if (length !== 4 && length !== 7 && length !== 10) return 0;
  const year = digitsAt(value, 0, 4);
  if (year <= 0) return 0;
  if (length === 4) return year * 10000;
  if (value.charCodeAt(4) !== 45 /* - */) return 0;
  const month = digitsAt(value, 5, 2);
  if (month < 1 || month > 12) return 0;
  if (length === 7) return year * 10000 + month * 100;
  if (value.charCodeAt(7) !== 45 /* - */) return 0;
  const day = digitsAt(value, 8, 2);
  if (day < 1 || day > 31) return 0;
  return year * 10000 + month * 100 + day;
}

/** The decimal value of `count` ASCII digits at `start`, or -1 if any is not a digit. */
function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
