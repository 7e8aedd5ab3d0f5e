import { checkOptionBag, invalidArgument } from '../../_internal/arguments.js';
import { PadanError } from '../../_internal/error.js';
import type { TrainedModel } from '../../model/modelSpec.js';
import type { DwellingRecord } from '../../schema/dwelling.js';
import type { FamilyRecord } from '../../schema/family.js';
import type { PersonRecord } from '../../schema/person.js';
import { MemoryEntityStore } from '../MemoryEntityStore.js';
import type { CreateEntityStoreOptions, EntityStore } from '../types.js';
import { pseudonymizeGroupRecord, pseudonymizeRecord, pseudonymKeyCheck, type IdentifierPseudonyms } from './identifierPseudonyms.js';
import { LOCK_NAMESPACE, migratePostgresStore, quoteSchema } from './migrations.js';
import { writeBase } from './PostgresEntityStore.js';
import type { PostgresPool } from './types.js';

/**
 * What the bulk load reads of a batch resolution: the result of `resolvePersons` is one. Declared
 * here, as a shape, so that the store depends on the stages and not on the pipeline above it.
 */
export interface BatchResolution {
  readonly records: readonly PersonRecord[];
  readonly model: TrainedModel;
}

/** Options of {@link bulkLoadPostgresStore}. */
export interface BulkLoadPostgresStoreOptions {
  /** The PostgreSQL schema to fill (default `padan`); it must hold no store yet. */
  readonly schema?: string;
  /** The merge policy: required to load a `resolvePersons` result or to load with pseudonyms. */
  readonly policy?: CreateEntityStoreOptions['policy'];
  /**
   * Store NIK and KK as keyed pseudonyms (as `openPostgresEntityStore`'s option). The records are
   * pseudonymized and resolved again (matching on pseudonyms loses the one-edit levels), and a store's
   * decisions are replayed over them; its earlier versions, withdrawals, retired IDs and audit log are
   * not carried over.
   */
  readonly pseudonyms?: IdentifierPseudonyms;
}

/** What {@link bulkLoadPostgresStore} wrote. */
export interface BulkLoadReport {
  readonly records: number;
  readonly entities: number;
  readonly aliases: number;
  /** Time to resolve the records into an in-memory store (zero when a store was given without pseudonyms). */
  readonly resolveMs: number;
  /** Time to write the read tables with COPY (indexes built after), commit and analyze. */
  readonly copyMs: number;
  readonly elapsedMs: number;
}

function isMemoryStore(value: unknown): value is MemoryEntityStore {
  return value instanceof MemoryEntityStore;
}

/** A store made by another copy of padan (the `padan` entry bundles its own): used through the EntityStore interface only. */
function isOtherStore(value: unknown): value is EntityStore {
  return !isMemoryStore(value) && (value as EntityStore | null)?.kind === 'padan/entity-store' && typeof (value as EntityStore).records === 'function';
}

/**
 * The current versions of a store's family (KK) and dwelling records in matching, through the
 * EntityStore interface alone (a store of another padan copy offers nothing else): the records its
 * families and households list, each read from its history.
 */
async function currentGroupRecords(store: EntityStore): Promise<{ family: FamilyRecord[]; dwelling: DwellingRecord[] }> {
  const family: FamilyRecord[] = [];
  const dwelling: DwellingRecord[] = [];
  for (const item of await store.families()) {
    for (const ref of item.familyRecords) {
      const history = await store.history(ref, { kind: 'family' });
      const current = history?.versions[history.versions.length - 1];
      if (current !== undefined && history?.withdrawn === undefined) family.push(current);
    }
  }
  for (const item of await store.households()) {
    for (const ref of item.dwellingRecords) {
      const history = await store.history(ref, { kind: 'dwelling' });
      const current = history?.versions[history.versions.length - 1];
      if (current !== undefined && history?.withdrawn === undefined) dwelling.push(current);
    }
  }
  return { family, dwelling };
}

/**
 * Loads a batch resolution (`resolvePersons(…)` with its `policy`) or an in-memory store (from
 * `createEntityStore` + `add`, or `loadStoreSnapshot` of an NDJSON snapshot: histories, decisions,
 * retired IDs and audit log included) into an empty PostgreSQL store with COPY, in one transaction:
 * every read table (indexes built after the rows are in) and a first write-log entry saying the state
 * starts there.
 * A store from another copy of padan (the `padan` entry's, seen from `padan/postgres`) or loaded with
 * pseudonyms is taken as its current person, family (KK) and dwelling records and its decisions (the
 * `policy` is then required).
 * Open it afterwards with `openPostgresEntityStore` and the same policy.
 *
 * @example
 * const resolution = resolvePersons(records, { model });
 * await bulkLoadPostgresStore(pool, resolution, { policy: dtsenPersonPolicy }) // { records: 2356630, entities: …, … }
 * await bulkLoadPostgresStore(pool, await loadStoreSnapshot(lines, { policy }), { schema: 'copy' })
 */
