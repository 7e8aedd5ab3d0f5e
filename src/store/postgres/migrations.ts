import { checkOptionKeys, describeType, invalidArgument } from '../../_internal/arguments.js';
import { PadanError } from '../../_internal/error.js';
import type { PostgresClient, PostgresPool } from './types.js';

/** One schema change; `sql` takes the schema name (already checked and quoted). */
interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: (schema: string) => string;
}

// Append only: a released migration never changes. Text columns use the "C" collation so that
// database order is byte order (record keys are compared as code points, never by locale).
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'entity store: records, entities, retired IDs',
    sql: (s) => `
      CREATE TABLE ${s}.meta (key text COLLATE "C" PRIMARY KEY, value json NOT NULL);
      CREATE TABLE ${s}.records (
        seq bigint PRIMARY KEY,
        source text COLLATE "C" NOT NULL,
        record_id text COLLATE "C" NOT NULL,
        entity_id text COLLATE "C" NOT NULL,
        nik text COLLATE "C",
        kk text COLLATE "C",
        record json NOT NULL,
        UNIQUE (source, record_id)
      );
      CREATE INDEX records_entity_id ON ${s}.records (entity_id);
      CREATE INDEX records_nik ON ${s}.records (nik) WHERE nik IS NOT NULL;
      CREATE INDEX records_kk ON ${s}.records (kk) WHERE kk IS NOT NULL;
      CREATE TABLE ${s}.entities (
        id text COLLATE "C" PRIMARY KEY,
        record_count integer NOT NULL,
        merge json NOT NULL
      );
      CREATE TABLE ${s}.aliases (
        id text COLLATE "C" PRIMARY KEY,
        source text COLLATE "C" NOT NULL,
        record_id text COLLATE "C" NOT NULL,
        seq bigint NOT NULL
      );
      CREATE INDEX aliases_seq ON ${s}.aliases (seq);`,
  },
  {
    // Version 1 kept only records and entities (the append-only engine). Version 2 is the EntityStore
    // contract: the write log every replica replays (`ops`, `op_records`) and the tables reads come
    // from, which every write brings to the log's head in the same transaction. A version-1 store's
    // records become the first write; its read tables are rebuilt when it is next opened
    // (`materialized` 0). Its retired IDs are not carried over (the version-1 engine kept no record of
    // what they merged into).
    version: 2,
    name: 'entity store: write log, versions, withdrawals, decisions, review, audit',
    sql: (s) => `
      CREATE TABLE ${s}.ops (
        seq bigint PRIMARY KEY,
        kind text COLLATE "C" NOT NULL CHECK (kind IN ('add', 'withdraw', 'decide', 'snapshot')),
        payload json NOT NULL
      );
      CREATE TABLE ${s}.op_records (
        op_seq bigint NOT NULL REFERENCES ${s}.ops (seq),
        n integer NOT NULL,
        record json NOT NULL,
        PRIMARY KEY (op_seq, n)
      );
      INSERT INTO ${s}.ops (seq, kind, payload) SELECT 1, 'add', '{"invalid":0}' WHERE EXISTS (SELECT 1 FROM ${s}.records);
      INSERT INTO ${s}.op_records (op_seq, n, record) SELECT 1, row_number() OVER (ORDER BY seq), record FROM ${s}.records;
      DELETE FROM ${s}.meta WHERE key IN ('head', 'materialized', 'stats');
      INSERT INTO ${s}.meta (key, value) SELECT 'head', to_json(count(*)) FROM ${s}.ops;
      INSERT INTO ${s}.meta (key, value) VALUES ('materialized', '0'),
        ('stats', '{"records":0,"entities":0,"withdrawn":0,"superseded":0,"decisions":0,"aliases":0}');
      DROP TABLE ${s}.records, ${s}.entities, ${s}.aliases;
      CREATE TABLE ${s}.records (
        source text COLLATE "C" NOT NULL,
        record_id text COLLATE "C" NOT NULL,
        entity_id text COLLATE "C",
        nik text COLLATE "C",
        kk text COLLATE "C",
        first_seen text COLLATE "C",
        record json NOT NULL,
        earlier json NOT NULL,
        withdrawn json,
        PRIMARY KEY (source, record_id)
      );
      CREATE INDEX records_entity_id ON ${s}.records (entity_id) WHERE entity_id IS NOT NULL;
      CREATE INDEX records_nik ON ${s}.records (nik) WHERE nik IS NOT NULL;
      CREATE INDEX records_kk ON ${s}.records (kk) WHERE kk IS NOT NULL;
      CREATE TABLE ${s}.entities (
        id text COLLATE "C" PRIMARY KEY,
        merge json NOT NULL
      );
      CREATE TABLE ${s}.aliases (
        id text COLLATE "C" PRIMARY KEY,
        into_id text COLLATE "C",
        withdrawn boolean NOT NULL
      );
      CREATE TABLE ${s}.review (
        left_source text COLLATE "C" NOT NULL,
        left_record_id text COLLATE "C" NOT NULL,
        right_source text COLLATE "C" NOT NULL,
        right_record_id text COLLATE "C" NOT NULL,
        item json NOT NULL,
        PRIMARY KEY (left_source, left_record_id, right_source, right_record_id)
      );
      CREATE TABLE ${s}.decisions (seq integer PRIMARY KEY, decision json NOT NULL);
      CREATE TABLE ${s}.audit (seq integer PRIMARY KEY, entry json NOT NULL);`,
  },
  {
    // Version 3: lookups from the database, and replicas built from the read tables. `block_keys`
    // holds each record in matching's key per blocking rule (with the rule's window sort key) and
    // `term_counts` the counts of term-frequency values (the `tf` meta row: per column, records with
    // a value and the exact agreement rate), so a lookup is blocked and scored from SQL. An entity row
    // names the record its ID belongs to (what a replica needs to restore IDs) and no longer stores
    // the unified record (merged on read, as the in-memory store does). A `base` write says: the
    // state at this position is what the read tables held (a bulk load); replicas start from the read
    // tables, not from the start of the log. A version-2 store's tables are rebuilt from its log when
    // it is next opened (`materialized` 0).
    version: 3,
    name: 'entity store: lookups from blocking keys and term counts; entity anchors',
    sql: (s) => `
      ALTER TABLE ${s}.ops DROP CONSTRAINT ops_kind_check;
      ALTER TABLE ${s}.ops ADD CONSTRAINT ops_kind_check CHECK (kind IN ('add', 'withdraw', 'decide', 'snapshot', 'base'));
      ALTER TABLE ${s}.entities DROP COLUMN merge;
      ALTER TABLE ${s}.entities ADD COLUMN anchor_source text COLLATE "C" NOT NULL DEFAULT '', ADD COLUMN anchor_record_id text COLLATE "C" NOT NULL DEFAULT '';
      ALTER TABLE ${s}.entities ALTER COLUMN anchor_source DROP DEFAULT, ALTER COLUMN anchor_record_id DROP DEFAULT;
      ALTER TABLE ${s}.records ALTER COLUMN earlier DROP NOT NULL;
      CREATE TABLE ${s}.block_keys (
        rule smallint NOT NULL,
        key text COLLATE "C" NOT NULL,
        sort_key text COLLATE "C" NOT NULL,
        source text COLLATE "C" NOT NULL,
        record_id text COLLATE "C" NOT NULL
      );
      CREATE INDEX block_keys_window ON ${s}.block_keys (rule, key, sort_key, source, record_id);
      CREATE TABLE ${s}.term_counts (
        column_key text COLLATE "C" NOT NULL,
        value text COLLATE "C" NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (column_key, value)
      );
      DELETE FROM ${s}.meta WHERE key = 'tf';
      INSERT INTO ${s}.meta (key, value) VALUES ('tf', '[]');
      UPDATE ${s}.meta SET value = '0' WHERE key = 'materialized';`,
  },
  {
    // Version 4: families and households in the read tables. A replica built from version 3's tables
    // had no family or dwelling records (they were only in the write log) and derived family and
    // household IDs afresh, which need not be the IDs the store gave. `group_records` holds family
    // and dwelling records as `records` holds persons; `group_ids` each family's and household's ID,
    // live on the record it belongs to (the anchor) or retired (merged into `into_id`, or withdrawn).
    // A version-3 store with any write has its tables rebuilt when it is next opened (`materialized`
    // 0): from the whole log, or, after a bulk load, from its tables and its logged family and
    // dwelling writes (see `rebuildTablesIfBehind`).
    version: 4,
    name: 'entity store: family and dwelling records, family and household IDs',
    sql: (s) => `
      CREATE TABLE ${s}.group_records (
        kind text COLLATE "C" NOT NULL CHECK (kind IN ('family', 'dwelling')),
        source text COLLATE "C" NOT NULL,
        record_id text COLLATE "C" NOT NULL,
        first_seen text COLLATE "C",
        record json NOT NULL,
        earlier json,
        withdrawn json,
        PRIMARY KEY (kind, source, record_id)
      );
      CREATE TABLE ${s}.group_ids (
        id text COLLATE "C" PRIMARY KEY,
        kind text COLLATE "C" NOT NULL CHECK (kind IN ('family', 'household')),
        anchor_kind text COLLATE "C" CHECK (anchor_kind IN ('person', 'family', 'dwelling')),
        anchor_source text COLLATE "C",
        anchor_record_id text COLLATE "C",
        into_id text COLLATE "C",
        withdrawn boolean NOT NULL,
        CHECK ((anchor_kind IS NOT NULL) = (anchor_source IS NOT NULL) AND (anchor_source IS NOT NULL) = (anchor_record_id IS NOT NULL)),
        CHECK (anchor_kind IS NULL OR (into_id IS NULL AND NOT withdrawn))
      );
      UPDATE ${s}.meta SET value = '0' WHERE key = 'materialized' AND EXISTS (SELECT 1 FROM ${s}.ops);`,
  },
];

