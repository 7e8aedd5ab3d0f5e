/**
 * Record validation: raw input → a normalized typed record with warnings, or every issue that rejects it.
 *
 * Errors vs warnings. An *error* means the record does not have the shape its type promises (a missing
 * name, a NIK that is not 16 digits, an impossible date, an unknown category): the record is rejected.
 * A *warning* is a data-quality signal on a record that is still well-formed (a NIK whose region or date
 * part is impossible, region codes that disagree, a birth after the observation): the record is kept,
 * the value untouched, and downstream stages decide how much to trust it.
 */
import { dataEqual } from '../_internal/dataEqual.js';
import { PadanError } from '../_internal/error.js';
import type { Issue, Result } from '../_internal/result.js';
import { checkNikConsistency } from '../id/checkNikConsistency.js';
import { parseNik } from '../id/parseNik.js';
import type { Address } from './fields.js';
import { dwellingSchema, type DwellingRecord } from './dwelling.js';
import { familySchema, type FamilyRecord } from './family.js';
import { fromZodIssues, makeIssue, type SchemaIssue, type SchemaIssueCode } from './issues.js';
import { IdentityIndex } from './_identityIndex.js';
import { identifierNormalizer, Problem } from './normalize.js';
import { parseDwellingFast } from './parseDwellingFast.js';
import { parseFamilyFast } from './parseFamilyFast.js';
import { parsePersonFast } from './parsePersonFast.js';
import { personSchema, type PersonRecord } from './person.js';

/**
 * A deeper check of one (shape-valid) NIK against its record: region codes, birth date, sex. Issue
 * paths are relative to the person record (e.g. `['nik']`, `['sex']`); every issue is reported as a
 * warning, whatever severity the checker gave it.
 */
export type NikCheck = (nik: string, person: PersonRecord) => readonly Issue[];

/**
 * The built-in `NikCheck`: `parseNik` (real district code, real birth date, non-zero serial; century
 * read against `observedAt`) and `checkNikConsistency` (the NIK's birth date, sex and region against the
 * record's). Reads the region tables on first use.
 *
 * @example
 * checkNikWithParser('3201015205900001', person) // person: sex 'male', birthDate '1990-05-12'
 * // → [{ code: 'nik/sex-mismatch', path: ['sex'], severity: 'warning', … }]
 */
export const checkNikWithParser: NikCheck = (nik, person) => {
  const context = { path: ['nik'], recordId: person.recordId };
  const parsed = parseNik(nik, { ...context, referenceDate: person.observedAt });
  const consistency = checkNikConsistency(parsed.success ? parsed.value : nik, person, { recordId: person.recordId });
  const own = parsed.success ? parsed.warnings : parsed.issues;
  return own.length === 0 ? consistency : [...own, ...consistency];
};

/** Options of `validatePerson`. */
export interface ValidatePersonOptions {
  /**
   * What to do with a NIK or KK that is not 16 digits. `'reject'` (default) rejects the record;
   * `'keep-in-extra'` keeps the person with the field set to `null`, the raw value moved to
   * `extra.malformedNik` / `extra.malformedKk`, and a warning: a mistyped NIK should not hide a person
   * that name, birth date and family can still match.
   */
  readonly malformedIds?: 'reject' | 'keep-in-extra';
  /**
   * Check each NIK beyond its shape and report what is wrong as *warnings*: `true` runs the built-in
   * `checkNikWithParser` (unknown region, impossible date, zero serial, disagreement with the record's
   * birth date, sex or region); a function runs your own. Off by default (it reads the region tables).
   * Why warnings: a person with a doubtful NIK is still a person; rejecting them would lose the record
   * that name, birth date and family could still match. Downstream stages see the flag and can give
   * that NIK less weight.
   */
  readonly checkNik?: boolean | NikCheck;
}

/** Options of `validateFamily`. None yet; the parameter keeps the signature stable. */
export type ValidateFamilyOptions = Record<string, never>;

/** Options of `validateDwelling`. None yet; the parameter keeps the signature stable. */
export type ValidateDwellingOptions = Record<string, never>;

