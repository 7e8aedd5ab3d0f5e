/**
 * The person record (individu): the source envelope plus identity, family and address fields.
 */
import { z } from 'zod';
import { MARITAL_STATUSES, RELATIONSHIPS } from './categories.js';
import { addressSchema, envelopeShape, extraSchema, keepUnknownFields, shapeOf } from './fields.js';
import {
  booleanNormalizer,
  categoryNormalizer,
  identifierNormalizer,
  optionalNameNormalizer,
  normalizeSex,
  partialDateNormalizer,
  Problem,
  textNormalizer,
} from './normalize.js';

// Indonesian labels as printed on the KK and in Dukcapil / DTKS exports.
const RELATIONSHIP_ALIASES = {
  'kepala keluarga': 'head',
  kepala: 'head',
  suami: 'spouse',
  istri: 'spouse',
  isteri: 'spouse',
  'suami/istri': 'spouse',
  anak: 'child',
  menantu: 'child-in-law',
  cucu: 'grandchild',
  'orang tua': 'parent',
  orangtua: 'parent',
  mertua: 'parent-in-law',
  'famili lain': 'other-relative',
  pembantu: 'other',
  lainnya: 'other',
} as const;

const MARITAL_ALIASES = {
  'belum kawin': 'single',
  kawin: 'married',
  'kawin tercatat': 'married',
  'kawin belum tercatat': 'married',
  'cerai hidup': 'divorced',
  'cerai mati': 'widowed',
} as const;

const placeholderFlag = booleanNormalizer('birthDatePlaceholder');

/** Normalizers of a person's scalar fields, in output order (also used by the fast path). */
export const PERSON_NORMALIZERS = {
  nik: identifierNormalizer('NIK', 'schema/invalid-nik'),
  kk: identifierNormalizer('KK number', 'schema/invalid-kk'),
  name: optionalNameNormalizer('name'),
  sex: normalizeSex,
  birthDate: partialDateNormalizer('birthDate'),
  // Missing means the source did not say the date is a placeholder: false, not unknown.
  birthDatePlaceholder: (input: unknown): boolean | Problem => {
    const flag = placeholderFlag(input);
    return flag === null ? false : flag;
  },
  birthPlace: textNormalizer('birthPlace'),
  motherName: textNormalizer('motherName'),
  relationship: categoryNormalizer('relationship', RELATIONSHIPS, { aliases: RELATIONSHIP_ALIASES, extensible: false }),
  maritalStatus: categoryNormalizer('maritalStatus', MARITAL_STATUSES, { aliases: MARITAL_ALIASES, extensible: false }),
  deceased: booleanNormalizer('deceased'),
};

/** The fields of a person record (without the unknown-field handling). */
export const personShape = {
  ...envelopeShape,
  ...shapeOf(PERSON_NORMALIZERS),
  address: addressSchema.nullable().optional(),
  extra: extraSchema.optional(),
};

/** The message of a person with neither a name nor a NIK: the one record a person cannot be without. */
export const NAME_OR_NIK = 'a person needs a name or a NIK';

/** Names of the fields a person record has; any other input field is moved into `extra`. */
export const PERSON_FIELDS: ReadonlySet<string> = new Set(Object.keys(personShape));

/**
 * The zod schema of a person record: normalizes NIK/KK, names, dates, sex, RT/RW and moves unknown
 * fields into `extra`. A person needs a name or a NIK (either may be missing, not both). Use `validatePerson` for padan issues and warnings; this is the raw zod form.
 *
 * @example
 * personSchema.parse({ source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' },
 *   name: ' Siti  Aminah ', sex: 'P', nik: '3201.0141.0190.0001' })
 * // → { …, name: 'Siti Aminah', sex: 'female', nik: '3201014101900001' }
 */
export const personSchema = z.preprocess(
  keepUnknownFields(PERSON_FIELDS),
  z.strictObject(personShape).superRefine((person, ctx) => {
    if (isMissing(person.name) && isMissing(person.nik)) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: NAME_OR_NIK, params: { code: 'schema/required' } });
    }
  }),
);

function isMissing(value: string | null | undefined): boolean {
  return value === null || value === undefined;
}

/** A validated, normalized person record. */
export type PersonRecord = z.output<typeof personSchema>;

/** The envelope every record carries: `source`, `recordId`, `observedAt`, `channel`. */
export type SourceEnvelope = Pick<PersonRecord, 'source' | 'recordId' | 'observedAt' | 'channel'>;
