import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolvePersons } from '../../src/resolve.js';
import type { PersonRecord } from '../../src/schema/person.js';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import { StoreEngine } from '../../src/store/_engine.js';
import { policy, syntheticRecords, trainedModel } from './fixtures.js';

// Protects "one rule set for batch and store" (issue 18): the store's growable blocking index holds
// exactly the candidate pairs `blockRecords` makes over the same records, also in windowed blocks
// whose order is the rule's `sortBy` (not record order), whatever the arrival order and batch split.

let records: PersonRecord[];
let model: TrainedModel;

beforeAll(() => {
  records = syntheticRecords(120, 23);
  const trained = trainedModel();
  // Tiny blocks, so that most blocks are windowed; every rule sorted by a key unrelated to record order.
  const rules = trained.spec.blocking.rules.map((rule) => ({
    ...rule,
    maxBlockSize: 3,
    sortBy: [
      { field: 'name', prepare: 'phonetic-name', transform: 'sorted-tokens' },
      { field: 'address.villageCode', prepare: 'code' },
    ],
  }));
  model = { ...trained, spec: { ...trained.spec, blocking: { ...trained.spec.blocking, rules, window: 2 } } } as TrainedModel;
});

function batchPairs(input: readonly PersonRecord[]): [string, string][] {
  const resolution = resolvePersons(input, { model, validate: false });
  const keyOf = (position: number) => {
    const record = resolution.records[position] as PersonRecord;
    return `${record.source}\u0000${record.recordId}`;
  };
  const pairs: [string, string][] = [];
  for (let p = 0; p < resolution.pairs.left.length; p++) pairs.push([keyOf(resolution.pairs.left[p] as number), keyOf(resolution.pairs.right[p] as number)]);
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

describe('store blocking index', () => {
  it('holds the batch run’s candidate pairs in sorted windowed blocks, for any arrival order and split', () => {
    const expected = batchPairs(records);
    expect(expected.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }), fc.integer({ min: 1, max: 40 }), (order, size) => {
        const engine = new StoreEngine({ model, policy, validate: false });
        for (let i = 0; i < order.length; i += size) engine.add(order.slice(i, i + size));
        expect(engine.candidatePairs()).toEqual(expected);
      }),
      { numRuns: 6 },
    );
  });

  it('keeps the batch run’s pairs when records are withdrawn from windowed blocks', () => {
    const engine = new StoreEngine({ model, policy, validate: false });
    engine.add(records);
    const gone = records.filter((_, i) => i % 5 === 2);
    for (const record of gone) engine.withdraw(record.source, record.recordId, 'test');
    const kept = records.filter((_, i) => i % 5 !== 2);
    expect(engine.candidatePairs()).toEqual(batchPairs(kept));
  });
});
