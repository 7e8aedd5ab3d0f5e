import { describe, expect, it } from 'vitest';
import type { NikComparisonLevel } from '../../src/comparators/compareNik.js';
import {
  areCardsConcurrent,
  cardForRecordWithoutKk,
  recordSheetKey,
  type DatedCard,
  decideCardLink,
  isHeadCarriedOver,
  isMistypedNumber,
  mistypedCard,
  moveKind,
  type CardPairEvidence,
  type FamilyLinkKind,
} from '../../src/group/familyRules.js';

// Protects the family (KK) linking rules, one table each: a row is a case a domain expert can read,
// question and change. The machinery that gathers the evidence is tested in groupFamilies.test.ts.

describe('isMistypedNumber: can two KK numbers be one number mistyped?', () => {
  const rows: readonly [NikComparisonLevel, boolean, boolean, string][] = [
    // numbers compare   one source wrote both   → mistyped?   why
    ['one-edit', false, true, 'one digit differs, written by different sources'],
    ['transposition', false, true, 'two digits swapped, different sources'],
    ['one-edit', true, false, 'one source listing both lists two cards (serials one apart)'],
    ['transposition', true, false, 'the same, swapped digits'],
    ['different', false, false, 'numbers too far apart to be one typo'],
    ['exact', false, false, 'the same number is the same card, not a typo'],
  ];
  it.each(rows)('%s, same source %s → %s (%s)', (kkLevel, sameSource, expected) => {
    expect(isMistypedNumber(kkLevel, sameSource)).toBe(expected);
  });
});

describe('areCardsConcurrent: were two cards current together?', () => {
  const rows: readonly [boolean, number, number, boolean, string][] = [
    // same source   older last seen   newer first seen   → concurrent?   why
    [false, 100, 200, false, 'the older card was last seen before the newer appeared: versions'],
    [false, 200, 200, true, 'seen on the day the newer appeared'],
    [false, 300, 200, true, 'the older card still in use after the newer appeared (a split)'],
    [true, 100, 200, true, 'one source listed both: both are current cards'],
  ];
  it.each(rows)('same source %s, older last %i, newer first %i → %s (%s)', (sameSource, olderLast, newerFirst, expected) => {
    expect(areCardsConcurrent(sameSource, olderLast, newerFirst)).toBe(expected);
  });
});

describe("isHeadCarriedOver: does the newer card's head come from the older card's head or spouse?", () => {
  const rows: readonly [{ head: boolean; spouse: boolean; child: boolean }, boolean, string][] = [
    [{ head: true, spouse: false, child: false }, true, 'the same head: a card reissued after a move'],
    [{ head: false, spouse: true, child: false }, true, 'the spouse: the widow heads the card reissued after the head died'],
    [{ head: false, spouse: false, child: true }, false, 'a child (or child-in-law) heads the new card: a split'],
    [{ head: true, spouse: false, child: true }, false, 'seen as head and as child: the child reading wins, a split is the cautious call'],
    [{ head: false, spouse: false, child: false }, false, 'not on the older card, or in another role'],
  ];
  it.each(rows)('%o → %s (%s)', (roles, expected) => {
    expect(isHeadCarriedOver(roles)).toBe(expected);
  });
});

describe('decideCardLink: typo, reissue or split?', () => {
  const base: CardPairEvidence = {
    kkLevel: 'different',
    sharedMembers: 3,
    olderMembers: 3,
    newerMembers: 3,
    sameSource: false,
    concurrent: false,
    headCarriedOver: true,
    sameAddress: false,
  };
  const rows: readonly [Partial<CardPairEvidence>, FamilyLinkKind, string][] = [
    // evidence (what differs from: numbers different, 3 of 3 + 3 members shared, apart in time, head carried over)   → kind   why
    [{ kkLevel: 'one-edit' }, 'kk-typo', 'one typo apart, all members shared'],
    [{ kkLevel: 'one-edit', sharedMembers: 1, olderMembers: 1, newerMembers: 4 }, 'kk-typo', 'a typo is measured against the smaller card'],
    [{ kkLevel: 'one-edit', sameSource: true, concurrent: true }, 'kk-split', 'one source wrote both numbers: two cards'],
    [{ kkLevel: 'transposition', sharedMembers: 1, olderMembers: 3, newerMembers: 3 }, 'kk-split', 'a typo of a card with other members is not the same card'],
    [{}, 'kk-reissue', 'all members, one after the other: the same family on a new card'],
    [{ headCarriedOver: false }, 'kk-reissue', 'a child heads the new card: still a version (the head died) when all members came along'],
    [{ sharedMembers: 2, olderMembers: 4, newerMembers: 3 }, 'kk-reissue', 'half of the older card and most of the newer'],
    [
      { sharedMembers: 2, olderMembers: 5, newerMembers: 2 },
      'kk-split',
      'under half of the older card moved, the head did not carry over at home: they left it',
    ],
    [
      { sharedMembers: 2, olderMembers: 5, newerMembers: 2, sameAddress: true },
      'kk-reissue',
      'under half moved, but the head carried over at the same dwelling: the family reissued at home',
    ],
    [
      { sharedMembers: 2, olderMembers: 5, newerMembers: 2, sameAddress: true, headCarriedOver: false },
      'kk-split',
      'the same at home, a child heading the new card: a split',
    ],
    [
      { sharedMembers: 1, olderMembers: 5, newerMembers: 3, sameAddress: true },
      'kk-split',
      'head carried over at home, but most of the newer card is new: two families',
    ],
    [{ concurrent: true }, 'kk-split', 'both cards current together: a split, not a version'],
    [{ concurrent: true, sameAddress: true }, 'kk-split', 'current together, even at one address with the head carried over'],
  ];
  it.each(rows)('%o → %s (%s)', (evidence, expected) => {
    expect(decideCardLink({ ...base, ...evidence }, { minMemberOverlap: 0.5 })).toBe(expected);
  });

  it('takes its overlap threshold from the caller', () => {
    const evidence = { ...base, sharedMembers: 2, olderMembers: 4, newerMembers: 3 };
    expect(decideCardLink(evidence, { minMemberOverlap: 0.5 })).toBe('kk-reissue');
    expect(decideCardLink(evidence, { minMemberOverlap: 0.75 })).toBe('kk-split');
  });
});

