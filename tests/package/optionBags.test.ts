import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api as padan } from '../../benchmarks/fuzz/exports.js';
import { optionParameters, storeMethodOptionParameters } from '../_package/optionParameters.js';

// Issue 17: every public function that takes an options object refuses an unknown key and a wrong type
// with a PadanError naming the key (redacted), before any work. The functions are enumerated from the
// sources of package.json "exports" (../_package/optionParameters.ts), so a new options bag without a
// row here fails the first test. So are the entity store's methods (`add(records, options)` …), in
// memory and on PostgreSQL, enumerated from the EntityStore interface and both stores' classes.

/** A key that is a NIK: the error must name it masked. */
const NIK_KEY = '3201015205900001';
const MASKED_KEY = '3201**********01';

interface Fixture {
  persons: unknown[];
  families: unknown[];
  dwellings: unknown[];
  result: any;
  resolution: any;
  model: any;
  compiled: any;
  columns: any;
  pairs: any;
  vectors: any;
  store: any;
  snapshot: string[];
  dir: string;
}
let f: Fixture;

// A pool whose every query fails: the argument checks run, no database is reached.
const fakePool = {
  connect: async () => ({
    query: async () => {
      throw new padan.PadanError('internal', 'test: no database behind this pool');
    },
    release: () => undefined,
  }),
};

beforeAll(async () => {
  const persons: unknown[] = [];
  const families: unknown[] = [];
  const dwellings: unknown[] = [];
  for (const item of padan.generateSources({ persons: 12, seed: 3 })) {
    if (item.kind === 'person') persons.push(item.record);
    else if (item.kind === 'family') families.push(item.record);
    else dwellings.push(item.record);
  }
  const result = padan.resolve({ persons, families, dwellings });
  const resolution = result.persons;
  const model = resolution.model;
  const compiled = padan.compileModel(model.spec);
  const columns = padan.prepareColumns(resolution.records, compiled.columns);
  const pairs = padan.blockRecords(compiled.blockingRules, columns, resolution.records.length);
  const vectors = padan.comparePairs(compiled.comparisons, columns, pairs.left, pairs.right);
  const store = padan.createEntityStore({ model, policy: padan.dtsenPersonPolicy });
  await store.add(persons.slice(0, 5));
  const snapshot = [...padan.storeSnapshotLines(store)];
  f = {
    persons,
    families,
    dwellings,
    result,
    resolution,
    model,
    compiled,
    columns,
    pairs,
    vectors,
    store,
    snapshot,
    dir: mkdtempSync(join(tmpdir(), 'padan-options-')),
  };
});
afterAll(() => rmSync(f.dir, { recursive: true, force: true }));

