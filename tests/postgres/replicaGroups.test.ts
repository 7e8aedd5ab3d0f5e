import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../src/schema/person.js';
import { openPostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { policy, syntheticRecords, trainedModel } from '../store/fixtures.js';

// Protects the families a PostgreSQL store's replica shows after it is built from the read tables
// (a new process, a second service): they name the person IDs the store keeps, not the IDs the
// records would give if added afresh. The tables hold the live IDs; families are derived on load.

describe('a replica built from the tables', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('names the restored person IDs in its families, when a record’s age gave its person the ID', { timeout: 120_000 }, async () => {
    const model = trainedModel();
    const person = syntheticRecords(30, 4).find((record) => record.nik && record.kk && record.birthDate) as PersonRecord;
    // The same person in two sources; "zz-a" was seen first, so its record gives the ID. Its new
    // version is the latest record: added afresh, "aa-b" would look older and give the ID.
    const a = { ...person, source: 'zz-a', recordId: '1', observedAt: '2020-01-01' };
    const b = { ...person, source: 'aa-b', recordId: '1', observedAt: '2025-01-01' };
    const pool = db.pool({ max: 2 });
    const writer = await openPostgresEntityStore({ pool, model, policy, schema: 'groups' });
    await writer.add([a, b]);
    await writer.add([{ ...a, observedAt: '2031-01-01', maritalStatus: 'widowed' }]);
    const [entity] = await writer.entities();
    expect(entity?.records.length).toBe(2);
    expect((await writer.families()).flatMap((family) => family.members)).toEqual([entity?.id]);

    const reader = await openPostgresEntityStore({ pool, policy, schema: 'groups' });
    expect((await reader.entities()).map((item) => item.id)).toEqual([entity?.id]);
    const families = await reader.families();
    expect(families.length).toBe(1);
    expect(families[0]?.members).toEqual([entity?.id]);
    expect(families[0]?.head === null || families[0]?.head === entity?.id).toBe(true);
  });
});
