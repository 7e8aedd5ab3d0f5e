import { PadanError } from '../_internal/error.js';
import { hash64Joined } from '../_internal/hash.js';
import { StringInterner } from '../_internal/stringInterner.js';
import { compareNik, type NikComparisonLevel } from '../comparators/compareNik.js';
import type { PreparedColumn } from '../model/column.js';
import type { FamilyRecord } from '../schema/family.js';
import type { PersonRecord } from '../schema/person.js';
import { validateBatch, type Rejection } from '../schema/validate.js';
import { copyIdentifierTable, createIdentifierTable, findIdentifier, internIdentifier, type IdentifierTable } from './_identifierTable.js';
import { addressId, dayOfIso, indexPersons, isoOfDay, REL_CHILD, REL_HEAD, REL_SPOUSE, rememberFamilyReading, type PersonIndex } from './_personIndex.js';
import { canonicalOrder } from './_canonicalOrder.js';
import { groupByKey } from './_csr.js';
import { listOf } from './_listOf.js';
import { collect, createDistinctSorted, takeDistinctSorted } from './_distinctSorted.js';
import { checkResolvedPersons } from './_checkInput.js';
import { createUnionFind, findRoot, unite, type UnionFind } from '../_internal/unionFind.js';
import { float64Array, int32Array, uint8Array, withTypedArena } from '../_internal/typedArena.js';
import { continueResolutionArena, stepClock } from './_stage.js';
import { readingOf } from './_reading.js';

/** What the group stage needs of a person resolution (a `PersonResolution` has all of it). */
export interface ResolvedPersons {
  /** Person records in canonical (source, recordId) order. */
  readonly records: readonly PersonRecord[];
  readonly clusters: readonly { readonly id: string; readonly records: readonly number[] }[];
  /** Person cluster index of each record. */
  readonly clusterOf: Int32Array;
  /**
   * Positions into `records` in the order the records were given (optional; a `PersonResolution`
   * has it). Records are read in this order, where they sit in memory: at a million records about
   * three times faster than in canonical order. Results never depend on it.
   */
  readonly readOrder?: Int32Array;
  /**
   * The person stage's matching context (optional; a `PersonResolution` has it). When the records
   * were validated, its prepared NIK and KK columns stand in for reading the records' own.
   */
  readonly context?: { readonly validated?: boolean; readonly columns?: ReadonlyMap<string, PreparedColumn> };
}

/** Options of {@link groupFamilies}. */
export interface GroupFamiliesOptions {
  /** Validate family records with the family schema first (default true). */
  readonly validate?: boolean;
  /**
   * Share of members two KK cards must have in common to be one family (a typo of each other, or an
   * old and a reissued card). Measured against the smaller card for typos and against each card for
   * reissues. Default 0.5.
   */
  readonly minMemberOverlap?: number;
  /** A person seen on more cards than this links none of them: such a cluster is likely a mis-merge. Default 8. */
  readonly maxCardsPerPerson?: number;
}

/** How two KK cards that share members relate. */
export type FamilyLinkKind = 'kk-typo' | 'kk-reissue' | 'kk-split';

/** The evidence on two cards sharing members, and what was decided. */
export interface FamilyLink {
  /** Card indexes (into `grouping.cards`): the card first observed, and the other. */
  readonly older: number;
  readonly newer: number;
  readonly kind: FamilyLinkKind;
  /** True when the two cards were joined into one family (typo or reissue). */
  readonly joined: boolean;
  /** How the two KK numbers compare (`one-edit` / `transposition` back a typo). */
  readonly kkLevel: NikComparisonLevel;
  /** Person cluster indexes seen on both cards. */
  readonly sharedMembers: readonly number[];
  /** The newer card's head was the older card's head or spouse (reissue), not a child (split). */
  readonly headCarriedOver: boolean;
  /** Both cards were seen at one dwelling address. */
  readonly sameAddress: boolean;
  /** Both cards were current together: one source listed both, or the older was still seen after the newer appeared. */
  readonly concurrent: boolean;
  /** Shared members over all members of the two cards (Jaccard), in [0, 1]. */
  readonly score: number;
}

/** One KK number as the sources wrote it. */
export interface FamilyCard {
  readonly kk: string;
  /** Index of the unified family this card belongs to. */
  readonly family: number;
  /** Person cluster indexes seen on the card, ascending. */
  readonly members: readonly number[];
  /** Person cluster index of the head on the card, or -1. */
  readonly head: number;
  readonly firstObserved: string;
  readonly lastObserved: string;
  /** Person and family records carrying the number. */
  readonly recordCount: number;
  /** The card this number is a mistyping of, or -1. */
  readonly typoOf: number;
}

/** One family (keluarga) across sources and KK versions. */
export interface UnifiedFamily {
  /** Stable ID: derived from the family's first record in canonical (source, recordId) order. */
  readonly id: string;
  /** Its KK numbers, oldest version first; mistyped numbers are left out (see `cards`). */
  readonly kks: readonly string[];
  /** All its cards (indexes into `grouping.cards`), mistyped ones included. */
  readonly cards: readonly number[];
  /** Person cluster indexes of its members, ascending. */
  readonly members: readonly number[];
  /** Person cluster index of the head on its latest card, or -1. */
  readonly head: number;
  /** Positions of its person records in `resolution.records`. */
  readonly records: readonly number[];
  /** Positions of its family records in `grouping.familyRecords`. */
  readonly familyRecords: readonly number[];
}

/** A change of KK reported as an event, not a conflict. */
export type FamilyEvent =
  | {
      /** Pecah KK: members left the `from` family's card for a new card of another family. */
      readonly kind: 'split';
      readonly from: number;
      readonly to: number;
      readonly fromKk: string;
      readonly toKk: string;
      /** Person cluster indexes that moved. */
      readonly members: readonly number[];
      /** When the members were first seen on the new card. */
      readonly observedAt: string;
    }
  | {
      /** Cards merged: the `from` card ended as its members joined the `to` family's existing card. */
      readonly kind: 'merge';
      readonly from: number;
      readonly to: number;
      readonly fromKk: string;
      readonly toKk: string;
      readonly members: readonly number[];
      /** When the members were first seen on the `to` card. */
      readonly observedAt: string;
    }
  | {
      /** A new card for the same family (after a move, or the head's death). */
      readonly kind: 'reissue';
      readonly family: number;
      readonly fromKk: string;
      readonly toKk: string;
      readonly members: readonly number[];
      readonly observedAt: string;
    };

