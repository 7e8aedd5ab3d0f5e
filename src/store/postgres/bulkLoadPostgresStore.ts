import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { PadanError } from '../../_internal/error.js';
import { fingerprint } from '../../_internal/hash.js';
import { compilePolicy, type CompiledPolicy } from '../../merge/compilePolicy.js';
import { mergeCluster } from '../../merge/mergeCluster.js';
import type { MergePersonRecord, MergeResult } from '../../merge/types.js';
import type { PersonResolution } from '../../resolve.js';
import type { PersonRecord } from '../../schema/person.js';
import type { TrainedModel } from '../../model/modelSpec.js';
import { EntityStore } from '../EntityStore.js';
import type { CreateEntityStoreOptions, StoreRecordRef } from '../types.js';
import { pseudonymizeRecord, pseudonymKeyCheck, type IdentifierPseudonyms } from './identifierPseudonyms.js';
import { LOCK_NAMESPACE, migratePostgresStore, quoteSchema } from './migrations.js';
import type { PostgresClient, PostgresPool } from './types.js';

/** Options of {@link bulkLoadPostgresStore}. */
export interface BulkLoadPostgresStoreOptions {
  /** The PostgreSQL schema to fill (default `padan`); it must hold no store yet. */
  readonly schema?: string;
  /** The merge policy: required to load a `resolvePersons` result (a store carries its own). */
  readonly policy?: CreateEntityStoreOptions['policy'];
  /**
   * Store NIK and KK as keyed pseudonyms (as `openPostgresEntityStore`'s option). The records are
   * pseudonymized and resolved again, since matching on pseudonyms loses the one-edit levels; that needs
   * the `policy`.
   */
  readonly pseudonyms?: IdentifierPseudonyms;
}

function isEntityStore(value: EntityStore | PersonResolution): value is EntityStore {
  return typeof (value as EntityStore).aliasEntries === 'function' && typeof (value as EntityStore).entities === 'function';
}

/** What is written, whichever the source: records in canonical order with their entity, entities, aliases. */
interface Loadable {
  readonly model: TrainedModel;
  readonly modelFingerprint: string;
  readonly policyFingerprint: string;
  readonly records: readonly PersonRecord[];
  entityOfRecord(index: number): string;
  entities(): Iterable<{ readonly id: string; readonly count: number; readonly merge: MergeResult<MergePersonRecord> }>;
  readonly entityCount: number;
  readonly aliases: readonly [string, StoreRecordRef][];
}

function storeLoadable(store: EntityStore): Loadable {
  const records = store.records();
  const entities = store.entities();
  return {
    model: store.model,
    modelFingerprint: store.modelFingerprint,
    policyFingerprint: store.policyFingerprint,
    records,
    entityOfRecord: (i) => store.entityOfRecord({ source: String(records[i]?.source), recordId: String(records[i]?.recordId) }) as string,
    *entities() {
      for (const { id, records: refs } of entities) yield { id, count: refs.length, merge: (store.entity(id) as NonNullable<ReturnType<EntityStore['entity']>>).merge };
    },
    entityCount: entities.length,
    aliases: store.aliasEntries(),
  };
}

function resolutionLoadable(resolution: PersonResolution, policy: CompiledPolicy<MergePersonRecord>, modelFingerprint: string): Loadable {
  return {
    model: resolution.model,
    modelFingerprint,
    policyFingerprint: policy.fingerprint,
    records: resolution.records,
    entityOfRecord: (i) => (resolution.clusters[resolution.clusterOf[i] as number] as { id: string }).id,
    *entities() {
      const clusters = [...resolution.clusters].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      for (const cluster of clusters) {
        const members = [...cluster.records].sort((a, b) => a - b).map((r) => resolution.records[r] as unknown as MergePersonRecord);
        yield { id: cluster.id, count: members.length, merge: mergeCluster(members, policy) };
      }
    },
    entityCount: resolution.clusters.length,
    aliases: [],
  };
}

