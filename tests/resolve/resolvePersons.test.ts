import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { explainCluster, explainPair, resolve, resolvePersons, type PersonResolution } from '../../src/resolve.js';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import { parseModel, serializeModel } from '../../src/model/serializeModel.js';
import { generateSources } from '../../src/synth/sources.js';

// Protects the person stage's invariants (DESIGN.md 1–5): nothing lost, order-free, deterministic,
// explainable, and the Indonesian cases the model must get right (reused NIKs, twins).

const records: Record<string, unknown>[] = [];
const personOf = new Map<string, string>();
let model: TrainedModel;
let trained: PersonResolution;

const keyOf = (record: { source?: unknown; recordId?: unknown }): string => `${String(record.source)}:${String(record.recordId)}`;

/** Clusters as sorted lists of record keys, plus their IDs: comparable across runs whatever the input order. */
function clusterView(resolution: PersonResolution): string[] {
  return resolution.clusters.map((cluster) => `${cluster.id}=${cluster.records.map((r) => keyOf(resolution.records[r] as never)).join(',')}`).sort();
}

beforeAll(() => {
  for (const item of generateSources({ persons: 1500, seed: 11 })) {
    if (item.kind !== 'person') continue;
    records.push(item.record as unknown as Record<string, unknown>);
    personOf.set(keyOf(item.record), item.truth.personId);
  }
  trained = resolvePersons(records);
  model = trained.model;
});

