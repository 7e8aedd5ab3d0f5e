/**
 * The family record (keluarga): one Kartu Keluarga, its head and members.
 */
import * as z from 'zod';
import { withTotalParsing } from './withTotalParsing.js';
import { addressSchema, envelopeShape, extraSchema, keepUnknownFields, normalized } from './fields.js';
import { nameNormalizer, requiredIdentifierNormalizer, identifierNormalizer } from './normalize.js';

/** Normalizers of a family's fields (`memberNik`: each item of `memberNiks`), shared with `parseFamilyFast`. */
export const FAMILY_NORMALIZERS = {
  kk: requiredIdentifierNormalizer('KK number', 'schema/invalid-kk'),
  headNik: identifierNormalizer('NIK', 'schema/invalid-nik'),
  headName: nameNormalizer('headName'),
  memberNik: requiredIdentifierNormalizer('NIK', 'schema/invalid-nik'),
};

/** The fields of a family record. */
export const familyShape = {
  ...envelopeShape,
  kk: normalized(FAMILY_NORMALIZERS.kk),
  headNik: normalized(FAMILY_NORMALIZERS.headNik).optional(),
  headName: normalized(FAMILY_NORMALIZERS.headName).nullable().optional(),
  memberNiks: z.array(normalized(FAMILY_NORMALIZERS.memberNik)).optional(),
  address: addressSchema.nullable().optional(),
  extra: extraSchema.optional(),
};

/** Names of the fields a family record has; any other input field is moved into `extra`. */
export const FAMILY_FIELDS: ReadonlySet<string> = new Set(Object.keys(familyShape));

/**
 * The zod schema of a family (KK) record.
 *
 * @example
 * familySchema.parse({ source: 'dukcapil', recordId: 'K1', observedAt: '2024-01-05', channel: { kind: 'registry' },
 *   kk: '3201-0105-0124-0007', memberNiks: ['3201014101900001'] })
 * // → { …, kk: '3201010501240007', memberNiks: ['3201014101900001'] }
 */
export const familySchema = withTotalParsing(z.preprocess(keepUnknownFields(FAMILY_FIELDS), z.strictObject(familyShape)));

/** A validated, normalized family record. */
export type FamilyRecord = z.output<typeof familySchema>;
