// Profiles small writes on a built store (not a benchmark of record): per-write CPU, GC time and the
// engine's own counters (queue compactions and rebuilds, value-queue pops, exact passes, records
// re-clustered), plus CPU profiles of the single adds and of one 1,000-record add.
//
//   node --max-old-space-size=5500 --import tsx benchmarks/_profileAdd.ts 300000|DATA_DIR [OUT_DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { newcomerMaker, readPopulationPersons, validatedWithModel } from './_harness/smallAdds.js';
import { StoreEngine } from '../src/store/_engine.js';
import { GroupState } from '../src/store/_groups.js';
import { generateSources } from '../src/synth/sources.js';

// A number generates that many persons in memory; a directory reads a generated population (benchmarks/generate.ts).
const SOURCE = process.argv[2] ?? '100000';
const DATA = /^\d+$/.test(SOURCE) ? '' : SOURCE;
const PERSONS = DATA === '' ? Number(SOURCE) : basename(DATA);
const OUT = process.argv[3] ?? '/tmp/s11-store';
mkdirSync(OUT, { recursive: true });
const log = (message: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const raw: unknown[] = [];
if (DATA === '') {
  for (const item of generateSources({ persons: Number(SOURCE), seed: 20_260_419 })) if (item.kind === 'person') raw.push(item.record);
} else {
  await readPopulationPersons(DATA, raw);
}
const { records, model } = validatedWithModel(raw);

// Counters: calls and milliseconds of the engine's whole-store passes, and GC time.
const counters: Record<string, { calls: number; ms: number; maxRecords?: number; records?: number }> = {};
/** Counts the calls of a method and the time spent in them. */
const timeMethod = (prototype: object, name: string, label = name): void => {
  const methods = prototype as Record<string, (...args: unknown[]) => unknown>;
  const original = methods[name];
  if (original === undefined) return;
  methods[name] = function (this: unknown, ...args: unknown[]) {
    const t = performance.now();
    const value = original.apply(this, args);
    const counter = (counters[label] ??= { calls: 0, ms: 0 });
    counter.calls++;
    counter.ms += performance.now() - t;
    return value;
  };
};
for (const name of [
  'compactQueues',
  'rebuildRescoreQueue',
  'ensureExact',
  'exactWeight',
  'reviewItem',
  'weighLinks',
  'pairsToRescore',
  'scheduleReorderCheck',
]) {
  timeMethod(StoreEngine.prototype, name);
}
timeMethod(GroupState.prototype, 'update', 'groupUpdate');
// The families and households a write reaches (records), and the time their re-derivation takes.
const groupProto = GroupState.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
const reach = groupProto['reach'] as (...args: unknown[]) => { records: unknown[] };
groupProto['reach'] = function (this: unknown, ...args: unknown[]) {
  const value = reach.apply(this, args);
  const counter = (counters['groupReach'] ??= { calls: 0, ms: 0, maxRecords: 0, records: 0 });
  counter.calls++;
  counter.records = (counter.records ?? 0) + value.records.length;
  counter.maxRecords = Math.max(counter.maxRecords ?? 0, value.records.length);
  return value;
};
let gcMs = 0;
let gcCount = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    gcCount++;
  }
}).observe({ entryTypes: ['gc'] });
/** Lets the GC observer deliver its entries (writes are synchronous). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const snapshot = (): string => {
  const text = JSON.stringify({ gcMs: Math.round(gcMs), gcCount, ...counters });
  for (const key of Object.keys(counters)) delete counters[key];
  gcMs = 0;
  gcCount = 0;
  return text;
};
const heap = (): string => `heap ${(process.memoryUsage().heapUsed / 2 ** 30).toFixed(2)} GiB rss ${(process.memoryUsage().rss / 2 ** 30).toFixed(2)} GiB`;

const engine = new StoreEngine({ model, policy: dtsenPersonPolicy, validate: false });
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 2000 });
await session.post('Profiler.start');
let c = process.cpuUsage();
let t = performance.now();
const built = engine.add(records);
let u = process.cpuUsage(c);
let { profile } = await session.post('Profiler.stop');
writeFileSync(`${OUT}/build-${PERSONS}.cpuprofile`, JSON.stringify(profile));
await settle();
log(
  `built ${PERSONS} persons, ${records.length} records in ${((performance.now() - t) / 1000).toFixed(1)} s, CPU ${((u.user + u.system) / 1e6).toFixed(1)} s; ${heap()}; stages ${JSON.stringify(built.report.stageMs)} ${snapshot()}`,
);
/**
 * The cost of allocating small typed arrays in this process now: one with its own ArrayBuffer
 * (counted as external memory by V8) and one small enough to live on the JS heap.
 */
