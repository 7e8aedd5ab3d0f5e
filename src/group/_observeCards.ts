import { at, atUint8, itemAt } from '../_internal/at.js';
import { int32Array } from '../_internal/typedArena.js';
import { copyIdentifierTable, internIdentifier, type IdentifierTable } from './_identifierTable.js';
import type { PersonIndex } from './_personIndex.js';
import type { FamilyColumns } from './_readFamilyRecords.js';

/**
 * Source bits: two cards listed by one source are both current, so never versions of one family. The
 * first 30 sources (in order of first use) get a bit each; the rest share {@link OVERFLOW_SOURCES} and
 * are told apart exactly by `CardDates.overflowSources`, so the answer holds for any number of sources.
 */
interface SourceBits {
  /** Source → its code: a bit below OVERFLOW_SOURCES, or -(n + 1) for the n-th source past the 30th. */
  readonly codes: Map<string, number>;
  overflowCount: number;
}

/** The bit the sources past the 30th share (a bit per source would not fit an int past 31). */
export const OVERFLOW_SOURCES = 1 << 30;

function sourceCode(state: SourceBits, source: string): number {
  let code = state.codes.get(source);
  if (code === undefined) {
    code = state.codes.size < 30 ? 1 << state.codes.size : -++state.overflowCount;
    state.codes.set(source, code);
  }
  return code;
}

/** Whether two cards were listed by one source: their bits, and past 30 sources the exact sets. */
export function cardsShareSource(dates: CardDates, a: number, b: number): boolean {
  const shared = at(dates.sources, a) & at(dates.sources, b);
  if ((shared & ~OVERFLOW_SOURCES) !== 0) return true;
  if (shared === 0) return false;
  const left = dates.overflowSources.get(a);
  const right = dates.overflowSources.get(b);
  if (left === undefined || right === undefined) return false;
  for (const source of left) if (right.has(source)) return true;
  return false;
}

