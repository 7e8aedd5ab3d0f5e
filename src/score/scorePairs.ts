import { checkVectors } from '../comparisons/comparePairs.js';
import { checkCompiledModel } from '../model/compiledMark.js';
import { checkColumns } from '../model/column.js';
import { PadanError } from '../_internal/error.js';
import { checkCallback, checkPairs, describeType, MAX_RECORD_COUNT, invalidArgument } from '../_internal/arguments.js';
import type { PreparedColumn } from '../model/column.js';
import type { ComparisonVectors } from '../comparisons/comparePairs.js';
import type { CompiledModel } from '../model/compileModel.js';
import type { TrainedModel } from '../model/modelSpec.js';
import { float64Array } from '../_internal/typedArena.js';
import { PROGRESS_INTERVAL, type ProgressCallback } from '../_internal/progress.js';

/** Per-level match weights and term-frequency switches, derived once from a trained model. */
export interface WeightTable {
  /** log2 of the prior odds that a candidate pair matches. */
  readonly priorWeight: number;
  /** `levelWeights[c][l]` = log2(m / u); 0 for the null level. */
  readonly levelWeights: readonly Float64Array[];
  /** Comparisons with any term-frequency level, and which of their levels apply it. */
  readonly termFrequencyLevels: readonly (Uint8Array | null)[];
  readonly maxTermFrequencyAdjustment: number;
}

/** Throws unless `model` holds trained m/u probabilities for every level of every comparison of `compiled`. */
export function checkTrainedFor(model: unknown, compiled: CompiledModel, fn: string): asserts model is TrainedModel {
  const given = model as Partial<TrainedModel> | null;
  const parameters = typeof given === 'object' && given !== null ? given.parameters : undefined;
  const lambda = parameters?.candidateMatchProbability;
  const max = given?.spec?.decision?.maxTermFrequencyAdjustment;
  const shaped =
    Array.isArray(parameters?.comparisons) &&
    parameters.comparisons.length === compiled.comparisons.length &&
    typeof lambda === 'number' &&
    lambda > 0 &&
    lambda < 1 &&
    typeof max === 'number' &&
    parameters.comparisons.every(
      (comparison, c) =>
        Array.isArray(comparison?.levels) &&
        comparison.levels.length === compiled.comparisons[c]?.levels.length &&
        (comparison.levels as readonly ({ mProbability?: unknown; uProbability?: unknown } | undefined)[]).every(
          (level) => typeof level?.mProbability === 'number' && typeof level.uProbability === 'number',
        ),
    );
  if (!shaped)
    throw new PadanError(
      'invalid-argument',
      `${fn}: model must be a trained model of this compiled spec (m and u for each of its levels), got ${describeType(model)}`,
    );
}

/** Throws unless `table` is the weight table `weightTable` builds for `compiled`. */
function checkWeightTable(table: unknown, compiled: CompiledModel, fn: string): asserts table is WeightTable {
  const given = table as Partial<WeightTable> | null;
  const width = compiled.comparisons.length;
  const shaped =
    typeof given === 'object' &&
    given !== null &&
    typeof given.priorWeight === 'number' &&
    typeof given.maxTermFrequencyAdjustment === 'number' &&
    Array.isArray(given.levelWeights) &&
    given.levelWeights.length === width &&
    given.levelWeights.every((weights, c) => weights instanceof Float64Array && weights.length === compiled.comparisons[c]?.levels.length) &&
    Array.isArray(given.termFrequencyLevels) &&
    given.termFrequencyLevels.length === width &&
    given.termFrequencyLevels.every(
      (levels, c) => levels === null || (levels instanceof Uint8Array && levels.length === compiled.comparisons[c]?.levels.length),
    );
  if (!shaped) throw new PadanError('invalid-argument', `${fn}: table must be the weight table weightTable builds for this compiled model`);
}