/** Counts and timing of one grouping. */
export interface FamilyGroupingReport {
  readonly cards: number;
  readonly families: number;
  readonly links: Readonly<Record<FamilyLinkKind, number>>;
  /** Person records without a KK, placed by their person's other records or their co-observed household. */
  readonly recordsWithoutKk: number;
  readonly elapsedMs: number;
  /** Milliseconds per step: validating family records, ordering them, indexing person records (shared with groupHouseholds), reading family records, linking cards, numbering families, building the output. */
  readonly stepMs: Readonly<Record<FamilyStep, number>>;
}

/** The steps of {@link groupFamilies}, in order. */
export type FamilyStep = 'validate' | 'order' | 'index' | 'read' | 'link' | 'assign' | 'build';

/** The result of {@link groupFamilies}. */
export interface FamilyGrouping {
  readonly families: readonly UnifiedFamily[];
  /** Family index of each person record. */
  readonly familyOf: Int32Array;
  readonly cards: readonly FamilyCard[];
  /** Card index of each person record, -1 for a record without a usable KK. */
  readonly cardOf: Int32Array;
  /** Valid family records in canonical (source, recordId) order. */
  readonly familyRecords: readonly FamilyRecord[];
  /** Family index of each family record; -1 only for a malformed KK let through with `validate: false`. */
  readonly familyOfRecord: Int32Array;
  readonly rejections: readonly Rejection[];
  /** Every pair of cards that share members, with the evidence and the decision. */
  readonly links: readonly FamilyLink[];
  readonly events: readonly FamilyEvent[];
  readonly report: FamilyGroupingReport;
}

interface Config {
  readonly validate: boolean;
  readonly minMemberOverlap: number;
  readonly maxCardsPerPerson: number;
}

function readOptions(options: GroupFamiliesOptions | undefined): Config {
  if (options === undefined) return { validate: true, minMemberOverlap: 0.5, maxCardsPerPerson: 8 };
  if (typeof options !== 'object' || options === null) throw new PadanError('invalid-config', 'groupFamilies: options must be an object');
  const { validate = true, minMemberOverlap = 0.5, maxCardsPerPerson = 8 } = options;
  if (typeof validate !== 'boolean') throw new PadanError('invalid-config', 'groupFamilies: validate must be a boolean');
  if (typeof minMemberOverlap !== 'number' || !(minMemberOverlap > 0 && minMemberOverlap <= 1)) {
    throw new PadanError('invalid-config', 'groupFamilies: minMemberOverlap must be a number in (0, 1]');
  }
  if (!Number.isInteger(maxCardsPerPerson) || maxCardsPerPerson < 2) {
    throw new PadanError('invalid-config', 'groupFamilies: maxCardsPerPerson must be an integer of at least 2');
  }
  return { validate, minMemberOverlap, maxCardsPerPerson };
}

/**
 * Links KK cards into families after person resolution: the same number is the same card; a one-typo
 * number sharing most members is the same card mistyped; an older and a newer card sharing most
 * members and never current together are one family's versions (a reissue after a move or the head's
 * death); cards sharing only some members, both current, are a split (pecah KK), reported as an event.
 * Person records without a KK join the family their person's nearest-dated record is on.
 *
 * @example
 * const persons = resolvePersons(personRecords);
 * const grouping = groupFamilies(persons, familyRecords);
 * grouping.families[grouping.familyOf[0]].kks // ['3201011503150001', '3201012208210004']
 * grouping.events // [{ kind: 'split', fromKk: '…', toKk: '…', members: [12, 13], … }]
 */
export function groupFamilies(persons: ResolvedPersons, familyRecords: readonly unknown[] = [], options?: GroupFamiliesOptions): FamilyGrouping {
  // Typed arrays from a few large buffers (see typedArena): one by one they set off full collections.
  const expectedBytes = FAMILY_ARENA_BYTES_PER_RECORD * ((persons?.records?.length ?? 0) + (Array.isArray(familyRecords) ? familyRecords.length : 0));
  return withTypedArena(expectedBytes, () => groupFamiliesInArena(persons, familyRecords, options), continueResolutionArena(persons));
}

// Typed-array bytes per person and family record (measured at 1M person records: about 190).
const FAMILY_ARENA_BYTES_PER_RECORD = 224;

function groupFamiliesInArena(persons: ResolvedPersons, familyRecords: readonly unknown[], options: GroupFamiliesOptions | undefined): FamilyGrouping {
  const config = readOptions(options);
  checkResolvedPersons(persons, 'groupFamilies');
  if (!Array.isArray(familyRecords)) throw new PadanError('invalid-argument', 'groupFamilies: familyRecords must be an array');
  const started = performance.now();
  const lap = stepClock<FamilyStep>();
  const { records, clusterOf } = persons;
  const clusterCount = persons.clusters.length;

  let rejections: readonly Rejection[] = [];
  let validFamilies: FamilyRecord[];
  if (config.validate) {
    const batch = validateBatch(familyRecords, 'family');
    validFamilies = batch.valid;
    rejections = batch.rejected;
  } else validFamilies = familyRecords as FamilyRecord[];
  lap('validate');
  const order = canonicalOrder(validFamilies);
  const families = new Array<FamilyRecord>(order.length);
  for (let k = 0; k < order.length; k++) families[k] = validFamilies[order[k] as number] as FamilyRecord;
  lap('order');

  // Each step is its own function over typed columns: one function per hot loop is what the
  // optimizing compiler handles well, and no step allocates per record.
  const index = indexPersons(persons);
  lap('index');
  const familyColumns = readFamilyRecords(validFamilies, index);
  lap('read');
  const seen = observeCards(clusterOf, index, familyColumns, order);
  const members = collectMembers(seen);
  const pairs = candidatePairs(members, clusterCount, config.maxCardsPerPerson);
  const linked = linkCards(seen, members, pairs, clusterCount, config);
  const placed = placeRecordsWithoutKk(persons, index, seen, linked.forest);
  lap('link');
  const assigned = assignFamilies(records, families, seen, placed.familyNode, linked.forest);
  lap('assign');
  const isoOf = createIsoCache();
  const cards = buildCards(seen, members, assigned, linked.typoOf, isoOf);
  const ids = familyIds(records, families, assigned, persons.readOrder);
  const unified = buildFamilies(ids, clusterOf, seen, members, assigned, linked.typoOf);
  const events = buildEvents(seen, assigned.cardFamily, linked, isoOf);

  const stepMs = lap('build');
  const grouping: FamilyGrouping = {
    families: unified,
    familyOf: assigned.familyOf,
    cards,
    cardOf: seen.cardOf,
    familyRecords: families,
    familyOfRecord: assigned.familyOfRecord,
    rejections,
    links: linked.links,
    events,
    report: { cards: seen.cardKk.length, families: unified.length, links: linked.linkCounts, recordsWithoutKk: placed.recordsWithoutKk, elapsedMs: performance.now() - started, stepMs },
  };
  // The households stage places family records by address: it takes these ids instead of reading the records again.
  const addressByPosition = int32Array(order.length);
  for (let k = 0; k < order.length; k++) addressByPosition[k] = familyColumns.address[order[k] as number] as number;
  const cardCount = int32Array(assigned.familyCount);
  for (let family = 0; family < assigned.familyCount; family++) cardCount[family] = (assigned.cardStart[family + 1] as number) - (assigned.cardStart[family] as number);
  rememberFamilyReading(grouping, { index, familyRecordAddress: addressByPosition, cards: seen.cardTable, cardFamily: assigned.cardFamily, cardCount });
  return grouping;
}

