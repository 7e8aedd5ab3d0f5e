import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DwellingRecord } from '../../src/schema/dwelling.js';
import type { FamilyRecord } from '../../src/schema/family.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { bulkLoadPostgresStore } from '../../src/store/postgres/bulkLoadPostgresStore.js';
import { pseudonymizeGroupRecord, pseudonymizeRecord } from '../../src/store/postgres/identifierPseudonyms.js';
import { openPostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import type { EntityStore } from '../../src/store/types.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { policy, syntheticPopulation, trainedModel } from '../store/fixtures.js';

// Protects the bulk load of a store holding family (KK) and dwelling records on the paths that resolve
// the records again — a store made by another copy of padan (seen through the EntityStore interface
// only) and a load with pseudonyms: the family and dwelling records come along, so the loaded store
// has the families and households the source store has (on pseudonyms: those of the pseudonymized
// records), not families made of person records alone.

const key = 'a-test-key-of-at-least-32-chars!';
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** The store seen only through its interface, as a store of another padan copy is. */
function throughInterface(store: EntityStore): EntityStore {
  const methods = ['records', 'decisions', 'families', 'households', 'history', 'stats'] as const;
  const view: Record<string, unknown> = {
    kind: store.kind,
    model: store.model,
    modelFingerprint: store.modelFingerprint,
    policyFingerprint: store.policyFingerprint,
  };
  for (const name of methods) view[name] = (store[name] as (...args: unknown[]) => unknown).bind(store);
  // Only the members above exist: the bulk load may use nothing else of a foreign store.
  return view as unknown as EntityStore;
}

const groupsOf = async (store: EntityStore) => ({ families: await store.families(), households: await store.households() });

describe('bulkLoadPostgresStore of a store holding family and dwelling records', () => {
  it('keeps them when the store is another padan copy, and when loading with pseudonyms', async () => {
    const people = syntheticPopulation(30, 23);
    const model = trainedModel();
    const source = createEntityStore({ model, policy });
    await source.add(people.person);
    await source.add(people.family, { kind: 'family' });
    await source.add(people.dwelling, { kind: 'dwelling' });
    const sourceGroups = await groupsOf(source);
    expect(sourceGroups.families.some((family) => family.familyRecords.length > 0)).toBe(true);
    expect(sourceGroups.households.some((household) => household.dwellingRecords.length > 0)).toBe(true);

    await bulkLoadPostgresStore(db.pool({ max: 1 }), throughInterface(source), { schema: 'foreign', policy });
    const foreign = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), policy, schema: 'foreign' });
    expect(await groupsOf(foreign)).toEqual(sourceGroups);
    expect(await foreign.entities()).toEqual(await source.entities());

    await bulkLoadPostgresStore(db.pool({ max: 1 }), source, { schema: 'pseudonyms', policy, pseudonyms: { key } });
    const pseudonymous = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), policy, schema: 'pseudonyms', pseudonyms: { key } });
    const expected = createEntityStore({ model, policy, validate: false });
    await expected.add(people.person.map((record) => pseudonymizeRecord(record, key)));
    await expected.add(
      people.family.map((record) => pseudonymizeGroupRecord('family', record, key) as FamilyRecord),
      { kind: 'family' },
    );
    await expected.add(
      people.dwelling.map((record) => pseudonymizeGroupRecord('dwelling', record, key) as DwellingRecord),
      { kind: 'dwelling' },
    );
    expect(await groupsOf(pseudonymous)).toEqual(await groupsOf(expected));
    expect((await pseudonymous.families()).some((family) => family.familyRecords.length > 0)).toBe(true);
  });
});
