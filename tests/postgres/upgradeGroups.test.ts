import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DwellingRecord } from '../../src/schema/dwelling.js';
import type { FamilyRecord } from '../../src/schema/family.js';
import type { PersonRecord } from '../../src/schema/person.js';
import { validateBatch } from '../../src/schema/validate.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { bulkLoadPostgresStore } from '../../src/store/postgres/bulkLoadPostgresStore.js';
import { openPostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import type { EntityStore } from '../../src/store/types.js';
import { generateSources } from '../../src/synth/sources.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { policy, trainedModel } from '../store/fixtures.js';

// Protects the upgrade of a schema-version-3 PostgreSQL store, whose family and dwelling records were
// only in its write log: opened by this version, its tables are rebuilt so that a replica built from
// them holds those records — from the whole log (IDs exactly as the store gave them), or, for a
// bulk-loaded store, from its tables with the logged family and dwelling writes replayed.

let db: TestDatabase;
const people = { person: [] as unknown[], family: [] as unknown[], dwelling: [] as unknown[] };
let persons: PersonRecord[];
let families: FamilyRecord[];
let dwellings: DwellingRecord[];

beforeAll(async () => {
  db = await createTestDatabase();
  for (const item of generateSources({ persons: 20, seed: 23 })) people[item.kind].push(item.record);
  persons = validateBatch(people.person, 'person', { malformedIds: 'keep-in-extra' }).valid;
  families = validateBatch(people.family, 'family').valid;
  dwellings = validateBatch(people.dwelling, 'dwelling').valid;
});
afterAll(async () => {
  await db.drop();
});

/** The schema as version 3 left it: no group tables, the version-4 migration not applied. */
async function backToVersion3(schema: string): Promise<void> {
  await db.pool({ max: 1 }).query(`DROP TABLE ${schema}.group_records, ${schema}.group_ids; DELETE FROM ${schema}.migrations WHERE version = 4`);
}

async function groupsOf(store: EntityStore) {
  return {
    families: await store.families(),
    households: await store.households(),
    events: await store.familyEvents(),
    history: await store.history(families[0] as FamilyRecord, { kind: 'family' }),
    audit: await store.auditLog(),
  };
}

describe('a version-3 PostgreSQL store holding family and dwelling records, opened by version 4', () => {
  it('rebuilds its tables from its log: a new replica holds the families and households the store gave', { timeout: 120_000 }, async () => {
    const model = trainedModel();
    const writer = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), model, policy, schema: 'logged' });
    const memory = createEntityStore({ model, policy });
    for (const store of [writer, memory] as EntityStore[]) {
      await store.add(persons.slice(0, 30));
      await store.add(families, { kind: 'family' });
      await store.add(persons.slice(30));
      await store.add(dwellings, { kind: 'dwelling' });
      await store.add([{ ...(families[0] as FamilyRecord), observedAt: '2031-03-01' }], { kind: 'family' });
      await store.withdraw((dwellings[0] as DwellingRecord).source, (dwellings[0] as DwellingRecord).recordId, 'gone', { kind: 'dwelling' });
    }
    await backToVersion3('logged');
    const upgraded = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), policy, schema: 'logged' });
    const want = await groupsOf(memory);
    expect(want.families.length).toBeGreaterThan(3);
    expect(want.households.some((household) => household.dwellingRecords.length > 0)).toBe(true);
    expect(await groupsOf(upgraded)).toEqual(want);
    expect(await upgraded.entities()).toEqual(await memory.entities());
    expect(await upgraded.review()).toEqual(await memory.review());
    // The tables now hold them: one more service sees them too.
    expect(await groupsOf(await openPostgresEntityStore({ pool: db.pool({ max: 1 }), policy, schema: 'logged' }))).toEqual(want);
  });

  it('after a bulk load, replays its logged family and dwelling writes over its tables', { timeout: 120_000 }, async () => {
    const model = trainedModel();
    const loaded = createEntityStore({ model, policy });
    await loaded.add(persons);
    await bulkLoadPostgresStore(db.pool({ max: 1 }), loaded, { schema: 'bulk' });
    const writer = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), policy, schema: 'bulk' });
    const memory = createEntityStore({ model, policy });
    await memory.add(persons);
    for (const store of [writer, memory] as EntityStore[]) {
      await store.add(families, { kind: 'family' });
      await store.add(dwellings, { kind: 'dwelling' });
      await store.withdraw((dwellings[0] as DwellingRecord).source, (dwellings[0] as DwellingRecord).recordId, 'gone', { kind: 'dwelling' });
    }
    await backToVersion3('bulk');
    const upgraded = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), policy, schema: 'bulk' });
    // Family and household IDs are derived afresh over the final persons; here no history made them differ.
    expect(await groupsOf(upgraded)).toEqual(await groupsOf(memory));
    expect(await upgraded.auditLog()).toEqual(await writer.auditLog());
    expect(await upgraded.entities()).toEqual(await memory.entities());
  });
});