export async function bulkLoadPostgresStore(
  pool: PostgresPool,
  resolved: EntityStore | BatchResolution,
  options?: BulkLoadPostgresStoreOptions,
): Promise<BulkLoadReport> {
  if (typeof pool?.connect !== 'function') throw invalidArgument('bulkLoadPostgresStore', 'pool', 'a pg.Pool', pool);
  checkOptionBag(options, 'bulkLoadPostgresStore', { schema: 'string', policy: 'object', pseudonyms: 'object' });
  const started = performance.now();
  const pseudonyms = options?.pseudonyms;
  const policy = options?.policy;
  let store: MemoryEntityStore;
  if (isMemoryStore(resolved) && pseudonyms === undefined) {
    store = resolved;
  } else {
    if (policy === undefined)
      throw new PadanError('invalid-argument', 'bulkLoadPostgresStore: give the `policy` to load a resolvePersons result or to load with pseudonyms');
    const isStore = isMemoryStore(resolved) || isOtherStore(resolved);
    if (!isStore && !Array.isArray((resolved as BatchResolution)?.records)) {
      throw new PadanError(
        'invalid-argument',
        'bulkLoadPostgresStore: give an in-memory store (createEntityStore, loadStoreSnapshot) or a resolvePersons result',
      );
    }
    store = new MemoryEntityStore({ model: resolved.model, policy, validate: false });
    if (isStore && store.policyFingerprint !== (resolved as EntityStore).policyFingerprint)
      throw new PadanError('invalid-argument', 'bulkLoadPostgresStore: `policy` is not the policy of the store being loaded');
    const source = isStore ? await (resolved as EntityStore).records() : (resolved as BatchResolution).records;
    const records = pseudonyms === undefined ? source : source.map((record) => pseudonymizeRecord(record, pseudonyms.key));
    await store.add(records, { validate: false });
    // Family (KK) and dwelling records too: without them the families would be made of person records alone.
    if (isStore) {
      const groupRecords = await currentGroupRecords(resolved as EntityStore);
      for (const kind of ['family', 'dwelling'] as const) {
        const list = pseudonyms === undefined ? groupRecords[kind] : groupRecords[kind].map((record) => pseudonymizeGroupRecord(kind, record, pseudonyms.key));
        if (list.length > 0) await store.add(list, { kind, validate: false });
      }
    }
    // Decisions are keyed by records, so they replay over the pseudonymized records unchanged (as a second logged write).
    const decisions = isStore ? await (resolved as EntityStore).decisions() : [];
    if (decisions.length > 0) await store.decide(decisions);
  }
  const resolveMs = performance.now() - started;
  const schema = options?.schema ?? 'padan';
  const s = quoteSchema(schema);
  await migratePostgresStore(pool, { schema });
  const copyStarted = performance.now();
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, schema]);
    const existing = await client.query(`SELECT (SELECT count(*) FROM ${s}.meta WHERE key = 'store') + (SELECT count(*) FROM ${s}.ops) AS n`);
    if (Number(existing.rows[0]?.n) > 0) {
      throw new PadanError('invalid-argument', `bulkLoadPostgresStore: schema "${schema}" already holds a store; load into an empty schema`);
    }
    const meta = {
      modelFingerprint: store.modelFingerprint,
      policyFingerprint: store.policyFingerprint,
      model: store.model,
      ...(pseudonyms === undefined ? {} : { pseudonyms: { scheme: 'padan/digits-v1', keyCheck: pseudonymKeyCheck(pseudonyms.key) } }),
    };
    await client.query(`INSERT INTO ${s}.meta (key, value) VALUES ('store', $1)`, [JSON.stringify(meta)]);
    await writeBase(client, s, store);
    await client.query('COMMIT');
    await client.query(`ANALYZE ${s}.records, ${s}.entities, ${s}.aliases, ${s}.block_keys, ${s}.term_counts`);
    const stats = await store.stats();
    return {
      records: stats.records,
      entities: stats.entities,
      aliases: stats.aliases,
      resolveMs,
      copyMs: performance.now() - copyStarted,
      elapsedMs: performance.now() - started,
    };
  } catch (error) {
    failed = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failed);
  }
}
