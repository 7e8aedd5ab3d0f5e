import { checkOptionBag, type OptionKinds } from '../../_internal/arguments.js';
import { PadanError } from '../../_internal/error.js';
import { fingerprint } from '../../_internal/hash.js';
import type { DwellingRecord } from '../../schema/dwelling.js';
import type { FamilyRecord } from '../../schema/family.js';
import type { PersonRecord } from '../../schema/person.js';
import { validatePerson } from '../../schema/validate.js';
import { checkRef, normalizeLookupProbe, sortReview, validateStoreInput } from '../_engine.js';
import { checkStoreOptions } from '../_methodOptions.js';
import { compilePolicy, type CompiledPolicy } from '../../merge/compilePolicy.js';
import { mergeCluster } from '../../merge/mergeCluster.js';
import type { MergePersonRecord } from '../../merge/types.js';
import { compileModel } from '../../model/compileModel.js';
import { weightTable } from '../../score/scorePairs.js';
import type { TrainedModel } from '../../model/modelSpec.js';
import type { ModelRegistry } from '../../model/modelRegistry.js';
import type { StewardDecision } from '../decisions.js';
import { loadStoreSnapshot } from '../loadStoreSnapshot.js';
import { MemoryEntityStore } from '../MemoryEntityStore.js';
import type {
  AddRecordsOptions,
  AuditEntry,
  CreateEntityStoreOptions,
  DecideResult,
  EntityStore,
  HistoryOptions,
  IdResolution,
  LookupOptions,
  LookupResult,
  RecordHistory,
  StoreChanges,
  StoredEntity,
  StoredFamily,
  StoredHousehold,
  StoreFamilyEvent,
  StoreRecordRef,
  StoreReviewItem,
  StoreStats,
  WithdrawOptions,
} from '../types.js';
import { lookupFromTables, type LookupModel } from './_sqlLookup.js';
import {
  beforeWrite,
  marksOf,
  replicaFromTables,
  writeAllTables,
  writeGroupChanges,
  writeTableChanges,
  type GroupRecordRef,
  type TableMarks,
} from './_storeTables.js';
import { pseudonymizeGroupRecord, pseudonymizeRecord, pseudonymKeyCheck, type IdentifierPseudonyms } from './identifierPseudonyms.js';
import { LOCK_NAMESPACE, migratePostgresStore, quoteSchema } from './migrations.js';
import type { PostgresClient, PostgresPool } from './types.js';

/** Options of {@link openPostgresEntityStore}. */
export interface OpenPostgresEntityStoreOptions {
  /** A connection pool the caller owns (`new pg.Pool(…)`); the store checks connections out and back in, and never ends it. */
  readonly pool: PostgresPool;
  /** The merge policy (policies may hold functions, so they are not stored); its fingerprint must match the stored one. */
  readonly policy: CreateEntityStoreOptions['policy'];
  /** The trained model: required when the schema holds no store yet; otherwise optional and checked against the stored one. */
  readonly model?: TrainedModel;
  /** The PostgreSQL schema of the store's tables (default `padan`); one store per schema. */
  readonly schema?: string;
  /** Validate and normalize added records with the person schema (default true). */
  readonly validate?: boolean;
  /**
   * Store NIK and KK numbers as keyed 16-digit pseudonyms (see `IdentifierPseudonyms` for what matching
   * keeps and loses). Chosen when the store is created; the same key must be given on every open.
   */
  readonly pseudonyms?: IdentifierPseudonyms;
  /**
   * How concurrent writers are kept apart: `advisory-lock` (default) queues them on one lock per store;
   * `serializable` runs each write as a serializable transaction and redoes it (catching up, matching
   * again) when another writer committed first. Measured in `benchmarks/postgresConcurrency.bench.ts`:
   * the lock is faster, since every write moves the log's head and so every overlap is a conflict.
   */
  readonly concurrency?: 'advisory-lock' | 'serializable';
  /** The caller's own preparers, level kinds and key transforms the model names (see `createModelRegistry`); give it on every open. */
  readonly registry?: ModelRegistry;
}

const POSTGRES_STORE_OPTIONS: OptionKinds = {
  pool: 'object',
  policy: 'object',
  model: 'object',
  schema: 'string',
  validate: 'boolean',
  pseudonyms: 'object',
  concurrency: ['advisory-lock', 'serializable'],
  registry: 'object',
};

/** Attempts of one write under `concurrency: 'serializable'` before the conflict is thrown. */
const SERIALIZABLE_ATTEMPTS = 50;

/** The `store` row of the meta table. */
export interface StoreMeta {
  readonly modelFingerprint: string;
  readonly policyFingerprint: string;
  readonly model: TrainedModel;
  /** Present when NIK and KK are stored as pseudonyms: the scheme and a check value of the key. */
  readonly pseudonyms?: { readonly scheme: 'padan/digits-v1'; readonly keyCheck: string };
}

/** Checks that the caller's pseudonym key (or its absence) fits the stored store. */
export function checkPseudonymKey(meta: StoreMeta, pseudonyms: IdentifierPseudonyms | undefined, schema: string): void {
  if (meta.pseudonyms === undefined && pseudonyms !== undefined) {
    throw new PadanError('invalid-config', `postgres store "${schema}" keeps NIK and KK in clear; it was not created with pseudonyms`);
  }
  if (meta.pseudonyms !== undefined && pseudonyms === undefined) {
    throw new PadanError('invalid-config', `postgres store "${schema}" keeps NIK and KK as pseudonyms; pass the same \`pseudonyms.key\` it was created with`);
  }
  if (meta.pseudonyms !== undefined && pseudonyms !== undefined && pseudonymKeyCheck(pseudonyms.key) !== meta.pseudonyms.keyCheck) {
    throw new PadanError('invalid-config', `postgres store "${schema}": the pseudonym key differs from the one the store was created with`);
  }
}

