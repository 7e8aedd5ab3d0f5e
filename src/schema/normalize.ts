/**
 * Field normalizers shared by every schema: one plain function per kind of field, from raw input to
 * the normalized value or a `Problem`. The zod schemas wrap them (see `fields.ts`), so the rules live
 * in one place and run without zod in tests and benchmarks.
 *
 * A normalizer never echoes its input in a message: a wrong column can put a NIK anywhere.
 */
import { maskIdentifier } from '../_internal/redact.js';
import { standardizeDate } from '../standardize/standardizeDate.js';
import type { SchemaIssueCode } from './issues.js';

/** Why a value could not be normalized. Allocated only on failure, so the valid path allocates nothing. */
export class Problem {
  readonly code: SchemaIssueCode;
  readonly message: string;
  constructor(code: SchemaIssueCode, message: string) {
    this.code = code;
    this.message = message;
  }
}

/** A function from raw input to a normalized value. */
export type Normalizer<T> = (input: unknown) => T | Problem;

const SEPARATORS = /[\s.\-_/]/g;

// The checks below are char-code loops rather than regexes: they run on every field of every record,
// and a loop over a short string costs a fraction of a regex call (tests/schema/normalize.test.ts
// checks them against the regexes they replace).

/** Whether `text` is exactly `length` ASCII digits (`/^\d{length}$/`). */
function isDigits(text: string, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Whether a UTF-16 code unit matches `\s` in a JavaScript regex (WhiteSpace or LineTerminator). */
export function isRegexSpace(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function describeType(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  return `a ${typeof input}`;
}

function required(label: string): Problem {
  return new Problem('schema/required', `${label} is required`);
}

/**
 * Whether a text is what a spreadsheet leaves of a 16-digit number it stored as a float: scientific
 * notation (`3.20411E+15`) or a decimal tail (`3201015205900001.0`). Such a number may already have lost
 * digits (above 2^53, or rounded to the six shown), so it is never repaired.
 */
export function isSpreadsheetDamaged(text: string): boolean {
  return SCIENTIFIC.test(text) || DECIMAL_TAIL.test(text);
}

const SCIENTIFIC = /^\s*'?\d(?:[.,]\d+)?\s*[eE]\s*\+?\s*\d{1,2}\s*$/;
const DECIMAL_TAIL = /^\s*'?\d{15,17}[.,]\d+\s*$/;

/**
 * A 16-digit identifier (NIK or KK number): separators dropped, Excel's text prefix `'` dropped; blank
 * means missing (`null`). Numbers are refused: above 2^53 they have already been rounded before they
 * reach us. A number a spreadsheet damaged (`3.20411E+15`, `….0`) is reported as
 * `nik/damaged-by-spreadsheet` and never "repaired" into a possibly wrong number.
 */
export function identifierNormalizer(label: 'NIK' | 'KK number', code: 'schema/invalid-nik' | 'schema/invalid-kk'): Normalizer<string | null> {
  return (input) => {
    if (input === null || input === undefined) return null;
    if (typeof input === 'number' || typeof input === 'bigint') {
      return new Problem('nik/damaged-by-spreadsheet', `${label} was stored as a number (large numbers lose digits); not used`);
    }
    if (typeof input !== 'string') return new Problem('schema/invalid-type', `${label} must be a string, got ${describeType(input)}`);
    if (isDigits(input, 16)) return input;
    const digits = input.replace(SEPARATORS, '');
    if (isDigits(digits, 16)) return digits;
    // Excel's text marker: `'3201015205900001` typed so that the cell stays text.
    if (digits.charCodeAt(0) === 39 && isDigits(digits.slice(1), 16)) return digits.slice(1);
    if (digits === '') return null;
    if (isSpreadsheetDamaged(input)) {
      return new Problem(
        'nik/damaged-by-spreadsheet',
        `${label} ${maskIdentifier(input)} was damaged by a spreadsheet (scientific notation or a decimal tail); not used`,
      );
    }
    return new Problem(code, `${label} must be 16 digits, got ${maskIdentifier(input)}`);
  };
}

/** Same as `identifierNormalizer`, but missing is an error. */
export function requiredIdentifierNormalizer(label: 'NIK' | 'KK number', code: 'schema/invalid-nik' | 'schema/invalid-kk'): Normalizer<string> {
  const normalize = identifierNormalizer(label, code);
  return (input) => {
    const value = normalize(input);
    return value === null ? required(label) : value;
  };
}

const WHITESPACE_RUN = /\s+/g;

/**
 * Whether `text` matches `/^\s|\s$|\s\s|[\t\n\r\f\v\u00a0]/`: a leading, trailing or doubled space,
 * or a space other than U+0020 that is common in exports. (A lone rarer space such as U+3000 between
 * words is left alone, as the regex always did.)
 */
export function needsTidy(text: string): boolean {
  const last = text.length - 1;
  let previousSpace = false;
  for (let i = 0; i <= last; i += 1) {
    const c = text.charCodeAt(i);
    if (c > 32 && c < 0x7f) {
      previousSpace = false;
      continue;
    }
    if (c === 9 || c === 10 || c === 11 || c === 12 || c === 13 || c === 0xa0) return true;
    const space = isRegexSpace(c);
    if (space && (previousSpace || i === 0 || i === last)) return true;
    previousSpace = space;
  }
  return false;
}

function tidy(text: string): string {
  // Most values are already tidy: test first so the common case allocates nothing.
  return needsTidy(text) ? text.replace(WHITESPACE_RUN, ' ').trim() : text;
}

/** A required name: trimmed, inner whitespace runs collapsed to one space; blank is missing. */
export function nameNormalizer(label: string): Normalizer<string> {
  return (input) => {
    if (input === null || input === undefined) return required(label);
    if (typeof input !== 'string') return new Problem('schema/invalid-type', `${label} must be a string, got ${describeType(input)}`);
    const value = tidy(input);
    return value === '' ? required(label) : value;
  };
}

/** An optional name: trimmed and collapsed like `nameNormalizer`; blank becomes `null`. */
export function optionalNameNormalizer(label: string): Normalizer<string | null> {
  return (input) => {
    if (input === null || input === undefined) return null;
    if (typeof input !== 'string') return new Problem('schema/invalid-type', `${label} must be a string, got ${describeType(input)}`);
    const value = tidy(input);
    return value === '' ? null : value;
  };
}

/** An optional free text: trimmed and collapsed like a name; blank becomes `null`. */
export function textNormalizer(label: string): Normalizer<string | null> {
  return (input) => {
    if (input === null || input === undefined) return null;
    if (typeof input !== 'string') return new Problem('schema/invalid-type', `${label} must be a string, got ${describeType(input)}`);
    const value = tidy(input);
    return value === '' ? null : value;
  };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The value of the ASCII digits `text[start..end)`, or -1 when one of them is not a digit. */
function digitsValue(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

/** The reason a `YYYY[-MM[-DD]]` string is not a real date, or `undefined` when it is one. */
function calendarProblem(year: number, month: number | undefined, day: number | undefined): string | undefined {
  // Records are about living registers: a year before 1800 or after 2199 is a typo, not a person.
  if (year < 1800 || year > 2199) return 'has a year outside 1800–2199';
  if (month === undefined) return undefined;
  if (month < 1 || month > 12) return 'has a month outside 01–12';
  if (day === undefined) return undefined;
  const last = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day < 1 || day > last) return 'is not a calendar date';
  return undefined;
}

/** The ISO form of a date written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or a `Problem`, or `undefined` when it is not that shape. */
function readIsoDate(text: string, label: string): string | Problem | undefined {
  // `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, read digit by digit (was /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/).
  const length = text.length;
  const year = length === 4 || length === 7 || length === 10 ? digitsValue(text, 0, 4) : -1;
  const month = length >= 7 && text.charCodeAt(4) === 45 ? digitsValue(text, 5, 7) : length === 4 ? undefined : -1;
  const day = length === 10 && text.charCodeAt(7) === 45 ? digitsValue(text, 8, 10) : length === 10 ? -1 : undefined;
  if (year < 0 || month === -1 || day === -1) return undefined;
  const problem = calendarProblem(year, month, day);
  return problem === undefined ? text : new Problem('schema/invalid-date', `${label} ${problem}`);
}

const MIN_YEAR = 1800;
const MAX_YEAR = 2199;
// Excel's day numbers (1900 date system) of 1800-01-01 is before its epoch; 2199-12-31 is 109572.
const LAST_SERIAL = 109_572;
const DAY_MS = 86_400_000;

/** The ISO date of an Excel serial day number (1900 date system, with its phantom 29 February 1900). */
export function excelSerialDate(serial: number): string {
  const whole = Math.floor(serial);
  // Serial 60 is 1900-02-29, a day that never was: Excel kept Lotus 1-2-3's leap-year bug.
  const ms = whole < 60 ? Date.UTC(1899, 11, 31) + whole * DAY_MS : Date.UTC(1899, 11, 30) + whole * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}

const ZERO_DAY = /^0{1,2}[-/. ](\d{1,2})[-/. ](\d{4})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}/;

/**
 * A date in any form Indonesian exports write it (see `standardizeDate`): `17-08-1980`, `17/08/1980`,
 * `17.08.1980`, `19800817`, `17 Agustus 1980`, `17-Ags-80`, a timestamp (reduced to its date), an Excel
 * serial day number, a year, a year and month, `00-00-1975` (the year only). Returns the ISO form, or a
 * `Problem`.
 */
function readLooseDate(input: string | number, label: string): string | Problem {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 1) return new Problem('schema/invalid-date', `${label} is a number that is no date`);
    // A whole number that is a plausible year is a year; a larger one is a spreadsheet's day number.
    if (Number.isInteger(input) && input >= MIN_YEAR && input <= MAX_YEAR) return String(input);
    if (input <= LAST_SERIAL && input > MAX_YEAR) return excelSerialDate(input);
    return new Problem('schema/invalid-date', `${label} is a number that is no date`);
  }
  const timestamp = TIMESTAMP.exec(input);
  if (timestamp !== null) return readIsoDate(timestamp[1] as string, label) ?? new Problem('schema/invalid-date', `${label} is not a date`);
  const zeroDay = ZERO_DAY.exec(input);
  if (zeroDay !== null) {
    // `00-00-1975`: only the year is known; `00-08-1975`: the year and month.
    const month = Number(zeroDay[1]);
    const year = zeroDay[2] as string;
    if (month === 0) return readIsoDate(year, label) as string | Problem;
    return readIsoDate(`${year}-${String(month).padStart(2, '0')}`, label) ?? new Problem('schema/invalid-date', `${label} is not a date`);
  }
  if (input.length === 5 && digitsValue(input, 0, 5) > MAX_YEAR) return excelSerialDate(digitsValue(input, 0, 5));
  const parsed = standardizeDate(input, { minYear: MIN_YEAR, maxYear: MAX_YEAR });
  if (!parsed.success) {
    const code = parsed.issues[0]?.code;
    const why =
      code === 'date/impossible'
        ? 'is not a calendar date'
        : code === 'date/out-of-range'
          ? `has a year outside ${MIN_YEAR}–${MAX_YEAR}`
          : 'is not a date in a known form';
    return new Problem('schema/invalid-date', `${label} ${why}`);
  }
  return parsed.value.iso;
}

