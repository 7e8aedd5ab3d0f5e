/**
 * The DTSEN quarterly cycle on the entity store (issue 19): build a store of N persons' records,
 * then apply 4 updates, each re-sending 100 % of one source with 5 % of its rows changed (a later
 * observedAt and a corrected field), then 2,000 steward decisions (answers to review items, from the
 * ground truth) and 1,000 citizen objections (accepted, pending, rejected). Measures time per step,
 * the share of persons whose records did not change that keep their entity ID (target ≥ 99.9 %), IDs
 * retired and merged, and small updates: 1,000 records into the full store, single-record adds (p50).
 *
 *   npx tsx benchmarks/cycle.bench.ts --persons 100000
 *   node --max-old-space-size=16000 --import tsx benchmarks/cycle.bench.ts --data /work/data/p1m
 *
 * `--data DIR` reads a generated population (benchmarks/generate.ts: DIR/*.persons.ndjson, truth from
 * DIR/truth.persons.ndjson) instead of generating one in memory. `--steps small,cycle` chooses the
 * parts after the build (small updates; the quarterly cycle). Every step reports wall and CPU seconds
 * and the load average: the machine is shared, so read wall times as the scheduler's, CPU as ours.
 */
import { execSync } from 'node:child_process';
import { createReadStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { seededRandom } from '../src/_internal/random.js';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { resolvePersons } from '../src/resolve.js';
import type { PersonRecord } from '../src/schema/person.js';
import { validateBatch } from '../src/schema/validate.js';
import { createEntityStore } from '../src/store/createEntityStore.js';
import type { StewardDecision } from '../src/store/decisions.js';
import { generateSources } from '../src/synth/sources.js';

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback;
};
const DATA = argument('data', '');
const DECISIONS = Number(argument('decisions', '2000'));
const OBJECTIONS = Number(argument('objections', '1000'));
const SINGLE_ADDS = Number(argument('single-adds', '50'));
const STEPS = new Set(argument('steps', 'small,cycle').split(','));
const log = (message: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const seconds = (ms: number): number => Math.round(ms) / 1000;
const keyOf = (record: { source: string; recordId: string }): string => `${record.source}\u0000${record.recordId}`;
const load = (): number[] => loadavg().map((value) => Math.round(value * 100) / 100);
/** Wall and CPU time of one step, with the load average (1, 5, 15 min) when it ended. */
interface Timed {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly load: number[];
}
async function timed<T>(run: () => Promise<T> | T): Promise<[T, Timed]> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return [value, { seconds: seconds(performance.now() - t), cpuSeconds: seconds((used.user + used.system) / 1000), load: load() }];
}

async function readLines(file: string, each: (line: string) => void): Promise<void> {
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line !== '') each(line);
}

const loadAtStart = load();
let started = performance.now();
const raw: unknown[] = [];
const personOf = new Map<string, string>();
if (DATA === '') {
  for (const item of generateSources({ persons: Number(argument('persons', '100000')), seed: 20_260_419 })) {
    if (item.kind !== 'person') continue;
    raw.push(item.record);
    personOf.set(keyOf(item.truth), item.truth.personId as string);
  }
} else {
  for (const file of readdirSync(DATA)
    .filter((name) => name.endsWith('.persons.ndjson') && !name.startsWith('truth.'))
    .sort()) {
    await readLines(join(DATA, file), (line) => raw.push(JSON.parse(line)));
  }
  await readLines(join(DATA, 'truth.persons.ndjson'), (line) => {
    const truth = JSON.parse(line) as { source: string; recordId: string; personId: string };
    personOf.set(keyOf(truth), truth.personId);
  });
}
const PERSONS = new Set(personOf.values()).size;
const records: PersonRecord[] = [];
for (let i = 0; i < raw.length; i += 100_000) records.push(...validateBatch(raw.slice(i, i + 100_000), 'person', { malformedIds: 'keep-in-extra' }).valid);
raw.length = 0;
log(`${PERSONS} persons → ${records.length} records (${seconds(performance.now() - started)} s to ${DATA === '' ? 'generate' : `read ${DATA}`})`);

started = performance.now();
const model = resolvePersons(records.slice(0, Math.min(records.length, 60_000)), { validate: false, model: dtsenPersonModelSpec() }).model;
log(`model trained in ${seconds(performance.now() - started)} s`);

