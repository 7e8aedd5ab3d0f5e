import { checkVectors } from '../comparisons/comparePairs.js';
import { checkTrainedFor } from './scorePairs.js';
import { checkCompiledModel } from '../model/compiledMark.js';
import { checkColumns } from '../model/column.js';
import { checkCallback, checkOptionKeys, checkRecordCount, invalidArgument } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import { seededRandom } from '../_internal/random.js';
import type { PreparedColumn } from '../model/column.js';
import { levelOf, otherColumnOf, type ComparisonVectors } from '../comparisons/comparePairs.js';
import type { CompiledModel } from '../model/compileModel.js';
import type { LevelParameters, ModelParameters, ModelSpec, TrainedModel } from '../model/modelSpec.js';

/** Why a training result should not be trusted as it is. */
export type TrainingWarningCode =
  /** Too few records to estimate anything: the result is mostly the starting point (or the prior). */
  | 'too-few-records'
  /** The seed comparison found too few pairs at its match levels to start m from. */
  | 'too-few-seed-pairs'
  /** The match share went to (nearly) 0 or 1: EM put (nearly) every pair on one side. */
  | 'match-share-collapsed'
  /** m ≈ u at every level of every comparison: the weights cannot tell matches from non-matches. */
  | 'no-separation'
  /** EM stopped at `maxIterations` before the estimates settled. */
  | 'not-converged';

/** One training warning: a code and a sentence for the log. */
export interface TrainingWarning {
  readonly code: TrainingWarningCode;
  readonly message: string;
}

/** How training went. */
export interface TrainingReport {
  readonly randomPairsSampled: number;
  readonly candidatePairs: number;
  readonly distinctPatterns: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** The trained match share λ (of candidate pairs or of all pairs: see `matchShare`). */
  readonly candidateMatchProbability: number;
  /** What λ is a share of (the spec's `training.matchShare`). */
  readonly matchShare: 'candidates' | 'all-pairs';
  /** λ times the pairs it is a share of: how many matching pairs training believes there are. */
  readonly expectedMatchingPairs: number;
  /** Pairs at the seed comparison's match levels (0 without a seed). */
  readonly seedPairs: number;
  /** Pseudo-pairs of the prior model mixed into every estimate (0: no prior). */
  readonly priorStrength: number;
  /** A collapse or too little data: the weights are not to be trusted (see `warnings`). */
  readonly collapsed: boolean;
  readonly warnings: readonly TrainingWarning[];
}

/** Options of {@link trainModel}. */
export interface TrainModelOptions {
  /** Called after each EM iteration (a progress bar, a log line). */
  readonly onIteration?: (iteration: number, change: number) => void;
  /**
   * A model trained before on the same spec (e.g. the shipped DTSEN prior): EM starts from it, and
   * every m and u estimate is pulled towards it as if `priorStrength` pairs had been seen at its
   * values. A small batch then keeps weights close to the prior; a large one overrides it. (The match
   * share λ is the batch's own: a share of candidate pairs or of all pairs depends on the batch size.)
   */
  readonly prior?: TrainedModel;
  /** Weight of the prior in pseudo-pairs. Default 2,000 when a prior is given. */
  readonly priorStrength?: number;
  /**
   * Per candidate pair, the blocking rules whose keys it agrees on (bit r = rule r; `ruleAgreement`
   * in block/). With it, seeded m and u of a comparison are read only off pairs that some rule *not*
   * on that comparison's field produced: pairs blocking picked because their names agree say nothing
   * about how often the names of non-matches agree.
   */
  readonly ruleAgreement?: Uint16Array;
  /**
   * Each record's source (a small integer): given, random pairs for u are drawn across sources only,
   * as link-only mode compares (a within-source pair is never trained on).
   */
  readonly sourceOf?: Int32Array;
}

/** Below this many records, training reports `too-few-records`. */
export const MIN_TRAINING_RECORDS = 200;
/** Below this many pairs at the seed's match levels, training reports `too-few-seed-pairs`. */
export const MIN_SEED_PAIRS = 50;
/** Default pseudo-pair weight of a prior model. */
export const DEFAULT_PRIOR_STRENGTH = 2000;

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

/** The first segment of a field path: `address.villageCode` and `address.districtCode` are one field. */
function rootOf(field: string): string {
  const dot = field.indexOf('.');
  return dot < 0 ? field : field.slice(0, dot);
}

/**
 * Like `levelCounts`, but comparison c counts a pair only when the pair agrees on some blocking rule
 * independent of c's field (`independent[c]`); `pairs` counts the pairs at the seed's levels.
 */
