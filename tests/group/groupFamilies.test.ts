import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { explainFamily } from '../../src/group/explainFamily.js';
import type { PreparedColumn } from '../../src/model/column.js';
import { groupFamilies } from '../../src/group/groupFamilies.js';
import { groupHouseholds } from '../../src/group/groupHouseholds.js';
import { indexPersons } from '../../src/group/indexPersons.js';
import { address, family, kk, nik, person, resolveExactly } from './fixtures.js';

// Protects family (KK) linking: one card is one family; a mistyped number or a reissued card stays
// the same family; a split (pecah KK) makes a new family and is reported as an event, not merged.
describe('groupFamilies', () => {
  const familyOfKey = (grouping: ReturnType<typeof groupFamilies>, persons: ReturnType<typeof resolveExactly>, recordId: string): number => {
    const r = persons.records.findIndex((record) => record.recordId === recordId);
    return grouping.familyOf[r] as number;
  };

  it('puts records carrying one KK in one family and separate KKs apart', () => {
    const persons = resolveExactly([
      person({ source: 'dukcapil', recordId: 'a1', nik: nik(1), kk: kk(1), relationship: 'head' }),
      person({ source: 'dukcapil', recordId: 'a2', nik: nik(2), kk: kk(1), relationship: 'spouse' }),
      person({ source: 'dtks', recordId: 'b1', nik: nik(1), kk: kk(1), relationship: 'head', observedAt: '2021-03-01' }),
      person({ source: 'dukcapil', recordId: 'c1', nik: nik(3), kk: kk(2), relationship: 'head' }),
    ]);
    const grouping = groupFamilies(persons);
    expect(grouping.families).toHaveLength(2);
    expect(familyOfKey(grouping, persons, 'a1')).toBe(familyOfKey(grouping, persons, 'b1'));
    expect(familyOfKey(grouping, persons, 'a2')).toBe(familyOfKey(grouping, persons, 'a1'));
    expect(familyOfKey(grouping, persons, 'c1')).not.toBe(familyOfKey(grouping, persons, 'a1'));
    const first = grouping.families[familyOfKey(grouping, persons, 'a1')];
    expect(first?.kks).toEqual([kk(1)]);
    expect(first?.head).toBe(persons.clusterOf[persons.records.findIndex((r) => r.recordId === 'a1')]);
    expect(first?.id).toMatch(/^F[0-9a-f]{16}$/);
  });

  it('links a one-digit KK typo sharing the members, and leaves the typo out of the versions', () => {
    const typo = `${kk(1).slice(0, 15)}9`;
    const persons = resolveExactly([
      person({ source: 'dukcapil', recordId: 'a1', nik: nik(1), kk: kk(1), relationship: 'head', observedAt: '2025-06-01' }),
      person({ source: 'dukcapil', recordId: 'a2', nik: nik(2), kk: kk(1), relationship: 'spouse', observedAt: '2025-06-01' }),
      person({ source: 'dtks', recordId: 'b1', nik: nik(1), kk: typo, relationship: 'head', observedAt: '2022-01-01' }),
      person({ source: 'dtks', recordId: 'b2', nik: nik(2), kk: typo, relationship: 'spouse', observedAt: '2022-01-01' }),
      person({ source: 'p3ke', recordId: 'c1', nik: nik(1), kk: kk(1), relationship: 'head', observedAt: '2022-05-01' }),
    ]);
    const grouping = groupFamilies(persons);
    expect(grouping.families).toHaveLength(1);
    expect(grouping.families[0]?.kks).toEqual([kk(1)]);
    const link = grouping.links.find((l) => l.kind === 'kk-typo');
    expect(link).toMatchObject({ joined: true, kkLevel: 'one-edit', score: 1 });
    expect(link?.sharedMembers).toHaveLength(2);
    const typoCard = grouping.cards.findIndex((c) => c.kk === typo);
    expect(grouping.cards[typoCard]?.typoOf).toBe(grouping.cards.findIndex((c) => c.kk === kk(1)));
  });

  it('keeps a family across a new card after a move, and reports the reissue', () => {
    const persons = resolveExactly([
      person({ source: 'dtks', recordId: 'o1', nik: nik(1), kk: kk(1), relationship: 'head', observedAt: '2021-01-10', address: address(1) }),
      person({ source: 'dtks', recordId: 'o2', nik: nik(2), kk: kk(1), relationship: 'spouse', observedAt: '2021-01-10', address: address(1) }),
      person({ source: 'dtks', recordId: 'o3', nik: nik(3), kk: kk(1), relationship: 'child', observedAt: '2021-01-10', address: address(1) }),
      person({ source: 'dukcapil', recordId: 'n1', nik: nik(1), kk: kk(7), relationship: 'head', observedAt: '2025-06-01', address: address(9) }),
      person({ source: 'dukcapil', recordId: 'n2', nik: nik(2), kk: kk(7), relationship: 'spouse', observedAt: '2025-06-01', address: address(9) }),
      person({ source: 'dukcapil', recordId: 'n3', nik: nik(3), kk: kk(7), relationship: 'child', observedAt: '2025-06-01', address: address(9) }),
    ]);
    const grouping = groupFamilies(persons);
    expect(grouping.families).toHaveLength(1);
    expect(grouping.families[0]?.kks).toEqual([kk(1), kk(7)]);
    expect(grouping.events).toEqual([{ kind: 'reissue', family: 0, fromKk: kk(1), toKk: kk(7), members: [0, 1, 2], observedAt: '2025-06-01' }]);
    expect(grouping.links[0]).toMatchObject({ kind: 'kk-reissue', headCarriedOver: true, sameAddress: false, concurrent: false });
    expect(explainFamily(grouping, 0)).toMatchObject({ kks: [kk(1), kk(7)], joined: [{ kind: 'kk-reissue', score: 1 }], apart: [] });
  });

  it('makes a new family when a married child splits off (pecah KK), and reports the split with who moved', () => {
    const persons = resolveExactly([
      // Before the split, the child and the in-marrying spouse are on the parents' card.
      person({ source: 'dtks', recordId: 'o1', nik: nik(1), kk: kk(1), relationship: 'head', observedAt: '2021-01-10' }),
      person({ source: 'dtks', recordId: 'o2', nik: nik(2), kk: kk(1), relationship: 'spouse', observedAt: '2021-01-10' }),
      person({ source: 'dtks', recordId: 'o3', nik: nik(3), kk: kk(1), relationship: 'child', observedAt: '2021-01-10' }),
      person({ source: 'dtks', recordId: 'o4', nik: nik(4), kk: kk(1), relationship: 'child-in-law', observedAt: '2021-01-10' }),
      // After: the parents keep their card, the couple has a new one.
      person({ source: 'dukcapil', recordId: 'p1', nik: nik(1), kk: kk(1), relationship: 'head', observedAt: '2025-06-01' }),
      person({ source: 'dukcapil', recordId: 'p2', nik: nik(2), kk: kk(1), relationship: 'spouse', observedAt: '2025-06-01' }),
      person({ source: 'dukcapil', recordId: 'c3', nik: nik(3), kk: kk(2), relationship: 'head', observedAt: '2025-06-02' }),
      person({ source: 'dukcapil', recordId: 'c4', nik: nik(4), kk: kk(2), relationship: 'spouse', observedAt: '2025-06-02' }),
    ]);
    const grouping = groupFamilies(persons);
    expect(grouping.families).toHaveLength(2);
    // The same person is in the parents' family before the split and in the new one after.
    expect(familyOfKey(grouping, persons, 'o3')).toBe(familyOfKey(grouping, persons, 'p1'));
    expect(familyOfKey(grouping, persons, 'c3')).not.toBe(familyOfKey(grouping, persons, 'p1'));
    const [event] = grouping.events;
    expect(event).toMatchObject({ kind: 'split', fromKk: kk(1), toKk: kk(2), observedAt: '2025-06-02' });
    expect(event?.members.map((c) => persons.clusters[c]?.id)).toEqual([`P-${nik(3)}`, `P-${nik(4)}`]);
    expect(grouping.links[0]).toMatchObject({ kind: 'kk-split', joined: false, concurrent: true, headCarriedOver: false });
    const why = explainFamily(grouping, familyOfKey(grouping, persons, 'c3'));
    expect(why.joined).toEqual([]);
    expect(why.apart).toHaveLength(1);
    expect(why.events.map((e) => e.kind)).toEqual(['split']);
    expect(() => explainFamily(grouping, 99)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });

  it('reports cards merged: a card that ends as its member joins another family card', () => {
    const persons = resolveExactly([
      // A widow on her own card, and her son's family on theirs…
      person({ source: 'dtks', recordId: 'w', nik: nik(1), kk: kk(5), relationship: 'head', observedAt: '2020-02-01' }),
      person({ source: 'dtks', recordId: 's', nik: nik(2), kk: kk(6), relationship: 'head', observedAt: '2020-02-01' }),
      person({ source: 'dtks', recordId: 't', nik: nik(3), kk: kk(6), relationship: 'spouse', observedAt: '2020-02-01' }),
      // …later all three on the son's card.
      person({ source: 'dukcapil', recordId: 'w2', nik: nik(1), kk: kk(6), relationship: 'parent', observedAt: '2025-06-01' }),
      person({ source: 'dukcapil', recordId: 's2', nik: nik(2), kk: kk(6), relationship: 'head', observedAt: '2025-06-01' }),
      person({ source: 'dukcapil', recordId: 't2', nik: nik(3), kk: kk(6), relationship: 'spouse', observedAt: '2025-06-01' }),
    ]);
    const grouping = groupFamilies(persons);
    expect(grouping.families).toHaveLength(2);
    expect(grouping.events).toHaveLength(1);
    expect(grouping.events[0]).toMatchObject({ kind: 'merge', fromKk: kk(5), toKk: kk(6), observedAt: '2025-06-01' });
    expect(grouping.events[0]?.members.map((c) => persons.clusters[c]?.id)).toEqual([`P-${nik(1)}`]);
  });

  it('places a record without a KK in the family its person was in at the nearest date', () => {
    const persons = resolveExactly([
      person({ source: 'dtks', recordId: 'o3', nik: nik(3), kk: kk(1), observedAt: '2020-01-10' }),
      person({ source: 'dtks', recordId: 'o1', nik: nik(1), kk: kk(1), observedAt: '2020-01-10' }),
      person({ source: 'dukcapil', recordId: 'p1', nik: nik(1), kk: kk(1), observedAt: '2025-06-01' }),
      person({ source: 'dukcapil', recordId: 'c3', nik: nik(3), kk: kk(2), observedAt: '2025-06-01' }),
      person({ source: 'p3ke', recordId: 'x', nik: nik(3), kk: null, observedAt: '2021-02-01' }),
      person({ source: 'citizen', recordId: 'y', nik: nik(3), kk: null, observedAt: '2025-03-01' }),
    ]);
    const grouping = groupFamilies(persons);
    expect(familyOfKey(grouping, persons, 'x')).toBe(familyOfKey(grouping, persons, 'o1'));
    expect(familyOfKey(grouping, persons, 'y')).toBe(familyOfKey(grouping, persons, 'c3'));
    expect(grouping.report.recordsWithoutKk).toBe(2);
  });

  it('attaches family records by KK and their member NIKs', () => {
    const persons = resolveExactly([
      person({ source: 'dukcapil', recordId: 'a1', nik: nik(1), kk: kk(1), relationship: 'head' }),
      person({ source: 'dukcapil', recordId: 'a2', nik: nik(2), kk: kk(1) }),
    ]);
    const grouping = groupFamilies(persons, [
      family({ source: 'dtks', recordId: 'k2', kk: kk(1), headNik: nik(1), memberNiks: [nik(1), nik(2)] }),
      family({ source: 'dukcapil', recordId: 'k1', kk: kk(1) }),
    ]);
    expect(grouping.familyRecords.map((r) => r.recordId)).toEqual(['k2', 'k1']);
    expect(Array.from(grouping.familyOfRecord)).toEqual([0, 0]);
    expect(grouping.families[0]?.familyRecords).toEqual([0, 1]);
  });

  it('rejects malformed family records with a reason, never echoing the number', () => {
    const persons = resolveExactly([]);
    const grouping = groupFamilies(persons, [family({ source: 'dtks', recordId: 'bad', kk: '32010101011500019' })]);
    expect(grouping.rejections).toHaveLength(1);
    expect(JSON.stringify(grouping.rejections)).not.toContain('32010101011500019');
  });

  it('throws a PadanError for configuration mistakes', () => {
    const persons = resolveExactly([]);
    expect(() => groupFamilies(persons, [], { minMemberOverlap: 2 })).toThrow(PadanError);
    expect(() => groupFamilies(persons, [], { maxCardsPerPerson: 1 })).toThrow(expect.objectContaining({ code: 'invalid-config' }));
    expect(() => groupFamilies({ records: [], clusters: [], clusterOf: new Int32Array(3) })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(() => groupFamilies(persons, 'x' as unknown as unknown[])).toThrow(PadanError);
  });

  it('takes KKs from the prepared KK column the person index is given, and from the records otherwise', () => {
    const records = [person({ source: 'dtks', recordId: 'a', nik: nik(1), kk: kk(1) }), person({ source: 'dtks', recordId: 'b', nik: nik(2), kk: kk(2) })];
    const persons = resolveExactly(records);
    // A column that puts both records on card kk(3): read only when the caller passes it.
    const column = { key: 'kk|kk', ids: Int32Array.of(0, 0), valueTexts: [kk(3)] } as unknown as PreparedColumn;
    expect(groupFamilies(persons, [], { personIndex: indexPersons(persons, { kkColumn: column }) }).cards.map((card) => card.kk)).toEqual([kk(3)]);
    expect(groupFamilies(persons).cards.map((card) => card.kk)).toEqual([kk(1), kk(2)]);
    // A column of another length than the records is not this resolution's: refused.
    expect(() => indexPersons(persons, { kkColumn: { ...column, ids: Int32Array.of(0) } })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    // Records in read order come with their read positions, and only with a read order.
    expect(() => indexPersons(persons, { recordsInReadOrder: persons.records })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(() => indexPersons({ ...persons, readOrder: undefined }, { recordsInReadOrder: persons.records, readPositionOf: Int32Array.of(0, 1) })).toThrow(
      expect.objectContaining({ code: 'invalid-argument' }),
    );
  });

  it('refuses a person index of other persons', () => {
    const persons = resolveExactly([
      person({ source: 'dtks', recordId: 'a', nik: nik(1), kk: kk(1) }),
      person({ source: 'dtks', recordId: 'b', nik: nik(2), kk: kk(1) }),
    ]);
    const other = indexPersons(resolveExactly([person({ source: 'dtks', recordId: 'a', nik: nik(1), kk: kk(1) })]));
    expect(() => groupFamilies(persons, [], { personIndex: other })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(() => groupHouseholds(persons, groupFamilies(persons), [], { personIndex: other })).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });

  it('reports the time of each step, in order, within the total', () => {
    const persons = resolveExactly([person({ source: 'dtks', recordId: 'a', nik: nik(1), kk: kk(1), address: address(1) })]);
    const families = groupFamilies(persons, [family({ source: 'dukcapil', recordId: 'f', kk: kk(1), memberNiks: [nik(1)] })]);
    const households = groupHouseholds(persons, families);
    for (const [report, steps] of [
      [families.report, ['validate', 'order', 'index', 'read', 'link', 'assign', 'build']],
      [households.report, ['validate', 'order', 'index', 'join', 'read', 'match', 'assign', 'build']],
    ] as const) {
      expect(Object.keys(report.stepMs)).toEqual(steps);
      const times = Object.values(report.stepMs) as number[];
      expect(times.every((ms) => ms >= 0)).toBe(true);
      expect(times.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(report.elapsedMs + 1e-6);
    }
  });

  it('refuses a read order that is not one entry per record position', () => {
    const records = [person({ source: 'dtks', recordId: 'a', nik: nik(1), kk: kk(1) }), person({ source: 'dtks', recordId: 'b', nik: nik(2), kk: kk(1) })];
    const persons = resolveExactly(records);
    const withOrder = (readOrder: unknown) => ({ ...persons, readOrder }) as typeof persons;
    expect(() => groupFamilies(withOrder(new Int32Array([0, 0])))).toThrow(
      expect.objectContaining({ code: 'invalid-argument', message: expect.stringContaining('entry 1 is 0') }),
    );
    expect(() => groupFamilies(withOrder(new Int32Array([0, 2])))).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(() => groupFamilies(withOrder(new Int32Array([1])))).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(() => groupHouseholds(withOrder([1, 0]), groupFamilies(persons))).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
    expect(groupFamilies(withOrder(new Int32Array([1, 0]))).families).toEqual(groupFamilies(persons).families);
  });
  it('gives the same grouping when called again with the same person index and other family records', () => {
    // The person index is shared: KKs only family records carry must go into a copy of its KK table,
    // or they would show up as cards of the next call.
    const persons = resolveExactly([
      person({ source: 'dukcapil', recordId: 'a1', nik: nik(1), kk: kk(1), relationship: 'head' }),
      person({ source: 'dukcapil', recordId: 'a2', nik: nik(2), kk: kk(1), relationship: 'spouse' }),
    ]);
    const personIndex = indexPersons(persons);
    const alone = groupFamilies(persons, [], { personIndex });
    const withFamily = groupFamilies(persons, [family({ source: 'bpjs', recordId: 'f1', kk: kk(7), headNik: nik(1), memberNiks: [nik(1)] })], { personIndex });
    expect(withFamily.cards.map((card) => card.kk)).toEqual([kk(1), kk(7)]);
    const again = groupFamilies(persons, [], { personIndex });
    expect(again.cards).toEqual(alone.cards);
    expect(again.families).toEqual(alone.families);
  });
});
