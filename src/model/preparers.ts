import { PadanError } from '../_internal/error.js';
import { compareDates } from '../comparators/compareDates.js';
import { DATE_PLACEHOLDERS, type DayOfYear } from '../comparators/datePlaceholders.js';
import { encodeDate } from '../comparators/encodeDate.js';
import { normalizeIdentifier } from '../id/normalizeIdentifier.js';
import { indonesianPhoneticKey } from '../standardize/indonesianPhoneticKey.js';
import { normalizeRegionName } from '../standardize/regionNameIndex.js';
import { standardizeName } from '../standardize/standardizeName.js';
import { preparedValueOf, type PreparedValue } from './column.js';
import { PATRONYMIC_SEPARATOR } from './levels/distinctNamesLevel.js';

/**
 * A preparer turns one raw field value into its comparable form. Model specs name preparers by
 * string, so a spec stays plain JSON. A value is prepared once per distinct raw value and shared by
 * every record that carries it — at a million records most fields repeat heavily. Preparers that
 * also read sibling fields of the record say how, so that sharing still holds:
 */
export interface Preparer {
  readonly name: string;
  readonly summary: string;
  /**
   * The prepared value's `number` is a quantity (a date, an amount): levels that subtract numbers
   * (`numeric-difference`) may read it. A code (postcode 2000) has no number: its 0 is not a value.
   */
  readonly numeric?: boolean;
  /**
   * Days of the year this preparer's dates use for an unknown date (1 July …): `date` levels read an
   * agreement on one as weak evidence (`placeholder-involved`). The DTSEN `birth-date` preparer has
   * Dukcapil's (`DATE_PLACEHOLDERS`); plain `date` preparers have none, so 1 January is a date.
   */
  readonly datePlaceholders?: readonly DayOfYear[];
  /** Prepares a raw value; `record` is read only by preparers that declare `cacheKey`. */
  readonly prepare: (raw: unknown, record: unknown) => PreparedValue | null;
  /**
   * When the value depends on the record too: the key under which it is shared — records with equal
   * keys get one prepared value (a birth date and whether the source marks it a placeholder).
   * Default: the raw value.
   */
  readonly cacheKey?: (raw: unknown, record: unknown) => unknown;
  /**
   * Flag bits that depend on the record as well as the value (a NIK checked against the record's own
   * birth date and sex), computed per record and added to the value's own flags.
   */
  readonly recordFlags?: (value: PreparedValue, record: unknown) => number;
}

/**
 * Flag bits of a NIK column: how the birth date and sex the NIK encodes (DDMMYY, day + 40 for women)
 * compare with the record's own. A reused NIK — the head's number written on every family member —
 * agrees with one member at most, which is what lets the model tell a shared number from a shared person.
 */
/** Nothing on the record contradicts the NIK (it agrees, or the record lacks birth date and sex). */
export const NIK_NOT_CONTRADICTED = 1;
/** The record's full birth date agrees with the NIK, and its sex does not contradict it. */
export const NIK_CONFIRMED = 2;
/** The record nearly agrees: one date component off, day and month swapped, or only the sex differs — a typo, not another person. */
export const NIK_NEARLY_AGREES = 4;
/**
 * The record has a birth date and the NIK agrees with it as far as the date is known (a placeholder
 * date agrees on its year), and the sex does not contradict it: the NIK was checked, not merely unopposed.
 */
export const NIK_CHECKED = 8;

function asText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

function cleanText(raw: unknown): string | null {
  const text = asText(raw);
  if (text === null) return null;
  const cleaned = text.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase();
  return cleaned === '' ? null : cleaned;
}

const text: Preparer = {
  name: 'text',
  summary: 'trimmed, spaces collapsed, uppercase',
  prepare: (raw) => {
    const value = cleanText(raw);
    return value === null ? null : preparedValueOf(value, value.split(' '));
  },
};

// Birth places repeat heavily and are few: one normalization per distinct raw string (bounded).
const PLACE_CACHE_LIMIT = 100_000;
const placeCache = new Map<string, string | null>();

