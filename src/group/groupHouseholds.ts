import { itemAt } from '../_internal/at.js';
import { PadanError } from '../_internal/error.js';
import { hash64Joined } from '../_internal/hash.js';
import type { DwellingRecord } from '../schema/dwelling.js';
import type { Address } from '../schema/fields.js';
import type { PersonRecord } from '../schema/person.js';
import { validateBatch, type Rejection } from '../schema/validate.js';
import { createIdentifierTable, findIdentifier, internIdentifier } from './_identifierTable.js';
import { addressId, dayOfIso, villageNumber, type PersonIndex } from './_personIndex.js';
import { buildPersonIndex } from './indexPersons.js';
import { dwellingEvidence, evidenceScore, type HouseholdEvidence } from './householdRules.js';
import { createUnionFind, findRoot, unite, type UnionFind } from '../_internal/unionFind.js';
import { canonicalOrder } from './_canonicalOrder.js';
import { collect, createDistinctSorted, takeDistinctSorted } from './_distinctSorted.js';
import { checkPersonIndex, checkResolvedPersons } from './_checkInput.js';
import { groupByKey } from './_csr.js';
import { listOf } from './_listOf.js';
import type { FamilyCard, FamilyGrouping, ResolvedPersons } from './groupFamilies.js';
import type { FamilyRecord } from '../schema/family.js';
import { float64Array, int32Array, uint8Array, withTypedArena } from '../_internal/typedArena.js';
import { continueResolutionArena, stepClock } from './_stage.js';

/** The steps of {@link groupHouseholds}, in order. */
export type HouseholdStep = 'validate' | 'order' | 'index' | 'join' | 'read' | 'match' | 'assign' | 'build';

/** Options of {@link groupHouseholds}. */
export interface GroupHouseholdsOptions {
  /** Validate dwelling records with the dwelling schema first (default true). */
  readonly validate?: boolean;
  /**
   * Link a dwelling record with no known KK and no known address by its head's name within the
   * village (default true). Turn off where names are too common to trust inside one village.
   */
  readonly matchHeadName?: boolean;
  /** The person index `groupFamilies` was given for these persons (see `indexPersons`); built here when left out. */
  readonly personIndex?: PersonIndex;
}

export type { HouseholdEvidence } from './householdRules.js';

/** How one dwelling record was linked to a household. */
export interface DwellingMatch {
  /** Position in `grouping.dwellingRecords`. */
  readonly dwelling: number;
  readonly household: number;
  /** The strongest evidence that linked it, or `none` for a dwelling no person or family record matched. */
  readonly by: HouseholdEvidence | 'none';
  /** Family indexes whose KK the record lists. */
  readonly familiesByKk: readonly number[];
  /** KK numbers the record lists that are on no known card. */
  readonly unknownKks: number;
  /** Its address (village + RT/RW + street) is one a person or family record of the household has. */
  readonly sameAddress: boolean;
  /** Person cluster index its head NIK or head name led to, or -1. */
  readonly head: number;
  /** Evidence strength in [0, 1]: KK 1, address 0.9, head NIK 0.8, head name 0.6. */
  readonly score: number;
}

/** Two families put in one household, and why. */
export interface HouseholdLink {
  readonly left: number;
  readonly right: number;
  readonly by: 'address' | 'dwelling-kk';
  /** The dwelling record that listed both KKs, or -1. */
  readonly dwelling: number;
}

/** One household (rumah tangga): the families living in one dwelling. */
export interface UnifiedHousehold {
  /** Stable ID: derived from the household's first record in canonical (source, recordId) order. */
  readonly id: string;
  /** Family indexes (into `families.families`), ascending. */
  readonly families: readonly number[];
  /** Person cluster indexes, ascending. */
  readonly members: readonly number[];
  /** Positions of its dwelling records in `grouping.dwellingRecords`. */
  readonly dwellingRecords: readonly number[];
  /** Person cluster index of the household head, or -1. */
  readonly head: number;
  /** The most recently observed complete address, or null. */
  readonly address: Address | null;
}

