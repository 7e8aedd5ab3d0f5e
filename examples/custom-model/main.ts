/**
 * Links the two clinics' patients with the custom model and shows why one pair matched:
 *   npm start
 */
import { explainPair, parseModel, resolveRecords, serializeModel } from 'padan';
import { clinicModel, clinicRows } from './model.js';

const { rows } = clinicRows();
// link-only: a pair is only ever two clinics' records (each clinic's own list has no duplicates).
const result = resolveRecords(rows, clinicModel, { mode: 'link-only' });
console.log(`${rows.length} records → ${result.clusters.length} patients (${result.report.candidatePairs} candidate pairs, ${result.links.length} links)`);

const link = result.links[0] as number;
const why = explainPair(result, result.pairs.left[link] as number, result.pairs.right[link] as number);
console.log(
  `strongest link, ${why.matchWeight.toFixed(1)} bits: ${why.comparisons.map((c) => `${c.comparison} ${c.label} (${c.weight.toFixed(1)})`).join(', ')}`,
);

// The trained model is JSON: save it, and next time resolve with it as is (no training).
const saved = serializeModel(result.model);
const again = resolveRecords(rows, parseModel(saved), { mode: 'link-only' });
console.log(`model JSON ${saved.length} bytes; reused: ${again.clusters.length} patients`);
