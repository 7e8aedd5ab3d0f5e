import type { DwellingInput, FamilyInput, PersonInput, RecordInputs } from './inputs.js';
import { checkOptionBag, invalidArgument, type OptionKinds } from '../_internal/arguments.js';
/**
 * Record validation: raw input → a normalized typed record with warnings, or every issue that rejects it.
 *
 * The identity rule. A record is refused only when it cannot be identified or traced: no `source` or
 * `recordId`, no usable `observedAt`, or (a person) neither a name nor a NIK, (a family or dwelling) no KK.
 * `source`, `channel` and `observedAt` may be given for a whole file (`defaults`); a row's own value wins.
 * Any other field that cannot be read (an impossible date, an RT of `RT x`, a NIK a spreadsheet turned
 * into `3.20411E+15`) is *dropped*: set to missing, its raw value kept in `extra.dropped` for a steward,
 * and reported as a warning with its code, field and (masked, for identifiers) value.
 *
 * Other warnings are data-quality signals on a record that is still well-formed (a NIK whose region or
 * date part is impossible, region codes that disagree, a birth after the observation, a date read with
 * day and month swapped): the record is kept, the value untouched.
 */
import { dataEqual } from '../_internal/dataEqual.js';
import { PadanError } from '../_internal/error.js';
import type { Issue, Result } from '../_internal/result.js';
import { checkNikConsistency } from '../id/checkNikConsistency.js';
import { parseNik } from '../id/parseNik.js';
import type { Address } from './fields.js';
import { DWELLING_FIELDS, dwellingSchema, type DwellingRecord } from './dwelling.js';
import { FAMILY_FIELDS, familySchema, type FamilyRecord } from './family.js';
import { fromZodIssues, makeIssue, type SchemaIssue, type SchemaIssueCode } from './issues.js';
import { IdentityIndex } from './_identityIndex.js';
import { isJsonData } from './_jsonData.js';
import { channelSchema } from './fields.js';
import { describeDateReading, fullDateNormalizer, identifierNormalizer, normalizeSource, Problem } from './normalize.js';
import { maskIdentifier } from '../_internal/redact.js';
import { PROGRESS_RECORDS, type ProgressCallback } from '../_internal/progress.js';
import { parseDwellingFast } from './parseDwellingFast.js';
import { parseFamilyFast } from './parseFamilyFast.js';
import { parsePersonFast } from './parsePersonFast.js';
import { PERSON_FIELDS, personSchema, type PersonRecord } from './person.js';

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
  if (typeof person !== 'object' || person === null) throw invalidArgument('checkNikWithParser', 'person', 'a person record', person);
  const context = { path: ['nik'], recordId: person.recordId };
  const parsed = parseNik(nik, { ...context, referenceDate: person.observedAt });
  const consistency = checkNikConsistency(parsed.success ? parsed.value : nik, person, { recordId: person.recordId });
  const own = parsed.success ? parsed.warnings : parsed.issues;
  return own.length === 0 ? consistency : [...own, ...consistency];
};

/**
 * The envelope of a whole file, for exports that do not carry it on every row: a row's own value wins;
 * a row's unusable value is replaced by it (with a `schema/default-used` warning).
 */
export interface RecordDefaults {
  /** Source system name, e.g. `'dtks'`. */
  readonly source?: string;
  /** `YYYY-MM-DD` (or any date form `observedAt` accepts): when the export was taken. */
  readonly observedAt?: string;
  /** How the records arrived, e.g. `{ kind: 'registry' }`. Without one, a record with no usable channel is taken as `registry` (with a warning). */
  readonly channel?: unknown;
}

/** Options every validator takes. */
export interface ValidateRecordOptions {
  /** The envelope for records that lack it (see `RecordDefaults`). */
  readonly defaults?: RecordDefaults;
  /**
   * `'drop'` (default): a field that cannot be read is set to missing with a warning, its raw value kept
   * in `extra.dropped`; only the identity rule refuses a record. `'reject'`: any field problem refuses
   * the record (the strict contract, for callers who clean their data first).
   */
  readonly fieldProblems?: 'drop' | 'reject';
}