/**
 * A birth date as `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (precision is the length), read from any form
 * exports write (see `readLooseDate`); blank becomes `null`.
 */
export function partialDateNormalizer(label: string): Normalizer<string | null> {
  return (input) => {
    if (input === null || input === undefined) return null;
    if (typeof input === 'number') return readLooseDate(input, label);
    if (typeof input !== 'string') return new Problem('schema/invalid-type', `${label} must be a date string, got ${describeType(input)}`);
    const text = input.trim();
    if (text === '') return null;
    return readIsoDate(text, label) ?? readLooseDate(text, label);
  };
}

/** A required full date `YYYY-MM-DD` (a timestamp is reduced to its date). */
export function fullDateNormalizer(label: string): Normalizer<string> {
  const partial = partialDateNormalizer(label);
  return (input) => {
    const value = partial(input);
    if (value === null) return required(label);
    if (value instanceof Problem) return value;
    return value.length === 10 ? value : new Problem('schema/invalid-date', `${label} must be a full date YYYY-MM-DD`);
  };
}

/** A note on how a non-ISO date was read: a placeholder, or a day and month read swapped. */
export interface DateReading {
  readonly code: 'date/placeholder' | 'date/day-month-swapped';
  readonly message: string;
}

const PLACEHOLDER_WRITTEN = /^0{0,2}[01][-/. ]0{0,2}[01][-/. ]\d{4}$/;

