import { checkOptionBag } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import { fingerprint, hash64Joined } from '../_internal/hash.js';
import { maskIdentifier, redactIdentifiers } from '../_internal/redact.js';
import type { PreparedColumn } from '../model/column.js';
import { compileFieldPath } from '../model/fieldPath.js';
import type { BlockingRuleReport } from '../block/blockRecords.js';
import type { CompiledModel } from '../model/compileModel.js';
import { explainPair } from '../score/explainPair.js';
import { matchingStateOf, type MatchingContext } from '../score/matchingContext.js';
import type { TrainedModel } from '../model/modelSpec.js';
import { matchProbability } from '../score/scorePairs.js';
import type { TrainingReport } from '../score/trainModel.js';
import { describeIdentifierDifference } from './describeIdentifierDifference.js';
import type { ReportData, ReportEdge, ReportPair, ReportWeightBin } from './reportData.js';

/**
 * What the report reads of a person resolution: `resolvePersons(...)` (or `resolve(...).persons`) is
 * one. Declared here, as a shape, so that the report depends on the stages and not on the pipeline.
 */
export interface ReportResolution {
  readonly records: readonly unknown[];
  readonly rejections: readonly unknown[];
  readonly clusters: readonly { readonly id: string; readonly records: readonly number[] }[];
  readonly clusterOf: Int32Array;
  readonly model: TrainedModel;
  readonly pairs: { readonly left: Int32Array; readonly right: Int32Array; readonly weights: Float64Array };
  readonly links: Int32Array;
  readonly review: readonly {
    readonly left: number;
    readonly right: number;
    readonly matchWeight: number;
    readonly matchProbability: number;
    readonly reason: 'uncertain' | 'conflicting-identifiers';
  }[];
  readonly report: {
    readonly recordsIn: number;
    readonly candidatePairs: number;
    readonly matchedPairs: number;
    readonly reductionRatio: number;
    readonly blocking: readonly BlockingRuleReport[];
    readonly training: TrainingReport | null;
  };
  readonly context: MatchingContext;
}

/** Options of {@link buildReportData}. */
export interface BuildReportDataOptions {
  /** Shown as the page's title. Default `padan report`. */
  readonly title?: string;
  /**
   * The true entity of each record, by position in `resolution.records`, when the caller has labels
   * (a clerical sample, synthetic truth): the threshold chart then shows measured precision and recall
   * beside the model's estimate. `null` for an unlabelled record.
   */
  readonly truth?: readonly (string | null)[];
  /** Largest blocks listed per blocking rule. Default 10. */
  readonly largestBlocks?: number;
  /** Width of a match-weight bin of the threshold chart, in bits. Default 0.5. */
  readonly binWidth?: number;
}

const IDENTIFIER_PREPARERS = new Set(['nik', 'kk']);
const MAX_TEXT = 200;

function displayText(value: unknown, identifier: boolean): string | null {
  if (value === null || value === undefined || value === '') return null;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = '[unprintable]';
    }
  }
  if (text.length > MAX_TEXT) text = `${text.slice(0, MAX_TEXT)}…`;
  return identifier ? maskIdentifier(text) : redactIdentifiers(text);
}

/** The key a decision names a record by (see `ReportData.recordRefs`). */
export function reportRecordRef(source: string, recordId: string): string {
  if (typeof source !== 'string' || typeof recordId !== 'string')
    throw new PadanError('invalid-argument', 'reportRecordRef: source and recordId must be strings');
  if (redactIdentifiers(recordId) === recordId && !recordId.startsWith('#')) return recordId;
  const hex = hash64Joined(source, recordId);
  // A hash whose hex holds a long digit run would itself be masked as a NIK; those few are written in letters.
  return redactIdentifiers(hex) === hex ? `#${hex}` : `#${hex.replace(/[0-9]/g, (digit) => String.fromCharCode(103 + Number(digit)))}`;
}

/**
 * Gathers what the steward report shows from a person resolution: the model's levels (m, u, weight),
 * the training report, blocking per rule with its largest blocks, every review pair with the level each
 * comparison took, clusters of two or more records as graphs, and the distribution of match weights
 * with the matches the model expects in each bin. NIK/KK values are masked and every other text is
 * redacted; how two identifiers differ is described by part and position instead.
 *
 * @example
 * const data = buildReportData(resolvePersons(records));
 * data.model.comparisons[0].name // → 'nik'
 */
