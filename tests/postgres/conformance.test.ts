import { afterAll } from 'vitest';
import { openPostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { describeStoreConformance } from '../store/conformance.js';

// The PostgreSQL store against the shared EntityStore contract: the very suite the in-memory store
// runs (tests/store/memory.conformance.test.ts). Each store gets a schema of its own in one database.
let db: TestDatabase | null = null;
let schemas = 0;
afterAll(async () => {
  await db?.drop();
});

describeStoreConformance('PostgreSQL store', async (options) => {
  db ??= await createTestDatabase();
  return openPostgresEntityStore({ ...options, pool: db.pool({ max: 2 }), schema: `conformance_${schemas++}` });
});
