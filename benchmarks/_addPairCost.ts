// What one candidate pair and one merge cost in the store's 1,000-record add, against the same work
// where the batch would do it (not a benchmark of record). Builds a store from a generated population,
// makes _profileAdd.ts's 5 warm-up and 40 single adds and its 1,000-record add, counting the pairs the
// blocking index emits (a pair is emitted once per rule that makes it) and the merges; then compares
// and scores the add's new pairs again, beside as many build pairs (random, and in creation order:
// the batch's order), four rounds, CPU per pair; and merges 2,000 entities' records, three rounds.
//
//   node --max-old-space-size=5500 --import tsx benchmarks/_addPairCost.ts DATA_DIR
import { loadavg } from 'node:os';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { mergeCluster } from '../src/merge/mergeCluster.js';
import { comparePairs } from '../src/comparisons/comparePairs.js';
import { scorePairs, type WeightTable } from '../src/score/scorePairs.js';
import type { CompiledModel } from '../src/model/compileModel.js';
import type { PreparedColumn } from '../src/model/column.js';
import type { CompiledPolicy } from '../src/merge/compilePolicy.js';
import type { MergePersonRecord } from '../src/merge/types.js';
import type { ComparisonVectors } from '../src/comparisons/comparePairs.js';
import { BlockingIndex, type PairSink } from '../src/store/_blockingIndex.js';
import { StoreEngine } from '../src/store/_engine.js';
import { newcomerMaker, readPopulationPersons, validatedWithModel } from './_harness/smallAdds.js';

const raw: unknown[] = [];
await readPopulationPersons(process.argv[2] ?? '/work/data/p200k', raw);
const { records, model } = validatedWithModel(raw);
const cpuMs = (work: () => void): number => {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const engine = new StoreEngine({ model, policy: dtsenPersonPolicy, validate: false });
engine.add(records);
const newcomer = newcomerMaker(records);
for (let i = 0; i < 5; i++) engine.add([newcomer(1000 + i)]);
for (let i = 0; i < 40; i++) engine.add([newcomer(i)]);

// The engine's internals, read for measuring only.
const internals = engine as unknown as {
  pairs: { count: number; mask: Int32Array; left: Int32Array; right: Int32Array };
  compiled: CompiledModel;
  table: WeightTable;
  columns: { view(): ReadonlyMap<string, PreparedColumn> };
  policy: CompiledPolicy<MergePersonRecord>;
  stored: unknown[];
  slotOfKey: Map<string, number>;
};
let emitted = 0;
const insert = BlockingIndex.prototype.insert;
BlockingIndex.prototype.insert = function (this: BlockingIndex, slots, columns, keys, sink: PairSink) {
  return insert.call(this, slots, columns, keys, {
    added: (one, other, bit) => {
      emitted++;
      sink.added(one, other, bit);
    },
    removed: (left, right, bit) => sink.removed(left, right, bit),
  });
};
const mergeSlots = (StoreEngine.prototype as unknown as { mergeSlots: (slots: readonly number[]) => unknown }).mergeSlots;
let merges = 0;
(StoreEngine.prototype as unknown as { mergeSlots: (slots: readonly number[]) => unknown }).mergeSlots = function (this: unknown, slots) {
  merges++;
  return mergeSlots.call(this, slots);
};
const before = internals.pairs.count;
const thousand = Array.from({ length: 1000 }, (_, i) => newcomer(5000 + i));
let report: { pairsAdded: number } = { pairsAdded: 0 };
const addMs = cpuMs(() => (report = engine.add(thousand).report));
console.log(
  `1,000-record add: CPU ${addMs.toFixed(0)} ms; pairs emitted by the blocking index ${emitted}, distinct (made) ${report.pairsAdded}; merges ${merges}; load ${loadavg()[0]?.toFixed(1)}`,
);

/** Live pairs of [from, to): all in order, or `count` picked at random. */
const pairsOf = (from: number, to: number, count: number, random: boolean): [Int32Array, Int32Array] => {
  const left: number[] = [];
  const right: number[] = [];
  let state = 7;
  for (let k = 0; left.length < count && k < 10 * count; k++) {
    const p = random ? from + Math.floor(((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * (to - from)) : from + k;
    if (p >= to) break;
    if (internals.pairs.mask[p] === 0) continue;
    left.push(internals.pairs.left[p] as number);
    right.push(internals.pairs.right[p] as number);
  }
  return [Int32Array.from(left), Int32Array.from(right)];
};
const after = internals.pairs.count;
const fresh = pairsOf(before, after, Number.MAX_SAFE_INTEGER, false);
const sets: [string, [Int32Array, Int32Array]][] = [
  ['the add’s new pairs', fresh],
  ['build pairs, random', pairsOf(0, before, fresh[0].length, true)],
  ['build pairs, in order', pairsOf(Math.floor(before / 3), before, fresh[0].length, false)],
];
const columns = internals.columns.view();
for (let round = 0; round < 4; round++) {
  for (const [name, [left, right]] of sets) {
    let vectors: ComparisonVectors | undefined;
    const compareMs = cpuMs(() => (vectors = comparePairs(internals.compiled.comparisons, columns, left, right)));
    const scoreMs = cpuMs(() => scorePairs(internals.table, internals.compiled, columns, left, right, vectors as ComparisonVectors));
    console.log(
      `round ${round}, ${name} (${left.length}): compare ${((compareMs * 1000) / left.length).toFixed(2)} µs/pair, score ${((scoreMs * 1000) / left.length).toFixed(2)} µs/pair`,
    );
  }
}
const clusters = engine
  .entities()
  .slice(0, 2000)
  .map((entity) => entity.records.map((ref) => internals.stored[internals.slotOfKey.get(`${ref.source}\u0000${ref.recordId}`) as number] as MergePersonRecord));
for (let round = 0; round < 3; round++) {
  const ms = cpuMs(() => {
    for (const cluster of clusters) mergeCluster(cluster, internals.policy);
  });
  console.log(`round ${round}, mergeCluster of 2,000 entities: ${((ms * 1000) / clusters.length).toFixed(1)} µs each`);
}
