/**
 * Building blocks of the record schemas: a zod wrapper around a normalizer, the handling of unknown
 * top-level fields, and the shapes shared by every record (source envelope, address).
 */
import { dataEqual } from '../_internal/dataEqual.js';
import * as z from 'zod';
import { withTotalParsing } from './withTotalParsing.js';
import { jsonProblems } from './_jsonData.js';
import { CITIZEN_ACTIONS, CITIZEN_STATUSES, VERIFICATION_LEVELS } from './categories.js';
import {
  digitCodeNormalizer,
  fullDateNormalizer,
  normalizeRecordId,
  normalizeSource,
  Problem,
  rtRwNormalizer,
  readRtRw,
  spreadRtRw,
  textNormalizer,
  type Normalizer,
} from './normalize.js';

/** A zod schema that runs one normalizer and reports its `Problem` as a custom issue carrying our code. */
export function normalized<T>(normalize: Normalizer<T>) {
  return z.unknown().transform((input, ctx): T => {
    const value = normalize(input);
    if (value instanceof Problem) {
      ctx.issues.push({ code: 'custom', message: value.message, input, params: { code: value.code } });
      return z.NEVER;
    }
    return value;
  });
}

/** Whether an object has an own field that is not in `known`. */
function hasUnknownKey(input: object, known: ReadonlySet<string>): boolean {
  for (const key in input) {
    if (!known.has(key) && Object.prototype.hasOwnProperty.call(input, key)) return true;
  }
  return false;
}

/**
 * Moves unknown top-level fields into `extra` so the caller still sees them in the typed record.
 * A field that cannot move (its name is already in `extra` with a different value, `extra` is not an
 * object, or the name is `__proto__`) stays where it is and `stuck` is set; the strict object schema
 * then reports it: nothing is lost in silence. The input is never mutated; a record without unknown
 * fields is returned as is, without a copy.
 */
export function moveUnknownFields(input: object, known: ReadonlySet<string>): { readonly record: object; readonly stuck: boolean } {
  if (!hasUnknownKey(input, known)) return { record: input, stuck: false };
  const record = (known.has('address') ? liftRtRw(input as Record<string, unknown>) : input) as Record<string, unknown>;
  if (record !== input && !hasUnknownKey(record, known)) return { record, stuck: false };
  const given = record['extra'];
  if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given))) return { record: input, stuck: true };
  const extra: Record<string, unknown> = { ...(given as Record<string, unknown> | null | undefined) };
  const output: Record<string, unknown> = {};
  let stuck = false;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const value = record[key];
    if (known.has(key)) output[key] = value;
    else if (key !== '__proto__' && (!Object.prototype.hasOwnProperty.call(extra, key) || dataEqual(extra[key], value))) extra[key] = value;
    else {
      Object.defineProperty(output, key, { value, enumerable: true, writable: true, configurable: true });
      stuck = true;
    }
  }
  output['extra'] = extra;
  return { record: output, stuck };
}

/** A combined RT/RW field name as exports write it: `rtRw`, `RT_RW`, `rt/rw`, `RTRW`, `rt-rw` … */
export const RT_RW_KEY = /^rt[\s_/.\-]*rw$/i;

/**
 * A combined RT/RW field given beside the address (a flat export's `rtRw` column) moves into the
 * address as `rtRw`, where it is split into `rt` and `rw`; without this it would land in `extra`
 * unread. It stays (and goes to `extra`) when it does not read as an RT/RW, or the address is not an
 * object or already has an RT/RW of its own: no value is lost.
 */
function liftRtRw(record: Record<string, unknown>): Record<string, unknown> {
  let key: string | undefined;
  for (const name in record) {
    if (name !== 'address' && Object.prototype.hasOwnProperty.call(record, name) && RT_RW_KEY.test(name)) {
      key = name;
      break;
    }
  }
  if (key === undefined) return record;
  // Only a value that reads as RT/RW moves; other text stays in `extra` as given, for a steward.
  const value = record[key];
  if (typeof value !== 'string' || readRtRw(value, 'rt') === undefined) return record;
  const address = record['address'];
  if (address !== undefined && address !== null && (typeof address !== 'object' || Array.isArray(address))) return record;
  const given = (address ?? {}) as Record<string, unknown>;
  const has = (name: string): boolean =>
    Object.prototype.hasOwnProperty.call(given, name) && given[name] !== null && given[name] !== undefined && given[name] !== '';
  if (has('rtRw') || has('rt') || has('rw')) return record;
  const output: Record<string, unknown> = {};
  for (const name in record) {
    if (name !== key && Object.prototype.hasOwnProperty.call(record, name))
      Object.defineProperty(output, name, { value: record[name], enumerable: true, writable: true, configurable: true });
  }
  output['address'] = { ...given, rtRw: record[key] };
  return output;
}

/** `moveUnknownFields` as a zod preprocess step. */
export function keepUnknownFields(known: ReadonlySet<string>): (input: unknown) => unknown {
  return (input) => (typeof input !== 'object' || input === null || Array.isArray(input) ? input : moveUnknownFields(input, known).record);
}

