import type { NikComparisonLevel } from '../comparators/compareNik.js';

// The family (KK) linking rules: each a small pure function from evidence to decision, tested as a
// table (tests/group/familyRules.test.ts) a domain expert can read and change. The machinery that
// gathers the evidence from a million records (typed columns, arenas) lives in the `_` files.

/** How two KK cards that share members relate. */
export type FamilyLinkKind = 'kk-typo' | 'kk-reissue' | 'kk-split';

/** What is known about two KK cards that have members in common. */
export interface CardPairEvidence {
  /** How the two KK numbers compare, digit by digit (`one-edit` and `transposition` can be a typo). */
  readonly kkLevel: NikComparisonLevel;
  /** Persons on both cards. */
  readonly sharedMembers: number;
  /** Persons on the older card (first observed earlier), and on the newer. */
  readonly olderMembers: number;
  readonly newerMembers: number;
  /** One source listed both numbers. */
  readonly sameSource: boolean;
  /** Both cards were current together (see {@link areCardsConcurrent}). */
  readonly concurrent: boolean;
  /** The newer card's head was the older card's head or spouse (see {@link isHeadCarriedOver}). */
  readonly headCarriedOver: boolean;
  /** Both cards were seen at one dwelling address. */
  readonly sameAddress: boolean;
}

/** The thresholds of {@link decideCardLink}. */
export interface CardLinkThresholds {
  /** Share of members two cards must have in common to be one family, in (0, 1]. */
  readonly minMemberOverlap: number;
}

/**
 * Whether two KK numbers can be one number mistyped: one digit changed or two swapped, and written by
 * different sources (one source listing both numbers lists two cards: new cards of one district and
 * day are one serial apart).
 *
 * @example
 * isMistypedNumber('one-edit', false) // true
 * isMistypedNumber('one-edit', true)  // false: one source wrote both, two real cards
 */
export function isMistypedNumber(kkLevel: NikComparisonLevel, sameSource: boolean): boolean {
  return (kkLevel === 'one-edit' || kkLevel === 'transposition') && !sameSource;
}

/**
 * Whether two cards were current together: one source listed both, or the older card was still seen
 * on or after the day the newer one first was. Versions of one family follow each other; a split
 * leaves the parents' card in use beside the new one.
 *
 * @example
 * areCardsConcurrent(false, 18_000, 18_500) // false: the older was last seen before the newer appeared
 * areCardsConcurrent(false, 18_600, 18_500) // true
 */
export function areCardsConcurrent(sameSource: boolean, olderLastSeenDay: number, newerFirstSeenDay: number): boolean {
  return sameSource || olderLastSeenDay >= newerFirstSeenDay;
}

/** The roles the newer card's head was seen in on the older card. */
export interface HeadRoles {
  readonly head: boolean;
  readonly spouse: boolean;
  /** Child, child-in-law or grandchild. */
  readonly child: boolean;
}

/**
 * Whether the newer card's head carried over from the older card: its head or spouse there (a card
 * reissued after a move, or to the widow after the head's death), never a child there (a married child
 * who split off heads the new card).
 *
 * @example
 * isHeadCarriedOver({ head: false, spouse: true, child: false }) // true: the widow heads the reissued card
 * isHeadCarriedOver({ head: false, spouse: false, child: true }) // false: a child split off
 */
export function isHeadCarriedOver(roles: HeadRoles): boolean {
  return (roles.head || roles.spouse) && !roles.child;
}

/**
 * How two cards sharing members relate: one card mistyped (`kk-typo`), one family's older and newer
 * card (`kk-reissue`), both joined into one family; else two families, members having moved from one
 * to the other (`kk-split`: pecah KK, or cards merged).
 *
 * - A typo needs most of the smaller card's members in common.
 * - A reissue needs the cards never current together, and most of each card's members in common;
 *   or, when the newer card's head carried over from the older card and both cards were seen at one
 *   dwelling address, most of the newer card's members only (a family reissued at home after members
 *   left it: the widow's new card once the married children have their own).
 *
 * What the head and the address do not decide, measured on the synthetic population with its truth
 * (benchmarks/group.bench.ts; numbers in the note of issue 18): requiring the head to carry over for
 * every reissue costs more than it gains, since a child heads many a card reissued after the head's
 * death, and a head first seen on the newer card is common. A different address does not tell a
 * split either: a move reissues a card at a new address, and a married child may split off at home.
 *
 * @example
 * decideCardLink({ kkLevel: 'different', sharedMembers: 3, olderMembers: 3, newerMembers: 3, sameSource: false,
 *   concurrent: false, headCarriedOver: true, sameAddress: false }, { minMemberOverlap: 0.5 }) // 'kk-reissue'
 */