function unbiasedLevelCounts(
  vectors: ComparisonVectors,
  agreement: Uint16Array,
  independent: readonly number[],
  comparisons: CompiledModel['comparisons'],
  by: number,
  levels: readonly number[],
): { counts: number[][]; pairs: number } {
  const width = vectors.comparisons;
  const wanted = new Set(levels);
  const counts = comparisons.map((comparison) => new Array<number>(comparison.levels.length).fill(0));
  let pairs = 0;
  for (let p = 0; p < vectors.count; p++) {
    const offset = p * width;
    if (!wanted.has(vectors.levels[offset + by] as number)) continue;
    pairs++;
    const agreed = agreement[p] as number;
    for (let c = 0; c < width; c++) {
      if ((agreed & (independent[c] as number)) === 0) continue;
      const row = counts[c] as number[];
      const at = vectors.levels[offset + c] as number;
      row[at] = (row[at] as number) + 1;
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

/** The pairs a match could be among: all record pairs, or with `sourceOf` (link-only) the cross-source ones. */
function comparablePairs(recordCount: number, sourceOf: Int32Array | undefined): number {
  let pairs = (recordCount * (recordCount - 1)) / 2;
  if (sourceOf === undefined) return pairs;
  const sizes = new Map<number, number>();
  for (let r = 0; r < recordCount; r++) sizes.set(sourceOf[r] as number, (sizes.get(sourceOf[r] as number) ?? 0) + 1);
  for (const size of sizes.values()) pairs -= (size * (size - 1)) / 2;
  return pairs;
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
  sourceOf: Int32Array | undefined,
  possible: number,
): { u: number[][]; counts: number[][]; sampled: number } {
  const random = seededRandom(model.spec.training.randomSeed);
  const sampleSize = Math.min(model.spec.training.uSampleSize, possible);
  const counts = model.comparisons.map((comparison) => new Array<number>(comparison.levels.length).fill(0));
  const comparisonColumns = model.comparisons.map((comparison) => columns.get(comparison.column) as PreparedColumn);
  const otherColumns = model.comparisons.map((comparison) => otherColumnOf(comparison, columns));
  let sampled = 0;
  while (sampled < sampleSize && recordCount > 1) {
    const a = Math.floor(random() * recordCount);
    const b = Math.floor(random() * recordCount);
    if (a === b || (sourceOf !== undefined && sourceOf[a] === sourceOf[b])) continue;
    sampled++;
    for (let c = 0; c < model.comparisons.length; c++) {
      if (!needed[c]) continue;
      const level = levelOf(
        model.comparisons[c] as CompiledModel['comparisons'][number],
        comparisonColumns[c] as PreparedColumn,
        a,
        b,
        otherColumns[c] ?? null,
      );
      const row = counts[c] as number[];
      row[level] = (row[level] as number) + 1;
    }
  }
  // Half a pair of pseudo-count per level: an agreement never seen in the sample is rare, not impossible.
  const u = counts.map((row) =>
    normalize(
      row.map((count, l) => (l === 0 ? 0 : count + 0.5)),
      true,
    ),
  );
  return { u, counts, sampled };
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
  checkCompiledModel(compiled, 'trainModel');
  checkRecordCount(recordCount, 'trainModel', 'recordCount');
  checkColumns(
    columns,
    compiled.comparisons.flatMap((comparison) => (comparison.otherColumn === undefined ? [comparison.column] : [comparison.column, comparison.otherColumn])),
    recordCount,
    'trainModel',
  );
  if (typeof vectors !== 'object' || vectors === null || typeof (vectors as { count?: unknown }).count !== 'number')
    throw invalidArgument('trainModel', 'vectors', 'the comparison vectors comparePairs returns', vectors);
  checkVectors(vectors, compiled.comparisons, vectors.count, 'trainModel');
  checkOptionKeys(options, 'trainModel', ['onIteration', 'prior', 'priorStrength', 'ruleAgreement', 'sourceOf']);
  checkCallback(options?.onIteration, 'trainModel', 'options.onIteration');
  if (options?.prior !== undefined) checkTrainedFor(options.prior, compiled, 'trainModel');
  if (
    options?.priorStrength !== undefined &&
    !(typeof options.priorStrength === 'number' && options.priorStrength >= 0 && Number.isFinite(options.priorStrength))
  )
    throw invalidArgument('trainModel', 'options.priorStrength', 'a finite number ≥ 0', options.priorStrength);
  if (options?.ruleAgreement !== undefined && !(options.ruleAgreement instanceof Uint16Array && options.ruleAgreement.length === vectors.count))
    throw invalidArgument('trainModel', 'options.ruleAgreement', 'a Uint16Array with one entry per pair', options.ruleAgreement);
  if (options?.sourceOf !== undefined && !(options.sourceOf instanceof Int32Array && options.sourceOf.length >= recordCount))
    throw invalidArgument('trainModel', 'options.sourceOf', 'an Int32Array with one source per record', options.sourceOf);
  const { spec, comparisons } = compiled;
  const width = comparisons.length;
  const seed = spec.training.seed;
  const allPairs = matchShareOf(spec) === 'all-pairs';
  if (allPairs && seed?.nonMatchLevels !== undefined) {
    throw new PadanError(
      'invalid-model',
      'training.seed.nonMatchLevels reads u off candidate pairs; matchShare "all-pairs" takes u from random pairs: drop one',
    );
  }
  const prior = options?.prior;
  if (prior !== undefined) checkPrior(prior, compiled);
  const strength = prior === undefined ? 0 : Math.max(0, options?.priorStrength ?? DEFAULT_PRIOR_STRENGTH);
  const seedIndex = seed === undefined ? -1 : comparisons.findIndex((c) => c.name === seed.comparison);
  // With seeded non-matches, random pairs are needed only for the seed comparison's u.
  const needed = comparisons.map((_, c) => allPairs || seed?.nonMatchLevels === undefined || c === seedIndex);
  const possible = comparablePairs(recordCount, options?.sourceOf);
  const { u: sampledU, counts: uCounts, sampled } = sampleU(compiled, columns, recordCount, needed, options?.sourceOf, possible);
  const patterns = countPatterns(vectors);
  const total = vectors.count;
  // What λ is a share of: the candidate pairs, or every record pair (those blocking left out counted as non-matches).
  const population = allPairs ? Math.max(1, possible) : Math.max(1, total);
  const lambdaFloor = allPairs ? 1e-15 : PROBABILITY_FLOOR;
  const priorLevels = (c: number, which: 'm' | 'u'): number[] | undefined =>
    prior?.parameters.comparisons[c]?.levels.map((level, l) => (l === 0 ? 0 : which === 'm' ? level.mProbability : level.uProbability));
  // Random-pair u, pulled towards the prior's u by `strength` pseudo-pairs (a batch of 8 records gives 28 pairs).
  let u = sampledU.map((row, c) => {
    const fromPrior = priorLevels(c, 'u');
    if (fromPrior === undefined || strength === 0) return [...row];
    const counts = uCounts[c] as number[];
    return normalize(
      counts.map((count, l) => (l === 0 ? 0 : count + strength * (fromPrior[l] as number))),
      true,
    );
  });
  let m: number[][];
  let lambda: number;
  let seedPairs = 0;
  // Comparisons whose m and u EM may change. With both seeds, the other comparisons' m and u are read
  // off the seeded pairs and stay as read: EM then has one question left (how the seed comparison and
  // the match share behave) and cannot drift to a "same family" split of the candidate pairs.
  const mFree = comparisons.map(() => true);
  const uFree = comparisons.map(() => !allPairs);
  // Rules independent of each comparison: bit r set when rule r has no key part on the comparison's field.
  const agreement = options?.ruleAgreement;
  const unbiased = spec.training.unbiasedSeed;
  const independent = comparisons.map((comparison) => {
    // A comparison left out of `unbiasedSeed` counts every seeded pair (its bits: all rules).
    if (Array.isArray(unbiased) && !unbiased.includes(comparison.name)) return 0xffff;
    const field = rootOf(spec.comparisons.find((c) => c.name === comparison.name)?.field ?? '');
    let bits = 0;
    spec.blocking.rules.slice(0, 16).forEach((rule, r) => {
      if (!rule.on.some((part) => rootOf(part.field) === field)) bits |= 1 << r;
    });
    return bits;
  });
  const seededCounts = (levels: readonly number[]): { counts: number[][]; pairs: number } =>
    agreement === undefined
      ? levelCounts(patterns, width, comparisons, seedIndex, levels)
      : unbiasedLevelCounts(vectors, agreement, independent, comparisons, seedIndex, levels);
  if (seed !== undefined && seedIndex >= 0) {
    const positives = seededCounts(seed.matchLevels);
    seedPairs = positives.pairs;
    const seedRow = (comparisons[seedIndex] as CompiledModel['comparisons'][number]).levels;
    const matchLevels = new Set(seed.matchLevels);
    const seedM =
      priorLevels(seedIndex, 'm') ??
      normalize(
        seedRow.map((_, l) => (l === 0 ? 0 : matchLevels.has(l) ? 0.9 / matchLevels.size : 0.1 / Math.max(1, seedRow.length - 1 - matchLevels.size))),
        true,
      );
    m = positives.counts.map((row, c) => {
      if (c === seedIndex) return seedM;
      const fromPrior = priorLevels(c, 'm');
      return normalize(
        row.map((count, l) => (l === 0 ? 0 : count + 0.5 + (fromPrior === undefined ? 0 : strength * (fromPrior[l] as number)))),
        true,
      );
    });
    if (seed.nonMatchLevels !== undefined) {
      const negatives = seededCounts(seed.nonMatchLevels);
      u = negatives.counts.map((row, c) => {
        if (c === seedIndex) return u[c] as number[];
        const fromPrior = priorLevels(c, 'u');
        return normalize(
          row.map((count, l) => (l === 0 ? 0 : count + 0.5 + (fromPrior === undefined ? 0 : strength * (fromPrior[l] as number)))),
          true,
        );
      });
      for (let c = 0; c < width; c++) {
        mFree[c] = c === seedIndex;
        uFree[c] = c === seedIndex;
      }
    }
    lambda = Math.min(allPairs ? 0.5 : 0.95, Math.max(allPairs ? lambdaFloor : 0.05, positives.pairs / population));
  } else {
    m = comparisons.map(
      (comparison, c) =>
        priorLevels(c, 'm') ??
        normalize(
          comparison.levels.map((_, l) => (l === 0 ? 0 : 2 ** -(l - 1))),
          true,
        ),
    );
    // Without a seed: about one duplicate per record among all pairs, or 30 % of the candidates.
    lambda = allPairs ? Math.min(0.5, Math.max(lambdaFloor, recordCount / population)) : 0.3;
  }
  // λ is not pulled towards the prior's: a share of candidates or of all pairs depends on the batch's
  // size. Only a batch too small to estimate it (a few records, a single lookup) takes the prior's
  // share of candidates as it is.
  const lambdaFixed = prior !== undefined && !allPairs && matchShareOf(prior.spec) === 'candidates' && recordCount < MIN_TRAINING_RECORDS;
  if (lambdaFixed) lambda = prior.parameters.candidateMatchProbability;

  const mSums = comparisons.map((comparison) => new Array<number>(comparison.levels.length).fill(0));
  const uSums = comparisons.map((comparison) => new Array<number>(comparison.levels.length).fill(0));
  let iterations = 0;
  let converged = false;
  for (; iterations < spec.training.maxIterations && !converged;) {
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
    const nextLambda = lambdaFixed ? lambda : Math.min(1 - PROBABILITY_FLOOR, Math.max(lambdaFloor, matchMass / population));
    const withPrior = (row: number[], c: number, which: 'm' | 'u'): number[] => {
      const fromPrior = priorLevels(c, which);
      return fromPrior === undefined || strength === 0 ? row : row.map((value, l) => value + strength * (fromPrior[l] as number));
    };
    const nextM = mSums.map((row, c) => (mFree[c] ? normalize(smooth(withPrior(row, c, 'm')), true) : (m[c] as number[])));
    const nextU = uSums.map((row, c) => (uFree[c] && !spec.training.fixU ? normalize(smooth(withPrior(row, c, 'u')), true) : (u[c] as number[])));
    let change = allPairs ? Math.abs(Math.log(nextLambda / lambda)) * 1e-3 : Math.abs(nextLambda - lambda);
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
      levels: comparison.levels.map((level, l): LevelParameters => ({
        label: level.label,
        mProbability: l === 0 ? 1 : ((m[c] as number[])[l] as number),
        uProbability: l === 0 ? 1 : ((u[c] as number[])[l] as number),
      })),
    })),
  };
  const warnings = diagnose({
    recordCount,
    total,
    population,
    lambda,
    allPairs,
    seeded: seed !== undefined && seedIndex >= 0,
    seedPairs,
    converged,
    iterations,
    m,
    u,
    hasPrior: strength > 0,
  });
  const collapsing = new Set<TrainingWarningCode>(['too-few-records', 'match-share-collapsed', 'no-separation']);
  return {
    model: { kind: 'padan/model', version: 1, spec, parameters },
    report: {
      randomPairsSampled: sampled,
      candidatePairs: total,
      distinctPatterns: patterns.size,
      iterations,
      converged,
      candidateMatchProbability: lambda,
      matchShare: allPairs ? 'all-pairs' : 'candidates',
      expectedMatchingPairs: lambda * population,
      seedPairs,
      priorStrength: strength,
      // Too few records with a prior is a small batch scored by the prior, not a collapse.
      collapsed: warnings.some((w) => collapsing.has(w.code) && !(w.code === 'too-few-records' && strength > 0)),
      warnings,
    },
  };
}

