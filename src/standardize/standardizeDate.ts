import { checkObject, checkOptionBag, checkString, invalidArgument, type OptionKinds } from '../_internal/arguments.js';
import { fail, ok, type Issue, type Result } from '../_internal/result.js';
import { MONTH_NAMES } from './tables/months.js';
import { PLACEHOLDER_DATES, type PlaceholderDate } from './tables/placeholderDates.js';

/** Options for {@link standardizeDate}. */
export interface StandardizeDateOptions {
  /**
   * Reading of all-numeric dates with the year last: `'dmy'` (Indonesian usage, default) or `'mdy'`.
   * Either way, a date impossible in that order but possible swapped is read swapped and flagged.
   */
  readonly order?: 'dmy' | 'mdy';
  /**
   * Two-digit years `00..pivot` are 20xx, the rest 19xx. Default 30 (a fixed number, not today's year,
   * so the same input always gives the same output).
   */
  readonly twoDigitYearPivot?: number;
  /** Earliest accepted year. Default 1850. */
  readonly minYear?: number;
  /** Latest accepted year. Default 2100. */
  readonly maxYear?: number;
  /** Day/month pairs treated as placeholders. Default `PLACEHOLDER_DATES`. */
  readonly placeholders?: readonly PlaceholderDate[];
}

const STANDARDIZE_DATE_OPTIONS: OptionKinds = {
  order: ['dmy', 'mdy'],
  twoDigitYearPivot: 'number',
  minYear: 'number',
  maxYear: 'number',
  placeholders: 'array',
};

/** A date parsed into parts. `month`/`day` are absent below their precision. */
export interface StandardizedDate {
  readonly kind: 'date';
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: the contract's form, precision is the string's length. */
  readonly iso: string;
  readonly year: number;
  readonly month?: number;
  readonly day?: number;
  readonly precision: 'day' | 'month' | 'year';
  /** Weak evidence: year-only, or a day/month on the placeholder list (1 July, 31 December, 1 January). */
  readonly placeholder: boolean;
  /** Both numbers could be the day or the month (`03/04/1990`); read in `options.order`. */
  readonly ambiguousDayMonth: boolean;
  /** The written order was impossible and the swapped reading was taken (`04/23/1990`). */
  readonly dayMonthSwapped: boolean;
}

/** Machine-readable reasons a date was not accepted. */
export type DateIssueCode = 'date/empty' | 'date/unparseable' | 'date/impossible' | 'date/out-of-range';

const monthByName: ReadonlyMap<string, number> = new Map(Object.entries(MONTH_NAMES));
const MAX_TOKENS = 8;
const CONTRACT_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/**
 * Days in a month of the proleptic Gregorian calendar.
 *
 * @example
 * daysInMonth(2024, 2) // → 29
 */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(year)) throw invalidArgument('daysInMonth', 'year', 'an integer', year);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw invalidArgument('daysInMonth', 'month', 'an integer from 1 to 12', month);
  return monthLength(year, month);
}

