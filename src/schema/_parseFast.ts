/**
 * The pieces every hand-written record parse shares (`parsePersonFast`, `parseFamilyFast`,
 * `parseDwellingFast`): the envelope's channel, the address, `extra`, and the markers that tell an
 * absent field from one given as `undefined` and a give-up from a value. Private to `src/schema`.
 *
 * Each returns `GAVE_UP` at the first thing it does not handle or that is wrong; the caller then runs
 * zod, which reports every issue.
 */
import { CITIZEN_ACTIONS, CITIZEN_STATUSES, VERIFICATION_LEVELS } from './categories.js';
import { ADDRESS_NORMALIZERS, type Address, type Channel } from './fields.js';
import { jsonProblems } from './_jsonData.js';
import { Problem, spreadRtRw, type Normalizer } from './normalize.js';

export const hasOwn = Object.prototype.hasOwnProperty;
/** What a helper returns when zod must decide. */
export const GAVE_UP = Symbol('gave up');
/** An optional field the input does not have (as opposed to one it gives as `undefined`). */
export const ABSENT = Symbol('absent');
export type Absent = typeof ABSENT;

const LEVELS = new Set<string>(VERIFICATION_LEVELS);
const ACTIONS = new Set<string>(CITIZEN_ACTIONS);
const STATUSES = new Set<string>(CITIZEN_STATUSES);

// Each normalizer bound once, so every call site below calls one known function.
const normalizeProvinceCode = ADDRESS_NORMALIZERS.provinceCode;
const normalizeRegencyCode = ADDRESS_NORMALIZERS.regencyCode;
const normalizeDistrictCode = ADDRESS_NORMALIZERS.districtCode;
const normalizeVillageCode = ADDRESS_NORMALIZERS.villageCode;
const normalizeRt = ADDRESS_NORMALIZERS.rt;
const normalizeRw = ADDRESS_NORMALIZERS.rw;
const normalizeStreet = ADDRESS_NORMALIZERS.street;
const normalizePostalCode = ADDRESS_NORMALIZERS.postalCode;
const normalizeAddressText = ADDRESS_NORMALIZERS.text;

/** Whether a value is an object literal (or `Object.create(null)`), the only objects the fast paths read. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * What an optional field becomes, as zod has it: absent stays absent, `undefined` given stays
 * `undefined`; anything else is normalized (`Problem` on failure).
 */
export function missing(input: object, key: string): undefined | Absent {
  return hasOwn.call(input, key) ? undefined : ABSENT;
}

/** The number of own enumerable keys. */
export function keyCount(value: object): number {
  let count = 0;
  for (const key in value) if (hasOwn.call(value, key)) count += 1;
  return count;
}

/** The channel as `channelSchema` makes it (a new object; `fields` trimmed). */
export function parseChannel(input: unknown): Channel | typeof GAVE_UP {
  if (!isPlainObject(input)) return GAVE_UP;
  const kind = input['kind'];
  if (kind === 'registry' || kind === 'survey') return keyCount(input) === 1 ? { kind } : GAVE_UP;
  if (kind === 'formal') {
    const level = input['verificationLevel'];
    return keyCount(input) === 2 && typeof level === 'string' && LEVELS.has(level) ? ({ kind, verificationLevel: level } as Channel) : GAVE_UP;
  }
  if (kind !== 'citizen') return GAVE_UP;
  const action = input['action'];
  const status = input['status'];
  if (typeof action !== 'string' || !ACTIONS.has(action) || typeof status !== 'string' || !STATUSES.has(status)) return GAVE_UP;
  const keys = keyCount(input);
  if (!hasOwn.call(input, 'fields')) return keys === 3 ? ({ kind, action, status } as Channel) : GAVE_UP;
  if (keys !== 4) return GAVE_UP;
  const fields = input['fields'];
  if (fields === undefined) return { kind, action, status, fields: undefined } as Channel;
  if (!Array.isArray(fields)) return GAVE_UP;
  const trimmed: string[] = [];
  for (const field of fields as unknown[]) {
    if (typeof field !== 'string') return GAVE_UP;
    const text = field.trim();
    if (text === '') return GAVE_UP;
    trimmed.push(text);
  }
  return { kind, action, status, fields: trimmed } as Channel;
}

const ADDRESS_FIELDS: ReadonlySet<string> = new Set(Object.keys(ADDRESS_NORMALIZERS));

