/**
 * How partitioned resolution differs from single-process resolution on the general synthetic
 * population (movers, shared names across regencies, windowed blocks): both runs use one model and
 * one term-frequency table, trained once on a sample of whole partitions. Reports the pairs the two
 * disagree on, pairwise F1 of each against the truth, and partitioned against single-process.
 *
 *   node --max-old-space-size=16384 --import tsx benchmarks/partitioned.ts --persons 100k [--seed 1] [--sample 300000] [--no-write]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { partitionOfRecord } from '../src/partition/partitionOfRecord.js';
import { resolvePersons } from '../src/resolve.js';
import { resolvePartitioned, trainOnSample } from '../src/resolvePartitioned.js';
import { alignTruth, contingency, qualityOf } from './_harness/evaluate.js';
import { machineInfo } from './_harness/machine.js';
import { generateScenario, resolveScenario } from './_harness/scenario.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '100k' },
    seed: { type: 'string', default: '1' },
    sample: { type: 'string', default: '300000' },
    'no-write': { type: 'boolean', default: false },
  },
});
const scenario = resolveScenario({ persons: values.persons, seed: values.seed });
const machine = machineInfo();
const log = (text: string): void => void process.stderr.write(`[partitioned] ${text}\n`);
const generated = generateScenario(scenario);
log(`${generated.persons.length} person records`);

// The sample: whole partitions, in name order from a seeded start, until it holds `sample` records.
const byPartition = new Map<string, number>();
for (const record of generated.persons) byPartition.set(partitionOfRecord(record), (byPartition.get(partitionOfRecord(record)) ?? 0) + 1);
const names = [...byPartition.keys()].sort();
const chosen = new Set<string>();
let sampled = 0;
for (const name of names) {
  if (sampled >= Number(values.sample)) break;
  chosen.add(name);
  sampled += byPartition.get(name) as number;
}
const sample = generated.persons.filter((record) => chosen.has(partitionOfRecord(record)));
let started = performance.now();
const shared = trainOnSample(sample);
const trainMs = performance.now() - started;
log(`trained on ${sample.length} records of ${chosen.size} partitions in ${(trainMs / 1000).toFixed(1)} s`);

const keyOf = (source: string, recordId: string): string => `${source}\u0000${recordId}`;
// Single-process first; only its labels are kept, so the two runs never hold their state together.
const { singleMs, singleId, singleRecords, singleLabels, singlePersons } = (() => {
  started = performance.now();
  const single = resolvePersons(generated.persons, shared);
  const singleMs = performance.now() - started;
  log(`single-process ${(singleMs / 1000).toFixed(1)} s`);
  const singleId = new Map<string, string>();
  single.records.forEach((record, position) =>
    singleId.set(keyOf(record.source, record.recordId), (single.clusters[single.clusterOf[position] as number] as { id: string }).id),
  );
  const singleRecords = single.records.map((record) => ({ source: record.source, recordId: record.recordId }));
  return { singleMs, singleId, singleRecords, singleLabels: Int32Array.from(single.clusterOf), singlePersons: single.clusters.length };
})();
const truth = alignTruth(singleRecords, generated.truths);

started = performance.now();
const partitioned = resolvePartitioned(generated.persons, shared);
const partitionedMs = performance.now() - started;
log(`partitioned ${(partitionedMs / 1000).toFixed(1)} s, ${JSON.stringify(partitioned.report)}`);
const partitionedId = new Map(partitioned.assignments.map((a) => [keyOf(a.source, a.recordId), a.personId]));
const labelOf = new Map<string, number>();
const partitionedLabels = Int32Array.from(singleRecords, (record) => {
  const id = partitionedId.get(keyOf(record.source, record.recordId)) as string;
  let label = labelOf.get(id);
  if (label === undefined) labelOf.set(id, (label = labelOf.size));
  return label;
});
let sameIds = 0;
for (const [key, id] of singleId) if (partitionedId.get(key) === id) sameIds++;

const singleQuality = qualityOf(contingency(singleLabels, truth.personOf)).pairwise;
const partitionedQuality = qualityOf(contingency(partitionedLabels, truth.personOf)).pairwise;
const agreement = qualityOf(contingency(partitionedLabels, singleLabels)).pairwise;
const result = {
  kind: 'padan/benchmark-partitioned',
  version: 1,
  scenario,
  machine,
  records: generated.persons.length,
  sample: { records: sample.length, partitions: chosen.size, trainMs: Math.round(trainMs) },
  partitions: {
    count: names.length,
    largest: Math.max(...byPartition.values()),
    sizes: Object.fromEntries([...byPartition.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10)),
  },
  report: partitioned.report,
  singleMs: Math.round(singleMs),
  partitionedInMemoryMs: Math.round(partitionedMs),
  persons: { single: singlePersons, partitioned: labelOf.size },
  recordsWithSameId: sameIds,
  pairwise: {
    single: singleQuality,
    partitioned: partitionedQuality,
    f1Difference: singleQuality.f1 - partitionedQuality.f1,
    // Partitioned against single-process as the reference: pairs only one of them links.
    againstSingle: agreement,
    pairsOnlySingle: agreement.truePairs - agreement.truePositives,
    pairsOnlyPartitioned: agreement.predictedPairs - agreement.truePositives,
  },
};
console.log(JSON.stringify(result, null, 2));
if (!values['no-write']) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `partitioned-${scenario.name}-${new Date().toISOString().slice(0, 10)}-${machine.commit}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(file);
}
