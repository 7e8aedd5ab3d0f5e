/**
 * Entity store: build at N persons' records (seeded synthetic data, all seven sources), add-batch
 * throughput, lookup latency, memory per stored person, and a batch-equals-incremental check
 * (10 shuffled batches vs one batch vs `resolvePersons`).
 *
 *   npx tsx benchmarks/store.bench.ts --persons 100000 [--check] [--lookups 1000]
 *   node --expose-gc --import tsx benchmarks/store.bench.ts --persons 1000000   (exact memory)
 *
 * The machine is shared (2 cores, other jobs running): timings are noisy, so latencies are reported
 * as medians / percentiles, and single timings should be read as ±20 %.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { seededRandom } from '../src/_internal/random.js';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { resolvePersons } from '../src/resolve.js';
import type { PersonRecord } from '../src/schema/person.js';
import { validateBatch } from '../src/schema/validate.js';
import { createEntityStore } from '../src/store/createEntityStore.js';
import type { EntityStore } from '../src/store/types.js';
import { generateSources } from '../src/synth/sources.js';

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback;
};
const PERSONS = Number(argument('persons', '100000'));
const LOOKUPS = Number(argument('lookups', '1000'));
const BATCH = Number(argument('batch', '1000'));
// The 10-vs-1 check needs two more full builds and a batch run: on by default up to 200k persons.
const CHECK = process.argv.includes('--check') || (PERSONS <= 200_000 && !process.argv.includes('--no-check'));

const gc = (globalThis as { gc?: () => void }).gc;
const heap = (): number => {
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external + usage.arrayBuffers;
};
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const log = (message: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

function shuffle<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const heapBeforeData = heap();
let started = performance.now();
const raw: unknown[] = [];
for (const item of generateSources({ persons: PERSONS, seed: 20_260_101 })) if (item.kind === 'person') raw.push(item.record);
const records: PersonRecord[] = [];
for (let i = 0; i < raw.length; i += 100_000) records.push(...validateBatch(raw.slice(i, i + 100_000), 'person', { malformedIds: 'keep-in-extra' }).valid);
raw.length = 0;
const generateMs = performance.now() - started;
log(`${PERSONS} persons → ${records.length} valid records (${(generateMs / 1000).toFixed(1)} s to generate and validate)`);

// Train once on a sample, as a ministry would, then keep the model fixed.
started = performance.now();
const sample = records.slice(0, Math.min(records.length, 60_000));
const model = resolvePersons(sample, { validate: false, model: dtsenPersonModelSpec() }).model;
const trainMs = performance.now() - started;
log(`model trained on ${sample.length} records in ${(trainMs / 1000).toFixed(1)} s`);

const heapWithData = heap();
const order = shuffle(
  records.map((_, i) => i),
  7,
);
const BATCHES = Number(argument('batches', '20'));
const tail = Math.min(Math.floor(records.length / 10), BATCHES * BATCH);
const bulk = order.slice(0, records.length - tail).map((i) => records[i] as PersonRecord);
const rest = order.slice(records.length - tail).map((i) => records[i] as PersonRecord);

const store = createEntityStore({ model, policy: dtsenPersonPolicy, validate: false });
started = performance.now();
await store.add(bulk);
const bulkMs = performance.now() - started;
log(`bulk add ${bulk.length} records: ${(bulkMs / 1000).toFixed(1)} s`);

const heapWithStore = heap();
const storeBytes = heapWithStore - heapWithData;
// Measured after the bulk add: scale to the persons whose records were stored by then.
const storedPersons = (PERSONS * bulk.length) / records.length;
const recordBytes = heapWithData - heapBeforeData;

// Lookups: the objection desk. Copies of stored persons as a citizen re-submits them (new key,
// typed again), plus strangers' records that match nobody.
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
for (let i = 0; i < 200; i++) await store.lookup(probes[i % probes.length]); // warm up
const lookupMs: number[] = [];
// CPU time too: on a shared, overloaded machine the wall-clock tail is mostly the scheduler.
const lookupCpuMs: number[] = [];
let found = 0;
let compared = 0;
for (const probe of probes) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = await store.lookup(probe);
  lookupMs.push(performance.now() - t);
  const used = process.cpuUsage(cpu);
  lookupCpuMs.push((used.user + used.system) / 1000);
  if (result.candidates[0]?.decision === 'match') found++;
  compared += result.compared;
}
lookupMs.sort((a, b) => a - b);
lookupCpuMs.sort((a, b) => a - b);
log(
  `lookup p50 ${percentile(lookupMs, 0.5).toFixed(3)} ms, p99 ${percentile(lookupMs, 0.99).toFixed(3)} ms ` +
    `(CPU p50 ${percentile(lookupCpuMs, 0.5).toFixed(3)}, p99 ${percentile(lookupCpuMs, 0.99).toFixed(3)}); ` +
    `store ${Math.round(storeBytes / storedPersons)} B/person, records ${Math.round(recordBytes / PERSONS)} B/person`,
);

const batchMs: number[] = [];
const batchReport = { merged: 0, attached: 0, created: 0, split: 0, pairsRescored: 0 };
for (let i = 0; i < rest.length; i += BATCH) {
  const t = performance.now();
  const changes = await store.add(rest.slice(i, i + BATCH));
  batchMs.push(performance.now() - t);
  batchReport.merged += changes.merged.length;
  batchReport.attached += changes.attached.length;
  batchReport.created += changes.created.length;
  batchReport.split += changes.split.length;
  batchReport.pairsRescored += changes.report.pairsRescored;
}
const medianBatchMs = median(batchMs);
log(`${batchMs.length} batches of ${BATCH}: median ${medianBatchMs.toFixed(0)} ms`);

async function entitiesOf(target: EntityStore): Promise<string> {
  return JSON.stringify(await target.entities());
}

let check: { batches: number; sameAsOneBatch: boolean; sameAsResolvePersons: boolean; tenBatchesMs: number; resolvePersonsSeconds: number } | null = null;
if (CHECK) {
  const oneBatch = await entitiesOf(store);
  const incremental = createEntityStore({ model, policy: dtsenPersonPolicy, validate: false });
  const shuffled = shuffle([...records], 99);
  const size = Math.ceil(shuffled.length / 10);
  started = performance.now();
  for (let b = 0; b < 10; b++) await incremental.add(shuffled.slice(b * size, (b + 1) * size));
  const tenBatchesMs = performance.now() - started;
  const sameAsOneBatch = (await entitiesOf(incremental)) === oneBatch;
  started = performance.now();
  const resolution = resolvePersons(records, { model, validate: false });
  const resolveSeconds = (performance.now() - started) / 1000;
  const batchEntities = resolution.clusters
    .map((cluster) => ({
      id: cluster.id,
      records: cluster.records.map((r) => ({
        source: (resolution.records[r] as PersonRecord).source,
        recordId: (resolution.records[r] as PersonRecord).recordId,
      })),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const sameAsResolvePersons = JSON.stringify(batchEntities) === oneBatch;
  check = { batches: 10, sameAsOneBatch, sameAsResolvePersons, tenBatchesMs, resolvePersonsSeconds: resolveSeconds };
  log(`10 batches vs 1: ${sameAsOneBatch ? 'identical' : 'DIFFERENT'}; vs resolvePersons: ${sameAsResolvePersons ? 'identical' : 'DIFFERENT'}`);
}

const result = {
  persons: PERSONS,
  records: records.length,
  entities: (await store.stats()).entities,
  machine: '2 shared cores; timings noisy (medians)',
  gcExposed: gc !== undefined,
  generateSeconds: generateMs / 1000,
  trainSeconds: trainMs / 1000,
  bulkAdd: { records: bulk.length, seconds: bulkMs / 1000, recordsPerSecond: bulk.length / (bulkMs / 1000) },
  addBatches: {
    batchSize: BATCH,
    batches: batchMs.length,
    medianMs: medianBatchMs,
    recordsPerSecond: BATCH / (medianBatchMs / 1000),
    ...batchReport,
  },
  lookup: {
    count: LOOKUPS,
    p50Ms: percentile(lookupMs, 0.5),
    p90Ms: percentile(lookupMs, 0.9),
    p99Ms: percentile(lookupMs, 0.99),
    maxMs: lookupMs[lookupMs.length - 1],
    cpuP50Ms: percentile(lookupCpuMs, 0.5),
    cpuP99Ms: percentile(lookupCpuMs, 0.99),
    matchedShare: found / LOOKUPS,
    meanCompared: compared / LOOKUPS,
  },
  memory: {
    storeBytes,
    storeBytesPerPerson: storeBytes / storedPersons,
    storeBytesPerRecord: storeBytes / bulk.length,
    recordObjectsBytesPerPerson: recordBytes / PERSONS,
  },
  batchEqualsIncremental: check,
};

const rows: [string, string][] = [
  ['persons / records / entities', `${PERSONS} / ${records.length} / ${(await store.stats()).entities}`],
  ['bulk add', `${bulk.length} records in ${(bulkMs / 1000).toFixed(1)} s (${Math.round(result.bulkAdd.recordsPerSecond)} rec/s)`],
  [`add batch of ${BATCH}`, `median ${medianBatchMs.toFixed(0)} ms (${Math.round(result.addBatches.recordsPerSecond)} rec/s) over ${batchMs.length}`],
  ['lookup p50 / p90 / p99', `${result.lookup.p50Ms.toFixed(3)} / ${result.lookup.p90Ms.toFixed(3)} / ${result.lookup.p99Ms.toFixed(3)} ms`],
  ['lookup CPU time p50 / p99', `${result.lookup.cpuP50Ms.toFixed(3)} / ${result.lookup.cpuP99Ms.toFixed(3)} ms`],
  ['lookup: top candidate a match', `${(result.lookup.matchedShare * 100).toFixed(0)} % (75 % are known persons)`],
  [
    'store memory per person',
    `${Math.round(result.memory.storeBytesPerPerson)} B (+ ${Math.round(result.memory.recordObjectsBytesPerPerson)} B the record objects)`,
  ],
  [
    'batch = incremental (10 vs 1)',
    check === null
      ? 'skipped'
      : `${check.sameAsOneBatch && check.sameAsResolvePersons ? 'identical' : 'DIFFERENT'} (10 batches: ${(check.tenBatchesMs / 1000).toFixed(1)} s)`,
  ],
];
const width = Math.max(...rows.map(([label]) => label.length));
for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);

// One file, one entry per store size: a 1M run does not erase the 100k run's numbers.
const output = new URL('./results/store.json', import.meta.url);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
let runs: Record<string, unknown> = {};
if (existsSync(output)) {
  const previous = JSON.parse(readFileSync(output, 'utf8')) as { runs?: Record<string, unknown>; persons?: number };
  runs = previous.runs ?? (previous.persons === undefined ? {} : { [String(previous.persons)]: previous });
}
runs[String(PERSONS)] = { ...result, date: new Date().toISOString() };
writeFileSync(output, `${JSON.stringify({ benchmark: 'store', runs }, null, 2)}\n`);