/** The result of {@link groupHouseholds}. */
export interface HouseholdGrouping {
  readonly households: readonly UnifiedHousehold[];
  /** Household index of each person record. */
  readonly householdOf: Int32Array;
  /** Household index of each family. */
  readonly householdOfFamily: Int32Array;
  /** Valid dwelling records in canonical (source, recordId) order. */
  readonly dwellingRecords: readonly DwellingRecord[];
  /** Household index of each dwelling record. */
  readonly householdOfDwelling: Int32Array;
  readonly dwellingMatches: readonly DwellingMatch[];
  readonly links: readonly HouseholdLink[];
  readonly rejections: readonly Rejection[];
  readonly report: {
    readonly households: number;
    readonly dwellingsLinked: number;
    readonly dwellingsUnlinked: number;
    readonly elapsedMs: number;
    /** Milliseconds per step: validating dwelling records, ordering them, indexing person records (done once per resolution), joining families by address, reading dwelling records, matching dwellings, numbering households, building the output. */
    readonly stepMs: Readonly<Record<HouseholdStep, number>>;
  };
}

function nameKey(name: string): string {
  return name.toUpperCase().replace(/[^A-Z]+/g, ' ').trim();
}

/**
 * Groups families into households (a dwelling can hold several KKs) and links dwelling records to
 * them: families seen at one dwelling address, or listed together by a dwelling record, are one
 * household; a dwelling record joins by its KKs, else its address, else its head's NIK, else its
 * head's name in the same village. A family is always in exactly one household.
 *
 * @example
 * const persons = resolvePersons(personRecords);
 * const families = groupFamilies(persons, familyRecords);
 * const households = groupHouseholds(persons, families, dwellingRecords);
 * households.households[households.householdOf[0]].families // [0, 3]: two KKs under one roof
 * households.dwellingMatches[0] // { by: 'dwelling-kk', familiesByKk: [0, 3], score: 1, … }
 */
export function groupHouseholds(
  persons: ResolvedPersons,
  families: FamilyGrouping,
  dwellingRecords: readonly unknown[] = [],
  options?: GroupHouseholdsOptions,
): HouseholdGrouping {
  // Typed arrays from a few large buffers (see typedArena): one by one they set off full collections.
  const expectedBytes = HOUSEHOLD_ARENA_BYTES_PER_RECORD * ((persons?.records?.length ?? 0) + (Array.isArray(dwellingRecords) ? dwellingRecords.length : 0));
  return withTypedArena(expectedBytes, () => groupHouseholdsInArena(persons, families, dwellingRecords, options), continueResolutionArena(persons));
}

// Typed-array bytes per person and dwelling record: about 20 when groupFamilies indexed the person records
// (measured at 100k persons), about 200 when this call has to (a resolution object groupFamilies did not see).
const HOUSEHOLD_ARENA_BYTES_PER_RECORD = 224;

