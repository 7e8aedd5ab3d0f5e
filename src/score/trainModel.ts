import { seededRandom } from '../_internal/random.js';
import type { PreparedColumn } from '../comparisons/column.js';
import { levelOf, type ComparisonVectors } from './comparePairs.js';
import type { CompiledModel } from './compileModel.js';
import type { LevelParameters, ModelParameters, TrainedModel } from './modelSpec.js';

/** How training went. */
export interface TrainingReport {
  readonly randomPairsSampled: number;
  readonly candidatePairs: number;
  readonly distinctPatterns: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly candidateMatchProbability: number;
}

/** Options of {@link trainModel}. */
export interface TrainModelOptions {
  /** Called after each EM iteration (a progress bar, a log line). */
  readonly onIteration?: (iteration: number, change: number) => void;
}

// No level is ever exactly impossible: a probability of 0 would give an infinite weight.
const PROBABILITY_FLOOR = 1e-7;

/** Distinct comparison vectors and how many pairs have each: EM iterates over these, not over pairs. */
interface Patterns {
  readonly levels: Uint8Array;
  readonly counts: Float64Array;
  readonly size: number;
}

function countPatterns(vectors: ComparisonVectors): Patterns {
  const width = vectors.comparisons;
  const index = new Map<string, number>();
  const counts: number[] = [];
  const patternLevels: number[] = [];
  const levels = vectors.levels;
  // Pack each vector into a number when it fits (levels < 16 each, ≤ 13 comparisons), else a string.
  const packable = width <= 13;
  const numeric = new Map<number, number>();
  for (let p = 0; p < vectors.count; p++) {
    const offset = p * width;
    let slot: number | undefined;
    let key = 0;
    let text = '';
    if (packable) {
      for (let c = 0; c < width; c++) key = key * 16 + (levels[offset + c] as number);
      slot = numeric.get(key);
    } else {
      text = String.fromCharCode(...levels.subarray(offset, offset + width));
      slot = index.get(text);
    }
    if (slot === undefined) {
      slot = counts.length;
      counts.push(0);
      for (let c = 0; c < width; c++) patternLevels.push(levels[offset + c] as number);
      if (packable) numeric.set(key, slot);
      else index.set(text, slot);
    }
    counts[slot] = (counts[slot] as number) + 1;
  }
  return { levels: Uint8Array.from(patternLevels), counts: Float64Array.from(counts), size: counts.length };
}

/** Per comparison, how many pairs take each level among the pairs at `levels` of comparison `by`. */
function levelCounts(
  patterns: Patterns,
  width: number,
  comparisons: CompiledModel['comparisons'],
  by: number,
  levels: readonly number[],
): { counts: number[][]; pairs: number } {
  const wanted = new Set(levels);
  const counts = comparisons.map((comparison) => new Array<number>(comparison.levels.length).fill(0));
  let pairs = 0;
  for (let p = 0; p < patterns.size; p++) {
    if (!wanted.has(patterns.levels[p * width + by] as number)) continue;
    const count = patterns.counts[p] as number;
    pairs += count;
    for (let c = 0; c < width; c++) {
      const row = counts[c] as number[];
      const at = patterns.levels[p * width + c] as number;
      row[at] = (row[at] as number) + count;
    }
  }
  return { counts, pairs };
}

/**
 * One pseudo-pair per level (Laplace smoothing): a level never seen among the matches is rare, not
 * impossible. Without it a level unseen in training gets a weight of -30 bits or more, and one odd
 * record in the world outweighs every other field.
 */
function smooth(row: readonly number[]): number[] {
  return row.map((value, l) => (l === 0 ? 0 : value + 1));
}

function normalize(values: number[], skipFirst: boolean): number[] {
  let total = 0;
  for (let l = skipFirst ? 1 : 0; l < values.length; l++) total += Math.max(values[l] as number, PROBABILITY_FLOOR);
  return values.map((value, l) => (skipFirst && l === 0 ? 0 : Math.max(value, PROBABILITY_FLOOR) / total));
}