/** Options of `validatePerson`. */
export interface ValidatePersonOptions extends ValidateRecordOptions {
  /**
   * A NIK or KK that is not 16 digits. Unset (default): dropped like any unreadable field.
   * `'keep-in-extra'`: set to `null`, the raw value moved to `extra.malformedNik` / `extra.malformedKk`,
   * with a `schema/malformed-id-kept` warning. `'reject'`: the record is refused (as with `fieldProblems: 'reject'`).
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

/** Options of `validateFamily`. */
export type ValidateFamilyOptions = ValidateRecordOptions;

/** Options of `validateDwelling`. */
export type ValidateDwellingOptions = ValidateRecordOptions;

/** The record kinds `validateBatch` knows, and the typed record of each. */
export interface RecordKinds {
  person: PersonRecord;
  family: FamilyRecord;
  dwelling: DwellingRecord;
}

/** Options of `validateBatch`: those of the validator of its kind. */
export interface ValidateBatchOptions extends ValidatePersonOptions {
  /** Hears of records validated, every few thousand and once at the end (a progress bar). */
  readonly onProgress?: ProgressCallback;
}

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

/** Dropped fields counted by field (dotted path, array indexes left out) then issue code. */
export type DroppedFieldCounts = Record<string, Record<string, number>>;

/** The outcome of `validateBatch`: every input is in exactly one of `valid` / `rejected`. */
export interface BatchResult<T> {
  /** Fields set to missing because they could not be read, by field and code. */
  readonly dropped: DroppedFieldCounts;
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
  readonly malformedIds: 'reject' | 'keep-in-extra' | undefined;
  readonly checkNik: NikCheck | undefined;
  readonly fieldProblems: 'drop' | 'reject';
  /** Checked and normalized defaults, or `undefined` when none is given. */
  readonly defaults: NormalizedDefaults | undefined;
}

interface NormalizedDefaults {
  readonly source?: string;
  readonly observedAt?: string;
  readonly channel?: unknown;
}

// zod leaves the input out of its issues unless asked; `fromZodIssues` needs it to tell a missing
// value from a wrong one. The inputs never reach a message.
const PARSE_CONTEXT = { reportInput: true } as const;

const DEFAULT_CONFIG: Config = { malformedIds: undefined, checkNik: undefined, fieldProblems: 'drop', defaults: undefined };
const normalizeObservedAt = fullDateNormalizer('defaults.observedAt');

function readDefaults(given: unknown, problems: string[]): NormalizedDefaults | undefined {
  if (given === undefined) return undefined;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    problems.push('defaults must be an object { source?, observedAt?, channel? }');
    return undefined;
  }
  const { source, observedAt, channel, ...rest } = given as Record<string, unknown>;
  for (const key of Object.keys(rest)) problems.push(`unknown option defaults.${key}`);
  const output: { source?: string; observedAt?: string; channel?: unknown } = {};
  if (source !== undefined) {
    const value = normalizeSource(source);
    if (value instanceof Problem) problems.push(`defaults.source: ${value.message}`);
    else output.source = value;
  }
  if (observedAt !== undefined) {
    const value = normalizeObservedAt(observedAt);
    if (value instanceof Problem) problems.push(value.message);
    else output.observedAt = value;
  }
  if (channel !== undefined) {
    const value = channelSchema.safeParse(channel);
    if (!value.success)
      problems.push('defaults.channel must be { kind: registry | survey }, { kind: formal, verificationLevel } or { kind: citizen, action, status }');
    else output.channel = value.data;
  }
  return Object.keys(output).length === 0 ? undefined : output;
}
// The values are checked below, with messages that say what each may be.
const RECORD_OPTIONS: OptionKinds = { malformedIds: 'any', checkNik: 'any', defaults: 'any', fieldProblems: 'any' };
const BATCH_OPTIONS: OptionKinds = { ...RECORD_OPTIONS, onProgress: 'function' };
const checkedOptions = new WeakMap<object, Config>();
const checkedOtherOptions = new WeakMap<object, Config>();