/** The record kinds `validateBatch` knows, and the typed record of each. */
export interface RecordKinds {
  person: PersonRecord;
  family: FamilyRecord;
  dwelling: DwellingRecord;
}

/** Options of `validateBatch`: those of the validator of its kind. */
export type ValidateBatchOptions = ValidatePersonOptions;

/** A rejected input: its position, its identity when readable, and every issue found. */
export interface Rejection {
  readonly index: number;
  readonly source?: string;
  readonly recordId?: string;
  readonly issues: readonly SchemaIssue[];
}

/** Warnings on an accepted input, by position. */
export interface RecordWarnings {
  readonly index: number;
  readonly source: string;
  readonly recordId: string;
  readonly warnings: readonly SchemaIssue[];
}

/** The outcome of `validateBatch`: every input is in exactly one of `valid` / `rejected`. */
export interface BatchResult<T> {
  /** Accepted records, in input order. */
  readonly valid: T[];
  /** The input index of each accepted record (`validIndexes[i]` is where `valid[i]` came from). */
  readonly validIndexes: number[];
  readonly rejected: Rejection[];
  /** Warnings of accepted records, only for records that have some. */
  readonly warnings: RecordWarnings[];
}

type RecordResult<T> = Result<T, SchemaIssueCode>;

interface Config {
  readonly malformedIds: 'reject' | 'keep-in-extra';
  readonly checkNik: NikCheck | undefined;
}

// zod leaves the input out of its issues unless asked; `fromZodIssues` needs it to tell a missing
// value from a wrong one. The inputs never reach a message.
const PARSE_CONTEXT = { reportInput: true } as const;

const DEFAULT_CONFIG: Config = { malformedIds: 'reject', checkNik: undefined };
const checkedOptions = new WeakMap<object, Config>();

/** Checks an options object once (then caches it): a config mistake throws before any record is read. */
function readOptions(options: unknown, fn: string, personOptions = true): Config {
  if (options === undefined) return DEFAULT_CONFIG;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new PadanError('invalid-config', `${fn}: options must be an object`);
  }
  const cached = personOptions ? checkedOptions.get(options) : undefined;
  if (cached !== undefined) return cached;
  const problems: string[] = [];
  const { malformedIds, checkNik, ...rest } = options as Record<string, unknown>;
  for (const key of Object.keys(personOptions ? rest : options)) problems.push(`unknown option ${key}`);
  if (malformedIds !== undefined && malformedIds !== 'reject' && malformedIds !== 'keep-in-extra') {
    problems.push(`malformedIds must be 'reject' or 'keep-in-extra'`);
  }
  if (checkNik !== undefined && typeof checkNik !== 'function' && typeof checkNik !== 'boolean') {
    problems.push('checkNik must be a boolean or a function');
  }
  if (problems.length > 0) throw new PadanError('invalid-config', `${fn}: ${problems.join('; ')}`, problems);
  const config: Config = {
    malformedIds: (malformedIds as Config['malformedIds'] | undefined) ?? 'reject',
    checkNik: checkNik === true ? checkNikWithParser : typeof checkNik === 'function' ? (checkNik as NikCheck) : undefined,
  };
  if (personOptions) checkedOptions.set(options, config);
  return config;
}

/** The record id of a raw input, when it has a readable one (for issues and rejections). */
function readableId(input: unknown, key: 'source' | 'recordId'): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const value = (input as Record<string, unknown>)[key];
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? undefined : key === 'source' ? text.toLowerCase() : text;
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/** No issues: shared, so the many records without warnings allocate no array (never handed out). */
const NO_ISSUES: readonly SchemaIssue[] = Object.freeze([]);

function addRegionMismatch(warnings: SchemaIssue[] | undefined, key: string, parentKey: string, recordId: string): SchemaIssue[] {
  const issue = makeIssue('schema/region-mismatch', ['address', key], `${key} does not lie in the given ${parentKey}`, 'warning', recordId);
  if (warnings === undefined) return [issue];
  warnings.push(issue);
  return warnings;
}

