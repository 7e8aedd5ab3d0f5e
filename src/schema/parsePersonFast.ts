/**
 * A hand-written parse of a person record for the common case: a well-formed input. It runs the same
 * normalizers as `personSchema`, in the same field order, and gives up (returns `undefined`) at the
 * first thing it does not handle or that is wrong; the caller then runs zod, which reports every issue.
 * So valid records get the same value either way, and invalid ones get zod's full report.
 *
 * Why it exists: zod allocates a payload, an issue list and a context per field, and on millions of
 * records the garbage collector becomes the bottleneck (see `benchmarks/schema.bench.ts`). A property
 * test checks that this path and zod agree on generated records.
 */
import { CITIZEN_ACTIONS, CITIZEN_STATUSES, VERIFICATION_LEVELS } from './categories.js';
import { ADDRESS_NORMALIZERS, ENVELOPE_NORMALIZERS, moveUnknownFields, type Address, type Channel } from './fields.js';
import { Problem, type Normalizer } from './normalize.js';
import { PERSON_FIELDS, PERSON_NORMALIZERS, type PersonRecord } from './person.js';

type Table = Readonly<Record<string, Normalizer<unknown>>>;

const hasOwn = Object.prototype.hasOwnProperty;
const GAVE_UP = Symbol('gave up');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Copies the fields of `table` present in `input` into `output`, normalized; false on any problem. */
function copyFields(input: Record<string, unknown>, table: Table, keys: readonly string[], output: Record<string, unknown>): boolean {
  for (const key of keys) {
    const value = input[key];
    if (value === undefined) {
      // As zod: a required field must be there; an optional one given as `undefined` stays `undefined`,
      // an absent one stays absent.
      if (REQUIRED.has(key)) return false;
      if (hasOwn.call(input, key)) output[key] = undefined;
      continue;
    }
    const normalized = (table[key] as Normalizer<unknown>)(value);
    if (normalized instanceof Problem) return false;
    output[key] = normalized;
  }
  return true;
}

const REQUIRED = new Set(['source', 'recordId', 'observedAt', 'name']);
const ENVELOPE_KEYS = Object.keys(ENVELOPE_NORMALIZERS);
const PERSON_KEYS = Object.keys(PERSON_NORMALIZERS);
const ADDRESS_KEYS = Object.keys(ADDRESS_NORMALIZERS);
const ADDRESS_FIELDS = new Set(ADDRESS_KEYS);
const LEVELS = new Set<string>(VERIFICATION_LEVELS);
const ACTIONS = new Set<string>(CITIZEN_ACTIONS);
const STATUSES = new Set<string>(CITIZEN_STATUSES);

function keyCount(value: object): number {
  let count = 0;
  for (const key in value) if (hasOwn.call(value, key)) count += 1;
  return count;
}

function parseChannel(input: unknown): Channel | typeof GAVE_UP {
  if (!isPlainObject(input)) return GAVE_UP;
  const kind = input['kind'];
  const keys = keyCount(input);
  if ((kind === 'registry' || kind === 'survey') && keys === 1) return { kind };
  if (kind === 'formal' && keys === 2) {
    const level = input['verificationLevel'];
    return typeof level === 'string' && LEVELS.has(level) ? ({ kind, verificationLevel: level } as Channel) : GAVE_UP;
  }
  if (kind === 'citizen') {
    const { action, status } = input;
    if (typeof action !== 'string' || !ACTIONS.has(action) || typeof status !== 'string' || !STATUSES.has(status)) return GAVE_UP;
    const channel: Record<string, unknown> = { kind, action, status };
    if (hasOwn.call(input, 'fields')) {
      const fields = input['fields'];
      if (fields !== undefined) {
        if (!Array.isArray(fields)) return GAVE_UP;
        const trimmed: string[] = [];
        for (const field of fields as unknown[]) {
          if (typeof field !== 'string') return GAVE_UP;
          const text = field.trim();
          if (text === '') return GAVE_UP;
          trimmed.push(text);
        }
        channel['fields'] = trimmed;
      } else channel['fields'] = undefined;
      return keys === 4 ? (channel as Channel) : GAVE_UP;
    }
    return keys === 3 ? (channel as Channel) : GAVE_UP;
  }
  return GAVE_UP;
}

function parseAddress(input: unknown): Address | null | typeof GAVE_UP {
  if (input === null) return null;
  if (!isPlainObject(input)) return GAVE_UP;
  for (const key in input) if (!ADDRESS_FIELDS.has(key)) return GAVE_UP;
  const output: Record<string, unknown> = {};
  return copyFields(input, ADDRESS_NORMALIZERS, ADDRESS_KEYS, output) ? (output as Address) : GAVE_UP;
}

function copyExtra(input: unknown): Record<string, unknown> | typeof GAVE_UP {
  if (!isPlainObject(input) || hasOwn.call(input, '__proto__') || Object.getOwnPropertySymbols(input).length > 0) return GAVE_UP;
  const output: Record<string, unknown> = {};
  for (const key in input) if (hasOwn.call(input, key)) output[key] = input[key];
  return output;
}

/**
 * Parses a well-formed person record without zod, or returns `undefined` when zod must decide.
 *
 * @example
 * parsePersonFast({ source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' }, name: 'Budi', sex: 'L' })
 * // → { source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' }, name: 'Budi', sex: 'male' }
 */
export function parsePersonFast(input: unknown): PersonRecord | undefined {
  if (!isPlainObject(input)) return undefined;
  const moved = moveUnknownFields(input, PERSON_FIELDS);
  if (moved.stuck) return undefined;
  const record = moved.record as Record<string, unknown>;
  const output: Record<string, unknown> = {};
  if (!copyFields(record, ENVELOPE_NORMALIZERS, ENVELOPE_KEYS, output)) return undefined;
  if (!hasOwn.call(record, 'channel')) return undefined;
  const channel = parseChannel(record['channel']);
  if (channel === GAVE_UP) return undefined;
  output['channel'] = channel;
  if (!copyFields(record, PERSON_NORMALIZERS, PERSON_KEYS, output)) return undefined;
  if (hasOwn.call(record, 'address')) {
    const address = record['address'] === undefined ? undefined : parseAddress(record['address']);
    if (address === GAVE_UP) return undefined;
    output['address'] = address;
  }
  if (hasOwn.call(record, 'extra')) {
    const extra = record['extra'] === undefined ? undefined : copyExtra(record['extra']);
    if (extra === GAVE_UP) return undefined;
    output['extra'] = extra;
  }
  return output as PersonRecord;
}
