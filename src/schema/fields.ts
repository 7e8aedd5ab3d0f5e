/**
 * Building blocks of the record schemas: a zod wrapper around a normalizer, the handling of unknown
 * top-level fields, and the shapes shared by every record (source envelope, address).
 */
import equal from 'fast-deep-equal';
import { z } from 'zod';
import { CITIZEN_ACTIONS, CITIZEN_STATUSES, VERIFICATION_LEVELS } from './categories.js';
import {
  digitCodeNormalizer,
  fullDateNormalizer,
  normalizeRecordId,
  normalizeSource,
  Problem,
  rtRwNormalizer,
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

/** Keys of an object that are not in `known`, in input order. */
function unknownKeys(input: object, known: ReadonlySet<string>): string[] | undefined {
  let found: string[] | undefined;
  for (const key in input) {
    if (!known.has(key) && Object.prototype.hasOwnProperty.call(input, key)) (found ??= []).push(key);
  }
  return found;
}

/**
 * Moves unknown top-level fields into `extra` so the caller still sees them in the typed record.
 * A field that cannot move (its name is already in `extra` with a different value, or `extra` is not an
 * object) stays where it is, and the strict object schema then reports it: nothing is lost in silence.
 * The input is never mutated; a record without unknown fields is passed through without a copy.
 */
export function keepUnknownFields(known: ReadonlySet<string>): (input: unknown) => unknown {
  return (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    const unknown = unknownKeys(input, known);
    if (unknown === undefined) return input;
    const record = input as Record<string, unknown>;
    const given = record['extra'];
    if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given))) return input;
    const extra: Record<string, unknown> = { ...(given as Record<string, unknown> | null | undefined) };
    const output: Record<string, unknown> = {};
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      const value = record[key];
      if (known.has(key)) output[key] = value;
      else if (!(key in extra) || equal(extra[key], value)) extra[key] = value;
      else output[key] = value;
    }
    output['extra'] = extra;
    return output;
  };
}

/** How a record reached the source: a registry, a survey, the formal update channel or a citizen. */
export const channelSchema = z.discriminatedUnion('kind', [
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
]);

/** The channel of a record (see `channelSchema`). */
export type Channel = z.output<typeof channelSchema>;

/** Fields every record carries: where it comes from, its id there, when it was observed, how it arrived. */
export const envelopeShape = {
  source: normalized(normalizeSource),
  recordId: normalized(normalizeRecordId),
  observedAt: normalized(fullDateNormalizer('observedAt')),
  channel: channelSchema,
};

/** A record's address: region codes down to the village, RT/RW, street, postal code, free text. */
export const addressSchema = z.strictObject({
  provinceCode: normalized(digitCodeNormalizer('provinceCode', 2)).optional(),
  regencyCode: normalized(digitCodeNormalizer('regencyCode', 4)).optional(),
  districtCode: normalized(digitCodeNormalizer('districtCode', 6)).optional(),
  villageCode: normalized(digitCodeNormalizer('villageCode', 10)).optional(),
  rt: normalized(rtRwNormalizer('RT')).optional(),
  rw: normalized(rtRwNormalizer('RW')).optional(),
  street: normalized(textNormalizer('street')).optional(),
  postalCode: normalized(digitCodeNormalizer('postalCode', 5)).optional(),
  text: normalized(textNormalizer('address text')).optional(),
});

/** A normalized address. */
export type Address = z.output<typeof addressSchema>;

/** Caller-defined fields, and unknown input fields moved here. */
export const extraSchema = z.record(z.string(), z.unknown());
