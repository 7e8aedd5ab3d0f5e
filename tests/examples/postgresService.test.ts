import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';

// Runs examples/postgres-service.ts as a user would (its --self-check mode: start the HTTP service on
// the PostgreSQL store, call every route, stop), so the example keeps working as the library changes.
const root = resolve(import.meta.dirname, '../..');

describe('examples/postgres-service.ts', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('padan_example');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('serves adds, lookups, entities, withdrawals and decisions from PostgreSQL', { timeout: 180_000 }, () => {
    const { host, port, user, database } = db.config as { host: string; port: number; user: string; database: string };
    const url = `postgres://${user}@/${database}?host=${encodeURIComponent(host)}&port=${port}`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/postgres-service.ts', '--self-check'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: url },
      timeout: 170_000,
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/lookup of a known person: match/);
    expect(run.stdout).toMatch(/bad input: 400; unknown ID: 404/);
    expect(run.stdout).toMatch(/self-check passed/);
    expect(run.status).toBe(0);
  });
});