const store = createEntityStore({ model, policy: dtsenPersonPolicy, validate: false });
const [built, build] = await timed(() => store.add(records));
log(
  `store built: ${records.length} records in ${build.seconds} s (CPU ${build.cpuSeconds} s, load ${build.load.join(' ')}); stage ms ${JSON.stringify(built.report.stageMs)}`,
);

const idsBefore = new Map<string, string>();
for (const entity of await store.entities()) for (const ref of entity.records) idsBefore.set(keyOf(ref), entity.id);
const random = seededRandom(5);
const result: Record<string, unknown> = {
  persons: PERSONS,
  records: records.length,
  data: DATA === '' ? 'generated in memory, seed 20260419' : `${DATA} (benchmarks/generate.ts)`,
  commit: process.env['BENCH_COMMIT'] ?? execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim(),
  node: process.version,
  machine: "2 shared cores (8 engineers), 24 GiB; wall times are the scheduler's, CPU seconds ours",
  loadAtStart,
  build: { ...build, stageMs: built.report.stageMs },
  entitiesAfterBuild: (await store.stats()).entities,
};
const label = PERSONS >= 1_000_000 ? `${Math.round(PERSONS / 100_000) / 10}m` : `${Math.round(PERSONS / 1000)}k`;
const output = new URL(`./results/cycle-${label}-${String(result.commit)}${STEPS.size === 2 ? '' : `-${[...STEPS].join('-')}`}.json`, import.meta.url);
/** Writes what is measured so far (after each step, so a run stopped at its time limit keeps its numbers). */
const save = (): void => {
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(output, `${JSON.stringify({ ...result, loadNow: load(), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }, null, 2)}\n`);
};
save();
const percentile = (sorted: readonly number[], p: number): number =>
  Math.round(1000 * (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number)) / 1000;

if (STEPS.has('small')) {
  // Small updates: single records, then 1,000 records, of persons not yet in the store.
  const newcomer = (i: number): PersonRecord => {
    const base = records[Math.floor(random() * records.length)] as PersonRecord;
    return i % 2 === 0
      ? { ...base, source: 'citizen', recordId: `NEW-${i}`, observedAt: '2031-01-05' } // a known person through a new channel
      : {
          ...base,
          source: 'citizen',
          recordId: `NEW-${i}`,
          observedAt: '2031-01-05',
          name: `${base.name} Zq${i}`,
          nik: null,
          kk: null,
          birthDate: '1933-03-03',
        };
  };
  const singleMs: number[] = [];
  // CPU time too: on a shared, overloaded machine the wall-clock time is mostly the scheduler.
  const singleCpuMs: number[] = [];
  // The work each single add did (records re-clustered, pairs rescored) and where its time went.
  const singleWork: { reclustered: number; rescored: number; stageMs: Record<string, number> }[] = [];
  for (let i = 0; i < SINGLE_ADDS; i++) {
    const [changes, one] = await timed(() => store.add([newcomer(i)]));
    singleMs.push(one.seconds * 1000);
    singleCpuMs.push(one.cpuSeconds * 1000);
    const stageMs = Object.fromEntries(Object.entries(changes.report.stageMs).map(([stage, ms]) => [stage, Math.round(ms * 10) / 10]));
    singleWork.push({ reclustered: changes.report.recordsReclustered, rescored: changes.report.pairsRescored, stageMs });
  }
  singleMs.sort((a, b) => a - b);
  singleCpuMs.sort((a, b) => a - b);
  const thousand = Array.from({ length: 1000 }, (_, i) => newcomer(SINGLE_ADDS + i));
  const [thousandChanges, thousandTime] = await timed(() => store.add(thousand));
  result.singleAddMs = { p50: percentile(singleMs, 0.5), p90: percentile(singleMs, 0.9), count: singleMs.length };
  result.singleAddCpuMs = { p50: percentile(singleCpuMs, 0.5), p90: percentile(singleCpuMs, 0.9) };
  result.singleAddWork = singleWork;
  result.thousandRecords = {
    ...thousandTime,
    stageMs: thousandChanges.report.stageMs,
    reclustered: thousandChanges.report.recordsReclustered,
    rescored: thousandChanges.report.pairsRescored,
  };
  save();
  log(
    `single add p50 ${percentile(singleMs, 0.5)} ms (CPU ${percentile(singleCpuMs, 0.5)} ms); 1,000 records in ${thousandTime.seconds} s (CPU ${thousandTime.cpuSeconds} s, load ${thousandTime.load.join(' ')})`,
  );
}