/**
 * Estimates u probabilities from random record pairs: almost all random pairs are non-matches, so the
 * share of them at each level is what agreement by chance looks like.
 */
function sampleU(
  model: CompiledModel,
  columns: ReadonlyMap<string, PreparedColumn>,
  recordCount: number,
  needed: readonly boolean[],
): { u: number[][]; sampled: number } {
  const random = seededRandom(model.spec.training.randomSeed);
  const sampleSize = Math.min(model.spec.training.uSampleSize, (recordCount * (recordCount - 1)) / 2);
  const counts = model.comparisons.map((comparison) => new Array<number>(comparison.levels.length).fill(0));
  const comparisonColumns = model.comparisons.map((comparison) => columns.get(comparison.column) as PreparedColumn);
  let sampled = 0;
  while (sampled < sampleSize && recordCount > 1) {
    const a = Math.floor(random() * recordCount);
    const b = Math.floor(random() * recordCount);
    if (a === b) continue;
    sampled++;
    for (let c = 0; c < model.comparisons.length; c++) {
      if (!needed[c]) continue;
      const level = levelOf(model.comparisons[c] as CompiledModel['comparisons'][number], comparisonColumns[c] as PreparedColumn, a, b);
      const row = counts[c] as number[];
      row[level] = (row[level] as number) + 1;
    }
  }
  // Half a pair of pseudo-count per level: an agreement never seen in the sample is rare, not impossible.
  const u = counts.map((row) => normalize(row.map((count, l) => (l === 0 ? 0 : count + 0.5)), true));
  return { u, sampled };
}

/**
 * Trains a model without labels: u from random pairs, then m (and, unless `fixU`, u) by
 * expectation–maximisation over the candidate pairs' comparison vectors, optionally seeded from the
 * pairs that take one strong level (agreeing on a valid NIK). Deterministic for a given seed.
 *
 * @example
 * const { model } = trainModel(compiled, columns, records.length, vectors);
 * model.parameters.comparisons[0].levels[1].mProbability // e.g. 0.93
 */