function groupHouseholdsInArena(
  persons: ResolvedPersons,
  families: FamilyGrouping,
  dwellingRecords: readonly unknown[],
  options: GroupHouseholdsOptions | undefined,
): HouseholdGrouping {
  checkResolvedPersons(persons, 'groupHouseholds');
  if (typeof options !== 'undefined' && (typeof options !== 'object' || options === null)) throw new PadanError('invalid-config', 'groupHouseholds: options must be an object');
  const validate = options?.validate ?? true;
  const matchHeadName = options?.matchHeadName ?? true;
  if (typeof validate !== 'boolean' || typeof matchHeadName !== 'boolean') throw new PadanError('invalid-config', 'groupHouseholds: validate and matchHeadName must be booleans');
  if (typeof families !== 'object' || families === null || !(families.familyOf instanceof Int32Array) || families.familyOf.length !== persons.records.length) {
    throw new PadanError('invalid-argument', 'groupHouseholds: families must be the groupFamilies result for the same resolution');
  }
  if (!Array.isArray(dwellingRecords)) throw new PadanError('invalid-argument', 'groupHouseholds: dwellingRecords must be an array');
  const started = performance.now();
  const lap = stepClock<HouseholdStep>();

  let rejections: readonly Rejection[] = [];
  let valid: DwellingRecord[];
  if (validate) {
    const batch = validateBatch(dwellingRecords, 'dwelling');
    valid = batch.valid;
    rejections = batch.rejected;
  } else valid = dwellingRecords as DwellingRecord[];
  lap('validate');
  const order = canonicalOrder(valid);
  const dwellings = new Array<DwellingRecord>(order.length);
  for (let k = 0; k < order.length; k++) dwellings[k] = valid[order[k] as number] as DwellingRecord;
  lap('order');

  const familyCount = families.families.length;
  const index = options?.personIndex ?? buildPersonIndex(persons, {});
  checkPersonIndex(index, persons, 'groupHouseholds');
  lap('index');
  const forest = createUnionFind(familyCount + dwellings.length);
  const links: HouseholdLink[] = [];
  // Family and dwelling records can add addresses; no more than one each.
  const places: Places = { nodeAt: int32Array(index.addresses.size + families.familyRecords.length + dwellings.length).fill(-1), forest, links };
  const latest = joinByAddress(persons, families, index, places);
  lap('join');
  const dwellingColumns = readDwellingRecords(persons, families, valid, index);
  lap('read');
  const matches = matchDwellings(persons, families, dwellings, dwellingColumns, order, index, places, matchHeadName);
  lap('match');
  const grouped = assignHouseholds(families, dwellings, forest);
  lap('assign');

  const householdOf = int32Array(persons.records.length);
  const familyOf = families.familyOf;
  for (let r = 0; r < householdOf.length; r++) householdOf[r] = grouped.householdOfFamily[familyOf[r] as number] as number;

  const dwellingMatches = new Array<DwellingMatch>(dwellings.length);
  for (let d = 0; d < dwellings.length; d++) {
    const by = matches.by[d] as HouseholdEvidence | 'none';
    dwellingMatches[d] = {
      dwelling: d,
      household: grouped.householdOfDwelling[d] as number,
      by,
      familiesByKk: matches.familiesByKk[d] as number[],
      unknownKks: matches.unknownKks[d] as number,
      sameAddress: matches.sameAddress[d] === 1,
      head: matches.head[d] as number,
      score: evidenceScore(by),
    };
  }

  const { households, dwellingsLinked } = buildHouseholds(persons.records, families, dwellings, grouped, latest, dwellingMatches);
  const stepMs = lap('build');
  return {
    households,
    householdOf,
    householdOfFamily: grouped.householdOfFamily,
    dwellingRecords: dwellings,
    householdOfDwelling: grouped.householdOfDwelling,
    dwellingMatches,
    links,
    rejections,
    report: { households: households.length, dwellingsLinked, dwellingsUnlinked: dwellings.length - dwellingsLinked, elapsedMs: performance.now() - started, stepMs },
  };
}

/** The first node (family or dwelling record) seen at each address id, -1 for none yet. */
interface Places {
  readonly nodeAt: Int32Array;
  readonly forest: UnionFind;
  readonly links: HouseholdLink[];
}

/** Puts `node` in the household of the first node seen at `address`; a link between families is recorded. */
function atAddress(places: Places, address: number, node: number, dwelling: number): void {
  const first = places.nodeAt[address] as number;
  if (first < 0) places.nodeAt[address] = node;
  else if (first !== node && unite(places.forest, first, node) && dwelling < 0) places.links.push({ left: Math.min(first, node), right: Math.max(first, node), by: 'address', dwelling: -1 });
}

/** Each family's most recently observed complete address. */
interface LatestAddress {
  /** The person record it is on, -1 for none: read only for the household's chosen family, not on every later sighting. */
  readonly record: Int32Array;
  readonly day: Float64Array;
}

/**
 * Families seen at one dwelling address share the dwelling. Records placed in a family without a KK
 * of their own are left out: a wrong placement would weld two dwellings together.
 */
function joinByAddress(persons: ResolvedPersons, families: FamilyGrouping, index: PersonIndex, places: Places): LatestAddress {
  const { records } = persons;
  const { familyOf, cardOf } = families;
  const familyCount = families.families.length;
  // Families with no card at all only have their records' addresses to go on.
  const cardless = uint8Array(familyCount);
  for (let f = 0; f < familyCount; f++) if (itemAt(families.families, f).cards.length === 0) cardless[f] = 1;
  const latest: LatestAddress = { record: int32Array(familyCount).fill(-1), day: float64Array(familyCount).fill(-Infinity) };
  const recordAddress = index.address;
  const recordDay = index.day;
  for (let r = 0; r < records.length; r++) {
    const address = recordAddress[r] as number;
    const family = familyOf[r] as number;
    if (address < 0 || ((cardOf[r] as number) < 0 && cardless[family] === 0)) continue;
    const day = recordDay[r] as number;
    if (day > (latest.day[family] as number)) {
      latest.day[family] = day;
      latest.record[family] = r;
    }
    atAddress(places, address, family, -1);
  }
  const familyRecords = families.familyRecords;
  // groupFamilies interned these addresses in the same index: each is looked up, not added.
  for (let position = 0; position < familyRecords.length; position++) {
    const address = addressId(index.addresses, itemAt(familyRecords, position).address);
    const family = families.familyOfRecord[position] as number;
    if (address >= 0 && family >= 0) atAddress(places, address, family, -1);
  }
  return latest;
}

