import { PadanError } from '../../_internal/error.js';
import { fingerprint } from '../../_internal/hash.js';
import type { PersonRecord } from '../../schema/person.js';
import { validateBatch, validatePerson } from '../../schema/validate.js';
import type { TrainedModel } from '../../model/modelSpec.js';
import { EntityStore } from '../EntityStore.js';
import type {
  AddRecordsOptions,
  CreateEntityStoreOptions,
  LookupOptions,
  LookupResult,
  StoreChanges,
  StoredEntity,
  StoreRecordRef,
  StoreRejection,
  StoreReviewItem,
} from '../types.js';
import { pseudonymizeRecord, pseudonymKeyCheck, type IdentifierPseudonyms } from './identifierPseudonyms.js';
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
}

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

/** The in-process copy of the matching state, at the database's sequence number `seq`. */
interface Replica {
  readonly engine: EntityStore;
  seq: number;
  readonly aliases: Set<string>;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const keyOf = (source: string, recordId: string): string => `${source}\u0000${recordId}`;

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
 * Opens (creating or migrating its tables first) an entity store kept in PostgreSQL, with the
 * in-memory store's semantics: same entities, IDs, unified records, review queue and lookups.
 *
 * @example
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = await openPostgresEntityStore({ pool, model, policy: dtsenPersonPolicy });
 * (await store.add(records)).created.length // persons found in the first batch
 */
export async function openPostgresEntityStore(options: OpenPostgresEntityStoreOptions): Promise<PostgresEntityStore> {
  const schema = options?.schema ?? 'padan';
  const s = quoteSchema(schema);
  if (typeof options?.pool?.connect !== 'function') throw new PadanError('invalid-argument', 'openPostgresEntityStore: `pool` must be a pg.Pool');
  await migratePostgresStore(options.pool, { schema });
  const client = await options.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, schema]);
    const { rows } = await client.query(`SELECT value FROM ${s}.meta WHERE key = 'store'`);
    let meta = rows[0]?.value as StoreMeta | undefined;
    if (meta === undefined) {
      const model = options.model;
      if (model === undefined) throw new PadanError('invalid-argument', `openPostgresEntityStore: schema "${schema}" holds no store yet; pass the trained \`model\``);
      // Checks model and policy exactly as the in-memory store does.
      const probe = new EntityStore({ model, policy: options.policy, validate: options.validate !== false });
      meta = {
        modelFingerprint: probe.modelFingerprint,
        policyFingerprint: probe.policyFingerprint,
        model,
        ...(options.pseudonyms === undefined ? {} : { pseudonyms: { scheme: 'padan/digits-v1', keyCheck: pseudonymKeyCheck(options.pseudonyms.key) } }),
      };
      await client.query(`INSERT INTO ${s}.meta (key, value) VALUES ('store', $1), ('head', '0')`, [JSON.stringify(meta)]);
    }
    await client.query('COMMIT');
    return new PostgresEntityStore(options, schema, meta);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * An entity store whose system of record is a PostgreSQL database, shared by any number of services.
 *
 * - **Tables** (schema `padan` by default, created by {@link migratePostgresStore}): `records` (each
 *   record, its entity, in arrival order `seq`), `entities` (each live entity's unified record), `aliases`
 *   (retired IDs and the record each was derived from), `meta` (model, fingerprints, head `seq`).
 *   `entity`, `resolveId`, `entityOfRecord`, `entities` and `records` are single SQL statements.
 * - **Matching** (`add`, `lookup`, `review`) runs the in-memory engine over a replica of the records that
 *   this process keeps in step with the database: before each call it reads the head sequence number
 *   and applies what other services committed since. Because the engine's result does not depend on
 *   arrival order or batch split, every replica computes the same entities.
 * - **Writes** are one transaction each: an advisory lock on the store (writers queue, so no record is
 *   lost and no person gets two entities; one lock taken first means no deadlock), catch up, match, write
 *   the new records, the changed entities and the retired IDs, move the head, commit. A failure or crash
 *   anywhere before the commit leaves the database as it was; this process then rebuilds its replica.
 *
 * @example
 * const store = await openPostgresEntityStore({ pool, model, policy: dtsenPersonPolicy });
 * await store.add(firstBatch);
 * (await store.lookup(probe)).candidates[0]?.decision // 'match'
 * await store.resolveId(retiredId) // 'P3f…'
 */
export class PostgresEntityStore {
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

  /** Use {@link openPostgresEntityStore}. */
  constructor(options: OpenPostgresEntityStoreOptions, schema: string, meta: StoreMeta) {
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
    // The engine validates lookup probes like the in-memory store; added records are validated here, once.
    this.engineOptions = { model, policy: options.policy, validate: this.validate };
    const probe = new EntityStore(this.engineOptions);
    if (probe.policyFingerprint !== meta.policyFingerprint) {
      throw new PadanError('invalid-config', `postgres store "${schema}" was built with a different merge policy than the one given`);
    }
    this.modelFingerprint = meta.modelFingerprint;
    this.policyFingerprint = meta.policyFingerprint;
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

  private async head(client: PostgresClient): Promise<number> {
    const { rows } = await client.query(`SELECT value::text AS head FROM ${this.s}.meta WHERE key = 'head'`);
    return Number(rows[0]?.head ?? 0);
  }

  /** Brings the replica (building it on first use) to the database's current head. Call under the mutex. */
  private async catchUp(client: PostgresClient): Promise<Replica> {
    const head = await this.head(client);
    let replica = this.replica;
    if (replica === null) replica = { engine: new EntityStore(this.engineOptions), seq: 0, aliases: new Set() };
    if (head > replica.seq) {
      const from = replica.seq;
      const { rows } = await client.query(`SELECT record FROM ${this.s}.records WHERE seq > $1 AND seq <= $2 ORDER BY seq`, [from, head]);
      replica.engine.add(
        rows.map((row) => row.record),
        { validate: false },
      );
      const aliases = await client.query(`SELECT id, source, record_id FROM ${this.s}.aliases WHERE seq > $1 AND seq <= $2 ORDER BY id`, [from, head]);
      for (const row of aliases.rows) {
        replica.engine.restoreAlias(String(row.id), { source: String(row.source), recordId: String(row.record_id) });
        replica.aliases.add(String(row.id));
      }
      replica.seq = head;
    }
    this.replica = replica;
    return replica;
  }

  /**
   * Resolves a batch against everything stored, in one transaction, and returns what changed (as the
   * in-memory store's `add`). Concurrent adds from any number of processes queue on the store's lock.
   *
   * @example
   * const changes = await store.add(records);
   * changes.created.length // new persons
   */
  add(input: readonly unknown[], options?: AddRecordsOptions): Promise<StoreChanges> {
    if (!Array.isArray(input)) throw new PadanError('invalid-argument', 'PostgresEntityStore#add: input must be an array of records');
    return this.mutex.run(() => this.withClient((client) => this.addInTransaction(client, input, options)));
  }

  private async addInTransaction(client: PostgresClient, input: readonly unknown[], options: AddRecordsOptions | undefined): Promise<StoreChanges> {
    const started = performance.now();
    const rejected: StoreRejection[] = [];
    let valid: readonly PersonRecord[];
    let validIndexes: readonly number[];
    if (options?.validate ?? this.validate) {
      const batch = validateBatch(input, 'person', { malformedIds: 'keep-in-extra' });
      valid = batch.valid;
      validIndexes = batch.validIndexes;
      for (const rejection of batch.rejected) {
        rejected.push({
          index: rejection.index,
          ...(rejection.source === undefined ? {} : { source: rejection.source }),
          ...(rejection.recordId === undefined ? {} : { recordId: rejection.recordId }),
          reason: 'invalid',
          issues: rejection.issues,
        });
      }
    } else {
      valid = input as readonly PersonRecord[];
      validIndexes = input.map((_, i) => i);
    }
    const pseudonyms = this.pseudonyms;
    if (pseudonyms !== undefined) valid = valid.map((record) => pseudonymizeRecord(record, pseudonyms.key));
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, this.schema]);
      const replica = await this.catchUp(client);
      // From here the replica runs ahead of the database until COMMIT; on any failure it is dropped.
      this.replica = null;
      const engine = replica.engine;
      const changes = engine.add(valid, { validate: false });
      for (const rejection of changes.rejected) rejected.push({ ...rejection, index: validIndexes[rejection.index] as number });
      rejected.sort((a, b) => a.index - b.index);
      const refused = new Set(changes.rejected.map((r) => r.index));
      const head = replica.seq;
      let seq = head;

      // New records, in arrival order.
      const fresh = { seq: [] as number[], source: [] as string[], recordId: [] as string[], entity: [] as string[], nik: [] as (string | null)[], kk: [] as (string | null)[], record: [] as string[] };
      for (let i = 0; i < valid.length; i++) {
        if (refused.has(i)) continue;
        const record = valid[i] as PersonRecord;
        const ref = { source: String(record.source), recordId: String(record.recordId) };
        fresh.seq.push(++seq);
        fresh.source.push(ref.source);
        fresh.recordId.push(ref.recordId);
        fresh.entity.push(engine.entityOfRecord(ref) as string);
        fresh.nik.push(record.nik ?? null);
        fresh.kk.push(record.kk ?? null);
        fresh.record.push(JSON.stringify(record));
      }
      if (fresh.seq.length > 0) {
        await client.query(
          `INSERT INTO ${this.s}.records (seq, source, record_id, entity_id, nik, kk, record)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::json[])`,
          [fresh.seq, fresh.source, fresh.recordId, fresh.entity, fresh.nik, fresh.kk, fresh.record],
        );
      }
      await this.writeEntities(client, engine, changes, seq, replica.aliases);
      if (seq !== head) await client.query(`UPDATE ${this.s}.meta SET value = $1 WHERE key = 'head'`, [JSON.stringify(seq)]);
      await client.query('COMMIT');
      replica.seq = seq;
      this.replica = replica;
      return { ...changes, rejected, report: { ...changes.report, recordsIn: input.length, elapsedMs: performance.now() - started } };
    } catch (error) {
      this.replica = null;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /** Writes every entity the changes mention: live ones with their unified record and members, retired ones removed, new aliases. */
  private async writeEntities(client: PostgresClient, engine: EntityStore, changes: StoreChanges, seq: number, known: Set<string>): Promise<void> {
    const mentioned = new Set<string>();
    for (const c of changes.created) mentioned.add(c.id);
    for (const a of changes.attached) {
      mentioned.add(a.id);
      if (a.previousId !== undefined) mentioned.add(a.previousId);
    }
    for (const m of changes.merged) {
      mentioned.add(m.id);
      for (const id of m.retired) mentioned.add(id);
    }
    for (const sp of changes.split) {
      mentioned.add(sp.id);
      for (const id of sp.into) mentioned.add(id);
    }
    const live = { id: [] as string[], count: [] as number[], merge: [] as string[] };
    const members = { source: [] as string[], recordId: [] as string[], entity: [] as string[] };
    const gone: string[] = [];
    for (const id of [...mentioned].sort(compareText)) {
      if (engine.resolveId(id) !== id) {
        gone.push(id);
        continue;
      }
      const entity = engine.entity(id) as StoredEntity;
      live.id.push(id);
      live.count.push(entity.records.length);
      live.merge.push(JSON.stringify(entity.merge));
      for (const record of entity.records) {
        members.source.push(String(record.source));
        members.recordId.push(String(record.recordId));
        members.entity.push(id);
      }
    }
    if (gone.length > 0) await client.query(`DELETE FROM ${this.s}.entities WHERE id = ANY($1::text[])`, [gone]);
    if (live.id.length > 0) {
      await client.query(
        `INSERT INTO ${this.s}.entities (id, record_count, merge) SELECT * FROM unnest($1::text[], $2::int[], $3::json[])
         ON CONFLICT (id) DO UPDATE SET record_count = excluded.record_count, merge = excluded.merge`,
        [live.id, live.count, live.merge],
      );
      await client.query(
        `UPDATE ${this.s}.records r SET entity_id = m.entity_id
         FROM unnest($1::text[], $2::text[], $3::text[]) AS m(source, record_id, entity_id)
         WHERE r.source = m.source AND r.record_id = m.record_id AND r.entity_id <> m.entity_id`,
        [members.source, members.recordId, members.entity],
      );
    }
    const aliases = engine.aliasEntries().filter(([id]) => !known.has(id));
    if (aliases.length > 0) {
      await client.query(
        `INSERT INTO ${this.s}.aliases (id, source, record_id, seq) SELECT a.id, a.source, a.record_id, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS a(id, source, record_id)
         ON CONFLICT (id) DO NOTHING`,
        [aliases.map((a) => a[0]), aliases.map((a) => a[1].source), aliases.map((a) => a[1].recordId), seq],
      );
      for (const [id] of aliases) known.add(id);
    }
  }

  /**
   * The entities a record would match, best first (as the in-memory store's `lookup`), against
   * everything committed when the call starts.
   *
   * @example
   * (await store.lookup(probe)).candidates[0] // { id: 'P…', decision: 'match', … }
   */
  lookup(input: unknown, options?: LookupOptions): Promise<LookupResult> {
    return this.mutex.run(() =>
      this.withClient(async (client) => {
        const replica = await this.catchUp(client);
        return replica.engine.lookup(this.probeOf(input), options);
      }),
    );
  }

  /** A lookup probe as the engine must see it: normalized, then with pseudonyms when the store keeps them. */
  private probeOf(input: unknown): unknown {
    const pseudonyms = this.pseudonyms;
    if (pseudonyms === undefined || typeof input !== 'object' || input === null) return input;
    const checked = this.validate ? validatePerson(input, { malformedIds: 'keep-in-extra' }) : null;
    return pseudonymizeRecord((checked?.success === true ? checked.value : input) as PersonRecord, pseudonyms.key);
  }

  /**
   * The review queue, strongest first (as the in-memory store's `review`).
   *
   * @example
   * (await store.review())[0]?.reason // 'uncertain'
   */
  review(): Promise<StoreReviewItem[]> {
    return this.mutex.run(() => this.withClient(async (client) => (await this.catchUp(client)).engine.review()));
  }

  /**
   * The current ID of an entity: itself while live, the survivor's for a retired ID, undefined for an ID never issued.
   *
   * @example
   * await store.resolveId(retiredId) // 'P3f…'
   */
  async resolveId(id: string): Promise<string | undefined> {
    const { rows } = await this.query(
      `SELECT id FROM ${this.s}.entities WHERE id = $1
       UNION ALL
       SELECT r.entity_id FROM ${this.s}.aliases a JOIN ${this.s}.records r ON r.source = a.source AND r.record_id = a.record_id WHERE a.id = $1
       LIMIT 1`,
      [id],
    );
    return rows[0] === undefined ? undefined : String(rows[0].id);
  }

  /**
   * One entity with its records (in (source, recordId) order) and unified record; retired IDs resolve.
   *
   * @example
   * (await store.entity('P3f…'))?.merge.unified.name // 'SITI AMINAH'
   */
  async entity(id: string): Promise<StoredEntity | undefined> {
    const { rows } = await this.query(
      `WITH target AS (
         SELECT id FROM ${this.s}.entities WHERE id = $1
         UNION ALL
         SELECT r.entity_id FROM ${this.s}.aliases a JOIN ${this.s}.records r ON r.source = a.source AND r.record_id = a.record_id WHERE a.id = $1
         LIMIT 1)
       SELECT e.id, e.merge, (SELECT json_agg(r.record) FROM ${this.s}.records r WHERE r.entity_id = e.id) AS records
       FROM ${this.s}.entities e JOIN target t ON t.id = e.id`,
      [id],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const records = (row.records as PersonRecord[]).sort((a, b) => compareText(keyOf(String(a.source), String(a.recordId)), keyOf(String(b.source), String(b.recordId))));
    return { id: String(row.id), records, merge: row.merge as StoredEntity['merge'] };
  }

  /**
   * The ID of the entity holding a record, or undefined.
   *
   * @example
   * await store.entityOfRecord({ source: 'dtks', recordId: 'D-17' }) // 'P3f…'
   */
  async entityOfRecord(ref: StoreRecordRef): Promise<string | undefined> {
    const { rows } = await this.query(`SELECT entity_id FROM ${this.s}.records WHERE source = $1 AND record_id = $2`, [ref.source, ref.recordId]);
    return rows[0] === undefined ? undefined : String(rows[0].entity_id);
  }

  /**
   * Every entity: ID and record references in (source, recordId) order, entities by ID.
   *
   * @example
   * (await store.entities())[0] // { id: 'P00a…', records: [{ source: 'dtks', recordId: 'D-1' }, …] }
   */
  async entities(): Promise<{ readonly id: string; readonly records: readonly StoreRecordRef[] }[]> {
    const { rows } = await this.query(`SELECT entity_id, source, record_id FROM ${this.s}.records`);
    const byEntity = new Map<string, StoreRecordRef[]>();
    for (const row of rows) {
      const id = String(row.entity_id);
      let list = byEntity.get(id);
      if (list === undefined) byEntity.set(id, (list = []));
      list.push({ source: String(row.source), recordId: String(row.record_id) });
    }
    return [...byEntity.entries()]
      .sort((a, b) => compareText(a[0], b[0]))
      .map(([id, records]) => ({ id, records: records.sort((a, b) => compareText(keyOf(a.source, a.recordId), keyOf(b.source, b.recordId))) }));
  }

  /**
   * Stored records in canonical (source, recordId) order.
   *
   * @example
   * (await store.records()).length === await store.recordCount() // true
   */
  async records(): Promise<PersonRecord[]> {
    const { rows } = await this.query(`SELECT source, record_id, record FROM ${this.s}.records`);
    return rows
      .map((row) => ({ key: keyOf(String(row.source), String(row.record_id)), record: row.record as PersonRecord }))
      .sort((a, b) => compareText(a.key, b.key))
      .map((row) => row.record);
  }

  /**
   * Retired IDs and the record each was derived from, by ID.
   *
   * @example
   * await store.aliasEntries() // [['P9a…', { source: 'dtks', recordId: 'D-17' }]]
   */
  async aliasEntries(): Promise<[string, StoreRecordRef][]> {
    const { rows } = await this.query(`SELECT id, source, record_id FROM ${this.s}.aliases`);
    return rows
      .map((row): [string, StoreRecordRef] => [String(row.id), { source: String(row.source), recordId: String(row.record_id) }])
      .sort((a, b) => compareText(a[0], b[0]));
  }

  /**
   * Stored records.
   *
   * @example
   * await store.recordCount() // 5210
   */
  async recordCount(): Promise<number> {
    const { rows } = await this.query(`SELECT count(*)::int AS n FROM ${this.s}.records`);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Live entities.
   *
   * @example
   * await store.entityCount() // 4012
   */
  async entityCount(): Promise<number> {
    const { rows } = await this.query(`SELECT count(*)::int AS n FROM ${this.s}.entities`);
    return Number(rows[0]?.n ?? 0);
  }

  /** Drops this process's replica (it is rebuilt from the database on the next `add`, `lookup` or `review`). */
  forgetReplica(): Promise<void> {
    return this.mutex.run(async () => {
      this.replica = null;
    });
  }

  private query(text: string, values?: unknown[]) {
    return this.withClient((client) => client.query(text, values));
  }
}