/** Builds the weight table of a trained model. */
export function weightTable(model: TrainedModel, compiled: CompiledModel): WeightTable {
  checkCompiledModel(compiled, 'weightTable');
  checkTrainedFor(model, compiled, 'weightTable');
  const lambda = model.parameters.candidateMatchProbability;
  return {
    priorWeight: Math.log2(lambda / (1 - lambda)),
    levelWeights: model.parameters.comparisons.map((comparison) =>
      Float64Array.from(comparison.levels, (level, l) => (l === 0 ? 0 : Math.log2(level.mProbability / level.uProbability))),
    ),
    termFrequencyLevels: compiled.comparisons.map((comparison) =>
      comparison.levels.some((level) => level.termFrequency) ? Uint8Array.from(comparison.levels, (level) => (level.termFrequency ? 1 : 0)) : null,
    ),
    maxTermFrequencyAdjustment: model.spec.decision.maxTermFrequencyAdjustment,
  };
}

/**
 * The term-frequency adjustment, in bits, for a pair agreeing on a value: log2 of how much rarer the
 * value is than the average agreeing value (Σ frequency² is the chance that two random records agree
 * at all). Agreeing on a rare name adds weight; on MUHAMMAD it subtracts. Clamped to ±`max`.
 */
export function termFrequencyAdjustment(column: PreparedColumn, left: number, right: number, max: number): number {
  const idLeft = column.ids[left] as number;
  const idRight = column.ids[right] as number;
  if (idLeft < 0 || idRight < 0) return 0;
  const frequency = Math.max(column.frequencies[idLeft] as number, column.frequencies[idRight] as number);
  const adjustment = Math.log2(column.agreementRate / frequency);
  return adjustment > max ? max : adjustment < -max ? -max : adjustment;
}

/**
 * The match weight of every pair: prior + Σ level weights + term-frequency adjustments, in bits.
 * Probability = 2^w / (1 + 2^w).
 * `onProgress` hears of pair comparisons scored (pairs × comparisons).
 *
 * @example
 * const weights = scorePairs(table, compiled, columns, pairs.left, pairs.right, vectors);
 * weights[0] // e.g. 23.4
 */
export function scorePairs(
  table: WeightTable,
  compiled: CompiledModel,
  columns: ReadonlyMap<string, PreparedColumn>,
  left: Int32Array,
  right: Int32Array,
  vectors: ComparisonVectors,
  onProgress?: ProgressCallback,
): Float64Array {
  checkCompiledModel(compiled, 'scorePairs');
  checkWeightTable(table, compiled, 'scorePairs');
  const needed = compiled.comparisons.map((comparison) => comparison.column);
  checkColumns(columns, needed, 0, 'scorePairs');
  let records = MAX_RECORD_COUNT;
  for (const key of needed) records = Math.min(records, (columns.get(key) as PreparedColumn).ids.length);
  checkPairs(left, right, records, 'scorePairs');
  checkVectors(vectors, compiled.comparisons, left.length, 'scorePairs');
  checkCallback(onProgress, 'scorePairs', 'onProgress');
  const width = vectors.comparisons;
  const count = vectors.count;
  const weights = float64Array(count).fill(table.priorWeight);
  const levels = vectors.levels;
  // Without a progress callback the pairs are one chunk: the loop is as it was.
  const chunk = onProgress === undefined ? count : PROGRESS_INTERVAL;
  for (let c = 0; c < width; c++) {
    const levelWeights = table.levelWeights[c] as Float64Array;
    const termFrequency = table.termFrequencyLevels[c];
    const column = termFrequency ? (columns.get((compiled.comparisons[c] as CompiledModel['comparisons'][number]).column) as PreparedColumn) : null;
    for (let start = 0; start < count; start += chunk) {
      const end = Math.min(count, start + chunk);
      for (let p = start; p < end; p++) {
        const level = levels[p * width + c] as number;
        let weight = levelWeights[level] as number;
        if (termFrequency && column !== null && termFrequency[level] === 1) {
          weight += termFrequencyAdjustment(column, left[p] as number, right[p] as number, table.maxTermFrequencyAdjustment);
        }
        weights[p] = (weights[p] as number) + weight;
      }
      onProgress?.(c * count + end, width * count);
    }
  }
  if (count === 0 || width === 0) onProgress?.(0, 0);
  return weights;
}

/** Converts a match weight (bits) to a match probability. */
export function matchProbability(weight: number): number {
  // ±Infinity are certain decisions (1 or 0); NaN is no weight at all and used to come back as 1.
  if (typeof weight !== 'number' || Number.isNaN(weight)) throw invalidArgument('matchProbability', 'weight', 'a number', weight);
  const odds = 2 ** weight;
  return Number.isFinite(odds) ? odds / (1 + odds) : 1;
}