/** A table of field normalizers, one per field name. */
export type NormalizerTable = Readonly<Record<string, Normalizer<unknown>>>;

type NormalizedSchema<T> = ReturnType<typeof normalized<T>>;
type Normalized<N> = N extends Normalizer<infer T> ? T : never;

/** The zod shape of a normalizer table, every field optional (a required field's normalizer reports `undefined` itself). */
export function shapeOf<const T extends NormalizerTable, const R extends keyof T = never>(
  table: T,
  required: readonly R[] = [],
): { [K in keyof T]: K extends R ? NormalizedSchema<Normalized<T[K]>> : z.ZodOptional<NormalizedSchema<Normalized<T[K]>>> } {
  const shape: Record<string, unknown> = {};
  for (const key of Object.keys(table)) {
    const schema = normalized(table[key] as Normalizer<unknown>);
    shape[key] = (required as readonly string[]).includes(key) ? schema : schema.optional();
  }
  return shape as never;
}

/**
 * How a record reached the source: a registry, a survey, the formal update channel (with the level its
 * verification has reached) or a citizen submission (with its status and the fields it names).
 *
 * @example
 * channelSchema.parse({ kind: 'citizen', action: 'objection', status: 'pending', fields: ['address'] })
 * // → { kind: 'citizen', action: 'objection', status: 'pending', fields: ['address'] }
 */
export const channelSchema = withTotalParsing(
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('registry') }),
    z.strictObject({ kind: z.literal('survey') }),
    z.strictObject({ kind: z.literal('formal'), verificationLevel: z.enum(VERIFICATION_LEVELS) }),
    z.strictObject({
      kind: z.literal('citizen'),
      action: z.enum(CITIZEN_ACTIONS),
      status: z.enum(CITIZEN_STATUSES),
      /** The record fields the submission is about, e.g. `['address', 'housing.roofMaterial']`. */
      fields: z.array(z.string().trim().min(1)).optional(),
    }),
  ]),
);

/** The channel of a record (see `channelSchema`). */
export type Channel = z.output<typeof channelSchema>;

/** Normalizers of the envelope's scalar fields (`channel` is a plain zod schema). */
export const ENVELOPE_NORMALIZERS = {
  source: normalizeSource,
  recordId: normalizeRecordId,
  observedAt: fullDateNormalizer('observedAt'),
};

/** Fields every record carries: where it comes from, its id there, when it was observed, how it arrived. */
export const envelopeShape = {
  ...shapeOf(ENVELOPE_NORMALIZERS, ['source', 'recordId', 'observedAt']),
  channel: channelSchema,
};

/** Normalizers of the address fields. */
export const ADDRESS_NORMALIZERS = {
  provinceCode: digitCodeNormalizer('provinceCode', 2),
  regencyCode: digitCodeNormalizer('regencyCode', 4),
  districtCode: digitCodeNormalizer('districtCode', 6),
  villageCode: digitCodeNormalizer('villageCode', 10),
  rt: rtRwNormalizer('RT'),
  rw: rtRwNormalizer('RW'),
  street: textNormalizer('street'),
  postalCode: digitCodeNormalizer('postalCode', 5),
  text: textNormalizer('address text'),
};

/**
 * A record's address: region codes down to the village, RT/RW, street, postal code, free text.
 *
 * @example
 * addressSchema.parse({ villageCode: '32.01.01.2001', rt: 3, rw: '05' })
 * // → { villageCode: '3201012001', rt: '003', rw: '005' }
 * addressSchema.parse({ rt: 'RT 07/RW 05' })
 * // → { rt: '007', rw: '005' }
 */
export const addressSchema = withTotalParsing(
  z.preprocess(
    (input) => (typeof input === 'object' && input !== null && !Array.isArray(input) ? spreadRtRw(input as Record<string, unknown>) : input),
    z.strictObject(shapeOf(ADDRESS_NORMALIZERS)),
  ),
);

/** A normalized address. */
export type Address = z.output<typeof addressSchema>;

/**
 * Caller-defined fields, and unknown input fields moved here. A `__proto__` key (JSON.parse makes
 * one) would be skipped by zod's record copy; it is reported instead, so nothing disappears unseen.
 * Only JSON data is kept, within limits (see `jsonProblems`): each value that is not (a bigint, a
 * cycle, a nest 5,000 deep) is reported as `schema/not-json` at its path, and validation drops it with
 * a warning, where it would otherwise break the store's snapshot or an output file much later.
 */
export const extraSchema = z.preprocess(
  (input, ctx) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    if (Object.prototype.hasOwnProperty.call(input, '__proto__')) {
      ctx.issues.push({
        code: 'custom',
        message: 'a field named __proto__ cannot be kept',
        input,
        path: ['__proto__'],
        params: { code: 'schema/unknown-field' },
      });
    }
    for (const problem of jsonProblems(input)) {
      ctx.issues.push({ code: 'custom', message: problem.message, input, path: [...problem.path], params: { code: 'schema/not-json' } });
    }
    return input;
  },
  z.record(z.string(), z.unknown()),
);
