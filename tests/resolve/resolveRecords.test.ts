import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { seededRandom } from '../../src/_internal/random.js';
import type { ModelSpecInput, TrainedModel } from '../../src/model/modelSpec.js';
import { resolveRecords, type RecordResolution } from '../../src/resolve.js';
import { blockRecords, clusterRecords, comparePairs, compileModel, prepareColumns, scorePairs, trainModel, weightTable } from '../../src/index.js';

/** A generic customer table: nothing Indonesian about it. */
interface Customer {
  readonly file: string;
  readonly id: string;
  readonly first?: string;
  readonly last?: string;
  readonly born?: string;
  readonly zip?: string;
}

const FIRST = ['mitchell', 'olivia', 'jack', 'charlotte', 'william', 'amelia', 'noah', 'isla', 'thomas', 'mia', 'james', 'ava'];
const LAST = ['green', 'smith', 'jones', 'williams', 'brown', 'wilson', 'taylor', 'johnson', 'white', 'martin', 'anderson', 'thompson'];

function typo(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  return text.slice(0, at) + text.slice(at + 1);
}

/** `people` people, each in file A and (mostly) in file B with a typo here and there; seeded. */
function customers(people: number, seed: number): Customer[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const records: Customer[] = [];
  for (let p = 0; p < people; p++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const born = `${1940 + Math.floor(random() * 60)}${String(1 + Math.floor(random() * 12)).padStart(2, '0')}${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    const zip = String(2000 + Math.floor(random() * 7000));
    records.push({ file: 'A', id: `a${p}`, first, last, born, zip });
    if (random() < 0.8)
      records.push({
        file: 'B',
        id: `b${p}`,
        first: random() < 0.2 ? typo(first, random) : first,
        last,
        born,
        zip: random() < 0.1 ? undefined : zip,
      } as Customer);
  }
  return records;
}

const spec = (): ModelSpecInput => ({
  kind: 'padan/model-spec',
  version: 1,
  name: 'customers',
  recordKey: { source: 'file', id: 'id' },
  comparisons: [
    {
      name: 'first',
      field: 'first',
      prepare: 'text',
      levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'jaro-winkler', threshold: 0.88 }, { kind: 'else' }],
    },
    { name: 'last', field: 'last', prepare: 'text', levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }] },
    {
      name: 'born',
      field: 'born',
      prepare: 'date:YYYYMMDD',
      levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'numeric-difference', maxDifference: 100 }, { kind: 'else' }],
    },
    { name: 'zip', field: 'zip', prepare: 'code', levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }] },
  ],
  blocking: {
    rules: [
      { name: 'born', on: [{ field: 'born', prepare: 'date:YYYYMMDD' }] },
      {
        name: 'last+zip',
        on: [
          { field: 'last', prepare: 'text' },
          { field: 'zip', prepare: 'code' },
        ],
      },
    ],
  },
  decision: { matchWeight: 0, reviewWeight: -4 },
});

function withinSourcePairs(result: RecordResolution<Customer>, pairIndexes: Iterable<number>): number {
  let count = 0;
  for (const p of pairIndexes) {
    const left = result.records[result.pairs.left[p] as number] as Customer;
    const right = result.records[result.pairs.right[p] as number] as Customer;
    if (left.file === right.file) count++;
  }
  return count;
}

const allPairs = (result: RecordResolution<Customer>): number[] => Array.from({ length: result.pairs.left.length }, (_, p) => p);

describe('resolveRecords: the generic engine', () => {
  let trained: TrainedModel;
  let linked: RecordResolution<Customer>;
  let deduped: RecordResolution<Customer>;
  const records = customers(400, 7);

  beforeAll(() => {
    linked = resolveRecords(records, spec(), { mode: 'link-only' });
    deduped = resolveRecords(records, spec());
    trained = linked.model;
  });

  it('takes any records: no Indonesian validation, nothing rejected, every record in one cluster', () => {
    expect(linked.rejections).toEqual([]);
    expect(linked.records).toHaveLength(records.length);
    const seen = new Int32Array(records.length);
    for (const cluster of linked.clusters) for (const r of cluster.records) seen[r] = (seen[r] as number) + 1;
    expect([...seen].every((n) => n === 1)).toBe(true);
  });

  it('finds the people of file A in file B', () => {
    let right = 0;
    let total = 0;
    for (const cluster of linked.clusters) {
      const ids = cluster.records.map((r) => (linked.records[r] as Customer).id.slice(1));
      if (cluster.records.length > 1) {
        total++;
        if (new Set(ids).size === 1) right++;
      }
    }
    expect(total).toBeGreaterThan(250);
    expect(right / total).toBeGreaterThan(0.95);
  });

  it('link-only: no within-source pair is a candidate, a link or a review item; dedupe has them', () => {
    expect(withinSourcePairs(linked, allPairs(linked))).toBe(0);
    expect(withinSourcePairs(linked, linked.links)).toBe(0);
    expect(linked.review.filter((item) => (linked.records[item.left] as Customer).file === (linked.records[item.right] as Customer).file)).toEqual([]);
    expect(withinSourcePairs(deduped, allPairs(deduped))).toBeGreaterThan(0);
    expect(linked.mode).toBe('link-only');
    expect(linked.pairs.left.length).toBe(deduped.pairs.left.length - withinSourcePairs(deduped, allPairs(deduped)));
  });

  it('link-only never yields a within-source pair, on any input (property)', () => {
    const record = fc.record({
      file: fc.constantFrom('A', 'B', 'C'),
      first: fc.constantFrom(...FIRST.slice(0, 3)),
      last: fc.constantFrom(...LAST.slice(0, 2)),
      born: fc.constantFrom('19800101', '19800102', '19900505'),
      zip: fc.constantFrom('2000', '2001'),
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 2, maxLength: 40 }), (rows) => {
        const input = rows.map((row, i) => ({ ...row, id: String(i) }));
        fc.pre(new Set(input.map((r) => r.file)).size >= 2);
        const result = resolveRecords(input, trained, { mode: 'link-only' });
        expect(withinSourcePairs(result as RecordResolution<Customer>, allPairs(result as RecordResolution<Customer>))).toBe(0);
        expect(result.records.length + result.rejections.length).toBe(input.length);
      }),
      { numRuns: 60 },
    );
  });

  it('link-and-dedupe compares every pair, like dedupe', () => {
    const both = resolveRecords(records, trained, { mode: 'link-and-dedupe' });
    expect(both.pairs.left.length).toBe(deduped.pairs.left.length);
  });

  it('rejects a record it cannot identify, and a repeated key, with a reason; nothing is lost', () => {
    const input = [...records.slice(0, 50), { file: 'A', first: 'nobody' }, { ...records[0] }];
    const result = resolveRecords(input, trained);
    expect(result.records.length + result.rejections.length).toBe(input.length);
    expect(result.rejections.map((r) => [r.index, r.issues[0]?.code])).toEqual([
      [50, 'schema/required'],
      [51, 'schema/duplicate-record'],
    ]);
  });

  it('a recordKey or field that none of the first records carries is a typed config error, before any work', () => {
    const wrongKey = { ...spec(), recordKey: { source: 'source', id: 'recordId' } };
    expect(() => resolveRecords(records, wrongKey)).toThrow(PadanError);
    expect(() => resolveRecords(records, wrongKey)).toThrow(/recordKey.source "source" is in none of the first 100 records/);
    const wrongField = { ...spec(), comparisons: spec().comparisons.map((c) => (c.name === 'born' ? { ...c, field: 'dob' } : c)) };
    const error = (() => {
      try {
        resolveRecords(records, wrongField);
      } catch (e) {
        return e as PadanError;
      }
      return null;
    })();
    expect(error?.code).toBe('invalid-input');
    expect(error?.message).toContain('field "dob" of comparison "born"');
    // The other field of a cross-field level is checked the same way.
    const swapped = spec().comparisons.map((c) =>
      c.name === 'first' ? { ...c, levels: [...c.levels.slice(0, -1), { kind: 'cross-field', field: 'lastname' }, { kind: 'else' }] } : c,
    );
    expect(() => resolveRecords(records, { ...spec(), comparisons: swapped })).toThrow(
      /field "lastname" of a cross-field level of comparison "first" is in none of the first 100 records/,
    );
  });

  it("a cross-field level finds names written in each other's columns", () => {
    const people: Customer[] = [
      { file: 'A', id: 'a1', first: 'olivia', last: 'green', born: '19800101', zip: '2000' },
      { file: 'B', id: 'b1', first: 'green', last: 'olivia', born: '19800101', zip: '2000' },
      { file: 'A', id: 'a2', first: 'jack', last: 'smith', born: '19800101', zip: '2000' },
    ];
    const withSwap = spec().comparisons.map((c) =>
      c.name === 'first' ? { ...c, levels: [...c.levels.slice(0, -1), { kind: 'cross-field', field: 'last' }, { kind: 'else' }] } : c,
    );
    const compiled = compileModel({ ...spec(), comparisons: withSwap });
    const columns = prepareColumns(people, compiled.columns);
    const vectors = comparePairs(compiled.comparisons, columns, Int32Array.of(0, 0), Int32Array.of(1, 2));
    const width = compiled.comparisons.length;
    expect(compiled.comparisons[0]?.levels[vectors.levels[0] as number]?.label).toBe('swapped with last');
    expect(compiled.comparisons[0]?.levels[vectors.levels[width] as number]?.label).toBe('different');
  });

  it('link-only needs two sources; a bad mode is an argument error', () => {
    expect(() =>
      resolveRecords(
        records.filter((r) => r.file === 'A'),
        trained,
        { mode: 'link-only' },
      ),
    ).toThrow(/at least two sources/);
    expect(() => resolveRecords(records, trained, { mode: 'link_only' as never })).toThrow(PadanError);
  });

  it('is order-independent: shuffled input gives the same clusters and IDs', () => {
    const shuffled = [...records].reverse();
    const again = resolveRecords(shuffled, trained, { mode: 'link-only' });
    const fromTrained = resolveRecords(records, trained, { mode: 'link-only' });
    expect(again.clusters).toEqual(fromTrained.clusters);
  });

  it('the exported stages, run by hand, give what resolveRecords gives', () => {
    // Records in canonical (source, id) order, as resolveRecords lays them out.
    const ordered = [...records].sort((x, y) => (x.file !== y.file ? (x.file < y.file ? -1 : 1) : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const compiled = compileModel(spec());
    const columns = prepareColumns(ordered, compiled.columns);
    const pairs = blockRecords(compiled.blockingRules, columns, ordered.length);
    const vectors = comparePairs(compiled.comparisons, columns, pairs.left, pairs.right);
    const { model } = trainModel(compiled, columns, ordered.length, vectors);
    const weights = scorePairs(weightTable(model, compiled), compiled, columns, pairs.left, pairs.right, vectors);
    const clustering = clusterRecords({
      recordCount: ordered.length,
      left: pairs.left,
      right: pairs.right,
      weights,
      matchWeight: model.spec.decision.matchWeight,
      distinct: [],
    });
    expect(deduped.records).toEqual(ordered);
    expect(model).toEqual(deduped.model);
    expect([...weights]).toEqual([...deduped.pairs.weights]);
    expect([...clustering.clusterOf]).toEqual([...deduped.clusterOf]);
  });
});
