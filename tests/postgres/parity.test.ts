import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePersons } from '../../src/resolve.js';
import type { PersonRecord } from '../../src/schema/person.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import type { StewardDecision } from '../../src/store/decisions.js';
import type { MemoryEntityStore } from '../../src/store/MemoryEntityStore.js';
import { bulkLoadPostgresStore } from '../../src/store/postgres/bulkLoadPostgresStore.js';
import { exportPostgresSnapshot } from '../../src/store/postgres/exportPostgresSnapshot.js';
import { migratePostgresStore, POSTGRES_SCHEMA_VERSION } from '../../src/store/postgres/migrations.js';
import { openPostgresEntityStore, type PostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import type { StoreChanges } from '../../src/store/types.js';
import { storeToSnapshot } from '../../src/store/writeStoreSnapshot.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { policy, syntheticRecords, trainedModel, windowedModel } from '../store/fixtures.js';

// Protects invariant 4 for the store: the PostgreSQL store gives the in-memory store's result through
// a whole cycle — adds, later versions, withdrawals, steward decisions, refused input — with the same
// changes per write, and its SQL-read tables (entities, unified records, histories, retired IDs,
// review queue, decisions, audit log, counts) equal the in-memory store's views after every write; a
// second service opening the same database sees the same state; export gives the same snapshot bytes.

const withoutTimings = (changes: StoreChanges) => ({ ...changes, report: { ...changes.report, elapsedMs: 0, stageMs: {} } });
const meta = { by: 'steward-1', at: '2031-02-01', why: 'checked at the village office' };

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function expectSameState(pgStore: PostgresEntityStore, memory: MemoryEntityStore, refs: readonly PersonRecord[]): Promise<void> {
  const entities = await memory.entities();
  expect(await pgStore.entities()).toEqual(entities);
  expect(await pgStore.records()).toEqual(await memory.records());
  expect(await pgStore.review()).toEqual(await memory.review());
  expect(await pgStore.stats()).toEqual(await memory.stats());
  expect(await pgStore.decisions()).toEqual(await memory.decisions());
  expect(await pgStore.auditLog()).toEqual(await memory.auditLog());
  for (const { id } of entities) expect(JSON.parse(JSON.stringify(await pgStore.entity(id)))).toEqual(JSON.parse(JSON.stringify(await memory.entity(id))));
  for (const [alias] of memory.state.aliasEntries()) {
    expect(await pgStore.resolveId(alias)).toEqual(await memory.resolveId(alias));
    expect((await pgStore.entity(alias))?.id).toEqual((await memory.entity(alias))?.id);
  }
  for (const record of refs) {
    expect(await pgStore.history(record)).toEqual(await memory.history(record));
    expect(await pgStore.entityOfRecord(record)).toEqual(await memory.entityOfRecord(record));
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

  it('creates its tables once, with a versioned schema, and refuses a newer one', async () => {
    const pool = db.pool();
    expect(await migratePostgresStore(pool, { schema: 'migrated' })).toMatchObject({ from: 0, to: POSTGRES_SCHEMA_VERSION });
    expect(await migratePostgresStore(pool, { schema: 'migrated' })).toEqual({ from: POSTGRES_SCHEMA_VERSION, to: POSTGRES_SCHEMA_VERSION, applied: [] });
    await pool.query('INSERT INTO migrated.migrations (version, name) VALUES ($1, $2)', [POSTGRES_SCHEMA_VERSION + 1, 'from the future']);
    await expect(migratePostgresStore(pool, { schema: 'migrated' })).rejects.toThrow(/newer than this library/);
    await expect(migratePostgresStore(pool, { schema: 'Robert"); DROP TABLE x; --' })).rejects.toThrow(/lower-case SQL identifier/);
  });

  it('follows a whole cycle with the same changes and state, for itself and a second service', async () => {
    const model = trainedModel();
    const memory = createEntityStore({ model, policy });
    const pgStore = await openPostgresEntityStore({ pool: db.pool({ max: 2 }), model, policy, schema: 'parity' });
    for (const batch of batches) expect(withoutTimings(await pgStore.add(batch))).toEqual(withoutTimings(await memory.add(batch)));
    // Re-sends, invalid records and a duplicate in one batch are reported the same way.
    const again = [stored[0], { source: 'dtks' }, stored[1], { ...(stored[2] as PersonRecord), name: 'Changed Name' }];
    expect(withoutTimings(await pgStore.add(again))).toEqual(withoutTimings(await memory.add(again)));
    // Later versions: one moves a record out of its entity, one only corrects a field.
    const [a, b] = [stored[3] as PersonRecord, stored[4] as PersonRecord];
    const versions = [
      { ...a, observedAt: '2031-01-01', name: 'Qxwz Vbnmkj', nik: null, kk: null, birthDate: '1901-01-01', motherName: null, address: null },
      { ...b, observedAt: '2031-01-01', motherName: 'Siti Rahayu' },
    ];
    expect(withoutTimings(await pgStore.add(versions))).toEqual(withoutTimings(await memory.add(versions)));
    await expectSameState(pgStore, memory, stored);
    // Withdrawals: one leaves a bigger entity, one empties an entity (its ID is retired).
    const single = (await memory.entities()).find((entity) => entity.records.length === 1)?.records[0];
    const inBig = (await memory.entities()).find((entity) => entity.records.length >= 3)?.records[0];
    for (const ref of [single, inBig]) {
      if (ref === undefined) continue;
      expect(withoutTimings(await pgStore.withdraw(ref.source, ref.recordId, 'deleted at source', { by: 'sync', at: '2031-02-02' }))).toEqual(
        withoutTimings(await memory.withdraw(ref.source, ref.recordId, 'deleted at source', { by: 'sync', at: '2031-02-02' })),
      );
    }
    await expect(pgStore.withdraw('nowhere', '1', 'unknown')).rejects.toThrow(/not stored/);
    // Decisions: answers to the review queue, a cannot-link inside an entity, a must-link across two, an unmerge.
    const queue = await memory.review();
    const entities = (await memory.entities()).filter((entity) => entity.records.length >= 2);
    const [first, second] = entities as [(typeof entities)[number], (typeof entities)[number]];
    const decisions: StewardDecision[] = [
      ...queue.slice(0, 4).map((item, i): StewardDecision => ({ kind: i % 2 === 0 ? 'confirm' : 'reject', left: item.left, right: item.right, ...meta })),
      { kind: 'cannotLink', left: first.records[0]!, right: first.records[1]!, ...meta },
      { kind: 'mustLink', left: first.records[0]!, right: second.records[0]!, ...meta },
      { kind: 'mustLink', left: first.records[0]!, right: first.records[1]!, ...meta },
    ];
    const decided = await pgStore.decide(decisions);
    const expected = await memory.decide(decisions);
    expect({ ...decided, changes: withoutTimings(decided.changes) }).toEqual({ ...expected, changes: withoutTimings(expected.changes) });
    expect(decided.outcomes.map((outcome) => outcome.status)).toContain('refused');
    const big = (await memory.entities()).find((entity) => entity.records.length >= 3);
    if (big !== undefined) {
      const unmerge: StewardDecision = { kind: 'unmerge', entityId: big.id, records: [big.records[big.records.length - 1]!], ...meta };
      const split = await pgStore.decide(unmerge);
      const expectedSplit = await memory.decide(unmerge);
      expect(withoutTimings(split.changes)).toEqual(withoutTimings(expectedSplit.changes));
    }
    await expectSameState(pgStore, memory, stored);
    for (const probe of heldOut) expect(await pgStore.lookup(probe)).toEqual(await memory.lookup(probe));

    // A second service (its own pool, its replica rebuilt from the write log) sees the same store…
    const other = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), policy, schema: 'parity' });
    await expectSameState(other, memory, stored);
    for (const probe of heldOut.slice(0, 3)) expect(await other.lookup(probe)).toEqual(await memory.lookup(probe));
    // …and what it writes, the first service sees on its next call.
    const last = heldOut.slice(0, 4);
    expect(withoutTimings(await other.add(last))).toEqual(withoutTimings(await memory.add(last)));
    expect(await pgStore.lookup(heldOut[5])).toEqual(await memory.lookup(heldOut[5]));
    await expectSameState(pgStore, memory, stored);

    const out = new Collect();
    await exportPostgresSnapshot(pgStore, out);
    expect(out.text).toBe(storeToSnapshot(memory));
  }, 300_000); // a whole cycle against PostgreSQL: minutes on a loaded machine

  it('answers lookups from the database as the in-memory store does, in windowed blocks too', async () => {
    // Tiny blocks (3 records, window 2), and two rules with one block per sex (windows ordered by birth
    // date, and by record key): every probe falls in blocks read as a window around its place.
    const windowed = windowedModel(trainedModel());
    const bySex = [
      { name: 'sex-by-birth-date', on: [{ field: 'sex', prepare: 'sex' }], sortBy: [{ field: 'birthDate', prepare: 'birth-date' }] },
      { name: 'sex', on: [{ field: 'sex', prepare: 'sex' }] },
    ];
    const model = {
      ...windowed,
      spec: { ...windowed.spec, blocking: { ...windowed.spec.blocking, rules: [...windowed.spec.blocking.rules, ...bySex] } },
    } as typeof windowed;
    const memory = createEntityStore({ model, policy });
    const pgStore = await openPostgresEntityStore({ pool: db.pool({ max: 2 }), model, policy, schema: 'lookups' });
    for (const batch of batches) {
      await memory.add(batch);
      await pgStore.add(batch);
    }
    await memory.withdraw((stored[7] as PersonRecord).source, (stored[7] as PersonRecord).recordId, 'moved');
    await pgStore.withdraw((stored[7] as PersonRecord).source, (stored[7] as PersonRecord).recordId, 'moved');
    const probes: unknown[] = [
      ...heldOut,
      // A stored record itself, and one with its key but other values.
      stored[0],
      { ...(stored[1] as PersonRecord), name: 'Dewi Lestari' },
      // Without an envelope (a desk's query), with a date to normalize; without NIK; unknown values only.
      ...heldOut.slice(0, 4).map((record) => ({ name: record.name, birthDate: record.birthDate, nik: record.nik })),
      ...heldOut.slice(0, 4).map((record) => ({ ...record, nik: null, kk: null })),
      { name: 'Qxwz Vbnmkj', birthDate: '1901-01-01' },
      {},
    ];
    for (const probe of probes) {
      expect(await pgStore.lookup(probe)).toEqual(await memory.lookup(probe));
      expect(await pgStore.lookup(probe, { limit: 1, explain: false })).toEqual(await memory.lookup(probe, { limit: 1, explain: false }));
    }
  }, 300_000); // a whole cycle against PostgreSQL: minutes on a loaded machine

  it('bulk-loads a store with history and decisions with COPY and exports it back byte for byte', async () => {
    const model = trainedModel();
    const memory = createEntityStore({ model, policy });
    for (const batch of batches) await memory.add(batch);
    // Values COPY must escape survive the round trip.
    await memory.add([{ ...(heldOut[0] as PersonRecord), recordId: 'tab\there\\back\nslash', name: 'Siti\tAminah \\ "x"' }]);
    await memory.withdraw((stored[7] as PersonRecord).source, (stored[7] as PersonRecord).recordId, 'moved');
    await memory.decide({ kind: 'cannotLink', left: stored[8] as PersonRecord, right: stored[9] as PersonRecord, ...meta });
    const pool = db.pool({ max: 2 });
    const report = await bulkLoadPostgresStore(pool, memory, { schema: 'bulk' });
    const stats = await memory.stats();
    expect(report).toMatchObject({ records: stats.records, entities: stats.entities, aliases: stats.aliases });
    await expect(bulkLoadPostgresStore(pool, memory, { schema: 'bulk' })).rejects.toThrow(/already holds a store/);
    const loaded = await openPostgresEntityStore({ pool, policy, schema: 'bulk' });
    await expectSameState(loaded, memory, stored);
    const out = new Collect();
    await exportPostgresSnapshot(loaded, out);
    expect(out.text).toBe(storeToSnapshot(memory));
    const rest = heldOut.slice(1);
    expect(withoutTimings(await loaded.add(rest))).toEqual(withoutTimings(await memory.add(rest)));
    await expectSameState(loaded, memory, stored);
  }, 300_000); // a whole cycle against PostgreSQL: minutes on a loaded machine

  it('bulk-loads a batch resolution (resolvePersons) as the store that took it in one add', async () => {
    const model = trainedModel();
    const resolution = resolvePersons(stored, { model, validate: false });
    const pool = db.pool({ max: 2 });
    await bulkLoadPostgresStore(pool, resolution, { schema: 'batch', policy });
    const memory = createEntityStore({ model, policy });
    await memory.add(stored, { validate: false });
    const loaded = await openPostgresEntityStore({ pool, policy, schema: 'batch' });
    await expectSameState(loaded, memory, stored);
    expect(await loaded.lookup(heldOut[0])).toEqual(await memory.lookup(heldOut[0]));
    await expect(bulkLoadPostgresStore(pool, resolution, { schema: 'batch2' })).rejects.toThrow(/policy/);
  });

  it('upgrades a schema-version-1 store: its records become the first write and its tables are rebuilt', async () => {
    const model = trainedModel();
    const pool = db.pool({ max: 2 });
    const v1 = stored.slice(0, 50);
    // The version-1 layout as padan wrote it (records with their entity; one row per record).
    await pool.query(`CREATE SCHEMA old;
      CREATE TABLE old.migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      INSERT INTO old.migrations (version, name) VALUES (1, 'entity store: records, entities, retired IDs');
      CREATE TABLE old.meta (key text COLLATE "C" PRIMARY KEY, value json NOT NULL);
      CREATE TABLE old.records (seq bigint PRIMARY KEY, source text COLLATE "C" NOT NULL, record_id text COLLATE "C" NOT NULL, entity_id text COLLATE "C" NOT NULL,
        nik text COLLATE "C", kk text COLLATE "C", record json NOT NULL, UNIQUE (source, record_id));
      CREATE TABLE old.entities (id text COLLATE "C" PRIMARY KEY, record_count integer NOT NULL, merge json NOT NULL);
      CREATE TABLE old.aliases (id text COLLATE "C" PRIMARY KEY, source text COLLATE "C" NOT NULL, record_id text COLLATE "C" NOT NULL, seq bigint NOT NULL);`);
    const fresh = createEntityStore({ model, policy });
    await pool.query(`INSERT INTO old.meta (key, value) VALUES ('store', $1), ('head', $2)`, [
      JSON.stringify({ modelFingerprint: fresh.modelFingerprint, policyFingerprint: fresh.policyFingerprint, model }),
      JSON.stringify(v1.length),
    ]);
    await pool.query(
      `INSERT INTO old.records (seq, source, record_id, entity_id, record) SELECT n, r->>'source', r->>'recordId', 'P?', r FROM unnest($1::json[]) WITH ORDINALITY AS t(r, n)`,
      [v1.map((record) => JSON.stringify(record))],
    );
    const upgraded = await openPostgresEntityStore({ pool, policy, schema: 'old' });
    await fresh.add(v1, { validate: false });
    await expectSameState(upgraded, fresh, v1);
  });

  it('refuses a different model or policy than the store was built with', async () => {
    const pool = db.pool({ max: 1 });
    const model = trainedModel();
    await openPostgresEntityStore({ pool, model, policy, schema: 'guarded' });
    const other = { ...model, spec: { ...model.spec, decision: { ...model.spec.decision, matchWeight: model.spec.decision.matchWeight + 1 } } };
    await expect(openPostgresEntityStore({ pool, model: other, policy, schema: 'guarded' })).rejects.toThrow(/different model/);
    await expect(openPostgresEntityStore({ pool, policy: { ...policy, version: `${policy.version}-changed` }, schema: 'guarded' })).rejects.toThrow(
      /different merge policy/,
    );
    await expect(openPostgresEntityStore({ pool, policy, schema: 'empty' })).rejects.toThrow(/holds no store yet/);
  });
});