/**
 * What a spec's match share λ is a share of: `training.matchShare`, or by default `candidates` when
 * the seed reads u off non-matching candidate pairs and `all-pairs` otherwise.
 *
 * @example
 * matchShareOf(compileModel(dtsenPersonModelSpec()).spec) // → 'candidates'
 */
export function matchShareOf(spec: ModelSpec): 'candidates' | 'all-pairs' {
  return spec.training.matchShare ?? (spec.training.seed?.nonMatchLevels !== undefined ? 'candidates' : 'all-pairs');
}

/** The prior must be a model of the same comparisons and levels. */
function checkPrior(prior: TrainedModel, compiled: CompiledModel): void {
  const ok =
    prior.parameters.comparisons.length === compiled.comparisons.length &&
    compiled.comparisons.every((comparison, c) => {
      const trained = prior.parameters.comparisons[c];
      return trained?.name === comparison.name && trained.levels.length === comparison.levels.length;
    });
  if (!ok) throw new PadanError('invalid-model', `prior model "${prior.spec.name}" does not have the comparisons and levels of spec "${compiled.spec.name}"`);
}

interface Diagnosis {
  readonly recordCount: number;
  readonly total: number;
  readonly population: number;
  readonly lambda: number;
  readonly allPairs: boolean;
  readonly seeded: boolean;
  readonly seedPairs: number;
  readonly converged: boolean;
  readonly iterations: number;
  readonly m: readonly (readonly number[])[];
  readonly u: readonly (readonly number[])[];
  readonly hasPrior: boolean;
}