/**
 * What a steward should know about how a date field was read, for a raw value that is not already
 * ISO: `00-00-1975` and `01-01-1975` are placeholders, `08/17/1980` only makes sense read swapped.
 *
 * @example
 * describeDateReading('08/17/1980', 'birthDate') // → [{ code: 'date/day-month-swapped', … }]
 */
export function describeDateReading(raw: unknown, label: string): DateReading[] {
  if (typeof raw !== 'string') return [];
  const text = raw.trim();
  if (text === '' || readIsoDate(text, label) !== undefined) return [];
  const notes: DateReading[] = [];
  if (PLACEHOLDER_WRITTEN.test(text)) notes.push({ code: 'date/placeholder', message: `${label} is a placeholder date (day and month unknown)` });
  else if (!TIMESTAMP.test(text)) {
    const parsed = standardizeDate(text, { minYear: MIN_YEAR, maxYear: MAX_YEAR });
    if (parsed.success && parsed.value.dayMonthSwapped) {
      notes.push({ code: 'date/day-month-swapped', message: `${label} only makes sense with day and month swapped; read as ${parsed.value.iso}` });
    }
  }
  return notes;
}

// Keys without spaces, hyphens or dots: `Laki - Laki`, `laki laki` and `LAKI-LAKI` are one key.
const SEX_ALIASES: Readonly<Record<string, 'male' | 'female'>> = {
  male: 'male',
  female: 'female',
  m: 'male',
  f: 'female',
  l: 'male', // laki-laki
  p: 'female', // perempuan
  lk: 'male',
  pr: 'female',
  lakilaki: 'male',
  laki2: 'male',
  laki: 'male',
  pria: 'male',
  perempuan: 'female',
  wanita: 'female',
  '1': 'male', // BPS and Dukcapil code 1 = laki-laki, 2 = perempuan
  '2': 'female',
};

