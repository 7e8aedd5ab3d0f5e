import type { PreparedColumn } from '../model/column.js';
import { levelOf, otherColumnOf } from '../comparisons/comparePairs.js';
import type { CompiledModel } from '../model/compileModel.js';
import type { TrainedModel } from '../model/modelSpec.js';
import { matchProbability, termFrequencyAdjustment, type WeightTable } from './scorePairs.js';

/** Why a pair scored what it did, comparison by comparison. */
export interface PairExplanation {
  readonly priorWeight: number;
  readonly comparisons: readonly {
    readonly comparison: string;
    readonly level: number;
    readonly label: string;
    readonly mProbability: number;
    readonly uProbability: number;
    /** log2(m / u), 0 for a missing value. */
    readonly weight: number;
    readonly termFrequencyAdjustment: number;
  }[];
  readonly matchWeight: number;
  readonly matchProbability: number;
}

/**
 * Explains the score of one pair of records: the level each comparison took, its m and u
 * probabilities, its weight and term-frequency adjustment, the total and the probability.
 *
 * @example
 * explainPair(model, compiled, table, columns, 0, 1).comparisons[0]
 * // { comparison: 'nik', label: 'exact (consistent)', weight: 17.9, … }
 */
export function explainPair(
  model: TrainedModel,
  compiled: CompiledModel,
  table: WeightTable,
  columns: ReadonlyMap<string, PreparedColumn>,
  left: number,
  right: number,
): PairExplanation {
  let total = table.priorWeight;
  const comparisons = compiled.comparisons.map((comparison, c) => {
    const column = columns.get(comparison.column) as PreparedColumn;
    const level = levelOf(comparison, column, left, right, otherColumnOf(comparison, columns));
    const parameters = model.parameters.comparisons[c]?.levels[level];
    const weight = (table.levelWeights[c] as Float64Array)[level] as number;
    const adjustment = table.termFrequencyLevels[c]?.[level] === 1 ? termFrequencyAdjustment(column, left, right, table.maxTermFrequencyAdjustment) : 0;
    total += weight + adjustment;
    return {
      comparison: comparison.name,
      level,
      label: comparison.levels[level]?.label ?? '',
      mProbability: parameters?.mProbability ?? 1,
      uProbability: parameters?.uProbability ?? 1,
      weight,
      termFrequencyAdjustment: adjustment,
    };
  });
  return { priorWeight: table.priorWeight, comparisons, matchWeight: total, matchProbability: matchProbability(total) };
}