export function decideCardLink(evidence: CardPairEvidence, thresholds: CardLinkThresholds): FamilyLinkKind {
  const { sharedMembers, olderMembers, newerMembers } = evidence;
  const overlap = thresholds.minMemberOverlap;
  if (isMistypedNumber(evidence.kkLevel, evidence.sameSource) && sharedMembers >= overlap * Math.min(olderMembers, newerMembers)) return 'kk-typo';
  if (evidence.concurrent) return 'kk-split';
  const mostOfNewer = sharedMembers >= overlap * newerMembers;
  const mostOfOlder = sharedMembers >= overlap * olderMembers;
  if (mostOfNewer && (mostOfOlder || (evidence.headCarriedOver && evidence.sameAddress))) return 'kk-reissue';
  return 'kk-split';
}

/** One of two cards: how many person and family records carry its number, and the number. */
export interface CardTally {
  readonly records: number;
  readonly kk: string;
}

/**
 * Which of two numbers one typo apart is the mistyped one: the number on fewer records (ties: the
 * larger number, so the choice never depends on the order the cards are given in).
 *
 * @example
 * mistypedCard({ records: 9, kk: '3201010101200001' }, { records: 2, kk: '3201010101200007' }) // 'newer'
 */
export function mistypedCard(older: CardTally, newer: CardTally): 'older' | 'newer' {
  return newer.records < older.records || (newer.records === older.records && newer.kk > older.kk) ? 'newer' : 'older';
}

/**
 * What members moving from one family's card to another family's card was: when the card they moved
 * to already existed and the card they left ended, the cards merged (a widow joining her son's card);
 * otherwise it is a split (pecah KK: a new card, or the old one still in use).
 *
 * @example
 * moveKind(true, false) // 'merge'
 * moveKind(false, true) // 'split'
 */
export function moveKind(toCardExisted: boolean, fromCardContinues: boolean): 'split' | 'merge' {
  return toCardExisted && !fromCardContinues ? 'merge' : 'split';
}

/** A record of one person, as {@link cardForRecordWithoutKk} sees it: the card it is on (-1: none) and its day. */
export interface DatedCard {
  readonly card: number;
  readonly day: number;
}

/**
 * Which card a person record without a KK number joins: the card of the same person's record nearest
 * in time that is on one — the family the person was in then, not before a split or after; of equally
 * near ones, the first in the person's record order. -1 when none of the person's records is on a card.
 *
 * @example
 * cardForRecordWithoutKk(100, [{ card: 3, day: 10 }, { card: 5, day: 90 }, { card: -1, day: 100 }]) // 5
 */
export function cardForRecordWithoutKk(day: number, personRecords: readonly DatedCard[]): number {
  let best = -1;
  let bestGap = Infinity;
  for (const record of personRecords) {
    if (record.card < 0) continue;
    const gap = Math.abs(record.day - day);
    if (gap < bestGap) {
      bestGap = gap;
      best = record.card;
    }
  }
  return best;
}

/**
 * Records of people on no card at all form one family when one record sheet lists them: the same
 * source, the same date and the same dwelling address. The sheet's key, or null for a record without
 * an address (a family of its own).
 *
 * @example
 * recordSheetKey('regsosek', '2024-03-01', 17) === recordSheetKey('regsosek', '2024-03-01', 17) // true
 * recordSheetKey('regsosek', '2024-03-01', -1) // null
 */
export function recordSheetKey(source: string, observedAt: string, address: number): string | null {
  return address < 0 ? null : `${source}\u0000${observedAt}\u0000${address}`;
}
