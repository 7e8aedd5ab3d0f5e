import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import type { PersonRecord } from '../../src/schema/person.js';
import { MemoryEntityStore } from '../../src/store/MemoryEntityStore.js';
import { batchView, policy, refText, syntheticRecords, trainedModel } from './fixtures.js';

// Protects the store's shortcut for constrained components: a write re-clusters a component cut by
// a constraint only when its links' term frequencies could have moved the cut (cluster/cutMargin.ts),
// through the drift of a common value or a rescored link of a rare one. A no-NIK record C links to
// two civil-registry records A and B (two NIKs): C–A agrees on the name, C–B on the birthplace, and
// records arriving with that name or that birthplace move the two weights past each other. After
// every single add the store must cut C's component as a batch run over the same records does.

let background: PersonRecord[];
let model: TrainedModel;
const address = {
  provinceCode: '35',
  regencyCode: '3578',
  districtCode: '357815',
  villageCode: '3578151009',
  rt: '011',
  rw: '004',
  street: 'JL. ANGGREK NO. 77',
};
const a = {
  source: 'dukcapil',
  recordId: 'A',
  observedAt: '2025-01-01',
  channel: { kind: 'registry' },
  nik: '3578154203900001',
  kk: null,
  name: 'WULANDARI KUSUMAWATI',
  sex: 'female',
  birthDate: '1990-03-02',
  birthPlace: 'SURABAYA',
  motherName: null,
  address,
} as unknown as PersonRecord;
const b = { ...a, recordId: 'B', nik: '3578154203900002', name: 'WULANDARI KUSUMAWATY', birthPlace: 'MALANG' } as PersonRecord;
const c = { ...a, source: 'dtks', recordId: 'C', nik: null, birthPlace: 'MALANG' } as PersonRecord;
/** Someone else (another sex, birth year and district) who shares C's name or C's birthplace. */
const other = (i: number, shares: 'name' | 'birthplace'): PersonRecord =>
  ({
    ...a,
    source: 'p3ke',
    recordId: `${shares}-${i}`,
    nik: null,
    sex: 'male',
    birthDate: `19${50 + i}-07-1${i % 9}`,
    name: shares === 'name' ? a.name : `BUDI SANTOSO ${'ABCDEFGHIJKLMNOP'[i] as string}`,
    birthPlace: shares === 'birthplace' ? 'MALANG' : 'KEDIRI',
    address: { ...address, districtCode: '357801', villageCode: `35780110${String(i).padStart(2, '0')}`, street: `JL. MELATI ${i}` },
  }) as PersonRecord;

const cOf = (entities: readonly (readonly string[])[]): string => [...(entities.find((records) => records.includes('dtks/C')) ?? [])].sort().join(' ');

beforeAll(() => {
  background = syntheticRecords(30, 7);
  model = trainedModel();
});

describe('EntityStore: a constrained component is cut as a batch would cut it after every write', () => {
  it('moves the cut when the term frequencies do (the batch cuts C from B, then from A)', () => {
    const before = batchView([...background, a, b, c], model).entities.map((entity) => entity.records);
    const after = batchView([...background, a, b, c, ...Array.from({ length: 6 }, (_, i) => other(i, 'birthplace'))], model).entities.map((e) => e.records);
    expect(cOf(before)).toBe('dtks/C dukcapil/B');
    expect(cOf(after)).toBe('dtks/C dukcapil/A');
  });

  /** Adds the records one at a time to a store holding A, B, C and the background; after each, compares C's entity with the batch's. */
  const replay = async (arrivals: readonly PersonRecord[], commonValueCount: number): Promise<string[]> => {
    const store = new MemoryEntityStore({ model, policy, validate: false, commonValueCount });
    const held = [...background, a, b, c];
    await store.add(held, { validate: false });
    const cuts: string[] = [];
    for (const record of arrivals) {
      held.push(record);
      await store.add([record], { validate: false });
      const expected = cOf(batchView(held, model).entities.map((entity) => entity.records));
      expect(cOf((await store.entities()).map((entity) => entity.records.map(refText)))).toBe(expected);
      cuts.push(expected);
    }
    return cuts;
  };
  const arrivals = (kinds: readonly ('name' | 'birthplace')[]): PersonRecord[] => kinds.map((kind, i) => other(i, kind));

  it('equals the batch after each single add while the cut moves there and back, for common and rare values', async () => {
    const kinds = [...Array<'birthplace'>(8).fill('birthplace'), ...Array<'name'>(8).fill('name')];
    for (const commonValueCount of [2, 50]) {
      const cuts = await replay(arrivals(kinds), commonValueCount);
      // The batch moves C from B to A and back: the store had to follow both moves.
      expect(cuts[0]).toBe('dtks/C dukcapil/B');
      expect(cuts).toContain('dtks/C dukcapil/A');
      expect(cuts[cuts.length - 1]).toBe('dtks/C dukcapil/B');
    }
  });

  it('equals the batch after each single add, for any order of arrivals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<'name' | 'birthplace'>('name', 'birthplace', 'birthplace'), { minLength: 4, maxLength: 12 }),
        fc.constantFrom(2, 50),
        async (kinds, commonValueCount) => {
          await replay(arrivals(kinds), commonValueCount);
        },
      ),
      { numRuns: 8 },
    );
  });
});
