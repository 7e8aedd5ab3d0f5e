/**
 * The entity store on PostgreSQL, at N persons' records (seeded synthetic data, all seven sources),
 * against a throwaway local PostgreSQL cluster with durable settings (fsync on, as a production
 * server): the in-memory store built from the records, bulk load with COPY (read tables, indexes
 * built after), opening a service, lookups from SQL (p50/p99), SQL reads of an entity, building a
 * writer's replica from the read tables, adds of 1,000 records, and (with --export) export to NDJSON.
 * Each phase reports wall time and the CPU time of this process and of the PostgreSQL server: on a
 * shared, loaded machine the CPU times are the numbers that carry over.
 *
 *   npx tsx benchmarks/postgres.bench.ts --persons 100000 [--lookups 1000] [--batch 1000] [--batches 3] [--export]
 *   node --max-old-space-size=16000 --import tsx benchmarks/postgres.bench.ts --persons 1000000
 *
 * The machine is shared (2 cores, other jobs running): read single timings as ±20 % or worse.
 */
import { createWriteStream, mkdirSync, existsSync, readdirSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { seededRandom } from '../src/_internal/random.js';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { resolvePersons } from '../src/resolve.js';
import type { PersonRecord } from '../src/schema/person.js';
import { validateBatch } from '../src/schema/validate.js';
import { MemoryEntityStore } from '../src/store/MemoryEntityStore.js';
import { bulkLoadPostgresStore } from '../src/store/postgres/bulkLoadPostgresStore.js';
import { exportPostgresSnapshot } from '../src/store/postgres/exportPostgresSnapshot.js';
import { openPostgresEntityStore } from '../src/store/postgres/PostgresEntityStore.js';
import { generateSources } from '../src/synth/sources.js';
import { startPgCluster } from '../tests/_pg/pgCluster.js';

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback;
};
const PERSONS = Number(argument('persons', '100000'));
const LOOKUPS = Number(argument('lookups', '1000'));
const BATCH = Number(argument('batch', '1000'));
const BATCHES = Number(argument('batches', '3'));
const EXPORT = process.argv.includes('--export');

/** CPU milliseconds of the cluster's server processes (the postmaster and its children), from /proc. */
function serverCpuMs(postmaster: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = (readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1] as string).split(' ');
      if (Number(entry) !== postmaster && Number(fields[1]) !== postmaster) continue;
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // a process that ended meanwhile
    }
  }
  return total;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
