/**
 * The resolve job alone, partition by partition, in this thread: CPU time, garbage-collection time and
 * candidate pairs per record by partition size — what a resolve job costs and why larger partitions
 * cost more per record. The work folder is split and trained once with `--prepare` (no partition is
 * resolved then) and reused; each run resolves the partitions again in place.
 *
 *   node --import tsx benchmarks/resolveJobs.ts --data /work/data/p200k --work /tmp/w200k --prepare
 *   node --import tsx benchmarks/resolveJobs.ts --work /tmp/w200k [--largest 40] [--every 1]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { runPartitioned } from '../src/cli/partitioned.js';
import { runPartitionJob } from '../src/partitionJobs.js';
import { manifestFile, type PartitionManifest } from '../src/partition/partitionFiles.js';
import { machineInfo } from './_harness/machine.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    work: { type: 'string' },
    prepare: { type: 'boolean', default: false },
    // Only the N largest partitions (default: all), and of those every k-th.
    largest: { type: 'string' },
    every: { type: 'string', default: '1' },
    provenance: { type: 'string', default: 'summary' },
  },
});
if (values.work === undefined) throw new Error('usage: benchmarks/resolveJobs.ts --work DIR [--data DIR --prepare] [--largest N] [--every K]');
const work = values.work;
const log = (text: string): void => void process.stderr.write(`[resolveJobs] ${text}\n`);

if (values.prepare) {
  if (values.data === undefined) throw new Error('--prepare needs --data');
  const files = readdirSync(values.data).filter((file) => !file.startsWith('truth.'));
  const pick = (kind: string): string[] => files.filter((file) => file.endsWith(`.${kind}.ndjson`)).map((file) => join(values.data as string, file));
  // Split and train only: the executor stops the run at its first resolve job.
  const stop = new Error('prepared');
  try {
    await runPartitioned({
      persons: pick('persons'),
      families: pick('families'),
      dwellings: pick('dwellings'),
      out: join(work, 'out'),
      workDir: join(work, 'dir'),
      keepWorkDir: true,
      executor: async (jobs, onJobDone) => {
        const results = [];
        for (const job of jobs) {
          if (job.kind === 'resolve') throw stop;
          const result = await runPartitionJob(job);
          onJobDone?.(result);
          results.push(result);
        }
        return results;
      },
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  log(`prepared ${work}`);
}

const dir = join(work, 'dir');
const manifest = JSON.parse(readFileSync(manifestFile(dir), 'utf8')) as PartitionManifest;
let partitions = [...manifest.partitions].sort((a, b) => b.persons - a.persons);
if (values.largest !== undefined) partitions = partitions.slice(0, Number(values.largest));
const every = Number(values.every);
partitions = partitions.filter((_, i) => i % every === 0);

let gcMs = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
observer.observe({ entryTypes: ['gc'] });
// GC entries reach the observer a little later (on a timer), not at the next turn.
const flushGc = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));

interface Row {
  partition: string;
  records: number;
  cpuMs: number;
  gcMs: number;
  pairs: number;
  heapMb: number;
  /** CPU ms by step of the job (read, validate … cluster, merge, group, write). */
  steps: Record<string, number>;
}
const rows: Row[] = [];
const cpuMsNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
if (partitions.length === 0) process.exit(0);
// Warm up (model parse, JIT) on the smallest of the chosen partitions, not counted.
await runPartitionJob({ kind: 'resolve', dir, partition: (partitions[partitions.length - 1] as { name: string }).name, provenance: 'summary' });
for (const entry of partitions) {
  await flushGc();
  const gcBefore = gcMs;
  const cpu = process.cpuUsage();
  const steps: Record<string, number> = {};
  let step = 'start';
  let stepStarted = cpuMsNow();
  const result = await runPartitionJob(
    { kind: 'resolve', dir, partition: entry.name, provenance: values.provenance as 'summary' },
    {
      onProgress: (next) => {
        const now = cpuMsNow();
        steps[step] = (steps[step] ?? 0) + now - stepStarted;
        step = next;
        stepStarted = now;
      },
    },
  );
  steps[step] = (steps[step] ?? 0) + cpuMsNow() - stepStarted;
  const used = process.cpuUsage(cpu);
  await flushGc();
  rows.push({
    partition: entry.name,
    records: entry.persons,
    cpuMs: (used.user + used.system) / 1000,
    gcMs: gcMs - gcBefore,
    pairs: Number(result.counts.candidatePairs ?? 0),
    heapMb: Math.round(process.memoryUsage().heapTotal / 2 ** 20),
    steps,
  });
}
observer.disconnect();
const total = rows.reduce(
  (sum, row) => ({ records: sum.records + row.records, cpuMs: sum.cpuMs + row.cpuMs, gcMs: sum.gcMs + row.gcMs, pairs: sum.pairs + row.pairs }),
  {
    records: 0,
    cpuMs: 0,
    gcMs: 0,
    pairs: 0,
  },
);
const perRecord = (ms: number, records: number): string => ((1000 * ms) / records).toFixed(1);
for (const row of rows.slice(0, 12))
  log(
    `${row.partition} ${row.records} records · ${perRecord(row.cpuMs, row.records)} µs CPU/record · GC ${perRecord(row.gcMs, row.records)} µs · ${(row.pairs / row.records).toFixed(2)} pairs/record · heap ${row.heapMb} MiB`,
  );
log(
  `${rows.length} partitions, ${total.records} records: ${(total.cpuMs / 1000).toFixed(1)} CPU-s, ${perRecord(total.cpuMs, total.records)} µs/record (GC ${perRecord(total.gcMs, total.records)}), ${(total.pairs / total.records).toFixed(2)} pairs/record · load ${loadavg()[0]?.toFixed(1)}`,
);
// By partition size: what grows per record with the partition.
const bounds = [2_000, 8_000, 32_000, 128_000, Number.POSITIVE_INFINITY];
const buckets = bounds.map((bound, b) => {
  const inBucket = rows.filter((row) => row.records <= bound && row.records > (b === 0 ? 0 : (bounds[b - 1] as number)));
  const records = inBucket.reduce((sum, row) => sum + row.records, 0);
  const sum = (of: (row: Row) => number): number => inBucket.reduce((total, row) => total + of(row), 0);
  const steps: Record<string, number> = {};
  for (const row of inBucket) for (const [name, ms] of Object.entries(row.steps)) steps[name] = (steps[name] ?? 0) + ms;
  return {
    upTo: bound,
    partitions: inBucket.length,
    records,
    cpuUsPerRecord: records === 0 ? 0 : (1000 * sum((row) => row.cpuMs)) / records,
    gcUsPerRecord: records === 0 ? 0 : (1000 * sum((row) => row.gcMs)) / records,
    pairsPerRecord: records === 0 ? 0 : sum((row) => row.pairs) / records,
    stepUsPerRecord: Object.fromEntries(Object.entries(steps).map(([name, ms]) => [name, records === 0 ? 0 : Math.round((10_000 * ms) / records) / 10])),
  };
});
for (const bucket of buckets.filter((b) => b.partitions > 0))
  log(
    `≤ ${bucket.upTo}: ${bucket.partitions} partitions, ${bucket.records} records · ${bucket.cpuUsPerRecord.toFixed(1)} µs/record (GC ${bucket.gcUsPerRecord.toFixed(1)}) · ${bucket.pairsPerRecord.toFixed(2)} pairs/record · ${JSON.stringify(bucket.stepUsPerRecord)}`,
  );
console.log(JSON.stringify({ machine: machineInfo(), load: loadavg(), total, buckets, rows }));