/** Region codes that do not extend the one above them, or `undefined` when there are none. */
function regionWarnings(address: Address | null | undefined, recordId: string): SchemaIssue[] | undefined {
  if (address === null || address === undefined) return undefined;
  // Each code must extend the nearest given one above it: village 3201012001 lies in district 320101,
  // regency 3201, province 32. Unrolled: this runs on every record.
  let warnings: SchemaIssue[] | undefined;
  let parentKey = '';
  let parentCode: string | undefined;
  const province = address.provinceCode;
  if (province !== null && province !== undefined) {
    parentKey = 'provinceCode';
    parentCode = province;
  }
  const regency = address.regencyCode;
  if (regency !== null && regency !== undefined) {
    if (parentCode !== undefined && !regency.startsWith(parentCode)) warnings = addRegionMismatch(warnings, 'regencyCode', parentKey, recordId);
    parentKey = 'regencyCode';
    parentCode = regency;
  }
  const district = address.districtCode;
  if (district !== null && district !== undefined) {
    if (parentCode !== undefined && !district.startsWith(parentCode)) warnings = addRegionMismatch(warnings, 'districtCode', parentKey, recordId);
    parentKey = 'districtCode';
    parentCode = district;
  }
  const village = address.villageCode;
  if (village !== null && village !== undefined && parentCode !== undefined && !village.startsWith(parentCode)) {
    warnings = addRegionMismatch(warnings, 'villageCode', parentKey, recordId);
  }
  return warnings;
}

/** `date > observedAt.slice(0, date.length)`, without the slice: is a (partial) date after the observation, at its own precision? */
function isAfterAtPrecision(date: string, observedAt: string): boolean {
  const length = date.length;
  for (let i = 0; i < length; i += 1) {
    if (i === observedAt.length) return true;
    const a = date.charCodeAt(i);
    const b = observedAt.charCodeAt(i);
    if (a !== b) return a > b;
  }
  return false;
}

const nikShape = identifierNormalizer('NIK', 'schema/invalid-nik');
const kkShape = identifierNormalizer('KK number', 'schema/invalid-kk');

