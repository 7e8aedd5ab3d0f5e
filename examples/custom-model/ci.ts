/**
 * What CI runs (`npm run ci`): the custom model on the seeded clinics, checked against the truth the
 * generator knows. Exit code 0 when every check holds.
 */
import assert from 'node:assert/strict';
import { explainPair, parseModel, resolveRecords, serializeModel } from 'padan';
import { clinicModel, clinicRows } from './model.js';

const { rows, patients } = clinicRows();
const result = resolveRecords(rows, clinicModel, { mode: 'link-only' });
assert.equal(result.rejections.length, 0);

// Quality against the truth (A<n> and B<n> are one patient), pair by pair: of the record pairs put in
// one cluster, how many are one patient (precision); of the true pairs, how many were found (recall).
const patientOf = (position: number): string => (result.records[position] as { id: string }).id.slice(1);
let found = 0;
let correct = 0;
for (const cluster of result.clusters) {
  for (let i = 0; i < cluster.records.length; i++) {
    for (let j = i + 1; j < cluster.records.length; j++) {
      found++;
      if (patientOf(cluster.records[i] as number) === patientOf(cluster.records[j] as number)) correct++;
    }
  }
}
const truePairs = rows.length - patients;
const precision = correct / found;
const recall = correct / truePairs;
assert.ok(precision >= 0.98, `precision ${precision}`);
assert.ok(recall >= 0.95, `recall ${recall}`);

// link-only: no pair inside one clinic.
for (let p = 0; p < result.pairs.left.length; p++) {
  const left = result.records[result.pairs.left[p] as number] as { system: string };
  const right = result.records[result.pairs.right[p] as number] as { system: string };
  assert.notEqual(left.system, right.system);
}

// Explained, and the model round-trips through JSON to the same result.
const link = result.links[0] as number;
const why = explainPair(result, result.pairs.left[link] as number, result.pairs.right[link] as number);
assert.deepEqual(
  why.comparisons.map((c) => c.comparison),
  ['national-id', 'name', 'dob', 'city'],
);
const again = resolveRecords(rows, parseModel(serializeModel(result.model)), { mode: 'link-only' });
assert.deepEqual(again.clusters, result.clusters);
console.log(
  `custom-model: ${rows.length} records → ${result.clusters.length} patients; pairwise precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
);
