import { describeType } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';

/**
 * The reference date NIK and KK parsing use when the caller gives none: `2026-12-31`.
 *
 * A NIK stores only two year digits, so the century is inferred as the latest one that puts the date
 * on or before a reference date. Defaulting to "today" would make `parseNik` answer differently next
 * year for the same input (a NIK with `…0127…` read in 2026 is 1927, read in 2027 it is 2027), which
 * breaks padan's determinism invariant (same input → same output). So the default is a fixed date,
 * moved forward only in a release (a version change, visible in the changelog). Callers should pass
 * the date the record was observed (`observedAt`): no one is born after the record that lists them.
 *
 * @example
 * parseNik(nik, { referenceDate: record.observedAt })
 */
export const DEFAULT_REFERENCE_DATE = '2026-12-31';

/** A calendar date as the integer `YYYYMMDD`, so dates compare as numbers. @internal */
export type DateKey = number;

let lastReference: string = DEFAULT_REFERENCE_DATE;
let lastReferenceKey: DateKey = 20261231;

/** Whether `day` exists in `month` of `year` (proleptic Gregorian). @internal */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return day <= (leap ? 29 : 28);
  }
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/**
 * Parses a strict `YYYY-MM-DD` date to its key, or returns -1. @internal
 */
export function isoDateKey(value: string): DateKey {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return -1;
  let year = 0;
  let month = 0;
  let day = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    if (i < 4) year = year * 10 + digit;
    else if (i < 7) month = month * 10 + digit;
    else day = day * 10 + digit;
  }
  return year >= 1000 && isRealDate(year, month, day) ? year * 10000 + month * 100 + day : -1;
}

/** The reference date's key; throws on a malformed option (a caller mistake, not a data problem). @internal */
export function referenceDateKey(referenceDate: string | undefined): DateKey {
  if (referenceDate === undefined || referenceDate === lastReference) {
    return referenceDate === undefined ? 20261231 : lastReferenceKey;
  }
  const key = typeof referenceDate === 'string' ? isoDateKey(referenceDate) : -1;
  if (key < 0) {
    throw new PadanError(
      'invalid-argument',
      `referenceDate must be a real date written YYYY-MM-DD, got ${typeof referenceDate === 'string' ? JSON.stringify(referenceDate.slice(0, 40)) : describeType(referenceDate)}`,
    );
  }
  lastReference = referenceDate;
  lastReferenceKey = key;
  return key;
}

/**
 * The full year for two year digits: the latest century that puts the date on or before the
 * reference date. The date itself is not checked here. @internal
 */
export function inferYear(yy: number, month: number, day: number, reference: DateKey): number {
  const referenceYear = (reference / 10000) | 0;
  let year = referenceYear - (referenceYear % 100) + yy;
  if (year * 10000 + month * 100 + day > reference) year -= 100;
  return year;
}

function twoDigits(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

/** `YYYY-MM-DD` for a date known to be real. @internal */
export function formatIsoDate(year: number, month: number, day: number): string {
  return year + '-' + twoDigits(month) + '-' + twoDigits(day);
}