/** How to call each function with valid other arguments and a given options object, and one key it knows. */
const CALLS: Record<string, { call: (options: any) => unknown; key?: string }> = {
  resolve: { call: (o) => padan.resolve({ persons: f.persons.slice(0, 6) }, o), key: 'minimumConflictSeverity' },
  resolvePersons: { call: (o) => padan.resolvePersons(f.persons.slice(0, 6), o), key: 'validate' },
  resolveRecords: { call: (o) => padan.resolveRecords(f.persons.slice(0, 6), f.model, o), key: 'mode' },
  resolvePartitioned: { call: (o) => padan.resolvePartitioned(f.persons.slice(0, 6), { model: f.model, ...o }), key: 'partitionOf' },
  trainOnSample: { call: (o) => padan.trainOnSample(f.persons.slice(0, 6), o), key: 'minCount' },
  compileModel: { call: (o) => padan.compileModel(f.model.spec, o), key: 'registry' },
  exactLevel: { call: (o) => padan.exactLevel(o), key: 'termFrequency' },
  dateLevel: { call: (o) => padan.dateLevel(['exact'], o), key: 'minYearsApart' },
  nikLevel: { call: (o) => padan.nikLevel(['exact'], o), key: 'within' },
  crossFieldLevel: { call: (o) => padan.crossFieldLevel('name', o), key: 'threshold' },
  dtsenPersonModelSpec: { call: (o) => padan.dtsenPersonModelSpec(o), key: 'trustedSources' },
  dtsenPersonPrior: { call: (o) => padan.dtsenPersonPrior(o), key: 'matchWeight' },
  blockRecords: { call: (o) => padan.blockRecords(f.compiled.blockingRules, f.columns, f.resolution.records.length, o), key: 'onProgress' },
  trainModel: { call: (o) => padan.trainModel(f.compiled, f.columns, f.resolution.records.length, f.vectors, o), key: 'priorStrength' },
  termFrequenciesOf: { call: (o) => padan.termFrequenciesOf(f.compiled, f.columns, o), key: 'minCount' },
  compilePolicy: { call: (o) => padan.compilePolicy(padan.dtsenPersonPolicy, o), key: 'modelFingerprint' },
  definePolicy: { call: (o) => padan.definePolicy({ name: 'p', defaultRule: padan.mostRecent(), fields: {} }, o) },
  mergeCluster: { call: (o) => padan.mergeCluster(f.resolution.records.slice(0, 2), padan.compilePolicy(padan.dtsenPersonPolicy), o), key: 'minimumSeverity' },
  createMergeState: { call: (o) => padan.createMergeState(f.resolution.records.slice(0, 2), o) },
  addToMergeState: { call: (o) => padan.addToMergeState(padan.createMergeState([]), f.resolution.records.slice(0, 2), o) },
  sourcePriority: { call: (o) => padan.sourcePriority(['dukcapil'], o) },
  mostRecent: { call: (o) => padan.mostRecent(o) },
  mostFrequent: { call: (o) => padan.mostFrequent(o) },
  mostComplete: { call: (o) => padan.mostComplete(o), key: 'placeholderFlag' },
  mostVerified: { call: (o) => padan.mostVerified(o) },
  customRule: { call: (o) => padan.customRule('mine', (candidates: readonly unknown[]) => candidates, o), key: 'version' },
  groupFamilies: { call: (o) => padan.groupFamilies(f.resolution, f.families, o), key: 'minMemberOverlap' },
  groupHouseholds: { call: (o) => padan.groupHouseholds(f.resolution, f.result.families, f.dwellings, o), key: 'matchHeadName' },
  createEntityStore: { call: (o) => padan.createEntityStore({ model: f.model, policy: padan.dtsenPersonPolicy, ...o }), key: 'validate' },
  storeSnapshotLines: { call: (o) => [...padan.storeSnapshotLines(f.store, o)].length },
  loadStoreSnapshot: { call: (o) => padan.loadStoreSnapshot(f.snapshot, { policy: padan.dtsenPersonPolicy, ...o }), key: 'validate' },
  parseNik: { call: (o) => padan.parseNik(NIK_KEY, o), key: 'regions' },
  parseKk: { call: (o) => padan.parseKk('3201011505900001', o), key: 'referenceDate' },
  formatNik: { call: (o) => padan.formatNik({ districtCode: '320101', birthDate: '1990-05-12', sex: 'female', serial: 1 }, o) },
  formatKk: { call: (o) => padan.formatKk({ districtCode: '320101', issueDate: '1990-05-12', serial: 1 }, o) },
  makeNik: { call: (o) => padan.makeNik({ districtCode: '320101', birthDate: '1990-05-12', sex: 'female' }, o), key: 'checkRegion' },
  checkNikConsistency: { call: (o) => padan.checkNikConsistency(NIK_KEY, { birthDate: '1990-05-12', sex: 'female' }, o), key: 'recordId' },
  pseudonymize: { call: (o) => padan.pseudonymize(NIK_KEY, 'a key of at least sixteen bytes, random enough', o), key: 'encoding' },
  standardizeName: { call: (o) => padan.standardizeName('Hj. Siti Aminah', o), key: 'maxLength' },
  canonicalizeNameToken: { call: (o) => padan.canonicalizeNameToken('Moehammad', o), key: 'spellingOnly' },
  indonesianPhoneticKey: { call: (o) => padan.indonesianPhoneticKey('Siti Aminah', o), key: 'maxTokenKeyLength' },
  standardizeDate: { call: (o) => padan.standardizeDate('12-05-1990', o), key: 'twoDigitYearPivot' },
  isPlaceholderDate: { call: (o) => padan.isPlaceholderDate('1990-07-01', o), key: 'placeholders' },
  standardizeAddress: { call: (o) => padan.standardizeAddress('Jl. Mawar RT 07 RW 05', o), key: 'matchRegions' },
  jaroWinklerSimilarity: { call: (o) => padan.jaroWinklerSimilarity('RIZKY', 'RIZKI', o), key: 'prefixScale' },
  damerauLevenshteinDistance: { call: (o) => padan.damerauLevenshteinDistance('RIZKY', 'RIZKI', o), key: 'restricted' },
  damerauLevenshteinSimilarity: { call: (o) => padan.damerauLevenshteinSimilarity('RIZKY', 'RIZKI', o), key: 'restricted' },
  tokenSortSimilarity: { call: (o) => padan.tokenSortSimilarity('SITI AMINAH', 'AMINAH SITI', o), key: 'similarity' },
  tokenSetSimilarity: { call: (o) => padan.tokenSetSimilarity('SITI AMINAH', 'AMINAH SITI', o), key: 'similarity' },
  nameSimilarity: { call: (o) => padan.nameSimilarity(['SITI', 'AMINAH'], ['SITI', 'AMINA'], o), key: 'initialSimilarity' },
  compareDates: { call: (o) => padan.compareDates('1990-05-12', '1990-12-05', o), key: 'placeholders' },
  validatePerson: { call: (o) => padan.validatePerson(f.persons[0], o), key: 'malformedIds' },
  validateFamily: { call: (o) => padan.validateFamily(f.families[0], o), key: 'fieldProblems' },
  validateDwelling: { call: (o) => padan.validateDwelling(f.dwellings[0], o), key: 'defaults' },
  validateBatch: { call: (o) => padan.validateBatch(f.persons.slice(0, 3), 'person', o), key: 'onProgress' },
  openPostgresEntityStore: {
    call: (o) => padan.openPostgresEntityStore({ pool: fakePool, policy: padan.dtsenPersonPolicy, model: f.model, ...o }),
    key: 'schema',
  },
  PostgresEntityStore: {
    call: (o) => new padan.PostgresEntityStore({ pool: fakePool, policy: padan.dtsenPersonPolicy, model: f.model, ...o }),
    key: 'concurrency',
  },
  migratePostgresStore: { call: (o) => padan.migratePostgresStore(fakePool, o), key: 'schema' },
  bulkLoadPostgresStore: { call: (o) => padan.bulkLoadPostgresStore(fakePool, f.store, o), key: 'pseudonyms' },
  renderReport: { call: (o) => padan.renderReport(f.resolution, o), key: 'title' },
  buildReportData: { call: (o) => padan.buildReportData(f.resolution, o), key: 'binWidth' },
  describeIdentifierDifference: { call: (o) => padan.describeIdentifierDifference(NIK_KEY, '3201015205900002', o), key: 'kind' },
  generatePopulation: { call: (o) => [...padan.generatePopulation({ persons: 3, ...o })].length, key: 'twinRate' },
  generateSources: { call: (o) => [...padan.generateSources({ persons: 3, ...o })].length, key: 'noise' },
  writeSyntheticDataset: { call: (o) => padan.writeSyntheticDataset(f.dir, { persons: 3, ...o }), key: 'shuffleWindow' },
};