/** The meta row of a new store (model and policy checked exactly as the in-memory store checks them). */
export function newStoreMeta(model: TrainedModel, policy: CreateEntityStoreOptions['policy'], pseudonyms: IdentifierPseudonyms | undefined): StoreMeta {
  const probe = new MemoryEntityStore({ model, policy, validate: false });
  return {
    modelFingerprint: probe.modelFingerprint,
    policyFingerprint: probe.policyFingerprint,
    model,
    ...(pseudonyms === undefined ? {} : { pseudonyms: { scheme: 'padan/digits-v1' as const, keyCheck: pseudonymKeyCheck(pseudonyms.key) } }),
  };
}

/** The in-process copy of the matching state: the write log replayed up to `seq`, and what the read tables hold at `seq`. */
interface Replica {
  store: MemoryEntityStore;
  seq: number;
  marks: TableMarks;
}

/** One logged write (a row of `ops`; an add's or a snapshot's records are rows of `op_records`). */
type LoggedOp =
  | { readonly kind: 'add'; readonly payload: { readonly invalid: number; readonly kind?: 'family' | 'dwelling' } }
  | {
      readonly kind: 'withdraw';
      readonly payload: { readonly source: string; readonly recordId: string; readonly reason: string; readonly options?: WithdrawOptions };
    }
  | { readonly kind: 'decide'; readonly payload: { readonly decisions: readonly StewardDecision[] } }
  | { readonly kind: 'snapshot'; readonly payload: Record<string, never> }
  | { readonly kind: 'base'; readonly payload: Record<string, never> };

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const keyOf = (ref: StoreRecordRef): string => `${ref.source}\u0000${ref.recordId}`;

/** Serializes the async sections that read or move the replica. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/**
 * The audit entry of an add counts the records the schema refused; the replica's engine saw only the
 * valid ones (the log keeps no unvalidated input, which could hold identifiers in clear), so the count
 * is added back, in every replica alike.
 */
function countInvalid(store: MemoryEntityStore, invalid: number): void {
  if (invalid === 0) return;
  const audit = store.state.audit;
  const last = audit[audit.length - 1];
  if (last?.op === 'add') audit[audit.length - 1] = { ...last, rejected: last.rejected + invalid };
}

/** A stored decision line (`padan/decision` v1) back to the decision. */
function decisionOf(value: unknown): StewardDecision {
  const { format: _format, version: _version, id: _id, ...decision } = value as Record<string, unknown>;
  return decision as unknown as StewardDecision;
}

/**
 * Opens (creating or migrating its tables first) an entity store kept in PostgreSQL, with the
 * in-memory store's semantics: the same `EntityStore` interface, entities, IDs, versions, withdrawals,
 * decisions, review queue, lookups and audit log (one conformance suite runs against both).
 *
 * @example
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = await openPostgresEntityStore({ pool, model, policy: dtsenPersonPolicy });
 * (await store.add(records)).created.length // persons found in the first batch
 */
export async function openPostgresEntityStore(options: OpenPostgresEntityStoreOptions): Promise<PostgresEntityStore> {
  checkOptionBag(options, 'openPostgresEntityStore', POSTGRES_STORE_OPTIONS);
  const schema = options?.schema ?? 'padan';
  const s = quoteSchema(schema);
  if (typeof options?.pool?.connect !== 'function') throw new PadanError('invalid-argument', 'openPostgresEntityStore: `pool` must be a pg.Pool');
  await migratePostgresStore(options.pool, { schema });
  const client = await options.pool.connect();
  let failed: Error | undefined;
  let store: PostgresEntityStore;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, schema]);
    const { rows } = await client.query(`SELECT value FROM ${s}.meta WHERE key = 'store'`);
    let meta = rows[0]?.value as StoreMeta | undefined;
    if (meta === undefined) {
      const model = options.model;
      if (model === undefined)
        throw new PadanError('invalid-argument', `openPostgresEntityStore: schema "${schema}" holds no store yet; pass the trained \`model\``);
      meta = newStoreMeta(model, options.policy, options.pseudonyms);
      await client.query(`INSERT INTO ${s}.meta (key, value) VALUES ('store', $1)`, [JSON.stringify(meta)]);
    }
    store = new PostgresEntityStore(options, schema, meta);
    // A store upgraded from schema version 1 has a write log but no read tables yet: build them once.
    await store.rebuildTablesIfBehind(client);
    await client.query('COMMIT');
  } catch (error) {
    failed = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failed);
  }
  return store;
}

