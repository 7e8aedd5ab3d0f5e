import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../src/schema/person.js';
import { openPostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { policy, syntheticRecords, trainedModel } from '../store/fixtures.js';

// Protects the cost of a refused write (issue 17): a write the replica refuses before it changes
// anything (an unknown record, an invalid decision) leaves the replica in use, as it was; it is not
// rebuilt from the read tables on the next call. A write that fails after a change still drops it.

describe('a write the PostgreSQL store refuses', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps the replica, which still equals the tables', { timeout: 120_000 }, async () => {
    const model = trainedModel();
    const records = syntheticRecords(30, 4);
    const pool = db.pool({ max: 2 });
    const store = await openPostgresEntityStore({ pool, model, policy, schema: 'refused' });
    await store.add(records.slice(0, 20));
    const replicaOf = (): unknown => (store as unknown as { replica: unknown }).replica;
    const replica = replicaOf();
    expect(replica).not.toBeNull();
    const before = await store.entities();

    await expect(store.withdraw('dtks', 'no-such-record', 'gone')).rejects.toMatchObject({ name: 'PadanError' });
    await expect(store.decide({ kind: 'cannotLink', left: records[1] as PersonRecord, by: 'ayu' } as never)).rejects.toMatchObject({ name: 'PadanError' });
    expect(replicaOf()).toBe(replica);
    expect(await store.entities()).toEqual(before);

    // The next write runs on the kept replica and gives what a fresh store gives.
    await store.add(records.slice(20));
    await store.withdraw((records[3] as PersonRecord).source, (records[3] as PersonRecord).recordId, 'deleted at source');
    expect(replicaOf()).toBe(replica);
    const fresh = await openPostgresEntityStore({ pool, model, policy, schema: 'refused2' });
    await fresh.add(records);
    await fresh.withdraw((records[3] as PersonRecord).source, (records[3] as PersonRecord).recordId, 'deleted at source');
    expect(await store.entities()).toEqual(await fresh.entities());
    // A reader built from the tables agrees with the writer's replica.
    const reader = await openPostgresEntityStore({ pool, policy, schema: 'refused' });
    expect(await reader.families()).toEqual(await store.families());
  });
});
