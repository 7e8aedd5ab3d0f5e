/**
 * A hand-written parse of a family (KK) record for the common case, a well-formed input: the same
 * normalizers as `familySchema`, in the same field order; it gives up (returns `undefined`) at the
 * first thing it does not handle or that is wrong, and the caller then runs zod, which reports every
 * issue. Why, and how it is written: see `parsePersonFast`. A property test checks that this path and
 * zod agree on generated records.
 *
 * The key set most sources send (every family field, no `extra`) has its own object literal; other key
 * sets take a general builder that adds the same keys in the same order.
 */
import { ENVELOPE_NORMALIZERS, moveUnknownFields, type Address } from './fields.js';
import { FAMILY_FIELDS, FAMILY_NORMALIZERS, type FamilyRecord } from './family.js';
import { Problem } from './normalize.js';
import { ABSENT, copyExtra, GAVE_UP, hasOwn, isPlainObject, missing, parseAddress, parseChannel, parseIdentifierList, type Absent } from './_parseFast.js';

// Each normalizer bound once, so every call site below calls one known function.
const normalizeSource = ENVELOPE_NORMALIZERS.source;
const normalizeRecordId = ENVELOPE_NORMALIZERS.recordId;
const normalizeObservedAt = ENVELOPE_NORMALIZERS.observedAt;
const normalizeKk = FAMILY_NORMALIZERS.kk;
const normalizeHeadNik = FAMILY_NORMALIZERS.headNik;
const normalizeHeadName = FAMILY_NORMALIZERS.headName;
const normalizeMemberNik = FAMILY_NORMALIZERS.memberNik;

/**
 * Parses a well-formed family record without zod, or returns `undefined` when zod must decide.
 *
 * @example
 * parseFamilyFast({ source: 'dukcapil', recordId: 'K1', observedAt: '2024-01-05', channel: { kind: 'registry' }, kk: '3201-0105-0124-0007' })
 * // → { source: 'dukcapil', recordId: 'K1', observedAt: '2024-01-05', channel: { kind: 'registry' }, kk: '3201010501240007' }
 */
export function parseFamilyFast(input: unknown): FamilyRecord | undefined {
  if (!isPlainObject(input)) return undefined;
  for (const key in input) {
    if (FAMILY_FIELDS.has(key)) continue;
    // Rare: an unknown field, moved into `extra` (inherited keys are ignored there, as by zod).
    const moved = moveUnknownFields(input, FAMILY_FIELDS);
    return moved.stuck ? undefined : parseKnownFields(moved.record as Record<string, unknown>);
  }
  return parseKnownFields(input);
}

/** `parseFamilyFast` on a record whose own fields are all family fields. */
function parseKnownFields(record: Record<string, unknown>): FamilyRecord | undefined {
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
  const kk = normalizeKk(record['kk']);
  if (kk instanceof Problem) return undefined;
  const rawHeadNik = record['headNik'];
  const headNik = rawHeadNik === undefined ? missing(record, 'headNik') : normalizeHeadNik(rawHeadNik);
  if (headNik instanceof Problem) return undefined;
  // Nullable in the schema: `null` is kept without asking the (required) name normalizer.
  const rawHeadName = record['headName'];
  const headName = rawHeadName === undefined ? missing(record, 'headName') : rawHeadName === null ? null : normalizeHeadName(rawHeadName);
  if (headName instanceof Problem) return undefined;
  let memberNiks: string[] | undefined | Absent = ABSENT;
  if (hasOwn.call(record, 'memberNiks')) {
    const rawMembers = record['memberNiks'];
    const parsed = rawMembers === undefined ? undefined : parseIdentifierList(rawMembers, normalizeMemberNik);
    if (parsed === GAVE_UP) return undefined;
    memberNiks = parsed;
  }
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

  if (headNik !== ABSENT && headName !== ABSENT && memberNiks !== ABSENT && address !== ABSENT && extra === ABSENT) {
    return { source, recordId, observedAt, channel, kk, headNik, headName, memberNiks, address };
  }
  // Any other key set: the same keys in the same order, added one by one.
  const output: { -readonly [K in keyof FamilyRecord]?: FamilyRecord[K] } = { source, recordId, observedAt, channel, kk };
  if (headNik !== ABSENT) output.headNik = headNik;
  if (headName !== ABSENT) output.headName = headName;
  if (memberNiks !== ABSENT) output.memberNiks = memberNiks;
  if (address !== ABSENT) output.address = address;
  if (extra !== ABSENT) output.extra = extra;
  return output as FamilyRecord;
}