export function buildReportData(resolution: ReportResolution, options?: BuildReportDataOptions): ReportData {
  if (resolution === null || typeof resolution !== 'object' || !Array.isArray(resolution.records) || resolution.context === undefined) {
    throw new PadanError('invalid-argument', 'buildReportData: expected the result of resolvePersons (or resolve(...).persons)');
  }
  checkOptionBag(options, 'buildReportData', { title: 'string', truth: 'array', largestBlocks: 'number', binWidth: 'number' });
  const binWidth = options?.binWidth ?? 0.5;
  if (options?.title !== undefined && typeof options.title !== 'string') throw new PadanError('invalid-argument', 'buildReportData: title must be a string');
  const limit = options?.largestBlocks;
  if (limit !== undefined && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 0))
    throw new PadanError('invalid-argument', 'buildReportData: largestBlocks must be a non-negative integer');
  // Match weights lie within a few hundred bits: a wider bin is a mistake, and would be echoed into the page as a long number.
  if (typeof binWidth !== 'number' || !(binWidth > 0) || !(binWidth <= MAX_BIN_WIDTH))
    throw new PadanError('invalid-argument', `buildReportData: binWidth must be a positive number of bits, at most ${MAX_BIN_WIDTH}`);
  const truth = options?.truth;
  if (truth !== undefined && (!Array.isArray(truth) || truth.length !== resolution.records.length || truth.some((t) => t !== null && typeof t !== 'string'))) {
    throw new PadanError('invalid-argument', `buildReportData: truth must have one entry per record (${resolution.records.length}), a string or null`);
  }
  const { compiled, columns, weights: table } = matchingStateOf(resolution.context, 'buildReportData');
  const { model, records, pairs } = resolution;
  const spec = model.spec;

  // Comparisons' fields, once each, in spec order: the columns of the record table.
  const compared: { field: string; identifier: boolean; read: (record: unknown) => unknown }[] = [];
  for (const comparison of spec.comparisons) {
    if (compared.some((c) => c.field === comparison.field)) continue;
    compared.push({ field: comparison.field, identifier: IDENTIFIER_PREPARERS.has(comparison.prepare), read: compileFieldPath(comparison.field) });
  }
  const fields = ['source', 'recordId', ...compared.map((c) => c.field)];

  const reportIndex = new Int32Array(records.length).fill(-1);
  const rows: (string | null)[][] = [];
  const refs: string[] = [];
  const include = (position: number): number => {
    const known = reportIndex[position] as number;
    if (known >= 0) return known;
    const record = records[position];
    const source = String(compiled.readSource(record));
    const recordId = String(compiled.readId(record));
    const row: (string | null)[] = [redactIdentifiers(source), displayText(recordId, false)];
    for (const c of compared) row.push(displayText(c.read(record), c.identifier));
    reportIndex[position] = rows.length;
    rows.push(row);
    refs.push(reportRecordRef(source, recordId));
    return rows.length - 1;
  };

  const identifierComparisons = spec.comparisons
    .map((comparison, c) => ({ comparison, c }))
    .filter(({ comparison }) => IDENTIFIER_PREPARERS.has(comparison.prepare));
  const identifierReaders = identifierComparisons.map(({ comparison }) => compileFieldPath(comparison.field));

  const reviewPairs: ReportPair[] = resolution.review.map((item) => {
    const explanation = explainPair(model, compiled, table, columns, item.left, item.right);
    return {
      left: include(item.left),
      right: include(item.right),
      matchWeight: item.matchWeight,
      matchProbability: item.matchProbability,
      reason: item.reason,
      levels: explanation.comparisons.map((c) => c.level),
      termFrequencyAdjustments: explanation.comparisons.map((c) => c.termFrequencyAdjustment),
      identifiers: identifierComparisons.map(({ comparison }, i) => {
        const read = identifierReaders[i] as (record: unknown) => unknown;
        const difference = describeIdentifierDifference(read(records[item.left]), read(records[item.right]), {
          kind: comparison.prepare === 'kk' ? 'kk' : 'nik',
        });
        return {
          comparison: comparison.name,
          outcome: difference.outcome,
          differs: difference.differs,
          positions: difference.positions,
          summary: difference.summary,
        };
      }),
    };
  });

  // Clusters of two or more records, their records first (so that cluster pages read in order).
  const clusterSize = new Int32Array(resolution.clusters.length);
  for (let r = 0; r < records.length; r++) clusterSize[resolution.clusterOf[r] as number] = (clusterSize[resolution.clusterOf[r] as number] as number) + 1;
  const clusterSlot = new Int32Array(resolution.clusters.length).fill(-1);
  const clusters: { id: string; records: number[]; edges: ReportEdge[] }[] = [];
  resolution.clusters.forEach((cluster, c) => {
    if ((clusterSize[c] as number) < 2) return;
    clusterSlot[c] = clusters.length;
    clusters.push({ id: cluster.id, records: cluster.records.map(include), edges: [] });
  });
  const isLink = new Uint8Array(pairs.left.length);
  for (const p of resolution.links) isLink[p] = 1;
  for (let p = 0; p < pairs.left.length; p++) {
    const left = pairs.left[p] as number;
    const right = pairs.right[p] as number;
    const c = resolution.clusterOf[left] as number;
    if (c !== resolution.clusterOf[right] || (clusterSlot[c] as number) < 0) continue;
    (clusters[clusterSlot[c] as number] as { edges: ReportEdge[] }).edges.push({
      left: include(left),
      right: include(right),
      matchWeight: pairs.weights[p] as number,
      kind: isLink[p] === 1 ? 'link' : 'pair',
    });
  }
  for (const item of resolution.review) {
    if (item.reason !== 'conflicting-identifiers') continue;
    const edge: ReportEdge = { left: include(item.left), right: include(item.right), matchWeight: item.matchWeight, kind: 'refused' };
    for (const side of [item.left, item.right]) {
      const slot = clusterSlot[resolution.clusterOf[side] as number] as number;
      if (slot >= 0) (clusters[slot] as { edges: ReportEdge[] }).edges.push(edge);
    }
  }

  return {
    format: 'padan/report-data',
    version: 1,
    title: redactIdentifiers(options?.title ?? 'padan report'),
    summary: {
      recordsIn: resolution.report.recordsIn,
      records: records.length,
      rejected: resolution.rejections.length,
      clusters: resolution.clusters.length,
      multiRecordClusters: clusters.length,
      candidatePairs: resolution.report.candidatePairs,
      matchedPairs: resolution.report.matchedPairs,
      reviewPairs: reviewPairs.length,
    },
    model: {
      name: redactIdentifiers(spec.name),
      fingerprint: fingerprint(model).slice(0, 16),
      priorWeight: table.priorWeight,
      candidateMatchProbability: model.parameters.candidateMatchProbability,
      matchWeight: spec.decision.matchWeight,
      reviewWeight: spec.decision.reviewWeight,
      comparisons: spec.comparisons.map((comparison, c) => ({
        name: redactIdentifiers(comparison.name),
        field: redactIdentifiers(comparison.field),
        levels: (model.parameters.comparisons[c]?.levels ?? []).map((level, l) => ({
          label: redactIdentifiers(level.label),
          mProbability: level.mProbability,
          uProbability: level.uProbability,
          weight: (table.levelWeights[c] as Float64Array)[l] as number,
          termFrequency: table.termFrequencyLevels[c]?.[l] === 1,
        })),
      })),
    },
    training: resolution.report.training === null ? null : (redactStrings(resolution.report.training) as Record<string, unknown>),
    blocking: {
      reductionRatio: resolution.report.reductionRatio,
      candidatePairs: resolution.report.candidatePairs,
      rules: resolution.report.blocking.map((rule, r) => ({
        ...rule,
        rule: redactIdentifiers(rule.rule),
        largestBlocks: largestBlocks(compiled.blockingRules[r], columns, records.length, options?.largestBlocks ?? 10),
      })),
    },
    fields,
    records: rows,
    recordRefs: refs,
    pairs: reviewPairs,
    clusters,
    weights: weightDistribution(resolution, binWidth, truth),
  };
}

