import { at, itemAt } from '../_internal/at.js';
import { int32Array } from '../_internal/typedArena.js';
import { findRoot, unite, type UnionFind } from '../_internal/unionFind.js';
import type { FamilyRecord } from '../schema/family.js';
import type { PersonRecord } from '../schema/person.js';
import { groupByKey } from './_csr.js';
import type { Observations } from './_observeCards.js';
import type { PersonIndex } from './_personIndex.js';
import { cardForRecordWithoutKk, recordSheetKey } from './familyRules.js';
import type { ResolvedPersons } from './familyTypes.js';

/**
 * The union-find node of each person record: its card; without a KK, the card of its person's
 * nearest-dated record with one; a person on no card at all gets a node of its own, joined with
 * others on the same record sheet.
 */
export function placeRecordsWithoutKk(
  persons: ResolvedPersons,
  index: PersonIndex,
  seen: Observations,
  forest: UnionFind,
): { familyNode: Int32Array; recordsWithoutKk: number } {
  const { records, clusterOf, clusters } = persons;
  const n = records.length;
  const cardOf = seen.cardOf;
  const cardCount = seen.cardKk.length;
  const recordDay = index.day;
  const familyNode = int32Array(n);
  let recordsWithoutKk = 0;
  let orphanGroups: Map<string, number> | undefined;
  for (let r = 0; r < n; r++) {
    const card = at(cardOf, r);
    if (card >= 0) {
      familyNode[r] = card;
      continue;
    }
    recordsWithoutKk++;
    const cluster = at(clusterOf, r);
    const others = clusters[cluster]?.records ?? [];
    const best = cardForRecordWithoutKk(
      at(recordDay, r),
      others.map((other) => ({ card: at(cardOf, other), day: at(recordDay, other) })),
    );
    if (best >= 0) {
      familyNode[r] = best;
      continue;
    }
    const node = cardCount + cluster;
    familyNode[r] = node;
    const record = itemAt(records, r);
    const sheet = recordSheetKey(record.source, record.observedAt, at(index.address, r));
    if (sheet === null) continue;
    orphanGroups ??= new Map();
    const first = orphanGroups.get(sheet);
    if (first === undefined) orphanGroups.set(sheet, node);
    else unite(forest, first, node);
  }
  return { familyNode, recordsWithoutKk };
}

/** Families numbered in order of their first record, with their records and cards as flat lists. */
export interface Assigned {
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

export function assignFamilies(
  records: readonly PersonRecord[],
  families: readonly FamilyRecord[],
  seen: Observations,
  familyNode: Int32Array,
  forest: UnionFind,
): Assigned {
  const n = records.length;
  const cardCount = seen.cardKk.length;
  // Families in order of their first record, so indexes and IDs do not depend on input order.
  const familyOfRoot = int32Array(forest.parent.length).fill(-1);
  const familyOf = int32Array(n);
  const firstRecord = int32Array(n + families.length);
  let familyCount = 0;
  for (let r = 0; r < n; r++) {
    const root = findRoot(forest, at(familyNode, r));
    let family = at(familyOfRoot, root);
    if (family < 0) {
      family = familyCount++;
      familyOfRoot[root] = family;
      firstRecord[family] = r;
    }
    familyOf[r] = family;
  }
  const familyOfRecord = int32Array(families.length);
  for (let f = 0; f < families.length; f++) {
    const card = at(seen.familyRecordCard, f);
    if (card < 0) {
      familyOfRecord[f] = -1;
      continue;
    }
    const root = findRoot(forest, card);
    let family = at(familyOfRoot, root);
    if (family < 0) {
      family = familyCount++;
      familyOfRoot[root] = family;
      firstRecord[family] = -(f + 1);
    }
    familyOfRecord[f] = family;
  }
  const cardFamily = int32Array(cardCount);
  for (let card = 0; card < cardCount; card++) cardFamily[card] = at(familyOfRoot, findRoot(forest, card));
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
