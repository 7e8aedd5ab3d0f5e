import { at, itemAt } from '../_internal/at.js';
import { PadanError } from '../_internal/error.js';
import { StringInterner } from '../_internal/stringInterner.js';
import { float64Array, int32Array, uint8Array, withTypedArena } from '../_internal/typedArena.js';
import { valueIndexOf, type PreparedColumn } from '../model/column.js';
import type { PersonRecord } from '../schema/person.js';
import { checkResolvedPersons } from './_checkInput.js';
import { createIdentifierTable, internIdentifier, renumberByFirstUse, type IdentifierTable } from './_identifierTable.js';
import { addressId, createAddressIds, dayOfIso, relationshipBit, villageNumber, type PersonIndex } from './_personIndex.js';
import { continueResolutionArena } from './_stage.js';
import type { ResolvedPersons } from './familyTypes.js';

export type { PersonIndex } from './_personIndex.js';

/** Options of {@link indexPersons}: what the person stage already has, so the index need not read it again. */
export interface IndexPersonsOptions {
  /**
   * The records in read order, `recordsInReadOrder[i]` being `persons.records[persons.readOrder[i]]`
   * (the validated input array `resolve` holds): records are then read where they sit in memory with
   * no lookup in the canonical list per record. Give `readPositionOf` with it.
   */
  readonly recordsInReadOrder?: readonly PersonRecord[];
  /** The read position of each canonical position: the inverse of `persons.readOrder`. */
  readonly readPositionOf?: Int32Array;
  /**
   * The person stage's prepared NIK column, only when its ids are exactly the records' NIKs: records
   * that passed validation hold a NIK as 16 digits or not at all, and the `nik` preparer keeps exactly
   * those. Its ids are then the NIKs already interned (no string read or hash probe per record).
   */
  readonly nikColumn?: PreparedColumn;
  /** The same for KK numbers, with the `kk` preparer. */
  readonly kkColumn?: PreparedColumn;
}

/**
 * Reads what both group stages need of every person record (observation day, dwelling address,
 * KK, relationship, source, village, which person each NIK identifies) into typed columns, once:
 * pass the result to `groupFamilies` and `groupHouseholds` as `personIndex`. Families add their
 * records' addresses to it, so give one index only to groupings of the same persons.
 *
 * @example
 * const persons = resolvePersons(personRecords);
 * const personIndex = indexPersons(persons);
 * const families = groupFamilies(persons, familyRecords, { personIndex });
 * const households = groupHouseholds(persons, families, dwellingRecords, { personIndex });
 */
export function indexPersons(persons: ResolvedPersons, options: IndexPersonsOptions = {}): PersonIndex {
  checkResolvedPersons(persons, 'indexPersons');
  checkIndexOptions(persons, options);
  // Typed arrays from the tail of the resolution's chunk (see typedArena), left there for the stages after.
  return withTypedArena(INDEX_ARENA_BYTES_PER_RECORD * persons.records.length, () => buildPersonIndex(persons, options), continueResolutionArena(persons));
}

// Typed-array bytes per person record: about 30 kept, 24 of packed fields read once, and the tables.
const INDEX_ARENA_BYTES_PER_RECORD = 96;