/** The candidate record nearest in time: the person's family then, not before a split or after. */
function nearest(candidates: readonly number[], day: number, recordDay: Int32Array): number {
  let best = -1;
  let bestGap = Infinity;
  for (let k = 0; k < candidates.length; k++) {
    const r = candidates[k] as number;
    const gap = Math.abs((recordDay[r] as number) - day);
    if (gap < bestGap) {
      bestGap = gap;
      best = r;
    }
  }
  return best;
}

/** How each dwelling record matched, as columns by dwelling position. */
interface Matches {
  readonly by: (HouseholdEvidence | 'none')[];
  readonly familiesByKk: number[][];
  readonly unknownKks: Int32Array;
  readonly sameAddress: Uint8Array;
  readonly head: Int32Array;
}

/**
 * What the stage reads of each dwelling record, by position among the valid records (read order: one
 * pass where the records sit in memory, not scattered as they are sorted canonically).
 */
interface DwellingColumns {
  /** Families whose KK each record lists, ascending: record d's are `family[familyStart[d] .. familyStart[d + 1])`. */
  readonly familyStart: Int32Array;
  readonly family: Int32Array;
  /** KK numbers each record lists that are on no known card. */
  readonly unknownKks: Int32Array;
  /** Dwelling address id of each record, -1 when incomplete. */
  readonly address: Int32Array;
  /** The person record its head NIK leads to (that person's record nearest in time), or -1. */
  readonly headRecord: Int32Array;
  /** 1 when the record has a head name and a village code to look the name up in. */
  readonly named: Uint8Array;
}

function readDwellingRecords(persons: ResolvedPersons, families: FamilyGrouping, dwellings: readonly DwellingRecord[], index: PersonIndex): DwellingColumns {
  const m = dwellings.length;
  // The cards' KK numbers as a table (ids are card indexes), and the family of each card.
  const cardIds = createIdentifierTable(families.cards.length);
  const cardFamily = int32Array(families.cards.length);
  for (let card = 0; card < families.cards.length; card++) {
    const { kk, family } = itemAt(families.cards, card);
    internIdentifier(cardIds, kk);
    cardFamily[card] = family;
  }
  let capacity = 0;
  for (let d = 0; d < m; d++) capacity += (dwellings[d] as DwellingRecord).kks?.length ?? 0;
  const columns: DwellingColumns = {
    familyStart: int32Array(m + 1),
    family: int32Array(capacity),
    unknownKks: int32Array(m),
    address: int32Array(m),
    headRecord: int32Array(m).fill(-1),
    named: uint8Array(m),
  };
  const { familyStart, family: listed } = columns;
  let count = 0;
  for (let d = 0; d < m; d++) {
    const dwelling = dwellings[d] as DwellingRecord;
    familyStart[d] = count;
    const from = count;
    let unknownKks = 0;
    const kks = dwelling.kks ?? [];
    for (let k = 0; k < kks.length; k++) {
      const card = findIdentifier(cardIds, kks[k] as string);
      if (card < 0) {
        unknownKks++;
        continue;
      }
      // Ascending and distinct, by insertion: a dwelling lists a KK or two.
      const family = cardFamily[card] as number;
      let j = count;
      while (j > from && (listed[j - 1] as number) > family) j--;
      if (j > from && listed[j - 1] === family) continue;
      for (let i = count; i > j; i--) listed[i] = listed[i - 1] as number;
      listed[j] = family;
      count++;
    }
    columns.unknownKks[d] = unknownKks;
    columns.address[d] = addressId(index.addresses, dwelling.address);
    if (dwelling.headNik) {
      const id = findIdentifier(index.niks, dwelling.headNik);
      const person = id < 0 ? -1 : (index.clusterOfNik[id] as number);
      if (person >= 0) columns.headRecord[d] = nearest(persons.clusters[person]?.records ?? [], dayOfIso(dwelling.observedAt), index.day);
    }
    if (dwelling.headName && dwelling.address?.villageCode) columns.named[d] = 1;
  }
  familyStart[m] = count;
  return columns;
}

/**
 * Links each dwelling record, in canonical order: by its KKs, its address, its head's NIK, else its
 * head's name in the village.
 */
