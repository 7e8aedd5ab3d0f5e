import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FALLBACK_PARTITION, partitionOfRecord } from '../../src/partition/partitionOfRecord.js';
import { resolvePersons, termFrequenciesOfRecords } from '../../src/resolve.js';
import { resolvePartitioned } from '../../src/resolvePartitioned.js';
import { termFrequenciesOf } from '../../src/score/termFrequencies.js';
import { trainedModel, windowedModel } from '../store/fixtures.js';
import { matchingStateOf } from '../../src/score/matchingContext.js';

const ENVELOPE = { observedAt: '2024-06-30', channel: { kind: 'registry' } } as const;
const REGENCIES = ['3201', '3171', '3578', '5171'];
const SYLLABLES = ['ba', 'di', 'ku', 'ma', 'ri', 'so', 'ta', 'wi', 'ne', 'lo'];

/** A NIK of a regency, a birth date and a serial (women: day + 40). */
function nikOf(regency: string, birthDate: string, female: boolean, serial: number): string {
  const [year, month, day] = birthDate.split('-') as [string, string, string];
  const dd = String(Number(day) + (female ? 40 : 0)).padStart(2, '0');
  return `${regency}01${dd}${month}${year.slice(2)}${String(serial).padStart(4, '0')}`;
}

interface PersonSpec {
  readonly regency: number;
  readonly first: number;
  readonly last: number;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly female: boolean;
  readonly sightings: readonly { readonly source: number; readonly withNik: boolean; readonly withAddress: boolean; readonly typo: boolean }[];
}