/** A place name as its region-name key: `KAB. BOGOR`, `Kabupaten Bogor` and `BOGOR` meet. */
const place: Preparer = {
  name: 'place',
  summary: 'a place name through the region-name normalizer (KAB./KOTA/KABUPATEN prefixes dropped, spaces removed)',
  prepare: (raw) => {
    const value = cleanText(raw);
    if (value === null) return null;
    let key = placeCache.get(value);
    if (key === undefined) {
      const normalized = normalizeRegionName(value);
      key = normalized === '' ? null : normalized;
      if (placeCache.size < PLACE_CACHE_LIMIT) placeCache.set(value, key);
    }
    return key === null ? null : preparedValueOf(key);
  },
};

const code: Preparer = {
  name: 'code',
  summary: 'the value as given (region codes, RT/RW, categories); empty is missing',
  prepare: (raw) => {
    const value = asText(raw)?.trim();
    return value ? preparedValueOf(value) : null;
  },
};

// Names repeat heavily (MUHAMMAD, SITI …): one standardization per distinct raw string. The cache is
// bounded so that a stream of unique names cannot grow it without limit.
const NAME_CACHE_LIMIT = 500_000;
let nameCache = new Map<string, PreparedValue | null>();

/**
 * `name:indonesian`: `name` plus Indonesian respelling — old spelling made current (oe/u, dj/j, tj/c,
 * ch/kh …) and the Muhammad forms made one — so SOEKARNO meets SUKARNO. The DTSEN preset's name
 * preparer; on other names it misleads (MITCHELL → MITKHELL).
 */
const indonesianName: Preparer = {
  name: 'name:indonesian',
  summary: 'a name cleaned as `name` cleans it, then Indonesian old spelling and Muhammad forms made canonical',
  prepare: (raw) => {
    const value = asText(raw);
    if (value === null) return null;
    const cached = nameCache.get(value);
    if (cached !== undefined) return cached;
    const standardized = standardizeName(value);
    // The patronymic (bin / binti …) is kept in the text after a separator, not in the tokens: AHMAD
    // BIN ASHARI and AHMAD BIN ASNAWI are then not "exact", while similarity still compares given names.
    const text =
      standardized.patronymicTokens.length === 0
        ? standardized.canonical
        : `${standardized.canonical}${PATRONYMIC_SEPARATOR}${standardized.patronymicTokens.join(' ')}`;
    const prepared = standardized.canonicalTokens.length === 0 ? null : preparedValueOf(text, standardized.canonicalTokens);
    if (nameCache.size >= NAME_CACHE_LIMIT) nameCache = new Map();
    nameCache.set(value, prepared);
    return prepared;
  },
};

function prepareDate(raw: unknown): PreparedValue | null {
  const value = asText(raw)?.trim();
  if (!value) return null;
  const key = encodeDate(value);
  return key > 0 ? preparedValueOf(value, null, key) : null;
}

const date: Preparer = {
  name: 'date',
  summary: 'ISO date YYYY-MM-DD, YYYY-MM or YYYY as the integer yyyymmdd (0 for unknown parts)',
  numeric: true,
  prepare: prepareDate,
};

/** The date formats `date:<format>` reads: where year, month and day sit in the text. */
const DATE_FORMATS: Readonly<Record<string, RegExp>> = {
  'YYYY-MM-DD': /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})$/,
  YYYYMMDD: /^(?<year>\d{4})(?<month>\d{2})(?<day>\d{2})$/,
  'DD/MM/YYYY': /^(?<day>\d{1,2})\/(?<month>\d{1,2})\/(?<year>\d{4})$/,
  'DD-MM-YYYY': /^(?<day>\d{1,2})-(?<month>\d{1,2})-(?<year>\d{4})$/,
  'MM/DD/YYYY': /^(?<month>\d{1,2})\/(?<day>\d{1,2})\/(?<year>\d{4})$/,
};

/** The names of the formats the `date:<format>` preparer reads. */
export const DATE_FORMAT_NAMES: readonly string[] = Object.keys(DATE_FORMATS);

/**
 * `date:<format>`: a full date written in `format`, as the integer yyyymmdd; anything else — another
 * layout, an impossible date (31 June, month 13) — is missing, never a wrong date.
 */
function datePreparer(format: string): Preparer | undefined {
  const pattern = DATE_FORMATS[format];
  if (pattern === undefined) return undefined;
  return {
    name: `date:${format}`,
    summary: `a date written ${format}, as the integer yyyymmdd; impossible dates are missing`,
    numeric: true,
    prepare: (raw) => {
      const value = asText(raw)?.trim();
      const parts = value ? pattern.exec(value)?.groups : undefined;
      if (parts === undefined || value === undefined) return null;
      const year = Number(parts['year']);
      const month = Number(parts['month']);
      const day = Number(parts['day']);
      const check = new Date(Date.UTC(year, month - 1, day));
      if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
      const key = year * 10000 + month * 100 + day;
      return preparedValueOf(value, null, key);
    },
  };
}