/**
 * An entity store whose system of record is a PostgreSQL database, shared by any number of services
 * (docs/store.md, "The PostgreSQL store").
 *
 * - **Read tables** (`records`, `entities`, `aliases`, `review`, `decisions`, `audit`, `block_keys`,
 *   `term_counts`, the `stats` and `tf` rows) hold the store's whole state, brought to each write's
 *   position in the same transaction. Every read is SQL: `lookup` blocks the probe with its keys in
 *   `block_keys` and scores the candidates with the counts in `term_counts` (the engine's own
 *   comparison and scoring functions, so the in-memory store's result), `entity` merges the
 *   entity's records on read; none needs a replica.
 * - **Write log.** Every write (`add`, `withdraw`, `decide`) is a row of `ops` (an add's validated
 *   records are rows of `op_records`), numbered by `seq`. A bulk load is a `base` entry: the state
 *   starts in the tables there.
 * - **Replica.** Writes run the in-memory engine: each process builds a replica from the read tables
 *   on its first write (or `warmReplica()`), then before each write replays what other services
 *   logged since. The engine is deterministic, so every replica holds the same entities.
 * - **Writes** are one transaction each: take the store's advisory lock (writers queue: no record is
 *   lost, no person gets two entities, and one lock taken first cannot deadlock), catch up, apply the
 *   write to the replica, append it to the log, write the read tables' difference, move the head,
 *   commit. A failure or a crash anywhere before the commit leaves the database as it was; this
 *   process then drops its replica and rebuilds it on next use.
 *
 * @example
 * const store = await openPostgresEntityStore({ pool, model, policy: dtsenPersonPolicy });
 * await store.add(firstBatch);
 * (await store.lookup(probe)).candidates[0]?.decision // 'match'
 * await store.resolveId(retiredId) // { status: 'merged', id: 'P9a…', into: 'P3f…' }
 */
export class PostgresEntityStore implements EntityStore {
  readonly kind = 'padan/entity-store' as const;
  readonly schema: string;
  readonly model: TrainedModel;
  readonly modelFingerprint: string;
  readonly policyFingerprint: string;
  private readonly pool: PostgresPool;
  private readonly s: string;
  private readonly engineOptions: CreateEntityStoreOptions;
  private readonly validate: boolean;
  private readonly pseudonyms: IdentifierPseudonyms | undefined;
  private readonly mutex = new Mutex();
  private replica: Replica | null = null;
  private readonly lookupModel: LookupModel;
  private readonly mergePolicy: CompiledPolicy<MergePersonRecord>;
  private readonly concurrency: 'advisory-lock' | 'serializable';
  /** Writes redone after a conflict (`concurrency: 'serializable'` only; benchmarks read it). */
  conflictRetries = 0;

  /** Use {@link openPostgresEntityStore}. */
  constructor(options: OpenPostgresEntityStoreOptions, schema: string, meta: StoreMeta) {
    // Public (instanceof checks), but built by openPostgresEntityStore: anything else is refused up front.
    checkOptionBag(options, 'PostgresEntityStore', POSTGRES_STORE_OPTIONS);
    if (typeof options?.pool?.connect !== 'function')
      throw new PadanError('invalid-argument', 'PostgresEntityStore: use openPostgresEntityStore (options.pool must be a pg.Pool)');
    if (typeof schema !== 'string') throw new PadanError('invalid-argument', 'PostgresEntityStore: use openPostgresEntityStore (schema must be a string)');
    if (typeof meta !== 'object' || meta === null || typeof meta.modelFingerprint !== 'string')
      throw new PadanError('invalid-argument', 'PostgresEntityStore: use openPostgresEntityStore (meta is the stored store header)');
    this.pool = options.pool;
    this.schema = schema;
    this.s = quoteSchema(schema);
    const model = options.model ?? meta.model;
    if (fingerprint(model) !== meta.modelFingerprint) {
      throw new PadanError('invalid-config', `postgres store "${schema}" was built with a different model than the one given`);
    }
    this.model = model;
    checkPseudonymKey(meta, options.pseudonyms, schema);
    this.pseudonyms = options.pseudonyms;
    this.validate = options.validate !== false;
    this.concurrency = options.concurrency ?? 'advisory-lock';
    if (this.concurrency !== 'advisory-lock' && this.concurrency !== 'serializable') {
      throw new PadanError('invalid-argument', "openPostgresEntityStore: `concurrency` must be 'advisory-lock' or 'serializable'");
    }
    // The replica validates lookup probes like the in-memory store; added records are validated here,
    // once. With pseudonyms, probes are validated here too, before their NIK and KK are replaced (a
    // pseudonym's region is no real district, so validating it afterwards would drop it).
    this.engineOptions = {
      model,
      policy: options.policy,
      validate: this.validate && this.pseudonyms === undefined,
      ...(options.registry === undefined ? {} : { registry: options.registry }),
    };
    const probe = new MemoryEntityStore(this.engineOptions);
    if (probe.policyFingerprint !== meta.policyFingerprint) {
      throw new PadanError('invalid-config', `postgres store "${schema}" was built with a different merge policy than the one given`);
    }
    this.modelFingerprint = meta.modelFingerprint;
    this.policyFingerprint = meta.policyFingerprint;
    const compiled = compileModel(model.spec, options.registry === undefined ? undefined : { registry: options.registry });
    const table = weightTable(model, compiled);
    this.lookupModel = {
      model,
      compiled,
      table,
      termFrequencyColumns: [...new Set(compiled.comparisons.filter((_, c) => table.termFrequencyLevels[c] !== null).map((comparison) => comparison.column))],
    };
    const policy = options.policy as CompiledPolicy<MergePersonRecord> | Parameters<typeof compilePolicy<MergePersonRecord>>[0];
    this.mergePolicy =
      (policy as { kind?: unknown })?.kind === 'compiled-merge-policy'
        ? (policy as CompiledPolicy<MergePersonRecord>)
        : compilePolicy(policy as Parameters<typeof compilePolicy<MergePersonRecord>>[0], { modelFingerprint: meta.modelFingerprint });
  }

