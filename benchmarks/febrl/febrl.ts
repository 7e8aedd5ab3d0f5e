/**
 * Febrl3 and Febrl4 through padan's generic path, with Splink's own Febrl demo models translated
 * level by level (see README.md in this folder for what maps to what, and the numbers).
 *
 * The data is public and synthetic (Australian names and addresses, Febrl generator). Nothing here is
 * DTSEN-specific: the records go to `resolveRecords(records, model)` with a model spec written for
 * these columns (dates read as the files write them, `date:YYYYMMDD`), trained without labels on the
 * input, as a new user would; Febrl4's two files are linked in `link-only` mode.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvRecord, parseCsvRows } from '../../src/cli/parseCsv.js';
import { resolveRecords, type LinkMode } from '../../src/resolve.js';
import type { ModelSpecInput, TrainedModel } from '../../src/model/modelSpec.js';
import type { TrainingReport } from '../../src/score/trainModel.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** One Febrl record as padan reads it. */
export interface FebrlRecord {
  readonly source: string;
  readonly recordId: string;
  readonly given_name?: string;
  readonly surname?: string;
  /** Given name and surname together: blocking on its sorted tokens finds swapped names too. */
  readonly full_name?: string;
  readonly street_number?: string;
  readonly address_1?: string;
  readonly suburb?: string;
  readonly postcode?: string;
  readonly state?: string;
  /** As the file writes it, `YYYYMMDD`; the `date:YYYYMMDD` preparer reads an impossible date as missing (Splink: invalid dates as null). */
  readonly date_of_birth?: string;
  readonly soc_sec_id?: string;
}

/** Reads one Febrl CSV into records of `source`; `limit` keeps the first rows only (for tests). */
export function loadFebrl(file: string, source: string, limit = Infinity): FebrlRecord[] {
  const [header, ...rows] = parseCsvRows(readFileSync(join(HERE, file), 'utf8'));
  const names = (header as { cells: readonly string[] }).cells;
  const records: FebrlRecord[] = [];
  for (const row of rows) {
    if (records.length >= limit) break;
    if (row.cells.length === 1 && row.cells[0] === '') continue;
    const raw = csvRecord(names, row.cells) as Record<string, string>;
    const { rec_id, address_2: _unused, ...fields } = raw;
    const fullName = [raw['given_name'], raw['surname']].filter((x) => x !== undefined).join(' ');
    records.push({ source, recordId: rec_id as string, ...fields, ...(fullName !== '' ? { full_name: fullName } : {}) });
  }
  return records;
}

/** Reads a truth file of `left,right` record-id pairs. */
export function loadTruthPairs(file: string): [string, string][] {
  const [, ...rows] = parseCsvRows(readFileSync(join(HERE, file), 'utf8'));
  return rows.filter((r) => r.cells.length >= 2).map((r) => [r.cells[0] as string, r.cells[1] as string]);
}

// Splink's NameComparison: exact, Jaro–Winkler ≥ 0.92, ≥ 0.88, ≥ 0.7, else; with `swappedWith`, a
// cross-field level after exact: the two name columns swapped (Febrl swaps given name and surname).
const nameComparison = (field: string, termFrequency: boolean, swappedWith?: string): ModelSpecInput['comparisons'][number] => ({
  name: field,
  field,
  prepare: 'text',
  levels: [
    { kind: 'null' },
    { kind: 'exact', ...(termFrequency ? { termFrequency: true } : {}) },
    ...(swappedWith === undefined ? [] : [{ kind: 'cross-field', field: swappedWith }]),
    { kind: 'jaro-winkler', threshold: 0.92 },
    { kind: 'jaro-winkler', threshold: 0.88 },
    { kind: 'jaro-winkler', threshold: 0.7 },
    { kind: 'else' },
  ],
});

// Splink's DateOfBirthComparison: exact, ≤ 1 edit on the date string, within 1 month, 1 year, 10
// years, else. padan's numeric date form is yyyymmdd, so "within a month" is |Δ| ≤ 100 (one month
// apart in the same year, or days apart in the same month), a year ≤ 10000, ten years ≤ 100000: the
// same except across a year boundary (31 Dec vs 2 Jan reads as 8,871 apart, "within a year").
const dateOfBirthComparison: ModelSpecInput['comparisons'][number] = {
  name: 'date_of_birth',
  field: 'date_of_birth',
  prepare: 'date:YYYYMMDD',
  levels: [
    { kind: 'null' },
    { kind: 'date', outcomes: ['exact'] },
    { kind: 'damerau-levenshtein', maxDistance: 1 },
    { kind: 'numeric-difference', maxDifference: 100 },
    { kind: 'numeric-difference', maxDifference: 10_000 },
    { kind: 'numeric-difference', maxDifference: 100_000 },
    { kind: 'else' },
  ],
};

