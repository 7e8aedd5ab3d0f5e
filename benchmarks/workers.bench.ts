/**
 * Does handing person records to worker threads pay on this machine? A worker receives records by
 * structured clone (postMessage), so the clone's cost is the floor of what parallel validation or
 * preparation would add. This measures it against the work itself, in CPU time (the wall clock on a
 * shared 2-core machine is noise).
 *
 *   npx tsx benchmarks/workers.bench.ts --persons 100000
 */
import { compileModel } from '../src/model/compileModel.js';
import { prepareColumns } from '../src/comparisons/prepareColumns.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { validateBatch } from '../src/schema/validate.js';
import { generateSources } from '../src/synth/sources.js';

const personsArg = process.argv.indexOf('--persons');
const persons = personsArg > 0 ? Number(process.argv[personsArg + 1]) : 100_000;
const records: unknown[] = [];
for (const item of generateSources({ persons, seed: 7 })) if (item.kind === 'person') records.push(item.record);

function cpuMs<T>(work: () => T): [number, T] {
  const start = process.cpuUsage();
  const result = work();
  const used = process.cpuUsage(start);
  return [(used.user + used.system) / 1000, result];
}

const compiled = compileModel(dtsenPersonModelSpec());
const rows: { round: number; cloneMs: number; validateMs: number; prepareMs: number }[] = [];
for (let round = 1; round <= 3; round++) {
  const [cloneMs] = cpuMs(() => structuredClone(records));
  const [validateMs, validated] = cpuMs(() => validateBatch(records, 'person', { malformedIds: 'keep-in-extra' }));
  const [prepareMs] = cpuMs(() => prepareColumns(validated.valid, compiled.columns));
  rows.push({ round, cloneMs: Math.round(cloneMs), validateMs: Math.round(validateMs), prepareMs: Math.round(prepareMs) });
}
console.log(`${records.length} person records (${persons} persons), CPU ms per round:`);
console.table(rows);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const clone = median(rows.map((r) => r.cloneMs));
const work = median(rows.map((r) => r.validateMs + r.prepareMs));
// Two workers each doing half the work still pay the whole clone out and the prepared columns back.
console.log(
  `clone ≈ ${clone} ms CPU vs validate+prepare ≈ ${work} ms CPU: two workers save at most ${Math.round(work / 2)} ms of wall time and add ≥ ${clone} ms of cloning.`,
);