const log = (message: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const seconds = (ms: number): number => Math.round(ms) / 1000;

function shuffle<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const loadAtStart = loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');
const settings = { shared_buffers: "'1GB'", max_wal_size: "'8GB'", work_mem: "'64MB'" };
const cluster = startPgCluster({ durable: true, settings });
const pool = new pg.Pool({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres', max: 4 });
const postmaster = Number(readFileSync(join(cluster.host, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
/** Wall and CPU time of one phase: this process's and the server's CPU, and the load average at its end. */
const phase = () => {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const server = serverCpuMs(postmaster);
  return () => ({
    seconds: seconds(performance.now() - wall),
    nodeCpuSeconds: seconds((({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpu))),
    postgresCpuSeconds: seconds(serverCpuMs(postmaster) - server),
    load: loadavg()[0]?.toFixed(1),
  });
};
try {
  let started = performance.now();
  const raw: unknown[] = [];
  for (const item of generateSources({ persons: PERSONS, seed: 20_260_101 })) if (item.kind === 'person') raw.push(item.record);
  const records: PersonRecord[] = [];
  for (let i = 0; i < raw.length; i += 100_000) records.push(...validateBatch(raw.slice(i, i + 100_000), 'person', { malformedIds: 'keep-in-extra' }).valid);
  raw.length = 0;
  log(`${PERSONS} persons → ${records.length} valid records (${seconds(performance.now() - started)} s)`);

  started = performance.now();
  const model = resolvePersons(records.slice(0, Math.min(records.length, 60_000)), { validate: false, model: dtsenPersonModelSpec() }).model;
  log(`model trained in ${seconds(performance.now() - started)} s`);

  const order = shuffle(
    records.map((_, i) => i),
    7,
  );
  const tail = Math.min(Math.floor(records.length / 10), BATCHES * BATCH);
  const bulk = order.slice(0, records.length - tail).map((i) => records[i] as PersonRecord);
  const rest = order.slice(records.length - tail).map((i) => records[i] as PersonRecord);

  const build = phase();
  let memory: MemoryEntityStore | null = new MemoryEntityStore({ model, policy: dtsenPersonPolicy, validate: false });
  await memory.add(bulk, { validate: false });
  const buildTimes = build();
  log(`in-memory store of ${bulk.length} records built: ${JSON.stringify(buildTimes)}`);

  const load = phase();
  const loaded = await bulkLoadPostgresStore(pool, memory);
  const loadTimes = load();
  memory = null;
  const size = await pool.query(
    `SELECT relname, pg_total_relation_size(c.oid)::bigint AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname = 'padan' AND relkind = 'r' ORDER BY 2 DESC`,
  );
  const tableBytes = Object.fromEntries(size.rows.map((row) => [String(row.relname), Number(row.bytes)]));
  const copyRows = (
    await pool.query(
      `SELECT (SELECT count(*) FROM padan.records) + (SELECT count(*) FROM padan.entities) + (SELECT count(*) FROM padan.block_keys) + (SELECT count(*) FROM padan.term_counts) AS n`,
    )
  ).rows[0]?.n;
  log(
    `bulk load (COPY of the read tables, indexes, commit, analyze): ${JSON.stringify(loadTimes)}; ${copyRows} rows; ${JSON.stringify(loaded)}; bytes ${JSON.stringify(tableBytes)}`,
  );

  const open = phase();
  const store = await openPostgresEntityStore({ pool, policy: dtsenPersonPolicy, validate: false });
  await store.lookup(records[0]);
  const openTimes = open();
  log(`open a service and answer its first lookup: ${JSON.stringify(openTimes)}`);

  const random = seededRandom(11);
  const probes: unknown[] = [];
  for (let i = 0; i < LOOKUPS; i++) {
    const base = records[Math.floor(random() * records.length)] as PersonRecord;
    probes.push(
      i % 4 === 3
        ? { ...base, source: 'citizen', recordId: `Q-${i}`, name: `${base.name} Zzq${i}`, nik: null, kk: null, birthDate: '1901-01-01' }
        : { ...base, source: 'citizen', recordId: `Q-${i}` },
    );
  }
  for (let i = 0; i < 200; i++) await store.lookup(probes[i % probes.length]);
  const lookupMs: number[] = [];
  let matched = 0;
  let compared = 0;
  const lookups = phase();
  for (const probe of probes) {
    const t = performance.now();
    const result = await store.lookup(probe);
    lookupMs.push(performance.now() - t);
    compared += result.compared;
    if (result.candidates[0]?.decision === 'match') matched++;
  }
  const lookupTimes = lookups();
  lookupMs.sort((a, b) => a - b);
  log(
    `lookup from SQL p50 ${percentile(lookupMs, 0.5).toFixed(3)} ms, p99 ${percentile(lookupMs, 0.99).toFixed(3)} ms; ${JSON.stringify(lookupTimes)} for ${LOOKUPS}`,
  );

  const ids = (await pool.query(`SELECT id FROM padan.entities ORDER BY md5(id) LIMIT ${LOOKUPS}`)).rows.map((row) => String(row.id));
  const entityMs: number[] = [];
  for (const id of ids) {
    const t = performance.now();
    await store.entity(id);
    entityMs.push(performance.now() - t);
  }
  entityMs.sort((a, b) => a - b);
  log(`entity(id) from SQL p50 ${percentile(entityMs, 0.5).toFixed(3)} ms, p99 ${percentile(entityMs, 0.99).toFixed(3)} ms`);

  const warm = phase();
  await store.warmReplica();
  const replicaTimes = warm();
  log(`a writer's replica built from the read tables: ${JSON.stringify(replicaTimes)}`);

  const adds: ReturnType<ReturnType<typeof phase>>[] = [];
  const engineMs: number[] = [];
  for (let i = 0; i + BATCH <= rest.length; i += BATCH) {
    const add = phase();
    const changes = await store.add(rest.slice(i, i + BATCH));
    adds.push(add());
    engineMs.push(Object.values(changes.report.stageMs).reduce((a, b) => a + b, 0));
  }
  log(`add ${BATCH} records: ${JSON.stringify(adds)} (matching engine ${engineMs.map((ms) => `${seconds(ms)} s`).join(', ')})`);

  let exported: { seconds: number; bytes: number } | null = null;
  if (EXPORT) {
    const file = join(tmpdir(), `padan-export-${process.pid}.ndjson`);
    const started = performance.now();
    const out = createWriteStream(file);
    await exportPostgresSnapshot(store, out);
    await new Promise<void>((done) => out.end(done));
    exported = { seconds: seconds(performance.now() - started), bytes: statSync(file).size };
    rmSync(file);
    log(`export to NDJSON: ${JSON.stringify(exported)}`);
  }

  const result = {
    persons: PERSONS,
    records: records.length,
    entities: loaded.entities,
    machine: `2 shared cores, other jobs running; load average at start ${loadAtStart}`,
    postgres: { version: (await pool.query('SHOW server_version')).rows[0]?.server_version, durable: true, settings },
    buildInMemory: buildTimes,
    bulkLoad: { records: loaded.records, entities: loaded.entities, rows: Number(copyRows), ...loadTimes, tableBytes },
    openAndFirstLookup: openTimes,
    lookup: {
      count: LOOKUPS,
      p50Ms: percentile(lookupMs, 0.5),
      p90Ms: percentile(lookupMs, 0.9),
      p99Ms: percentile(lookupMs, 0.99),
      matchedShare: matched / LOOKUPS,
      meanCompared: compared / LOOKUPS,
      ...lookupTimes,
    },
    entityById: { count: ids.length, p50Ms: percentile(entityMs, 0.5), p99Ms: percentile(entityMs, 0.99) },
    replicaBuild: replicaTimes,
    add: { batchSize: BATCH, runs: adds, engineSeconds: engineMs.map(seconds) },
    ...(exported === null ? {} : { export: exported }),
  };
  console.log(JSON.stringify(result, null, 2));
  const output = new URL('./results/postgres-store.json', import.meta.url);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const runs: Record<string, unknown> = existsSync(output) ? ((JSON.parse(readFileSync(output, 'utf8')) as { runs: Record<string, unknown> }).runs ?? {}) : {};
  runs[String(PERSONS)] = { ...result, date: new Date().toISOString() };
  writeFileSync(output, `${JSON.stringify({ benchmark: 'postgres-store', runs }, null, 2)}\n`);
} finally {
  await pool.end();
  cluster.stop();
}