// Splink's DamerauLevenshteinAtThresholds(column, thresholds): exact, ≤ t edits for each t, else.
const editsComparison = (field: string, prepare: string, thresholds: readonly number[], termFrequency = false): ModelSpecInput['comparisons'][number] => ({
  name: field,
  field,
  prepare,
  levels: [
    { kind: 'null' },
    { kind: 'exact', ...(termFrequency ? { termFrequency: true } : {}) },
    ...thresholds.map((t) => ({ kind: 'damerau-levenshtein', maxDistance: t })),
    { kind: 'else' },
  ],
});

// Splink's ExactMatch(column) with term-frequency adjustment: exact, else.
const exactComparison = (field: string): ModelSpecInput['comparisons'][number] => ({
  name: field,
  field,
  prepare: 'code',
  levels: [{ kind: 'null' }, { kind: 'exact', termFrequency: true }, { kind: 'else' }],
});

const on = (field: string, prepare = 'text', transform?: string): { field: string; prepare: string; transform?: string } => ({
  field,
  prepare,
  ...(transform !== undefined ? { transform } : {}),
});

/** Decision shared by both models: a pair is a match at match probability ≥ 0.5 (weight ≥ 0 bits). */
const DECISION = { matchWeight: 0, reviewWeight: -4 } as const;

/**
 * Splink's Febrl3 demo model (dedupe): given name and surname (NameComparison; the given name also
 * "swapped with surname", a cross-field level Splink's demo lacks), date of birth
 * (DateOfBirthComparison), social-security id (≤ 2 edits), street number and postcode (exact, term
 * frequencies); blocking on each of soc_sec_id, given_name, surname, date_of_birth, postcode.
 */
export function febrl3ModelSpec(): ModelSpecInput {
  return {
    kind: 'padan/model-spec',
    version: 1,
    name: 'febrl3-splink-demo',
    comparisons: [
      nameComparison('given_name', false, 'surname'),
      nameComparison('surname', false),
      dateOfBirthComparison,
      editsComparison('soc_sec_id', 'identifier', [2]),
      exactComparison('street_number'),
      exactComparison('postcode'),
    ],
    blocking: {
      rules: [
        { name: 'soc_sec_id', on: [on('soc_sec_id', 'identifier')] },
        { name: 'given_name', on: [on('given_name')] },
        { name: 'surname', on: [on('surname')] },
        { name: 'date_of_birth', on: [on('date_of_birth', 'date:YYYYMMDD')] },
        { name: 'postcode', on: [on('postcode', 'code')] },
      ],
    },
    decision: DECISION,
  };
}

/**
 * Splink's Febrl4 "detailed" demo model (link A to B): names with term frequencies (and the given
 * name "swapped with surname", as in Febrl3), date of birth,
 * social-security id (≤ 1, ≤ 2 edits), street number (exact, term frequencies), postcode (≤ 1, ≤ 2
 * edits, term frequencies). Blocking: given name and surname (either order: sorted tokens of the full
 * name stand for Splink's two rules), date of birth, soc_sec_id, state + address_1, street number +
 * address_1, postcode.
 */
export function febrl4ModelSpec(): ModelSpecInput {
  return {
    kind: 'padan/model-spec',
    version: 1,
    name: 'febrl4-splink-demo',
    comparisons: [
      nameComparison('given_name', true, 'surname'),
      nameComparison('surname', true),
      dateOfBirthComparison,
      editsComparison('soc_sec_id', 'identifier', [1, 2]),
      exactComparison('street_number'),
      editsComparison('postcode', 'code', [1, 2], true),
    ],
    blocking: {
      rules: [
        { name: 'given_name+surname, either order', on: [on('full_name', 'text', 'sorted-tokens')] },
        { name: 'date_of_birth', on: [on('date_of_birth', 'date:YYYYMMDD')] },
        { name: 'soc_sec_id', on: [on('soc_sec_id', 'identifier')] },
        { name: 'state+address_1', on: [on('state', 'code'), on('address_1')] },
        { name: 'street_number+address_1', on: [on('street_number', 'code'), on('address_1')] },
        { name: 'postcode', on: [on('postcode', 'code')] },
      ],
    },
    decision: DECISION,
  };
}