/** Source bits: two cards listed by one source are both current, so never versions of one family. */
interface SourceBits {
  readonly bits: Map<string, number>;
  last: string;
  lastBit: number;
}

function sourceBit(state: SourceBits, source: string): number {
  // Records come sorted by source: most lookups repeat the last one.
  if (source === state.last) return state.lastBit;
  let bit = state.bits.get(source);
  if (bit === undefined) {
    // Past 30 sources the rest share one bit: that only makes a reissue harder to accept.
    bit = 1 << Math.min(state.bits.size, 30);
    state.bits.set(source, bit);
  }
  state.last = source;
  state.lastBit = bit;
  return bit;
}

/** Per card: first and last day seen, the sources listing it, how many records carry it. */
interface CardDates {
  readonly first: Int32Array;
  readonly last: Int32Array;
  readonly sources: Int32Array;
  readonly records: Int32Array;
}

/**
 * What observeCards tallies per card, TALLY ints side by side (first day, last day, source bits,
 * records, then sightings): records come in canonical order, which scatters a household's records
 * when IDs are random, so each record's card is one cache line away, not five.
 */
const TALLY = 5;
const T_FIRST = 0;
const T_LAST = 1;
const T_SOURCES = 2;
const T_RECORDS = 3;
const T_SIGHTINGS = 4;

function touchCard(tally: Int32Array, card: number, day: number, bit: number, sightings: number): void {
  const at = card * TALLY;
  const records = tally[at + T_RECORDS] as number;
  if (records === 0) {
    tally[at + T_FIRST] = day;
    tally[at + T_LAST] = day;
  } else {
    if (day < (tally[at + T_FIRST] as number)) tally[at + T_FIRST] = day;
    if (day > (tally[at + T_LAST] as number)) tally[at + T_LAST] = day;
  }
  tally[at + T_SOURCES] = (tally[at + T_SOURCES] as number) | bit;
  tally[at + T_RECORDS] = records + 1;
  tally[at + T_SIGHTINGS] = (tally[at + T_SIGHTINGS] as number) + sightings;
}

/** The dates of the first `count` cards, as columns. */
function cardDatesOf(tally: Int32Array, count: number): CardDates {
  const dates: CardDates = { first: int32Array(count), last: int32Array(count), sources: int32Array(count), records: int32Array(count) };
  for (let card = 0; card < count; card++) {
    const at = card * TALLY;
    dates.first[card] = tally[at + T_FIRST] as number;
    dates.last[card] = tally[at + T_LAST] as number;
    dates.sources[card] = tally[at + T_SOURCES] as number;
    dates.records[card] = tally[at + T_RECORDS] as number;
  }
  return dates;
}

/** Every KK number seen, and every (card, person) sighting grouped by card. */
interface Observations {
  /** KK text of each card. */
  readonly cardKk: readonly string[];
  /** The cards' KK numbers as a table: ids are card indexes. */
  readonly cardTable: IdentifierTable;
  readonly dates: CardDates;
  /** Card of each person record, -1 without a usable KK. */
  readonly cardOf: Int32Array;
  /** Card of each family record, -1 for a malformed KK. */
  readonly familyRecordCard: Int32Array;
  /** Sightings of card c are `sightingStart[c] .. sightingStart[c + 1]`, in no particular order. */
  readonly sightingStart: Int32Array;
  /** SIGHTING ints per sighting: person cluster, day << 4 | relationship bits, dwelling address id. */
  readonly sightings: Int32Array;
}

const SIGHTING = 3;

/**
 * What the stage reads of each family record, by position among the valid records (read order: one
 * pass where the records sit in memory; sorted canonically they are scattered, and each scattered
 * record costs several cache misses).
 */
interface FamilyColumns {
  /**
   * KK of each record: its card when person records carry the number (an id of the index's `kks`),
   * else -2 - its id in `kks` (numbers only family records carry, numbered in read order), -1 for a
   * malformed number. Looked up here, where the record is read, rather than later by text.
   */
  readonly kk: Int32Array;
  readonly kks: IdentifierTable;
  /** Observation day of each record. */
  readonly day: Int32Array;
  /** Source of each record: an index into `sources`. */
  readonly source: Int32Array;
  readonly sources: readonly string[];
  /** Dwelling address id of each record (see PersonIndex.addresses), -1 when incomplete or the KK is malformed. */
  readonly address: Int32Array;
  /**
   * The persons each record lists, as clusters: members whose NIK identifies one person, then the head
   * when not among them. Record f's are `member[memberStart[f] .. memberStart[f + 1])`, with their
   * relationship bits (REL_HEAD or 0) in `memberRel`.
   */
  readonly memberStart: Int32Array;
  readonly member: Int32Array;
  readonly memberRel: Uint8Array;
}