/** Checks an options object once (then caches it): a config mistake throws before any record is read. */
function readOptions(options: unknown, fn: string, personOptions = true): Config {
  if (options === undefined) return DEFAULT_CONFIG;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new PadanError('invalid-config', `${fn}: options must be an object`);
  }
  const cache = personOptions ? checkedOptions : checkedOtherOptions;
  const cached = cache.get(options);
  if (cached !== undefined) return cached;
  checkOptionBag(options, fn, fn === 'validateBatch' ? BATCH_OPTIONS : RECORD_OPTIONS);
  const problems: string[] = [];
  const { malformedIds, checkNik, defaults, fieldProblems } = options as Record<string, unknown>;
  if (!personOptions && (malformedIds !== undefined || checkNik !== undefined)) problems.push('malformedIds and checkNik apply to persons only');
  if (malformedIds !== undefined && malformedIds !== 'reject' && malformedIds !== 'keep-in-extra') {
    problems.push(`malformedIds must be 'reject' or 'keep-in-extra'`);
  }
  if (checkNik !== undefined && typeof checkNik !== 'function' && typeof checkNik !== 'boolean') {
    problems.push('checkNik must be a boolean or a function');
  }
  if (fieldProblems !== undefined && fieldProblems !== 'drop' && fieldProblems !== 'reject') problems.push(`fieldProblems must be 'drop' or 'reject'`);
  const checkedDefaults = readDefaults(defaults, problems);
  if (problems.length > 0) throw new PadanError('invalid-config', `${fn}: ${problems.join('; ')}`, problems);
  const config: Config = {
    malformedIds: malformedIds as Config['malformedIds'],
    checkNik: checkNik === true ? checkNikWithParser : typeof checkNik === 'function' ? (checkNik as NikCheck) : undefined,
    fieldProblems: (fieldProblems as Config['fieldProblems'] | undefined) ?? 'drop',
    defaults: checkedDefaults,
  };
  cache.set(options, config);
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
    // Only a NIK of the wrong length: one a spreadsheet damaged keeps its own code (dropped below).
    if (!(normalized instanceof Problem) || (normalized.code !== 'schema/invalid-nik' && normalized.code !== 'schema/invalid-kk')) continue;
    copy ??= { ...record, extra: { ...(extra as Record<string, unknown> | null | undefined) } };
    copy[field] = null;
    (copy['extra'] as Record<string, unknown>)[extraKey] = value;
    warnings.push({
      ...makeIssue('schema/malformed-id-kept', [field], `${label} is not 16 digits; kept in extra.${extraKey} and set to null`, 'warning', recordId),
      dropped: true,
    });
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
    const found: unknown = config.checkNik(person.nik, person);
    // A caller's check: what it returns is checked like any argument (a non-list threw an untyped TypeError).
    if (!Array.isArray(found) || !found.every((issue) => typeof issue?.code === 'string' && Array.isArray(issue.path) && typeof issue.message === 'string')) {
      throw new PadanError('invalid-config', 'checkNik must return an array of issues { code, path, message }');
    }
    for (const issue of found as readonly Issue[]) {
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

/** The record kinds, for what identifies a record of each. */
type Kind = keyof RecordKinds;

/** Fields whose problem refuses a record (the identity rule); a person's name-or-NIK rule is checked by its schema. */
const IDENTITY_FIELDS: { readonly [K in Kind]: ReadonlySet<string> } = {
  person: new Set(['source', 'recordId', 'observedAt']),
  family: new Set(['source', 'recordId', 'observedAt', 'kk']),
  dwelling: new Set(['source', 'recordId', 'observedAt', 'kk']),
};

/** The fields of each kind; any other top-level field is moved into `extra`. */
const KNOWN_FIELDS: { readonly [K in Kind]: ReadonlySet<string> } = { person: PERSON_FIELDS, family: FAMILY_FIELDS, dwelling: DWELLING_FIELDS };

const IDENTIFIER_KEYS: ReadonlySet<string> = new Set(['nik', 'kk', 'headNik', 'memberNiks', 'malformedNik', 'malformedKk']);

/** Whether a raw value is missing the way a blank cell is. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The input with the file's envelope filled in where the row has none; the input itself when nothing is filled. */
function withDefaults(input: unknown, defaults: NormalizedDefaults): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const record = input as Record<string, unknown>;
  const source = defaults.source !== undefined && isBlank(record['source']);
  const observedAt = defaults.observedAt !== undefined && isBlank(record['observedAt']);
  const channel = defaults.channel !== undefined && isBlank(record['channel']);
  if (!source && !observedAt && !channel) return input;
  const copy: Record<string, unknown> = { ...record };
  if (source) copy['source'] = defaults.source;
  if (observedAt) copy['observedAt'] = defaults.observedAt;
  if (channel) copy['channel'] = defaults.channel;
  return copy;
}

