import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../src/schema/person.js';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import { resolvePersons } from '../../src/resolve.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { MemoryEntityStore } from '../../src/store/MemoryEntityStore.js';
import type { EntityStore } from '../../src/store/types.js';
import { batchView, policy, refText, syntheticRecords, trainedModel, windowedModel } from './fixtures.js';

// Protects invariant 2 of DESIGN.md for the store: with a fixed model, splitting the input into
// batches, in any order, gives the same entities, IDs, unified values and review queue (weights
// bit-identical) as one resolvePersons run over everything.

let records: PersonRecord[];
let model: TrainedModel;

beforeAll(() => {
  records = syntheticRecords(90, 5);
  model = trainedModel();
});

async function storeView(store: EntityStore) {
  const entities = (await store.entities()).map((entity) => ({ id: entity.id, records: entity.records.map(refText) }));
  const unified = new Map<string, unknown>();
  for (const entity of entities) unified.set(entity.id, (await store.entity(entity.id))?.merge.unified);
  const review = (await store.review())
    .map((item) => ({ left: refText(item.left), right: refText(item.right), reason: item.reason, matchWeight: item.matchWeight }))
    .sort((a, b) => (a.left + a.right < b.left + b.right ? -1 : 1));
  return { entities, unified, review };
}

/** A permutation of `count` items and cut points, drawn by fast-check. */
const splitArbitrary = (count: number) =>
  fc.record({
    order: fc.shuffledSubarray(
      Array.from({ length: count }, (_, i) => i),
      { minLength: count, maxLength: count },
    ),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, count - 1) }), { maxLength: 8 }),
  });

/** Feeds the records in the drawn order and batches; returns how many candidate pairs batches removed. */
async function feed(store: EntityStore, input: readonly PersonRecord[], order: readonly number[], cuts: readonly number[]): Promise<number> {
  const shuffled = order.map((i) => input[i] as PersonRecord);
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), shuffled.length];
  let removed = 0;
  for (let b = 0; b + 1 < bounds.length; b++) removed += (await store.add(shuffled.slice(bounds[b], bounds[b + 1]), { validate: false })).report.pairsRemoved;
  return removed;
}

describe('EntityStore: batch equals incremental', async () => {
  it('gives the batch run’s entities, IDs, unified values and review queue for any batch split and order', async () => {
    const expected = batchView(records, model);
    await fc.assert(
      fc.asyncProperty(splitArbitrary(records.length), async ({ order, cuts }) => {
        const store = createEntityStore({ model, policy, validate: false });
        await feed(store, records, order, cuts);
        const got = await storeView(store);
        expect(got.entities).toEqual(expected.entities);
        expect(got.unified).toEqual(expected.unified);
        expect(got.review).toEqual(expected.review);
      }),
      { numRuns: 8 },
    );
  });

  it('holds with sliding windows, where arriving records push old pairs out of a block', async () => {
    const tight = windowedModel(model);
    const expected = batchView(records, tight);
    let removed = 0;
    await fc.assert(
      fc.asyncProperty(splitArbitrary(records.length), async ({ order, cuts }) => {
        const store = createEntityStore({ model: tight, policy, validate: false });
        removed += await feed(store, records, order, cuts);
        const got = await storeView(store);
        expect(got.entities).toEqual(expected.entities);
        expect(got.review).toEqual(expected.review);
      }),
      { numRuns: 8 },
    );
    expect(removed).toBeGreaterThan(0);
  });

  it('holds with cannot-link rules that cut link components (order of links decides where)', async () => {
    // A rule that fires on real links, so that it shapes clusters in this small population: records at
    // different districts are "two people". (The DTSEN rule — twins' NIKs — is rarer than 90 persons.)
    const address = model.spec.comparisons.findIndex((c) => c.name === 'address');
    const different = (model.spec.comparisons[address]?.levels.length ?? 0) - 1;
    const cut: TrainedModel = {
      ...model,
      spec: {
        ...model.spec,
        clustering: { ...model.spec.clustering, cannotLink: [{ name: 'moved', when: [{ comparison: 'address', levels: [different] }] }] },
      },
    };
    const refused = resolvePersons(records, { model: cut, validate: false }).review.filter((item) => item.reason === 'conflicting-identifiers');
    expect(refused.length).toBeGreaterThan(0);
    const expected = batchView(records, cut);
    for (const tight of [cut, windowedModel(cut)]) {
      const expectedTight = tight === cut ? expected : batchView(records, tight);
      await fc.assert(
        fc.asyncProperty(splitArbitrary(records.length), async ({ order, cuts }) => {
          const store = createEntityStore({ model: tight, policy, validate: false });
          await feed(store, records, order, cuts);
          const got = await storeView(store);
          expect(got.entities).toEqual(expectedTight.entities);
          expect(got.unified).toEqual(expectedTight.unified);
          expect(got.review).toEqual(expectedTight.review);
        }),
        { numRuns: 8 },
      );
    }
  });

  it('holds where every shared value is common (its count changes go in its own drift), with links cut', async () => {
    // From a count of 2 a value's changes are not walked from its holders but go in the value's own
    // drift, so the per-value queues (pairs and constrained components) decide what is rescored and
    // re-clustered; the cannot-link rule makes link order matter.
    const address = model.spec.comparisons.findIndex((c) => c.name === 'address');
    const different = (model.spec.comparisons[address]?.levels.length ?? 0) - 1;
    const cut: TrainedModel = {
      ...model,
      spec: {
        ...model.spec,
        clustering: { ...model.spec.clustering, cannotLink: [{ name: 'moved', when: [{ comparison: 'address', levels: [different] }] }] },
      },
    };
    // Thresholds where the pairs are thickest, so that term-frequency shifts move pairs across them.
    const weights = [...resolvePersons(records, { model: cut, validate: false }).pairs.weights].sort((a, b) => a - b);
    const at = (share: number): number => weights[Math.floor(weights.length * share)] as number;
    const tuned: TrainedModel = { ...cut, spec: { ...cut.spec, decision: { ...cut.spec.decision, reviewWeight: at(0.5), matchWeight: at(0.75) } } };
    const expected = batchView(records, tuned);
    await fc.assert(
      fc.asyncProperty(splitArbitrary(records.length), fc.integer({ min: 0, max: records.length }), async ({ order, cuts }, first) => {
        // Then single records: most changes are count changes of common values.
        const singles = Array.from({ length: records.length - first }, (_, k) => first + k).filter((at) => at > 0);
        const store = new MemoryEntityStore({ model: tuned, policy, validate: false, commonValueCount: 2 });
        await feed(store, records, order, [...new Set([...cuts.filter((at) => at < first), ...singles])]);
        const got = await storeView(store);
        expect(got.entities).toEqual(expected.entities);
        expect(got.unified).toEqual(expected.unified);
        expect(got.review).toEqual(expected.review);
      }),
      { numRuns: 6 },
    );
  });
});
