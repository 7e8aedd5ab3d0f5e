import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { explainHousehold } from '../../src/group/explainHousehold.js';
import { groupFamilies } from '../../src/group/groupFamilies.js';
import { groupHouseholds } from '../../src/group/groupHouseholds.js';
import { address, dwelling, kk, nik, person, resolveExactly } from './fixtures.js';

// Protects household grouping: several KKs under one roof are one household, a family that split
// and moved out is its own household, and housing-ministry dwelling records find their household
// by KK, address, head NIK or head name.
describe('groupHouseholds', () => {
  const recordAt = (persons: ReturnType<typeof resolveExactly>, recordId: string): number => persons.records.findIndex((r) => r.recordId === recordId);

  it('puts several KKs at one dwelling address in one household', () => {
    const persons = resolveExactly([
      person({ source: 'dukcapil', recordId: 'a1', nik: nik(1), kk: kk(1), relationship: 'head', address: address(5) }),
      person({ source: 'dukcapil', recordId: 'a2', nik: nik(2), kk: kk(1), relationship: 'spouse', address: address(5) }),
      person({ source: 'dukcapil', recordId: 'b1', nik: nik(3), kk: kk(2), relationship: 'head', address: address(5) }),
      person({ source: 'dukcapil', recordId: 'c1', nik: nik(4), kk: kk(3), relationship: 'head', address: address(6) }),
    ]);
    const families = groupFamilies(persons);
    const households = groupHouseholds(persons, families);
    expect(families.families).toHaveLength(3);
    expect(households.households).toHaveLength(2);
    const home = households.householdOf[recordAt(persons, 'a1')] as number;
    expect(households.householdOf[recordAt(persons, 'b1')]).toBe(home);
    expect(households.householdOf[recordAt(persons, 'c1')]).not.toBe(home);
    expect(households.households[home]?.families).toHaveLength(2);
    expect(households.households[home]?.address).toMatchObject({ street: 'JL. MAWAR NO. 5' });
    expect(households.links).toEqual([{ left: 0, right: 1, by: 'address', dwelling: -1 }]);
    expect(households.households[home]?.id).toMatch(/^H[0-9a-f]{16}$/);
  });

  it('keeps a family that split off and moved out in its own household, and the family whole', () => {
    const persons = resolveExactly([
      person({ source: 'dtks', recordId: 'o1', nik: nik(1), kk: kk(1), relationship: 'head', observedAt: '2021-01-10', address: address(1) }),
      person({ source: 'dtks', recordId: 'o3', nik: nik(3), kk: kk(1), relationship: 'child', observedAt: '2021-01-10', address: address(1) }),
      person({ source: 'dukcapil', recordId: 'p1', nik: nik(1), kk: kk(1), relationship: 'head', observedAt: '2025-06-01', address: address(1) }),
      person({ source: 'dukcapil', recordId: 'c3', nik: nik(3), kk: kk(2), relationship: 'head', observedAt: '2025-06-01', address: address(40) }),
      person({ source: 'dukcapil', recordId: 'c4', nik: nik(4), kk: kk(2), relationship: 'spouse', observedAt: '2025-06-01', address: address(40) }),
    ]);
    const families = groupFamilies(persons);
    const households = groupHouseholds(persons, families);
    expect(households.households).toHaveLength(2);
    // Before the split the child lived with the parents; after it, in the new dwelling.
    expect(households.householdOf[recordAt(persons, 'o3')]).toBe(households.householdOf[recordAt(persons, 'p1')]);
    expect(households.householdOf[recordAt(persons, 'c3')]).not.toBe(households.householdOf[recordAt(persons, 'p1')]);
    expect(families.events.map((e) => e.kind)).toEqual(['split']);
  });

  it('links a dwelling record listing two KKs, and so the two families', () => {
    const persons = resolveExactly([
      person({ source: 'dukcapil', recordId: 'a1', nik: nik(1), kk: kk(1), relationship: 'head', address: address(5) }),
      person({ source: 'dukcapil', recordId: 'b1', nik: nik(3), kk: kk(2), relationship: 'head', address: { villageCode: '3201012001' } }),
    ]);
    const families = groupFamilies(persons);
    const households = groupHouseholds(persons, families, [
      dwelling({ source: 'regsosek', recordId: 'd1', kks: [kk(1), kk(2)], headNik: nik(1), address: address(5) }),
    ]);
    expect(households.households).toHaveLength(1);
    expect(households.dwellingMatches[0]).toMatchObject({ by: 'dwelling-kk', familiesByKk: [0, 1], sameAddress: true, score: 1, head: 0 });
    expect(households.links).toContainEqual({ left: 0, right: 1, by: 'dwelling-kk', dwelling: 0 });
    expect(explainHousehold(households, 0)).toMatchObject({ families: [0, 1], links: [{ by: 'dwelling-kk' }], dwellings: [{ by: 'dwelling-kk', score: 1 }] });
  });

  it("links a housing-ministry dwelling record that carries only the head's NIK", () => {
    const persons = resolveExactly([
      person({ source: 'dukcapil', recordId: 'a1', nik: nik(1), kk: kk(1), relationship: 'head', address: address(5) }),
      person({ source: 'dukcapil', recordId: 'a2', nik: nik(2), kk: kk(1), relationship: 'spouse', address: address(5) }),
    ]);
    const families = groupFamilies(persons);
    const households = groupHouseholds(persons, families, [dwelling({ source: 'housing', recordId: 'r1', headNik: nik(1), headName: 'BUDI' })]);
    expect(households.households).toHaveLength(1);
    expect(Array.from(households.householdOfDwelling)).toEqual([0]);
    expect(households.dwellingMatches[0]).toMatchObject({ by: 'head-nik', head: 0, score: 0.8 });
    expect(households.households[0]?.dwellingRecords).toEqual([0]);
  });

  it("links a dwelling record by the head's name in the village, or leaves it in a household of its own", () => {
    const persons = resolveExactly([
      person({ source: 'dukcapil', recordId: 'a1', nik: nik(1), kk: kk(1), name: 'BUDI SANTOSO', relationship: 'head', address: address(5) }),
    ]);
    const families = groupFamilies(persons);
    const records = [
      dwelling({ source: 'housing', recordId: 'r1', headName: 'Budi  Santoso', address: { villageCode: '3201012001', text: 'dekat masjid' } }),
      dwelling({ source: 'housing', recordId: 'r2', headName: 'Joko', address: { villageCode: '3201012001' } }),
    ];
    const households = groupHouseholds(persons, families, records);
    expect(households.dwellingMatches.map((m) => m.by)).toEqual(['head-name', 'none']);
    expect(households.households).toHaveLength(2);
    expect(households.report).toMatchObject({ dwellingsLinked: 1, dwellingsUnlinked: 1 });
    expect(groupHouseholds(persons, families, records, { matchHeadName: false }).dwellingMatches.map((m) => m.by)).toEqual(['none', 'none']);
  });

  it('throws a PadanError for configuration mistakes', () => {
    const persons = resolveExactly([person({ source: 'dukcapil', recordId: 'a1', nik: nik(1), kk: kk(1) })]);
    const families = groupFamilies(persons);
    expect(() => groupHouseholds(persons, families, [], { validate: 'yes' as unknown as boolean })).toThrow(PadanError);
    expect(() => groupHouseholds(persons, groupFamilies(resolveExactly([])))).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });
});