/**
 * A number (amounts, ages, floor areas): its value is the `number` that `numeric-difference` reads.
 * Unlike `code`, where 2000 and 9999 are two postcodes with no distance between them.
 */
const number: Preparer = {
  name: 'number',
  summary: 'a decimal number (a comma or point as the decimal mark); anything else is missing',
  numeric: true,
  prepare: (raw) => {
    let value: number;
    if (typeof raw === 'number') value = raw;
    else {
      const text = asText(raw)?.trim().replace(',', '.');
      if (!text || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) return null;
      value = Number(text);
    }
    return Number.isFinite(value) ? preparedValueOf(String(value), null, value) : null;
  },
};

function isMarkedPlaceholder(record: unknown): boolean {
  return (record as { birthDatePlaceholder?: unknown } | null)?.birthDatePlaceholder === true;
}

const birthDate: Preparer = {
  numeric: true,
  datePlaceholders: DATE_PLACEHOLDERS,
  name: 'birth-date',
  summary: 'like `date`, but a date the source marks as a placeholder keeps only its year',
  // A marked placeholder prepares differently from the same date unmarked: the mark is part of the key.
  cacheKey: (raw, record) => (isMarkedPlaceholder(record) && typeof raw === 'string' ? `${raw}\u0000placeholder` : raw),
  prepare: (raw, record) => {
    const prepared = prepareDate(raw);
    if (prepared === null) return null;
    if (isMarkedPlaceholder(record)) {
      const year = Math.floor(prepared.number / 10000);
      return preparedValueOf(String(year), null, year * 10000);
    }
    return prepared;
  },
};

const identifier: Preparer = {
  name: 'identifier',
  summary: 'an identifier with separators removed, uppercase',
  prepare: (raw) => {
    const value = asText(raw);
    if (value === null) return null;
    const normalized = normalizeIdentifier(value.trim()).toUpperCase();
    return normalized === '' ? null : preparedValueOf(normalized);
  },
};

