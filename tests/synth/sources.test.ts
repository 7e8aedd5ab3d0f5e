import { describe, expect, it } from 'vitest';
import { parseNik } from '../../src/id/parseNik.js';
import { loadRegions } from '../../src/id/regions.js';
import { resolveDistrictCode } from '../../src/id/resolveDistrictCode.js';
import { defaultNoiseRates, EVENT_LABELS, NOISE_KINDS } from '../../src/synth/noise.data.js';
import { generatePopulation } from '../../src/synth/population.js';
import { generateSources } from '../../src/synth/sources.js';
import type { SyntheticItem, SynthPersonRecord, PersonTruth } from '../../src/synth/types.js';

const OPTIONS = { seed: 5, persons: 4000 } as const;
const items: SyntheticItem[] = [...generateSources(OPTIONS)];
const people = items.filter((i): i is Extract<SyntheticItem, { kind: 'person' }> => i.kind === 'person');

function countLabel(records: readonly { truth: PersonTruth }[], label: string): number {
  return records.filter((r) => r.truth.noise.includes(label)).length;
}

describe('generateSources', () => {
  it('is deterministic: same seed and options give byte-identical records', () => {
    const a = JSON.stringify([...generateSources({ seed: 9, persons: 400 })]);
    const b = JSON.stringify([...generateSources({ seed: 9, persons: 400 })]);
    expect(a).toBe(b);
  });

  it('differs across seeds', () => {
    const a = JSON.stringify([...generateSources({ seed: 9, persons: 400 })]);
    const b = JSON.stringify([...generateSources({ seed: 10, persons: 400 })]);
    expect(a).not.toBe(b);
  });

  it('emits all seven sources, with person, family and dwelling records', () => {
    const sources = new Set(people.map((p) => p.record.source));
    expect([...sources].sort()).toEqual(['citizen', 'dtks', 'dukcapil', 'housing', 'musrenbang', 'p3ke', 'regsosek']);
    expect(items.some((i) => i.kind === 'family' && i.record.source === 'dukcapil')).toBe(true);
    expect(items.some((i) => i.kind === 'dwelling' && i.record.source === 'housing' && i.record.housing)).toBe(true);
  });

  it('gives every person record exactly one truth line with a unique (source, recordId)', () => {
    const keys = new Set<string>();
    for (const item of items) {
      expect(item.truth.source).toBe(item.record.source);
      expect(item.truth.recordId).toBe(item.record.recordId);
      const key = `${item.record.source}\u0000${item.record.recordId}`;
      expect(keys.has(key)).toBe(false);
      keys.add(key);
    }
    for (const p of people) expect(p.truth.personId).toMatch(/^P\d+$/);
  });

  it('keeps ground truth out of the records', () => {
    for (const p of people.slice(0, 2000)) {
      const json = JSON.stringify(p.record);
      expect(json).not.toContain(p.truth.personId);
      expect(json).not.toContain(p.truth.familyId);
      expect(json).not.toContain(p.truth.householdId);
    }
  });

  it('observes every true person in 1 to 5 sources', () => {
    const sources = new Map<string, Set<string>>();
    for (const p of people) {
      let set = sources.get(p.truth.personId);
      if (!set) sources.set(p.truth.personId, (set = new Set()));
      set.add(p.record.source);
    }
    const population = [...generatePopulation(OPTIONS)].flatMap((u) => u.persons);
    expect(sources.size).toBe(population.length);
    for (const set of sources.values()) {
      expect(set.size).toBeGreaterThanOrEqual(1);
      expect(set.size).toBeLessThanOrEqual(5);
    }
  });

  it('keeps unlabelled NIKs valid and consistent with the record’s birth date and sex', () => {
    const districts = loadRegions().districts;
    const nikNoise = ['nik-typo', 'nik-excel', 'nik-family-reuse', 'nik-relative', 'sex-wrong'];
    for (const { record, truth } of people) {
      if (!record.nik || truth.noise.some((n) => nikNoise.includes(n))) continue;
      expect(districts.has(record.nik.slice(0, 6)) || resolveDistrictCode(record.nik.slice(0, 6)) !== undefined).toBe(true);
      expect(parseNik(record.nik, { referenceDate: '2025-06-30' }).success).toBe(true);
      if (record.sex) expect(Number(record.nik.slice(6, 8)) > 40).toBe(record.sex === 'female');
      const clean = !truth.noise.some((n) => n.startsWith('birth-'));
      if (clean && record.birthDate && record.sex) {
        const day = Number(record.birthDate.slice(8, 10)) + (record.sex === 'female' ? 40 : 0);
        expect(record.nik.slice(6, 12)).toBe(String(day).padStart(2, '0') + record.birthDate.slice(5, 7) + record.birthDate.slice(2, 4));
      }
    }
  });

  it('labels noise at roughly the configured rates', () => {
    const dtks = people.filter((p) => p.record.source === 'dtks');
    const rates = defaultNoiseRates('dtks');
    expect(dtks.length).toBeGreaterThan(1000);
    // Kinds that always apply: the realised rate is close to the configured one.
    for (const kind of ['nik-missing', 'mother-missing', 'birth-missing', 'sex-missing', 'relationship-missing'] as const) {
      const realised = countLabel(dtks, kind) / dtks.length;
      expect(realised).toBeGreaterThan(rates[kind] * 0.5);
      expect(realised).toBeLessThan(rates[kind] * 1.6 + 0.005);
    }
    // Kinds that apply to some records only: present, and not above the configured rate.
    for (const kind of ['name-typo', 'name-variant', 'name-token-dropped', 'birth-placeholder', 'nik-typo'] as const) {
      const realised = countLabel(dtks, kind) / dtks.length;
      expect(realised).toBeGreaterThan(0);
      expect(realised).toBeLessThan(rates[kind] * 1.4 + 0.005);
    }
    // The registry is much cleaner than the welfare register.
    const dukcapil = people.filter((p) => p.record.source === 'dukcapil');
    const dirt = (list: typeof people): number =>
      list.filter((p) => p.truth.noise.some((n) => n.startsWith('name-') && n !== 'name-title')).length / list.length;
    expect(dirt(dukcapil)).toBeLessThan(dirt(dtks) / 4);
  });

  it('only uses known labels', () => {
    const known = new Set<string>([...NOISE_KINDS, ...EVENT_LABELS]);
    for (const p of people) for (const label of p.truth.noise) expect(known.has(label)).toBe(true);
  });

  it('with the clean preset injects no noise, but still labels population events', () => {
    const clean = [...generateSources({ seed: 5, persons: 3000, noise: 'clean' })].filter((i) => i.kind === 'person');
    const injected = new Set<string>(NOISE_KINDS);
    for (const item of clean) for (const label of item.truth.noise) expect(injected.has(label)).toBe(false);
    expect(clean.some((i) => i.truth.noise.includes('twin'))).toBe(true);
  });

  it('applies per-kind overrides', () => {
    const noisy = [...generateSources({ seed: 5, persons: 1000, noise: { preset: 'clean', rates: { 'nik-missing': 1 } } })].filter((i) => i.kind === 'person');
    for (const item of noisy) {
      expect((item.record as SynthPersonRecord).nik).toBeNull();
      expect(item.truth.noise.filter((n) => !(EVENT_LABELS as readonly string[]).includes(n))).toEqual(['nik-missing']);
    }
  });

  it('shows twins with the same KK and birth date in the registry', () => {
    const twins = people.filter((p) => p.record.source === 'dukcapil' && p.truth.noise.includes('twin') && p.truth.noise.length === 1);
    expect(twins.length).toBeGreaterThan(10);
    const byKkAndDate = new Map<string, number>();
    for (const t of twins) {
      const key = `${t.record.kk}|${t.record.birthDate}`;
      byKkAndDate.set(key, (byKkAndDate.get(key) ?? 0) + 1);
    }
    expect([...byKkAndDate.values()].some((n) => n === 2)).toBe(true);
  });

  it('shows KK splits: the old KK before the split, a new family after it', () => {
    const before = people.filter((p) => p.truth.noise.includes('kk-split-before'));
    const after = people.filter((p) => p.truth.noise.includes('kk-split-after'));
    expect(before.length).toBeGreaterThan(10);
    expect(after.length).toBeGreaterThan(10);
    const splitPersons = new Set(before.map((p) => p.truth.personId));
    const both = after.filter((p) => splitPersons.has(p.truth.personId));
    expect(both.length).toBeGreaterThan(0);
    for (const a of both.slice(0, 20)) {
      const b = before.find((p) => p.truth.personId === a.truth.personId)!;
      expect(b.truth.familyId).not.toBe(a.truth.familyId);
      expect(b.record.observedAt < a.record.observedAt).toBe(true);
    }
  });

  it('keeps the dead in older sources and flags them in the registry', () => {
    expect(people.some((p) => p.record.source === 'dukcapil' && p.record.deceased === true)).toBe(true);
    expect(countLabel(people, 'deceased-kept')).toBeGreaterThan(0);
    expect(countLabel(people, 'moved-old-address')).toBeGreaterThan(0);
  });
});

describe('generateSources records', () => {
  it('pass the schema engineer’s zod schemas, even with heavy noise', async () => {
    const { personSchema } = await import('../../src/schema/person.js');
    const { familySchema } = await import('../../src/schema/family.js');
    const { dwellingSchema } = await import('../../src/schema/dwelling.js');
    for (const item of generateSources({ seed: 4, persons: 1500, noise: 'heavy' })) {
      const schema = item.kind === 'person' ? personSchema : item.kind === 'family' ? familySchema : dwellingSchema;
      const result = schema.safeParse(item.record);
      if (!result.success) throw new Error(`${item.kind} ${item.record.recordId}: ${result.error.message}`);
    }
  });
});