/** Pairwise quality over the pairs that count (all pairs for a dedupe, cross-file pairs for a link). */
export interface PairScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly truePositives: number;
  readonly predictedPairs: number;
  readonly truePairs: number;
}

/** What one Febrl run gives. */
export interface FebrlResult {
  readonly dataset: 'febrl3' | 'febrl4';
  readonly records: number;
  readonly candidatePairs: number;
  readonly score: PairScore;
  readonly training: TrainingReport | null;
  readonly model: TrainedModel;
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/**
 * Scores clusters against truth pairs: every pair of records in one cluster is a predicted pair
 * (with `crossOnly`, only pairs from different sources), a true positive when the truth lists it.
 */
export function scorePairs(records: readonly FebrlRecord[], clusterOf: ArrayLike<number>, truth: readonly [string, string][], crossOnly: boolean): PairScore {
  const truthKeys = new Set(truth.map(([a, b]) => pairKey(a, b)));
  const members = new Map<number, number[]>();
  for (let r = 0; r < records.length; r++) {
    const c = clusterOf[r] as number;
    const list = members.get(c);
    if (list === undefined) members.set(c, [r]);
    else list.push(r);
  }
  let predicted = 0;
  let truePositives = 0;
  for (const list of members.values()) {
    for (let i = 0; i < list.length; i++) {
      const a = records[list[i] as number] as FebrlRecord;
      for (let j = i + 1; j < list.length; j++) {
        const b = records[list[j] as number] as FebrlRecord;
        if (crossOnly && a.source === b.source) continue;
        predicted++;
        if (truthKeys.has(pairKey(a.recordId, b.recordId))) truePositives++;
      }
    }
  }
  const precision = predicted === 0 ? 1 : truePositives / predicted;
  const recall = truthKeys.size === 0 ? 1 : truePositives / truthKeys.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePositives, predictedPairs: predicted, truePairs: truthKeys.size };
}

/** Deduplicates Febrl3 (5,000 records) and scores all pairs. */
export function runFebrl3(options?: { limit?: number; model?: TrainedModel | ModelSpecInput }): FebrlResult {
  const records = loadFebrl('febrl3.csv', 'febrl3', options?.limit);
  const ids = new Set(records.map((r) => r.recordId));
  const truth = loadTruthPairs('febrl3_truth.csv').filter(([a, b]) => ids.has(a) && ids.has(b));
  const resolution = resolveRecords(records, options?.model ?? febrl3ModelSpec());
  const byId = new Map(records.map((r) => [`${r.source}\u0000${r.recordId}`, r]));
  const ordered = resolution.records.map((r) => byId.get(`${r.source}\u0000${r.recordId}`) as FebrlRecord);
  return {
    dataset: 'febrl3',
    records: records.length,
    candidatePairs: resolution.report.candidatePairs,
    score: scorePairs(ordered, resolution.clusterOf, truth, false),
    training: resolution.report.training,
    model: resolution.model,
  };
}

/** Links Febrl4 A to B (5,000 + 5,000 records) and scores the cross-file pairs; `mode` default `link-only`. */
export function runFebrl4(options?: { limit?: number; model?: TrainedModel | ModelSpecInput; mode?: LinkMode }): FebrlResult {
  const a = loadFebrl('febrl4a.csv', 'A', options?.limit);
  const b = loadFebrl('febrl4b.csv', 'B', options?.limit);
  const records = [...a, ...b];
  const ids = new Set(records.map((r) => r.recordId));
  const truth = loadTruthPairs('febrl4_truth.csv').filter(([x, y]) => ids.has(x) && ids.has(y));
  const resolution = resolveRecords(records, options?.model ?? febrl4ModelSpec(), { mode: options?.mode ?? 'link-only' });
  const byId = new Map(records.map((r) => [`${r.source}\u0000${r.recordId}`, r]));
  const ordered = resolution.records.map((r) => byId.get(`${r.source}\u0000${r.recordId}`) as FebrlRecord);
  return {
    dataset: 'febrl4',
    records: records.length,
    candidatePairs: resolution.report.candidatePairs,
    score: scorePairs(ordered, resolution.clusterOf, truth, true),
    training: resolution.report.training,
    model: resolution.model,
  };
}
