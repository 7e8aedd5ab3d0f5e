import { at, atFloat64, atUint8, itemAt } from '../_internal/at.js';
import { float64Array, int32Array } from '../_internal/typedArena.js';
import { createUnionFind, unite, type UnionFind } from '../_internal/unionFind.js';
import { compareNik } from '../comparators/compareNik.js';
import type { Members } from './_collectMembers.js';
import { groupByKey } from './_csr.js';
import { cardsShareSource, type Observations } from './_observeCards.js';
import { REL_CHILD, REL_HEAD, REL_SPOUSE } from './_personIndex.js';
import { areCardsConcurrent, decideCardLink, isHeadCarriedOver, mistypedCard, moveKind, type CardLinkThresholds, type FamilyLinkKind } from './familyRules.js';
import type { FamilyLink } from './familyTypes.js';

/** Card pairs sharing a person (keyed older·cardCount + newer, ascending), with the person's cards capped. */
export function candidatePairs(members: Members, clusterCount: number, maxCardsPerPerson: number): Float64Array {
  const cardCount = members.start.length - 1;
  // Cards of each person cluster (member entries are in card order, so each list is ascending).
  const byPerson = groupByKey(members.cluster, members.count, clusterCount);
  const personStart = byPerson.start;
  const personCards = int32Array(members.count);
  for (let k = 0; k < members.count; k++) personCards[k] = at(members.card, at(byPerson.items, k));

  // Keyed by a number so no pair allocates; a set, since a pair's count is never read.
  const shared = new Set<number>();
  for (let c = 0; c < clusterCount; c++) {
    const from = at(personStart, c);
    const to = at(personStart, c + 1);
    if (to - from < 2 || to - from > maxCardsPerPerson) continue;
    for (let i = from; i < to; i++) {
      for (let j = i + 1; j < to; j++) shared.add(at(personCards, i) * cardCount + at(personCards, j));
    }
  }
  const keys = float64Array(shared.size);
  let k = 0;
  for (const key of shared) keys[k++] = key;
  return keys.sort();
}

/** The cards joined into families, and every decision with its evidence. */
export interface Linked {
  readonly forest: UnionFind;
  /** The card each mistyped card is a typo of, or -1. */
  readonly typoOf: Int32Array;
  readonly links: FamilyLink[];
  readonly eventOf: PendingEvent[];
  readonly linkCounts: Record<FamilyLinkKind, number>;
}