/** How a dropped raw value is shown in a message: identifiers masked, long text cut. */
function showRaw(path: readonly (string | number)[], raw: unknown): string {
  if (raw === undefined) return 'nothing';
  const identifier = path.some((part) => typeof part === 'string' && IDENTIFIER_KEYS.has(part));
  if (typeof raw === 'string') {
    if (identifier) return maskIdentifier(raw);
    return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  }
  // Small whole numbers only: a long one may be an identifier, a float's digits look like one.
  if (typeof raw === 'number') return !identifier && Number.isSafeInteger(raw) && Math.abs(raw) < 1e6 ? String(raw) : 'a number';
  if (typeof raw === 'boolean' || raw === null) return String(raw);
  if (typeof raw === 'object') return Array.isArray(raw) ? 'a list' : 'an object';
  return `a ${typeof raw}`;
}

/** The dotted name of a field path, array indexes left out: `memberNiks[3]` counts as `memberNiks`. */
function fieldName(path: readonly (string | number)[]): string {
  return path.filter((part) => typeof part === 'string').join('.');
}

const DROPPED = Symbol('dropped');

/** A copy of `root` in which the containers along `path` are copies too, so the value at `path` can change. */
function cloneAlong(
  root: Record<string, unknown>,
  path: readonly (string | number)[],
  copies: Set<object>,
): { parent: Record<string | number, unknown>; key: string | number } | undefined {
  let parent = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i += 1) {
    const key = path[i] as string | number;
    const child = parent[key];
    if (typeof child !== 'object' || child === null) return undefined;
    let copy = child as Record<string | number, unknown>;
    if (!copies.has(child)) {
      copy = (Array.isArray(child) ? [...(child as unknown[])] : { ...(child as Record<string, unknown>) }) as Record<string | number, unknown>;
      copies.add(copy);
      parent[key] = copy;
    }
    parent = copy;
  }
  return { parent, key: path[path.length - 1] as string | number };
}

/** Whether a container has a value at `key`, `undefined` included (a list item within its length). */
function isPresent(parent: Record<string | number, unknown>, key: string | number): boolean {
  return Array.isArray(parent) ? typeof key === 'number' && key < parent.length : Object.prototype.hasOwnProperty.call(parent, key);
}

/** Takes the value at `key` out of a container copied by `cloneAlong`. */
function removeAt(parent: Record<string | number, unknown>, key: string | number): void {
  if (Array.isArray(parent)) parent[key] = DROPPED;
  else delete parent[key];
}

/** Removes the `DROPPED` marks from the arrays copied while dropping (a dropped list item leaves the list). */
function sweepDropped(copies: Set<object>): void {
  for (const copy of copies) {
    if (!Array.isArray(copy)) continue;
    const kept = (copy as unknown[]).filter((item) => item !== DROPPED);
    copy.length = 0;
    copy.push(...kept);
  }
}

/**
 * The record with every non-identity problem dropped: each such field removed (a list item taken out
 * of its list), its raw value put in `extra.dropped` under its dotted path, and one warning for it.
 * `undefined` when a problem is one the identity rule refuses for.
 */