function isSixteenDigits(value: string): boolean {
  if (value.length !== 16) return false;
  for (let i = 0; i < 16; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function twoDigits(value: string, at: number): number {
  return (value.charCodeAt(at) - 48) * 10 + (value.charCodeAt(at + 1) - 48);
}

/** The NIK-consistency flags of a NIK against the record that carries it. */
function nikConsistency(nik: string, record: unknown): number {
  const person = record as { birthDate?: unknown; sex?: unknown; birthDatePlaceholder?: unknown } | null;
  const encodedDay = twoDigits(nik, 6);
  const female = encodedDay > 40;
  const sexDiffers = (person?.sex === 'female' && !female) || (person?.sex === 'male' && female);
  let recordKey = typeof person?.birthDate === 'string' ? encodeDate(person.birthDate) : 0;
  if (recordKey > 0 && person?.birthDatePlaceholder === true) recordKey = Math.floor(recordKey / 10000) * 10000;
  // Without a birth date only the sex can speak: a different sex then contradicts the NIK outright.
  if (recordKey === 0) return sexDiffers ? 0 : NIK_NOT_CONTRADICTED;
  // A NIK holds two year digits: take the century of the record's own year.
  const recordYear = Math.floor(recordKey / 10000);
  const nikKey = (recordYear - (recordYear % 100) + twoDigits(nik, 10)) * 10000 + twoDigits(nik, 8) * 100 + (female ? encodedDay - 40 : encodedDay);
  const dates = compareDates(nikKey, recordKey);
  if (dates === 'exact') return sexDiffers ? NIK_NEARLY_AGREES : NIK_NOT_CONTRADICTED | NIK_CONFIRMED | NIK_CHECKED;
  if (dates === 'placeholder-involved') return sexDiffers ? NIK_NEARLY_AGREES : NIK_NOT_CONTRADICTED | NIK_CHECKED;
  if (!sexDiffers && (dates === 'day-month-swapped' || dates === 'one-component-different')) return NIK_NEARLY_AGREES;
  return 0;
}

const nik: Preparer = {
  name: 'nik',
  summary: 'a 16-digit NIK (anything else is missing), flagged by how it agrees with the record’s own birth date and sex',
  prepare: (raw) => {
    const value = asText(raw);
    if (value === null) return null;
    const digits = normalizeIdentifier(value.trim());
    return isSixteenDigits(digits) ? preparedValueOf(digits) : null;
  },
  recordFlags: (value, record) => nikConsistency(value.text, record),
};

const kk: Preparer = {
  name: 'kk',
  summary: 'a 16-digit KK number (anything else is missing)',
  prepare: (raw) => {
    const value = asText(raw);
    if (value === null) return null;
    const digits = normalizeIdentifier(value.trim());
    return isSixteenDigits(digits) ? preparedValueOf(digits) : null;
  },
};

const MALE = preparedValueOf('male');
const FEMALE = preparedValueOf('female');

const sex: Preparer = {
  name: 'sex',
  summary: "'male' / 'female' (also L/P, M/F, 1/2)",
  prepare: (raw) => {
    const value = asText(raw)?.trim().toLowerCase();
    if (value === 'male' || value === 'l' || value === 'm' || value === '1') return MALE;
    if (value === 'female' || value === 'p' || value === 'f' || value === '2') return FEMALE;
    return null;
  },
};

// Phonetic keys per token: a few thousand distinct tokens cover most of a national population. (No
// cache per whole name: columns already prepare each distinct raw value once, and the standardized
// name comes from the name cache.)
let phoneticCache = new Map<string, string>();

function phoneticKeyOf(token: string): string {
  let key = phoneticCache.get(token);
  if (key === undefined) {
    key = indonesianPhoneticKey(token);
    if (phoneticCache.size >= NAME_CACHE_LIMIT) phoneticCache = new Map();
    phoneticCache.set(token, key);
  }
  return key;
}

const phoneticName: Preparer = {
  name: 'phonetic-name',
  summary: 'the Indonesian phonetic key of each name token',
  prepare: (raw, record) => {
    const prepared = indonesianName.prepare(raw, record);
    if (prepared === null || prepared.tokens === null) return null;
    const tokens = prepared.tokens.map(phoneticKeyOf);
    return preparedValueOf(tokens.join(' '), tokens);
  },
};

/**
 * `name`: a person's name cleaned (case, spaces, punctuation, titles and degrees removed, the
 * patronymic — bin / binti … — kept apart) but spelled as written, so MITCHELL stays MITCHELL. Any
 * language's names; `name:indonesian` adds the Indonesian respelling (the DTSEN preset's choice).
 */
const name: Preparer = {
  name: 'name',
  summary: 'a name cleaned (titles removed, the patronymic apart) but spelled as written',
  prepare: (raw) => {
    const value = asText(raw);
    if (value === null) return null;
    const standardized = standardizeName(value);
    if (standardized.tokens.length === 0) return null;
    const written = standardized.tokens.join(' ');
    const text = standardized.patronymicTokens.length === 0 ? written : `${written}${PATRONYMIC_SEPARATOR}${standardized.patronymicTokens.join(' ')}`;
    return preparedValueOf(text, standardized.tokens);
  },
};

const registry: ReadonlyMap<string, Preparer> = new Map(
  [text, place, code, name, indonesianName, date, birthDate, identifier, nik, kk, sex, phoneticName, number].map((p) => [p.name, p]),
);

/** The names of the built-in preparers (`date` also as `date:<format>`, see `DATE_FORMAT_NAMES`). */
export const PREPARER_NAMES: readonly string[] = [...registry.keys()];

/** Looks up a preparer by name (`date:YYYYMMDD` names a date preparer with its format); throws `invalid-model` for an unknown one. */
export function getPreparer(preparerName: string): Preparer {
  if (preparerName.startsWith('date:')) {
    const format = preparerName.slice('date:'.length);
    const preparer = datePreparer(format);
    if (preparer === undefined)
      throw new PadanError('invalid-model', `unknown date format "${format}" in preparer "${preparerName}" (known: ${DATE_FORMAT_NAMES.join(', ')})`);
    return preparer;
  }
  const preparer = registry.get(preparerName);
  if (preparer === undefined) {
    throw new PadanError('invalid-model', `unknown preparer "${preparerName}" (known: ${PREPARER_NAMES.join(', ')})`);
  }
  return preparer;
}
