/**
 * vitest globalSetup: one throwaway PostgreSQL cluster for the whole run (tests that need it create
 * their own database in it with `createTestDatabase`). Set `PADAN_TEST_PG_URL` to use a running
 * server instead. Never skipped: when no server can be started the run fails, saying why.
 */
import type { TestProject } from 'vitest/node';
import { startPgCluster, type PgCluster } from '../_pg/pgCluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: { readonly host: string; readonly port: number; readonly user: string; readonly url: string };
  }
}

let cluster: PgCluster | null = null;

export function setup(project: TestProject): void {
  const url = process.env.PADAN_TEST_PG_URL;
  if (url !== undefined && url !== '') {
    const parsed = new URL(url);
    project.provide('pg', {
      host: parsed.searchParams.get('host') ?? parsed.hostname,
      port: Number(parsed.searchParams.get('port') ?? parsed.port ?? 5432),
      user: decodeURIComponent(parsed.username),
      url,
    });
    return;
  }
  cluster = startPgCluster();
  project.provide('pg', { host: cluster.host, port: cluster.port, user: cluster.user, url: cluster.url });
}

export function teardown(): void {
  cluster?.stop();
  cluster = null;
}
