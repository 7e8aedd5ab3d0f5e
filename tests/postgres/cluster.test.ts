import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';

// Protects the test harness itself: the run's throwaway cluster is up and a test database is usable.
describe('throwaway PostgreSQL cluster', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('answers queries in a fresh database', async () => {
    const pool = db.pool();
    const { rows } = await pool.query<{ version: string; db: string }>('SELECT current_setting($1) AS version, current_database() AS db', [
      'server_version_num',
    ]);
    expect(Number(rows[0]?.version)).toBeGreaterThanOrEqual(130000);
    expect(rows[0]?.db).toBe(db.name);
  });
});