/** In `keep-in-extra` mode: nulls malformed NIK/KK fields, moving the raw values into `extra`. */
function setAsideMalformedIds(input: unknown, recordId: string | undefined): { input: unknown; warnings: SchemaIssue[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { input, warnings: [] };
  const record = input as Record<string, unknown>;
  const extra = record['extra'];
  if (extra !== undefined && extra !== null && (typeof extra !== 'object' || Array.isArray(extra))) return { input, warnings: [] };
  let copy: Record<string, unknown> | undefined;
  const warnings: SchemaIssue[] = [];
  for (const [field, normalize, extraKey, label] of [
    ['nik', nikShape, 'malformedNik', 'NIK'],
    ['kk', kkShape, 'malformedKk', 'KK number'],
  ] as const) {
    const value = record[field];
    const normalized = normalize(value);
    if (!(normalized instanceof Problem) || normalized.code === 'schema/invalid-type') continue;
    copy ??= { ...record, extra: { ...(extra as Record<string, unknown> | null | undefined) } };
    copy[field] = null;
    (copy['extra'] as Record<string, unknown>)[extraKey] = value;
    warnings.push(makeIssue('schema/malformed-id-kept', [field], `${label} is not 16 digits; kept in extra.${extraKey} and set to null`, 'warning', recordId));
  }
  return { input: copy ?? input, warnings };
}

/** The warnings of a parsed person, or `NO_ISSUES`. */
function personWarnings(person: PersonRecord, config: Config): readonly SchemaIssue[] {
  let warnings = regionWarnings(person.address, person.recordId);
  const birth = person.birthDate;
  if (birth !== null && birth !== undefined && isAfterAtPrecision(birth, person.observedAt)) {
    (warnings ??= []).push(makeIssue('schema/born-after-observation', ['birthDate'], 'birthDate is after observedAt', 'warning', person.recordId));
  }
  if (config.checkNik !== undefined && typeof person.nik === 'string') {
    for (const issue of config.checkNik(person.nik, person)) {
      const code = (issue.code.startsWith('nik/') ? issue.code : `nik/${issue.code}`) as SchemaIssueCode;
      (warnings ??= []).push(makeIssue(code, issue.path, issue.message, 'warning', person.recordId));
    }
  }
  return warnings ?? NO_ISSUES;
}

/**
 * Where a runner leaves its outcome. `validateBatch` passes one scratch object for the whole batch, so
 * accepting a record allocates nothing beyond the record itself.
 */
interface Outcome<T> {
  value: T | undefined;
  /** On success; `NO_ISSUES` when there are none. */
  warnings: readonly SchemaIssue[];
  /** On failure. */
  issues: readonly SchemaIssue[];
}

/** Validates one input into `outcome`; true when it is accepted. */
type Runner<T> = (input: unknown, config: Config, outcome: Outcome<T>) => boolean;

function newOutcome<T>(): Outcome<T> {
  return { value: undefined, warnings: NO_ISSUES, issues: NO_ISSUES };
}

function accept<T>(outcome: Outcome<T>, value: T, warnings: readonly SchemaIssue[]): true {
  outcome.value = value;
  outcome.warnings = warnings;
  return true;
}

function refuse<T>(outcome: Outcome<T>, issues: readonly SchemaIssue[]): false {
  outcome.value = undefined;
  outcome.issues = issues;
  return false;
}

function toResult<T>(accepted: boolean, outcome: Outcome<T>): RecordResult<T> {
  if (!accepted) return { success: false, issues: outcome.issues };
  return { success: true, value: outcome.value as T, warnings: outcome.warnings === NO_ISSUES ? [] : outcome.warnings };
}

const runPerson: Runner<PersonRecord> = (input, config, outcome) => {
  // The common case, a well-formed record: then `setAsideMalformedIds` would change nothing (its NIK and
  // KK normalize), so the fast path can run on the input as given.
  const person = parsePersonFast(input);
  if (person !== undefined) return accept(outcome, person, personWarnings(person, config));
  const recordId = readableId(input, 'recordId');
  let early: SchemaIssue[] = [];
  let record = input;
  if (config.malformedIds === 'keep-in-extra') ({ input: record, warnings: early } = setAsideMalformedIds(input, recordId));
  let parsed = record === input ? undefined : parsePersonFast(record);
  if (parsed === undefined) {
    const zod = personSchema.safeParse(record, PARSE_CONTEXT);
    if (!zod.success) return refuse(outcome, fromZodIssues(zod.error.issues, recordId));
    parsed = zod.data;
  }
  const warnings = personWarnings(parsed, config);
  return accept(outcome, parsed, early.length === 0 ? warnings : [...early, ...warnings]);
};

/** Warnings for a member NIK listed again at a later index, or `warnings` unchanged when none is. */
function duplicateMemberWarnings(memberNiks: readonly string[], recordId: string, warnings: SchemaIssue[] | undefined): SchemaIssue[] | undefined {
  // A KK lists a handful of members: comparing each with those before it beats building a Set per record.
  for (let index = 1; index < memberNiks.length; index += 1) {
    const nik = memberNiks[index];
    for (let earlier = 0; earlier < index; earlier += 1) {
      if (memberNiks[earlier] !== nik) continue;
      (warnings ??= []).push(makeIssue('schema/duplicate-member', ['memberNiks', index], 'the same NIK is listed twice', 'warning', recordId));
      break;
    }
  }
  return warnings;
}

const runFamily: Runner<FamilyRecord> = (input, _config, outcome) => {
  let family = parseFamilyFast(input);
  if (family === undefined) {
    const parsed = familySchema.safeParse(input, PARSE_CONTEXT);
    if (!parsed.success) return refuse(outcome, fromZodIssues(parsed.error.issues, readableId(input, 'recordId')));
    family = parsed.data;
  }
  let warnings = regionWarnings(family.address, family.recordId);
  if (family.memberNiks !== undefined) warnings = duplicateMemberWarnings(family.memberNiks, family.recordId, warnings);
  return accept(outcome, family, warnings ?? NO_ISSUES);
};

const runDwelling: Runner<DwellingRecord> = (input, _config, outcome) => {
  let dwelling = parseDwellingFast(input);
  if (dwelling === undefined) {
    const parsed = dwellingSchema.safeParse(input, PARSE_CONTEXT);
    if (!parsed.success) return refuse(outcome, fromZodIssues(parsed.error.issues, readableId(input, 'recordId')));
    dwelling = parsed.data;
  }
  return accept(outcome, dwelling, regionWarnings(dwelling.address, dwelling.recordId) ?? NO_ISSUES);
};

/**
 * Validates and normalizes one person record; every problem is reported, none thrown.
 *
 * @example
 * validatePerson({ source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' },
 *   name: 'Budi', sex: 'L', nik: '3201 0101 0190 0001', address: { rt: 3 } })
 * // → { success: true, value: { …, sex: 'male', nik: '3201010101900001', address: { rt: '003' } }, warnings: [] }
 */
export function validatePerson(input: unknown, options?: ValidatePersonOptions): RecordResult<PersonRecord> {
  const outcome = newOutcome<PersonRecord>();
  return toResult(runPerson(input, readOptions(options, 'validatePerson'), outcome), outcome);
}

/**
 * Validates and normalizes one family (KK) record.
 *
 * @example
 * validateFamily({ source: 'dukcapil', recordId: 'K1', observedAt: '2024-01-05', channel: { kind: 'registry' }, kk: '12' })
 * // → { success: false, issues: [{ code: 'schema/invalid-kk', path: ['kk'], severity: 'error', … }] }
 */
export function validateFamily(input: unknown, options?: ValidateFamilyOptions): RecordResult<FamilyRecord> {
  const config = readOptions(options, 'validateFamily', false);
  const outcome = newOutcome<FamilyRecord>();
  return toResult(runFamily(input, config, outcome), outcome);
}

/**
 * Validates and normalizes one dwelling / household record with its housing attributes.
 *
 * @example
 * validateDwelling({ source: 'housing', recordId: 'R9', observedAt: '2024-02-10', channel: { kind: 'survey' },
 *   housing: { roofMaterial: 'seng', plnPower: '900 VA' } })
 * // → { success: true, value: { …, housing: { roofMaterial: 'zinc', plnPower: 'va-900' } }, warnings: [] }
 */
export function validateDwelling(input: unknown, options?: ValidateDwellingOptions): RecordResult<DwellingRecord> {
  const config = readOptions(options, 'validateDwelling', false);
  const outcome = newOutcome<DwellingRecord>();
  return toResult(runDwelling(input, config, outcome), outcome);
}

const RUNNERS: { readonly [K in keyof RecordKinds]: Runner<RecordKinds[K]> } = {
  person: runPerson,
  family: runFamily,
  dwelling: runDwelling,
};

/**
 * Validates a batch of records of one kind. Every input lands in exactly one of `valid` or `rejected`.
 * `(source, recordId)` is a record's identity: records sharing one are rejected, all of them when their
 * contents differ (so the outcome does not depend on input order), all but the first when identical.
 *
 * @example
 * const { valid, rejected } = validateBatch(rows, 'person')
 * // → valid: PersonRecord[]; rejected: [{ index: 3, source: 'dtks', recordId: 'A4', issues: [...] }]
 */
export function validateBatch<K extends keyof RecordKinds>(
  inputs: readonly unknown[],
  kind: K,
  options?: ValidateBatchOptions,
): BatchResult<RecordKinds[K]> {
  if (!Array.isArray(inputs)) throw new PadanError('invalid-argument', 'validateBatch: inputs must be an array');
  const run = Object.prototype.hasOwnProperty.call(RUNNERS, kind) ? (RUNNERS[kind] as Runner<RecordKinds[K]>) : undefined;
  if (run === undefined) throw new PadanError('invalid-argument', `validateBatch: kind must be one of ${Object.keys(RUNNERS).join(', ')}`);
  const config = readOptions(options, 'validateBatch');
  if (kind !== 'person' && (config.checkNik !== undefined || config.malformedIds !== 'reject')) {
    throw new PadanError('invalid-config', `validateBatch: malformedIds and checkNik apply to persons only`);
  }

  // Accepted records as parallel arrays (slot = position among the accepted): no entry object per record.
  const records: RecordKinds[K][] = [];
  const indexes: number[] = [];
  // Warnings of the few slots that have some, by slot.
  const warnedSlots: number[] = [];
  const warnedLists: (readonly SchemaIssue[])[] = [];
  const rejected: Rejection[] = [];
  const identities = new IdentityIndex(records as unknown as readonly { source: string; recordId: string }[], inputs.length);
  // First slot → every slot of that identity, for the (rare) repeated identities.
  let repeats: Map<number, number[]> | undefined;
  const outcome = newOutcome<RecordKinds[K]>();
  for (let index = 0; index < inputs.length; index += 1) {
    const input = inputs[index];
    if (!run(input, config, outcome)) {
      rejected.push(rejection(index, input, outcome.issues));
      continue;
    }
    const record = outcome.value as RecordKinds[K];
    const slot = records.length;
    records.push(record);
    indexes.push(index);
    if (outcome.warnings.length > 0) {
      warnedSlots.push(slot);
      warnedLists.push(outcome.warnings);
    }
    const first = identities.firstSlot(slot);
    if (first !== -1) {
      repeats ??= new Map();
      const slots = repeats.get(first);
      if (slots === undefined) repeats.set(first, [first, slot]);
      else slots.push(slot);
    }
  }

  if (repeats === undefined) {
    // No shared identity (the usual case): every accepted record is valid, in order.
    const warnings: RecordWarnings[] = [];
    for (let i = 0; i < warnedSlots.length; i += 1) {
      const slot = warnedSlots[i] as number;
      const record = records[slot] as RecordKinds[K] & { source: string; recordId: string };
      warnings.push({ index: indexes[slot] as number, source: record.source, recordId: record.recordId, warnings: warnedLists[i] as readonly SchemaIssue[] });
    }
    return { valid: records, validIndexes: indexes, rejected, warnings };
  }

  const dropped = new Map<number, SchemaIssue>();
  for (const slots of repeats.values()) {
    const first = records[slots[0] as number];
    const firstIndex = indexes[slots[0] as number] as number;
    const identical = slots.every((slot) => dataEqual(records[slot], first));
    slots.forEach((slot, position) => {
      if (identical && position === 0) return;
      const message = identical
        ? `exact duplicate of the record at index ${firstIndex}`
        : `${slots.length} different records share this source and recordId`;
      dropped.set(slot, makeIssue('schema/duplicate-record', ['recordId'], message, 'error', (records[slot] as { recordId: string }).recordId));
    });
  }

  const warningsBySlot = new Map<number, readonly SchemaIssue[]>();
  warnedSlots.forEach((slot, i) => warningsBySlot.set(slot, warnedLists[i] as readonly SchemaIssue[]));
  const valid: RecordKinds[K][] = [];
  const validIndexes: number[] = [];
  const warnings: RecordWarnings[] = [];
  for (let slot = 0; slot < records.length; slot += 1) {
    const record = records[slot] as RecordKinds[K] & { source: string; recordId: string };
    const index = indexes[slot] as number;
    const own = warningsBySlot.get(slot) ?? NO_ISSUES;
    const duplicate = dropped.get(slot);
    if (duplicate !== undefined) {
      rejected.push({ index, source: record.source, recordId: record.recordId, issues: [duplicate, ...own] });
      continue;
    }
    valid.push(record);
    validIndexes.push(index);
    if (own.length > 0) warnings.push({ index, source: record.source, recordId: record.recordId, warnings: own });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { valid, validIndexes, rejected, warnings };
}

function rejection(index: number, input: unknown, issues: readonly SchemaIssue[]): Rejection {
  const source = readableId(input, 'source');
  const recordId = readableId(input, 'recordId');
  return {
    index,
    ...(source === undefined ? {} : { source }),
    ...(recordId === undefined ? {} : { recordId }),
    issues,
  };
}