/** The schema version this library writes. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** Lock namespace for padan's advisory locks ('pada' in ASCII), so they never collide with the caller's. */
export const LOCK_NAMESPACE = 0x70616461;

/** A schema name, checked (lower-case identifier) and quoted for SQL. */
export function quoteSchema(schema: string): string {
  if (typeof schema !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    // Only a string is quoted back (redacted by PadanError); String() of a hostile object may throw.
    throw new PadanError(
      'invalid-argument',
      `postgres store: schema must be a lower-case SQL identifier (got ${typeof schema === 'string' ? JSON.stringify(schema.slice(0, 64)) : describeType(schema)})`,
    );
  }
  return `"${schema}"`;
}

/** Options of {@link migratePostgresStore}. */
export interface MigratePostgresStoreOptions {
  /** The PostgreSQL schema holding the store's tables (default `padan`). */
  readonly schema?: string;
}

/** What {@link migratePostgresStore} did. */
export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly { readonly version: number; readonly name: string }[];
}

/**
 * Creates or upgrades the store's tables: the schema's `migrations` table records each applied
 * version, and the missing ones are applied in order, in one transaction, under an advisory lock (two
 * services starting at once do not race). A database written by a newer padan is refused.
 *
 * @example
 * await migratePostgresStore(pool) // { from: 0, to: 1, applied: [{ version: 1, … }] }
 * await migratePostgresStore(pool) // { from: 1, to: 1, applied: [] }
 */