function dropProblems(
  kind: Kind,
  input: unknown,
  issues: readonly SchemaIssue[],
  config: Config,
  recordId: string | undefined,
): { record: Record<string, unknown>; warnings: SchemaIssue[] } | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const identity = IDENTITY_FIELDS[kind];
  const record: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  const copies = new Set<object>([record]);
  const dropped: Record<string, unknown> = {};
  const warnings: SchemaIssue[] = [];
  for (const issue of issues) {
    const path = issue.path;
    const head = path[0];
    if (typeof head !== 'string') return undefined;
    if (identity.has(head)) {
      // A row's unusable source or observation date: the file's own, when given, traces it.
      const fallback = head === 'source' ? config.defaults?.source : head === 'observedAt' ? config.defaults?.observedAt : undefined;
      if (fallback === undefined || path.length !== 1) return undefined;
      const raw = record[head];
      if (!isBlank(raw)) dropped[head] = raw;
      record[head] = fallback;
      warnings.push({
        ...makeIssue('schema/default-used', [head], `${issue.message}; the file's ${head} is used instead`, 'warning', recordId),
        dropped: true,
      });
      continue;
    }
    if (head === 'channel') {
      // No usable channel: the file's, else a registry (the channel that claims least about the record).
      if (!(head in dropped) && record['channel'] !== undefined) dropped['channel'] = record['channel'];
      record['channel'] = config.defaults?.channel ?? { kind: 'registry' };
      warnings.push({
        ...makeIssue(
          'schema/default-used',
          ['channel'],
          `${issue.message}; taken as ${config.defaults?.channel === undefined ? 'a registry record' : "the file's channel"}`,
          'warning',
          recordId,
        ),
        dropped: true,
      });
      continue;
    }
    // A field that must be there and is not (a person with neither a name nor a NIK): nothing to drop.
    if (issue.code === 'schema/required' && path.length === 1) return undefined;
    // A value of `extra` may still sit at the top level, as an unknown field that validation moves into
    // `extra` (and maybe in the given `extra` too, with an equal value): it is dropped from both places.
    let movedRaw: { value: unknown } | undefined;
    if (
      head === 'extra' &&
      path.length > 1 &&
      typeof path[1] === 'string' &&
      !KNOWN_FIELDS[kind].has(path[1]) &&
      Object.prototype.hasOwnProperty.call(record, path[1])
    ) {
      const moved = cloneAlong(record, path.slice(1), copies);
      if (moved !== undefined && isPresent(moved.parent, moved.key)) {
        movedRaw = { value: moved.parent[moved.key] };
        removeAt(moved.parent, moved.key);
      }
    }
    const place = cloneAlong(record, path, copies);
    const inPlace = place !== undefined && isPresent(place.parent, place.key);
    const present = inPlace || movedRaw !== undefined;
    const raw = inPlace ? place.parent[place.key] : movedRaw?.value;
    if (inPlace && raw !== DROPPED) {
      removeAt(place.parent, place.key);
      // The raw value is kept for a steward only when it is JSON data: a bigint or a cycle kept in
      // `extra.dropped` would break the store's snapshot just as it would have in place.
      if (isJsonData(raw)) dropped[path.map(String).join('.')] = raw;
    }
    warnings.push({
      ...makeIssue(
        issue.code,
        path,
        `${issue.message.replace(/^[^:]*: /, '')}; dropped ${present && raw === undefined ? 'undefined' : showRaw(path, raw)}`,
        'warning',
        recordId,
      ),
      dropped: true,
    });
  }
  sweepDropped(copies);
  if (Object.keys(dropped).length > 0) {
    const given = record['extra'];
    const extra: Record<string, unknown> =
      typeof given === 'object' && given !== null && !Array.isArray(given) ? { ...(given as Record<string, unknown>) } : {};
    if (given !== undefined && extra !== given && (typeof given !== 'object' || given === null || Array.isArray(given)) && isJsonData(given))
      dropped['extra'] ??= given;
    const earlier = extra['dropped'];
    extra['dropped'] =
      typeof earlier === 'object' && earlier !== null && !Array.isArray(earlier)
        ? { ...(earlier as Record<string, unknown>), ...dropped }
        : earlier === undefined
          ? dropped
          : { ...dropped, 'extra.dropped': earlier };
    record['extra'] = extra;
  }
  return { record, warnings };
}