const allocationCost = (): string => {
  const time = (length: number): number => {
    const c = process.cpuUsage();
    let sum = 0;
    for (let i = 0; i < 2000; i++) sum += new Int32Array(length).length;
    const u = process.cpuUsage(c);
    return sum > 0 ? (u.user + u.system) / 1000 : 0;
  };
  return `2,000 Int32Array(32): ${time(32).toFixed(1)} ms CPU; 2,000 Int32Array(8) (on-heap): ${time(8).toFixed(1)} ms`;
};
log(`after the build: ${allocationCost()}`);
const newcomer = newcomerMaker(records);
for (let i = 0; i < 5; i++) {
  c = process.cpuUsage();
  const changes = engine.add([newcomer(1000 + i)]);
  u = process.cpuUsage(c);
  await settle();
  log(
    `warm-up add ${i}: CPU ${((u.user + u.system) / 1000).toFixed(1)} ms; reclustered ${changes.report.recordsReclustered} rescored ${changes.report.pairsRescored} ${snapshot()}`,
  );
}
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const cpu: number[] = [];
const stages: Record<string, number> = {};
const SINGLES = 40;
for (let i = 0; i < SINGLES; i++) {
  c = process.cpuUsage();
  const changes = engine.add([newcomer(i)]);
  u = process.cpuUsage(c);
  cpu.push((u.user + u.system) / 1000);
  for (const [k, v] of Object.entries(changes.report.stageMs)) stages[k] = (stages[k] ?? 0) + v / SINGLES;
  await settle();
  if (i < 10 || i % 10 === 0)
    log(
      `single ${i}: CPU ${cpu[cpu.length - 1]?.toFixed(1)} ms; pairs +${changes.report.pairsAdded} rescored ${changes.report.pairsRescored} reclustered ${changes.report.recordsReclustered} ${snapshot()}`,
    );
}
({ profile } = await session.post('Profiler.stop'));
writeFileSync(`${OUT}/add-${PERSONS}.cpuprofile`, JSON.stringify(profile));
cpu.sort((a, b) => a - b);
await settle();
log(
  `single add CPU p50 ${cpu[SINGLES / 2]?.toFixed(1)} ms p90 ${cpu[Math.floor(SINGLES * 0.9)]?.toFixed(1)}; mean stage ms ${JSON.stringify(stages)} ${snapshot()}`,
);
log(`after the single adds: ${allocationCost()}`);
const thousand = Array.from({ length: 1000 }, (_, i) => newcomer(5000 + i));
await session.post('Profiler.start');
c = process.cpuUsage();
t = performance.now();
const changes = engine.add(thousand);
u = process.cpuUsage(c);
({ profile } = await session.post('Profiler.stop'));
await settle();
writeFileSync(`${OUT}/thousand-${PERSONS}.cpuprofile`, JSON.stringify(profile));
log(
  `1000 add ${((performance.now() - t) / 1000).toFixed(2)} s CPU ${((u.user + u.system) / 1e6).toFixed(2)} s; rescored ${changes.report.pairsRescored} reclustered ${changes.report.recordsReclustered}; stages ${JSON.stringify(changes.report.stageMs)} ${snapshot()}; ${heap()}`,
);