function readFamilyRecords(families: readonly FamilyRecord[], index: PersonIndex): FamilyColumns {
  const m = families.length;
  let capacity = 0;
  for (let f = 0; f < m; f++) capacity += ((families[f] as FamilyRecord).memberNiks?.length ?? 0) + 1;
  const kks = createIdentifierTable(m);
  const kk = int32Array(m);
  const day = int32Array(m);
  const source = int32Array(m);
  // Sources in order of first appearance; records come in runs of one source, so only a change is looked up.
  const sources = new StringInterner(16);
  const address = int32Array(m).fill(-1);
  const memberStart = int32Array(m + 1);
  const member = int32Array(capacity);
  const memberRel = uint8Array(capacity);
  // A NIK on two persons (reused for a family) identifies neither: its cluster is -1.
  const clusterOfNik = (nik: string): number => {
    const id = findIdentifier(index.niks, nik);
    return id < 0 ? -1 : (index.clusterOfNik[id] as number);
  };
  let count = 0;
  let lastSource: string | undefined;
  let lastSourceId = -1;
  let lastDate = '';
  let lastDay = 0;
  for (let f = 0; f < m; f++) {
    memberStart[f] = count;
    const family = families[f] as FamilyRecord;
    const card = findIdentifier(index.kks, family.kk);
    if (card >= 0) kk[f] = card;
    else {
      const local = internIdentifier(kks, family.kk);
      kk[f] = local < 0 ? -1 : -2 - local;
      // Only unvalidated input can carry a malformed number: such a record joins no family.
      if (local < 0) continue;
    }
    // A source observes on few days: most dates repeat the last.
    if (family.observedAt !== lastDate) {
      lastDate = family.observedAt;
      lastDay = dayOfIso(lastDate);
    }
    day[f] = lastDay;
    if (family.source !== lastSource) {
      lastSource = family.source;
      lastSourceId = sources.intern(lastSource);
    }
    source[f] = lastSourceId;
    address[f] = addressId(index.addresses, family.address);
    const head = family.headNik ? clusterOfNik(family.headNik) : -1;
    const memberNiks = family.memberNiks ?? [];
    for (let k = 0; k < memberNiks.length; k++) {
      const cluster = clusterOfNik(memberNiks[k] as string);
      if (cluster < 0) continue;
      member[count] = cluster;
      memberRel[count] = cluster === head ? REL_HEAD : 0;
      count++;
    }
    if (head >= 0 && !memberNiks.includes(family.headNik as string)) {
      member[count] = head;
      memberRel[count] = REL_HEAD;
      count++;
    }
  }
  memberStart[m] = count;
  return { kk, kks, day, source, sources: sources.values, address, memberStart, member, memberRel };
}

/**
 * Sightings from person records and family records' member lists, grouped by card: cards are numbered
 * by first appearance (person records first, then family records by canonical position), whatever
 * order the records were read in; a card's sightings are written side by side where collectMembers
 * reads them (one scattered write per sighting, instead of one scattered read per field later).
 */
function observeCards(clusterOf: Int32Array, index: PersonIndex, familyColumns: FamilyColumns, familyOrder: Int32Array): Observations {
  const n = clusterOf.length;
  // The person records' KK numbers were read with the index; family records may add numbers to a copy.
  const cardTable = copyIdentifierTable(index.kks);
  const sources: SourceBits = { bits: new Map(), last: '', lastBit: 0 };
  // Bit of each person source id, given on first use (0: none yet), so bits go out in the order records carrying a KK show them.
  const personSourceBit = int32Array(index.sources.length);
  // Every card is a KK number of a person record or a family record.
  const tally = int32Array((cardTable.texts.length + familyColumns.kks.texts.length) * TALLY);

  const cardOf = int32Array(n).fill(-1);
  const recordDay = index.day;
  const recordKk = index.kk;
  const recordSource = index.source;
  for (let r = 0; r < n; r++) {
    const card = recordKk[r] as number;
    if (card < 0) continue;
    cardOf[r] = card;
    const sourceId = recordSource[r] as number;
    let bit = personSourceBit[sourceId] as number;
    if (bit === 0) personSourceBit[sourceId] = bit = sourceBit(sources, index.sources[sourceId] as string);
    touchCard(tally, card, recordDay[r] as number, bit, 1);
  }

  const { kk: familyKk, kks: familyKks, day: familyDay, source: familySource, address: familyAddress, memberStart, member, memberRel } = familyColumns;
  // Card of each of the family records' KK ids, and bit of each of their sources, given on first use
  // in canonical order: numbers and bits never depend on the order records came in.
  const cardOfFamilyKk = int32Array(familyKks.texts.length).fill(-1);
  const familySourceBit = int32Array(familyColumns.sources.length);
  const familyRecordCard = int32Array(familyOrder.length);
  // The same cards by read position, for the passes below.
  const cardAt = int32Array(familyOrder.length);
  for (let k = 0; k < familyOrder.length; k++) {
    const f = familyOrder[k] as number;
    const coded = familyKk[f] as number;
    let card = coded;
    if (coded < -1) {
      const local = -2 - coded;
      card = cardOfFamilyKk[local] as number;
      if (card < 0) cardOfFamilyKk[local] = card = internIdentifier(cardTable, familyKks.texts[local] as string);
    }
    familyRecordCard[k] = card;
    cardAt[f] = card;
    if (card < 0) continue;
    const sourceId = familySource[f] as number;
    if (familySourceBit[sourceId] === 0) familySourceBit[sourceId] = sourceBit(sources, familyColumns.sources[sourceId] as string);
  }
  // Then the family records where they sit (read order): what a card collects does not depend on the order of its sightings.
  for (let f = 0; f < cardAt.length; f++) {
    const card = cardAt[f] as number;
    if (card < 0) continue;
    const members = (memberStart[f + 1] as number) - (memberStart[f] as number);
    touchCard(tally, card, familyDay[f] as number, familySourceBit[familySource[f] as number] as number, members);
  }

  // Each card's first sighting; the tally's sighting count becomes the card's next free sighting.
  const cardCount = cardTable.texts.length;
  const sightingStart = int32Array(cardCount + 1);
  let total = 0;
  for (let card = 0; card < cardCount; card++) {
    const at = card * TALLY + T_SIGHTINGS;
    sightingStart[card] = total;
    total += tally[at] as number;
    tally[at] = sightingStart[card] as number;
  }
  sightingStart[cardCount] = total;
  const sightings = int32Array(total * SIGHTING);
  const recordAddress = index.address;
  const recordRel = index.rel;
  for (let r = 0; r < n; r++) {
    const card = recordKk[r] as number;
    if (card < 0) continue;
    const next = card * TALLY + T_SIGHTINGS;
    const at = (tally[next] as number) * SIGHTING;
    tally[next] = (tally[next] as number) + 1;
    sightings[at] = clusterOf[r] as number;
    sightings[at + 1] = ((recordDay[r] as number) << 4) | (recordRel[r] as number);
    sightings[at + 2] = recordAddress[r] as number;
  }
  for (let f = 0; f < cardAt.length; f++) {
    const card = cardAt[f] as number;
    if (card < 0) continue;
    const next = card * TALLY + T_SIGHTINGS;
    const dayBits = (familyDay[f] as number) << 4;
    const address = familyAddress[f] as number;
    let at = (tally[next] as number) * SIGHTING;
    for (let e = memberStart[f] as number; e < (memberStart[f + 1] as number); e++) {
      sightings[at] = member[e] as number;
      sightings[at + 1] = dayBits | (memberRel[e] as number);
      sightings[at + 2] = address;
      at += SIGHTING;
    }
    tally[next] = at / SIGHTING;
  }
  return { cardKk: cardTable.texts, cardTable, dates: cardDatesOf(tally, cardCount), cardOf, familyRecordCard, sightingStart, sightings };
}

