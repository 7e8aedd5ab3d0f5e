// CPU per step of the small writes on a big store (not a benchmark of record), for stores whose build
// is too long to hold the bench lock through: builds the store first (take /work/mem.lock around the
// whole run at 1 M), then takes /work/bench.lock itself for the measured writes only. Makes
// _profileAdd.ts's 5 warm-up and 40 single adds, then three 1,000-record adds (add #0 is the one of
// _profileAdd.ts and cycle.bench.ts), each with its CPU per engine step (process.cpuUsage at the step
// marks), its wall stage times, and the main-thread GC time the write saw; add #0 is CPU-profiled.
//
//   flock /work/mem.lock node --max-old-space-size=18000 --import tsx benchmarks/_addStepsCpuLocked.ts /work/data/p1m [PROFILE_FILE]
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { newcomerMaker, readPopulationPersons, validatedWithModel } from './_harness/smallAdds.js';
import { StoreEngine } from '../src/store/_engine.js';

const DATA = process.argv[2] ?? '/work/data/p1m';
const PROFILE_FILE = process.argv[3] ?? '/tmp/thousand.cpuprofile';
const log = (message: string): void => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const rounded = (values: Record<string, number>): string => JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Math.round(v)])));

let recording = false;
let stepCpu: Record<string, number> = {};
let lastCpu = process.cpuUsage();
const onStep = (step: string): void => {
  if (!recording) return;
  stepCpu[step] = (stepCpu[step] ?? 0) + cpuMs(lastCpu);
  lastCpu = process.cpuUsage();
};
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ['gc'] });
/** Lets the GC observer deliver its entries (writes are synchronous). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const raw: unknown[] = [];
await readPopulationPersons(DATA, raw);
const { records, model } = validatedWithModel(raw);
const engine = new StoreEngine({ model, policy: dtsenPersonPolicy, validate: false, onStep });
let since = process.cpuUsage();
engine.add(records);
log(`built ${records.length} records, CPU ${(cpuMs(since) / 1000).toFixed(1)} s, RSS ${(process.memoryUsage().rss / 2 ** 30).toFixed(1)} GiB`);

// The bench lock, held by a child until its stdin closes.
const holder = spawn('flock', ['/work/bench.lock', 'sh', '-c', 'echo locked; read line'], { stdio: ['pipe', 'pipe', 'inherit'] });
await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
log(
  `bench lock taken, load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const newcomer = newcomerMaker(records);
for (let i = 0; i < 5; i++) engine.add([newcomer(1000 + i)]);
const single: number[] = [];
for (let i = 0; i < 40; i++) {
  since = process.cpuUsage();
  engine.add([newcomer(i)]);
  single.push(cpuMs(since));
}
single.sort((a, b) => a - b);
log(`single adds: CPU p50 ${single[20]?.toFixed(2)} ms (p90 ${single[36]?.toFixed(2)})`);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
for (let r = 0; r < 3; r++) {
  const thousand = Array.from({ length: 1000 }, (_, i) => newcomer(5000 + r * 1000 + i));
  await settle();
  gcMs = 0;
  if (r === 0) await session.post('Profiler.start');
  stepCpu = {};
  recording = true;
  lastCpu = process.cpuUsage();
  since = process.cpuUsage();
  const started = performance.now();
  const changes = engine.add(thousand);
  const cpu = cpuMs(since);
  const wall = performance.now() - started;
  recording = false;
  if (r === 0) writeFileSync(PROFILE_FILE, JSON.stringify((await session.post('Profiler.stop')).profile));
  await settle();
  const report = changes.report;
  log(
    `1,000-record add #${r}: CPU ${cpu.toFixed(0)} ms, wall ${wall.toFixed(0)}; main-thread GC ${gcMs.toFixed(0)} ms; CPU per step ${rounded(stepCpu)}; wall per stage ${rounded(report.stageMs)}; rescored ${report.pairsRescored}, re-clustered ${report.recordsReclustered}, pairs +${report.pairsAdded}; load ${loadavg()[0]?.toFixed(1)}`,
  );
}
holder.stdin.end('\n');
process.exit(0);
