/**
 * The DTSEN quarterly cycle on the entity store (issue 19): build a store of N persons' records,
 * then apply 4 updates, each re-sending 100 % of one source with 5 % of its rows changed (a later
 * observedAt and a corrected field), then 2,000 steward decisions (answers to review items, from the
 * ground truth) and 1,000 citizen objections (accepted, pending, rejected). Measures time per step,
 * the share of persons whose records did not change that keep their entity ID (target ≥ 99.9 %), IDs
 * retired and merged, and small updates: 1,000 records into the full store, single-record adds (p50).
 *
 *   npx tsx benchmarks/cycle.bench.ts --persons 100000
 *   node --max-old-space-size=16000 --import tsx benchmarks/cycle.bench.ts --persons 1000000
 *
 * The machine is shared (2 cores, other jobs running): read single timings as ±20 %.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { seededRandom } from '../src/_internal/random.js';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { resolvePersons } from '../src/resolve.js';
import type { PersonRecord } from '../src/schema/person.js';
import { validateBatch } from '../src/schema/validate.js';
import { createEntityStore } from '../src/store/createEntityStore.js';
import type { StewardDecision } from '../src/store/decisions.js';
import type { StoreChanges } from '../src/store/types.js';
import { generateSources } from '../src/synth/sources.js';

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback;
};
const PERSONS = Number(argument('persons', '100000'));
const DECISIONS = Number(argument('decisions', '2000'));
const OBJECTIONS = Number(argument('objections', '1000'));
const SINGLE_ADDS = Number(argument('single-adds', '50'));
const log = (message: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const seconds = (ms: number): number => Math.round(ms) / 1000;
const keyOf = (record: { source: string; recordId: string }): string => `${record.source}\u0000${record.recordId}`;

const loadAtStart = loadavg().map((value) => Math.round(value * 100) / 100);
let started = performance.now();
const raw: unknown[] = [];
const personOf = new Map<string, string>();
for (const item of generateSources({ persons: PERSONS, seed: 20_260_419 })) {
  if (item.kind !== 'person') continue;
  raw.push(item.record);
  personOf.set(keyOf(item.truth), item.truth.personId as string);
}
const records: PersonRecord[] = [];
for (let i = 0; i < raw.length; i += 100_000) records.push(...validateBatch(raw.slice(i, i + 100_000), 'person', { malformedIds: 'keep-in-extra' }).valid);
raw.length = 0;
log(`${PERSONS} persons → ${records.length} records (${seconds(performance.now() - started)} s to generate)`);

started = performance.now();
const model = resolvePersons(records.slice(0, Math.min(records.length, 60_000)), { validate: false, model: dtsenPersonModelSpec() }).model;
log(`model trained in ${seconds(performance.now() - started)} s`);

const store = createEntityStore({ model, policy: dtsenPersonPolicy, validate: false });
started = performance.now();
await store.add(records);
const buildMs = performance.now() - started;
log(`store built: ${records.length} records in ${seconds(buildMs)} s`);

const idsBefore = new Map<string, string>();
for (const entity of await store.entities()) for (const ref of entity.records) idsBefore.set(keyOf(ref), entity.id);

// Small updates: single records, then 1,000 records, of persons not yet in the store.
const random = seededRandom(5);
const newcomer = (i: number): PersonRecord => {
  const base = records[Math.floor(random() * records.length)] as PersonRecord;
  return i % 2 === 0
    ? { ...base, source: 'citizen', recordId: `NEW-${i}`, observedAt: '2031-01-05' } // a known person through a new channel
    : { ...base, source: 'citizen', recordId: `NEW-${i}`, observedAt: '2031-01-05', name: `${base.name} Zq${i}`, nik: null, kk: null, birthDate: '1933-03-03' };
};
const singleMs: number[] = [];
// CPU time too: on a shared, overloaded machine the wall-clock time is mostly the scheduler.
const singleCpuMs: number[] = [];
for (let i = 0; i < SINGLE_ADDS; i++) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await store.add([newcomer(i)]);
  singleMs.push(performance.now() - t);
  const used = process.cpuUsage(cpu);
  singleCpuMs.push((used.user + used.system) / 1000);
}
singleMs.sort((a, b) => a - b);
singleCpuMs.sort((a, b) => a - b);
const thousand = Array.from({ length: 1000 }, (_, i) => newcomer(SINGLE_ADDS + i));
started = performance.now();
const thousandCpu = process.cpuUsage();
const thousandChanges = await store.add(thousand);
const thousandMs = performance.now() - started;
const thousandCpuUsed = process.cpuUsage(thousandCpu);
const thousandCpuMs = (thousandCpuUsed.user + thousandCpuUsed.system) / 1000;
log(`single add p50 ${singleMs[Math.floor(singleMs.length / 2)]?.toFixed(1)} ms (CPU ${singleCpuMs[Math.floor(singleCpuMs.length / 2)]?.toFixed(1)} ms); 1,000 records in ${seconds(thousandMs)} s (CPU ${seconds(thousandCpuMs)} s)`);

// Four quarterly updates: each re-sends all of one source, 5 % of rows changed.
const changedKeys = new Set<string>();
const updates: { source: string; rows: number; changed: number; seconds: number; versions: number; unchanged: number; merged: number; split: number; stageMs: StoreChanges['report']['stageMs'] }[] = [];
const bySource = new Map<string, PersonRecord[]>();
for (const record of records) {
  const list = bySource.get(record.source);
  if (list === undefined) bySource.set(record.source, [record]);
  else list.push(record);
}
const updateSources = [...bySource.keys()].filter((source) => source !== 'citizen').sort().slice(0, 4);
for (const [q, source] of updateSources.entries()) {
  const rows = bySource.get(source) as PersonRecord[];
  const batch = rows.map((row, i) => {
    if (i % 20 !== q % 20) return row; // 95 %: the same row again, byte for byte
    changedKeys.add(keyOf(row));
    return i % 3 === 0
      ? { ...row, observedAt: `2031-0${q + 2}-01`, maritalStatus: row.maritalStatus === 'married' ? ('widowed' as const) : ('married' as const) }
      : { ...row, observedAt: `2031-0${q + 2}-01`, address: row.address === null || row.address === undefined ? null : { ...row.address, rt: '009', rw: '004' } };
  });
  const t = performance.now();
  const changes = await store.add(batch);
  const ms = performance.now() - t;
  updates.push({
    source,
    rows: rows.length,
    changed: changes.versions.length,
    seconds: seconds(ms),
    versions: changes.report.versionsApplied,
    unchanged: changes.report.unchanged,
    merged: changes.merged.length,
    split: changes.split.length,
    stageMs: changes.report.stageMs,
  });
  log(`update ${q + 1} (${source}): ${rows.length} rows, ${changes.versions.length} changed, ${seconds(ms)} s`);
}

// Steward decisions: answers to review items (truth says confirm or reject), then must/cannot links.
const review = await store.review();
const decisions: StewardDecision[] = [];
const meta = (i: number) => ({ by: `steward-${i % 7}`, at: '2031-06-01', why: 'checked against the civil registry' });
for (const item of review) {
  if (decisions.length >= DECISIONS) break;
  const same = personOf.get(keyOf(item.left)) === personOf.get(keyOf(item.right));
  decisions.push({ kind: same ? 'confirm' : 'reject', left: item.left, right: item.right, ...meta(decisions.length) });
}
for (let i = 0; decisions.length < DECISIONS; i++) {
  const a = records[Math.floor(random() * records.length)] as PersonRecord;
  const b = records[Math.floor(random() * records.length)] as PersonRecord;
  if (keyOf(a) === keyOf(b)) continue;
  const same = personOf.get(keyOf(a)) === personOf.get(keyOf(b));
  decisions.push({ kind: same ? 'mustLink' : 'cannotLink', left: { source: a.source, recordId: a.recordId }, right: { source: b.source, recordId: b.recordId }, ...meta(i) });
}
const reviewBefore = review.length;
started = performance.now();
const decided = await store.decide(decisions);
const decisionsMs = performance.now() - started;
const outcomeCounts: Record<string, number> = {};
for (const outcome of decided.outcomes) outcomeCounts[outcome.status] = (outcomeCounts[outcome.status] ?? 0) + 1;
const reviewAfter = (await store.review()).length;
log(`${decisions.length} decisions in ${seconds(decisionsMs)} s (${JSON.stringify(outcomeCounts)}); review ${reviewBefore} → ${reviewAfter}`);
for (const decision of decisions) for (const ref of decision.kind === 'unmerge' ? [] : [decision.left, decision.right]) changedKeys.add(keyOf(ref));

// Citizen objections: copies of known records on the citizen channel, correcting one field.
const statuses = ['accepted', 'pending', 'rejected'] as const;
const objections = Array.from({ length: OBJECTIONS }, (_, i) => {
  const base = records[Math.floor(random() * records.length)] as PersonRecord;
  changedKeys.add(keyOf(base));
  return {
    ...base,
    source: 'citizen',
    recordId: `OBJ-${i}`,
    observedAt: '2031-07-01',
    channel: { kind: 'citizen' as const, action: 'objection' as const, status: statuses[i % 3] as (typeof statuses)[number], fields: ['maritalStatus'] },
    maritalStatus: 'divorced' as const,
  };
});
started = performance.now();
const objected = await store.add(objections);
const objectionsMs = performance.now() - started;
log(`${OBJECTIONS} objections in ${seconds(objectionsMs)} s (${objected.attached.length} attached, ${objected.created.length} new entities)`);

// ID stability: persons none of whose records changed (version, decision, objection) keep their ID.
const recordsOfPerson = new Map<string, string[]>();
for (const record of records) {
  const person = personOf.get(keyOf(record)) as string;
  const list = recordsOfPerson.get(person);
  if (list === undefined) recordsOfPerson.set(person, [keyOf(record)]);
  else list.push(keyOf(record));
}
const idsAfter = new Map<string, string>();
for (const entity of await store.entities()) for (const ref of entity.records) idsAfter.set(keyOf(ref), entity.id);
let untouched = 0;
let kept = 0;
for (const keys of recordsOfPerson.values()) {
  if (keys.some((key) => changedKeys.has(key))) continue;
  untouched++;
  if (keys.every((key) => idsAfter.get(key) === idsBefore.get(key))) kept++;
}
const stats = await store.stats();
const audit = await store.auditLog();
const liveIds = new Set(idsAfter.values());
const retiredIds = [...new Set(idsBefore.values())].filter((id) => !liveIds.has(id));
const resolutions: Record<string, number> = {};
for (const id of retiredIds) {
  const status = (await store.resolveId(id))?.status ?? 'unresolved';
  resolutions[status] = (resolutions[status] ?? 0) + 1;
}
log(`persons untouched ${untouched}, kept their ID ${kept} (${((100 * kept) / untouched).toFixed(3)} %); IDs retired ${retiredIds.length} ${JSON.stringify(resolutions)}`);

const commit = process.env['BENCH_COMMIT'] ?? execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
const result = {
  persons: PERSONS,
  records: records.length,
  commit,
  node: process.version,
  machine: '2 shared cores (8 engineers), 24 GiB; timings noisy',
  loadAverage: { start: loadAtStart, end: loadavg().map((value) => Math.round(value * 100) / 100) },
  buildSeconds: seconds(buildMs),
  singleAddMs: { p50: singleMs[Math.floor(singleMs.length / 2)], p90: singleMs[Math.floor(singleMs.length * 0.9)], count: singleMs.length },
  singleAddCpuMs: { p50: singleCpuMs[Math.floor(singleCpuMs.length / 2)], p90: singleCpuMs[Math.floor(singleCpuMs.length * 0.9)] },
  thousandRecordsSeconds: seconds(thousandMs),
  thousandRecordsCpuSeconds: seconds(thousandCpuMs),
  thousandRecordsStageMs: thousandChanges.report.stageMs,
  updates,
  decisions: { count: decisions.length, seconds: seconds(decisionsMs), outcomes: outcomeCounts, reviewBefore, reviewAfter },
  objections: { count: OBJECTIONS, seconds: seconds(objectionsMs), attached: objected.attached.length, created: objected.created.length },
  idStability: { personsUntouched: untouched, keptId: kept, share: kept / untouched },
  idsRetired: retiredIds.length,
  retiredResolveAs: resolutions,
  final: stats,
  auditEntries: audit.length,
  peakRssMiB: Math.round(process.memoryUsage().rss / 1048576),
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const output = new URL(`./results/cycle-${PERSONS >= 1_000_000 ? `${PERSONS / 1_000_000}m` : `${PERSONS / 1000}k`}-${commit}.json`, import.meta.url);
writeFileSync(output, `${JSON.stringify(result, null, 2)}\n`);
log(`wrote ${output.pathname}`);
