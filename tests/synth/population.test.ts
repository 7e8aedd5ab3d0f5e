import { describe, expect, it } from 'vitest';
import { parseKk } from '../../src/id/parseKk.js';
import { parseNik } from '../../src/id/parseNik.js';
import { loadRegions } from '../../src/id/regions.js';
import { resolveDistrictCode } from '../../src/id/resolveDistrictCode.js';
import { generatePopulation } from '../../src/synth/population.js';
import type { PopulationUnit } from '../../src/synth/types.js';

// A small population shared by the tests below (generation is deterministic, so one run is enough).
const units: PopulationUnit[] = [...generatePopulation({ seed: 11, persons: 4000 })];
const persons = units.flatMap((u) => u.persons);
const families = units.flatMap((u) => u.families);

function ddmmyy(iso: string, female: boolean): string {
  const day = Number(iso.slice(8, 10)) + (female ? 40 : 0);
  return String(day).padStart(2, '0') + iso.slice(5, 7) + iso.slice(2, 4);
}

describe('generatePopulation', () => {
  it('reaches the requested size and yields each person once', () => {
    expect(persons.length).toBeGreaterThanOrEqual(4000);
    expect(persons.length).toBeLessThan(4100);
    expect(new Set(persons.map((p) => p.id)).size).toBe(persons.length);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = [...generatePopulation({ seed: 11, persons: 300 })];
    const first = units.slice(0, again.length);
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    const other = [...generatePopulation({ seed: 12, persons: 300 })];
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(again));
  });

  it('gives every person a unique, valid NIK consistent with birth date, sex and a real district', () => {
    const districts = loadRegions().districts;
    const all = persons.flatMap((p) => (p.secondNik ? [p.nik, p.secondNik] : [p.nik]));
    expect(new Set(all).size).toBe(all.length);
    for (const p of persons) {
      if (p.secondNik) expect(p.secondNik.slice(6, 12)).toBe(p.nik.slice(6, 12));
      expect(p.nik).toMatch(/^\d{16}$/);
      // A current district, or a renumbered one (Papua 2022) that parseNik accepts as retired.
      expect(districts.has(p.nik.slice(0, 6)) || resolveDistrictCode(p.nik.slice(0, 6))?.status === 'retired').toBe(true);
      expect(p.nik.slice(6, 12)).toBe(ddmmyy(p.birthDate, p.sex === 'female'));
      const parsed = parseNik(p.nik, { referenceDate: '2025-06-30' });
      expect(parsed.success).toBe(true);
      if (parsed.success) expect(parsed.value.sex).toBe(p.sex);
    }
  });

  it('gives every family valid KK numbers issued in a real district, dated in order', () => {
    const districts = loadRegions().districts;
    const kks = families.flatMap((f) => f.kkHistory.map((v) => v.kk));
    expect(new Set(kks).size).toBe(kks.length);
    for (const f of families) {
      let previous = '';
      for (const v of f.kkHistory) {
        expect(districts.has(v.kk.slice(0, 6)) || resolveDistrictCode(v.kk.slice(0, 6))?.status === 'retired').toBe(true);
        expect(v.kk.slice(6, 12)).toBe(ddmmyy(v.issuedAt, false));
        expect(parseKk(v.kk, { referenceDate: '2025-06-30' }).success).toBe(true);
        expect(v.issuedAt >= previous).toBe(true);
        expect(v.issuedAt <= '2025-06-30').toBe(true);
        previous = v.issuedAt;
      }
    }
  });

  it('places dwellings in real villages, population-weighted (Java far denser than Papua)', () => {
    const java = units.filter((u) => ['31', '32', '33', '34', '35', '36'].includes(u.dwelling.address.provinceCode ?? '')).length;
    const papua = units.filter((u) => (u.dwelling.address.provinceCode ?? '').startsWith('9')).length;
    expect(java / units.length).toBeGreaterThan(0.45);
    expect(papua / units.length).toBeLessThan(0.05);
    for (const u of units.slice(0, 200)) expect(u.dwelling.address.villageCode?.slice(0, 6)).toBe(u.dwelling.address.districtCode);
  });

  it('builds families with heads, spouses, children and elders, and several KKs in some dwellings', () => {
    const multi = units.filter((u) => u.families.length > 1).length / units.length;
    expect(multi).toBeGreaterThan(0.07);
    expect(multi).toBeLessThan(0.18);
    const relationships = new Set(persons.map((p) => p.relationship));
    for (const r of ['head', 'spouse', 'child', 'parent', 'grandchild'] as const) expect(relationships).toContain(r);
    for (const f of families) expect(persons.find((p) => p.id === f.kkHistory[0]!.headId)).toBeDefined();
  });

  it('has twins: same KK, same birth date, different first names and NIKs', () => {
    const byId = new Map(persons.map((p) => [p.id, p]));
    const twins = persons.filter((p) => p.twinOf !== undefined);
    expect(twins.length).toBeGreaterThan(10);
    for (const t of twins) {
      const other = byId.get(t.twinOf!)!;
      expect(other.birthDate).toBe(t.birthDate);
      expect(other.familyId).toBe(t.familyId);
      expect(other.name).not.toBe(t.name);
      expect(other.nik).not.toBe(t.nik);
    }
  });

  it('has KK splits after marriage: a new family whose members were in the parent family before', () => {
    const split = persons.filter((p) => p.splitDate !== undefined);
    expect(split.length).toBeGreaterThan(20);
    const familyIds = new Set(families.map((f) => f.id));
    for (const p of split) {
      expect(familyIds.has(p.formerFamilyId!)).toBe(true);
      expect(p.formerFamilyId).not.toBe(p.familyId);
      const family = families.find((f) => f.id === p.familyId)!;
      expect(family.parentFamilyId).toBe(p.formerFamilyId);
      expect(family.kkHistory[0]!.issuedAt).toBe(p.splitDate);
    }
  });

  it('links mothers: a child of the family carries the mother’s actual name', () => {
    const byId = new Map(persons.map((p) => [p.id, p]));
    const withMother = persons.filter((p) => p.motherId !== undefined);
    expect(withMother.length).toBeGreaterThan(700);
    for (const p of withMother) expect(p.motherName).toBe(byId.get(p.motherId!)!.name);
  });

  it('draws common Indonesian name tokens with realistic frequency and some single-word names', () => {
    const tokens = new Map<string, number>();
    for (const p of persons) for (const t of p.name.split(' ')) tokens.set(t, (tokens.get(t) ?? 0) + 1);
    const top = [...tokens]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([t]) => t);
    expect(top).toEqual(expect.arrayContaining(['SITI', 'SRI']));
    expect(top.some((t) => t.startsWith('MUHAMMAD') || t === 'MUHAMAD' || t === 'NUR')).toBe(true);
    const oldJavanese = persons.filter((p) => p.flavour === 'javanese' && p.birthDate < '1965');
    const single = oldJavanese.filter((p) => !p.name.includes(' ')).length / oldJavanese.length;
    expect(single).toBeGreaterThan(0.1);
    expect(single).toBeLessThan(0.35);
  });

  it('keeps pre-2022 region codes in NIKs issued before the Papua split', () => {
    const papua = [...generatePopulation({ seed: 2, persons: 400, provinces: ['93'] })].flatMap((u) => u.persons);
    const old = papua.filter((p) => p.nik.startsWith('91'));
    const current = papua.filter((p) => p.nik.startsWith('93'));
    expect(old.length).toBeGreaterThan(papua.length / 3);
    expect(current.length).toBeGreaterThan(0);
    for (const p of old) expect(resolveDistrictCode(p.nik.slice(0, 6))?.successorDistrictCode?.startsWith('93')).toBe(true);
  });

  it('gives some movers a second NIK from a duplicate registration (NIK ganda)', () => {
    expect(persons.filter((p) => p.secondNik !== undefined).length).toBeGreaterThan(3);
  });

  it('records deaths and moves in the past', () => {
    expect(persons.some((p) => p.deathDate !== undefined && p.deathDate < '2025-06-30')).toBe(true);
    const moved = units.filter((u) => u.dwelling.movedAt !== undefined);
    expect(moved.length).toBeGreaterThan(20);
    for (const u of moved) expect(u.dwelling.previousAddress).toBeDefined();
  });
});
