/**
 * Advisory lock or serializable transactions for the PostgreSQL store's concurrent writers: four
 * writers (each its own pool and replica, as four services) add interleaved batches of one seeded
 * population while two readers look records up; wall time, writes redone, and a check that the end
 * state equals a single in-memory store's. Small on purpose (it runs beside other work):
 *
 *   nice -n 10 npx tsx benchmarks/postgresConcurrency.bench.ts [--persons 60] [--batch 6] [--rounds 2]
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { resolvePersons } from '../src/resolve.js';
import type { PersonRecord } from '../src/schema/person.js';
import { validateBatch } from '../src/schema/validate.js';
import { createEntityStore } from '../src/store/createEntityStore.js';
import { openPostgresEntityStore, type PostgresEntityStore } from '../src/store/postgres/PostgresEntityStore.js';
import { generateSources } from '../src/synth/sources.js';
import { startPgCluster } from '../tests/_pg/pgCluster.js';

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback;
};
const PERSONS = Number(argument('persons', '60'));
const BATCH = Number(argument('batch', '6'));
const ROUNDS = Number(argument('rounds', '2'));

const raw: unknown[] = [];
for (const item of generateSources({ persons: PERSONS, seed: 31 })) if (item.kind === 'person') raw.push(item.record);
const records = validateBatch(raw, 'person', { malformedIds: 'keep-in-extra' }).valid;
const model = resolvePersons(records, { validate: false, model: dtsenPersonModelSpec() }).model;
const single = createEntityStore({ model, policy: dtsenPersonPolicy });
await single.add(records);
const expected = JSON.stringify(await single.entities());

const cluster = startPgCluster({ durable: true });
const pools: pg.Pool[] = [];
const pool = (max: number): pg.Pool => {
  const made = new pg.Pool({ host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres', max });
  pools.push(made);
  return made;
};
const results: Record<string, unknown>[] = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const concurrency of ['advisory-lock', 'serializable'] as const) {
      const schema = `${concurrency.replace('-', '_')}_${round}`;
      await openPostgresEntityStore({ pool: pool(1), model, policy: dtsenPersonPolicy, schema });
      const open = (): Promise<PostgresEntityStore> => openPostgresEntityStore({ pool: pool(2), policy: dtsenPersonPolicy, schema, concurrency });
      const writers = await Promise.all([0, 1, 2, 3].map(open));
      const readers = await Promise.all([0, 1].map(open));
      const started = performance.now();
      let writing = true;
      let reads = 0;
      const written = writers.map(async (store, w) => {
        const mine = records.filter((_, i) => i % 4 === w);
        for (let i = 0; i < mine.length; i += BATCH) await store.add(mine.slice(i, i + BATCH));
      });
      const read = readers.map(async (store, r) => {
        for (let i = r; writing; i += 5) {
          await store.lookup(records[i % records.length] as PersonRecord, { explain: false });
          reads++;
        }
      });
      await Promise.all(written);
      const seconds = (performance.now() - started) / 1000;
      writing = false;
      await Promise.all(read);
      const same = JSON.stringify(await writers[0]!.entities()) === expected;
      const result = {
        concurrency,
        round,
        records: records.length,
        writes: Math.ceil(records.length / BATCH),
        seconds: Math.round(seconds * 100) / 100,
        retries: writers.reduce((n, s) => n + s.conflictRetries, 0),
        reads,
        sameAsSingleWriter: same,
      };
      console.error(JSON.stringify(result));
      results.push(result);
    }
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'postgres-concurrency',
        machine: `2 shared cores; load average ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')}`,
        results,
      },
      null,
      2,
    ),
  );
} finally {
  await Promise.all(pools.map((p) => p.end()));
  cluster.stop();
}