const SEX_NOISE = /[\s\-._]/g;

/** Sex from any of the spellings sources use (`L`/`P`, `M`/`F`, `1`/`2`, words, any case and spacing); blank becomes `null`. */
export const normalizeSex: Normalizer<'male' | 'female' | null> = (input) => {
  if (input === 'male' || input === 'female') return input;
  if (input === null || input === undefined) return null;
  if (input === 1) return 'male';
  if (input === 2) return 'female';
  if (typeof input !== 'string') return new Problem('schema/invalid-sex', `sex must be L/P, M/F, 1/2 or male/female, got ${describeType(input)}`);
  const key = input.trim().toLowerCase();
  if (key === '') return null;
  // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
  if (Object.hasOwn(SEX_ALIASES, key)) return SEX_ALIASES[key] as 'male' | 'female';
  const squeezed = key.replace(SEX_NOISE, '');
  if (Object.hasOwn(SEX_ALIASES, squeezed)) return SEX_ALIASES[squeezed] as 'male' | 'female';
  return new Problem('schema/invalid-sex', 'sex must be L/P, M/F, 1/2 or male/female');
};

const TRUE_WORDS = new Set(['true', 'yes', 'y', 'ya', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'tidak', 't', '0']);

/** A yes/no flag from a boolean, `0`/`1` or a yes/no word (English or Indonesian); blank becomes `null`. */
export function booleanNormalizer(label: string): Normalizer<boolean | null> {
  return (input) => {
    if (input === null || input === undefined) return null;
    if (input === true || input === false) return input;
    if (input === 1) return true;
    if (input === 0) return false;
    if (typeof input === 'string') {
      const key = input.trim().toLowerCase();
      if (key === '') return null;
      if (TRUE_WORDS.has(key)) return true;
      if (FALSE_WORDS.has(key)) return false;
    }
    return new Problem('schema/invalid-type', `${label} must be a yes/no value`);
  };
}

