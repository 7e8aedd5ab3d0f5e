import { at, itemAt } from '../_internal/at.js';
import { int32Array } from '../_internal/typedArena.js';
import type { FamilyRecord } from '../schema/family.js';
import type { PersonRecord } from '../schema/person.js';
import type { Assigned } from './_assignFamilies.js';
import type { Members } from './_collectMembers.js';
import { groupByKey } from './_csr.js';
import { collect, createDistinctSorted, takeDistinctSorted } from './_distinctSorted.js';
import type { Linked } from './_linkCards.js';
import { listOf } from './_listOf.js';
import type { Observations } from './_observeCards.js';
import { dayOfIso, isoOfDay, type PersonIndex } from './_personIndex.js';
import { naturalFamilyId, type GroupIdRecord, type GroupRecordKind } from './groupIds.js';
import type { FamilyCard, FamilyEvent, UnifiedFamily } from './familyTypes.js';

/** ISO dates of day numbers, each built once: cards and events repeat a few thousand days. */
export function createIsoCache(): (day: number) => string {
  const cache = new Map<number, string>();
  return (day) => {
    let iso = cache.get(day);
    if (iso === undefined) cache.set(day, (iso = isoOfDay(day)));
    return iso;
  };
}

export function buildCards(seen: Observations, members: Members, assigned: Assigned, typoOf: Int32Array, isoOf: (day: number) => string): FamilyCard[] {
  const cardCount = seen.cardKk.length;
  const { first, last, records } = seen.dates;
  const cards = new Array<FamilyCard>(cardCount);
  for (let card = 0; card < cardCount; card++) {
    cards[card] = {
      kk: itemAt(seen.cardKk, card),
      family: at(assigned.cardFamily, card),
      members: listOf(members.cluster, at(members.start, card), at(members.start, card + 1)),
      head: at(members.cardHead, card),
      firstObserved: isoOf(at(first, card)),
      lastObserved: isoOf(at(last, card)),
      recordCount: at(records, card),
      typoOf: at(typoOf, card),
    };
  }
  return cards;
}

/**
 * Each family's ID and the record it derives from: its oldest person or family record (see
 * groupIds.ts: first observed, then kind, then source and recordId). Only the winners are read as
 * records; with the records in read order (see IndexPersonsOptions) in the order they sit in memory.
 */
export function familyIds(
  records: readonly PersonRecord[],
  families: readonly FamilyRecord[],
  assigned: Assigned,
  index: PersonIndex,
): { ids: string[]; idRecords: GroupIdRecord[] } {
  const n = records.length;
  const count = assigned.familyCount;
  const bestDay = int32Array(count).fill(2_147_483_647);
  // The oldest record of each family: person record r, or family record f as -(f + 1).
  const best = int32Array(count);
  best.set(assigned.firstRecord);
  // Family records first and a strict `<` below: on one day a family record is older than a person
  // record (kind order), and within a kind the first in canonical order wins.
  for (let f = 0; f < families.length; f++) {
    const family = at(assigned.familyOfRecord, f);
    if (family < 0) continue;
    const day = dayOfIso(itemAt(families, f).observedAt);
    if (day < at(bestDay, family)) {
      bestDay[family] = day;
      best[family] = -(f + 1);
    }
  }
  const familyOf = assigned.familyOf;
  const recordDay = index.day;
  for (let r = 0; r < n; r++) {
    const family = at(familyOf, r);
    const day = at(recordDay, r);
    if (day < at(bestDay, family)) {
      bestDay[family] = day;
      best[family] = r;
    }
  }
  const ids = new Array<string>(count);
  const idRecords = new Array<GroupIdRecord>(count);
  // When the index was given the records in read order, marks go by read position: the pass below then reads marks and records in sequence.
  const inReadOrder = index.recordsInReadOrder;
  const readPositionOf = inReadOrder === undefined ? undefined : index.readPositionOf;
  // The family each person record (by read position when there is a reading) is the ID-giving record of, or -1.
  const idOf = int32Array(n).fill(-1);
  for (let family = 0; family < count; family++) {
    const record = at(best, family);
    if (record >= 0) idOf[readPositionOf === undefined ? record : at(readPositionOf, record)] = family;
    else name(ids, idRecords, family, 'family', itemAt(families, -record - 1));
  }
  const list = readPositionOf === undefined || inReadOrder === undefined ? records : inReadOrder;
  for (let i = 0; i < n; i++) {
    const family = at(idOf, i);
    if (family >= 0) name(ids, idRecords, family, 'person', itemAt(list, i));
  }
  return { ids, idRecords };
}