/** `daysInMonth` without the argument checks, for this file's already-checked dates. */
function monthLength(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether a date is weak evidence: year-only, or a day/month on the placeholder list.
 * Accepts a standardized date, any `{ month?, day? }`, or a contract date string.
 *
 * @example
 * isPlaceholderDate('1970-07-01')          // → true
 * isPlaceholderDate('1970')                // → true
 * isPlaceholderDate({ month: 8, day: 17 }) // → false
 * isPlaceholderDate('01-07-1970')          // → false (not a contract date: standardize it first)
 */
export function isPlaceholderDate(
  date: string | { readonly month?: number | undefined; readonly day?: number | undefined },
  options?: Pick<StandardizeDateOptions, 'placeholders'>,
): boolean {
  if (typeof date !== 'string') checkObject(date, 'isPlaceholderDate', 'the date');
  // The date options of a caller that also standardizes are welcome here: only `placeholders` is read.
  checkOptionBag(options, 'isPlaceholderDate', STANDARDIZE_DATE_OPTIONS);
  let month: number | undefined;
  let day: number | undefined;
  if (typeof date === 'string') {
    // Contract form only (YYYY, YYYY-MM, YYYY-MM-DD); anything else is not a placeholder claim.
    if (!CONTRACT_DATE.test(date)) return false;
    if (date.length >= 7) month = Number(date.slice(5, 7));
    if (date.length >= 10) day = Number(date.slice(8, 10));
  } else {
    month = date.month;
    day = date.day;
  }
  if (month === undefined) return true; // year-only
  if (day === undefined) return false; // a month-precision date: the month is evidence, there is no day to doubt
  for (const p of options?.placeholders ?? PLACEHOLDER_DATES) if (p.month === month && p.day === day) return true;
  return false;
}

/**
 * The same date with day and month exchanged, when that is a real date — for comparing a pair that may
 * be a transposition.
 *
 * @example
 * swapDayMonth({ year: 1990, month: 3, day: 4 })  // → { year: 1990, month: 4, day: 3 }
 * swapDayMonth({ year: 1990, month: 3, day: 24 }) // → null
 */
export function swapDayMonth(date: {
  readonly year: number;
  readonly month?: number | undefined;
  readonly day?: number | undefined;
}): { year: number; month: number; day: number } | null {
  checkObject(date, 'swapDayMonth', 'the date');
  const { year, month, day } = date;
  if (!Number.isInteger(year)) throw invalidArgument('swapDayMonth', 'year', 'an integer', year);
  for (const [name, value] of [
    ['month', month],
    ['day', day],
  ] as const) {
    if (value !== undefined && !Number.isInteger(value)) throw invalidArgument('swapDayMonth', name, 'an integer or undefined', value);
  }
  if (day !== undefined && (day < 1 || day > 12)) return null;
  if (month === undefined || day === undefined || day > 12 || month > monthLength(year, day)) return null;
  return { year, month: day, day: month };
}

interface DateToken {
  readonly digits: boolean;
  readonly text: string;
}

/** Digit runs and letter runs; everything else separates. Stops early on too many tokens. */
function tokenizeDate(raw: string): DateToken[] | null {
  const tokens: DateToken[] = [];
  let start = -1;
  let digits = false;
  for (let i = 0; i <= raw.length; i++) {
    const c = i < raw.length ? raw.charCodeAt(i) : 32;
    const isDigit = c >= 48 && c <= 57;
    const isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (start >= 0 && (isDigit !== digits || (!isDigit && !isLetter))) {
      const text = raw.slice(start, i);
      // Letters that are not month names (a birthplace, "tgl") are ignored.
      if (digits || monthByName.has(text.toUpperCase())) {
        tokens.push({ digits, text: digits ? text : text.toUpperCase() });
        if (tokens.length > MAX_TOKENS) return null;
      }
      start = -1;
    }
    if (start < 0 && (isDigit || isLetter)) {
      start = i;
      digits = isDigit;
    }
  }
  return tokens;
}

interface Parts {
  year: number;
  month?: number;
  day?: number;
  ambiguous: boolean;
  swapped: boolean;
}

function expandYear(text: string, pivot: number): number {
  const value = Number(text);
  if (text.length !== 2) return value;
  return value <= pivot ? 2000 + value : 1900 + value;
}

/** Reads `first`/`second` as day/month in the given order, swapping when only the other order is possible. */
function dayMonth(
  year: number,
  first: number,
  second: number,
  order: 'dmy' | 'mdy',
  flags: { swapped: boolean; ambiguous: boolean },
): { day: number; month: number } {
  let day = order === 'dmy' ? first : second;
  let month = order === 'dmy' ? second : first;
  if ((month > 12 || day > monthLength(year, month)) && day <= 12 && month <= monthLength(year, day)) {
    [day, month] = [month, day];
    flags.swapped = true;
  } else if (first <= 12 && second <= 12 && first !== second) {
    flags.ambiguous = true;
  }
  return { day, month };
}

function text(tokens: readonly DateToken[], k: number): string {
  return (tokens[k] as DateToken).text;
}

function num(tokens: readonly DateToken[], k: number): number {
  return Number(text(tokens, k));
}

function monthOf(tokens: readonly DateToken[], k: number): number {
  return monthByName.get(text(tokens, k)) as number;
}

function interpret(tokens: readonly DateToken[], options: StandardizeDateOptions | undefined): Parts | null {
  const order = options?.order ?? 'dmy';
  const pivot = options?.twoDigitYearPivot ?? 30;
  const flags = { swapped: false, ambiguous: false };
  let shape = '';
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k] as DateToken;
    shape += (k > 0 ? ',' : '') + (t.digits ? String(t.text.length) : 'w');
  }

  switch (shape) {
    case '4':
      return { year: num(tokens, 0), ambiguous: false, swapped: false };
    case '8': {
      // YYYYMMDD when that reads as a real date in range, else DDMMYYYY.
      const t = text(tokens, 0);
      const leadingYear = Number(t.slice(0, 4));
      const m = Number(t.slice(4, 6));
      const d = Number(t.slice(6, 8));
      const inRange = leadingYear >= (options?.minYear ?? 1850) && leadingYear <= (options?.maxYear ?? 2100);
      if (inRange && m >= 1 && m <= 12 && d >= 1 && d <= monthLength(leadingYear, m)) {
        const dm = dayMonth(leadingYear, Number(t.slice(6, 8)), Number(t.slice(4, 6)), 'dmy', flags);
        return { year: leadingYear, ...dm, ambiguous: false, swapped: flags.swapped };
      }
      const year = Number(t.slice(4, 8));
      return { year, ...dayMonth(year, Number(t.slice(0, 2)), Number(t.slice(2, 4)), order, flags), ...flags };
    }
    case '4,1':
    case '4,2':
      return { year: num(tokens, 0), month: num(tokens, 1), ambiguous: false, swapped: false };
    case '1,4':
    case '2,4':
      return { year: num(tokens, 1), month: num(tokens, 0), ambiguous: false, swapped: false };
    case 'w,4':
      return { year: num(tokens, 1), month: monthOf(tokens, 0), ambiguous: false, swapped: false };
    case '4,w':
      return { year: num(tokens, 0), month: monthOf(tokens, 1), ambiguous: false, swapped: false };
  }
  if (tokens.length !== 3) return null;
  const [a, b, c] = tokens as [DateToken, DateToken, DateToken];
  if (a.digits && a.text.length === 4 && b.digits && c.digits && b.text.length <= 2 && c.text.length <= 2) {
    // ISO order; a day > 12 in the month slot is the classic YYYY-DD-MM slip.
    const year = num(tokens, 0);
    const dm = dayMonth(year, num(tokens, 2), num(tokens, 1), 'dmy', flags);
    return { year, ...dm, ambiguous: false, swapped: flags.swapped };
  }
  if (a.digits && b.digits && c.digits && a.text.length <= 2 && b.text.length <= 2 && (c.text.length === 4 || c.text.length === 2)) {
    const year = expandYear(c.text, pivot);
    return { year, ...dayMonth(year, num(tokens, 0), num(tokens, 1), order, flags), ...flags };
  }
  if (a.digits && !b.digits && c.digits && a.text.length <= 2 && (c.text.length === 4 || c.text.length === 2)) {
    return { year: expandYear(c.text, pivot), month: monthOf(tokens, 1), day: num(tokens, 0), ambiguous: false, swapped: false };
  }
  if (!a.digits && b.digits && c.digits && b.text.length <= 2 && (c.text.length === 4 || c.text.length === 2)) {
    return { year: expandYear(c.text, pivot), month: monthOf(tokens, 0), day: num(tokens, 1), ambiguous: false, swapped: false };
  }
  if (a.digits && a.text.length === 4 && !b.digits && c.digits && c.text.length <= 2) {
    return { year: num(tokens, 0), month: monthOf(tokens, 1), day: num(tokens, 2), ambiguous: false, swapped: false };
  }
  return null;
}