/** Each card's distinct members (flat, by card, ascending cluster) and distinct addresses. */
interface Members {
  /** Entries of card c are `[start[c], start[c + 1])`. */
  readonly start: Int32Array;
  readonly cluster: Int32Array;
  /** Relationship bits each member was seen with on the card. */
  readonly rel: Uint8Array;
  readonly card: Int32Array;
  /** The first day each person was seen on each card: who moved from which card to which, and when. */
  readonly firstDay: Int32Array;
  readonly count: number;
  readonly cardHead: Int32Array;
  /** Each card's distinct dwelling addresses, flat: those of card c are `address[addressStart[c] .. addressStart[c + 1])`. */
  readonly addressStart: Int32Array;
  readonly address: Int32Array;
}

function collectMembers(seen: Observations): Members {
  const cardCount = seen.cardKk.length;
  const { sightingStart, sightings } = seen;
  const total = sightingStart[cardCount] as number;

  const memberStart = int32Array(cardCount + 1);
  const memberCluster = int32Array(total);
  const memberRel = uint8Array(total);
  const memberCard = int32Array(total);
  const memberFirstDay = int32Array(total);
  const cardHead = int32Array(cardCount).fill(-1);
  const addressStart = int32Array(cardCount + 1);
  const cardAddress = int32Array(total);
  let addressCount = 0;
  let memberCount = 0;
  let widest = 0;
  for (let card = 0; card < cardCount; card++) widest = Math.max(widest, (sightingStart[card + 1] as number) - (sightingStart[card] as number));
  const order = float64Array(widest);
  const places = float64Array(widest);
  for (let card = 0; card < cardCount; card++) {
    memberStart[card] = memberCount;
    addressStart[card] = addressCount;
    const from = sightingStart[card] as number;
    const width = (sightingStart[card + 1] as number) - from;
    let placeCount = 0;
    for (let i = 0; i < width; i++) {
      const at = (from + i) * SIGHTING;
      // Cluster in the high bits, sighting in the low: one numeric sort groups a card's sightings by person.
      order[i] = (sightings[at] as number) * 4_194_304 + i;
      if ((sightings[at + 2] as number) >= 0) places[placeCount++] = sightings[at + 2] as number;
    }
    sortPrefix(order, width);
    let headVotes = 0;
    let runVotes = 0;
    for (let k = 0; k < width; k++) {
      const value = order[k] as number;
      const cluster = Math.floor(value / 4_194_304);
      const dayRel = sightings[(from + value - cluster * 4_194_304) * SIGHTING + 1] as number;
      const day = dayRel >> 4;
      const rel = dayRel & 15;
      if (memberCount === (memberStart[card] as number) || memberCluster[memberCount - 1] !== cluster) {
        memberCluster[memberCount] = cluster;
        memberCard[memberCount] = card;
        memberRel[memberCount] = 0;
        memberFirstDay[memberCount] = day;
        memberCount++;
        runVotes = 0;
      }
      memberRel[memberCount - 1] = (memberRel[memberCount - 1] as number) | rel;
      if (day < (memberFirstDay[memberCount - 1] as number)) memberFirstDay[memberCount - 1] = day;
      if (rel === REL_HEAD) {
        runVotes++;
        // Most head sightings wins; ties go to the lower cluster index (the earlier person).
        if (runVotes > headVotes) {
          headVotes = runVotes;
          cardHead[card] = cluster;
        }
      }
    }
    sortPrefix(places, placeCount);
    for (let k = 0; k < placeCount; k++) {
      if (k > 0 && places[k] === places[k - 1]) continue;
      cardAddress[addressCount++] = places[k] as number;
    }
  }
  addressStart[cardCount] = addressCount;
  memberStart[cardCount] = memberCount;
  return { start: memberStart, cluster: memberCluster, rel: memberRel, card: memberCard, firstDay: memberFirstDay, count: memberCount, cardHead, addressStart, address: cardAddress };
}

/** Sorts `values[0 .. length)` ascending in place: most cards have a handful of sightings, not worth a typed-array view and a native call. */
function sortPrefix(values: Float64Array, length: number): void {
  if (length > 24) {
    values.subarray(0, length).sort();
    return;
  }
  for (let i = 1; i < length; i++) {
    const value = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (values[j] as number) > value) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = value;
  }
}

/** Card pairs sharing a person (keyed older·cardCount + newer, ascending), with the person's cards capped. */
function candidatePairs(members: Members, clusterCount: number, maxCardsPerPerson: number): Float64Array {
  const cardCount = members.start.length - 1;
  // Cards of each person cluster (member entries are in card order, so each list is ascending).
  const byPerson = groupByKey(members.cluster, members.count, clusterCount);
  const personStart = byPerson.start;
  const personCards = int32Array(members.count);
  for (let k = 0; k < members.count; k++) personCards[k] = members.card[byPerson.items[k] as number] as number;

  // Keyed by a number so no pair allocates; a set, since a pair's count is never read.
  const shared = new Set<number>();
  for (let c = 0; c < clusterCount; c++) {
    const from = personStart[c] as number;
    const to = personStart[c + 1] as number;
    if (to - from < 2 || to - from > maxCardsPerPerson) continue;
    for (let i = from; i < to; i++) {
      for (let j = i + 1; j < to; j++) shared.add((personCards[i] as number) * cardCount + (personCards[j] as number));
    }
  }
  const keys = float64Array(shared.size);
  let k = 0;
  for (const key of shared) keys[k++] = key;
  return keys.sort();
}

