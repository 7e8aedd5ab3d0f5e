/**
 * A fresh database per test file in the run's throwaway cluster (see tests/_setup/postgres.ts), and
 * pools on it. `drop()` ends the pools it made and drops the database.
 */
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  readonly name: string;
  /** Connection settings for `new pg.Pool(…)` / `new pg.Client(…)`. */
  readonly config: pg.PoolConfig;
  /** A new pool on the database, ended by `drop()`. */
  pool(options?: pg.PoolConfig): pg.Pool;
  drop(): Promise<void>;
}

let counter = 0;

/**
 * PostgreSQL ends idle connections with 57P01 ("terminating connection due to administrator command")
 * when a database is dropped WITH (FORCE) or the throwaway cluster stops; a pool whose idle client
 * gets it emits 'error', and without a listener that is an unhandled error that fails the whole run.
 * Every other error still surfaces.
 */
function ignoreAdminShutdown(error: Error & { code?: string }): void {
  if (error.code === '57P01') return;
  setImmediate(() => {
    throw error;
  });
}

export async function createTestDatabase(prefix = 'padan_test'): Promise<TestDatabase> {
  const server = inject('pg');
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ host: server.host, port: server.port, user: server.user, database: 'postgres' });
  admin.on('error', ignoreAdminShutdown);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const config: pg.PoolConfig = { host: server.host, port: server.port, user: server.user, database: name };
  const pools: pg.Pool[] = [];
  return {
    name,
    config,
    pool(options) {
      const pool = new pg.Pool({ ...config, ...options });
      pool.on('error', ignoreAdminShutdown);
      pools.push(pool);
      return pool;
    },
    async drop() {
      await Promise.all(pools.map((p) => p.end()));
      const client = new pg.Client({ host: server.host, port: server.port, user: server.user, database: 'postgres' });
      client.on('error', ignoreAdminShutdown);
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