/** Per card: first and last day seen, the sources listing it, how many records carry it. */
export interface CardDates {
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** Source bits (see {@link cardsShareSource}). */
  readonly sources: Int32Array;
  /** Cards listed by sources past the 30th: those sources' codes, exactly. */
  readonly overflowSources: ReadonlyMap<number, ReadonlySet<number>>;
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

/** Adds a source code to a card's tally (a bit) and, past the 30th source, to its exact set. */
function touchCard(tally: Int32Array, overflow: Map<number, Set<number>>, card: number, day: number, code: number, sightings: number): void {
  const bit = code > 0 ? code : OVERFLOW_SOURCES;
  if (code < 0) {
    const set = overflow.get(card);
    if (set === undefined) overflow.set(card, new Set([code]));
    else set.add(code);
  }
  const slot = card * TALLY;
  const records = at(tally, slot + T_RECORDS);
  if (records === 0) {
    tally[slot + T_FIRST] = day;
    tally[slot + T_LAST] = day;
  } else {
    if (day < at(tally, slot + T_FIRST)) tally[slot + T_FIRST] = day;
    if (day > at(tally, slot + T_LAST)) tally[slot + T_LAST] = day;
  }
  tally[slot + T_SOURCES] = at(tally, slot + T_SOURCES) | bit;
  tally[slot + T_RECORDS] = records + 1;
  tally[slot + T_SIGHTINGS] = at(tally, slot + T_SIGHTINGS) + sightings;
}

/** The dates of the first `count` cards, as columns. */
function cardDatesOf(tally: Int32Array, count: number, overflowSources: ReadonlyMap<number, ReadonlySet<number>>): CardDates {
  const dates: CardDates = { first: int32Array(count), last: int32Array(count), sources: int32Array(count), overflowSources, records: int32Array(count) };
  for (let card = 0; card < count; card++) {
    const slot = card * TALLY;
    dates.first[card] = at(tally, slot + T_FIRST);
    dates.last[card] = at(tally, slot + T_LAST);
    dates.sources[card] = at(tally, slot + T_SOURCES);
    dates.records[card] = at(tally, slot + T_RECORDS);
  }
  return dates;
}

/** Every KK number seen, and every (card, person) sighting grouped by card. */
export interface Observations {
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

/** Ints per sighting in `Observations.sightings`. */
export const SIGHTING = 3;

/**
 * Sightings from person records and family records' member lists, grouped by card: cards are numbered
 * by first appearance (person records first, then family records by canonical position), whatever
 * order the records were read in; a card's sightings are written side by side where collectMembers
 * reads them (one scattered write per sighting, instead of one scattered read per field later).
 */
export function observeCards(clusterOf: Int32Array, index: PersonIndex, familyColumns: FamilyColumns, familyOrder: Int32Array): Observations {
  const n = clusterOf.length;
  // The person records' KK numbers were read with the index; family records may add numbers to a copy.
  const cardTable = copyIdentifierTable(index.kks);
  const sources: SourceBits = { codes: new Map(), overflowCount: 0 };
  const overflow = new Map<number, Set<number>>();
  // Code of each person source id, given on first use (0: none yet), so codes go out in the order records carrying a KK show them.
  const personSourceBit = int32Array(index.sources.length);
  // Every card is a KK number of a person record or a family record.
  const tally = int32Array((cardTable.texts.length + familyColumns.kks.texts.length) * TALLY);

  const cardOf = int32Array(n).fill(-1);
  const recordDay = index.day;
  const recordKk = index.kk;
  const recordSource = index.source;
  for (let r = 0; r < n; r++) {
    const card = at(recordKk, r);
    if (card < 0) continue;
    cardOf[r] = card;
    const sourceId = at(recordSource, r);
    let bit = at(personSourceBit, sourceId);
    if (bit === 0) personSourceBit[sourceId] = bit = sourceCode(sources, itemAt(index.sources, sourceId));
    touchCard(tally, overflow, card, at(recordDay, r), bit, 1);
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
    const f = at(familyOrder, k);
    const coded = at(familyKk, f);
    let card = coded;
    if (coded < -1) {
      const local = -2 - coded;
      card = at(cardOfFamilyKk, local);
      if (card < 0) cardOfFamilyKk[local] = card = internIdentifier(cardTable, itemAt(familyKks.texts, local));
    }
    familyRecordCard[k] = card;
    cardAt[f] = card;
    if (card < 0) continue;
    const sourceId = at(familySource, f);
    if (familySourceBit[sourceId] === 0) familySourceBit[sourceId] = sourceCode(sources, itemAt(familyColumns.sources, sourceId));
  }
  // Then the family records where they sit (read order): what a card collects does not depend on the order of its sightings.
  for (let f = 0; f < cardAt.length; f++) {
    const card = at(cardAt, f);
    if (card < 0) continue;
    const members = at(memberStart, f + 1) - at(memberStart, f);
    touchCard(tally, overflow, card, at(familyDay, f), at(familySourceBit, at(familySource, f)), members);
  }

  // Each card's first sighting; the tally's sighting count becomes the card's next free sighting.
  const cardCount = cardTable.texts.length;
  const sightingStart = int32Array(cardCount + 1);
  let total = 0;
  for (let card = 0; card < cardCount; card++) {
    const slot = card * TALLY + T_SIGHTINGS;
    sightingStart[card] = total;
    total += at(tally, slot);
    tally[slot] = at(sightingStart, card);
  }
  sightingStart[cardCount] = total;
  const sightings = int32Array(total * SIGHTING);
  const recordAddress = index.address;
  const recordRel = index.rel;
  for (let r = 0; r < n; r++) {
    const card = at(recordKk, r);
    if (card < 0) continue;
    const next = card * TALLY + T_SIGHTINGS;
    const slot = at(tally, next) * SIGHTING;
    tally[next] = at(tally, next) + 1;
    sightings[slot] = at(clusterOf, r);
    sightings[slot + 1] = (at(recordDay, r) << 4) | atUint8(recordRel, r);
    sightings[slot + 2] = at(recordAddress, r);
  }
  for (let f = 0; f < cardAt.length; f++) {
    const card = at(cardAt, f);
    if (card < 0) continue;
    const next = card * TALLY + T_SIGHTINGS;
    const dayBits = at(familyDay, f) << 4;
    const address = at(familyAddress, f);
    let slot = at(tally, next) * SIGHTING;
    for (let e = at(memberStart, f); e < at(memberStart, f + 1); e++) {
      sightings[slot] = at(member, e);
      sightings[slot + 1] = dayBits | atUint8(memberRel, e);
      sightings[slot + 2] = address;
      slot += SIGHTING;
    }
    tally[next] = slot / SIGHTING;
  }
  return { cardKk: cardTable.texts, cardTable, dates: cardDatesOf(tally, cardCount, overflow), cardOf, familyRecordCard, sightingStart, sightings };
}