if (STEPS.has('cycle')) {
  // Four quarterly updates: each re-sends all of one source, 5 % of rows changed.
  const changedKeys = new Set<string>();
  const updates: Record<string, unknown>[] = [];
  const bySource = new Map<string, PersonRecord[]>();
  for (const record of records) {
    const list = bySource.get(record.source);
    if (list === undefined) bySource.set(record.source, [record]);
    else list.push(record);
  }
  const updateSources = [...bySource.keys()]
    .filter((source) => source !== 'citizen')
    .sort()
    .slice(0, 4);
  for (const [q, source] of updateSources.entries()) {
    const rows = bySource.get(source) as PersonRecord[];
    const batch = rows.map((row, i) => {
      if (i % 20 !== q % 20) return row; // 95 %: the same row again, byte for byte
      changedKeys.add(keyOf(row));
      return i % 3 === 0
        ? { ...row, observedAt: `2031-0${q + 2}-01`, maritalStatus: row.maritalStatus === 'married' ? ('widowed' as const) : ('married' as const) }
        : {
            ...row,
            observedAt: `2031-0${q + 2}-01`,
            address: row.address === null || row.address === undefined ? null : { ...row.address, rt: '009', rw: '004' },
          };
    });
    const [changes, time] = await timed(() => store.add(batch));
    updates.push({
      source,
      rows: rows.length,
      changed: changes.versions.length,
      ...time,
      unchanged: changes.report.unchanged,
      created: changes.created.length,
      merged: changes.merged.length,
      split: changes.split.length,
      retired: changes.retired.length,
      stageMs: changes.report.stageMs,
    });
    log(
      `update ${q + 1} (${source}): ${rows.length} rows, ${changes.versions.length} changed, ${time.seconds} s (CPU ${time.cpuSeconds} s, load ${time.load.join(' ')})`,
    );
  }
  result.updates = updates;
  save();

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
    decisions.push({
      kind: same ? 'mustLink' : 'cannotLink',
      left: { source: a.source, recordId: a.recordId },
      right: { source: b.source, recordId: b.recordId },
      ...meta(i),
    });
  }
  const [decided, decisionsTime] = await timed(() => store.decide(decisions));
  const outcomes: Record<string, number> = {};
  for (const outcome of decided.outcomes) outcomes[outcome.status] = (outcomes[outcome.status] ?? 0) + 1;
  const reviewAfter = (await store.review()).length;
  result.decisions = { count: decisions.length, ...decisionsTime, outcomes, reviewBefore: review.length, reviewAfter };
  log(
    `${decisions.length} decisions in ${decisionsTime.seconds} s (CPU ${decisionsTime.cpuSeconds} s) (${JSON.stringify(outcomes)}); review ${review.length} → ${reviewAfter}`,
  );
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
  const [objected, objectionsTime] = await timed(() => store.add(objections));
  result.objections = { count: OBJECTIONS, ...objectionsTime, attached: objected.attached.length, created: objected.created.length };
  log(
    `${OBJECTIONS} objections in ${objectionsTime.seconds} s (CPU ${objectionsTime.cpuSeconds} s) (${objected.attached.length} attached, ${objected.created.length} new entities)`,
  );

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
  const liveIds = new Set(idsAfter.values());
  const retiredIds = [...new Set(idsBefore.values())].filter((id) => !liveIds.has(id));
  const resolutions: Record<string, number> = {};
  for (const id of retiredIds) {
    const status = (await store.resolveId(id))?.status ?? 'unresolved';
    resolutions[status] = (resolutions[status] ?? 0) + 1;
  }
  result.idStability = { personsUntouched: untouched, keptId: kept, share: kept / untouched };
  result.idsRetired = retiredIds.length;
  result.retiredResolveAs = resolutions;
  result.auditEntries = (await store.auditLog()).length;
  log(
    `persons untouched ${untouched}, kept their ID ${kept} (${((100 * kept) / untouched).toFixed(3)} %); IDs retired ${retiredIds.length} ${JSON.stringify(resolutions)}`,
  );
}

result.final = await store.stats();
result.loadAtEnd = load();
save();
log(`wrote ${output.pathname}`);