/** What a call did: its value, or what it threw (synchronously or as a rejected promise). */
async function settle(run: () => unknown): Promise<{ threw: false } | { threw: true; error: unknown }> {
  try {
    await run();
    return { threw: false };
  } catch (error) {
    return { threw: true, error };
  }
}

function describeError(outcome: Awaited<ReturnType<typeof settle>>): string {
  if (!outcome.threw) return 'returned normally';
  const error = outcome.error as { name?: unknown; code?: unknown; message?: unknown };
  return `${String(error?.name)} [${String(error?.code)}]: ${String(error?.message)}`;
}

describe('options bags of the public API', () => {
  it('has a row for every options parameter of every export, and no stale row', () => {
    const found = optionParameters().map((p) => p.export);
    expect(found.length).toBeGreaterThan(50);
    expect([...new Set(found)].sort()).toEqual(Object.keys(CALLS).sort());
  });

  for (const [name, { call, key }] of Object.entries(CALLS)) {
    it(`${name}: valid without options, refuses an unknown key and a wrong type, naming the key masked`, async () => {
      const plain = await settle(() => call({}));
      // A valid call may still fail for other reasons (the fake pool has no database), never on options.
      if (plain.threw) expect(describeError(plain)).not.toMatch(/option/i);

      const unknown = await settle(() => call({ [NIK_KEY]: 1 }));
      expect(unknown.threw, `${name} took an unknown key`).toBe(true);
      expect(unknown.threw && unknown.error instanceof padan.PadanError, describeError(unknown)).toBe(true);
      const message = describeError(unknown);
      expect(message).toContain(MASKED_KEY);
      expect(message).not.toContain(NIK_KEY);
      expect(message).toMatch(/unknown option/);

      for (const hostile of ['__proto__', 'constructor', 'valueOf']) {
        const outcome = await settle(() => call(JSON.parse(`{"${hostile}": 1}`)));
        expect(outcome.threw && outcome.error instanceof padan.PadanError, `${name} ${hostile}: ${describeError(outcome)}`).toBe(true);
      }

      if (key !== undefined) {
        const wrong = await settle(() => call({ [key]: Symbol('wrong') }));
        expect(wrong.threw && wrong.error instanceof padan.PadanError, `${name}.${key}: ${describeError(wrong)}`).toBe(true);
        expect(describeError(wrong)).toContain(key);
      }
    });
  }
});