describe('resolvePersons', () => {
  it('puts every record in exactly one cluster or the rejections', () => {
    const bad = [...records, { source: 'dtks', recordId: 'broken', name: '' }];
    const resolution = resolvePersons(bad, { model });
    expect(resolution.records.length + resolution.rejections.length).toBe(bad.length);
    expect(resolution.rejections.map((r) => r.recordId)).toEqual(['broken']);
    const seen = new Set<number>();
    for (const cluster of resolution.clusters) for (const r of cluster.records) seen.add(r);
    expect(seen.size).toBe(resolution.records.length);
    expect(resolution.clusters.reduce((n, c) => n + c.records.length, 0)).toBe(resolution.records.length);
  });

  it('finds the true persons on synthetic data (loose bound: the benchmark measures the real numbers)', () => {
    let truePairs = 0;
    let found = 0;
    let predicted = 0;
    let correct = 0;
    const members = new Map<string, number[]>();
    trained.records.forEach((record, r) => {
      const person = personOf.get(keyOf(record)) as string;
      members.set(person, [...(members.get(person) ?? []), r]);
    });
    for (const list of members.values()) {
      truePairs += (list.length * (list.length - 1)) / 2;
      for (let i = 0; i < list.length; i++)
        for (let j = i + 1; j < list.length; j++) if (trained.clusterOf[list[i] as number] === trained.clusterOf[list[j] as number]) found++;
    }
    for (const cluster of trained.clusters) {
      predicted += (cluster.records.length * (cluster.records.length - 1)) / 2;
      const byPerson = new Map<string, number>();
      for (const r of cluster.records) {
        const person = personOf.get(keyOf(trained.records[r] as never)) as string;
        byPerson.set(person, (byPerson.get(person) ?? 0) + 1);
      }
      for (const n of byPerson.values()) correct += (n * (n - 1)) / 2;
    }
    expect(found / truePairs).toBeGreaterThan(0.95);
    expect(correct / predicted).toBeGreaterThan(0.98);
  });

  it('gives the same clusters and IDs whatever the input order', () => {
    const expected = clusterView(resolvePersons(records, { model }));
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const shuffled = [...records].sort((a, b) => {
          const x = (keyOf(a).length * 7919 + seed) ^ keyOf(a).charCodeAt(keyOf(a).length - 1);
          const y = (keyOf(b).length * 7919 + seed) ^ keyOf(b).charCodeAt(keyOf(b).length - 1);
          return x - y;
        });
        expect(clusterView(resolvePersons(shuffled, { model }))).toEqual(expected);
      }),
      { numRuns: 5 },
    );
  });

  it('is deterministic: training twice gives the same model and output', () => {
    const again = resolvePersons(records);
    expect(JSON.stringify(again.model)).toBe(JSON.stringify(model));
    expect(clusterView(again)).toEqual(clusterView(trained));
    expect(Array.from(again.pairs.weights)).toEqual(Array.from(trained.pairs.weights));
  });

  it('round-trips a trained model through JSON', () => {
    const loaded = parseModel(serializeModel(model));
    expect(loaded).toEqual(model);
    expect(clusterView(resolvePersons(records, { model: loaded }))).toEqual(clusterView(trained));
  });

  it('explains a pair: the weights add up to the pair’s score', () => {
    const p = trained.links[0] as number;
    const left = trained.pairs.left[p] as number;
    const right = trained.pairs.right[p] as number;
    const explanation = explainPair(trained, left, right);
    const sum = explanation.priorWeight + explanation.comparisons.reduce((s, c) => s + c.weight + c.termFrequencyAdjustment, 0);
    expect(explanation.matchWeight).toBeCloseTo(sum, 9);
    expect(explanation.matchWeight).toBeCloseTo(trained.pairs.weights[p] as number, 9);
    expect(explanation.comparisons.map((c) => c.comparison)).toEqual(model.spec.comparisons.map((c) => c.name));
    const cluster = explainCluster(trained, trained.clusterOf[left] as number);
    expect(cluster.links.some((link) => link.left === left && link.right === right)).toBe(true);
  });

  it('throws on a bad model spec before reading any record', () => {
    const spec = dtsenPersonModelSpec();
    const broken = { ...spec, comparisons: [{ ...spec.comparisons[0], levels: [{ kind: 'null' }, { kind: 'jaro-winkler', threshold: 3 }, { kind: 'else' }] }] };
    const trap = new Proxy([], {
      get: () => {
        throw new Error('records were read');
      },
    });
    expect(() => resolvePersons(trap as never, { model: broken as never })).toThrow(PadanError);
    expect(() => resolvePersons(records, { model: broken as never })).toThrow(/jaro-winkler/);
  });

  const envelope = (source: string, recordId: string) => ({ source, recordId, observedAt: '2024-01-01', channel: { kind: 'registry' } });
  // A synthetic family: head and child, twins; numbers are generated, not real.
  const head = {
    nik: '3201011505800003',
    kk: '3201012001100002',
    name: 'SUTRISNO',
    sex: 'male',
    birthDate: '1980-05-15',
    address: { villageCode: '3201012001' },
  };
  const child = { kk: head.kk, name: 'DEWI LESTARI', sex: 'female', birthDate: '2010-03-02', address: head.address };

  it('does not merge family members who share the head’s NIK', () => {
    const input = [
      { ...envelope('dukcapil', 'h'), ...head },
      { ...envelope('dukcapil', 'c'), ...child, nik: '3201014203100004' },
      { ...envelope('p3ke', 'c'), ...child, nik: head.nik },
      { ...envelope('p3ke', 'h'), ...head },
    ];
    const resolution = resolvePersons(input, { model });
    const clusterOfKey = new Map(resolution.records.map((r, i) => [keyOf(r), resolution.clusterOf[i]]));
    expect(clusterOfKey.get('p3ke:c')).toBe(clusterOfKey.get('dukcapil:c'));
    expect(clusterOfKey.get('p3ke:h')).toBe(clusterOfKey.get('dukcapil:h'));
    expect(clusterOfKey.get('p3ke:c')).not.toBe(clusterOfKey.get('dukcapil:h'));
    expect(resolution.flags.some((f) => f.code === 'nik/inconsistent-with-record' && keyOf(resolution.records[f.record] as never) === 'p3ke:c')).toBe(true);
  });

  it('keeps twins apart', () => {
    const twin = (name: string, nik: string) => ({
      kk: head.kk,
      name,
      sex: 'male',
      birthDate: '2012-07-09',
      nik,
      address: head.address,
      motherName: 'SITI AMINAH',
    });
    const input = [
      { ...envelope('dukcapil', 't1'), ...twin('HASAN BASRI', '3201010907120005') },
      { ...envelope('dukcapil', 't2'), ...twin('HUSEIN BASRI', '3201010907120006') },
      { ...envelope('dtks', 't1'), ...twin('HASAN BASRI', '3201010907120005') },
      { ...envelope('dtks', 't2'), ...twin('HUSEN BASRI', '3201010907120006') },
    ];
    const resolution = resolvePersons(input, { model });
    expect(resolution.clusters.length).toBe(2);
  });

  it('never prints a full NIK in an error', () => {
    const nik = '3201011505800003';
    try {
      resolvePersons(records, { model: { ...dtsenPersonModelSpec(), name: '' } as never });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(nik);
    }
    expect(() => parseModel(`{"kind":"padan/model","nik":"${nik}"`)).toThrow(PadanError);
    try {
      parseModel(`{"kind":"padan/model","nik":"${nik}"`);
    } catch (error) {
      expect((error as Error).message).not.toContain(nik);
    }
  });
});