/** Decides each candidate pair: typo, reissue (both joined) or split (kept apart, an event). */
export function linkCards(seen: Observations, members: Members, pairKeys: Float64Array, clusterCount: number, thresholds: CardLinkThresholds): Linked {
  const cardKk = seen.cardKk;
  const cardCount = cardKk.length;
  const { first: cardFirst, last: cardLast, records: cardRecords } = seen.dates;
  const memberStart = members.start;
  const forest = createUnionFind(cardCount + clusterCount);
  const typoOf = int32Array(cardCount).fill(-1);
  const links: FamilyLink[] = [];
  const sharedAt: number[] = [];
  const eventOf: PendingEvent[] = [];
  const linkCounts: Record<FamilyLinkKind, number> = { 'kk-typo': 0, 'kk-reissue': 0, 'kk-split': 0 };
  for (let p = 0; p < pairKeys.length; p++) {
    const key = atFloat64(pairKeys, p);
    const a = Math.floor(key / cardCount);
    const b = key - a * cardCount;
    const aFirst = at(cardFirst, a);
    const bFirst = at(cardFirst, b);
    const aIsOlder =
      aFirst < bFirst ||
      (aFirst === bFirst && (at(cardLast, a) < at(cardLast, b) || (at(cardLast, a) === at(cardLast, b) && itemAt(cardKk, a) < itemAt(cardKk, b))));
    const older = aIsOlder ? a : b;
    const newer = aIsOlder ? b : a;
    const sharedMembers = intersectMembers(members.cluster, memberStart, older, newer, sharedAt);
    const s = sharedMembers.length;
    const olderSize = at(memberStart, older + 1) - at(memberStart, older);
    const newerSize = at(memberStart, newer + 1) - at(memberStart, newer);
    const kkLevel = compareNik(itemAt(cardKk, older), itemAt(cardKk, newer));
    const sameAddress = intersects(members.address, members.addressStart, older, newer);
    const newHead = at(members.cardHead, newer);
    const headRel = newHead >= 0 ? memberRelOf(members.cluster, members.rel, memberStart, older, newHead) : 0;
    const headCarriedOver = isHeadCarriedOver({ head: (headRel & REL_HEAD) !== 0, spouse: (headRel & REL_SPOUSE) !== 0, child: (headRel & REL_CHILD) !== 0 });
    const sameSource = cardsShareSource(seen.dates, older, newer);
    const concurrent = areCardsConcurrent(sameSource, at(cardLast, older), at(cardFirst, newer));
    const kind = decideCardLink(
      { kkLevel, sharedMembers: s, olderMembers: olderSize, newerMembers: newerSize, sameSource, concurrent, headCarriedOver, sameAddress },
      thresholds,
    );
    const joined = kind !== 'kk-split';
    if (joined) unite(forest, older, newer);
    else eventOf.push(moveBetween(older, newer, sharedAt, members.firstDay, cardFirst, cardLast, links.length));
    if (kind === 'kk-typo') {
      const minor =
        mistypedCard({ records: at(cardRecords, older), kk: itemAt(cardKk, older) }, { records: at(cardRecords, newer), kk: itemAt(cardKk, newer) }) === 'newer'
          ? newer
          : older;
      if (at(typoOf, minor) < 0) typoOf[minor] = minor === newer ? older : newer;
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

/** Person clusters on both cards; `entries` receives the member-entry index pairs (a, b) of each. */
function intersectMembers(memberCluster: Int32Array, memberStart: Int32Array, a: number, b: number, entries: number[]): number[] {
  const out: number[] = [];
  entries.length = 0;
  let i = at(memberStart, a);
  let j = at(memberStart, b);
  const iEnd = at(memberStart, a + 1);
  const jEnd = at(memberStart, b + 1);
  while (i < iEnd && j < jEnd) {
    const x = at(memberCluster, i);
    const y = at(memberCluster, j);
    if (x === y) {
      out.push(x);
      entries.push(i, j);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

/** A split or merge between two families' cards, numbered into an event once families are. */
export interface PendingEvent {
  readonly kind: 'split' | 'merge';
  readonly from: number;
  readonly to: number;
  readonly day: number;
  readonly link: number;
}

/**
 * Which way members moved between two cards of different families, and what that was (see
 * {@link moveKind}): the card most shared members were on first is `from`; the move happened when
 * the first of them was seen on `to`.
 */
function moveBetween(
  older: number,
  newer: number,
  entries: readonly number[],
  firstDay: Int32Array,
  cardFirst: Int32Array,
  cardLast: Int32Array,
  link: number,
): PendingEvent {
  let forward = 0;
  for (let k = 0; k < entries.length; k += 2) {
    const onOlder = at(firstDay, itemAt(entries, k));
    const onNewer = at(firstDay, itemAt(entries, k + 1));
    if (onOlder < onNewer) forward++;
    else if (onOlder > onNewer) forward--;
  }
  const from = forward >= 0 ? older : newer;
  const to = from === older ? newer : older;
  const toSide = from === older ? 1 : 0;
  let day = Infinity;
  for (let k = toSide; k < entries.length; k += 2) day = Math.min(day, at(firstDay, itemAt(entries, k)));
  const fromContinues = at(cardLast, from) >= day;
  const toExisted = at(cardFirst, to) < day;
  return { kind: moveKind(toExisted, fromContinues), from, to, day, link };
}

function memberRelOf(memberCluster: Int32Array, memberRel: Uint8Array, memberStart: Int32Array, card: number, cluster: number): number {
  for (let m = at(memberStart, card); m < at(memberStart, card + 1); m++) if (memberCluster[m] === cluster) return atUint8(memberRel, m);
  return 0;
}

function intersects(values: Int32Array, start: Int32Array, a: number, b: number): boolean {
  let i = at(start, a);
  let j = at(start, b);
  const iEnd = at(start, a + 1);
  const jEnd = at(start, b + 1);
  while (i < iEnd && j < jEnd) {
    const x = at(values, i);
    const y = at(values, j);
    if (x === y) return true;
    if (x < y) i++;
    else j++;
  }
  return false;
}
