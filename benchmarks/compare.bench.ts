/**
 * Cost of the compare stage alone: the comparison vectors of every candidate pair.
 *
 *   node --import tsx benchmarks/compare.bench.ts --persons 100000 [--runs 5] [--noise default] [--seed 1]
 *
 * Generates a scenario, then runs what `resolvePersons` runs before compare (validate → canonical
 * order → prepare → block) once, and times `comparePairs` `--runs` times against the hand-written
 * baseline a user would otherwise write: every pair, every comparison, `levelOf` level by level. Reports
 * the median wall and CPU time of each (the machine is shared: CPU time is the steadier figure) and
 * checks that both return the same bytes. The first run also pays for collecting the earlier stages'
 * garbage (concurrent marking counts as CPU time), as compare does inside resolvePersons; forcing a
 * collection before each run instead makes every run pay a full collection of the live records.
 */
import { parseArgs } from 'node:util';
import { blockRecords } from '../src/block/blockRecords.js';
import type { PreparedColumn } from '../src/model/column.js';
import { prepareColumns } from '../src/comparisons/prepareColumns.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { validateBatch } from '../src/schema/validate.js';
import { comparePairs, levelOf } from '../src/comparisons/comparePairs.js';
import { compileModel, type CompiledComparison, type CompiledModel } from '../src/model/compileModel.js';
import { generateScenario, resolveScenario } from './_harness/scenario.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '100000' },
    noise: { type: 'string', default: 'default' },
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '5' },
    // Skip the baseline (e.g. at 1M records, where it alone takes a while).
    'no-baseline': { type: 'boolean', default: false },
    // Also time each comparison alone.
    'by-comparison': { type: 'boolean', default: false },
  },
});
const runs = Math.max(1, Number(values.runs));

const scenario = resolveScenario({ persons: values.persons, noise: values.noise, seed: values.seed });
const generated = generateScenario(scenario);
process.stderr.write(`${scenario.name}: ${generated.persons.length} person records in ${(generated.generationMs / 1000).toFixed(1)} s\n`);

const compiled = compileModel(dtsenPersonModelSpec());
const recordKey = (model: CompiledModel, record: unknown): string => `${String(model.readSource(record))}\u0000${String(model.readId(record))}`;
// As resolvePersons does: validate, canonical (source, recordId) order, prepare, block.
const { valid } = validateBatch(generated.persons, 'person', { malformedIds: 'keep-in-extra' });
const tagged = valid.map((record, i) => `${recordKey(compiled, record)}\u0001${i}`);
tagged.sort();
const records = tagged.map((entry) => valid[Number(entry.slice(entry.lastIndexOf('\u0001') + 1))]);
const columns = prepareColumns(records, compiled.columns);
const pairs = blockRecords(compiled.blockingRules, columns, records.length);
process.stderr.write(`${records.length} records, ${pairs.count} candidate pairs, ${compiled.comparisons.length} comparisons\n`);

/** The baseline: one `levelOf` call per pair and comparison, pair-outer. */
function comparePairsPerPair(
  comparisons: readonly CompiledComparison[],
  prepared: ReadonlyMap<string, PreparedColumn>,
  left: Int32Array,
  right: Int32Array,
): Uint8Array {
  const width = comparisons.length;
  const levels = new Uint8Array(left.length * width);
  const columnOf = comparisons.map((comparison) => prepared.get(comparison.column) as PreparedColumn);
  for (let c = 0; c < width; c++) {
    const comparison = comparisons[c] as CompiledComparison;
    const column = columnOf[c] as PreparedColumn;
    for (let p = 0; p < left.length; p++) levels[p * width + c] = levelOf(comparison, column, left[p] as number, right[p] as number);
  }
  return levels;
}

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function time(name: string, work: () => Uint8Array): { levels: Uint8Array; wallMs: number; cpuMs: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  let levels: Uint8Array = new Uint8Array(0);
  for (let run = 0; run < runs; run++) {
    const wallStarted = performance.now();
    const cpuStarted = cpuMs();
    levels = work();
    cpus.push(cpuMs() - cpuStarted);
    walls.push(performance.now() - wallStarted);
  }
  const result = { levels, wallMs: median(walls), cpuMs: median(cpus) };
  const perPair = (result.cpuMs * 1e6) / Math.max(1, pairs.count);
  console.log(
    `${name.padEnd(12)} wall ${(result.wallMs / 1000).toFixed(2)} s  cpu ${(result.cpuMs / 1000).toFixed(2)} s  (${perPair.toFixed(0)} ns CPU per pair; median of ${runs}; cpu runs ${cpus.map((ms) => (ms / 1000).toFixed(2)).join(' ')})`,
  );
  return result;
}

const library = time('comparePairs', () => comparePairs(compiled.comparisons, columns, pairs.left, pairs.right).levels);
if (!values['no-baseline']) {
  const baseline = time('per-pair', () => comparePairsPerPair(compiled.comparisons, columns, pairs.left, pairs.right));
  const same = Buffer.from(library.levels.buffer, library.levels.byteOffset, library.levels.byteLength).equals(
    Buffer.from(baseline.levels.buffer, baseline.levels.byteOffset, baseline.levels.byteLength),
  );
  console.log(`speed-up ${(baseline.cpuMs / library.cpuMs).toFixed(2)}× CPU; levels ${same ? 'identical' : 'DIFFER'}`);
  if (!same) process.exitCode = 1;
}
if (values['by-comparison']) {
  for (const comparison of compiled.comparisons) {
    time(comparison.name, () => comparePairs([comparison], columns, pairs.left, pairs.right).levels);
  }
}
// Level histogram per comparison: a quick check that the scenario exercises every level.
const width = compiled.comparisons.length;
for (let c = 0; c < width; c++) {
  const comparison = compiled.comparisons[c] as CompiledComparison;
  const counts = new Array<number>(comparison.levels.length).fill(0);
  for (let p = 0; p < pairs.count; p++) {
    const level = library.levels[p * width + c] as number;
    counts[level] = (counts[level] as number) + 1;
  }
  console.log(`  ${comparison.name.padEnd(12)} ${counts.join(' ')}`);
}