/** Parses a record strictly: its fast path, then zod for the full report. */
type StrictParse<T> = (input: unknown, recordId: string | undefined) => { value: T } | { issues: SchemaIssue[] };

/**
 * Parses `input` strictly; on failure, drops what the identity rule allows and parses again, a few
 * rounds at most (a dropped field can uncover another problem, such as a person left with neither a name
 * nor a NIK). Returns the value with its drop warnings, or every issue of every round.
 */
function parseLeniently<T>(
  kind: Kind,
  input: unknown,
  config: Config,
  parse: StrictParse<T>,
  recordId: string | undefined,
): { value: T; warnings: SchemaIssue[] } | { issues: SchemaIssue[] } {
  let record = input;
  let warnings: SchemaIssue[] = [];
  const errors: SchemaIssue[] = [];
  for (let round = 0; round < 3; round += 1) {
    const parsed = parse(record, recordId);
    if ('value' in parsed) return { value: parsed.value, warnings };
    errors.push(...parsed.issues);
    if (config.fieldProblems === 'reject') break;
    const recovered = dropProblems(kind, record, parsed.issues, config, recordId);
    if (recovered === undefined) break;
    record = recovered.record;
    warnings = warnings.length === 0 ? recovered.warnings : [...warnings, ...recovered.warnings];
  }
  return { issues: errors };
}

const parsePersonStrict: StrictParse<PersonRecord> = (input, recordId) => {
  const fast = parsePersonFast(input);
  if (fast !== undefined) return { value: fast };
  const zod = personSchema.safeParse(input, PARSE_CONTEXT);
  return zod.success ? { value: zod.data } : { issues: fromZodIssues(zod.error.issues, recordId) };
};

const parseFamilyStrict: StrictParse<FamilyRecord> = (input, recordId) => {
  const fast = parseFamilyFast(input);
  if (fast !== undefined) return { value: fast };
  const zod = familySchema.safeParse(input, PARSE_CONTEXT);
  return zod.success ? { value: zod.data } : { issues: fromZodIssues(zod.error.issues, recordId) };
};

const parseDwellingStrict: StrictParse<DwellingRecord> = (input, recordId) => {
  const fast = parseDwellingFast(input);
  if (fast !== undefined) return { value: fast };
  const zod = dwellingSchema.safeParse(input, PARSE_CONTEXT);
  return zod.success ? { value: zod.data } : { issues: fromZodIssues(zod.error.issues, recordId) };
};

/** Notes on dates a person gave in a form other than ISO (placeholders, a day and month read swapped). */
function dateReadingWarnings(input: unknown, recordId: string, warnings: readonly SchemaIssue[]): readonly SchemaIssue[] {
  if (typeof input !== 'object' || input === null) return warnings;
  const raw = (input as Record<string, unknown>)['birthDate'];
  // Most dates are ISO already: nothing to say, nothing allocated.
  if (typeof raw !== 'string' || (raw.length === 10 && raw.charCodeAt(4) === 45 && raw.charCodeAt(7) === 45)) return warnings;
  const notes = describeDateReading(raw, 'birthDate');
  if (notes.length === 0) return warnings;
  const output = [...warnings];
  for (const note of notes) output.push(makeIssue(note.code, ['birthDate'], note.message, 'warning', recordId));
  return output;
}

function concat(first: readonly SchemaIssue[], second: readonly SchemaIssue[]): readonly SchemaIssue[] {
  if (first.length === 0) return second;
  if (second.length === 0) return first;
  return [...first, ...second];
}