/** A copy of a JSON-like value with every string redacted (numbers are left alone: they are not identifiers here). */
function redactStrings(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactIdentifiers(value);
  if (value === null || typeof value !== 'object' || depth > 8) return typeof value === 'object' ? null : value;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') continue;
    copy[redactIdentifiers(key)] = redactStrings((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}

/** The `limit` largest blocks of one rule, by size, with their (redacted) keys. */
function largestBlocks(
  rule: CompiledModel['blockingRules'][number] | undefined,
  columns: ReadonlyMap<string, PreparedColumn>,
  count: number,
  limit: number,
): { key: string; size: number }[] {
  if (rule === undefined || limit <= 0) return [];
  const sizes = new Map<string, number>();
  const parts = rule.parts.map((part) => ({ column: columns.get(part.column), transform: part.transform }));
  for (let record = 0; record < count; record++) {
    let key = '';
    let keyed = true;
    for (const part of parts) {
      const value = part.column === undefined ? null : part.transform(part.column, record);
      if (value === null) {
        keyed = false;
        break;
      }
      key = key === '' ? value : `${key} · ${value}`;
    }
    if (keyed) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return [...sizes]
    .filter(([, size]) => size > 1)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit)
    .map(([key, size]) => ({ key: redactIdentifiers(key), size }));
}

/** The widest bin of the threshold chart, in bits. */
const MAX_BIN_WIDTH = 1_000;

/** The most bins the threshold chart gets (a page could not draw more). */
const MAX_WEIGHT_BINS = 100_000;

/** Candidate pairs binned by match weight, with the matches the model expects (and labels show) per bin. */
function weightDistribution(resolution: ReportResolution, binWidth: number, truth: readonly (string | null)[] | undefined): ReportData['weights'] {
  const { left, right, weights } = resolution.pairs;
  let min = Infinity;
  let max = -Infinity;
  for (const w of weights) {
    if (!Number.isFinite(w)) continue;
    if (w < min) min = w;
    if (w > max) max = w;
  }
  if (min === Infinity) return { binWidth, bins: [], expectedMatches: 0, ...(truth === undefined ? {} : { trueMatches: countTruePairs(truth) }) };
  const first = Math.floor(min / binWidth);
  const binCount = Math.floor(max / binWidth) - first + 1;
  // A tiny width over a wide range would ask for more bins than memory holds (or an infinite count).
  if (!(binCount <= MAX_WEIGHT_BINS)) {
    throw new PadanError(
      'invalid-argument',
      `buildReportData: binWidth ${binWidth} gives ${Number.isFinite(binCount) ? binCount : 'unboundedly many'} bins over the match weights ${min.toFixed(2)} to ${max.toFixed(2)}; at most ${MAX_WEIGHT_BINS} are allowed`,
    );
  }
  const pairCounts = new Float64Array(binCount);
  const expected = new Float64Array(binCount);
  const trueCounts = new Float64Array(binCount);
  let expectedMatches = 0;
  for (let p = 0; p < weights.length; p++) {
    const w = weights[p] as number;
    if (!Number.isFinite(w)) continue;
    const bin = Math.floor(w / binWidth) - first;
    const probability = matchProbability(w);
    pairCounts[bin] = (pairCounts[bin] as number) + 1;
    expected[bin] = (expected[bin] as number) + probability;
    expectedMatches += probability;
    if (truth !== undefined) {
      const a = truth[left[p] as number];
      if (a !== null && a !== undefined && a === truth[right[p] as number]) trueCounts[bin] = (trueCounts[bin] as number) + 1;
    }
  }
  const bins: ReportWeightBin[] = [];
  for (let b = 0; b < binCount; b++) {
    if (pairCounts[b] === 0) continue;
    const from = (first + b) * binWidth;
    bins.push(
      truth === undefined
        ? { from, pairs: pairCounts[b] as number, expectedMatches: expected[b] as number }
        : { from, pairs: pairCounts[b] as number, expectedMatches: expected[b] as number, trueMatches: trueCounts[b] as number },
    );
  }
  return truth === undefined ? { binWidth, bins, expectedMatches } : { binWidth, bins, expectedMatches, trueMatches: countTruePairs(truth) };
}

/** Pairs of records that share a true entity: Σ n(n−1)/2 over entities. */
function countTruePairs(truth: readonly (string | null)[]): number {
  const sizes = new Map<string, number>();
  for (const entity of truth) if (entity !== null && entity !== undefined) sizes.set(entity, (sizes.get(entity) ?? 0) + 1);
  let pairs = 0;
  for (const n of sizes.values()) pairs += (n * (n - 1)) / 2;
  return pairs;
}
