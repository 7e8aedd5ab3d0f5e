/**
 * The store's group stage (families and households kept incrementally) in small writes: builds an
 * in-memory store, then applies `--rounds` 1,000-record adds and `--singles` single adds (the
 * newcomers of `_profileAdd.ts`: half copies of a stored record under a new key, half renamed with no
 * NIK or KK), and reports the CPU time of `GroupState.update` in each, next to the whole write's.
 * Ends with a digest of the store's families, households and KK events, so that two commits can be
 * shown to keep the same groups (same data, same rounds: same digest).
 *
 *   node --expose-gc --import tsx benchmarks/groupStage.bench.ts [--persons 50000 | --data DIR] [--rounds 5] [--singles 40]
 *     [--families] (also family and dwelling records, generated data only) [--profile FILE] (CPU profile of the 1,000-record adds)
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { newcomerMaker, readPopulationPersons, validatedWithModel } from './_harness/smallAdds.js';
import type { DwellingRecord } from '../src/schema/dwelling.js';
import type { FamilyRecord } from '../src/schema/family.js';
import { StoreEngine } from '../src/store/_engine.js';
import { GroupState } from '../src/store/_groups.js';
import { generateSources } from '../src/synth/sources.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '50000' },
    data: { type: 'string' },
    rounds: { type: 'string', default: '5' },
    singles: { type: 'string', default: '40' },
    families: { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const log = (message: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

const raw: unknown[] = [];
const families: FamilyRecord[] = [];
const dwellings: DwellingRecord[] = [];
if (values.data === undefined) {
  for (const item of generateSources({ persons: Number(values.persons), seed: 20_260_419 })) {
    if (item.kind === 'person') raw.push(item.record);
    else if (values.families && item.kind === 'family') families.push(item.record);
    else if (values.families && item.kind === 'dwelling') dwellings.push(item.record);
  }
} else {
  await readPopulationPersons(values.data, raw);
}
const { records, model } = validatedWithModel(raw);

// The group stage's CPU time in each write.
let groupMs = 0;
const groupProto = GroupState.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
const update = groupProto['update'] as (...args: unknown[]) => unknown;
groupProto['update'] = function (this: unknown, ...args: unknown[]) {
  const c = process.cpuUsage();
  try {
    return update.apply(this, args);
  } finally {
    groupMs += cpuMs(c);
  }
};

const engine = new StoreEngine({ model, policy: dtsenPersonPolicy, validate: false });
let c = process.cpuUsage();
engine.add(records);
if (families.length > 0) engine.add(families, { kind: 'family' });
if (dwellings.length > 0) engine.add(dwellings, { kind: 'dwelling' });
log(`built ${records.length} person records in ${(cpuMs(c) / 1000).toFixed(1)} CPU-s (group ${(groupMs / 1000).toFixed(1)})`);

const newcomer = newcomerMaker(records);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

for (let i = 0; i < 5; i++) engine.add([newcomer(100_000 + i)]);
const singles = { group: [] as number[], all: [] as number[] };
for (let i = 0; i < Number(values.singles); i++) {
  groupMs = 0;
  c = process.cpuUsage();
  engine.add([newcomer(200_000 + i)]);
  singles.all.push(cpuMs(c));
  singles.group.push(groupMs);
}
log(`single add CPU p50 ${median(singles.all).toFixed(2)} ms, group stage p50 ${median(singles.group).toFixed(2)} ms`);
const rounds = { group: [] as number[], all: [] as number[] };
const session = new Session();
if (values.profile !== undefined) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
}
for (let round = 0; round < Number(values.rounds); round++) {
  const batch = Array.from({ length: 1000 }, (_, i) => newcomer(300_000 + round * 1000 + i));
  // A full collection left over from the last round would land in this one (run with --expose-gc).
  (globalThis as { gc?: () => void }).gc?.();
  groupMs = 0;
  c = process.cpuUsage();
  engine.add(batch);
  rounds.all.push(cpuMs(c));
  rounds.group.push(groupMs);
  log(`1,000-record add ${round}: CPU ${rounds.all[round]?.toFixed(0)} ms, group stage ${groupMs.toFixed(0)} ms`);
}
if (values.profile !== undefined) writeFileSync(values.profile, JSON.stringify((await session.post('Profiler.stop')).profile));
log(`1,000-record add CPU median ${median(rounds.all).toFixed(0)} ms, group stage median ${median(rounds.group).toFixed(0)} ms`);

const digest = createHash('sha256');
const store = engine as unknown as { groups: GroupState };
digest.update(JSON.stringify(store.groups.familyList()));
digest.update(JSON.stringify(store.groups.householdList()));
digest.update(JSON.stringify(store.groups.eventList()));
console.log(
  JSON.stringify({
    persons: records.length,
    singleAddCpuMsP50: median(singles.all),
    singleGroupCpuMsP50: median(singles.group),
    thousandAddCpuMs: rounds.all,
    thousandGroupCpuMs: rounds.group,
    counts: store.groups.counts(),
    digest: digest.digest('hex').slice(0, 16),
  }),
);
