import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { openPostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import type { EntityStore } from '../../src/store/types.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { policy, syntheticPopulation, trainedModel } from '../store/fixtures.js';

// Protects resolveId of family (F) and household (H) IDs on a PostgreSQL store: answered from the
// read tables (group_ids) with one SQL statement, as person IDs are — a second service resolving a
// family ID does not build the in-memory replica, which at a million persons is a whole build — and
// with the in-memory store's answers: live, merged into the live ID, withdrawn, unknown.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('resolveId of family and household IDs on PostgreSQL', () => {
  it('reads the tables, not the replica, and answers as the in-memory store', { timeout: 120_000 }, async () => {
    const people = syntheticPopulation(30, 29);
    const model = trainedModel();
    const pool = db.pool({ max: 2 });
    const writer = await openPostgresEntityStore({ pool, model, policy, schema: 'group_ids' });
    const memory = createEntityStore({ model, policy });
    const issued = new Set<string>();
    const remember = async (store: EntityStore) => {
      for (const family of await store.families()) issued.add(family.id);
      for (const household of await store.households()) issued.add(household.id);
    };
    for (const store of [writer, memory] as EntityStore[]) {
      await store.add(people.person);
      await store.add(people.family, { kind: 'family' });
      await store.add(people.dwelling, { kind: 'dwelling' });
    }
    await remember(memory);
    // Retire some: every record of one family withdrawn, and persons moved to another KK.
    const [first] = await memory.families();
    for (const store of [writer, memory] as EntityStore[]) {
      for (const ref of first?.records ?? []) await store.withdraw(ref.source, ref.recordId, 'moved away');
      for (const ref of first?.familyRecords ?? []) await store.withdraw(ref.source, ref.recordId, 'moved away', { kind: 'family' });
      const moved = people.person.slice(0, 12).map((record, i) => ({
        ...record,
        observedAt: '2031-03-01',
        kk: people.person[(i * 7 + 3) % people.person.length]?.kk ?? null,
      }));
      await store.add(moved.filter((record) => !(first?.records ?? []).some((ref) => ref.source === record.source && ref.recordId === record.recordId)));
    }
    await remember(memory);

    const reader = await openPostgresEntityStore({ pool, policy, schema: 'group_ids' });
    const replica = vi.spyOn(reader, 'withReplica');
    const statuses = new Set<string>();
    for (const id of [...issued].sort()) {
      const want = await memory.resolveId(id);
      statuses.add(want?.status ?? 'unknown');
      expect(await reader.resolveId(id)).toEqual(want);
    }
    expect(statuses.has('live') && statuses.has('withdrawn')).toBe(true);
    for (const id of ['F0000000000000000', 'Hnot-an-id', 'F']) expect(await reader.resolveId(id)).toEqual(await memory.resolveId(id));
    expect(replica).not.toHaveBeenCalled();
  });
});