  private async withClient<T>(task: (client: PostgresClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      return await task(client);
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      // A connection whose transaction broke (or whose process is dying) is not reused.
      client.release(failed);
    }
  }

  private async metaNumber(client: PostgresClient, key: 'head' | 'materialized'): Promise<number> {
    const { rows } = await client.query(`SELECT value::text AS value FROM ${this.s}.meta WHERE key = $1`, [key]);
    return Number(rows[0]?.value ?? 0);
  }

  /** Replays one logged write on a replica. */
  private async replay(client: PostgresClient, replica: { store: MemoryEntityStore }, seq: number, op: LoggedOp): Promise<void> {
    switch (op.kind) {
      case 'add': {
        const { rows } = await client.query(`SELECT record FROM ${this.s}.op_records WHERE op_seq = $1 ORDER BY n`, [seq]);
        const kind = op.payload.kind;
        await replica.store.add(
          rows.map((row) => row.record),
          { validate: false, ...(kind === undefined ? {} : { kind }) },
        );
        countInvalid(replica.store, op.payload.invalid);
        return;
      }
      case 'withdraw':
        await replica.store.withdraw(op.payload.source, op.payload.recordId, op.payload.reason, op.payload.options);
        return;
      case 'decide':
        await replica.store.decide(op.payload.decisions);
        return;
      case 'base':
        throw new PadanError('internal', `postgres store "${this.schema}": a bulk-loaded store's replica starts from its tables, not from its log`);
      case 'snapshot': {
        const { rows } = await client.query(`SELECT record::text AS line FROM ${this.s}.op_records WHERE op_seq = $1 ORDER BY n`, [seq]);
        replica.store = await loadStoreSnapshot(
          rows.map((row) => String(row.line)),
          this.engineOptions,
        );
        return;
      }
    }
  }

  /**
   * Brings the replica to the database's head: built from the read tables on first use (they are at
   * the head in the same transaction), then by replaying the writes other services logged since.
   * Call under the mutex, inside a transaction that holds the store's lock or reads one snapshot.
   */
  private async catchUp(client: PostgresClient): Promise<Replica> {
    const head = await this.metaNumber(client, 'head');
    let replica = this.replica;
    this.replica = null;
    if (replica === null) {
      const store = await replicaFromTables(client, this.s, this.engineOptions);
      replica = { store, seq: head, marks: marksOf(store.state) };
    } else if (head > replica.seq) await this.replayLog(client, replica, head);
    this.replica = replica;
    return replica;
  }

  /** Replays the logged writes after `replica.seq` up to `head`. */
  private async replayLog(client: PostgresClient, replica: Replica, head: number): Promise<void> {
    const { rows } = await client.query(`SELECT seq, kind, payload FROM ${this.s}.ops WHERE seq > $1 AND seq <= $2 ORDER BY seq`, [replica.seq, head]);
    for (const row of rows) await this.replay(client, replica, Number(row.seq), { kind: row.kind, payload: row.payload } as LoggedOp);
    replica.seq = head;
    replica.marks = marksOf(replica.store.state);
  }

  /**
   * @internal Builds the read tables again when they are behind the log (after an upgrade of the
   * schema): from the whole log; or, for a bulk-loaded store (whose log starts at a `base`), from its
   * tables at the head with the logged family and dwelling writes replayed over them (schema version
   * 3 kept those only in the log; their families' IDs are then derived afresh). Inside a transaction
   * holding the store's lock.
   */
  async rebuildTablesIfBehind(client: PostgresClient): Promise<void> {
    const head = await this.metaNumber(client, 'head');
    if ((await this.metaNumber(client, 'materialized')) >= head) return;
    await this.mutex.run(async () => {
      this.replica = null;
      const base = (await client.query(`SELECT max(seq) AS seq FROM ${this.s}.ops WHERE kind = 'base'`)).rows[0]?.seq;
      let replica: Replica;
      if (base === null || base === undefined) {
        replica = { store: new MemoryEntityStore(this.engineOptions), seq: 0, marks: { review: new Map(), aliases: new Map(), decisions: 0, audit: 0 } };
        await this.replayLog(client, replica, head);
      } else {
        const store = await replicaFromTables(client, this.s, this.engineOptions);
        replica = { store, seq: head, marks: marksOf(store.state) };
        const audit = store.state.audit.length;
        const { rows } = await client.query(
          `SELECT seq, kind, payload FROM ${this.s}.ops WHERE seq > $1 AND seq <= $2
             AND ((kind = 'add' AND payload->>'kind' IN ('family', 'dwelling')) OR (kind = 'withdraw' AND payload->'options'->>'kind' IN ('family', 'dwelling')))
           ORDER BY seq`,
          [base, head],
        );
        for (const row of rows) await this.replay(client, replica, Number(row.seq), { kind: row.kind, payload: row.payload } as LoggedOp);
        // Their audit entries are in the audit table already.
        store.restore((engine) => {
          engine.audit.length = audit;
        });
      }
      replica.marks = await writeAllTables(client, this.s, replica.store.state);
      await client.query(`UPDATE ${this.s}.meta SET value = $1 WHERE key = 'materialized'`, [JSON.stringify(head)]);
      this.replica = replica;
    });
  }