describe('resolve (the one-call pipeline)', () => {
  it('unifies each person, groups families and households, and fingerprints the model', () => {
    const persons: unknown[] = [];
    const families: unknown[] = [];
    const dwellings: unknown[] = [];
    for (const item of generateSources({ persons: 300, seed: 5 })) {
      if (item.kind === 'person') persons.push(item.record);
      else if (item.kind === 'family') families.push(item.record);
      else dwellings.push(item.record);
    }
    const result = resolve({ persons, families, dwellings }, { model });
    expect(result.unifiedPersons.length).toBe(result.persons.clusters.length);
    const fingerprints = new Set(result.unifiedPersons.map((u) => u.fingerprint));
    expect(fingerprints.size).toBe(1);
    expect(result.families.familyOf.length).toBe(result.persons.records.length);
    expect(result.households.households.length).toBeGreaterThan(0);
    const other = resolve({ persons, families, dwellings }, { model: { ...model, parameters: { ...model.parameters, candidateMatchProbability: 0.4 } } });
    expect(other.unifiedPersons[0]?.fingerprint).not.toBe(result.unifiedPersons[0]?.fingerprint);
  });

  it('rejects a bad policy before reading any record', () => {
    const trap = new Proxy([], {
      get: () => {
        throw new Error('records were read');
      },
    });
    expect(() => resolve({ persons: trap as never }, { personPolicy: { version: 1 } as never })).toThrow(PadanError);
  });
});

describe('resolvePersons canonical order', () => {
  // The definition: records sorted by the string source · NUL · recordId · SOH · input index.
  const definition = (list: readonly { source: string; recordId: string }[]): string[] =>
    list
      .map((record, i) => `${record.source}\u0000${record.recordId}\u0001${i}`)
      .sort()
      .map((tag) => tag.slice(0, tag.lastIndexOf('\u0001')));

  const person = (source: string, recordId: string) => ({ source, recordId, observedAt: '2024-01-01', channel: { kind: 'registry' }, name: 'SITI AMINAH' });

  it('puts records in (source, recordId) order whatever the input order, with separators in ids or not', () => {
    const ids = fc.oneof(fc.constantFrom('A', 'AB', 'A\u0000', 'A\u0001B', 'B', '10', '9', ''), fc.string({ maxLength: 3 }));
    const sources = fc.constantFrom('dukcapil', 'dtks', 'd', 'dtks\u0000x');
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(sources, ids), { maxLength: 30, selector: ([s, id]) => `${s}|${id}` }), (keys) => {
        const input = keys.map(([source, recordId]) => person(source, recordId));
        const resolution = resolvePersons(input, { validate: false, model: dtsenPersonModelSpec() });
        expect(resolution.records.map((r) => `${r.source}\u0000${r.recordId}`)).toEqual(definition(input));
      }),
      { numRuns: 60 },
    );
  });
});