export function trainModel(
  compiled: CompiledModel,
  columns: ReadonlyMap<string, PreparedColumn>,
  recordCount: number,
  vectors: ComparisonVectors,
  options?: TrainModelOptions,
): { model: TrainedModel; report: TrainingReport } {
  const { spec, comparisons } = compiled;
  const width = comparisons.length;
  const seed = spec.training.seed;
  const seedIndex = seed === undefined ? -1 : comparisons.findIndex((c) => c.name === seed.comparison);
  // With seeded non-matches, random pairs are needed only for the seed comparison's u.
  const needed = comparisons.map((_, c) => seed?.nonMatchLevels === undefined || c === seedIndex);
  const { u: sampledU, sampled } = sampleU(compiled, columns, recordCount, needed);
  const patterns = countPatterns(vectors);
  const total = vectors.count;

  let u = sampledU.map((row) => [...row]);
  let m: number[][];
  let lambda: number;
  // Comparisons whose m and u EM may change. With both seeds, the other comparisons' m and u are read
  // off the seeded pairs and stay as read: EM then has one question left (how the seed comparison and
  // the match share behave) and cannot drift to a "same family" split of the candidate pairs.
  const mFree = comparisons.map(() => true);
  const uFree = comparisons.map(() => true);
  if (seed !== undefined && seedIndex >= 0) {
    const positives = levelCounts(patterns, width, comparisons, seedIndex, seed.matchLevels);
    const seedRow = (comparisons[seedIndex] as CompiledModel['comparisons'][number]).levels;
    const matchLevels = new Set(seed.matchLevels);
    const seedM = normalize(seedRow.map((_, l) => (l === 0 ? 0 : matchLevels.has(l) ? 0.9 / matchLevels.size : 0.1 / Math.max(1, seedRow.length - 1 - matchLevels.size))), true);
    m = positives.counts.map((row, c) => (c === seedIndex ? seedM : normalize(row.map((count, l) => (l === 0 ? 0 : count + 0.5)), true)));
    if (seed.nonMatchLevels !== undefined) {
      const negatives = levelCounts(patterns, width, comparisons, seedIndex, seed.nonMatchLevels);
      u = negatives.counts.map((row, c) => (c === seedIndex ? (u[c] as number[]) : normalize(row.map((count, l) => (l === 0 ? 0 : count + 0.5)), true)));
      for (let c = 0; c < width; c++) {
        mFree[c] = c === seedIndex;
        uFree[c] = c === seedIndex;
      }
    }
    lambda = Math.min(0.95, Math.max(0.05, positives.pairs / Math.max(1, total)));
  } else {
    m = comparisons.map((comparison) => normalize(comparison.levels.map((_, l) => (l === 0 ? 0 : 2 ** -(l - 1))), true));
    lambda = 0.3;
  }

  const mSums = comparisons.map((comparison) => new Array<number>(comparison.levels.length).fill(0));
  const uSums = comparisons.map((comparison) => new Array<number>(comparison.levels.length).fill(0));
  let iterations = 0;
  let converged = false;
  for (; iterations < spec.training.maxIterations && !converged; ) {
    iterations++;
    for (let c = 0; c < width; c++) {
      (mSums[c] as number[]).fill(0);
      (uSums[c] as number[]).fill(0);
    }
    let matchMass = 0;
    const logPriorOdds = Math.log(lambda / (1 - lambda));
    for (let p = 0; p < patterns.size; p++) {
      let logOdds = logPriorOdds;
      const offset = p * width;
      for (let c = 0; c < width; c++) {
        const level = patterns.levels[offset + c] as number;
        if (level === 0) continue;
        logOdds += Math.log(((m[c] as number[])[level] as number) / ((u[c] as number[])[level] as number));
      }
      const posterior = logOdds > 40 ? 1 : logOdds < -40 ? 0 : 1 / (1 + Math.exp(-logOdds));
      const count = patterns.counts[p] as number;
      const matchCount = count * posterior;
      matchMass += matchCount;
      for (let c = 0; c < width; c++) {
        const level = patterns.levels[offset + c] as number;
        if (level === 0) continue;
        (mSums[c] as number[])[level] = ((mSums[c] as number[])[level] as number) + matchCount;
        (uSums[c] as number[])[level] = ((uSums[c] as number[])[level] as number) + count - matchCount;
      }
    }
    const nextLambda = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, matchMass / Math.max(1, total)));
    const nextM = mSums.map((row, c) => (mFree[c] ? normalize(smooth(row), true) : (m[c] as number[])));
    const nextU = uSums.map((row, c) => (uFree[c] && !spec.training.fixU ? normalize(smooth(row), true) : (u[c] as number[])));
    let change = Math.abs(nextLambda - lambda);
    for (let c = 0; c < width; c++) {
      for (let l = 1; l < (m[c] as number[]).length; l++) {
        change = Math.max(
          change,
          Math.abs(((nextM[c] as number[])[l] as number) - ((m[c] as number[])[l] as number)),
          Math.abs(((nextU[c] as number[])[l] as number) - ((u[c] as number[])[l] as number)),
        );
      }
    }
    m = nextM;
    u = nextU;
    lambda = nextLambda;
    options?.onIteration?.(iterations, change);
    converged = change < spec.training.tolerance;
  }

  const parameters: ModelParameters = {
    candidateMatchProbability: lambda,
    comparisons: comparisons.map((comparison, c) => ({
      name: comparison.name,
      levels: comparison.levels.map(
        (level, l): LevelParameters => ({
          label: level.label,
          mProbability: l === 0 ? 1 : ((m[c] as number[])[l] as number),
          uProbability: l === 0 ? 1 : ((u[c] as number[])[l] as number),
        }),
      ),
    })),
  };
  return {
    model: { kind: 'padan/model', version: 1, spec, parameters },
    report: {
      randomPairsSampled: sampled,
      candidatePairs: total,
      distinctPatterns: patterns.size,
      iterations,
      converged,
      candidateMatchProbability: lambda,
    },
  };
}