  /**
   * One write: lock, catch up, apply to the replica, log it, write the read tables, move the head, commit.
   * `apply` returns the write's changes and the records it named; `log` appends it to `ops`.
   */
  private async write<T>(
    named: readonly StoreRecordRef[],
    apply: (store: MemoryEntityStore) => Promise<{ result: T; changes: StoreChanges }>,
    log: (client: PostgresClient, seq: number) => Promise<void>,
    namedGroups: readonly GroupRecordRef[] = [],
  ): Promise<T> {
    if (this.concurrency === 'advisory-lock') return this.writeOnce(named, apply, log, namedGroups);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeOnce(named, apply, log, namedGroups);
      } catch (error) {
        // Another writer took the same log position (unique violation) or SSI found a conflict: redo it all.
        const code = (error as { code?: unknown })?.code;
        if ((code !== '40001' && code !== '23505' && code !== '40P01') || attempt >= SERIALIZABLE_ATTEMPTS) throw error;
        this.conflictRetries++;
      }
    }
  }

  private writeOnce<T>(
    named: readonly StoreRecordRef[],
    apply: (store: MemoryEntityStore) => Promise<{ result: T; changes: StoreChanges }>,
    log: (client: PostgresClient, seq: number) => Promise<void>,
    namedGroups: readonly GroupRecordRef[],
  ): Promise<T> {
    return this.mutex.run(() =>
      this.withClient(async (client) => {
        await client.query(this.concurrency === 'advisory-lock' ? 'BEGIN' : 'BEGIN ISOLATION LEVEL SERIALIZABLE');
        try {
          if (this.concurrency === 'advisory-lock') await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, this.schema]);
          const replica = await this.catchUp(client);
          // From here the replica runs ahead of the database until COMMIT; on any failure it is dropped,
          // but for a write the replica refused before it changed anything (it is still at `seq`).
          this.replica = null;
          const prior = beforeWrite(replica.store.state, named);
          const refusals = replica.store.refusals;
          let applied: { result: T; changes: StoreChanges };
          try {
            applied = await apply(replica.store);
          } catch (error) {
            if (replica.store.refusals > refusals) this.replica = replica;
            throw error;
          }
          const { result, changes } = applied;
          const seq = replica.seq + 1;
          await log(client, seq);
          const marks = await writeTableChanges(client, this.s, replica.store.state, replica.marks, changes, named, prior);
          await writeGroupChanges(client, this.s, replica.store.state, namedGroups);
          // Last statement before the commit (the crash test kills a writer waiting here).
          await client.query(`UPDATE ${this.s}.meta SET value = $1 WHERE key IN ('head', 'materialized')`, [JSON.stringify(seq)]);
          await client.query('COMMIT');
          replica.seq = seq;
          replica.marks = marks;
          this.replica = replica;
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    );
  }

  /**
   * Resolves a batch against everything stored, in one transaction, and returns what changed (as the
   * in-memory store's `add`). Concurrent adds from any number of processes queue on the store's lock.
   *
   * @example
   * const changes = await store.add(records);
   * changes.created.length // new persons
   */
  async add(input: readonly unknown[], options?: AddRecordsOptions): Promise<StoreChanges> {
    if (!Array.isArray(input)) throw new PadanError('invalid-argument', 'PostgresEntityStore#add: input must be an array of records');
    checkStoreOptions('add', options);
    const kind = options?.kind ?? 'person';
    const started = performance.now();
    const checked = validateStoreInput(input, options?.validate ?? this.validate, kind);
    const { validIndexes, rejected } = checked;
    const pseudonyms = this.pseudonyms;
    const valid =
      pseudonyms === undefined
        ? checked.valid
        : checked.valid.map((record) =>
            kind === 'person'
              ? pseudonymizeRecord(record as PersonRecord, pseudonyms.key)
              : pseudonymizeGroupRecord(kind, record as unknown as Record<string, unknown>, pseudonyms.key),
          );
    const invalid = rejected.length;
    const refs = valid.map((record) => ({ source: String(record.source), recordId: String(record.recordId) }));
    return this.write(
      kind === 'person' ? refs : [],
      async (store) => {
        const changes = await store.add(valid, { validate: false, ...(kind === 'person' ? {} : { kind }) });
        countInvalid(store, invalid);
        for (const rejection of changes.rejected) rejected.push({ ...rejection, index: validIndexes[rejection.index] as number });
        rejected.sort((a, b) => a.index - b.index);
        const result: StoreChanges = { ...changes, rejected, report: { ...changes.report, recordsIn: input.length, elapsedMs: performance.now() - started } };
        return { result, changes };
      },
      async (client, seq) => {
        await client.query(`INSERT INTO ${this.s}.ops (seq, kind, payload) VALUES ($1, 'add', $2)`, [
          seq,
          JSON.stringify(kind === 'person' ? { invalid } : { invalid, kind }),
        ]);
        if (valid.length > 0) {
          await client.query(
            `INSERT INTO ${this.s}.op_records (op_seq, n, record) SELECT $1, n, record FROM unnest($2::json[]) WITH ORDINALITY AS r(record, n)`,
            [seq, valid.map((record) => JSON.stringify(record))],
          );
        }
      },
      kind === 'person' ? [] : refs.map((ref) => ({ kind, ...ref })),
    );
  }

  /**
   * Takes a record out of matching (it stays in its history), in one transaction; unknown or already
   * withdrawn: a PadanError.
   *
   * @example
   * (await store.withdraw('dtks', 'D-17', 'deleted at source')).withdrawn // [{ source: 'dtks', recordId: 'D-17' }]
   */
  async withdraw(source: string, recordId: string, reason: string, options?: WithdrawOptions): Promise<StoreChanges> {
    checkStoreOptions('withdraw', options);
    const payload = { source, recordId, reason, ...(options === undefined ? {} : { options }) };
    const isPerson = options?.kind === undefined || options.kind === 'person';
    return this.write(
      isPerson ? [{ source: String(source), recordId: String(recordId) }] : [],
      async (store) => {
        const changes = await store.withdraw(source, recordId, reason, options);
        return { result: changes, changes };
      },
      async (client, seq) => {
        await client.query(`INSERT INTO ${this.s}.ops (seq, kind, payload) VALUES ($1, 'withdraw', $2)`, [seq, JSON.stringify(payload)]);
      },
      isPerson || (options.kind !== 'family' && options.kind !== 'dwelling')
        ? []
        : [{ kind: options.kind, source: String(source), recordId: String(recordId) }],
    );
  }

  /**
   * Applies steward decisions in order, in one transaction (conflicts are refused, not thrown).
   *
   * @example
   * (await store.decide({ kind: 'cannotLink', left, right, by: 'ayu', at: '2026-03-31', why: 'twins' })).outcomes[0].status // 'applied'
   */
  decide(decisions: StewardDecision | readonly StewardDecision[]): Promise<DecideResult> {
    const list: readonly StewardDecision[] = Array.isArray(decisions) ? [...(decisions as readonly StewardDecision[])] : [decisions as StewardDecision];
    const named: StoreRecordRef[] = [];
    for (const decision of list) {
      if (decision?.kind === 'unmerge') named.push(...(decision.records ?? []), ...(decision.rest ?? []));
      else if (decision?.left !== undefined && decision.right !== undefined) named.push(decision.left, decision.right);
    }
    return this.write(
      named.filter((ref) => typeof ref?.source === 'string' && typeof ref.recordId === 'string'),
      async (store) => {
        const result = await store.decide(list);
        return { result, changes: result.changes };
      },
      async (client, seq) => {
        await client.query(`INSERT INTO ${this.s}.ops (seq, kind, payload) VALUES ($1, 'decide', $2)`, [seq, JSON.stringify({ decisions: list })]);
      },
    );
  }

  /**
   * The entities a record would match, best first (as the in-memory store's `lookup`), from the
   * database: candidates by the probe's blocking keys (`block_keys`), their records and entities, and
   * term counts, read at one position of the store; no replica is needed.
   *
   * @example
   * (await store.lookup(probe)).candidates[0] // { id: 'P…', decision: 'match', … }
   */
  async lookup(input: unknown, options?: LookupOptions): Promise<LookupResult> {
    checkStoreOptions('lookup', options);
    // With pseudonyms the probe is validated before its identifiers are replaced (see `probeOf`).
    const probe = this.pseudonyms === undefined ? normalizeLookupProbe(input, this.validate) : this.probeOf(input);
    return this.withClient((client) => lookupFromTables(client, this.s, this.lookupModel, probe, options));
  }

  /** A lookup probe as the engine must see it: normalized, then with pseudonyms when the store keeps them. */
  private probeOf(input: unknown): unknown {
    const pseudonyms = this.pseudonyms;
    if (pseudonyms === undefined || typeof input !== 'object' || input === null) return input;
    const checked = this.validate ? validatePerson(input, { malformedIds: 'keep-in-extra' }) : null;
    return pseudonymizeRecord((checked?.success === true ? checked.value : input) as PersonRecord, pseudonyms.key);
  }

  /**
   * The review queue, strongest first (as the in-memory store's `review`), from the `review` table.
   *
   * @example
   * (await store.review())[0]?.reason // 'uncertain'
   */
  async review(): Promise<StoreReviewItem[]> {
    const { rows } = await this.query(`SELECT item FROM ${this.s}.review`);
    const items = rows.map((row) => row.item as StoreReviewItem);
    sortReview(items);
    return items;
  }

  /**
   * What an ID stands for now: itself while live, the entity that absorbed it (following later merges),
   * or `withdrawn`; undefined for an ID never issued. One recursive SQL statement.
   *
   * @example
   * await store.resolveId(retiredId) // { status: 'merged', id: 'P9a…', into: 'P3f…' }
   */
  async resolveId(id: string): Promise<IdResolution | undefined> {
    if (typeof id === 'string' && (id.startsWith('F') || id.startsWith('H'))) return this.withClient((client) => this.resolveGroupIdWith(client, id));
    return this.withClient((client) => this.resolveIdWith(client, id));
  }

  /** A family (`F…`) or household (`H…`) ID from `group_ids`: live on its anchor record, or retired (merged into `into_id`, or withdrawn). */
  private async resolveGroupIdWith(client: PostgresClient, id: string): Promise<IdResolution | undefined> {
    const { rows } = await client.query(
      `WITH RECURSIVE chain (id, into_id, withdrawn, live, depth) AS (
         SELECT id, into_id, withdrawn, anchor_kind IS NOT NULL, 1 FROM ${this.s}.group_ids WHERE id = $1 AND kind = $2
         UNION ALL
         SELECT g.id, g.into_id, g.withdrawn, g.anchor_kind IS NOT NULL, c.depth + 1
         FROM chain c JOIN ${this.s}.group_ids g ON g.id = c.into_id AND g.kind = $2
         WHERE NOT c.live AND NOT c.withdrawn AND c.depth < 100000
       )
       SELECT id, withdrawn, live, depth FROM chain ORDER BY depth DESC LIMIT 1`,
      [id, id.startsWith('F') ? 'family' : 'household'],
    );
    const last = rows[0];
    if (last === undefined) return undefined;
    if (last.live === true) return Number(last.depth) === 1 ? { status: 'live', id } : { status: 'merged', id, into: String(last.id) };
    if (last.withdrawn === true) return { status: 'withdrawn', id };
    throw new PadanError('internal', `postgres store "${this.schema}": a retired family or household ID does not resolve`);
  }

  /**
   * Families, households and KK events, from the replica caught up with the database.
   *
   * @example
   * (await store.families())[0]?.kks // ['3201…']
   */
  families(): Promise<StoredFamily[]> {
    return this.withReplica((replica) => replica.families());
  }

  family(id: string): Promise<StoredFamily | undefined> {
    return this.withReplica((replica) => replica.family(id));
  }

  households(): Promise<StoredHousehold[]> {
    return this.withReplica((replica) => replica.households());
  }

  household(id: string): Promise<StoredHousehold | undefined> {
    return this.withReplica((replica) => replica.household(id));
  }

  familyEvents(): Promise<StoreFamilyEvent[]> {
    return this.withReplica((replica) => replica.familyEvents());
  }

  private async resolveIdWith(client: PostgresClient, id: string): Promise<IdResolution | undefined> {
    if (typeof id !== 'string') return undefined;
    const { rows } = await client.query(
      `WITH RECURSIVE chain (id, into_id, withdrawn, depth) AS (
         SELECT id, into_id, withdrawn, 1 FROM ${this.s}.aliases WHERE id = $1
         UNION ALL
         SELECT a.id, a.into_id, a.withdrawn, c.depth + 1 FROM chain c JOIN ${this.s}.aliases a ON a.id = c.into_id
         WHERE NOT c.withdrawn AND c.depth < 100000 AND NOT EXISTS (SELECT 1 FROM ${this.s}.entities e WHERE e.id = c.into_id)
       )
       SELECT 'live' AS status, id AS into_id FROM ${this.s}.entities WHERE id = $1
       UNION ALL
       (SELECT CASE WHEN c.withdrawn THEN 'withdrawn' WHEN EXISTS (SELECT 1 FROM ${this.s}.entities e WHERE e.id = c.into_id) THEN 'merged' ELSE 'broken' END, c.into_id
        FROM chain c ORDER BY c.depth DESC LIMIT 1)
       LIMIT 1`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    if (row.status === 'live') return { status: 'live', id };
    if (row.status === 'withdrawn') return { status: 'withdrawn', id };
    if (row.status === 'merged') return { status: 'merged', id, into: String(row.into_id) };
    throw new PadanError('internal', `postgres store "${this.schema}": a retired ID does not resolve`);
  }

  /**
   * One entity with its records (in (source, recordId) order) and unified record; retired IDs resolve.
   *
   * @example
   * (await store.entity('P3f…'))?.merge.unified.name // 'SITI AMINAH'
   */
  async entity(id: string): Promise<StoredEntity | undefined> {
    // One snapshot for both statements: a writer committing in between (a merge retiring the ID just
    // resolved) must not make a live entity read as missing.
    return this.withClient(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const resolution = await this.resolveIdWith(client, id);
        if (resolution === undefined || resolution.status === 'withdrawn') return undefined;
        const current = resolution.status === 'live' ? resolution.id : resolution.into;
        const { rows } = await client.query(`SELECT record FROM ${this.s}.records WHERE entity_id = $1`, [current]);
        if (rows.length === 0) return undefined;
        const records = rows.map((row) => row.record as PersonRecord).sort((a, b) => compareText(keyOf(a), keyOf(b)));
        // Merged on read, as the in-memory store does (unified records are not stored).
        return { id: current, records, merge: mergeCluster(records as unknown as MergePersonRecord[], this.mergePolicy) };
      } finally {
        await client.query('COMMIT');
      }
    });
  }

  /**
   * The ID of the entity holding a record (undefined if the record is not stored or is withdrawn).
   *
   * @example
   * await store.entityOfRecord({ source: 'dtks', recordId: 'D-17' }) // 'P3f…'
   */
  async entityOfRecord(ref: StoreRecordRef): Promise<string | undefined> {
    checkRef(ref, 'EntityStore#entityOfRecord');
    const { rows } = await this.query(`SELECT entity_id FROM ${this.s}.records WHERE source = $1 AND record_id = $2 AND entity_id IS NOT NULL`, [
      ref.source,
      ref.recordId,
    ]);
    return rows[0] === undefined ? undefined : String(rows[0].entity_id);
  }

  /**
   * Every entity: ID and record references in (source, recordId) order, entities by ID.
   *
   * @example
   * (await store.entities())[0] // { id: 'P00a…', records: [{ source: 'dtks', recordId: 'D-1' }, …] }
   */
  async entities(): Promise<{ readonly id: string; readonly records: readonly StoreRecordRef[] }[]> {
    const { rows } = await this.query(`SELECT entity_id, source, record_id FROM ${this.s}.records WHERE entity_id IS NOT NULL`);
    const byEntity = new Map<string, StoreRecordRef[]>();
    for (const row of rows) {
      const id = String(row.entity_id);
      let list = byEntity.get(id);
      if (list === undefined) byEntity.set(id, (list = []));
      list.push({ source: String(row.source), recordId: String(row.record_id) });
    }
    return [...byEntity.entries()]
      .sort((a, b) => compareText(a[0], b[0]))
      .map(([id, records]) => ({ id, records: records.sort((a, b) => compareText(keyOf(a), keyOf(b))) }));
  }

  /**
   * A record's versions (oldest first) and withdrawal, or undefined for a record never stored.
   *
   * @example
   * (await store.history({ source: 'dtks', recordId: 'D-17' }))?.versions.length // 2
   */
  history(ref: StoreRecordRef): Promise<RecordHistory | undefined>;
  history(ref: StoreRecordRef, options: { readonly kind: 'family' }): Promise<RecordHistory<FamilyRecord> | undefined>;
  history(ref: StoreRecordRef, options: { readonly kind: 'dwelling' }): Promise<RecordHistory<DwellingRecord> | undefined>;
  history(ref: StoreRecordRef, options?: HistoryOptions): Promise<RecordHistory<PersonRecord | FamilyRecord | DwellingRecord> | undefined>;
  async history(ref: StoreRecordRef, options?: HistoryOptions): Promise<RecordHistory<PersonRecord | FamilyRecord | DwellingRecord> | undefined> {
    checkRef(ref, 'EntityStore#history');
    checkStoreOptions('history', options);
    if (options?.kind !== undefined && options.kind !== 'person') return this.withReplica((replica) => replica.history(ref, options));
    const { rows } = await this.query(`SELECT record, earlier, withdrawn FROM ${this.s}.records WHERE source = $1 AND record_id = $2`, [
      ref.source,
      ref.recordId,
    ]);
    const row = rows[0];
    if (row === undefined) return undefined;
    const versions = [...((row.earlier ?? []) as PersonRecord[]), row.record as PersonRecord];
    return {
      record: { source: ref.source, recordId: ref.recordId },
      versions,
      ...(row.withdrawn === null ? {} : { withdrawn: row.withdrawn as NonNullable<RecordHistory['withdrawn']> }),
    };
  }

  /**
   * Current versions of the records in matching, in (source, recordId) order.
   *
   * @example
   * (await store.records()).length === (await store.stats()).records // true
   */
  async records(): Promise<PersonRecord[]> {
    const { rows } = await this.query(`SELECT record FROM ${this.s}.records WHERE entity_id IS NOT NULL`);
    return rows.map((row) => row.record as PersonRecord).sort((a, b) => compareText(keyOf(a), keyOf(b)));
  }

  /**
   * Applied decisions, in the order applied (what a rebuilt store replays).
   *
   * @example
   * (await store.decisions())[0]?.kind // 'cannotLink'
   */
  async decisions(): Promise<StewardDecision[]> {
    const { rows } = await this.query(`SELECT decision FROM ${this.s}.decisions ORDER BY seq`);
    return rows.map((row) => decisionOf(row.decision));
  }

  /**
   * Every write, in order: adds (counts), withdrawals, decisions (applied, duplicate, refused).
   *
   * @example
   * (await store.auditLog()).at(-1)?.op // 'decision'
   */
  async auditLog(): Promise<AuditEntry[]> {
    const { rows } = await this.query(`SELECT entry FROM ${this.s}.audit ORDER BY seq`);
    return rows.map((row) => row.entry as AuditEntry);
  }

  /**
   * Counts of the store, as of the last write.
   *
   * @example
   * (await store.stats()).entities // 4012
   */
  async stats(): Promise<StoreStats> {
    const { rows } = await this.query(`SELECT value FROM ${this.s}.meta WHERE key = 'stats'`);
    return rows[0]?.value as StoreStats;
  }

  /**
   * Runs a task on the replica caught up with the database (an in-memory store holding this store's
   * state), while no write of this process moves it. The snapshot exporter writes it; tests compare it.
   *
   * @example
   * await store.withReplica((replica) => storeToSnapshot(replica)) // '{"format":"padan/entity-store",…}\n…'
   */
  withReplica<T>(task: (replica: MemoryEntityStore) => T | Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      // One snapshot: the tables a new replica is read from and the log it catches up with.
      const replica = await this.withClient(async (client) => {
        await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        try {
          return await this.catchUp(client);
        } finally {
          await client.query('COMMIT');
        }
      });
      return task(replica.store);
    });
  }

  /**
   * Builds this process's replica now (reading the read tables) rather than on the first write, so
   * that the first write of a service does not wait for it. Lookups and reads never need it.
   *
   * @example
   * const store = await openPostgresEntityStore({ pool, policy });
   * void store.warmReplica(); // lookups are served meanwhile
   */
  warmReplica(): Promise<void> {
    return this.withReplica(() => undefined);
  }

  /** Drops this process's replica (it is rebuilt from the read tables on the next write). */
  forgetReplica(): Promise<void> {
    return this.mutex.run(async () => {
      this.replica = null;
    });
  }

  private query(text: string, values?: unknown[]) {
    return this.withClient((client) => client.query(text, values));
  }
}

/**
 * @internal Bulk load: the first logged write, a `base` (the state at this position is what the read
 * tables hold: replicas start from them), and the read tables written whole from a resolved
 * in-memory store.
 */
export async function writeBase(client: PostgresClient, s: string, store: MemoryEntityStore): Promise<void> {
  await client.query(`INSERT INTO ${s}.ops (seq, kind, payload) VALUES (1, 'base', '{}')`);
  await writeAllTables(client, s, store.state);
  await client.query(`UPDATE ${s}.meta SET value = '1' WHERE key IN ('head', 'materialized')`);
}