interface Linked {
  readonly forest: UnionFind;
  /** The card each mistyped card is a typo of, or -1. */
  readonly typoOf: Int32Array;
  readonly links: FamilyLink[];
  readonly eventOf: PendingEvent[];
  readonly linkCounts: Record<FamilyLinkKind, number>;
}

/** Decides each candidate pair: typo, reissue (both joined) or split (kept apart, an event). */
function linkCards(seen: Observations, members: Members, pairKeys: Float64Array, clusterCount: number, config: Config): Linked {
  const cardKk = seen.cardKk;
  const cardCount = cardKk.length;
  const { first: cardFirst, last: cardLast, sources: cardSources, records: cardRecords } = seen.dates;
  const memberStart = members.start;
  const forest = createUnionFind(cardCount + clusterCount);
  const typoOf = int32Array(cardCount).fill(-1);
  const links: FamilyLink[] = [];
  const sharedAt: number[] = [];
  const eventOf: PendingEvent[] = [];
  const linkCounts: Record<FamilyLinkKind, number> = { 'kk-typo': 0, 'kk-reissue': 0, 'kk-split': 0 };
  for (let p = 0; p < pairKeys.length; p++) {
    const key = pairKeys[p] as number;
    const a = Math.floor(key / cardCount);
    const b = key - a * cardCount;
    const aFirst = cardFirst[a] as number;
    const bFirst = cardFirst[b] as number;
    const aIsOlder = aFirst < bFirst || (aFirst === bFirst && ((cardLast[a] as number) < (cardLast[b] as number) || ((cardLast[a] as number) === (cardLast[b] as number) && (cardKk[a] as string) < (cardKk[b] as string))));
    const older = aIsOlder ? a : b;
    const newer = aIsOlder ? b : a;
    const sharedMembers = intersectMembers(members.cluster, memberStart, older, newer, sharedAt);
    const s = sharedMembers.length;
    const olderSize = (memberStart[older + 1] as number) - (memberStart[older] as number);
    const newerSize = (memberStart[newer + 1] as number) - (memberStart[newer] as number);
    const kkLevel = compareNik(cardKk[older], cardKk[newer]);
    const sameAddress = intersects(members.address, members.addressStart, older, newer);
    const newHead = members.cardHead[newer] as number;
    const headRel = newHead >= 0 ? memberRelOf(members.cluster, members.rel, memberStart, older, newHead) : 0;
    const headCarriedOver = (headRel & (REL_HEAD | REL_SPOUSE)) !== 0 && (headRel & REL_CHILD) === 0;
    // A mistyped number comes from another source than the right one: one source listing both
    // numbers lists two cards (new cards of one district and day are one serial apart).
    const sameSource = ((cardSources[older] as number) & (cardSources[newer] as number)) !== 0;
    const typo = (kkLevel === 'one-edit' || kkLevel === 'transposition') && !sameSource;
    const concurrent = sameSource || (cardLast[older] as number) >= (cardFirst[newer] as number);
    let kind: FamilyLinkKind;
    if (typo && s >= config.minMemberOverlap * Math.min(olderSize, newerSize)) kind = 'kk-typo';
    else if (!concurrent && s >= config.minMemberOverlap * olderSize && s >= config.minMemberOverlap * newerSize) kind = 'kk-reissue';
    else kind = 'kk-split';
    const joined = kind !== 'kk-split';
    if (joined) unite(forest, older, newer);
    else eventOf.push(moveBetween(older, newer, sharedAt, members.firstDay, cardFirst, cardLast, links.length));
    if (kind === 'kk-typo') {
      // The number on fewer records is the mistyped one.
      const olderRecords = cardRecords[older] as number;
      const newerRecords = cardRecords[newer] as number;
      const minor = newerRecords < olderRecords || (newerRecords === olderRecords && (cardKk[newer] as string) > (cardKk[older] as string)) ? newer : older;
      if ((typoOf[minor] as number) < 0) typoOf[minor] = minor === newer ? older : newer;
    }
    linkCounts[kind]++;
    links.push({
      older,
      newer,
      kind,
      joined,
      kkLevel,
      sharedMembers,
      headCarriedOver,
      sameAddress,
      concurrent,
      score: s / (olderSize + newerSize - s),
    });
  }
  return { forest, typoOf, links, eventOf, linkCounts };
}

/**
 * The union-find node of each person record: its card; without a KK, the card of its person's
 * nearest-dated record with one; a person on no card at all gets a node of its own, joined with
 * others on the same record sheet.
 */
function placeRecordsWithoutKk(persons: ResolvedPersons, index: PersonIndex, seen: Observations, forest: UnionFind): { familyNode: Int32Array; recordsWithoutKk: number } {
  const { records, clusterOf, clusters } = persons;
  const n = records.length;
  const cardOf = seen.cardOf;
  const cardCount = seen.cardKk.length;
  const recordDay = index.day;
  const familyNode = int32Array(n);
  let recordsWithoutKk = 0;
  let orphanGroups: Map<string, number> | undefined;
  for (let r = 0; r < n; r++) {
    const card = cardOf[r] as number;
    if (card >= 0) {
      familyNode[r] = card;
      continue;
    }
    recordsWithoutKk++;
    const cluster = clusterOf[r] as number;
    const day = recordDay[r] as number;
    let best = -1;
    let bestGap = Infinity;
    const others = clusters[cluster]?.records ?? [];
    for (let k = 0; k < others.length; k++) {
      const other = others[k] as number;
      const otherCard = cardOf[other] as number;
      if (otherCard < 0) continue;
      const gap = Math.abs((recordDay[other] as number) - day);
      if (gap < bestGap) {
        bestGap = gap;
        best = otherCard;
      }
    }
    if (best >= 0) {
      familyNode[r] = best;
      continue;
    }
    const node = cardCount + cluster;
    familyNode[r] = node;
    const address = index.address[r] as number;
    if (address < 0) continue;
    const record = records[r] as PersonRecord;
    const sheet = `${record.source}\u0000${record.observedAt}\u0000${address}`;
    orphanGroups ??= new Map();
    const first = orphanGroups.get(sheet);
    if (first === undefined) orphanGroups.set(sheet, node);
    else unite(forest, first, node);
  }
  return { familyNode, recordsWithoutKk };
}

