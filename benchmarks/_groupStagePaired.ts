/**
 * The group stage of two code trees in one process, round by round: each tree builds its own store
 * of the same records, then both take the same small writes, alternating which goes first, so both
 * run under the same machine state (CPU time moves by ±30 % with the load). Reports the CPU time of
 * `GroupState.update` per write in each tree, and a digest of each tree's groups.
 *
 *   node --expose-gc --import tsx benchmarks/_groupStagePaired.ts TREE_A TREE_B [--persons 50000 | --data DIR] [--rounds 20] [--singles 40] [--first b]
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    persons: { type: 'string', default: '50000' },
    data: { type: 'string' },
    rounds: { type: 'string', default: '20' },
    singles: { type: 'string', default: '40' },
    first: { type: 'string', default: 'a' },
  },
});
const trees = positionals.map((tree) => resolve(tree));
if (trees.length !== 2) throw new Error('give two code trees');
const log = (message: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

interface Tree {
  readonly name: string;
  readonly engine: { add(records: readonly unknown[]): unknown };
  readonly groups: { familyList(): unknown; householdList(): unknown; eventList(): unknown };
  groupMs: number;
}

// The records and newcomers come from tree A's harness (the same seeded sequence in both trees).
const harness = await import(`${trees[0]}/benchmarks/_harness/smallAdds.ts`);
const sources = await import(`${trees[0]}/src/synth/sources.ts`);
const raw: unknown[] = [];
if (values.data === undefined) {
  for (const item of sources.generateSources({ persons: Number(values.persons), seed: 20_260_419 })) if (item.kind === 'person') raw.push(item.record);
} else await harness.readPopulationPersons(values.data, raw);
const { records, model } = harness.validatedWithModel(raw);

const order = values.first === 'b' ? [1, 0] : [0, 1];
const built: Tree[] = [];
for (const i of order) {
  const dir = trees[i] as string;
  const { StoreEngine } = await import(`${dir}/src/store/_engine.ts`);
  const { GroupState } = await import(`${dir}/src/store/_groups.ts`);
  const { dtsenPersonPolicy } = await import(`${dir}/src/merge/dtsenPersonPolicy.ts`);
  const tree: Tree = {
    name: i === 0 ? 'a' : 'b',
    engine: new StoreEngine({ model, policy: dtsenPersonPolicy, validate: false }),
    groups: null as never,
    groupMs: 0,
  };
  const proto = GroupState.prototype as Record<string, (...args: unknown[]) => unknown>;
  const update = proto['update'] as (...args: unknown[]) => unknown;
  proto['update'] = function (this: unknown, ...args: unknown[]) {
    const c = process.cpuUsage();
    try {
      return update.apply(this, args);
    } finally {
      tree.groupMs += cpuMs(c);
    }
  };
  const c = process.cpuUsage();
  tree.engine.add(records);
  (tree as { groups: Tree['groups'] }).groups = (tree.engine as unknown as { groups: Tree['groups'] }).groups;
  log(`tree ${tree.name} (${dir}) built in ${(cpuMs(c) / 1000).toFixed(1)} CPU-s`);
  built.push(tree);
}
const byName = (name: string): Tree => built.find((tree) => tree.name === name) as Tree;
const both = [byName('a'), byName('b')];
const newcomer = harness.newcomerMaker(records);
const run = (batchOf: () => unknown[], flip: boolean): { a: number; b: number; aAll: number; bAll: number } => {
  const batch = batchOf();
  const result = { a: 0, b: 0, aAll: 0, bAll: 0 };
  for (const tree of flip ? [...both].reverse() : both) {
    (globalThis as { gc?: () => void }).gc?.();
    tree.groupMs = 0;
    const c = process.cpuUsage();
    tree.engine.add(batch);
    result[tree.name === 'a' ? 'aAll' : 'bAll'] = cpuMs(c);
    result[tree.name as 'a' | 'b'] = tree.groupMs;
  }
  return result;
};
for (let i = 0; i < 5; i++) run(() => [newcomer(100_000 + i)], i % 2 === 1);
const singles: { a: number; b: number; aAll: number; bAll: number }[] = [];
for (let i = 0; i < Number(values.singles); i++) singles.push(run(() => [newcomer(200_000 + i)], i % 2 === 1));
const rounds: { a: number; b: number; aAll: number; bAll: number }[] = [];
for (let round = 0; round < Number(values.rounds); round++) {
  rounds.push(run(() => Array.from({ length: 1000 }, (_, i) => newcomer(300_000 + round * 1000 + i)), round % 2 === 1));
  const r = rounds[round] as (typeof rounds)[number];
  log(`round ${round}: group a ${r.a.toFixed(0)} b ${r.b.toFixed(0)} CPU-ms; add a ${r.aAll.toFixed(0)} b ${r.bAll.toFixed(0)}`);
}
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
const digest = (tree: Tree): string => {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(tree.groups.familyList()));
  hash.update(JSON.stringify(tree.groups.householdList()));
  hash.update(JSON.stringify(tree.groups.eventList()));
  return hash.digest('hex').slice(0, 16);
};
const later = rounds.slice(Math.min(5, rounds.length - 1));
console.log(
  JSON.stringify({
    trees,
    first: values.first,
    load: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(2))),
    singleGroupP50: { a: median(singles.map((s) => s.a)), b: median(singles.map((s) => s.b)) },
    singleAddP50: { a: median(singles.map((s) => s.aAll)), b: median(singles.map((s) => s.bAll)) },
    groupMedianRounds5on: { a: median(later.map((r) => r.a)), b: median(later.map((r) => r.b)) },
    groupMeanRounds5on: { a: later.reduce((s, r) => s + r.a, 0) / later.length, b: later.reduce((s, r) => s + r.b, 0) / later.length },
    addMedianRounds5on: { a: median(later.map((r) => r.aAll)), b: median(later.map((r) => r.bAll)) },
    ratioMedian: median(later.map((r) => r.b / r.a)),
    digests: { a: digest(byName('a')), b: digest(byName('b')) },
  }),
);