const personSpec = fc.record({
  regency: fc.nat(REGENCIES.length - 1),
  first: fc.nat(SYLLABLES.length - 1),
  last: fc.nat(SYLLABLES.length - 1),
  year: fc.integer({ min: 1950, max: 2015 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  female: fc.boolean(),
  sightings: fc.array(fc.record({ source: fc.nat(2), withNik: fc.boolean(), withAddress: fc.boolean(), typo: fc.boolean() }), { minLength: 1, maxLength: 3 }),
});

/**
 * Records whose every blocking key stays in its person's regency: names are built from a syllable
 * pool tagged by regency, NIK and KK carry the regency, and a record without an address still has a
 * NIK or KK of it (so it lands in that regency's partition, not the fallback).
 */
function recordsOf(people: readonly PersonSpec[]): Record<string, unknown>[] {
  const sources = ['dukcapil', 'dtks', 'regsosek'];
  const records: Record<string, unknown>[] = [];
  people.forEach((person, p) => {
    const regency = REGENCIES[person.regency] as string;
    const tag = 'abcd'[person.regency] as string;
    const name = `${SYLLABLES[person.first]}${tag}${SYLLABLES[person.last]} ${SYLLABLES[person.last]}${tag}n`;
    const birthDate = `${person.year}-${String(person.month).padStart(2, '0')}-${String(person.day).padStart(2, '0')}`;
    const nik = nikOf(regency, birthDate, person.female, p + 1);
    const kk = `${regency}01${'010120'}${String(p + 1).padStart(4, '0')}`;
    person.sightings.forEach((sighting, s) => {
      records.push({
        source: sources[sighting.source],
        recordId: `${p}-${s}`,
        observedAt: '2024-06-30',
        channel: { kind: 'registry' },
        name: sighting.typo ? name.replace(/a/, 'e') : name,
        sex: person.female ? 'P' : 'L',
        birthDate,
        ...(sighting.withNik ? { nik } : {}),
        kk,
        ...(sighting.withAddress ? { address: { villageCode: `${regency}01${String(2001 + (p % 3))}` } } : {}),
      });
    });
  });
  return records;
}

function singleProcess(
  records: readonly unknown[],
  model: ReturnType<typeof trainedModel>,
  termFrequencies: ReturnType<typeof termFrequenciesOf>,
): Map<string, string> {
  const resolution = resolvePersons(records, { model, termFrequencies });
  const idOf = new Map<string, string>();
  resolution.records.forEach((record, position) => {
    idOf.set(`${record.source}/${record.recordId}`, (resolution.clusters[resolution.clusterOf[position] as number] as { id: string }).id);
  });
  return idOf;
}

describe('partitionOfRecord', () => {
  it('takes the address regency first, then the NIK region, then the KK region, else the fallback', () => {
    expect(partitionOfRecord({ address: { villageCode: '32.01.01.2001' }, nik: '3171014101900001' })).toBe('3201');
    expect(partitionOfRecord({ address: { districtCode: '357801' } })).toBe('3578');
    expect(partitionOfRecord({ address: { regencyCode: '5171' } })).toBe('5171');
    expect(partitionOfRecord({ address: { provinceCode: '32' }, nik: '3171014101900001' })).toBe('3171');
    expect(partitionOfRecord({ kk: '3201010101200001' })).toBe('3201');
    expect(partitionOfRecord({ nik: '12345' })).toBe(FALLBACK_PARTITION);
    expect(partitionOfRecord(null)).toBe(FALLBACK_PARTITION);
  });
});

describe('resolvePartitioned', () => {
  it('equals single-process resolution when every blocking key falls in one partition (same model, same term frequencies)', () => {
    const base = trainedModel();
    fc.assert(
      fc.property(fc.array(personSpec, { minLength: 1, maxLength: 40 }), fc.boolean(), (people, windowed) => {
        const model = windowed ? windowedModel(base) : base;
        const records = recordsOf(people);
        const state = matchingStateOf(resolvePersons(records, { model }).context, 'test');
        const termFrequencies = termFrequenciesOf(state.compiled, state.columns, { minCount: 1 });
        const expected = singleProcess(records, model, termFrequencies);
        const result = resolvePartitioned(records, { model, termFrequencies });
        expect(result.report.crossLinks).toBe(0);
        expect(result.assignments.length).toBe(records.length);
        const actual = new Map(result.assignments.map((a) => [`${a.source}/${a.recordId}`, a.personId]));
        expect(actual).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('takes the term frequencies of a given model from the sample without resolving it, as resolving it would', () => {
    const model = trainedModel();
    fc.assert(
      fc.property(fc.array(personSpec, { minLength: 1, maxLength: 40 }), fc.constantFrom(1, 2), (people, minCount) => {
        const records = recordsOf(people);
        const { compiled, columns } = matchingStateOf(resolvePersons(records, { model }).context, 'test');
        // Equal up to the last bits of a sum: the two paths may add the same counts in another order.
        const rounded = (value: unknown): unknown =>
          JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' ? Number(item.toPrecision(13)) : item)));
        expect(rounded(termFrequenciesOfRecords(records, model, { minCount }))).toEqual(rounded(termFrequenciesOf(compiled, columns, { minCount })));
      }),
      { numRuns: 30 },
    );
  });

  it('links a mover across partitions by NIK and gives the single-process ID', () => {
    const model = trainedModel();
    const nik = nikOf('3201', '1985-03-12', true, 7);
    const records = [
      {
        ...ENVELOPE,
        source: 'dukcapil',
        recordId: 'a',
        name: 'Siti Rahmawati',
        sex: 'P',
        birthDate: '1985-03-12',
        nik,
        address: { villageCode: '3201012001' },
      },
      { ...ENVELOPE, source: 'dtks', recordId: 'b', name: 'Siti Rahmawati', sex: 'P', birthDate: '1985-03-12', nik, address: { villageCode: '3171012001' } },
      { ...ENVELOPE, source: 'dtks', recordId: 'c', name: 'Budi Santoso', sex: 'L', birthDate: '1970-01-02', address: { villageCode: '3171012001' } },
    ];
    const result = resolvePartitioned(records, { model });
    expect(result.report.partitions).toBe(2);
    expect(result.report.acceptedCrossLinks).toBe(1);
    const ids = new Map(result.assignments.map((a) => [a.recordId, a.personId]));
    expect(ids.get('a')).toBe(ids.get('b'));
    expect(ids.get('c')).not.toBe(ids.get('a'));
    const single = resolvePersons(records, { model });
    expect(ids.get('a')).toBe(single.clusters[single.clusterOf[0] as number]?.id);
  });

  it('refuses a cross-partition link between two different civil-registry NIKs', () => {
    const model = trainedModel();
    const records = [
      {
        ...ENVELOPE,
        source: 'dukcapil',
        recordId: 'a',
        name: 'Siti Rahmawati',
        sex: 'P',
        birthDate: '1985-03-12',
        nik: nikOf('3201', '1985-03-12', true, 7),
        address: { villageCode: '3201012001' },
      },
      {
        ...ENVELOPE,
        source: 'dukcapil',
        recordId: 'b',
        name: 'Siti Rahmawati',
        sex: 'P',
        birthDate: '1985-03-12',
        nik: nikOf('3171', '1985-03-12', true, 8),
        address: { villageCode: '3171012001' },
      },
    ];
    const result = resolvePartitioned(records, { model });
    const ids = new Set(result.assignments.map((a) => a.personId));
    expect(ids.size).toBe(2);
  });

  it('loses nothing and does not depend on input order when keys span partitions', () => {
    const model = trainedModel();
    fc.assert(
      fc.property(fc.array(personSpec, { minLength: 1, maxLength: 25 }), fc.integer(), (people, seed) => {
        // Movers: every third person's second sighting lives in another regency.
        const records = recordsOf(people).map((record, i) =>
          i % 3 === 1 && record.address !== undefined ? { ...record, address: { villageCode: `${REGENCIES[(i + seed) & 3]}012001` } } : record,
        );
        const shuffled = fc.sample(fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }), {
          numRuns: 1,
          seed,
        })[0] as typeof records;
        const first = resolvePartitioned(records, { model });
        const second = resolvePartitioned(shuffled, { model });
        expect(first.assignments.length).toBe(records.length);
        expect(new Set(first.assignments.map((a) => `${a.source}/${a.recordId}`)).size).toBe(records.length);
        expect(second.assignments).toEqual(first.assignments);
      }),
      { numRuns: 20 },
    );
  });
});
