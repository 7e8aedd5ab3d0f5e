// CPU time per step of the store's writes (not a benchmark of record): builds a store from a generated
// population, makes _profileAdd.ts's 5 warm-up and 40 single adds, then REPEATS 1,000-record adds (the
// same newcomers as _profileAdd.ts and cycle.bench.ts, so add #0 is theirs). Each step's CPU comes from
// process.cpuUsage() at the engine's step marks: the stage times the engine reports are wall clock, and
// on a loaded machine they are mostly the scheduler's. Prints a hash of each write's changes and of the
// final entities, so two code trees can be shown to give the same results.
//
//   node --max-old-space-size=5500 --import tsx benchmarks/_addStepsCpu.ts DATA_DIR [REPEATS] [PROFILE_DIR]
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { newcomerMaker, readPopulationPersons, validatedWithModel } from './_harness/smallAdds.js';
import { StoreEngine } from '../src/store/_engine.js';

const DATA = process.argv[2] ?? '/work/data/p200k';
const REPEATS = Number(process.argv[3] ?? 3);
const PROFILE_DIR = process.argv[4];
const log = (message: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const raw: unknown[] = [];
await readPopulationPersons(DATA, raw);
const { records, model } = validatedWithModel(raw);

// CPU per step: the engine calls onStep at the end of each step; the time since the previous mark is the step's.
let recording = false;
let stepCpu: Record<string, number> = {};
let lastCpu = process.cpuUsage();
const onStep = (step: string): void => {
  if (!recording) return;
  const now = process.cpuUsage();
  stepCpu[step] = (stepCpu[step] ?? 0) + (now.user - lastCpu.user + now.system - lastCpu.system) / 1000;
  lastCpu = now;
};
const startSteps = (): void => {
  stepCpu = {};
  recording = true;
  lastCpu = process.cpuUsage();
};
/** The person engine's own steps (the families and households after them are the group step). */
const ENGINE_STEPS = ['remove', 'block', 'score', 'rescore', 'cluster', 'merge', 'install', 'review'];
const engineCpu = (): number => ENGINE_STEPS.reduce((sum, step) => sum + (stepCpu[step] ?? 0), 0);
const rounded = (values: Record<string, number>): string =>
  JSON.stringify(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Math.round(v * 10) / 10])));
const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
const withoutTimes = (changes: { report: object }): unknown => ({ ...changes, report: { ...changes.report, elapsedMs: 0, stageMs: 0 } });

const engine = new StoreEngine({ model, policy: dtsenPersonPolicy, validate: false, onStep });
let c = process.cpuUsage();
engine.add(records);
let u = process.cpuUsage(c);
log(`built ${records.length} records, CPU ${((u.user + u.system) / 1e6).toFixed(1)} s`);
const newcomer = newcomerMaker(records);
const singleHashes: string[] = [];
for (let i = 0; i < 5; i++) singleHashes.push(hash(withoutTimes(engine.add([newcomer(1000 + i)]))));
const singleCpu: number[] = [];
const singleEngineCpu: number[] = [];
for (let i = 0; i < 40; i++) {
  startSteps();
  c = process.cpuUsage();
  const changes = engine.add([newcomer(i)]);
  u = process.cpuUsage(c);
  recording = false;
  singleCpu.push((u.user + u.system) / 1000);
  singleEngineCpu.push(engineCpu());
  singleHashes.push(hash(withoutTimes(changes)));
}
singleCpu.sort((a, b) => a - b);
singleEngineCpu.sort((a, b) => a - b);
log(
  `single adds: CPU p50 ${singleCpu[20]?.toFixed(2)} ms (p90 ${singleCpu[36]?.toFixed(2)}), engine steps p50 ${singleEngineCpu[20]?.toFixed(2)} ms; changes hash ${hash(singleHashes)}`,
);
const session = new Session();
if (PROFILE_DIR !== undefined) {
  mkdirSync(PROFILE_DIR, { recursive: true });
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
}
for (let r = 0; r < REPEATS; r++) {
  const thousand = Array.from({ length: 1000 }, (_, i) => newcomer(5000 + r * 1000 + i));
  if (r === 0 && PROFILE_DIR !== undefined) await session.post('Profiler.start');
  startSteps();
  c = process.cpuUsage();
  const changes = engine.add(thousand);
  u = process.cpuUsage(c);
  recording = false;
  if (r === 0 && PROFILE_DIR !== undefined) writeFileSync(`${PROFILE_DIR}/thousand.cpuprofile`, JSON.stringify((await session.post('Profiler.stop')).profile));
  const report = changes.report;
  log(
    `1,000-record add #${r}: CPU ${((u.user + u.system) / 1e3).toFixed(0)} ms, engine steps ${engineCpu().toFixed(0)} ms; CPU per step ${rounded(stepCpu)}; pairs +${report.pairsAdded} −${report.pairsRemoved}, rescored ${report.pairsRescored}, re-clustered ${report.recordsReclustered}; changes hash ${hash(withoutTimes(changes))}; load ${loadavg()[0]?.toFixed(1)}`,
  );
}
log(`entities hash ${hash(engine.entities())}, review hash ${hash(engine.review())}`);