/** Whether `text` is one to three ASCII digits. */
function isShortNumber(text: string): boolean {
  const length = text.length;
  if (length === 0 || length > 3) return false;
  for (let i = 0; i < length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const RT_RW_TOKEN = /RT|RW|\d+|[\s.:/,\-]+|./g;
/** The longest text read as an RT/RW (`RT. 007 / RW. 005` is 17 characters). */
const MAX_RT_RW_TEXT = 64;

/** An RT and/or RW read from one text; either is `undefined` when the text does not give it. */
export interface RtRw {
  readonly rt?: string;
  readonly rw?: string;
}

/**
 * Reads the RT and RW a text gives, in the forms exports write them: `7`, `007`, `RT 007`, `RT.07`,
 * `RT: 7`, `RT 07/RW 05`, `RT/RW 007/005`, `007/005`, `07/05`, `RT07RW05`. A lone unlabelled number is
 * `alone`'s (the field it came in). Each number has at most three digits once leading zeros go.
 *
 * @example
 * readRtRw('RT 07/RW 05', 'rt') // → { rt: '007', rw: '005' }
 * readRtRw('5', 'rw')           // → { rw: '005' }
 */
export function readRtRw(text: string, alone: 'rt' | 'rw'): RtRw | undefined {
  // No RT/RW text is longer; a huge one would otherwise be cut into a token per character first.
  if (text.length > MAX_RT_RW_TEXT) return undefined;
  const labels: ('rt' | 'rw')[] = [];
  const numbers: { label: 'rt' | 'rw' | undefined; value: string }[] = [];
  // `RT/RW 007/005`: both labels wait for the numbers that follow, in order.
  const pending: ('rt' | 'rw')[] = [];
  for (const token of text.toUpperCase().match(RT_RW_TOKEN) ?? []) {
    if (token === 'RT' || token === 'RW') {
      const label = token === 'RT' ? 'rt' : 'rw';
      labels.push(label);
      pending.push(label);
    } else if (token.charCodeAt(0) >= 48 && token.charCodeAt(0) <= 57) {
      const value = token.replace(/^0+(?=\d)/, '');
      if (value.length > 3) return undefined;
      numbers.push({ label: pending.shift(), value: value.padStart(3, '0') });
    } else if (!/^[\s.:/,\-]+$/.test(token)) return undefined;
  }
  if (numbers.length === 0 || numbers.length > 2 || labels.length > 2) return undefined;
  const result: { rt?: string; rw?: string } = {};
  if (numbers.length === 1) {
    const only = numbers[0] as { label: 'rt' | 'rw' | undefined; value: string };
    result[only.label ?? alone] = only.value;
    return result;
  }
  const [first, second] = numbers as [{ label: 'rt' | 'rw' | undefined; value: string }, { label: 'rt' | 'rw' | undefined; value: string }];
  const firstLabel = first.label ?? (second.label === 'rt' ? 'rw' : 'rt');
  const secondLabel = second.label ?? (firstLabel === 'rt' ? 'rw' : 'rt');
  if (firstLabel === secondLabel) return undefined;
  result[firstLabel] = first.value;
  result[secondLabel] = second.value;
  return result;
}

/** An RT or RW number as a 3-digit string (`3`, `'03'`, `'RT 003'`, `'003/005'` → `'003'`); blank becomes `null`. */
export function rtRwNormalizer(label: 'RT' | 'RW'): Normalizer<string | null> {
  const own = label === 'RT' ? 'rt' : 'rw';
  return (input) => {
    if (input === null || input === undefined) return null;
    if (typeof input === 'number') {
      if (Number.isInteger(input) && input >= 0 && input <= 999) return String(input).padStart(3, '0');
      return new Problem('schema/invalid-rt-rw', `${label} must be a whole number from 0 to 999`);
    }
    if (typeof input !== 'string') return new Problem('schema/invalid-type', `${label} must be a string or number, got ${describeType(input)}`);
    const text = input.trim();
    if (text === '') return null;
    if (isShortNumber(text)) return text.length === 3 ? text : text.padStart(3, '0');
    const read = readRtRw(text, own);
    if (read === undefined)
      return new Problem('schema/invalid-rt-rw', `${label} must be a number of at most 3 digits (RT 007, 007/005 and the like are read too)`);
    return read[own] ?? null;
  };
}

/**
 * The address with a combined RT/RW text spread over both fields: `{ rt: '007/005' }` gives the RW too,
 * and an `rtRw` field (`'RT 07/RW 05'`) becomes `rt` and `rw`. A field already given wins. Returns the
 * input itself when there is nothing to spread.
 */
export function spreadRtRw(input: Record<string, unknown>): Record<string, unknown> {
  const rawRt = input['rt'];
  const rawRw = input['rw'];
  const combinedKey = combinedRtRwKey(input);
  const combined = combinedKey === undefined ? undefined : input[combinedKey];
  const rtText = typeof rawRt === 'string' && !isShortNumber(rawRt) ? rawRt : undefined;
  const rwText = typeof rawRw === 'string' && !isShortNumber(rawRw) ? rawRw : undefined;
  if (combined === undefined && rtText === undefined && rwText === undefined) return input;
  const blank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  let rt: string | undefined;
  let rw: string | undefined;
  for (const [text, alone] of [
    [rtText, 'rt'],
    [rwText, 'rw'],
    [typeof combined === 'string' ? combined : undefined, 'rt'],
  ] as const) {
    if (text === undefined) continue;
    const read = readRtRw(text, alone);
    rt ??= read?.rt;
    rw ??= read?.rw;
  }
  if (combined === undefined && !(blank(rawRt) && rt !== undefined) && !(blank(rawRw) && rw !== undefined)) return input;
  const output: Record<string, unknown> = {};
  for (const key in input) if (key !== combinedKey && Object.prototype.hasOwnProperty.call(input, key)) output[key] = input[key];
  if (blank(rawRt) && rt !== undefined) output['rt'] = rt;
  if (blank(rawRw) && rw !== undefined) output['rw'] = rw;
  // An unreadable `rtRw` stays, so the strict schema reports it (as an unknown address field).
  if (combined !== undefined && typeof combined === 'string' && readRtRw(combined, 'rt') === undefined && combined.trim() !== '')
    output[combinedKey as string] = combined;
  return output;
}

// `rtRw` as the schema names it, and the spellings exports use (`RT_RW`, `rt/rw`, `RTRW` …).
const COMBINED_RT_RW = /^rt[\s_/.\-]*rw$/i;

function combinedRtRwKey(input: Record<string, unknown>): string | undefined {
  if (Object.prototype.hasOwnProperty.call(input, 'rtRw')) return 'rtRw';
  for (const key in input) if (key.length <= 8 && Object.prototype.hasOwnProperty.call(input, key) && COMBINED_RT_RW.test(key)) return key;
  return undefined;
}

const CODE_SEPARATORS = /[\s.]/g;
const DIGITS = /^\d+$/;

/**
 * A digit code of a fixed length (region codes, postal codes): dots and spaces dropped, so the dotted
 * Kepmendagri form `32.01.01` is accepted; blank becomes `null`.
 */
export function digitCodeNormalizer(label: string, length: number): Normalizer<string | null> {
  return (input) => {
    if (input === null || input === undefined) return null;
    // Numbers are accepted for the short codes: a province code 32 cannot lose precision, but a leading
    // zero would already be gone, which the length check catches.
    const text = typeof input === 'number' && Number.isSafeInteger(input) ? String(input) : input;
    if (typeof text !== 'string') return new Problem('schema/invalid-type', `${label} must be a string of ${length} digits, got ${describeType(input)}`);
    if (isDigits(text, length)) return text;
    const digits = text.replace(CODE_SEPARATORS, '');
    if (digits === '') return null;
    if (digits.length !== length || !DIGITS.test(digits)) {
      return new Problem('schema/invalid-code', `${label} must be ${length} digits`);
    }
    return digits;
  };
}

const CALLER_CATEGORY = /^x-[a-z0-9][a-z0-9._-]*$/;

/**
 * One value of a category list: trimmed and lowercased, then looked up in the list, its aliases and,
 * when `extensible`, the caller's own `x-…` values. Blank becomes `null`.
 */
export function categoryNormalizer<const Codes extends readonly string[]>(
  label: string,
  codes: Codes,
  options: { readonly aliases?: Readonly<Record<string, Codes[number]>>; readonly extensible: boolean },
): Normalizer<Codes[number] | `x-${string}` | null> {
  const known = new Set<string>(codes);
  const aliases = options.aliases ?? {};
  const allowed = `${codes.join(', ')}${options.extensible ? ' or a caller value x-…' : ''}`;
  return (input) => {
    if (input === null || input === undefined) return null;
    if (typeof input !== 'string') return new Problem('schema/invalid-type', `${label} must be a string, got ${describeType(input)}`);
    if (known.has(input)) return input as Codes[number];
    const key = input.trim().toLowerCase().replace(WHITESPACE_RUN, ' ');
    if (key === '') return null;
    if (known.has(key)) return key as Codes[number];
    const alias = Object.hasOwn(aliases, key) ? aliases[key] : undefined;
    if (alias !== undefined) return alias;
    if (options.extensible && CALLER_CATEGORY.test(key)) return key as `x-${string}`;
    return new Problem('schema/invalid-category', `${label} must be one of ${allowed}`);
  };
}

const DECIMAL = /^\d+(?:[.,]\d+)?$/;

/** A positive number, from a number or a decimal string with `.` or `,`; blank becomes `null`. */
export function positiveNumberNormalizer(label: string, max: number): Normalizer<number | null> {
  return (input) => {
    if (input === null || input === undefined) return null;
    let value: number;
    if (typeof input === 'number') {
      value = input;
    } else if (typeof input === 'string') {
      const text = input.trim();
      if (text === '') return null;
      if (!DECIMAL.test(text)) return new Problem('schema/invalid-number', `${label} must be a number`);
      value = Number(text.replace(',', '.'));
    } else {
      return new Problem('schema/invalid-type', `${label} must be a number, got ${describeType(input)}`);
    }
    if (!Number.isFinite(value) || value <= 0 || value > max) {
      return new Problem('schema/invalid-number', `${label} must be greater than 0 and at most ${max}`);
    }
    return value;
  };
}

const POWER_CLASS_BY_VA: Readonly<Record<number, 'va-450' | 'va-900' | 'va-1300' | 'va-2200'>> = {
  450: 'va-450',
  900: 'va-900',
  1300: 'va-1300',
  2200: 'va-2200',
};
const POWER_TEXT = /^(\d+)\s*(?:va|watt|w)?$/;

/** A PLN meter power class from `900`, `'900 VA'`, `'900 watt'` or the code `va-900`; blank becomes `null`. */
export const normalizePlnPower: Normalizer<'va-450' | 'va-900' | 'va-1300' | 'va-2200' | 'va-above-2200' | `x-${string}` | null> = (input) => {
  if (input === null || input === undefined) return null;
  let va: number | undefined;
  if (typeof input === 'number') va = input;
  else if (typeof input === 'string') {
    const key = input.trim().toLowerCase();
    if (key === '') return null;
    if (key === 'va-450' || key === 'va-900' || key === 'va-1300' || key === 'va-2200' || key === 'va-above-2200') return key;
    if (CALLER_CATEGORY.test(key)) return key as `x-${string}`;
    const match = POWER_TEXT.exec(key);
    if (match !== null) va = Number(match[1]);
  } else {
    return new Problem('schema/invalid-type', `PLN power must be a number of VA or a class code, got ${describeType(input)}`);
  }
  if (va !== undefined && Number.isInteger(va)) {
    const known = POWER_CLASS_BY_VA[va];
    if (known !== undefined) return known;
    if (va > 2200) return 'va-above-2200';
  }
  return new Problem('schema/invalid-category', 'PLN power must be 450, 900, 1300, 2200 or more VA, or va-450 … va-above-2200');
};

/** Whether `text` is a source name: `/^[a-z][a-z0-9_-]*$/`. */
function isSourceName(text: string): boolean {
  const length = text.length;
  if (length === 0) return false;
  const first = text.charCodeAt(0);
  if (first < 97 || first > 122) return false;
  for (let i = 1; i < length; i += 1) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45)) return false;
  }
  return true;
}

/** A source system name: trimmed and lowercased (`'DTKS'` → `'dtks'`). */
export const normalizeSource: Normalizer<string> = (input) => {
  if (input === null || input === undefined) return required('source');
  if (typeof input !== 'string') return new Problem('schema/invalid-type', `source must be a string, got ${describeType(input)}`);
  if (isSourceName(input)) return input;
  const key = input.trim().toLowerCase();
  if (key === '') return required('source');
  return isSourceName(key) ? key : new Problem('schema/invalid-source', 'source must be a lowercase name of letters, digits, - or _, starting with a letter');
};

/** A record id: a non-blank string (trimmed), or a safe integer turned into its decimal string. */
export const normalizeRecordId: Normalizer<string> = (input) => {
  if (input === null || input === undefined) return required('recordId');
  if (typeof input === 'number') {
    return Number.isSafeInteger(input) ? String(input) : new Problem('schema/invalid-type', 'recordId must be a string; a number this large has lost digits');
  }
  if (typeof input !== 'string') return new Problem('schema/invalid-type', `recordId must be a string, got ${describeType(input)}`);
  const text = input.trim();
  return text === '' ? required('recordId') : text;
};
