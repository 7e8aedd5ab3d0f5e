/**
 * Field normalizers shared by every schema: one plain function per kind of field, from raw input to
 * the normalized value or a `Problem`. The zod schemas wrap them (see `fields.ts`), so the rules live
 * in one place and run without zod in tests and benchmarks.
 *
 * A normalizer never echoes its input in a message: a wrong column can put a NIK anywhere.
 */
import { maskIdentifier } from '../_internal/redact.js';
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
 * A 16-digit identifier (NIK or KK number): separators dropped; blank means missing (`null`).
 * Numbers are refused: above 2^53 they have already been rounded before they reach us.
 */
export function identifierNormalizer(label: 'NIK' | 'KK number', code: 'schema/invalid-nik' | 'schema/invalid-kk'): Normalizer<string | null> {
  return (input) => {
    if (input === null || input === undefined) return null;
    if (typeof input === 'number' || typeof input === 'bigint') {
      return new Problem(code, `${label} must be a string of 16 digits, not a number (large numbers lose digits)`);
    }
    if (typeof input !== 'string') return new Problem('schema/invalid-type', `${label} must be a string, got ${describeType(input)}`);
    if (isDigits(input, 16)) return input;
    const digits = input.replace(SEPARATORS, '');
    if (isDigits(digits, 16)) return digits;
    if (digits === '') return null;
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

/** A birth date as `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (precision is the length); blank becomes `null`. */
export function partialDateNormalizer(label: string): Normalizer<string | null> {
  return (input) => {
    if (input === null || input === undefined) return null;
    if (typeof input !== 'string') return new Problem('schema/invalid-type', `${label} must be a string YYYY-MM-DD, YYYY-MM or YYYY, got ${describeType(input)}`);
    const text = input.trim();
    if (text === '') return null;
    // `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, read digit by digit (was /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/).
    const length = text.length;
    const year = length === 4 || length === 7 || length === 10 ? digitsValue(text, 0, 4) : -1;
    const month = length >= 7 && text.charCodeAt(4) === 45 ? digitsValue(text, 5, 7) : length === 4 ? undefined : -1;
    const day = length === 10 && text.charCodeAt(7) === 45 ? digitsValue(text, 8, 10) : length === 10 ? -1 : undefined;
    if (year < 0 || month === -1 || day === -1) return new Problem('schema/invalid-date', `${label} must be YYYY-MM-DD, YYYY-MM or YYYY`);
    const problem = calendarProblem(year, month, day);
    return problem === undefined ? text : new Problem('schema/invalid-date', `${label} ${problem}`);
  };
}

/** A required full date `YYYY-MM-DD`. */
export function fullDateNormalizer(label: string): Normalizer<string> {
  const partial = partialDateNormalizer(label);
  return (input) => {
    const value = partial(input);
    if (value === null) return required(label);
    if (value instanceof Problem) return value;
    return value.length === 10 ? value : new Problem('schema/invalid-date', `${label} must be a full date YYYY-MM-DD`);
  };
}

const SEX_ALIASES: Readonly<Record<string, 'male' | 'female'>> = {
  male: 'male',
  female: 'female',
  m: 'male',
  f: 'female',
  l: 'male', // laki-laki
  p: 'female', // perempuan
  lk: 'male',
  pr: 'female',
  'laki-laki': 'male',
  'laki laki': 'male',
  lakilaki: 'male',
  pria: 'male',
  perempuan: 'female',
  wanita: 'female',
  '1': 'male', // BPS and Dukcapil code 1 = laki-laki, 2 = perempuan
  '2': 'female',
};

/** Sex from any of the spellings sources use (`L`/`P`, `M`/`F`, `1`/`2`, words); blank becomes `null`. */
export const normalizeSex: Normalizer<'male' | 'female' | null> = (input) => {
  if (input === 'male' || input === 'female') return input;
  if (input === null || input === undefined) return null;
  if (input === 1) return 'male';
  if (input === 2) return 'female';
  if (typeof input !== 'string') return new Problem('schema/invalid-sex', `sex must be L/P, M/F, 1/2 or male/female, got ${describeType(input)}`);
  const key = input.trim().toLowerCase();
  if (key === '') return null;
  // Own keys only: `constructor` or `__proto__` must not find Object.prototype's members.
  return (Object.hasOwn(SEX_ALIASES, key) ? SEX_ALIASES[key] : undefined) ?? new Problem('schema/invalid-sex', 'sex must be L/P, M/F, 1/2 or male/female');
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

const UP_TO_THREE_DIGITS = /^0*(\d{1,3})$/;

/** Whether `text` is one to three ASCII digits (then `UP_TO_THREE_DIGITS` gives it back zero-padded). */
function isShortNumber(text: string): boolean {
  const length = text.length;
  if (length === 0 || length > 3) return false;
  for (let i = 0; i < length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** An RT or RW number as a 3-digit string (`3`, `'03'`, `'003'` → `'003'`); blank becomes `null`. */
export function rtRwNormalizer(label: 'RT' | 'RW'): Normalizer<string | null> {
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
    const match = UP_TO_THREE_DIGITS.exec(text);
    if (match === null || match[1] === undefined) return new Problem('schema/invalid-rt-rw', `${label} must be at most 3 digits`);
    return match[1].padStart(3, '0');
  };
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
  return isSourceName(key)
    ? key
    : new Problem('schema/invalid-source', 'source must be a lowercase name of letters, digits, - or _, starting with a letter');
};

/** A record id: a non-blank string (trimmed), or a safe integer turned into its decimal string. */
export const normalizeRecordId: Normalizer<string> = (input) => {
  if (input === null || input === undefined) return required('recordId');
  if (typeof input === 'number') {
    return Number.isSafeInteger(input)
      ? String(input)
      : new Problem('schema/invalid-type', 'recordId must be a string; a number this large has lost digits');
  }
  if (typeof input !== 'string') return new Problem('schema/invalid-type', `recordId must be a string, got ${describeType(input)}`);
  const text = input.trim();
  return text === '' ? required('recordId') : text;
};
