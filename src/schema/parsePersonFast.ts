/**
 * A hand-written parse of a person record for the common case: a well-formed input. It runs the same
 * normalizers as `personSchema`, in the same field order, and gives up (returns `undefined`) at the
 * first thing it does not handle or that is wrong; the caller then runs zod, which reports every issue.
 * So valid records get the same value either way, and invalid ones get zod's full report.
 *
 * Why it exists: zod allocates a payload, an issue list and a context per field, and on millions of
 * records the garbage collector becomes the bottleneck (see `benchmarks/schema.bench.ts`). A property
 * test checks that this path and zod agree on generated records.
 *
 * Written for the machine (it runs once per input record, a million times per batch): every field is
 * read by name and normalized by its own function, values wait in locals, and the output is one object
 * literal in the schema's key order, so the records of a batch share a few hidden classes with every
 * field in-object. The common key sets (every person field given except `birthDatePlaceholder`, with
 * `deceased` and `extra` present or not) each have their literal; other key sets take a general builder
 * that adds the same keys in the same order. Absent optional fields stay absent, as zod leaves them, so
 * records with different key sets still have different hidden classes.
 */
import { ENVELOPE_NORMALIZERS, moveUnknownFields, type Address } from './fields.js';
import { Problem } from './normalize.js';
import { mayHoldTitles, splitNameTitles } from '../standardize/splitNameTitles.js';
import { mergeTitles, PERSON_FIELDS, PERSON_NORMALIZERS, TITLE_MAX_LENGTH, TITLES_MAX_COUNT, type PersonRecord } from './person.js';
import { ABSENT, copyExtra, GAVE_UP, hasOwn, isPlainObject, missing, parseAddress, parseChannel, type Absent } from './_parseFast.js';

// Each normalizer bound once, so every call site below calls one known function.
const normalizeSource = ENVELOPE_NORMALIZERS.source;
const normalizeRecordId = ENVELOPE_NORMALIZERS.recordId;
const normalizeObservedAt = ENVELOPE_NORMALIZERS.observedAt;
const normalizeNik = PERSON_NORMALIZERS.nik;
const normalizeKk = PERSON_NORMALIZERS.kk;
const normalizeName = PERSON_NORMALIZERS.name;
const normalizeSex = PERSON_NORMALIZERS.sex;
const normalizeBirthDate = PERSON_NORMALIZERS.birthDate;
const normalizePlaceholder = PERSON_NORMALIZERS.birthDatePlaceholder;
const normalizeBirthPlace = PERSON_NORMALIZERS.birthPlace;
const normalizeMotherName = PERSON_NORMALIZERS.motherName;
const normalizeRelationship = PERSON_NORMALIZERS.relationship;
const normalizeMaritalStatus = PERSON_NORMALIZERS.maritalStatus;
const normalizeDeceased = PERSON_NORMALIZERS.deceased;

/**
 * Parses a well-formed person record without zod, or returns `undefined` when zod must decide.
 *
 * @example
 * parsePersonFast({ source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' }, name: 'Budi', sex: 'L' })
 * // → { source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' }, name: 'Budi', sex: 'male' }
 */
export function parsePersonFast(input: unknown): PersonRecord | undefined {
  if (!isPlainObject(input)) return undefined;
  for (const key in input) {
    if (PERSON_FIELDS.has(key)) continue;
    // Rare: an unknown field, moved into `extra` (inherited keys are ignored there, as by zod).
    const moved = moveUnknownFields(input, PERSON_FIELDS);
    return moved.stuck ? undefined : parseKnownFields(moved.record as Record<string, unknown>);
  }
  return parseKnownFields(input);
}