export async function migratePostgresStore(pool: PostgresPool, options?: MigratePostgresStoreOptions): Promise<MigrationReport> {
  if (typeof pool?.connect !== 'function') throw invalidArgument('migratePostgresStore', 'pool', 'a pg.Pool', pool);
  checkOptionKeys(options, 'migratePostgresStore', ['schema']);
  const schema = options?.schema ?? 'padan';
  const s = quoteSchema(schema);
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, `migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const from = await schemaVersion(client, s);
    if (from > POSTGRES_SCHEMA_VERSION) {
      throw new PadanError(
        'invalid-config',
        `postgres store: schema "${schema}" is at version ${from}, newer than this library (${POSTGRES_SCHEMA_VERSION}); upgrade padan`,
      );
    }
    const applied: { version: number; name: string }[] = [];
    for (const migration of MIGRATIONS) {
      if (migration.version <= from) continue;
      await client.query(migration.sql(s));
      await client.query(`INSERT INTO ${s}.migrations (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
      applied.push({ version: migration.version, name: migration.name });
    }
    await client.query('COMMIT');
    return { from, to: POSTGRES_SCHEMA_VERSION, applied };
  } catch (error) {
    failed = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failed);
  }
}

/** The schema's applied version (0 when none). */
export async function schemaVersion(client: PostgresClient, quotedSchema: string): Promise<number> {
  const { rows } = await client.query(`SELECT coalesce(max(version), 0) AS version FROM ${quotedSchema}.migrations`);
  return Number(rows[0]?.version ?? 0);
}