/** Families numbered in order of their first record, with their records and cards as flat lists. */
interface Assigned {
  readonly familyCount: number;
  readonly familyOf: Int32Array;
  readonly familyOfRecord: Int32Array;
  /** The record a family's ID derives from: a person record r, or family record f as -(f + 1). */
  readonly firstRecord: Int32Array;
  /** Person records of family x: `recordList[recordStart[x] .. recordStart[x + 1])`, ascending. */
  readonly recordStart: Int32Array;
  readonly recordList: Int32Array;
  readonly familyRecordStart: Int32Array;
  readonly familyRecordList: Int32Array;
  readonly cardFamily: Int32Array;
  readonly cardStart: Int32Array;
  readonly cardList: Int32Array;
}

function assignFamilies(records: readonly PersonRecord[], families: readonly FamilyRecord[], seen: Observations, familyNode: Int32Array, forest: UnionFind): Assigned {
  const n = records.length;
  const cardCount = seen.cardKk.length;
  // Families in order of their first record, so indexes and IDs do not depend on input order.
  const familyOfRoot = int32Array(forest.parent.length).fill(-1);
  const familyOf = int32Array(n);
  const firstRecord = int32Array(n + families.length);
  let familyCount = 0;
  for (let r = 0; r < n; r++) {
    const root = findRoot(forest, familyNode[r] as number);
    let family = familyOfRoot[root] as number;
    if (family < 0) {
      family = familyCount++;
      familyOfRoot[root] = family;
      firstRecord[family] = r;
    }
    familyOf[r] = family;
  }
  const familyOfRecord = int32Array(families.length);
  for (let f = 0; f < families.length; f++) {
    const card = seen.familyRecordCard[f] as number;
    if (card < 0) {
      familyOfRecord[f] = -1;
      continue;
    }
    const root = findRoot(forest, card);
    let family = familyOfRoot[root] as number;
    if (family < 0) {
      family = familyCount++;
      familyOfRoot[root] = family;
      firstRecord[family] = -(f + 1);
    }
    familyOfRecord[f] = family;
  }
  const cardFamily = int32Array(cardCount);
  for (let card = 0; card < cardCount; card++) cardFamily[card] = familyOfRoot[findRoot(forest, card)] as number;
  const recordGroups = groupByKey(familyOf, n, familyCount);
  const familyRecordGroups = groupByKey(familyOfRecord, families.length, familyCount);
  const cardGroups = groupByKey(cardFamily, cardCount, familyCount);
  return {
    familyCount,
    familyOf,
    familyOfRecord,
    firstRecord: firstRecord.subarray(0, familyCount),
    recordStart: recordGroups.start,
    recordList: recordGroups.items,
    familyRecordStart: familyRecordGroups.start,
    familyRecordList: familyRecordGroups.items,
    cardFamily,
    cardStart: cardGroups.start,
    cardList: cardGroups.items,
  };
}


/** ISO dates of day numbers, each built once: cards and events repeat a few thousand days. */
function createIsoCache(): (day: number) => string {
  const cache = new Map<number, string>();
  return (day) => {
    let iso = cache.get(day);
    if (iso === undefined) cache.set(day, (iso = isoOfDay(day)));
    return iso;
  };
}

function buildCards(seen: Observations, members: Members, assigned: Assigned, typoOf: Int32Array, isoOf: (day: number) => string): FamilyCard[] {
  const cardCount = seen.cardKk.length;
  const { first, last, records } = seen.dates;
  const cards = new Array<FamilyCard>(cardCount);
  for (let card = 0; card < cardCount; card++) {
    cards[card] = {
      kk: seen.cardKk[card] as string,
      family: assigned.cardFamily[card] as number,
      members: listOf(members.cluster, members.start[card] as number, members.start[card + 1] as number),
      head: members.cardHead[card] as number,
      firstObserved: isoOf(first[card] as number),
      lastObserved: isoOf(last[card] as number),
      recordCount: records[card] as number,
      typoOf: typoOf[card] as number,
    };
  }
  return cards;
}

/**
 * Each family's ID, derived from its first record in canonical order. With resolvePersons' reading the
 * person records are read in read order (where they sit in memory), else in canonical order.
 */
function familyIds(records: readonly PersonRecord[], families: readonly FamilyRecord[], assigned: Assigned, readOrder: Int32Array | undefined): string[] {
  const n = records.length;
  const ids = new Array<string>(assigned.familyCount);
  // With resolvePersons' reading, marks go by read position: the pass below then reads marks and records in sequence.
  const reading = readOrder === undefined ? undefined : readingOf(readOrder, n);
  // The family each person record (by read position when there is a reading) is the first record of, or -1.
  const firstOf = int32Array(n).fill(-1);
  for (let family = 0; family < assigned.familyCount; family++) {
    const first = assigned.firstRecord[family] as number;
    if (first >= 0) firstOf[reading === undefined ? first : (reading.readPositionOf[first] as number)] = family;
    else ids[family] = familyId(families[-first - 1] as FamilyRecord);
  }
  for (let i = 0; i < n; i++) {
    const family = firstOf[i] as number;
    if (family >= 0) ids[family] = familyId((reading === undefined ? records[i] : reading.records[i]) as PersonRecord);
  }
  return ids;
}

function familyId(record: { readonly source: string; readonly recordId: string }): string {
  // The kind is in the hashed text so a family and its first record's person never share an ID's digits.
  return `F${hash64Joined('family', record.source, record.recordId)}`;
}

/** The family of each person record without a card, -1 for a record on a card. */
function cardlessFamilies(cardOf: Int32Array, familyOf: Int32Array): Int32Array {
  const family = int32Array(cardOf.length);
  for (let r = 0; r < cardOf.length; r++) family[r] = (cardOf[r] as number) < 0 ? (familyOf[r] as number) : -1;
  return family;
}

