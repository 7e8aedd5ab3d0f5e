/**
 * Compares two resolutions of one synthetic dataset on disk (for example `padan resolve` in one
 * process and `padan resolve --partitioned`): pairwise and B-cubed quality of each against the
 * dataset's truth, the difference, and how the two agree with each other (pairs linked by both, by
 * one only, records whose co-members differ). Reads only the `members` of each persons.ndjson.
 *
 *   node --max-old-space-size=8192 --import tsx benchmarks/compareRuns.ts --data /work/data/p1m \
 *     --a OUT_SINGLE --b OUT_PARTITIONED [--label-a single --label-b partitioned] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { forEachLine } from '../src/partition/partitionFiles.js';
import { contingency, qualityOf } from './_harness/evaluate.js';

type Quality = ReturnType<typeof qualityOf>;

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    a: { type: 'string' },
    b: { type: 'string' },
    'label-a': { type: 'string', default: 'a' },
    'label-b': { type: 'string', default: 'b' },
    json: { type: 'string' },
  },
});
if (values.data === undefined || values.a === undefined || values.b === undefined) {
  throw new Error('usage: benchmarks/compareRuns.ts --data DIR --a OUT_DIR --b OUT_DIR [--label-a NAME --label-b NAME] [--json FILE]');
}
const log = (text: string): void => void process.stderr.write(`[compare] ${text}\n`);

// Every record key gets a dense index, in truth order; each labelling is an Int32Array over it.
const indexOf = new Map<string, number>();
const truthLabel: number[] = [];
const truthIds = new Map<string, number>();
forEachLine(join(values.data, 'truth.persons.ndjson'), (line) => {
  if (line === '') return;
  const truth = JSON.parse(line) as { source: string; recordId: string; personId: string };
  indexOf.set(`${truth.source}\u0000${truth.recordId}`, truthLabel.length);
  let id = truthIds.get(truth.personId);
  if (id === undefined) truthIds.set(truth.personId, (id = truthIds.size));
  truthLabel.push(id);
});
const records = truthLabel.length;
log(`${records} records in the truth`);

/** Each record's person in one run's output (-1: the run did not place it). */
function labelsOf(out: string): { labels: Int32Array; persons: number; placed: number; unknown: number } {
  const labels = new Int32Array(records).fill(-1);
  let persons = 0;
  let placed = 0;
  let unknown = 0;
  forEachLine(join(out, 'persons.ndjson'), (line) => {
    if (line === '') return;
    const { members } = JSON.parse(line) as { members: { source: string; recordId: string }[] };
    for (const member of members) {
      const index = indexOf.get(`${member.source}\u0000${member.recordId}`);
      if (index === undefined) {
        unknown++;
        continue;
      }
      labels[index] = persons;
      placed++;
    }
    persons++;
  });
  return { labels, persons, placed, unknown };
}

// Records a run left out (rejected) become singletons of their own, so both runs label every record.
function complete(labels: Int32Array, from: number): Int32Array {
  const full = Int32Array.from(labels);
  let next = from;
  for (let r = 0; r < full.length; r++) if ((full[r] as number) < 0) full[r] = next++;
  return full;
}

const a = labelsOf(values.a);
log(`${values['label-a']}: ${a.persons} persons, ${a.placed} records placed`);
const b = labelsOf(values.b);
log(`${values['label-b']}: ${b.persons} persons, ${b.placed} records placed`);
const labelsA = complete(a.labels, a.persons);
const labelsB = complete(b.labels, b.persons);
const truth = Int32Array.from(truthLabel);

const qualityA = qualityOf(contingency(labelsA, truth));
const qualityB = qualityOf(contingency(labelsB, truth));
// B against A as if A were the truth: pairs in both, pairs of A only, pairs of B only.
const agreement = qualityOf(contingency(labelsB, labelsA)).pairwise;
let sameCoMembers = 0;
{
  // A record's co-members agree when its (A, B) cell is its whole A cluster and its whole B cluster.
  const table = contingency(labelsB, labelsA);
  for (let r = 0; r < records; r++) {
    const cell = table.cellSize[table.cellOf[r] as number] as number;
    if (cell === table.predictedSize[table.predictedOf[r] as number] && cell === table.trueSize[table.trueOf[r] as number]) sameCoMembers++;
  }
}

const summary = (quality: Quality): object => ({
  pairwise: {
    precision: round(quality.pairwise.precision),
    recall: round(quality.pairwise.recall),
    f1: round(quality.pairwise.f1),
    predictedPairs: quality.pairwise.predictedPairs,
    truePositives: quality.pairwise.truePositives,
  },
  bcubedF1: round(quality.bcubed.f1),
});
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

const result = {
  kind: 'padan/benchmark-compare-runs',
  version: 1,
  data: values.data,
  records,
  truePairs: qualityA.pairwise.truePairs,
  runs: {
    [values['label-a']]: { out: values.a, persons: a.persons, recordsPlaced: a.placed, ...summary(qualityA) },
    [values['label-b']]: { out: values.b, persons: b.persons, recordsPlaced: b.placed, ...summary(qualityB) },
  },
  f1Difference: round(qualityB.pairwise.f1 - qualityA.pairwise.f1),
  agreement: {
    pairsBoth: agreement.truePositives,
    [`pairsOnly_${values['label-a']}`]: agreement.truePairs - agreement.truePositives,
    [`pairsOnly_${values['label-b']}`]: agreement.predictedPairs - agreement.truePositives,
    pairwiseF1: round(agreement.f1),
    recordsWithSameCoMembers: sameCoMembers,
  },
};
log(
  `pairwise F1 ${values['label-a']} ${qualityA.pairwise.f1.toFixed(5)} · ${values['label-b']} ${qualityB.pairwise.f1.toFixed(5)} · difference ${(qualityB.pairwise.f1 - qualityA.pairwise.f1).toFixed(5)}`,
);
console.log(JSON.stringify(result, null, 2));
if (values.json !== undefined) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