function issue(code: DateIssueCode, message: string): Issue<DateIssueCode> {
  return { code, path: [], message, severity: 'error' };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Parses a date as Indonesian records write it — ISO, `DD-MM-YYYY`, `DD/MM/YY`, `YYYY`, `17 Agustus 1945`,
 * `August 17, 1945`, `YYYYMMDD` — into parts, precision, and placeholder / day-month ambiguity flags.
 *
 * @example
 * standardizeDate('17 Agustus 1945')
 * // → { success: true, value: { kind: 'date', iso: '1945-08-17', year: 1945, month: 8, day: 17,
 * //     precision: 'day', placeholder: false, ambiguousDayMonth: false, dayMonthSwapped: false }, warnings: [] }
 * standardizeDate('01-07-1970').success && standardizeDate('01-07-1970').value.placeholder // → true
 */
export function standardizeDate(raw: string, options?: StandardizeDateOptions): Result<StandardizedDate, DateIssueCode> {
  checkString(raw, 'standardizeDate', 'the date');
  checkOptionBag(options, 'standardizeDate', STANDARDIZE_DATE_OPTIONS);
  let input = raw.trim();
  if (input === '') return fail([issue('date/empty', 'the date is empty')]);
  // An ISO timestamp: only the date part is a birth date.
  if (input.length > 10 && input.charCodeAt(4) === 45 && input.charCodeAt(10) === 84 /* T */) input = input.slice(0, 10);
  const tokens = tokenizeDate(input);
  const parts = tokens === null || tokens.length === 0 ? null : interpret(tokens, options);
  if (parts === null) return fail([issue('date/unparseable', 'the date is not in a recognised form')]);

  const { year, month, day } = parts;
  const minYear = options?.minYear ?? 1850;
  const maxYear = options?.maxYear ?? 2100;
  if (!Number.isInteger(year) || year < minYear || year > maxYear) {
    return fail([issue('date/out-of-range', `the year is outside ${minYear}–${maxYear}`)]);
  }
  if (month !== undefined && (month < 1 || month > 12)) {
    return fail([issue('date/impossible', 'the month is not between 1 and 12')]);
  }
  if (day !== undefined && month !== undefined && (day < 1 || day > monthLength(year, month))) {
    return fail([issue('date/impossible', 'the day does not exist in that month')]);
  }

  const precision = day !== undefined ? 'day' : month !== undefined ? 'month' : 'year';
  let iso = pad(year, 4);
  if (month !== undefined) iso += `-${pad(month, 2)}`;
  if (day !== undefined) iso += `-${pad(day, 2)}`;
  const value: StandardizedDate = {
    kind: 'date',
    iso,
    year,
    ...(month !== undefined ? { month } : {}),
    ...(day !== undefined ? { day } : {}),
    precision,
    placeholder: precision === 'year' || (precision === 'day' && isPlaceholderDate({ month, day }, options)),
    ambiguousDayMonth: parts.ambiguous,
    dayMonthSwapped: parts.swapped,
  };
  return ok(value);
}