function matchDwellings(
  persons: ResolvedPersons,
  families: FamilyGrouping,
  dwellings: readonly DwellingRecord[],
  columns: DwellingColumns,
  order: Int32Array,
  index: PersonIndex,
  places: Places,
  matchHeadName: boolean,
): Matches {
  const { records, clusterOf } = persons;
  const familyOf = families.familyOf;
  const familyCount = families.families.length;
  const forest = places.forest;
  const matches: Matches = {
    by: new Array<HouseholdEvidence | 'none'>(dwellings.length),
    familiesByKk: new Array<number[]>(dwellings.length),
    unknownKks: int32Array(dwellings.length),
    sameAddress: uint8Array(dwellings.length),
    head: int32Array(dwellings.length).fill(-1),
  };
  const needName: number[] = [];
  for (let d = 0; d < dwellings.length; d++) {
    const read = order[d] as number;
    const node = familyCount + d;
    const from = columns.familyStart[read] as number;
    const to = columns.familyStart[read + 1] as number;
    const familiesByKk = listOf(columns.family, from, to);
    const first = familiesByKk[0];
    for (let k = 0; k < familiesByKk.length; k++) {
      const family = familiesByKk[k] as number;
      if (family !== first && unite(forest, first as number, family)) places.links.push({ left: first as number, right: family, by: 'dwelling-kk', dwelling: d });
      unite(forest, node, family);
    }
    const address = columns.address[read] as number;
    const known = address >= 0 && (places.nodeAt[address] as number) >= 0;
    if (address >= 0) atAddress(places, address, node, d);
    const r = columns.headRecord[read] as number;
    const by = dwellingEvidence({ listsKnownKk: familiesByKk.length > 0, atKnownAddress: known, headNikKnown: r >= 0, headNameFound: false });
    const head = r >= 0 ? (clusterOf[r] as number) : -1;
    if (by === 'head-nik') unite(forest, node, familyOf[r] as number);
    // Nothing else placed it: its head's name in the village may, looked up below for all such records at once.
    if (by === 'none' && matchHeadName && columns.named[read] === 1) needName.push(d);
    matches.by[d] = by;
    matches.familiesByKk[d] = familiesByKk;
    matches.unknownKks[d] = columns.unknownKks[read] as number;
    matches.sameAddress[d] = known ? 1 : 0;
    matches.head[d] = head;
  }

  // The name index costs a pass over the records: built only for the villages of dwellings nothing else placed.
  if (needName.length > 0) {
    const villages = new Set(needName.map((d) => (dwellings[d] as DwellingRecord).address?.villageCode as string));
    // Villages as numbers, checked against the index's column: the records themselves are read only in those villages.
    const villageNumbers = new Set<number>();
    for (const village of villages) {
      const value = villageNumber(village);
      if (value >= 0) villageNumbers.add(value);
    }
    const recordVillage = index.village;
    const byName = new Map<string, number[]>();
    for (let r = 0; r < records.length; r++) {
      const value = recordVillage[r] as number;
      if (value === -1 || (value >= 0 && !villageNumbers.has(value))) continue;
      const record = records[r] as PersonRecord;
      const village = record.address?.villageCode;
      // A person known only by NIK has no name to look up by.
      if (!village || !villages.has(village) || !record.name) continue;
      const key = `${village}|${nameKey(record.name)}`;
      const list = byName.get(key);
      if (list) list.push(r);
      else byName.set(key, [r]);
    }
    for (const d of needName) {
      const dwelling = dwellings[d] as DwellingRecord;
      const r = nearest(byName.get(`${dwelling.address?.villageCode as string}|${nameKey(dwelling.headName as string)}`) ?? [], dayOfIso(dwelling.observedAt), index.day);
      if (r < 0) continue;
      unite(forest, familyCount + d, familyOf[r] as number);
      matches.by[d] = dwellingEvidence({ listsKnownKk: false, atKnownAddress: false, headNikKnown: false, headNameFound: true });
      matches.head[d] = clusterOf[r] as number;
    }
  }
  return matches;
}

/** Households numbered in order of their first family (then dwelling), with their families and dwellings as flat lists. */
interface AssignedHouseholds {
  readonly count: number;
  readonly householdOfFamily: Int32Array;
  readonly householdOfDwelling: Int32Array;
  /** The node a household's ID derives from: a family f, or dwelling record d as -(d + 1). */
  readonly firstNode: Int32Array;
  readonly familyStart: Int32Array;
  readonly familyList: Int32Array;
  readonly dwellingStart: Int32Array;
  readonly dwellingList: Int32Array;
}

