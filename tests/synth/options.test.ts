import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { generatePopulation } from '../../src/synth/population.js';
import { generateSources } from '../../src/synth/sources.js';
import type { PersonTruth, SynthPersonRecord, TruePerson } from '../../src/synth/types.js';

const personsOf = (options: Parameters<typeof generatePopulation>[0]): TruePerson[] => [...generatePopulation(options)].flatMap((u) => u.persons);

describe('generator options for robustness runs', () => {
  it('twinRate changes how many persons have a twin', () => {
    const share = (persons: TruePerson[]): number => persons.filter((p) => p.twinOf !== undefined).length / persons.length;
    const normal = share(personsOf({ seed: 5, persons: 4000 }));
    const many = share(personsOf({ seed: 5, persons: 4000, twinRate: 0.2 }));
    const none = share(personsOf({ seed: 5, persons: 4000, twinRate: 0 }));
    expect(none).toBe(0);
    expect(normal).toBeLessThan(0.03);
    expect(many).toBeGreaterThan(0.12);
  });

  it('singleNameShare sets the share of one-word names in every name tradition', () => {
    const oneWord = (persons: TruePerson[]): number => persons.filter((p) => !p.name.includes(' ')).length / persons.length;
    const normal = oneWord(personsOf({ seed: 6, persons: 4000 }));
    const forty = oneWord(personsOf({ seed: 6, persons: 4000, singleNameShare: 0.4 }));
    expect(normal).toBeLessThan(0.15);
    expect(forty).toBeGreaterThan(0.36);
    expect(forty).toBeLessThan(0.44);
    expect(oneWord(personsOf({ seed: 6, persons: 1500, singleNameShare: 1 }))).toBe(1);
  });

  it('firstNamePool caps the given names per tradition and sex', () => {
    const persons = personsOf({ seed: 7, persons: 3000, firstNamePool: 5, singleNameShare: 1 });
    const names = new Map<string, Set<string>>();
    for (const p of persons) {
      const key = `${p.flavour}/${p.sex}`;
      if (!names.has(key)) names.set(key, new Set());
      names.get(key)!.add(p.name);
    }
    expect(names.size).toBeGreaterThan(4);
    for (const set of names.values()) expect(set.size).toBeLessThanOrEqual(5);
    // The default tables are far larger.
    const javanese = personsOf({ seed: 7, persons: 3000, singleNameShare: 1 }).filter((p) => p.flavour === 'javanese' && p.sex === 'male');
    expect(new Set(javanese.map((p) => p.name)).size).toBeGreaterThan(40);
  });

  it('rejects impossible settings with a typed error', () => {
    expect(() => personsOf({ persons: 10, twinRate: 1.5 })).toThrow(PadanError);
    expect(() => personsOf({ persons: 10, singleNameShare: -0.1 })).toThrow(/singleNameShare/);
    expect(() => personsOf({ persons: 10, firstNamePool: 0 })).toThrow(/firstNamePool/);
  });

  it("nik-head puts the KK head's NIK on other members' records, never on the head's own", () => {
    const population = [...generatePopulation({ seed: 8, persons: 3000 })];
    const byId = new Map(population.flatMap((u) => u.persons).map((p) => [p.id, p]));
    const heads = new Set(population.flatMap((u) => u.families.flatMap((f) => f.kkHistory.map((v) => byId.get(v.headId)!.nik))));
    const items: { record: SynthPersonRecord; truth: PersonTruth }[] = [];
    for (const item of generateSources({ seed: 8, persons: 3000, noise: { preset: 'default', rates: { 'nik-head': 0.3 } } })) {
      if (item.kind === 'person') items.push(item);
    }
    const labelled = items.filter((i) => i.truth.noise.includes('nik-head'));
    expect(labelled.length / items.length).toBeGreaterThan(0.12);
    for (const { record, truth } of labelled) {
      expect(record.relationship === 'head' && !truth.noise.includes('relationship-wrong')).toBe(false);
      expect(heads.has(record.nik!)).toBe(true);
      expect(record.nik).not.toBe(byId.get(truth.personId)!.nik);
    }
    // Off by default.
    for (const item of generateSources({ seed: 8, persons: 1000 })) {
      if (item.kind === 'person') expect(item.truth.noise).not.toContain('nik-head');
    }
  });

  it('runs without the civil registry (Dukcapil) source', () => {
    const sources = new Set<string>();
    let persons = 0;
    for (const item of generateSources({ seed: 9, persons: 1000, sources: ['dtks', 'regsosek', 'p3ke', 'housing', 'musrenbang', 'citizen'] })) {
      sources.add(item.record.source);
      if (item.kind === 'person') persons++;
    }
    expect(sources.has('dukcapil')).toBe(false);
    expect(persons).toBeGreaterThan(500);
  });
});