/** A store of each kind: the in-memory one (fresh, 5 records in) and a PostgreSQL one over a pool with no database. */
const STORES: Record<string, () => Promise<any>> = {
  memory: async () => {
    const store = padan.createEntityStore({ model: f.model, policy: padan.dtsenPersonPolicy });
    await store.add(f.persons.slice(0, 5));
    return store;
  },
  postgres: async () =>
    new padan.PostgresEntityStore({ pool: fakePool, policy: padan.dtsenPersonPolicy, model: f.model }, 'padan', {
      modelFingerprint: f.store.modelFingerprint,
      policyFingerprint: f.store.policyFingerprint,
      model: f.model,
    }),
};

const refOf = (record: any) => ({ source: record.source, recordId: record.recordId });

/** How to call each store method with valid other arguments and a given options object, and one key it knows. */
const STORE_CALLS: Record<string, { call: (store: any, options: any) => unknown; key: string }> = {
  add: { call: (store, o) => store.add(f.persons.slice(5, 7), o), key: 'kind' },
  withdraw: { call: (store, o) => store.withdraw(refOf(f.persons[0]).source, refOf(f.persons[0]).recordId, 'moved', o), key: 'by' },
  lookup: { call: (store, o) => store.lookup(f.persons[6], o), key: 'limit' },
  history: { call: (store, o) => store.history(refOf(f.persons[0]), o), key: 'kind' },
};

describe('options bags of the entity store’s methods', () => {
  it('has a row for every options parameter of a store method, and no stale row', () => {
    const found = storeMethodOptionParameters().map((p) => p.method);
    expect([...new Set(found)].sort()).toEqual(Object.keys(STORE_CALLS).sort());
  });

  for (const [kind, open] of Object.entries(STORES)) {
    for (const [method, { call, key }] of Object.entries(STORE_CALLS)) {
      it(`${kind} store ${method}: valid without options, refuses an unknown key and a wrong type before any work`, async () => {
        const plain = await settle(async () => call(await open(), {}));
        if (plain.threw) expect(describeError(plain)).not.toMatch(/option/i);

        const store = await open();
        const before = kind === 'memory' ? JSON.stringify(await store.entities()) : '';
        const unknown = await settle(() => call(store, { [NIK_KEY]: 1 }));
        expect(unknown.threw && unknown.error instanceof padan.PadanError, describeError(unknown)).toBe(true);
        expect(describeError(unknown)).toMatch(/invalid-config.*unknown option/);
        expect(describeError(unknown)).toContain(MASKED_KEY);
        expect(describeError(unknown)).not.toContain(NIK_KEY);
        for (const hostile of ['__proto__', 'constructor', 'valueOf']) {
          const outcome = await settle(() => call(store, JSON.parse(`{"${hostile}": 1}`)));
          expect(outcome.threw && outcome.error instanceof padan.PadanError, `${method} ${hostile}: ${describeError(outcome)}`).toBe(true);
        }
        const wrong = await settle(() => call(store, { [key]: Symbol('wrong') }));
        expect(wrong.threw && wrong.error instanceof padan.PadanError, `${method}.${key}: ${describeError(wrong)}`).toBe(true);
        expect(describeError(wrong)).toMatch(/invalid-argument/);
        expect(describeError(wrong)).toContain(`options.${key}`);
        // Refused before any work: the store is as it was (a PostgreSQL store here never reaches its pool).
        if (kind === 'memory') expect(JSON.stringify(await store.entities())).toBe(before);
        else for (const outcome of [unknown, wrong]) expect(describeError(outcome)).not.toMatch(/no database/);
      });
    }
  }
});
