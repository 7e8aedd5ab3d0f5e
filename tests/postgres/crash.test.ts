import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { openPostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { policy, syntheticRecords, trainedModel } from '../store/fixtures.js';

// Protects "an add is all-or-nothing": a process killed in the middle of an add (the write logged,
// its records, entities, retired IDs, review items and audit entry already written inside the
// transaction, the commit not yet sent) leaves the database exactly as before the add; one that
// finishes leaves it exactly as after.

const root = resolve(import.meta.dirname, '../..');

function startChild(config: pg.PoolConfig, schema: string, file: string): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/postgres/_addInChild.ts', JSON.stringify(config), schema, file], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function state(pool: pg.Pool, schema: string) {
  const store = await openPostgresEntityStore({ pool, policy, schema });
  const entities = await store.entities();
  const unified = await Promise.all(entities.map(async (e) => (await store.entity(e.id))?.merge.unified));
  const head = (await pool.query(`SELECT value::text AS head FROM ${schema}.meta WHERE key = 'head'`)).rows[0]?.head as string;
  const ops = (await pool.query(`SELECT count(*)::int AS n FROM ${schema}.ops`)).rows[0]?.n as number;
  const aliases = (await pool.query(`SELECT id, into_id, withdrawn FROM ${schema}.aliases ORDER BY id`)).rows;
  return { entities, unified, head, ops, aliases, review: await store.review(), audit: await store.auditLog(), stats: await store.stats() };
}

describe('a process killed during an add', () => {
  let db: TestDatabase;
  let dir: string;
  const records = syntheticRecords(150, 23);
  const first = records.filter((_, i) => i % 3 !== 0);
  // The second batch bridges and extends entities of the first, so it rewrites entities and retires IDs.
  const second = records.filter((_, i) => i % 3 === 0);

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'padan-crash-'));
    writeFileSync(join(dir, 'second.json'), JSON.stringify(second));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the store as before the add when killed before the commit, and as after when not', { timeout: 180_000 }, async () => {
    const model = trainedModel();
    const pool = db.pool({ max: 3 });
    const store = await openPostgresEntityStore({ pool, model, policy, schema: 'crash' });
    await store.add(first);
    const before = await state(pool, 'crash');

    // Hold the store's head row: the child's add does all its writes, then waits on this lock for its
    // last statement. That is the moment it is killed.
    const blocker = await pool.connect();
    await blocker.query('BEGIN');
    await blocker.query(`SELECT value FROM crash.meta WHERE key = 'head' FOR UPDATE`);
    const { child, exited, output } = startChild(db.config, 'crash', join(dir, 'second.json'));
    let waiting = false;
    for (let i = 0; i < 600 && !waiting; i++) {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%meta SET value%'`,
      );
      waiting = rows[0]?.n === 1;
      if (!waiting) await new Promise((r) => setTimeout(r, 100));
    }
    expect(waiting, output()).toBe(true);
    child.kill('SIGKILL');
    expect(await exited).toBe(null);
    await blocker.query('ROLLBACK');
    blocker.release();
    // The server ends the orphaned transaction when it finds the client gone.
    for (let i = 0; i < 600; i++) {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      if (rows[0]?.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await state(pool, 'crash')).toEqual(before);

    // The same add, not killed: the store is as one in-memory store that took both batches.
    const finished = startChild(db.config, 'crash', join(dir, 'second.json'));
    expect(await finished.exited, finished.output()).toBe(0);
    expect(finished.output()).toMatch(/added/);
    const memory = createEntityStore({ model, policy });
    await memory.add(first);
    await memory.add(second);
    const after = await state(pool, 'crash');
    expect(after.entities).toEqual(await memory.entities());
    expect(after.aliases.length).toBe((await memory.stats()).aliases);
    expect(after.aliases.length).toBeGreaterThan(0);
    expect(after.unified).toEqual(await Promise.all((await memory.entities()).map(async (e) => (await memory.entity(e.id))?.merge.unified)));
    expect(after.review).toEqual(await memory.review());
    expect(after.audit).toEqual(await memory.auditLog());
    // The service that wrote the first batch catches up with the child's add (its replica replays the log).
    const probe = second[0];
    expect(await store.lookup(probe)).toEqual(await memory.lookup(probe));
  });
});