const runPerson: Runner<PersonRecord> = (given, config, outcome) => {
  const input = config.defaults === undefined ? given : withDefaults(given, config.defaults);
  // The common case, a well-formed record: then `setAsideMalformedIds` would change nothing (its NIK and
  // KK normalize), so the fast path can run on the input as given.
  const person = parsePersonFast(input);
  if (person !== undefined) return accept(outcome, person, dateReadingWarnings(input, person.recordId, personWarnings(person, config)));
  const recordId = readableId(input, 'recordId');
  let early: SchemaIssue[] = [];
  let record = input;
  if (config.malformedIds === 'keep-in-extra') ({ input: record, warnings: early } = setAsideMalformedIds(input, recordId));
  const strictIds = config.malformedIds === 'reject' ? { ...config, fieldProblems: 'reject' as const } : config;
  const parsed = parseLeniently('person', record, strictIds, parsePersonStrict, recordId);
  if ('issues' in parsed) return refuse(outcome, parsed.issues);
  const warnings = dateReadingWarnings(input, parsed.value.recordId, personWarnings(parsed.value, config));
  return accept(outcome, parsed.value, concat(concat(early, parsed.warnings), warnings));
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

const runFamily: Runner<FamilyRecord> = (given, config, outcome) => {
  const input = config.defaults === undefined ? given : withDefaults(given, config.defaults);
  let family = parseFamilyFast(input);
  let dropped: readonly SchemaIssue[] = NO_ISSUES;
  if (family === undefined) {
    const parsed = parseLeniently('family', input, config, parseFamilyStrict, readableId(input, 'recordId'));
    if ('issues' in parsed) return refuse(outcome, parsed.issues);
    family = parsed.value;
    dropped = parsed.warnings;
  }
  let warnings = regionWarnings(family.address, family.recordId);
  if (family.memberNiks !== undefined) warnings = duplicateMemberWarnings(family.memberNiks, family.recordId, warnings);
  return accept(outcome, family, concat(dropped, warnings ?? NO_ISSUES));
};

const runDwelling: Runner<DwellingRecord> = (given, config, outcome) => {
  const input = config.defaults === undefined ? given : withDefaults(given, config.defaults);
  let dwelling = parseDwellingFast(input);
  let dropped: readonly SchemaIssue[] = NO_ISSUES;
  if (dwelling === undefined) {
    const parsed = parseLeniently('dwelling', input, config, parseDwellingStrict, readableId(input, 'recordId'));
    if ('issues' in parsed) return refuse(outcome, parsed.issues);
    dwelling = parsed.value;
    dropped = parsed.warnings;
  }
  return accept(outcome, dwelling, concat(dropped, regionWarnings(dwelling.address, dwelling.recordId) ?? NO_ISSUES));
};

/**
 * Validates and normalizes one person record; every problem is reported, none thrown.
 *
 * @example
 * validatePerson({ source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' },
 *   name: 'Budi', sex: 'L', nik: '3201 0101 0190 0001', address: { rt: 3 } })
 * // → { success: true, value: { …, sex: 'male', nik: '3201010101900001', address: { rt: '003' } }, warnings: [] }
 */
export function validatePerson(input: PersonInput, options?: ValidatePersonOptions): RecordResult<PersonRecord>;
/** Any value: a record from parsed JSON or a CSV row is validated the same way. */
export function validatePerson(input: unknown, options?: ValidatePersonOptions): RecordResult<PersonRecord>;
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
export function validateFamily(input: FamilyInput, options?: ValidateFamilyOptions): RecordResult<FamilyRecord>;
/** Any value: a record from parsed JSON or a CSV row is validated the same way. */
export function validateFamily(input: unknown, options?: ValidateFamilyOptions): RecordResult<FamilyRecord>;
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
export function validateDwelling(input: DwellingInput, options?: ValidateDwellingOptions): RecordResult<DwellingRecord>;
/** Any value: a record from parsed JSON or a CSV row is validated the same way. */
export function validateDwelling(input: unknown, options?: ValidateDwellingOptions): RecordResult<DwellingRecord>;
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
  inputs: readonly RecordInputs[K][],
  kind: K,
  options?: ValidateBatchOptions,
): BatchResult<RecordKinds[K]>;
/** Any values: records from parsed JSON or CSV rows are validated the same way. */
export function validateBatch<K extends keyof RecordKinds>(inputs: readonly unknown[], kind: K, options?: ValidateBatchOptions): BatchResult<RecordKinds[K]>;
export function validateBatch<K extends keyof RecordKinds>(inputs: readonly unknown[], kind: K, options?: ValidateBatchOptions): BatchResult<RecordKinds[K]> {
  if (!Array.isArray(inputs)) throw new PadanError('invalid-argument', 'validateBatch: inputs must be an array');
  const run = typeof kind === 'string' && Object.prototype.hasOwnProperty.call(RUNNERS, kind) ? (RUNNERS[kind] as Runner<RecordKinds[K]>) : undefined;
  if (run === undefined) throw new PadanError('invalid-argument', `validateBatch: kind must be one of ${Object.keys(RUNNERS).join(', ')}`);
  const config = readOptions(options, 'validateBatch', kind === 'person');

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
  const dropped: DroppedFieldCounts = {};
  const outcome = newOutcome<RecordKinds[K]>();
  const onProgress = options?.onProgress;
  for (let index = 0; index < inputs.length; index += 1) {
    if (onProgress !== undefined && index % PROGRESS_RECORDS === 0) onProgress(index, inputs.length);
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
      countDropped(outcome.warnings, dropped);
    }
    const first = identities.firstSlot(slot);
    if (first !== -1) {
      repeats ??= new Map();
      const slots = repeats.get(first);
      if (slots === undefined) repeats.set(first, [first, slot]);
      else slots.push(slot);
    }
  }

  onProgress?.(inputs.length, inputs.length);
  if (repeats === undefined) {
    // No shared identity (the usual case): every accepted record is valid, in order.
    const warnings: RecordWarnings[] = [];
    for (let i = 0; i < warnedSlots.length; i += 1) {
      const slot = warnedSlots[i] as number;
      const record = records[slot] as RecordKinds[K] & { source: string; recordId: string };
      warnings.push({ index: indexes[slot] as number, source: record.source, recordId: record.recordId, warnings: warnedLists[i] as readonly SchemaIssue[] });
    }
    return { valid: records, validIndexes: indexes, rejected, warnings, dropped };
  }

  const duplicates = new Map<number, SchemaIssue>();
  for (const slots of repeats.values()) {
    const first = records[slots[0] as number];
    const firstIndex = indexes[slots[0] as number] as number;
    const identical = slots.every((slot) => dataEqual(records[slot], first));
    slots.forEach((slot, position) => {
      if (identical && position === 0) return;
      const message = identical ? `exact duplicate of the record at index ${firstIndex}` : `${slots.length} different records share this source and recordId`;
      duplicates.set(slot, makeIssue('schema/duplicate-record', ['recordId'], message, 'error', (records[slot] as { recordId: string }).recordId));
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
    const duplicate = duplicates.get(slot);
    if (duplicate !== undefined) {
      rejected.push({ index, source: record.source, recordId: record.recordId, issues: [duplicate, ...own] });
      continue;
    }
    valid.push(record);
    validIndexes.push(index);
    if (own.length > 0) warnings.push({ index, source: record.source, recordId: record.recordId, warnings: own });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { valid, validIndexes, rejected, warnings, dropped };
}

/** Adds the dropped-field warnings of one record to the counts. */
function countDropped(warnings: readonly SchemaIssue[], counts: DroppedFieldCounts): void {
  for (const warning of warnings) {
    if (warning.dropped !== true) continue;
    const field = fieldName(warning.path);
    // Own keys only: a field named 'constructor' or '__proto__' must get its own entry, not Object's.
    let byCode = Object.hasOwn(counts, field) ? counts[field] : undefined;
    if (byCode === undefined) {
      byCode = {};
      Object.defineProperty(counts, field, { value: byCode, enumerable: true, writable: true, configurable: true });
    }
    byCode[warning.code] = (byCode[warning.code] ?? 0) + 1;
  }
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
