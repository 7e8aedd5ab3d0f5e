/**
 * Scores a resolution against the generator's ground truth: quality overall, by NIK category and by
 * noise label, pair completeness of blocking, and the two baselines a ministry would otherwise run.
 * Everything is counted from cluster labels or candidate pairs; no all-pairs enumeration.
 */
import type { PersonTruth } from '../../src/synth/types.js';
import type { Quality } from '../quality.js';

/** The NIK situation of one record, from its noise labels. */
export type NikCategory = 'valid' | 'wrong' | 'missing';

// `nik-second` (a duplicate registration's second NIK) is a real NIK, but not the one the person's
// other records carry: for matching it is as wrong as a typo.
const WRONG_NIK = new Set(['nik-typo', 'nik-excel', 'nik-family-reuse', 'nik-relative', 'nik-second', 'nik-head']);

/** Classifies a record by its truth labels: `missing` (nik-missing), `wrong` (mistyped, borrowed or a second NIK), else `valid`. */
export function nikCategory(noise: readonly string[]): NikCategory {
  if (noise.includes('nik-missing')) return 'missing';
  for (const label of noise) if (WRONG_NIK.has(label)) return 'wrong';
  return 'valid';
}

/** Truth aligned to a resolution's record order. */
export interface AlignedTruth {
  /** Dense integer id of each record's true person. */
  readonly personOf: Int32Array;
  readonly noiseOf: readonly (readonly string[])[];
  /** Records the truth had no line for (should be 0). */
  readonly unmatched: number;
}

interface Keyed {
  readonly source: string;
  readonly recordId: string;
}

/** Looks up each record's truth by (source, recordId). */
export function alignTruth(records: readonly Keyed[], truths: readonly PersonTruth[]): AlignedTruth {
  const index = new Map<string, number>();
  for (let i = 0; i < truths.length; i++) {
    const truth = truths[i] as PersonTruth;
    index.set(`${truth.source}\u0000${truth.recordId}`, i);
  }
  const personIds = new Map<string, number>();
  const personOf = new Int32Array(records.length);
  const noiseOf: (readonly string[])[] = new Array(records.length);
  let unmatched = 0;
  for (let r = 0; r < records.length; r++) {
    const record = records[r] as Keyed;
    const at = index.get(`${record.source}\u0000${record.recordId}`);
    const truth = at === undefined ? undefined : truths[at];
    // A record without truth is its own person: it cannot inflate recall.
    const personId = truth?.personId ?? `\u0000unmatched-${r}`;
    if (truth === undefined) unmatched++;
    let id = personIds.get(personId);
    if (id === undefined) personIds.set(personId, (id = personIds.size));
    personOf[r] = id;
    noiseOf[r] = truth?.noise ?? [];
  }
  return { personOf, noiseOf, unmatched };
}

/** How many true matching pairs blocking produced. */
export interface PairCompleteness {
  readonly truePairsProduced: number;
  readonly truePairs: number;
  /** truePairsProduced / truePairs (1 when there are no true pairs). */
  readonly completeness: number;
}

/** Counts candidate pairs that are true matches against all true matching pairs (from cluster sizes). */
export function pairCompleteness(left: Int32Array, right: Int32Array, personOf: Int32Array): PairCompleteness {
  let produced = 0;
  for (let p = 0; p < left.length; p++) if (personOf[left[p] as number] === personOf[right[p] as number]) produced++;
  const size = new Map<number, number>();
  for (const person of personOf) size.set(person, (size.get(person) ?? 0) + 1);
  let truePairs = 0;
  for (const n of size.values()) truePairs += (n * (n - 1)) / 2;
  return { truePairsProduced: produced, truePairs, completeness: truePairs === 0 ? 1 : produced / truePairs };
}

/**
 * The contingency table of a clustering against the truth, as per-record integer codes: the same
 * counts `measureQuality` (benchmarks/quality.ts) builds with string keys, in typed arrays, so a
 * million-record run can be sliced by category and label many times over in seconds.
 */
export interface Contingency {
  /** Dense id of each record's (predicted, true) cell, its predicted cluster and its true cluster. */
  readonly cellOf: Int32Array;
  readonly predictedOf: Int32Array;
  readonly trueOf: Int32Array;
  readonly cellSize: Int32Array;
  readonly predictedSize: Int32Array;
  readonly trueSize: Int32Array;
}

