import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { openPostgresEntityStore, type PostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { policy, syntheticRecords, trainedModel } from '../store/fixtures.js';

// Protects "two services adding at once never lose a record, never create two entities for one
// person and never deadlock": four writers (each a separate store with its own pool and replica, as
// separate services would be) add interleaved small batches while four readers look people up and
// read entities; the end state equals one in-memory store that took every record in one batch (the
// engine's result does not depend on batch split or order, so any serial order of the writers' batches
// gives it). A deadlock would fail the test by timeout or by PostgreSQL's deadlock error.

describe('concurrent writers and readers on one database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('4 writers and 4 readers end where a single writer ends', { timeout: 480_000 }, async () => {
    const model = trainedModel();
    const records = syntheticRecords(240, 31);
    await openPostgresEntityStore({ pool: db.pool({ max: 1 }), model, policy, schema: 'shared' });
    const open = async (): Promise<PostgresEntityStore> => openPostgresEntityStore({ pool: db.pool({ max: 2 }), policy, schema: 'shared' });
    const writers = await Promise.all([0, 1, 2, 3].map(open));
    const readers = await Promise.all([0, 1, 2, 3].map(open));

    // Writer w takes records w, w+4, w+8, … in batches of 6: members of one person land in different
    // writers' batches, so writers keep attaching to and merging each other's entities.
    let writing = true;
    const written = writers.map(async (store, w) => {
      const mine = records.filter((_, i) => i % 4 === w);
      for (let i = 0; i < mine.length; i += 6) await store.add(mine.slice(i, i + 6));
    });
    let reads = 0;
    const read = readers.map(async (store, r) => {
      for (let i = r; writing; i += 7) {
        const probe = records[i % records.length];
        const { candidates } = await store.lookup(probe, { explain: false });
        for (const candidate of candidates.slice(0, 1)) {
          // An ID a reader was given resolves (possibly, after a merge, to its survivor).
          expect((await store.resolveId(candidate.id))?.status).toMatch(/^(live|merged)$/);
        }
        const entity = await store.entityOfRecord({ source: probe!.source, recordId: probe!.recordId });
        if (entity !== undefined) expect((await store.entity(entity))?.records.length).toBeGreaterThan(0);
        reads++;
      }
    });
    await Promise.all(written);
    writing = false;
    await Promise.all(read);
    expect(reads).toBeGreaterThan(0);

    const single = createEntityStore({ model, policy });
    await single.add(records);
    const check = await open();
    expect((await check.stats()).records).toBe(records.length);
    expect(await check.records()).toEqual(await single.records());
    expect(await check.entities()).toEqual(await single.entities());
    for (const { id } of await single.entities())
      expect(JSON.parse(JSON.stringify((await check.entity(id))?.merge))).toEqual(JSON.parse(JSON.stringify((await single.entity(id))?.merge)));
    expect(await check.review()).toEqual(await single.review());
    // Every ID retired on the way resolves to a live entity.
    const { rows } = await db.pool({ max: 1 }).query('SELECT id FROM shared.aliases');
    expect(rows.length).toBeGreaterThan(0);
    for (const { id } of rows) {
      const resolution = await check.resolveId(String(id));
      expect(resolution?.status).toBe('merged');
      if (resolution?.status === 'merged') expect(await single.entity(resolution.into)).toBeDefined();
    }
    // Each writer's replica converged too.
    for (const store of writers) expect(await store.lookup(records[0], { explain: false })).toEqual(await single.lookup(records[0], { explain: false }));
  });
});
