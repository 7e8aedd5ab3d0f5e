import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/_internal/hash.js';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import type { PersonRecord } from '../../src/schema/person.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import type { EntityStore, StoreChanges } from '../../src/store/types.js';
import { policy, syntheticRecords, trainedModel } from './fixtures.js';

// Protects what a write reports against the store itself: the unified fields it says changed are
// exactly those that differ between the entity before and after the write (the store works this
// out from the clusters it re-clustered, with shortcuts; this reads every entity from scratch).

let records: PersonRecord[];
let model: TrainedModel;

beforeAll(() => {
  records = syntheticRecords(60, 7);
  model = trainedModel();
});

/** Every live entity's unified record, by ID. */
async function unifiedById(store: EntityStore): Promise<Map<string, Record<string, unknown>>> {
  const byId = new Map<string, Record<string, unknown>>();
  for (const { id } of await store.entities()) byId.set(id, (await store.entity(id))?.merge.unified as Record<string, unknown>);
  return byId;
}

/** The fields whose unified values differ, in name order, as a write reports them. */
function differences(id: string, before: Record<string, unknown>, after: Record<string, unknown>) {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return fields
    .filter((field) => canonicalJson(before[field] ?? null) !== canonicalJson(after[field] ?? null))
    .map((field) => ({ id, field, before: before[field] ?? null, after: after[field] ?? null }));
}

/** A later version of a record with some fields changed (a quarterly update or a correction). */
function update(record: PersonRecord, k: number): PersonRecord {
  const observedAt = '2031-02-01';
  if (k % 3 === 0) return { ...record, observedAt, maritalStatus: record.maritalStatus === 'married' ? 'widowed' : 'married' };
  if (k % 3 === 1) return { ...record, observedAt, address: record.address === null || record.address === undefined ? null : { ...record.address, rt: '009' } };
  // The same values in new objects: nothing changes.
  return { ...record, observedAt, address: record.address === null || record.address === undefined ? record.address : { ...record.address } };
}

describe('EntityStore: the field changes a write reports', () => {
  it('are the differences of each entity’s unified record before and after the write, for any batches, updates and copies', async () => {
    let reported = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(
          records.map((_, i) => i),
          { minLength: records.length, maxLength: records.length },
        ),
        fc.uniqueArray(fc.integer({ min: 1, max: records.length - 1 }), { maxLength: 4 }),
        fc.uniqueArray(fc.integer({ min: 0, max: records.length - 1 }), { minLength: 1, maxLength: 12 }),
        async (order, cuts, updated) => {
          const store = createEntityStore({ model, policy, validate: false });
          const shuffled = order.map((i) => records[i] as PersonRecord);
          const bounds = [0, ...[...cuts].sort((a, b) => a - b), shuffled.length];
          const batches: PersonRecord[][] = [];
          for (let b = 0; b + 1 < bounds.length; b++) batches.push(shuffled.slice(bounds[b], bounds[b + 1]));
          // New versions, and copies of known records through another channel (they attach).
          batches.push(updated.map((i, k) => update(records[i] as PersonRecord, k)));
          batches.push(updated.map((i) => ({ ...(records[i] as PersonRecord), source: 'citizen', recordId: `COPY-${i}`, observedAt: '2031-03-01' })));
          for (const batch of batches) {
            const before = await unifiedById(store);
            const changes: StoreChanges = await store.add(batch, { validate: false });
            const after = await unifiedById(store);
            const expected = [...after]
              .filter(([id]) => before.has(id))
              .flatMap(([id, unified]) => differences(id, before.get(id) as Record<string, unknown>, unified));
            const got = changes.fields.filter((change) => before.has(change.id) && after.has(change.id));
            expect(got).toEqual(expected);
            reported += got.length;
          }
        },
      ),
      { numRuns: 6 },
    );
    expect(reported).toBeGreaterThan(0);
  });
});
