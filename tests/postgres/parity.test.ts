import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePersons } from '../../src/resolve.js';
import { EntityStore } from '../../src/store/EntityStore.js';
import { bulkLoadPostgresStore } from '../../src/store/postgres/bulkLoadPostgresStore.js';
import { exportPostgresSnapshot } from '../../src/store/postgres/exportPostgresSnapshot.js';
import { migratePostgresStore, POSTGRES_SCHEMA_VERSION } from '../../src/store/postgres/migrations.js';
import { openPostgresEntityStore, type PostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import type { StoreChanges } from '../../src/store/types.js';
import { replicaToSnapshot } from '../../src/store/_replicaSnapshot.js';
import type { PersonRecord } from '../../src/schema/person.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { policy, syntheticRecords, trainedModel } from '../store/fixtures.js';
import { Writable } from 'node:stream';

// Protects invariant 4 for the store: the PostgreSQL store gives the in-memory store's result —
// the same changes per batch, entities, IDs, retired IDs, unified records, review queue, lookups and
// snapshot bytes — and a second service opening the same database sees the same state.

const withoutTimings = (changes: StoreChanges) => ({ ...changes, report: { ...changes.report, elapsedMs: 0, stageMs: {} } });

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function expectSameState(pgStore: PostgresEntityStore, memory: EntityStore): Promise<void> {
  expect(await pgStore.entities()).toEqual(memory.entities());
  expect(await pgStore.aliasEntries()).toEqual(memory.aliasEntries());
  expect(await pgStore.records()).toEqual(memory.records());
  expect(await pgStore.recordCount()).toBe(memory.recordCount);
  expect(await pgStore.entityCount()).toBe(memory.entityCount);
  expect(await pgStore.review()).toEqual(memory.review());
  for (const { id } of memory.entities()) expect(await pgStore.entity(id)).toEqual(memory.entity(id));
  for (const [alias] of memory.aliasEntries()) {
    expect(await pgStore.resolveId(alias)).toBe(memory.resolveId(alias));
    expect(await pgStore.entity(alias)).toEqual(memory.entity(alias));
  }
}

describe('PostgresEntityStore gives the in-memory store’s results', () => {
  let db: TestDatabase;
  const records = syntheticRecords(160, 11);
  const heldOut = records.filter((_, i) => i % 17 === 5);
  const stored = records.filter((_, i) => i % 17 !== 5);
  // Batches newest first, so older records arrive later: IDs move (an entity's ID is its oldest
  // record's) and entities merge as records arrive.
  const newestFirst = [...stored].sort((a, b) => (a.observedAt < b.observedAt ? 1 : a.observedAt > b.observedAt ? -1 : 0));
  const batches = [newestFirst.slice(0, 60), newestFirst.slice(60, 150), newestFirst.slice(150)];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('creates its tables once, with a versioned schema', async () => {
    const pool = db.pool();
    expect(await migratePostgresStore(pool, { schema: 'migrated' })).toMatchObject({ from: 0, to: POSTGRES_SCHEMA_VERSION });
    expect(await migratePostgresStore(pool, { schema: 'migrated' })).toEqual({ from: POSTGRES_SCHEMA_VERSION, to: POSTGRES_SCHEMA_VERSION, applied: [] });
    await pool.query('INSERT INTO migrated.migrations (version, name) VALUES ($1, $2)', [POSTGRES_SCHEMA_VERSION + 1, 'from the future']);
    await expect(migratePostgresStore(pool, { schema: 'migrated' })).rejects.toThrow(/newer than this library/);
    await expect(migratePostgresStore(pool, { schema: 'Robert"); DROP TABLE x; --' })).rejects.toThrow(/lower-case SQL identifier/);
  });

  it('adds batch by batch with the same changes, state, lookups and snapshot', async () => {
    const model = trainedModel();
    const memory = new EntityStore({ model, policy });
    const pgStore = await openPostgresEntityStore({ pool: db.pool({ max: 2 }), model, policy, schema: 'parity' });
    for (const batch of batches) {
      const expected = memory.add(batch);
      const actual = await pgStore.add(batch);
      expect(withoutTimings(actual)).toEqual(withoutTimings(expected));
    }
    expect(memory.aliasEntries().length).toBeGreaterThan(0);
    // Duplicates and invalid records are refused the same way.
    const again = [stored[0], { source: 'dtks' }, stored[1]];
    expect(withoutTimings(await pgStore.add(again))).toEqual(withoutTimings(memory.add(again)));
    await expectSameState(pgStore, memory);
    for (const probe of heldOut) expect(await pgStore.lookup(probe)).toEqual(memory.lookup(probe));

    // A second service (its own pool, its own replica built from the database) sees the same store.
    const other = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), policy, schema: 'parity' });
    await expectSameState(other, memory);
    for (const probe of heldOut.slice(0, 3)) expect(await other.lookup(probe)).toEqual(memory.lookup(probe));
    // …and what it adds, the first service sees on its next call.
    const last = heldOut.slice(0, 4);
    expect(withoutTimings(await other.add(last))).toEqual(withoutTimings(memory.add(last)));
    await expectSameState(pgStore, memory);

    const out = new Collect();
    await exportPostgresSnapshot(db.pool({ max: 1 }), out, { schema: 'parity', pageSize: 7 });
    expect(out.text).toBe(replicaToSnapshot(memory));
  });

  it('bulk-loads a resolved store with COPY and exports it back byte for byte', async () => {
    const model = trainedModel();
    const memory = new EntityStore({ model, policy });
    for (const batch of batches) memory.add(batch);
    // Values COPY must escape survive the round trip.
    memory.add([{ ...(heldOut[0] as PersonRecord), recordId: 'tab\there\\back\nslash', name: 'Siti\tAminah \\ "x"' }]);
    const pool = db.pool({ max: 2 });
    const report = await bulkLoadPostgresStore(pool, memory, { schema: 'bulk' });
    expect(report).toMatchObject({ records: memory.recordCount, entities: memory.entityCount, aliases: memory.aliasEntries().length });
    await expect(bulkLoadPostgresStore(pool, memory, { schema: 'bulk' })).rejects.toThrow(/already holds a store/);
    const out = new Collect();
    await exportPostgresSnapshot(pool, out, { schema: 'bulk' });
    expect(out.text).toBe(replicaToSnapshot(memory));
    const loaded = await openPostgresEntityStore({ pool, policy, schema: 'bulk' });
    await expectSameState(loaded, memory);
    const rest = heldOut.slice(1);
    expect(withoutTimings(await loaded.add(rest))).toEqual(withoutTimings(memory.add(rest)));
    await expectSameState(loaded, memory);
  });

  it('bulk-loads a batch resolution (resolvePersons) as the store that took it in one add', async () => {
    const model = trainedModel();
    const resolution = resolvePersons(stored, { model, validate: false });
    const pool = db.pool({ max: 2 });
    await bulkLoadPostgresStore(pool, resolution, { schema: 'batch', policy });
    const memory = new EntityStore({ model, policy });
    memory.add(stored);
    const loaded = await openPostgresEntityStore({ pool, policy, schema: 'batch' });
    await expectSameState(loaded, memory);
    expect(await loaded.lookup(heldOut[0])).toEqual(memory.lookup(heldOut[0]));
    await expect(bulkLoadPostgresStore(pool, resolution, { schema: 'batch2' })).rejects.toThrow(/policy/);
  });

  it('refuses a different model or policy than the store was built with', async () => {
    const pool = db.pool({ max: 1 });
    const model = trainedModel();
    await openPostgresEntityStore({ pool, model, policy, schema: 'guarded' });
    const other = { ...model, spec: { ...model.spec, decision: { ...model.spec.decision, matchWeight: model.spec.decision.matchWeight + 1 } } };
    await expect(openPostgresEntityStore({ pool, model: other, policy, schema: 'guarded' })).rejects.toThrow(/different model/);
    await expect(openPostgresEntityStore({ pool, policy: { ...policy, version: `${policy.version}-changed` }, schema: 'guarded' })).rejects.toThrow(/different merge policy/);
    await expect(openPostgresEntityStore({ pool, policy, schema: 'empty' })).rejects.toThrow(/holds no store yet/);
  });
});
