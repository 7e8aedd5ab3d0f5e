/**
 * What the PostgreSQL store needs from a connection pool. `pg.Pool` (node-postgres) fits; the store
 * never opens connections itself (the caller hands the pool in and ends it).
 */
import type { Readable, Writable } from 'node:stream';

/** A query result as node-postgres returns it. */
export interface PostgresResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number | null;
}

/** One checked-out connection (`pg.PoolClient`). */
export interface PostgresClient {
  query(text: string, values?: unknown[]): Promise<PostgresResult>;
  /** A named statement: prepared once per connection, then only bound and run (lookups). */
  query(config: { readonly name: string; readonly text: string; readonly values?: unknown[] }): Promise<PostgresResult>;
  /** Submittables such as pg-copy-streams' COPY streams. */
  query<S extends Readable | Writable>(stream: S): S;
  release(destroy?: boolean | Error): void;
}

/** A connection pool (`pg.Pool`). */
export interface PostgresPool {
  connect(): Promise<PostgresClient>;
}