/** `parsePersonFast` on a record whose own fields are all person fields. */
function parseKnownFields(record: Record<string, unknown>): PersonRecord | undefined {
  // Required fields: their normalizers refuse `undefined` themselves.
  const source = normalizeSource(record['source']);
  if (source instanceof Problem) return undefined;
  const recordId = normalizeRecordId(record['recordId']);
  if (recordId instanceof Problem) return undefined;
  const observedAt = normalizeObservedAt(record['observedAt']);
  if (observedAt instanceof Problem) return undefined;
  if (!hasOwn.call(record, 'channel')) return undefined;
  const channel = parseChannel(record['channel']);
  if (channel === GAVE_UP) return undefined;
  const rawNik = record['nik'];
  const nik = rawNik === undefined ? missing(record, 'nik') : normalizeNik(rawNik);
  if (nik instanceof Problem) return undefined;
  const rawKk = record['kk'];
  const kk = rawKk === undefined ? missing(record, 'kk') : normalizeKk(rawKk);
  if (kk instanceof Problem) return undefined;
  const rawName = record['name'];
  let name = rawName === undefined ? missing(record, 'name') : normalizeName(rawName);
  if (name instanceof Problem) return undefined;
  let titles: string[] | undefined | Absent = ABSENT;
  if (hasOwn.call(record, 'titles')) {
    const given = parseTitles(record['titles']);
    if (given === GAVE_UP) return undefined;
    titles = given;
  }
  // Titles written in the name go to `titles`, after the source's own: `withTitlesApart`, as zod does.
  if (typeof name === 'string' && mayHoldTitles(name)) {
    const split = splitNameTitles(name);
    if (split.titles.length > 0) {
      name = split.name;
      titles = mergeTitles(titles === ABSENT ? undefined : titles, split.titles);
    }
  }
  // Neither a name nor a NIK: zod reports it.
  if ((name === null || name === ABSENT || name === undefined) && (nik === null || nik === ABSENT || nik === undefined)) return undefined;
  const rawSex = record['sex'];
  const sex = rawSex === undefined ? missing(record, 'sex') : normalizeSex(rawSex);
  if (sex instanceof Problem) return undefined;
  const rawBirthDate = record['birthDate'];
  const birthDate = rawBirthDate === undefined ? missing(record, 'birthDate') : normalizeBirthDate(rawBirthDate);
  if (birthDate instanceof Problem) return undefined;
  const rawPlaceholder = record['birthDatePlaceholder'];
  const birthDatePlaceholder = rawPlaceholder === undefined ? missing(record, 'birthDatePlaceholder') : normalizePlaceholder(rawPlaceholder);
  if (birthDatePlaceholder instanceof Problem) return undefined;
  const rawBirthPlace = record['birthPlace'];
  const birthPlace = rawBirthPlace === undefined ? missing(record, 'birthPlace') : normalizeBirthPlace(rawBirthPlace);
  if (birthPlace instanceof Problem) return undefined;
  const rawMotherName = record['motherName'];
  const motherName = rawMotherName === undefined ? missing(record, 'motherName') : normalizeMotherName(rawMotherName);
  if (motherName instanceof Problem) return undefined;
  const rawRelationship = record['relationship'];
  const relationship = rawRelationship === undefined ? missing(record, 'relationship') : normalizeRelationship(rawRelationship);
  if (relationship instanceof Problem) return undefined;
  const rawMarital = record['maritalStatus'];
  const maritalStatus = rawMarital === undefined ? missing(record, 'maritalStatus') : normalizeMaritalStatus(rawMarital);
  if (maritalStatus instanceof Problem) return undefined;
  const rawDeceased = record['deceased'];
  const deceased = rawDeceased === undefined ? missing(record, 'deceased') : normalizeDeceased(rawDeceased);
  if (deceased instanceof Problem) return undefined;
  let address: Address | null | undefined | Absent = ABSENT;
  if (hasOwn.call(record, 'address')) {
    const rawAddress = record['address'];
    const parsed = rawAddress === undefined ? undefined : parseAddress(rawAddress);
    if (parsed === GAVE_UP) return undefined;
    address = parsed;
  }
  let extra: Record<string, unknown> | undefined | Absent = ABSENT;
  if (hasOwn.call(record, 'extra')) {
    const rawExtra = record['extra'];
    const copied = rawExtra === undefined ? undefined : copyExtra(rawExtra);
    if (copied === GAVE_UP) return undefined;
    extra = copied;
  }

  if (
    name !== ABSENT &&
    titles === ABSENT &&
    nik !== ABSENT &&
    kk !== ABSENT &&
    sex !== ABSENT &&
    birthDate !== ABSENT &&
    birthDatePlaceholder === ABSENT &&
    birthPlace !== ABSENT &&
    motherName !== ABSENT &&
    relationship !== ABSENT &&
    maritalStatus !== ABSENT &&
    address !== ABSENT
  ) {
    // Every person field given (the shape of most exports): one literal per combination of the two
    // fields that vary by source.
    if (deceased === ABSENT) {
      if (extra === ABSENT) {
        return { source, recordId, observedAt, channel, nik, kk, name, sex, birthDate, birthPlace, motherName, relationship, maritalStatus, address };
      }
      return { source, recordId, observedAt, channel, nik, kk, name, sex, birthDate, birthPlace, motherName, relationship, maritalStatus, address, extra };
    }
    if (extra === ABSENT) {
      return { source, recordId, observedAt, channel, nik, kk, name, sex, birthDate, birthPlace, motherName, relationship, maritalStatus, deceased, address };
    }
    return {
      source,
      recordId,
      observedAt,
      channel,
      nik,
      kk,
      name,
      sex,
      birthDate,
      birthPlace,
      motherName,
      relationship,
      maritalStatus,
      deceased,
      address,
      extra,
    };
  }
  // Any other key set: the same keys in the same order, added one by one.
  const output: { -readonly [K in keyof PersonRecord]?: PersonRecord[K] } = { source, recordId, observedAt, channel };
  if (nik !== ABSENT) output.nik = nik;
  if (kk !== ABSENT) output.kk = kk;
  if (name !== ABSENT) output.name = name;
  if (titles !== ABSENT) output.titles = titles;
  if (sex !== ABSENT) output.sex = sex;
  if (birthDate !== ABSENT) output.birthDate = birthDate;
  if (birthDatePlaceholder !== ABSENT) output.birthDatePlaceholder = birthDatePlaceholder;
  if (birthPlace !== ABSENT) output.birthPlace = birthPlace;
  if (motherName !== ABSENT) output.motherName = motherName;
  if (relationship !== ABSENT) output.relationship = relationship;
  if (maritalStatus !== ABSENT) output.maritalStatus = maritalStatus;
  if (deceased !== ABSENT) output.deceased = deceased;
  if (address !== ABSENT) output.address = address;
  if (extra !== ABSENT) output.extra = extra;
  return output as PersonRecord;
}

/** A `titles` field as `personShape` makes it (a new array, each title trimmed), or `GAVE_UP`. */
function parseTitles(input: unknown): string[] | undefined | typeof GAVE_UP {
  if (input === undefined) return undefined;
  if (!Array.isArray(input) || input.length > TITLES_MAX_COUNT) return GAVE_UP;
  const titles: string[] = [];
  for (let i = 0; i < input.length; i++) {
    const title: unknown = input[i];
    if (typeof title !== 'string') return GAVE_UP;
    const trimmed = title.trim();
    if (trimmed.length === 0 || trimmed.length > TITLE_MAX_LENGTH) return GAVE_UP;
    titles.push(trimmed);
  }
  return titles;
}