function denseIds(labels: ArrayLike<number>): { ids: Int32Array; count: number } {
  const ids = new Int32Array(labels.length);
  const seen = new Map<number, number>();
  for (let r = 0; r < labels.length; r++) {
    const label = labels[r] as number;
    let id = seen.get(label);
    if (id === undefined) seen.set(label, (id = seen.size));
    ids[r] = id;
  }
  return { ids, count: seen.size };
}

/** Builds the contingency table of predicted against true cluster labels. */
export function contingency(predicted: ArrayLike<number>, truth: ArrayLike<number>): Contingency {
  const n = predicted.length;
  const p = denseIds(predicted);
  const t = denseIds(truth);
  const cells = new Map<number, number>();
  const cellOf = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    // Dense ids are < n ≤ 2^26, so the product key stays an exact double.
    const key = (p.ids[r] as number) * n + (t.ids[r] as number);
    let id = cells.get(key);
    if (id === undefined) cells.set(key, (id = cells.size));
    cellOf[r] = id;
  }
  const cellSize = new Int32Array(cells.size);
  const predictedSize = new Int32Array(p.count);
  const trueSize = new Int32Array(t.count);
  for (let r = 0; r < n; r++) {
    (cellSize[cellOf[r] as number] as number)++;
    (predictedSize[p.ids[r] as number] as number)++;
    (trueSize[t.ids[r] as number] as number)++;
  }
  return { cellOf, predictedOf: p.ids, trueOf: t.ids, cellSize, predictedSize, trueSize };
}

const choose2 = (k: number): number => (k * (k - 1)) / 2;
const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

function sumChoose2(sizes: Int32Array, minus?: Int32Array): number {
  let sum = 0;
  for (let i = 0; i < sizes.length; i++) sum += choose2(sizes[i] as number) - (minus === undefined ? 0 : choose2(minus[i] as number));
  return sum;
}

/**
 * Pairwise and B-cubed quality, as `measureQuality` defines them: with `subset`, B-cubed averages
 * over the subset's records and pairwise counts pairs with at least one record in it.
 */
export function qualityOf(table: Contingency, subset?: Uint8Array): Quality {
  const { cellOf, predictedOf, trueOf, cellSize, predictedSize, trueSize } = table;
  const n = cellOf.length;
  let truePositives: number;
  let predictedPairs: number;
  let truePairs: number;
  if (subset === undefined) {
    truePositives = sumChoose2(cellSize);
    predictedPairs = sumChoose2(predictedSize);
    truePairs = sumChoose2(trueSize);
  } else {
    const cellOut = new Int32Array(cellSize.length);
    const predictedOut = new Int32Array(predictedSize.length);
    const trueOut = new Int32Array(trueSize.length);
    for (let r = 0; r < n; r++) {
      if (subset[r] === 1) continue;
      (cellOut[cellOf[r] as number] as number)++;
      (predictedOut[predictedOf[r] as number] as number)++;
      (trueOut[trueOf[r] as number] as number)++;
    }
    truePositives = sumChoose2(cellSize, cellOut);
    predictedPairs = sumChoose2(predictedSize, predictedOut);
    truePairs = sumChoose2(trueSize, trueOut);
  }
  const precision = predictedPairs === 0 ? 1 : truePositives / predictedPairs;
  const recall = truePairs === 0 ? 1 : truePositives / truePairs;
  let bPrecision = 0;
  let bRecall = 0;
  let counted = 0;
  for (let r = 0; r < n; r++) {
    if (subset !== undefined && subset[r] !== 1) continue;
    const overlap = cellSize[cellOf[r] as number] as number;
    bPrecision += overlap / (predictedSize[predictedOf[r] as number] as number);
    bRecall += overlap / (trueSize[trueOf[r] as number] as number);
    counted++;
  }
  bPrecision = counted === 0 ? 1 : bPrecision / counted;
  bRecall = counted === 0 ? 1 : bRecall / counted;
  return {
    pairwise: { precision, recall, f1: f1Of(precision, recall), truePositives, predictedPairs, truePairs },
    bcubed: { precision: bPrecision, recall: bRecall, f1: f1Of(bPrecision, bRecall) },
  };
}

