/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` in a fresh temporary folder, a
 * server listening only on a unix socket in that folder, stopped and deleted by `stop()`. Uses the
 * Debian server binaries (`/usr/lib/postgresql/<version>/bin`, not on PATH) or `PADAN_PG_BIN`.
 * PostgreSQL refuses to run as root, so under root (CI) the folder is handed to the `postgres` user
 * and the binaries run as that user.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  /** The socket folder (pg's `host`). */
  readonly host: string;
  readonly port: number;
  /** A superuser created by initdb. */
  readonly user: string;
  /** `postgres://` URL of the `postgres` database. */
  readonly url: string;
  stop(): void;
}

export interface StartPgClusterOptions {
  /** Durable settings (fsync, synchronous commit) as a production server has; default off for tests. */
  readonly durable?: boolean;
  /** Extra `-c name=value` server settings. */
  readonly settings?: Readonly<Record<string, string>>;
}

function binDir(): string {
  const fromEnv = process.env.PADAN_PG_BIN;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error('PostgreSQL server binaries not found (install them: apt-get install -y postgresql, or set PADAN_PG_BIN)');
  }
  return join(root, newest, 'bin');
}

function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (line === undefined) throw new Error('running as root, and there is no `postgres` user to run the PostgreSQL server as');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Starts a cluster and returns how to reach it.
 *
 * @example
 * const cluster = startPgCluster();
 * const pool = new pg.Pool({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres' });
 * // …
 * await pool.end();
 * cluster.stop();
 */
export function startPgCluster(options: StartPgClusterOptions = {}): PgCluster {
  const bin = binDir();
  const owner = postgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'padan-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (owner !== null) chownSync(dir, owner.uid, owner.gid);
  const run = (command: string, args: readonly string[]): void => {
    const result = spawnSync(join(bin, command), args, {
      cwd: dir,
      encoding: 'utf8',
      ...(owner === null ? {} : { uid: owner.uid, gid: owner.gid }),
      env: { ...process.env, LC_ALL: 'C' },
    });
    if (result.status !== 0) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
      throw new Error(`${command} failed (${result.status ?? result.signal}): ${result.stderr}${result.stdout}\n${serverLog}`);
    }
  };
  const user = 'padan';
  // Each cluster has its own socket folder, so any port number is free; vary it anyway for readable logs.
  const port = 20_000 + (process.pid % 20_000);
  try {
    run('initdb', ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const settings: Record<string, string> = {
      listen_addresses: "''",
      unix_socket_directories: `'${dir}'`,
      port: String(port),
      max_connections: '100',
      ...(options.durable === true ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
      ...options.settings,
    };
    writeFileSync(
      join(data, 'postgresql.auto.conf'),
      Object.entries(settings)
        .map(([name, value]) => `${name} = ${value}\n`)
        .join(''),
    );
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let stopped = false;
  return {
    host: dir,
    port,
    user,
    url: `postgres://${user}@/postgres?host=${encodeURIComponent(dir)}&port=${port}`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
