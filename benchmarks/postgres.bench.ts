/**
 * The entity store on PostgreSQL, at N persons' records (seeded synthetic data, all seven sources),
 * against a throwaway local PostgreSQL cluster with durable settings (fsync on, as a production
 * server): batch resolution, bulk load with COPY (the in-memory store built, then the write log and
 * read tables copied), opening a service (its replica replayed from the write log), lookups (p50/p99),
 * SQL reads of an entity, adds of 1,000 records, export to NDJSON.
 *
 *   npx tsx benchmarks/postgres.bench.ts --persons 100000 [--lookups 1000] [--batch 1000] [--batches 3]
 *   node --max-old-space-size=16000 --import tsx benchmarks/postgres.bench.ts --persons 1000000
 *
 * The machine is shared (2 cores, other jobs running): read single timings as ±20 % or worse.
 */
import { createWriteStream, mkdirSync, existsSync, readFileSync, writeFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { seededRandom } from '../src/_internal/random.js';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { resolvePersons, type PersonResolution } from '../src/resolve.js';
import type { PersonRecord } from '../src/schema/person.js';
import { validateBatch } from '../src/schema/validate.js';
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

const loadAtStart = loadavg().map((x) => x.toFixed(1)).join(' ');
const settings = { shared_buffers: "'1GB'", max_wal_size: "'8GB'", work_mem: "'64MB'" };
const cluster = startPgCluster({ durable: true, settings });
const pool = new pg.Pool({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres', max: 4 });
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

  started = performance.now();
  let resolution: PersonResolution | null = resolvePersons(bulk, { model, validate: false });
  const resolveMs = performance.now() - started;
  log(`batch resolution of ${bulk.length} records: ${seconds(resolveMs)} s, ${resolution.clusters.length} persons`);

  started = performance.now();
  const loaded = await bulkLoadPostgresStore(pool, resolution, { policy: dtsenPersonPolicy });
  const bulkLoadMs = performance.now() - started;
  resolution = null;
  const size = await pool.query(`SELECT pg_total_relation_size('padan.records') AS records, pg_total_relation_size('padan.entities') AS entities`);
  log(`bulk load: ${seconds(bulkLoadMs)} s (in-memory store built ${seconds(loaded.resolveMs)} s, COPY of log and read tables + commit ${seconds(loaded.copyMs)} s); ${JSON.stringify(loaded)}; bytes ${JSON.stringify(size.rows[0])}`);

  started = performance.now();
  const store = await openPostgresEntityStore({ pool, policy: dtsenPersonPolicy, validate: false });
  await store.lookup(records[0]); // builds this service's replica from the write log
  const openMs = performance.now() - started;
  log(`open a service (replica of ${loaded.records} records built from the database): ${seconds(openMs)} s`);

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
  for (const probe of probes) {
    const t = performance.now();
    const result = await store.lookup(probe);
    lookupMs.push(performance.now() - t);
    if (result.candidates[0]?.decision === 'match') matched++;
  }
  lookupMs.sort((a, b) => a - b);
  log(`lookup p50 ${percentile(lookupMs, 0.5).toFixed(3)} ms, p99 ${percentile(lookupMs, 0.99).toFixed(3)} ms`);

  const ids = (await pool.query(`SELECT id FROM padan.entities ORDER BY md5(id) LIMIT ${LOOKUPS}`)).rows.map((row) => String(row.id));
  const entityMs: number[] = [];
  for (const id of ids) {
    const t = performance.now();
    await store.entity(id);
    entityMs.push(performance.now() - t);
  }
  entityMs.sort((a, b) => a - b);
  log(`entity(id) from SQL p50 ${percentile(entityMs, 0.5).toFixed(3)} ms, p99 ${percentile(entityMs, 0.99).toFixed(3)} ms`);

  const addMs: number[] = [];
  const engineMs: number[] = [];
  for (let i = 0; i + BATCH <= rest.length; i += BATCH) {
    const t = performance.now();
    const changes = await store.add(rest.slice(i, i + BATCH));
    addMs.push(performance.now() - t);
    engineMs.push(Object.values(changes.report.stageMs).reduce((a, b) => a + b, 0));
  }
  log(`add ${BATCH} records: ${addMs.map((ms) => `${seconds(ms)} s`).join(', ')} (matching engine ${engineMs.map((ms) => `${seconds(ms)} s`).join(', ')})`);

  const file = join(tmpdir(), `padan-export-${process.pid}.ndjson`);
  started = performance.now();
  const out = createWriteStream(file);
  await exportPostgresSnapshot(store, out);
  await new Promise<void>((done) => out.end(done));
  const exportMs = performance.now() - started;
  const exportBytes = statSync(file).size;
  rmSync(file);
  log(`export to NDJSON: ${seconds(exportMs)} s, ${Math.round(exportBytes / 1e6)} MB`);

  const result = {
    persons: PERSONS,
    records: records.length,
    entities: loaded.entities,
    machine: `2 shared cores, other jobs running; load average at start ${loadAtStart}`,
    postgres: { version: (await pool.query('SHOW server_version')).rows[0]?.server_version, durable: true, settings },
    batchResolutionSeconds: seconds(resolveMs),
    bulkLoad: { records: loaded.records, entities: loaded.entities, seconds: seconds(bulkLoadMs), buildSeconds: seconds(loaded.resolveMs), copySeconds: seconds(loaded.copyMs), tableBytes: size.rows[0] },
    openServiceSeconds: seconds(openMs),
    lookup: { count: LOOKUPS, p50Ms: percentile(lookupMs, 0.5), p90Ms: percentile(lookupMs, 0.9), p99Ms: percentile(lookupMs, 0.99), matchedShare: matched / LOOKUPS },
    entityById: { count: ids.length, p50Ms: percentile(entityMs, 0.5), p99Ms: percentile(entityMs, 0.99) },
    add: { batchSize: BATCH, seconds: addMs.map(seconds), engineSeconds: engineMs.map(seconds) },
    export: { seconds: seconds(exportMs), bytes: exportBytes },
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