/** The address as `addressSchema` makes it: the same normalizers, keys in the schema's order. */
export function parseAddress(given: unknown): Address | null | typeof GAVE_UP {
  if (given === null) return null;
  if (!isPlainObject(given)) return GAVE_UP;
  const input = spreadRtRw(given);
  for (const key in input) if (!ADDRESS_FIELDS.has(key)) return GAVE_UP;
  const rawProvince = input['provinceCode'];
  const provinceCode = rawProvince === undefined ? missing(input, 'provinceCode') : normalizeProvinceCode(rawProvince);
  if (provinceCode instanceof Problem) return GAVE_UP;
  const rawRegency = input['regencyCode'];
  const regencyCode = rawRegency === undefined ? missing(input, 'regencyCode') : normalizeRegencyCode(rawRegency);
  if (regencyCode instanceof Problem) return GAVE_UP;
  const rawDistrict = input['districtCode'];
  const districtCode = rawDistrict === undefined ? missing(input, 'districtCode') : normalizeDistrictCode(rawDistrict);
  if (districtCode instanceof Problem) return GAVE_UP;
  const rawVillage = input['villageCode'];
  const villageCode = rawVillage === undefined ? missing(input, 'villageCode') : normalizeVillageCode(rawVillage);
  if (villageCode instanceof Problem) return GAVE_UP;
  const rawRt = input['rt'];
  const rt = rawRt === undefined ? missing(input, 'rt') : normalizeRt(rawRt);
  if (rt instanceof Problem) return GAVE_UP;
  const rawRw = input['rw'];
  const rw = rawRw === undefined ? missing(input, 'rw') : normalizeRw(rawRw);
  if (rw instanceof Problem) return GAVE_UP;
  const rawStreet = input['street'];
  const street = rawStreet === undefined ? missing(input, 'street') : normalizeStreet(rawStreet);
  if (street instanceof Problem) return GAVE_UP;
  const rawPostal = input['postalCode'];
  const postalCode = rawPostal === undefined ? missing(input, 'postalCode') : normalizePostalCode(rawPostal);
  if (postalCode instanceof Problem) return GAVE_UP;
  const rawText = input['text'];
  const text = rawText === undefined ? missing(input, 'text') : normalizeAddressText(rawText);
  if (text instanceof Problem) return GAVE_UP;

  // The key sets sources send most (full region codes, RT/RW, then a street or a text), as literals.
  if (
    provinceCode !== ABSENT &&
    regencyCode !== ABSENT &&
    districtCode !== ABSENT &&
    villageCode !== ABSENT &&
    rt !== ABSENT &&
    rw !== ABSENT &&
    postalCode === ABSENT
  ) {
    if (street !== ABSENT && text === ABSENT) return { provinceCode, regencyCode, districtCode, villageCode, rt, rw, street };
    if (street === ABSENT && text !== ABSENT) return { provinceCode, regencyCode, districtCode, villageCode, rt, rw, text };
  }
  const output: { -readonly [K in keyof Address]: Address[K] } = {};
  if (provinceCode !== ABSENT) output.provinceCode = provinceCode;
  if (regencyCode !== ABSENT) output.regencyCode = regencyCode;
  if (districtCode !== ABSENT) output.districtCode = districtCode;
  if (villageCode !== ABSENT) output.villageCode = villageCode;
  if (rt !== ABSENT) output.rt = rt;
  if (rw !== ABSENT) output.rw = rw;
  if (street !== ABSENT) output.street = street;
  if (postalCode !== ABSENT) output.postalCode = postalCode;
  if (text !== ABSENT) output.text = text;
  return output;
}

/**
 * `extra` as zod's record copies it: a new object with the same own keys. Anything `extraSchema` would
 * drop (a value that is not JSON data, or past its limits) gives up, so zod reports it.
 */
export function copyExtra(input: unknown): Record<string, unknown> | typeof GAVE_UP {
  if (!isPlainObject(input) || hasOwn.call(input, '__proto__') || Object.getOwnPropertySymbols(input).length > 0) return GAVE_UP;
  if (jsonProblems(input).length > 0) return GAVE_UP;
  const output: Record<string, unknown> = {};
  for (const key in input) if (hasOwn.call(input, key)) output[key] = input[key];
  return output;
}

/**
 * A list of required identifiers (`memberNiks`, `kks`), as zod's array of normalized items makes it: a
 * new array, each item normalized. An item that does not normalize gives up.
 */
export function parseIdentifierList(input: unknown, normalize: Normalizer<string>): string[] | typeof GAVE_UP {
  if (!Array.isArray(input)) return GAVE_UP;
  const items = input as unknown[];
  // Exactly as long as the list: grown by `push`, a KK's handful of members would take room for 17
  // (at a million records, tens of megabytes kept alive with the records). Past 16 384 items
  // `new Array(length)` would be a dictionary: such a list grows instead.
  const output: string[] = items.length > 16_384 ? [] : new Array<string>(items.length);
  for (let i = 0; i < items.length; i += 1) {
    const value = normalize(items[i]);
    if (value instanceof Problem) return GAVE_UP;
    output[i] = value;
  }
  return output;
}