function name(
  ids: string[],
  idRecords: GroupIdRecord[],
  family: number,
  kind: GroupRecordKind,
  record: { readonly source: string; readonly recordId: string; readonly observedAt: string },
): void {
  const idRecord: GroupIdRecord = { kind, source: record.source, recordId: record.recordId, observedAt: record.observedAt };
  idRecords[family] = idRecord;
  ids[family] = naturalFamilyId(idRecord);
}

/** The family of each person record without a card, -1 for a record on a card. */
function cardlessFamilies(cardOf: Int32Array, familyOf: Int32Array): Int32Array {
  const family = int32Array(cardOf.length);
  for (let r = 0; r < cardOf.length; r++) family[r] = at(cardOf, r) < 0 ? at(familyOf, r) : -1;
  return family;
}

export function buildFamilies(
  ids: readonly string[],
  idRecords: readonly GroupIdRecord[],
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
    const cardFrom = at(cardStart, family);
    const cardTo = at(cardStart, family + 1);
    // Versions oldest first (ties by number); insertion sort: a family has a card or three.
    versions.length = 0;
    for (let k = cardFrom; k < cardTo; k++) {
      const card = at(cardList, k);
      if (at(typoOf, card) >= 0) continue;
      let j = versions.length;
      versions.push(card);
      while (j > 0) {
        const before = itemAt(versions, j - 1);
        const order = at(cardFirst, before) - at(cardFirst, card) || (itemAt(cardKk, before) < itemAt(cardKk, card) ? -1 : 1);
        if (order <= 0) break;
        versions[j] = before;
        j--;
      }
      versions[j] = card;
    }
    for (let k = at(cardless.start, family); k < at(cardless.start, family + 1); k++) collect(collected, at(clusterOf, at(cardless.items, k)));
    for (let k = cardFrom; k < cardTo; k++) {
      const card = at(cardList, k);
      for (let m = at(members.start, card); m < at(members.start, card + 1); m++) collect(collected, at(members.cluster, m));
    }
    let head = -1;
    for (let v = versions.length - 1; v >= 0 && head < 0; v--) head = at(members.cardHead, itemAt(versions, v));
    const kks = new Array<string>(versions.length);
    for (let v = 0; v < versions.length; v++) kks[v] = itemAt(cardKk, itemAt(versions, v));
    unified[family] = {
      id: itemAt(ids, family),
      idRecord: itemAt(idRecords, family),
      kks,
      cards: listOf(cardList, cardFrom, cardTo),
      members: takeDistinctSorted(collected),
      head,
      records: listOf(recordList, at(recordStart, family), at(recordStart, family + 1)),
      familyRecords: listOf(assigned.familyRecordList, at(assigned.familyRecordStart, family), at(assigned.familyRecordStart, family + 1)),
    };
  }
  return unified;
}

export function buildEvents(seen: Observations, cardFamily: Int32Array, linked: Linked, isoOf: (day: number) => string): FamilyEvent[] {
  const { cardKk } = seen;
  const cardFirst = seen.dates.first;
  const { typoOf, links } = linked;
  const events: FamilyEvent[] = [];
  const skipped = (card: number): boolean => at(typoOf, card) >= 0;
  for (const link of links) {
    if (link.kind !== 'kk-reissue' || skipped(link.older) || skipped(link.newer)) continue;
    events.push({
      kind: 'reissue',
      family: at(cardFamily, link.older),
      fromKk: itemAt(cardKk, link.older),
      toKk: itemAt(cardKk, link.newer),
      members: link.sharedMembers,
      observedAt: isoOf(at(cardFirst, link.newer)),
    });
  }
  for (const move of linked.eventOf) {
    // A mistyped card repeats what its right number already says.
    if (skipped(move.from) || skipped(move.to) || cardFamily[move.from] === cardFamily[move.to]) continue;
    events.push({
      kind: move.kind,
      from: at(cardFamily, move.from),
      to: at(cardFamily, move.to),
      fromKk: itemAt(cardKk, move.from),
      toKk: itemAt(cardKk, move.to),
      members: itemAt(links, move.link).sharedMembers,
      observedAt: isoOf(move.day),
    });
  }
  return events;
}