function checkIndexOptions(persons: ResolvedPersons, options: IndexPersonsOptions): void {
  if (typeof options !== 'object' || options === null) throw new PadanError('invalid-argument', 'indexPersons: options must be an object');
  const n = persons.records.length;
  const { recordsInReadOrder, readPositionOf, nikColumn, kkColumn } = options;
  if ((recordsInReadOrder === undefined) !== (readPositionOf === undefined) || (recordsInReadOrder !== undefined && persons.readOrder === undefined)) {
    throw new PadanError('invalid-argument', "indexPersons: recordsInReadOrder and readPositionOf go together, and with the persons' readOrder");
  }
  if (recordsInReadOrder !== undefined && (!Array.isArray(recordsInReadOrder) || recordsInReadOrder.length !== n)) {
    throw new PadanError('invalid-argument', `indexPersons: recordsInReadOrder must list the ${n} records`);
  }
  if (readPositionOf !== undefined && (!(readPositionOf instanceof Int32Array) || readPositionOf.length !== n)) {
    throw new PadanError('invalid-argument', 'indexPersons: readPositionOf must be an Int32Array with one entry per record');
  }
  for (const [name, column] of [
    ['nikColumn', nikColumn],
    ['kkColumn', kkColumn],
  ] as const) {
    if (column === undefined) continue;
    if (typeof column !== 'object' || column === null || !(column.ids instanceof Int32Array) || column.ids.length !== n || !Array.isArray(column.valueTexts)) {
      throw new PadanError('invalid-argument', `indexPersons: ${name} must be a prepared column of these ${n} records`);
    }
  }
}

/**
 * A table of a column's values: ids are the column's value ids (numbered by first appearance in
 * canonical order), looked up in the table the column was built with — not interned again.
 */
function columnTable(column: PreparedColumn): IdentifierTable {
  return createIdentifierTable(0, valueIndexOf(column), column.valueTexts);
}

// Ints per record in the index's read pass: day, relationship | source << 4, address, village (two halves), KK.
const PACKED = 6;

