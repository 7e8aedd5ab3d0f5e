import { letteredHash64Joined } from '../_internal/hash.js';
import { entityIdRank } from '../cluster/entityIds.js';

// The entity-ID rule (docs/store.md) for families and households: written once here for the batch
// group stage and the entity store. A family's or household's ID belongs to its oldest record, as a
// person's does; the kinds of record only break ties of one day.

/** The kinds of record a family or household holds. */
export type GroupRecordKind = 'person' | 'family' | 'dwelling';

/** The record a family's or household's ID derives from. */
export interface GroupIdRecord {
  readonly kind: GroupRecordKind;
  readonly source: string;
  readonly recordId: string;
  /** Its first-seen date: in a batch run the record's `observedAt`. */
  readonly observedAt: string;
}

/**
 * A group record's key: kind, source and recordId joined by NUL (a person row and a KK row may share
 * a source and recordId, so the kind is part of the key).
 *
 * @example
 * groupRecordKey('family', 'dukcapil', 'K-1') // 'family\u0000dukcapil\u0000K-1'
 */
export function groupRecordKey(kind: GroupRecordKind, source: string, recordId: string): string {
  return `${kind}\u0000${source}\u0000${recordId}`;
}

/**
 * A group record's age rank (the smaller is the older): first seen, then kind (`dwelling` < `family` <
 * `person`, so a KK or dwelling row names a family or household before its members' rows of one day),
 * then source and recordId.
 *
 * @example
 * groupRecordRank({ kind: 'person', source: 'dtks', recordId: 'D-1', observedAt: '2024-01-05' })
 *   < groupRecordRank({ kind: 'family', source: 'dtks', recordId: 'K-1', observedAt: '2024-03-01' }) // true
 */
export function groupRecordRank(record: GroupIdRecord): string {
  return entityIdRank(record.observedAt, groupRecordKey(record.kind, record.source, record.recordId));
}

/**
 * Orders two group records by age ({@link groupRecordRank}) without building the rank texts.
 *
 * @example
 * compareGroupRecordAge(a, b) < 0 // a is older
 */
export function compareGroupRecordAge(a: GroupIdRecord, b: GroupIdRecord): number {
  if (a.observedAt !== b.observedAt) return a.observedAt < b.observedAt ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  return a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0;
}

/**
 * A family's natural ID: `F` + hash64 of its ID-giving record's kind, source and recordId, with at
 * least one letter as person and decision IDs (see `letteredHash64Joined`; a salt above 0 only when
 * the natural ID is held by another live family, see `assignEntityIds`).
 *
 * @example
 * naturalFamilyId({ kind: 'person', source: 'dtks', recordId: 'D-1' }) // 'F…' (16 hex digits)
 */
export function naturalFamilyId(record: Pick<GroupIdRecord, 'kind' | 'source' | 'recordId'>, salt = 0): string {
  return `F${letteredHash64Joined('family', record.kind, record.source, salt === 0 ? record.recordId : `${record.recordId}\u0000${salt}`)}`;
}

/**
 * A household's natural ID: `H` + hash64 of its ID-giving record's kind, source and recordId, with
 * at least one letter.
 *
 * @example
 * naturalHouseholdId({ kind: 'dwelling', source: 'bps', recordId: 'R-9' }) // 'H…' (16 hex digits)
 */
export function naturalHouseholdId(record: Pick<GroupIdRecord, 'kind' | 'source' | 'recordId'>, salt = 0): string {
  return `H${letteredHash64Joined('household', record.kind, record.source, salt === 0 ? record.recordId : `${record.recordId}\u0000${salt}`)}`;
}