function assignHouseholds(families: FamilyGrouping, dwellings: readonly DwellingRecord[], forest: UnionFind): AssignedHouseholds {
  const familyCount = families.families.length;
  // Households in order of their first family (then dwelling), so indexes and IDs do not depend on input order.
  const householdOfRoot = int32Array(familyCount + dwellings.length).fill(-1);
  const firstNode = int32Array(familyCount + dwellings.length);
  let count = 0;
  const householdOfFamily = int32Array(familyCount);
  for (let f = 0; f < familyCount; f++) {
    const root = findRoot(forest, f);
    let household = householdOfRoot[root] as number;
    if (household < 0) {
      household = count++;
      householdOfRoot[root] = household;
      firstNode[household] = f;
    }
    householdOfFamily[f] = household;
  }
  const householdOfDwelling = int32Array(dwellings.length);
  for (let d = 0; d < dwellings.length; d++) {
    const root = findRoot(forest, familyCount + d);
    let household = householdOfRoot[root] as number;
    if (household < 0) {
      household = count++;
      householdOfRoot[root] = household;
      firstNode[household] = -(d + 1);
    }
    householdOfDwelling[d] = household;
  }
  const byFamily = groupByKey(householdOfFamily, familyCount, count);
  const byDwelling = groupByKey(householdOfDwelling, dwellings.length, count);
  return {
    count,
    householdOfFamily,
    householdOfDwelling,
    firstNode: firstNode.subarray(0, count),
    familyStart: byFamily.start,
    familyList: byFamily.items,
    dwellingStart: byDwelling.start,
    dwellingList: byDwelling.items,
  };
}

function buildHouseholds(
  records: readonly PersonRecord[],
  families: FamilyGrouping,
  dwellings: readonly DwellingRecord[],
  grouped: AssignedHouseholds,
  latest: LatestAddress,
  dwellingMatches: readonly DwellingMatch[],
): { households: UnifiedHousehold[]; dwellingsLinked: number } {
  const households = new Array<UnifiedHousehold>(grouped.count);
  const members = createDistinctSorted();
  let dwellingsLinked = 0;
  for (let h = 0; h < grouped.count; h++) {
    const familyFrom = grouped.familyStart[h] as number;
    const familyTo = grouped.familyStart[h + 1] as number;
    let head = -1;
    let headSize = -1;
    let addressRecord = -1;
    let addressDay = -Infinity;
    for (let k = familyFrom; k < familyTo; k++) {
      const f = grouped.familyList[k] as number;
      const family = families.families[f];
      if (family === undefined) continue;
      const familyMembers = family.members;
      for (let m = 0; m < familyMembers.length; m++) collect(members, familyMembers[m] as number);
      // The head of the largest family heads the household unless a dwelling record names one.
      if (family.head >= 0 && familyMembers.length > headSize) {
        head = family.head;
        headSize = familyMembers.length;
      }
      if ((latest.record[f] as number) >= 0 && (latest.day[f] as number) > addressDay) {
        addressRecord = latest.record[f] as number;
        addressDay = latest.day[f] as number;
      }
    }
    const dwellingFrom = grouped.dwellingStart[h] as number;
    const dwellingTo = grouped.dwellingStart[h + 1] as number;
    for (let k = dwellingFrom; k < dwellingTo; k++) {
      const match = dwellingMatches[grouped.dwellingList[k] as number];
      if (match !== undefined && match.head >= 0 && match.by !== 'none') head = match.head;
      if (familyTo > familyFrom) dwellingsLinked++;
    }
    const first = grouped.firstNode[h] as number;
    const firstDwelling = first >= 0 ? undefined : (dwellings[-first - 1] as DwellingRecord);
    households[h] = {
      // The kind is in the hashed text so a household and its first family never share an ID's digits.
      id: `H${firstDwelling === undefined ? hash64Joined('household', families.families[first]?.id as string) : hash64Joined('household', 'dwelling', firstDwelling.source, firstDwelling.recordId)}`,
      families: listOf(grouped.familyList, familyFrom, familyTo),
      members: takeDistinctSorted(members),
      dwellingRecords: listOf(grouped.dwellingList, dwellingFrom, dwellingTo),
      head,
      address: addressRecord < 0 ? null : ((records[addressRecord] as PersonRecord).address ?? null),
    };
  }
  return { households, dwellingsLinked };
}