/** The index, in the caller's arena (groupFamilies builds one this way when none is given). Options checked. */
export function buildPersonIndex(persons: ResolvedPersons, options: IndexPersonsOptions): PersonIndex {
  const { records, clusterOf, readOrder } = persons;
  const n = records.length;
  const { nikColumn, kkColumn } = options;
  const day = int32Array(n);
  const address = int32Array(n);
  const kk = int32Array(n);
  const rel = uint8Array(n);
  const source = int32Array(n);
  const village = float64Array(n);
  // With the person stage's columns, NIK and KK ids are the columns' value ids, looked up in the tables the columns were built with.
  const niks = nikColumn === undefined ? createIdentifierTable(n) : columnTable(nikColumn);
  const kks = kkColumn === undefined ? createIdentifierTable(n >> 2) : columnTable(kkColumn);
  // About one dwelling address per eight person records (a household's members, each seen by a few
  // sources); more only grow the table. Sized for one per four, the tables were twice as large and
  // interning took a third longer at a million records: probes spread over memory touched for the
  // first time.
  const addresses = createAddressIds(n >> 3);
  // Sources in order of first appearance; records come in runs of one source, so only a change is looked up.
  const sources = new StringInterner(16);
  let clusterOfNik = int32Array(Math.max(16, nikColumn === undefined ? n >> 1 : nikColumn.valueTexts.length)).fill(-2);
  let lastDate = '';
  let lastDay = 0;
  let lastSource: string | undefined;
  let lastSourceId = -1;
  let lastVillageCode: string | null | undefined = null;
  let lastVillageValue = -1;
  // One pass reads every field the group stages need, in read order when given: records sorted
  // canonically sit scattered in memory; at a million records reading them in that order took 4.3 s,
  // where they sit 1.5 s. Writing each field straight to the record's canonical position would
  // scatter the writes instead (six misses per record, 2 s at a million): the fields go packed side by
  // side by read position, and a second pass lays them out by canonical position, one read per record.
  const packed = int32Array(n * PACKED);
  const inReadOrder = options.recordsInReadOrder;
  for (let i = 0; i < n; i++) {
    const r = readOrder === undefined ? i : at(readOrder, i);
    const record = itemAt(inReadOrder === undefined ? records : inReadOrder, inReadOrder === undefined ? r : i);
    const slot = i * PACKED;
    // A source observes on few days: most dates repeat the last.
    const date = record.observedAt;
    if (date !== lastDate) {
      lastDate = date;
      lastDay = dayOfIso(date);
    }
    packed[slot] = lastDay;
    const recordSource = record.source;
    if (recordSource !== lastSource) {
      lastSource = recordSource;
      lastSourceId = sources.intern(recordSource);
    }
    packed[slot + 1] = relationshipBit(record.relationship) | (lastSourceId << 4);
    const recordAddress = record.address;
    packed[slot + 2] = addressId(addresses, recordAddress);
    // Consecutive records mostly share a village: its number is parsed again only when the code changes.
    const villageCode = recordAddress === null || recordAddress === undefined ? null : recordAddress.villageCode;
    if (villageCode !== lastVillageCode) {
      lastVillageCode = villageCode;
      lastVillageValue = villageCode === null ? -1 : villageNumber(villageCode);
    }
    const villageValue = lastVillageValue;
    // Ten digits do not fit an int: the first five, then the last five (or the -1 / -2 mark alone).
    const villageHigh = villageValue < 0 ? villageValue : Math.floor(villageValue / 100_000);
    packed[slot + 3] = villageHigh;
    packed[slot + 4] = villageValue < 0 ? 0 : villageValue - villageHigh * 100_000;
    if (kkColumn === undefined) {
      const recordKk = record.kk;
      packed[slot + 5] = typeof recordKk === 'string' ? internIdentifier(kks, recordKk) : -1;
    }
    if (nikColumn === undefined) {
      const id = typeof record.nik === 'string' ? internIdentifier(niks, record.nik) : -1;
      if (id >= 0) clusterOfNik = noteNikCluster(clusterOfNik, id, at(clusterOf, r));
    }
  }
  // The read position of each canonical position, then every field by canonical position.
  let readAt = options.readPositionOf;
  if (readOrder !== undefined && readAt === undefined) {
    readAt = int32Array(n);
    for (let i = 0; i < n; i++) readAt[at(readOrder, i)] = i;
  }
  for (let r = 0; r < n; r++) {
    const slot = (readAt === undefined ? r : at(readAt, r)) * PACKED;
    day[r] = at(packed, slot);
    rel[r] = at(packed, slot + 1) & 15;
    source[r] = at(packed, slot + 1) >> 4;
    address[r] = at(packed, slot + 2);
    const villageHigh = at(packed, slot + 3);
    village[r] = villageHigh < 0 ? villageHigh : villageHigh * 100_000 + at(packed, slot + 4);
    if (kkColumn === undefined) kk[r] = at(packed, slot + 5);
  }
  // KK ids are card numbers: in order of first appearance in canonical order, whatever the read order
  // (a column's value ids already are).
  if (kkColumn !== undefined) kk.set(kkColumn.ids);
  else renumberByFirstUse(kks, kk);
  if (nikColumn !== undefined) {
    const values = nikColumn.ids;
    for (let r = 0; r < n; r++) {
      const id = at(values, r);
      if (id >= 0) clusterOfNik = noteNikCluster(clusterOfNik, id, at(clusterOf, r));
    }
  }
  return {
    day,
    address,
    addresses,
    niks,
    clusterOfNik: clusterOfNik.subarray(0, niks.texts.length),
    kk,
    kks,
    rel,
    source,
    sources: sources.values,
    village,
    readPositionOf: readAt,
    recordsInReadOrder: inReadOrder,
  };
}

/**
 * Notes that a record of person `cluster` carries NIK `id`: the NIK's cluster, or -1 once it is seen
 * on two persons (reused), so it identifies neither. Returns the array, grown when `id` is past it.
 */
function noteNikCluster(clusterOfNik: Int32Array, id: number, cluster: number): Int32Array {
  let table = clusterOfNik;
  if (id >= table.length) {
    table = int32Array(Math.max(id + 1, table.length * 2)).fill(-2);
    table.set(clusterOfNik);
  }
  const seen = at(table, id);
  if (seen === -2) table[id] = cluster;
  else if (seen !== cluster) table[id] = -1;
  return table;
}