describe('mistypedCard: which of two numbers one typo apart is the mistyped one?', () => {
  const rows: readonly [number, string, number, string, 'older' | 'newer', string][] = [
    // older records, number   newer records, number   → mistyped   why
    [9, '3201010101200001', 2, '3201010101200007', 'newer', 'fewer records carry it'],
    [2, '3201010101200001', 9, '3201010101200007', 'older', 'fewer records carry it'],
    [4, '3201010101200001', 4, '3201010101200007', 'newer', 'a tie goes to the larger number, whichever card is older'],
    [4, '3201010101200007', 4, '3201010101200001', 'older', 'the same tie, cards the other way round'],
  ];
  it.each(rows)('%i × %s vs %i × %s → %s (%s)', (olderRecords, olderKk, newerRecords, newerKk, expected) => {
    expect(mistypedCard({ records: olderRecords, kk: olderKk }, { records: newerRecords, kk: newerKk })).toBe(expected);
  });
});

describe('moveKind: members moved between two families’ cards — a split or cards merged?', () => {
  const rows: readonly [boolean, boolean, 'split' | 'merge', string][] = [
    // card moved to existed   card moved from continues   → kind   why
    [false, true, 'split', 'a new card beside the old one still in use: pecah KK'],
    [false, false, 'split', 'a new card, the old one ended: still a new family card'],
    [true, true, 'split', 'joined an existing card, the old one still in use'],
    [true, false, 'merge', 'the old card ended as its members joined an existing card'],
  ];
  it.each(rows)('existed %s, continues %s → %s (%s)', (toCardExisted, fromCardContinues, expected) => {
    expect(moveKind(toCardExisted, fromCardContinues)).toBe(expected);
  });
});

describe('cardForRecordWithoutKk: which family does a record without a KK join?', () => {
  const on = (card: number, day: number): DatedCard => ({ card, day });
  const rows: readonly [number, readonly DatedCard[], number, string][] = [
    // record's day   the person's other records (card, day)   → card   why
    [100, [on(3, 10), on(5, 90)], 5, 'the card the person was on nearest in time'],
    [100, [on(3, 10), on(5, 300)], 3, 'nearest either side: before a split beats long after it'],
    [100, [on(3, 90), on(5, 110)], 3, 'equally near: the first in the person’s record order'],
    [100, [on(-1, 100), on(4, 500)], 4, 'records on no card are skipped, however near'],
    [100, [on(-1, 90)], -1, 'the person is on no card at all'],
    [100, [], -1, 'no other record'],
  ];
  it.each(rows)('day %i with %j → %i (%s)', (day, records, expected) => {
    expect(cardForRecordWithoutKk(day, records)).toBe(expected);
  });
});

describe('recordSheetKey: which records of people on no card are one family?', () => {
  const rows: readonly [[string, string, number], [string, string, number], boolean, string][] = [
    // record A (source, date, address)       record B                               → one family?  why
    [['regsosek', '2024-03-01', 17], ['regsosek', '2024-03-01', 17], true, 'one sheet: same source, date and address'],
    [['regsosek', '2024-03-01', 17], ['dtks', '2024-03-01', 17], false, 'two sources wrote them'],
    [['regsosek', '2024-03-01', 17], ['regsosek', '2024-06-01', 17], false, 'two visits'],
    [['regsosek', '2024-03-01', 17], ['regsosek', '2024-03-01', 18], false, 'two addresses'],
    [['regsosek', '2024-03-01', -1], ['regsosek', '2024-03-01', -1], false, 'no address: each a family of its own'],
  ];
  it.each(rows)('%j and %j → %s (%s)', (a, b, expected) => {
    const keyA = recordSheetKey(...a);
    expect(keyA !== null && keyA === recordSheetKey(...b)).toBe(expected);
  });
});
