// Profiles single-record adds on a built store (not committed): CPU profile of the adds only.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { resolvePersons } from '../src/resolve.js';
import type { PersonRecord } from '../src/schema/person.js';
import { validateBatch } from '../src/schema/validate.js';
import { createEntityStore } from '../src/store/createEntityStore.js';
import { generateSources } from '../src/synth/sources.js';

const PERSONS = Number(process.argv[2] ?? '100000');
const raw: unknown[] = [];
for (const item of generateSources({ persons: PERSONS, seed: 20_260_419 })) if (item.kind === 'person') raw.push(item.record);
const records: PersonRecord[] = [];
for (let i = 0; i < raw.length; i += 100_000) records.push(...validateBatch(raw.slice(i, i + 100_000), 'person', { malformedIds: 'keep-in-extra' }).valid);
const model = resolvePersons(records.slice(0, Math.min(records.length, 60_000)), { validate: false, model: dtsenPersonModelSpec() }).model;
const store = createEntityStore({ model, policy: dtsenPersonPolicy, validate: false });
let t = performance.now();
const built = await store.add(records);
console.error(`built ${records.length} in ${((performance.now() - t) / 1000).toFixed(1)} s; stages ${JSON.stringify(built.report.stageMs)}`);
let state = 5;
const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
const newcomer = (i: number): PersonRecord => {
  const base = records[Math.floor(random() * records.length)] as PersonRecord;
  return i % 2 === 0
    ? { ...base, source: 'citizen', recordId: `NEW-${i}`, observedAt: '2031-01-05' }
    : { ...base, source: 'citizen', recordId: `NEW-${i}`, observedAt: '2031-01-05', name: `${base.name} Zq${i}`, nik: null, kk: null, birthDate: '1933-03-03' };
};
for (let i = 0; i < 5; i++) await store.add([newcomer(1000 + i)]);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const cpu: number[] = [];
const stages: Record<string, number> = {};
for (let i = 0; i < 40; i++) {
  const c = process.cpuUsage();
  const changes = await store.add([newcomer(i)]);
  const u = process.cpuUsage(c);
  cpu.push((u.user + u.system) / 1000);
  for (const [k, v] of Object.entries(changes.report.stageMs)) stages[k] = (stages[k] ?? 0) + v / 40;
}
const { profile } = await session.post('Profiler.stop');
writeFileSync(`/tmp/s8/add-${PERSONS}.cpuprofile`, JSON.stringify(profile));
cpu.sort((a, b) => a - b);
console.error(`single add CPU p50 ${cpu[20]?.toFixed(1)} ms p90 ${cpu[36]?.toFixed(1)}; mean stage ms ${JSON.stringify(stages)}`);
const thousand = Array.from({ length: 1000 }, (_, i) => newcomer(5000 + i));
const c = process.cpuUsage();
t = performance.now();
const changes = await store.add(thousand);
const u = process.cpuUsage(c);
console.error(
  `1000 add ${((performance.now() - t) / 1000).toFixed(2)} s CPU ${((u.user + u.system) / 1e6).toFixed(2)} s stages ${JSON.stringify(changes.report.stageMs)}`,
);