/** Below this many bits at every level of every comparison, the model has no separation. */
const MIN_SEPARATION_BITS = 1;

/** The checks that make a collapse loud instead of quiet. */
function diagnose(d: Diagnosis): TrainingWarning[] {
  const warnings: TrainingWarning[] = [];
  const fallback = d.hasPrior ? 'the weights stay close to the prior model' : 'give a trained model (or a prior) instead of training on this input';
  if (d.recordCount < MIN_TRAINING_RECORDS) {
    warnings.push({
      code: 'too-few-records',
      message: `training on ${d.recordCount} records (fewer than ${MIN_TRAINING_RECORDS}) cannot estimate m and u: ${fallback}`,
    });
  }
  if (d.seeded && d.seedPairs < MIN_SEED_PAIRS) {
    warnings.push({
      code: 'too-few-seed-pairs',
      message: `only ${d.seedPairs} pairs at the seed's match levels (fewer than ${MIN_SEED_PAIRS}): m starts from little evidence`,
    });
  }
  // λ near 1 among candidates, or more matching pairs than all pairs of records with a duplicate each
  // could hold, is everything matching; λ near 0 is nothing matching.
  const matching = d.lambda * d.population;
  const tooMany = d.allPairs ? matching > d.recordCount * 50 : d.lambda > 0.95;
  const tooFew = d.total > 0 && (d.allPairs ? matching < 0.5 : d.lambda < 1e-4);
  if (tooMany || tooFew) {
    warnings.push({
      code: 'match-share-collapsed',
      message: `the match share went to ${tooMany ? 'nearly 1' : 'nearly 0'} (λ = ${d.lambda.toPrecision(3)} of ${d.allPairs ? 'all pairs' : 'candidate pairs'}, ${Math.round(matching)} matching pairs): EM put ${tooMany ? 'every' : 'no'} pair on the match side`,
    });
  }
  let separation = 0;
  for (let c = 0; c < d.m.length; c++) {
    const mRow = d.m[c] as readonly number[];
    const uRow = d.u[c] as readonly number[];
    for (let l = 1; l < mRow.length; l++) separation = Math.max(separation, Math.abs(Math.log2((mRow[l] as number) / (uRow[l] as number))));
  }
  if (separation < MIN_SEPARATION_BITS) {
    warnings.push({
      code: 'no-separation',
      message: `m ≈ u at every level (largest weight ${separation.toFixed(2)} bits): the model cannot tell matches from non-matches`,
    });
  }
  if (!d.converged && d.total > 0) {
    warnings.push({ code: 'not-converged', message: `EM did not settle in ${d.iterations} iterations` });
  }
  return warnings;
}