/** B-cubed of the records carrying one noise label. */
export interface NoiseQuality {
  readonly records: number;
  readonly bcubedPrecision: number;
  readonly bcubedRecall: number;
}

/** Quality of one clustering, overall and broken down. */
export interface QualityBreakdown {
  readonly overall: Quality;
  readonly byNikCategory: Readonly<Record<NikCategory, Quality & { readonly records: number }>>;
  /** Per noise or event label, records carrying it; labels sorted. */
  readonly byNoise: Readonly<Record<string, NoiseQuality>>;
}

/** Measures a clustering against the aligned truth, overall, per NIK category and per noise label. */
export function evaluateClustering(predicted: ArrayLike<number>, truth: AlignedTruth, options?: { byNoise?: boolean }): QualityBreakdown {
  const table = contingency(predicted, truth.personOf);
  const n = table.cellOf.length;
  const category = truth.noiseOf.map(nikCategory);
  const byNikCategory = {} as Record<NikCategory, Quality & { records: number }>;
  for (const which of ['valid', 'wrong', 'missing'] as const) {
    const subset = new Uint8Array(n);
    let records = 0;
    for (let r = 0; r < n; r++) {
      if (category[r] === which) {
        subset[r] = 1;
        records++;
      }
    }
    byNikCategory[which] = { records, ...qualityOf(table, subset) };
  }
  const byNoise: Record<string, NoiseQuality> = {};
  if (options?.byNoise !== false) {
    const sums = new Map<string, { records: number; precision: number; recall: number }>();
    for (let r = 0; r < n; r++) {
      const overlap = table.cellSize[table.cellOf[r] as number] as number;
      const precision = overlap / (table.predictedSize[table.predictedOf[r] as number] as number);
      const recall = overlap / (table.trueSize[table.trueOf[r] as number] as number);
      for (const label of truth.noiseOf[r] as readonly string[]) {
        let sum = sums.get(label);
        if (sum === undefined) sums.set(label, (sum = { records: 0, precision: 0, recall: 0 }));
        sum.records++;
        sum.precision += precision;
        sum.recall += recall;
      }
    }
    for (const label of [...sums.keys()].sort()) {
      const sum = sums.get(label) as { records: number; precision: number; recall: number };
      byNoise[label] = { records: sum.records, bcubedPrecision: sum.precision / sum.records, bcubedRecall: sum.recall / sum.records };
    }
  }
  return { overall: qualityOf(table), byNikCategory, byNoise };
}

/** The fields the baselines read. */
export interface BaselineRecord {
  readonly nik?: string | null;
  readonly name?: string | null;
  readonly birthDate?: string | null;
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    const up = parent[parent[x] as number] as number;
    parent[x] = up;
    x = up;
  }
  return x;
}

function unionByKey(parent: Int32Array, records: readonly BaselineRecord[], keyOf: (record: BaselineRecord) => string | null): void {
  const first = new Map<string, number>();
  for (let r = 0; r < records.length; r++) {
    const key = keyOf(records[r] as BaselineRecord);
    if (key === null) continue;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, r);
    else {
      const a = find(parent, seen);
      const b = find(parent, r);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
}

const nikKey = (record: BaselineRecord): string | null => {
  const digits = record.nik?.replace(/\D/g, '') ?? '';
  return digits.length === 16 ? digits : null;
};

const nameBirthKey = (record: BaselineRecord): string | null => {
  const name = record.name?.toUpperCase().replace(/\s+/g, ' ').trim() ?? '';
  const birth = record.birthDate ?? '';
  return name === '' || birth === '' ? null : `${name}\u0000${birth}`;
};

/**
 * Clusters records the way a ministry would without padan: `exact-nik` links records with the same
 * 16-digit NIK; `exact-nik+name-birth` also links records with the same upper-cased name and the same
 * birth date string. Returns a cluster label per record.
 */
export function clusterBaseline(records: readonly BaselineRecord[], baseline: 'exact-nik' | 'exact-nik+name-birth'): Int32Array {
  const parent = Int32Array.from(records, (_, i) => i);
  unionByKey(parent, records, nikKey);
  if (baseline === 'exact-nik+name-birth') unionByKey(parent, records, nameBirthKey);
  for (let r = 0; r < records.length; r++) parent[r] = find(parent, r);
  return parent;
}