function buildFamilies(
  ids: readonly string[],
  clusterOf: Int32Array,
  seen: Observations,
  members: Members,
  assigned: Assigned,
  typoOf: Int32Array,
): UnifiedFamily[] {
  const cardKk = seen.cardKk;
  const cardFirst = seen.dates.first;
  const { recordStart, recordList, cardStart, cardList } = assigned;
  // A record on a card is a sighting of its person there, so its person is among the card's members:
  // only the records without a card add members of their own (grouped by family here, not read by
  // position for every record of every family).
  const cardless = groupByKey(cardlessFamilies(seen.cardOf, assigned.familyOf), seen.cardOf.length, assigned.familyCount);
  const unified = new Array<UnifiedFamily>(assigned.familyCount);
  const collected = createDistinctSorted();
  const versions: number[] = [];
  for (let family = 0; family < assigned.familyCount; family++) {
    const cardFrom = cardStart[family] as number;
    const cardTo = cardStart[family + 1] as number;
    // Versions oldest first (ties by number); insertion sort: a family has a card or three.
    versions.length = 0;
    for (let k = cardFrom; k < cardTo; k++) {
      const card = cardList[k] as number;
      if ((typoOf[card] as number) >= 0) continue;
      let j = versions.length;
      versions.push(card);
      while (j > 0) {
        const before = versions[j - 1] as number;
        const order = (cardFirst[before] as number) - (cardFirst[card] as number) || ((cardKk[before] as string) < (cardKk[card] as string) ? -1 : 1);
        if (order <= 0) break;
        versions[j] = before;
        j--;
      }
      versions[j] = card;
    }
    for (let k = cardless.start[family] as number; k < (cardless.start[family + 1] as number); k++) collect(collected, clusterOf[cardless.items[k] as number] as number);
    for (let k = cardFrom; k < cardTo; k++) {
      const card = cardList[k] as number;
      for (let m = members.start[card] as number; m < (members.start[card + 1] as number); m++) collect(collected, members.cluster[m] as number);
    }
    let head = -1;
    for (let v = versions.length - 1; v >= 0 && head < 0; v--) head = members.cardHead[versions[v] as number] as number;
    const kks = new Array<string>(versions.length);
    for (let v = 0; v < versions.length; v++) kks[v] = cardKk[versions[v] as number] as string;
    unified[family] = {
      id: ids[family] as string,
      kks,
      cards: listOf(cardList, cardFrom, cardTo),
      members: takeDistinctSorted(collected),
      head,
      records: listOf(recordList, recordStart[family] as number, recordStart[family + 1] as number),
      familyRecords: listOf(assigned.familyRecordList, assigned.familyRecordStart[family] as number, assigned.familyRecordStart[family + 1] as number),
    };
  }
  return unified;
}

function buildEvents(seen: Observations, cardFamily: Int32Array, linked: Linked, isoOf: (day: number) => string): FamilyEvent[] {
  const { cardKk } = seen;
  const cardFirst = seen.dates.first;
  const { typoOf, links } = linked;
  const events: FamilyEvent[] = [];
  const skipped = (card: number): boolean => (typoOf[card] as number) >= 0;
  for (const link of links) {
    if (link.kind !== 'kk-reissue' || skipped(link.older) || skipped(link.newer)) continue;
    events.push({
      kind: 'reissue',
      family: cardFamily[link.older] as number,
      fromKk: cardKk[link.older] as string,
      toKk: cardKk[link.newer] as string,
      members: link.sharedMembers,
      observedAt: isoOf(cardFirst[link.newer] as number),
    });
  }
  for (const move of linked.eventOf) {
    // A mistyped card repeats what its right number already says.
    if (skipped(move.from) || skipped(move.to) || cardFamily[move.from] === cardFamily[move.to]) continue;
    events.push({
      kind: move.kind,
      from: cardFamily[move.from] as number,
      to: cardFamily[move.to] as number,
      fromKk: cardKk[move.from] as string,
      toKk: cardKk[move.to] as string,
      members: (links[move.link] as FamilyLink).sharedMembers,
      observedAt: isoOf(move.day),
    });
  }
  return events;
}

/** Person clusters on both cards; `at` receives the member-entry index pairs (a, b) of each. */
function intersectMembers(memberCluster: Int32Array, memberStart: Int32Array, a: number, b: number, at: number[]): number[] {
  const out: number[] = [];
  at.length = 0;
  let i = memberStart[a] as number;
  let j = memberStart[b] as number;
  const iEnd = memberStart[a + 1] as number;
  const jEnd = memberStart[b + 1] as number;
  while (i < iEnd && j < jEnd) {
    const x = memberCluster[i] as number;
    const y = memberCluster[j] as number;
    if (x === y) {
      out.push(x);
      at.push(i, j);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

interface PendingEvent {
  readonly kind: 'split' | 'merge';
  readonly from: number;
  readonly to: number;
  readonly day: number;
  readonly link: number;
}

/**
 * Which way members moved between two cards of different families, and what that was: the card
 * most shared members were on first is `from`. Members going to a card that did not exist before
 * is a split (pecah KK); a card that ends as its members join an existing card is a merge.
 */
function moveBetween(older: number, newer: number, at: readonly number[], firstDay: Int32Array, cardFirst: Int32Array, cardLast: Int32Array, link: number): PendingEvent {
  let forward = 0;
  for (let k = 0; k < at.length; k += 2) {
    const onOlder = firstDay[at[k] as number] as number;
    const onNewer = firstDay[at[k + 1] as number] as number;
    if (onOlder < onNewer) forward++;
    else if (onOlder > onNewer) forward--;
  }
  const from = forward >= 0 ? older : newer;
  const to = from === older ? newer : older;
  const toSide = from === older ? 1 : 0;
  let day = Infinity;
  for (let k = toSide; k < at.length; k += 2) day = Math.min(day, firstDay[at[k] as number] as number);
  const fromContinues = (cardLast[from] as number) >= day;
  const toExisted = (cardFirst[to] as number) < day;
  return { kind: toExisted && !fromContinues ? 'merge' : 'split', from, to, day, link };
}

function memberRelOf(memberCluster: Int32Array, memberRel: Uint8Array, memberStart: Int32Array, card: number, cluster: number): number {
  for (let m = memberStart[card] as number; m < (memberStart[card + 1] as number); m++) if (memberCluster[m] === cluster) return memberRel[m] as number;
  return 0;
}

function intersects(values: Int32Array, start: Int32Array, a: number, b: number): boolean {
  let i = start[a] as number;
  let j = start[b] as number;
  const iEnd = start[a + 1] as number;
  const jEnd = start[b + 1] as number;
  while (i < iEnd && j < jEnd) {
    const x = values[i] as number;
    const y = values[j] as number;
    if (x === y) return true;
    if (x < y) i++;
    else j++;
  }
  return false;
}
