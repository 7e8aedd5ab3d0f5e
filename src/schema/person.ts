/**
 * The person record (individu): the source envelope plus identity, family and address fields.
 */
import * as z from 'zod';
import { withTotalParsing } from './withTotalParsing.js';
import { mayHoldTitles, splitNameTitles } from '../standardize/splitNameTitles.js';
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

/** Longest title a `titles` field may hold, in characters, and most titles in one record. */
export const TITLE_MAX_LENGTH = 40;
export const TITLES_MAX_COUNT = 20;

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

const { nik, kk, name, ...afterName } = shapeOf(PERSON_NORMALIZERS);

/**
 * Titles, honorifics and degrees (`Hj.`, `S.Pd.`) a source gave in a field of their own; validation adds
 * those it takes out of `name` (`withTitlesApart`).
 */
const titlesSchema = z.array(z.string().trim().min(1).max(TITLE_MAX_LENGTH)).max(TITLES_MAX_COUNT);

/** The fields of a person record (without the unknown-field handling); `titles` right after `name`. */
export const personShape = {
  ...envelopeShape,
  nik,
  kk,
  name,
  titles: titlesSchema.optional(),
  ...afterName,
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
export const personSchema = withTotalParsing(
  z.preprocess(
    keepUnknownFields(PERSON_FIELDS),
    z
      .strictObject(personShape)
      .superRefine((person, ctx) => {
        if (isMissing(person.name) && isMissing(person.nik)) {
          ctx.addIssue({ code: 'custom', path: ['name'], message: NAME_OR_NIK, params: { code: 'schema/required' } });
        }
      })
      .transform(withTitlesApart),
  ),
);

/**
 * The name without its titles, and the titles in `titles` (after any the source gave, each once):
 * DTSEN keeps a person's titles apart from the name. Which words are titles is `standardizeName`'s rule,
 * so the compared name does not change. `titles` sits right after `name`, as in `personShape`; a
 * record whose name holds no title is returned as it is. Shared by zod and the fast path, so both give
 * the same record.
 */
export function withTitlesApart<T extends { name?: string | null | undefined; titles?: string[] | undefined }>(person: T): T {
  if (typeof person.name !== 'string' || !mayHoldTitles(person.name)) return person;
  const split = splitNameTitles(person.name);
  if (split.titles.length === 0) return person;
  const titles = mergeTitles(person.titles, split.titles);
  if (person.titles !== undefined) return { ...person, name: split.name, titles };
  // No `titles` key yet: rebuild so that it follows `name` (a few records in a hundred).
  const output: Record<string, unknown> = {};
  for (const key of Object.keys(person)) {
    if (key === 'titles') continue; // given as `undefined`
    output[key] = key === 'name' ? split.name : (person as Record<string, unknown>)[key];
    if (key === 'name') output['titles'] = titles;
  }
  return output as T;
}

/** `given` then each of `found` not already listed (a new array). */
export function mergeTitles(given: readonly string[] | undefined, found: readonly string[]): string[] {
  const titles = given === undefined ? [] : [...given];
  for (const title of found) if (!titles.includes(title)) titles.push(title);
  return titles;
}

function isMissing(value: string | null | undefined): boolean {
  return value === null || value === undefined;
}

/** A validated, normalized person record. */
export type PersonRecord = z.output<typeof personSchema>;

/** The envelope every record carries: `source`, `recordId`, `observedAt`, `channel`. */
export type SourceEnvelope = Pick<PersonRecord, 'source' | 'recordId' | 'observedAt' | 'channel'>;