/** What {@link bulkLoadPostgresStore} wrote. */
export interface BulkLoadReport {
  readonly records: number;
  readonly entities: number;
  readonly aliases: number;
  readonly elapsedMs: number;
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped; null as `\N`. */
function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

/** COPY rows (each an array of fields) into a table, streaming in chunks of lines. */
async function copyRows(client: PostgresClient, sql: string, rows: Iterable<readonly (string | number | null)[]>): Promise<void> {
  function* lines(): Generator<string> {
    let chunk = '';
    for (const row of rows) {
      chunk += `${row.map(copyField).join('\t')}\n`;
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  }
  await pipeline(Readable.from(lines()), client.query(copyFrom(sql)));
}

/**
 * Loads a batch resolution (`resolvePersons(…)` with its `policy`) or a resolved store (from
 * `createEntityStore` + `add`, or `loadStoreSnapshot` of an NDJSON snapshot) into an empty PostgreSQL
 * store with COPY, in one transaction: records with their entities, each entity's unified record, and
 * the retired IDs. Open it afterwards with `openPostgresEntityStore` and the same policy.
 *
 * @example
 * const resolution = resolvePersons(records, { model });
 * await bulkLoadPostgresStore(pool, resolution, { policy: dtsenPersonPolicy }) // { records: 2356630, entities: …, aliases: 0, … }
 * await bulkLoadPostgresStore(pool, await loadStoreSnapshot(lines, { policy }), { schema: 'copy' })
 */
export async function bulkLoadPostgresStore(
  pool: PostgresPool,
  resolved: EntityStore | PersonResolution,
  options?: BulkLoadPostgresStoreOptions,
): Promise<BulkLoadReport> {
  const started = performance.now();
  const pseudonyms = options?.pseudonyms;
  const policy = options?.policy;
  let source: Loadable;
  // Duck-typed: padan/postgres bundles its own copy of the engine, so a store made with `padan`'s
  // createEntityStore is not an instance of this module's EntityStore class.
  if (isEntityStore(resolved)) {
    if (pseudonyms === undefined) source = storeLoadable(resolved);
    else {
      if (policy === undefined) throw new PadanError('invalid-argument', 'bulkLoadPostgresStore: loading with pseudonyms resolves the records again and needs the `policy`');
      const store = new EntityStore({ model: resolved.model, policy, validate: false });
      if (store.policyFingerprint !== resolved.policyFingerprint) throw new PadanError('invalid-argument', 'bulkLoadPostgresStore: `policy` is not the policy of the store being loaded');
      store.add(resolved.records().map((record) => pseudonymizeRecord(record, pseudonyms.key)));
      for (const [id, ref] of resolved.aliasEntries()) store.restoreAlias(id, ref);
      source = storeLoadable(store);
    }
  } else {
    if (policy === undefined || !Array.isArray(resolved?.clusters)) {
      throw new PadanError('invalid-argument', 'bulkLoadPostgresStore: give an EntityStore, or a resolvePersons result and the `policy`');
    }
    const modelFingerprint = fingerprint(resolved.model);
    const compiled = (policy as { kind?: unknown }).kind === 'compiled-merge-policy' ? (policy as CompiledPolicy<MergePersonRecord>) : compilePolicy(policy as Parameters<typeof compilePolicy<MergePersonRecord>>[0], { modelFingerprint });
    if (pseudonyms === undefined) source = resolutionLoadable(resolved, compiled, modelFingerprint);
    else {
      const store = new EntityStore({ model: resolved.model, policy: compiled, validate: false });
      store.add(resolved.records.map((record) => pseudonymizeRecord(record, pseudonyms.key)));
      source = storeLoadable(store);
    }
  }
  const schema = options?.schema ?? 'padan';
  const s = quoteSchema(schema);
  await migratePostgresStore(pool, { schema });
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, schema]);
    const existing = await client.query(`SELECT (SELECT count(*) FROM ${s}.meta WHERE key = 'store') + (SELECT count(*) FROM ${s}.records) AS n`);
    if (Number(existing.rows[0]?.n) > 0) {
      throw new PadanError('invalid-argument', `bulkLoadPostgresStore: schema "${schema}" already holds a store; load into an empty schema`);
    }
    const records = source.records;
    let seq = 0;
    // Records in canonical order: that is also the order a replica re-adds them in.
    await copyRows(
      client,
      `COPY ${s}.records (seq, source, record_id, entity_id, nik, kk, record) FROM STDIN`,
      (function* () {
        for (let i = 0; i < records.length; i++) {
          const record = records[i] as PersonRecord;
          yield [++seq, String(record.source), String(record.recordId), source.entityOfRecord(i), record.nik ?? null, record.kk ?? null, JSON.stringify(record)];
        }
      })(),
    );
    await copyRows(
      client,
      `COPY ${s}.entities (id, record_count, merge) FROM STDIN`,
      (function* () {
        for (const entity of source.entities()) yield [entity.id, entity.count, JSON.stringify(entity.merge)];
      })(),
    );
    const aliases = source.aliases;
    await copyRows(
      client,
      `COPY ${s}.aliases (id, source, record_id, seq) FROM STDIN`,
      aliases.map(([id, ref]) => [id, ref.source, ref.recordId, seq]),
    );
    const meta = {
      modelFingerprint: source.modelFingerprint,
      policyFingerprint: source.policyFingerprint,
      model: source.model,
      ...(pseudonyms === undefined ? {} : { pseudonyms: { scheme: 'padan/digits-v1', keyCheck: pseudonymKeyCheck(pseudonyms.key) } }),
    };
    await client.query(`INSERT INTO ${s}.meta (key, value) VALUES ('store', $1), ('head', $2)`, [JSON.stringify(meta), JSON.stringify(seq)]);
    await client.query('COMMIT');
    await client.query(`ANALYZE ${s}.records, ${s}.entities, ${s}.aliases`);
    return { records: records.length, entities: source.entityCount, aliases: aliases.length, elapsedMs: performance.now() - started };
  } catch (error) {
    failed = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failed);
  }
}
