import type { DwellingInput, FamilyInput, PersonInput } from './schema/inputs.js';
import { checkIndex, checkResolution } from './_internal/resolutionArguments.js';
import { checkOptionBag, type OptionKinds } from './_internal/arguments.js';
import { at, atFloat64 } from './_internal/at.js';
import { PadanError } from './_internal/error.js';
import { PROGRESS_RECORDS, type ProgressCallback } from './_internal/progress.js';
import { fingerprint } from './_internal/hash.js';
import { orderBySourceAndId } from './_internal/orderBySourceAndId.js';
import { StringInterner } from './_internal/stringInterner.js';
import { float64Array, int32Array, temporaryInt32Array, temporaryUint8Array, uint8Array, withTypedArena } from './_internal/typedArena.js';
import { blockRecords, ruleAgreement, type BlockingRuleReport, type CandidatePairs } from './block/blockRecords.js';
import { crossPartitionReach, crossPartitionRule } from './block/blockingKey.js';
import { cannotLinkPairs } from './cluster/cannotLinkPairs.js';
import { reviewOrder, reviewReasonOf, type ReviewReason } from './cluster/reviewReason.js';
import { clusterRecords } from './cluster/clusterRecords.js';
import { batchEntityId, naturalEntityId } from './cluster/entityIds.js';
import { compareDates } from './comparators/compareDates.js';
import { buildColumn, type PreparedColumn, type PreparedValue } from './model/column.js';
import { prepareColumns } from './comparisons/prepareColumns.js';
import { NIK_NOT_CONTRADICTED } from './model/preparers.js';
import { groupFamilies, type FamilyGrouping } from './group/groupFamilies.js';
import { groupHouseholds, type HouseholdGrouping } from './group/groupHouseholds.js';
import { indexPersons, type PersonIndex } from './group/indexPersons.js';
import { compilePolicy } from './merge/compilePolicy.js';
import { dtsenPersonPolicy } from './merge/dtsenPersonPolicy.js';
import { mergeCluster } from './merge/mergeCluster.js';
import type { ConflictSeverity, MergePersonRecord, MergePolicy, MergeResult } from './merge/types.js';
import { dtsenPersonModelSpec } from './presets/dtsenPersonModel.js';
import type { PersonRecord } from './schema/person.js';
import { validateBatch, type DroppedFieldCounts, type RecordDefaults, type Rejection, type RecordWarnings } from './schema/validate.js';
import { makeIssue } from './schema/issues.js';
import { comparePairs } from './comparisons/comparePairs.js';
import { compileModel, type CompiledModel, type CompileModelOptions } from './model/compileModel.js';
import type { ModelRegistry } from './model/modelRegistry.js';
import { explainPair as explainScoredPair, type PairExplanation } from './score/explainPair.js';
import { matchingContext, matchingStateOf, type MatchingContext, type MatchingState } from './score/matchingContext.js';
import type { ModelSpecInput, TrainedModel } from './model/modelSpec.js';
import { matchProbability, scorePairs, weightTable } from './score/scorePairs.js';
import { applyTermFrequencies, termFrequenciesOf, type TermFrequencies, type TermFrequenciesOfOptions } from './score/termFrequencies.js';
import { trainModel, type TrainingReport } from './score/trainModel.js';
import { dtsenPersonPrior } from './presets/dtsenPersonPrior.js';

/** The stages of person resolution, in order. */
export type PersonStage = 'validate' | 'prepare' | 'block' | 'compare' | 'train' | 'score' | 'cluster';

/** The stages of {@link resolve}: person resolution, then merging each person and grouping families and households. */
export type ResolveStage = PersonStage | 'merge' | 'group';

/** What a stage counts: records validated, columns prepared, record keys blocked (records × blocking rules), pair comparisons (pairs × comparisons), EM iterations, links clustered, persons merged, group steps. */
export type ProgressUnit = 'records' | 'columns' | 'record keys' | 'comparisons' | 'iterations' | 'links' | 'persons' | 'steps';

/**
 * How far a stage has got: `done` of `total` units. Within a stage `done` never goes back, and every
 * stage ends with an event where `done === total` (0 of 0 when it had nothing to count).
 */
export interface StageProgress<S extends string = PersonStage> {
  readonly stage: S;
  readonly done: number;
  readonly total: number;
  readonly unit: ProgressUnit;
}

const STAGE_UNITS: Readonly<Record<ResolveStage, ProgressUnit>> = {
  validate: 'records',
  prepare: 'columns',
  block: 'record keys',
  compare: 'comparisons',
  train: 'iterations',
  score: 'comparisons',
  cluster: 'links',
  merge: 'persons',
  group: 'steps',
};

/**
 * A stage's progress callback for `onProgress` (undefined without one, so stages skip the calls),
 * and `finish`, which sends the stage's closing event if the stage did not reach `done === total`.
 */
function stageProgress<S extends ResolveStage>(
  onProgress: ((progress: StageProgress<S>) => void) | undefined,
  stage: S,
): { report: ProgressCallback | undefined; finish: () => void } {
  if (onProgress === undefined) return { report: undefined, finish: () => {} };
  const unit = STAGE_UNITS[stage];
  let done = -1;
  let total = 0;
  return {
    report: (d, t) => {
      done = d;
      total = t;
      onProgress({ stage, done: d, total: t, unit });
    },
    finish: () => {
      if (done !== total) onProgress({ stage, done: total, total, unit });
    },
  };
}

/** Options of {@link resolvePersons}. */
export interface ResolvePersonsOptions {
  /**
   * A trained model (used as is), or a spec to train on this input. Default: the DTSEN person
   * preset, trained on this input.
   */
  readonly model?: TrainedModel | ModelSpecInput;
  /**
   * Validate and normalize input with the person schema first (default true). Turn off only for
   * records that already passed `validateBatch`.
   */
  readonly validate?: boolean;
  /**
   * A trained model of the same comparisons that training starts from and is pulled towards (see
   * `trainModel`'s `prior`), or `false` for none. Default: the shipped DTSEN prior
   * (`dtsenPersonPrior()`) when `model` is left out, none when a spec is given.
   */
  readonly prior?: TrainedModel | false;
  /** Weight of the prior in pseudo-pairs (default 2,000). */
  readonly priorStrength?: number;
  /**
   * Term frequencies to score with instead of this input's own (see `termFrequenciesOf`): a
   * partitioned run passes one table to every partition, so a pair scores the same wherever it is.
   */
  readonly termFrequencies?: TermFrequencies;
  /** Called when a stage starts and ends, for progress bars and logs. */
  readonly onStage?: (stage: PersonStage, phase: 'start' | 'end', elapsedMs: number) => void;
  /**
   * Called inside each stage with its counts (see {@link StageProgress}): every few thousand records
   * or tens of thousands of pairs, and at the stage's end. For progress bars with a rate and an ETA;
   * left out, the stages make no calls.
   */
  readonly onProgress?: (progress: StageProgress) => void;
  /** `source`, `channel`, `observedAt` for records that do not carry them (a row's own value wins). */
  readonly defaults?: RecordDefaults;
  /** The caller's own preparers, level kinds and key transforms the model names (see `createModelRegistry`). */
  readonly registry?: ModelRegistry;
}

/** One resolved person: positions of its records in `resolution.records`. */
export interface PersonCluster {
  /** Stable ID: derived from the cluster's first record's (source, recordId). */
  readonly id: string;
  readonly records: readonly number[];
}

/** A pair a data steward should look at. */
export interface ReviewItem {
  readonly left: number;
  readonly right: number;
  readonly matchWeight: number;
  readonly matchProbability: number;
  /** `uncertain`: between the thresholds; `conflicting-identifiers`: a match refused by a distinctness constraint or a cannot-link rule (twins, a parent and child). See `reviewReasonOf`. */
  readonly reason: ReviewReason;
}

/** A data-quality signal on one record. */
export interface RecordFlag {
  readonly record: number;
  readonly code: 'nik/reused' | 'nik/inconsistent-with-record' | 'birth-date/placeholder';
}

/** Timings and counts of one resolution. */
export interface ResolutionReport {
  readonly recordsIn: number;
  readonly recordsValid: number;
  readonly rejected: number;
  readonly clusters: number;
  readonly candidatePairs: number;
  readonly matchedPairs: number;
  readonly reductionRatio: number;
  readonly blocking: readonly BlockingRuleReport[];
  readonly training: TrainingReport | null;
  readonly stageMs: Readonly<Record<PersonStage, number>>;
}

/** The result of {@link resolvePersons}. */
export interface PersonResolution {
  /** Valid records in canonical order (source, recordId): every position below indexes this. */
  readonly records: readonly PersonRecord[];
  /**
   * Positions into `records` in the order the valid records were given: where they sit in memory.
   * A pass over a million records in this order is several times faster than in canonical order.
   */
  readonly readOrder: Int32Array;
  readonly rejections: readonly Rejection[];
  /**
   * Validation warnings of accepted records (`index` is the input position), among them every field
   * dropped because it could not be read (`dropped: true`), and those drops counted by field and code.
   */
  readonly validation: { readonly warnings: readonly RecordWarnings[]; readonly dropped: DroppedFieldCounts };
  readonly clusters: readonly PersonCluster[];
  /** Cluster index of each record. */
  readonly clusterOf: Int32Array;
  readonly model: TrainedModel;
  /** Candidate pairs and their match weights. */
  readonly pairs: { readonly left: Int32Array; readonly right: Int32Array; readonly weights: Float64Array };
  /** Pair indexes of the links that built the clusters, strongest first. */
  readonly links: Int32Array;
  /** Pair indexes a cannot-link rule held for: two people, never one cluster (a partitioned run carries them across). */
  readonly separated: Int32Array;
  readonly review: readonly ReviewItem[];
  readonly flags: readonly RecordFlag[];
  readonly report: ResolutionReport;
  readonly context: MatchingContext;
}

const comparePositions = (a: number, b: number): number => a - b;

function registryOption(registry: ModelRegistry | undefined): CompileModelOptions | undefined {
  return registry === undefined ? undefined : { registry };
}

function isTrainedModel(model: TrainedModel | ModelSpecInput): model is TrainedModel {
  return (model as { kind?: unknown }).kind === 'padan/model';
}

function observedAtOf(record: unknown): string {
  const value = (record as { observedAt?: unknown } | null)?.observedAt;
  return typeof value === 'string' ? value : '';
}

function recordKey(compiled: CompiledModel, record: unknown): string {
  return `${String(compiled.readSource(record))}\u0000${String(compiled.readId(record))}`;
}

/**
 * Resolves person records from many sources into persons: validate → prepare → block → compare →
 * train (unless given a trained model) → score → cluster. Input order never matters: records are put
 * in canonical (source, recordId) order first, and every tie is broken on it.
 *
 * @example
 * const resolution = resolvePersons(records);
 * resolution.clusters.length // number of distinct persons
 * resolution.report.stageMs  // time per stage
 */
export function resolvePersons(input: readonly PersonInput[], options?: ResolvePersonsOptions): PersonResolution;
/** Any values: records from parsed JSON or CSV rows are validated the same way. */
export function resolvePersons(input: readonly unknown[], options?: ResolvePersonsOptions): PersonResolution;
export function resolvePersons(input: readonly unknown[], options?: ResolvePersonsOptions): PersonResolution {
  checkOptionBag(options, 'resolvePersons', RESOLVE_PERSONS_OPTIONS);
  return resolvePersonsReading(input, options).resolution;
}

// The options each pipeline takes, by kind; a model, policy, prior or registry is checked deeper.
const RESOLVE_PERSONS_OPTIONS: OptionKinds = {
  model: 'object',
  validate: 'boolean',
  prior: 'any',
  priorStrength: 'number',
  termFrequencies: 'object',
  onStage: 'function',
  onProgress: 'function',
  defaults: 'object',
  registry: 'object',
};
const RESOLVE_OPTIONS: OptionKinds = { ...RESOLVE_PERSONS_OPTIONS, personPolicy: 'object', minimumConflictSeverity: ['low', 'medium', 'high'] };
const RESOLVE_RECORDS_OPTIONS: OptionKinds = {
  mode: ['dedupe', 'link-only', 'link-and-dedupe'],
  registry: 'object',
  prior: 'object',
  priorStrength: 'number',
  termFrequencies: 'object',
  onStage: 'function',
  onProgress: 'function',
};

/**
 * A resolution and how its records were read: the valid records in input order (where they sit in
 * memory) and the read position of each canonical position. `resolve` hands both to the group stage.
 */
interface PersonsRead {
  readonly resolution: PersonResolution;
  readonly recordsInReadOrder: readonly PersonRecord[];
  readonly readPositionOf: Int32Array;
}

/** Throws unless the progress callbacks given are functions (they are called between stages, long after the call began). */
function checkCallbacks(options: { readonly onStage?: unknown; readonly onProgress?: unknown } | undefined, fn: string): void {
  for (const name of ['onStage', 'onProgress'] as const) {
    const callback = options?.[name];
    if (callback !== undefined && typeof callback !== 'function') throw new PadanError('invalid-argument', `${fn}: ${name} must be a function`);
  }
}

function resolvePersonsReading(input: readonly unknown[], options: ResolvePersonsOptions | undefined): PersonsRead {
  if (!Array.isArray(input)) throw new PadanError('invalid-argument', 'resolvePersons: input must be an array of records');
  checkCallbacks(options, 'resolvePersons');
  // Columns, keys, pairs and clusters come out of a few large buffers (see typedArena): allocated one
  // by one, each few arrays would set off a full collection over the caller's records.
  const given = options?.model ?? dtsenPersonModelSpec();
  // A model mistake throws before any record is read.
  const compiled = compileModel(isTrainedModel(given) ? given.spec : given, registryOption(options?.registry));
  // The chunk's unused tail stays with the result's clusterOf, for grouping to continue in (see typedArena).
  const engine: Engine = { persons: true, mode: 'dedupe' };
  return withTypedArena(input.length * ARENA_BYTES_PER_RECORD, () => resolveInArena(input, options, given, compiled, engine) as PersonsRead, {
    leaveTailWith: (read) => read.resolution.clusterOf,
  });
}

/**
 * How records of different sources may pair: `dedupe` (default) and `link-and-dedupe` compare every
 * pair, within and across sources; `link-only` compares only pairs from two different sources (the
 * sources are the values of the model's `recordKey.source`): a within-source pair is never a
 * candidate, never trained on, never a link and never reviewed.
 */
export type LinkMode = 'dedupe' | 'link-only' | 'link-and-dedupe';

/** Options of {@link resolveRecords}. */
export interface ResolveRecordsOptions {
  /** Which pairs count (default `dedupe`); see {@link LinkMode}. */
  readonly mode?: LinkMode;
  /** The caller's own preparers, level kinds and key transforms the model names (see `createModelRegistry`). */
  readonly registry?: ModelRegistry;
  /** A trained model of the same comparisons that training starts from (see `trainModel`). Default none. */
  readonly prior?: TrainedModel;
  /** Weight of the prior in pseudo-pairs (default 2,000). */
  readonly priorStrength?: number;
  /** Term frequencies to score with instead of this input's own (see `termFrequenciesOf`). */
  readonly termFrequencies?: TermFrequencies;
  /** Called when a stage starts and ends. */
  readonly onStage?: (stage: PersonStage, phase: 'start' | 'end', elapsedMs: number) => void;
  /** Called inside each stage with its counts (see {@link StageProgress}). */
  readonly onProgress?: (progress: StageProgress) => void;
}

/** The result of {@link resolveRecords}: like {@link PersonResolution}, over the caller's own records. */
export interface RecordResolution<R = Record<string, unknown>> extends Omit<PersonResolution, 'records' | 'validation' | 'flags'> {
  /** Identified records in canonical order (source, id): every position below indexes this. */
  readonly records: readonly R[];
  readonly mode: LinkMode;
}

/** How many leading records `resolveRecords` reads to catch a field path that names no field. */
export const FIELD_CHECK_RECORDS = 100;

/**
 * Resolves any tabular records with a model written for their columns: prepare → block → compare →
 * train (unless the model is trained) → score → cluster, with no Indonesian validation and no DTSEN
 * defaults (no prior, no NIK flags). Records are identified by the model's `recordKey` (default
 * `source` and `recordId`): a record without one, or repeating one, is rejected with a reason. A
 * `recordKey` or comparison field that none of the first 100 records carries is a config mistake:
 * `PadanError('invalid-input')`, before any work.
 *
 * @example
 * const result = resolveRecords(rows, febrl4ModelSpec(), { mode: 'link-only' });
 * result.clusters.length // entities found; no cluster link joins two records of one source
 */
export function resolveRecords<R = Record<string, unknown>>(
  records: readonly R[],
  model: TrainedModel | ModelSpecInput,
  options?: ResolveRecordsOptions,
): RecordResolution<R> {
  if (!Array.isArray(records)) throw new PadanError('invalid-argument', 'resolveRecords: records must be an array');
  if (model === null || typeof model !== 'object') throw new PadanError('invalid-argument', 'resolveRecords: model must be a model spec or a trained model');
  checkOptionBag(options, 'resolveRecords', RESOLVE_RECORDS_OPTIONS);
  const mode = options?.mode ?? 'dedupe';
  if (mode !== 'dedupe' && mode !== 'link-only' && mode !== 'link-and-dedupe') {
    throw new PadanError('invalid-argument', `resolveRecords: mode must be 'dedupe', 'link-only' or 'link-and-dedupe', not ${JSON.stringify(String(mode))}`);
  }
  checkCallbacks(options, 'resolveRecords');
  const compiled = compileModel(isTrainedModel(model) ? model.spec : model, registryOption(options?.registry));
  checkFieldPaths(compiled, records);
  const personsOptions: ResolvePersonsOptions = {
    model,
    validate: false,
    prior: options?.prior ?? false,
    ...(options?.priorStrength !== undefined ? { priorStrength: options.priorStrength } : {}),
    ...(options?.termFrequencies !== undefined ? { termFrequencies: options.termFrequencies } : {}),
    ...(options?.onStage !== undefined ? { onStage: options.onStage } : {}),
    ...(options?.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  };
  const engine: Engine = { persons: false, mode };
  const { resolution } = withTypedArena(records.length * ARENA_BYTES_PER_RECORD, () => resolveInArena(records, personsOptions, model, compiled, engine));
  return resolution as unknown as RecordResolution<R>; // resolveInArena's records are the caller's own, typed R
}

/** What differs between the DTSEN person façade and the generic engine. */
interface Engine {
  /** Person records: schema validation, DTSEN prior, NIK and birth-date flags, the group stage's reading. */
  readonly persons: boolean;
  readonly mode: LinkMode;
}

function isPresent(value: unknown): boolean {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/** A recordKey or comparison field that none of the first records carries is a misspelt path. */
function checkFieldPaths(compiled: CompiledModel, records: readonly unknown[]): void {
  const sample = records.slice(0, FIELD_CHECK_RECORDS);
  if (sample.length === 0) return;
  const { recordKey } = compiled.spec;
  const missing = (read: (record: unknown) => unknown): boolean => !sample.some((record) => isPresent(read(record)));
  const within = `the first ${sample.length} record${sample.length === 1 ? '' : 's'}`;
  if (missing(compiled.readSource)) {
    throw new PadanError(
      'invalid-input',
      `resolveRecords: recordKey.source "${recordKey.source}" is in none of ${within}: set the model's recordKey to the field that names each record's source`,
    );
  }
  if (missing(compiled.readId)) {
    throw new PadanError(
      'invalid-input',
      `resolveRecords: recordKey.id "${recordKey.id}" is in none of ${within}: set the model's recordKey to the field that identifies each record`,
    );
  }
  for (const comparison of compiled.spec.comparisons) {
    const column = compiled.columns.find((c) => c.field === comparison.field);
    if (column !== undefined && !sample.some((record) => column.read(record) !== undefined && column.read(record) !== null)) {
      throw new PadanError('invalid-input', `resolveRecords: field "${comparison.field}" of comparison "${comparison.name}" is in none of ${within}`);
    }
  }
  for (const comparison of compiled.comparisons) {
    const other = compiled.columns.find((c) => c.key === comparison.otherColumn);
    if (other !== undefined && !sample.some((record) => other.read(record) !== undefined && other.read(record) !== null)) {
      throw new PadanError(
        'invalid-input',
        `resolveRecords: field "${other.field}" of a cross-field level of comparison "${comparison.name}" is in none of ${within}`,
      );
    }
  }
}

/** Splits records into those the model's recordKey identifies (once) and rejections with a reason. */
function identifyRecords(compiled: CompiledModel, input: readonly unknown[]): { valid: unknown[]; rejected: Rejection[] } {
  const valid: unknown[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  const { recordKey } = compiled.spec;
  for (let index = 0; index < input.length; index++) {
    const record = input[index];
    const source = compiled.readSource(record);
    const id = compiled.readId(record);
    if (!isPresent(source) || !isPresent(id)) {
      const field = isPresent(source) ? recordKey.id : recordKey.source;
      rejected.push({
        index,
        issues: [makeIssue('schema/required', [field], `the record has no ${field} (the model's recordKey): it cannot be identified`, 'error')],
      });
      continue;
    }
    const key = `${String(source)}\u0000${String(id)}`;
    if (seen.has(key)) {
      rejected.push({
        index,
        source: String(source),
        recordId: String(id),
        issues: [makeIssue('schema/duplicate-record', [recordKey.id], 'an earlier record has the same source and id', 'error')],
      });
      continue;
    }
    seen.add(key);
    valid.push(record);
  }
  return { valid, rejected };
}

// Typed-array bytes per input record: a DTSEN-preset run takes about 490 at 1M records, and grouping
// families and households about 220 more from the same chunk's tail. Untouched bytes cost no memory.
const ARENA_BYTES_PER_RECORD = 1024;

function resolveInArena(
  input: readonly unknown[],
  options: ResolvePersonsOptions | undefined,
  given: TrainedModel | ModelSpecInput,
  compiled: CompiledModel,
  engine: Engine,
): { readonly resolution: PersonResolution | RecordResolution<unknown>; readonly recordsInReadOrder: readonly unknown[]; readonly readPositionOf: Int32Array } {
  const stageMs: Record<PersonStage, number> = { validate: 0, prepare: 0, block: 0, compare: 0, train: 0, score: 0, cluster: 0 };
  const stage = <T>(name: PersonStage, work: (progress: ProgressCallback | undefined) => T): T => {
    options?.onStage?.(name, 'start', 0);
    const started = performance.now();
    const progress = stageProgress(options?.onProgress, name);
    const result = work(progress.report);
    progress.finish();
    stageMs[name] = performance.now() - started;
    options?.onStage?.(name, 'end', stageMs[name]);
    return result;
  };

  const {
    valid,
    rejected,
    warnings: validationWarnings,
    dropped,
  } = stage('validate', (progress) => {
    if (!engine.persons)
      return { ...identifyRecords(compiled, input), warnings: [] as RecordWarnings[], dropped: {} } as {
        valid: PersonRecord[];
        rejected: Rejection[];
        warnings: RecordWarnings[];
        dropped: DroppedFieldCounts;
      };
    if (options?.validate === false) return { valid: input as PersonRecord[], rejected: [] as Rejection[], warnings: [] as RecordWarnings[], dropped: {} };
    return validateBatch(input, 'person', {
      malformedIds: 'keep-in-extra',
      ...(options?.defaults !== undefined ? { defaults: options.defaults } : {}),
      ...(progress !== undefined ? { onProgress: progress } : {}),
    });
  });

  const { records, order, columns } = stage('prepare', (progress) => {
    const order = canonicalOrder(compiled, valid);
    const sorted: PersonRecord[] = new Array(order.length);
    for (let position = 0; position < order.length; position++) sorted[position] = valid[order[position] as number] as PersonRecord;
    // Columns are prepared reading records in input order (where they sit in memory), written in canonical order.
    const prepared = prepareColumns(valid, compiled.columns, order, progress);
    return { records: sorted, order, columns: options?.termFrequencies === undefined ? prepared : applyTermFrequencies(prepared, options.termFrequencies) };
  });
  const count = records.length;

  const sourceOf = engine.mode === 'link-only' ? sourcesOf(compiled, records) : null;
  const pairs = stage('block', (progress) => {
    const blocked = blockRecords(compiled.blockingRules, columns, count, progress !== undefined ? { onProgress: progress } : undefined);
    return sourceOf === null ? blocked : acrossSources(blocked, sourceOf, count);
  });
  const vectors = stage('compare', (progress) => comparePairs(compiled.comparisons, columns, pairs.left, pairs.right, progress));
  let training: TrainingReport | null = null;
  const model = stage('train', (progress) => {
    if (isTrainedModel(given)) return given;
    const maxIterations = compiled.spec.training.maxIterations;
    progress?.(0, maxIterations);
    const prior =
      options?.prior === undefined ? (options?.model === undefined ? dtsenPersonPrior() : undefined) : options.prior === false ? undefined : options.prior;
    const trained = trainModel(compiled, columns, count, vectors, {
      ...(sourceOf !== null ? { sourceOf } : {}),
      ...(prior !== undefined ? { prior } : {}),
      ...(options?.priorStrength !== undefined ? { priorStrength: options.priorStrength } : {}),
      ...(progress !== undefined ? { onIteration: (iteration: number) => progress(iteration, maxIterations) } : {}),
      ...(compiled.spec.training.unbiasedSeed !== false
        ? { ruleAgreement: ruleAgreement(compiled.blockingRules, columns, count, pairs.left, pairs.right) }
        : {}),
    });
    training = trained.report;
    return trained.model;
  });
  const table = weightTable(model, compiled);
  const weights = stage('score', (progress) => scorePairs(table, compiled, columns, pairs.left, pairs.right, vectors, progress));

  const { decision } = model.spec;
  const clustering = stage('cluster', (progress) => {
    // Sources are read in input order (memory order), then laid out by position.
    const distinct = compiled.distinct.map((constraint) => {
      const column = columns.get(constraint.column) as PreparedColumn;
      const trusted = temporaryUint8Array(count);
      for (let i = 0; i < count; i++) if (constraint.trustedSources.has(String(compiled.readSource(valid[i])))) trusted[i] = 1;
      const ids = temporaryInt32Array(count);
      for (let i = 0; i < count; i++) ids[i] = trusted[order[i] as number] === 1 ? (column.ids[i] as number) : -1;
      return ids;
    });
    const separated = cannotLinkPairs(compiled.cannotLink, vectors.levels, vectors.comparisons, vectors.count);
    const separate = { left: separated.map((p) => pairs.left[p] as number), right: separated.map((p) => pairs.right[p] as number) };
    return {
      ...clusterRecords({
        recordCount: count,
        left: pairs.left,
        right: pairs.right,
        weights,
        matchWeight: decision.matchWeight,
        distinct,
        separate,
        onProgress: progress,
      }),
      separated,
    };
  });

  // Members of each cluster in record order, each list made at its exact size.
  const sizes = temporaryInt32Array(clustering.clusterCount);
  for (let r = 0; r < count; r++) sizes[clustering.clusterOf[r] as number] = (sizes[clustering.clusterOf[r] as number] as number) + 1;
  const members: number[][] = new Array(clustering.clusterCount);
  for (let c = 0; c < clustering.clusterCount; c++) members[c] = new Array<number>(sizes[c] as number);
  const filled = sizes.fill(0);
  for (let r = 0; r < count; r++) {
    const c = clustering.clusterOf[r] as number;
    (members[c] as number[])[filled[c] as number] = r;
    filled[c] = (filled[c] as number) + 1;
  }
  // The entity-ID rule (cluster/entityIds.ts): each cluster takes the natural ID of its oldest record.
  const clusters = members.map((list) => ({
    id:
      list.length === 1
        ? naturalEntityId(recordKey(compiled, records[list[0] as number]))
        : batchEntityId(list.map((r) => ({ key: recordKey(compiled, records[r]), firstSeen: observedAtOf(records[r]) }))),
    records: list,
  }));

  // The review-queue rule (cluster/reviewReason.ts, shared with the entity store), over every candidate pair.
  const refused = temporaryUint8Array(pairs.count).fill(0);
  for (const p of clustering.refusedLinks) refused[p] = 1;
  const review: ReviewItem[] = [];
  for (let p = 0; p < pairs.count; p++) {
    const weight = atFloat64(weights, p);
    const a = at(pairs.left, p);
    const b = at(pairs.right, p);
    const reason = reviewReasonOf(weight, refused[p] === 1, clustering.clusterOf[a] === clustering.clusterOf[b], decision);
    if (reason !== undefined) review.push({ left: a, right: b, matchWeight: weight, matchProbability: matchProbability(weight), reason });
  }
  // Records are in canonical order, so their positions compare as their keys do in the store.
  review.sort(reviewOrder(comparePositions));

  const flags = engine.persons ? flagRecords(valid, order, columns, clustering.clusterOf) : [];
  let matchedPairs = 0;
  for (let p = 0; p < pairs.count; p++) if ((weights[p] as number) >= decision.matchWeight) matchedPairs++;

  const readOrder = int32Array(count);
  for (let position = 0; position < count; position++) readOrder[order[position] as number] = position;
  const shared = {
    records,
    readOrder,
    rejections: rejected,
    validation: { warnings: validationWarnings, dropped },
    clusters,
    clusterOf: clustering.clusterOf,
    model,
    pairs: { left: pairs.left, right: pairs.right, weights },
    links: clustering.acceptedLinks,
    separated: clustering.separated,
    review,
    flags,
    report: {
      recordsIn: input.length,
      recordsValid: count,
      rejected: rejected.length,
      clusters: clusters.length,
      candidatePairs: pairs.count,
      matchedPairs,
      reductionRatio: pairs.reductionRatio,
      blocking: pairs.rules,
      training,
      stageMs,
    },
    context: matchingContext({ validated: engine.persons && options?.validate !== false, compiled, columns, weights: table }),
  };
  // For the group stage: the records in read order, and the inverse of readOrder, which `order` already is.
  const reading = { recordsInReadOrder: valid, readPositionOf: order };
  if (!engine.persons) {
    const { validation: _validation, flags: _flags, ...generic } = shared;
    return { resolution: { ...generic, mode: engine.mode }, ...reading };
  }
  return { resolution: shared, ...reading };
}

/**
 * The term frequencies `resolvePersons` would take from these records under this model (see
 * `termFrequenciesOf`), from the validate and prepare stages only: no pairs, training or clustering.
 * For a partitioned run given a trained model, which needs the table of its sample and nothing else.
 * `defaults` is the envelope `resolvePersons` would fill in (its `defaults` option).
 *
 * @example
 * termFrequenciesOfRecords(sample, model) // deep-equals termFrequenciesOf(context of resolvePersons(sample, { model }))
 */
export function termFrequenciesOfRecords(
  input: readonly unknown[],
  model: TrainedModel,
  options?: TermFrequenciesOfOptions,
  registry?: ModelRegistry,
  defaults?: RecordDefaults,
): TermFrequencies {
  if (!Array.isArray(input)) throw new PadanError('invalid-argument', 'termFrequenciesOfRecords: input must be an array of records');
  if (!isTrainedModel(model)) throw new PadanError('invalid-argument', 'termFrequenciesOfRecords: model must be a trained model');
  const compiled = compileModel(model.spec, registryOption(registry));
  return withTypedArena(input.length * ARENA_BYTES_PER_RECORD, () => {
    const { valid } = validateBatch(input, 'person', { malformedIds: 'keep-in-extra', ...(defaults !== undefined ? { defaults } : {}) });
    // Prepared in canonical order, as resolvePersons does: a frequency sum's last bit depends on the order.
    const columns = prepareColumns(valid, compiled.columns, canonicalOrder(compiled, valid));
    return termFrequenciesOf(compiled, columns, options);
  });
}

/** Each record's source as a small integer, by position: what link-only mode pairs across. */
function sourcesOf(compiled: CompiledModel, records: readonly unknown[]): Int32Array {
  const interner = new StringInterner(16);
  const sourceOf = int32Array(records.length);
  for (let r = 0; r < records.length; r++) sourceOf[r] = interner.intern(String(compiled.readSource(records[r])));
  if (records.length > 0 && interner.size < 2) {
    throw new PadanError(
      'invalid-input',
      `resolveRecords: link-only mode needs records of at least two sources (recordKey.source "${compiled.spec.recordKey.source}"), got ${interner.size}`,
    );
  }
  return sourceOf;
}

/** The candidate pairs whose two records come from different sources (link-only mode). */
function acrossSources(pairs: CandidatePairs, sourceOf: Int32Array, recordCount: number): CandidatePairs {
  let kept = 0;
  for (let p = 0; p < pairs.count; p++) if (sourceOf[pairs.left[p] as number] !== sourceOf[pairs.right[p] as number]) kept++;
  const left = int32Array(kept);
  const right = int32Array(kept);
  let k = 0;
  for (let p = 0; p < pairs.count; p++) {
    const a = pairs.left[p] as number;
    const b = pairs.right[p] as number;
    if (sourceOf[a] === sourceOf[b]) continue;
    left[k] = a;
    right[k] = b;
    k++;
  }
  const sizes = new Map<number, number>();
  for (let r = 0; r < recordCount; r++) sizes.set(sourceOf[r] as number, (sizes.get(sourceOf[r] as number) ?? 0) + 1);
  let crossPairs = (recordCount * (recordCount - 1)) / 2;
  for (const size of sizes.values()) crossPairs -= (size * (size - 1)) / 2;
  return { left, right, count: kept, rules: pairs.rules, reductionRatio: crossPairs === 0 ? 1 : 1 - kept / crossPairs };
}

/** Options of {@link linkAcrossGroups}. */
export interface LinkAcrossGroupsOptions {
  /** The trained model to score with (never trained here: every group must score alike). */
  readonly model: TrainedModel;
  /** Term frequencies to score with (see `termFrequenciesOf`); default this input's own. */
  readonly termFrequencies?: TermFrequencies;
  /** Per blocking rule, the input records whose key under it is blocked on (see `blockRecords`' `keyMask`); default all. */
  readonly keyMask?: readonly (Uint8Array | null)[];
  /** The caller's own preparers, level kinds and key transforms the model names (see `createModelRegistry`). */
  readonly registry?: ModelRegistry;
  /** The envelope for records that lack it (see `RecordDefaults`), as `resolvePersons` took it. */
  readonly defaults?: RecordDefaults;
}

/** Scored pairs between records of different groups (positions into `records`, canonical order). */
export interface GroupLinks {
  readonly records: readonly PersonRecord[];
  /** Each valid input's position in `records`, in input order (rejected inputs left out). */
  readonly readOrder: Int32Array;
  readonly rejections: readonly Rejection[];
  readonly pairs: { readonly left: Int32Array; readonly right: Int32Array; readonly weights: Float64Array };
  /** Pairs (indexes into `pairs`) a cannot-link rule holds apart. */
  readonly separated: Int32Array;
  /** What each blocking rule produced (pairs across groups only). */
  readonly blocking: readonly BlockingRuleReport[];
  /** The `source · NUL · recordId` key of the record at a position. */
  readonly recordKey: (position: number) => string;
}

/**
 * Validate → prepare → block → compare → score, producing only pairs whose records are in different
 * groups (`groupOf`, one number per input record): the cross-partition pass, where pairs inside one
 * partition were decided by that partition. No clustering: the caller merges.
 *
 * @example
 * const found = linkAcrossGroups(records, Int32Array.of(0, 0, 1), { model });
 * found.pairs.left.length // pairs of records from different groups
 */
export function linkAcrossGroups(input: readonly unknown[], groupOf: Int32Array, options: LinkAcrossGroupsOptions): GroupLinks {
  if (!Array.isArray(input) || groupOf.length !== input.length)
    throw new PadanError('invalid-argument', 'linkAcrossGroups: one group per input record is required');
  if (!isTrainedModel(options.model)) throw new PadanError('invalid-argument', 'linkAcrossGroups: a trained model is required');
  const { model } = options;
  const compiled = compileModel(model.spec, registryOption(options.registry));
  return withTypedArena(input.length * ARENA_BYTES_PER_RECORD, () => {
    const { valid, rejected } = validateBatch(input, 'person', {
      malformedIds: 'keep-in-extra',
      ...(options.defaults !== undefined ? { defaults: options.defaults } : {}),
    });
    const order = canonicalOrder(compiled, valid);
    const records: PersonRecord[] = new Array(order.length);
    for (let position = 0; position < order.length; position++) records[position] = valid[order[position] as number] as PersonRecord;
    const prepared = prepareColumns(valid, compiled.columns, order);
    const columns = options.termFrequencies === undefined ? prepared : applyTermFrequencies(prepared, options.termFrequencies);
    const count = records.length;
    // Group of each position: valid inputs keep their order (rejections removed).
    const isRejected = new Uint8Array(input.length);
    for (const rejection of rejected) isRejected[rejection.index] = 1;
    const groupOfValid = new Int32Array(count);
    let v = 0;
    for (let i = 0; i < input.length; i++) if (isRejected[i] === 0) groupOfValid[v++] = groupOf[i] as number;
    const groups = new Int32Array(count);
    for (let position = 0; position < count; position++) groups[position] = groupOfValid[order[position] as number] as number;
    // Masks come in input order; blocking reads positions (rejected inputs left out).
    const keyMask = options.keyMask?.map((mask) => {
      if (mask === null) return null;
      if (mask.length !== input.length) throw new PadanError('invalid-argument', 'linkAcrossGroups: each keyMask needs one entry per input record');
      const ofValid = new Uint8Array(count);
      let w = 0;
      for (let i = 0; i < input.length; i++) if (isRejected[i] === 0) ofValid[w++] = mask[i] as number;
      const positioned = new Uint8Array(count);
      for (let position = 0; position < count; position++) positioned[position] = ofValid[order[position] as number] as number;
      return positioned;
    });
    return {
      records,
      rejections: rejected,
      ...linkColumnsAcrossGroups(compiled, model, columns, order, groups, keyMask),
      recordKey: (position: number) => recordKey(compiled, records[position]),
    };
  });
}

/** Block → compare → score → cannot-link over prepared columns (positions in canonical order), pairs across groups only. */
function linkColumnsAcrossGroups(
  compiled: CompiledModel,
  model: TrainedModel,
  columns: ReadonlyMap<string, PreparedColumn>,
  order: Int32Array,
  groups: Int32Array,
  keyMask: readonly (Uint8Array | null)[] | undefined,
): Pick<GroupLinks, 'readOrder' | 'pairs' | 'separated' | 'blocking'> {
  const count = order.length;
  // Blocks that span groups (partitions) are read as the cross-partition pass reads them: on the
  // cross-partition rules (keys sharpened by what a mover keeps), a rule with a sort key pairing near
  // neighbours only, so pairs grow with the records, not with the blocks.
  const pairs = blockRecords(compiled.blockingRules.map(crossPartitionRule), columns, count, {
    acrossGroups: groups,
    reach: crossPartitionReach,
    ...(keyMask !== undefined ? { keyMask } : {}),
  });
  const vectors = comparePairs(compiled.comparisons, columns, pairs.left, pairs.right);
  const weights = scorePairs(weightTable(model, compiled), compiled, columns, pairs.left, pairs.right, vectors);
  const separated = cannotLinkPairs(compiled.cannotLink, vectors.levels, vectors.comparisons, vectors.count);
  const readOrder = new Int32Array(count);
  for (let position = 0; position < count; position++) readOrder[order[position] as number] = position;
  return {
    readOrder,
    pairs: { left: pairs.left.slice(), right: pairs.right.slice(), weights: Float64Array.from(weights) },
    separated: Int32Array.from(separated),
    blocking: pairs.rules,
  };
}

/**
 * A valid record as a resolution prepared it: its key and, per column of the model (in the compiled
 * model's column order), its prepared value (text, tokens, number, flags) or null where missing.
 * What the cross-partition pass reads instead of validating and preparing a record once more.
 */
export interface PreparedRecord {
  readonly source: string;
  readonly recordId: string;
  readonly values: readonly (PreparedValue | null)[];
}

/**
 * The prepared record at a position of a resolution (see {@link PreparedRecord}): the values its
 * columns hold for it, as {@link linkPreparedAcrossGroups} takes them.
 *
 * @example
 * preparedRecordAt(resolution, 0) // { source: 'dtks', recordId: '…', values: [{ text: '3201…', tokens: null, number: 0, flags: 1 }, …] }
 */
export function preparedRecordAt(resolution: PersonResolution, position: number): PreparedRecord {
  const { compiled, columns } = matchingStateOf(resolution.context, 'preparedRecordAt');
  checkIndex(position, resolution.records.length, 'preparedRecordAt', 'position');
  return preparedRecordOf(
    compiled,
    compiled.columns.map((source) => columns.get(source.key) as PreparedColumn),
    resolution.records[position],
    position,
  );
}

/** The prepared record at `position` of prepared columns (in the model's column order), for `record`. */
function preparedRecordOf(compiled: CompiledModel, columns: readonly PreparedColumn[], record: unknown, position: number): PreparedRecord {
  return {
    source: String(compiled.readSource(record)),
    recordId: String(compiled.readId(record)),
    values: columns.map((column) => {
      const id = column.ids[position] as number;
      if (id < 0) return null;
      return {
        text: column.valueTexts[id] as string,
        tokens: column.valueTokens[id] ?? null,
        number: column.numbers[position] as number,
        flags: column.flags[position] as number,
      };
    }),
  };
}

/** Options of {@link preparePersons}. */
export interface PreparePersonsOptions {
  /** The trained model whose columns to prepare. */
  readonly model: TrainedModel;
  /** The caller's own preparers the model names (see `createModelRegistry`). */
  readonly registry?: ModelRegistry;
  /** The envelope for records that lack it (see `RecordDefaults`), as `resolvePersons` took it. */
  readonly defaults?: RecordDefaults;
}

/**
 * Validates and prepares person records as {@link resolvePersons} does, and nothing more: each
 * input's prepared record (as {@link preparedRecordAt} reads it from a resolution), or null when
 * validation refused it. A record is prepared alone (its values do not depend on the batch), so a
 * job that needs a few records of a partition prepared need not keep all of them.
 *
 * @example
 * preparePersons([{ source: 'dtks', recordId: '1', name: 'Siti' }], { model })
 * // → [{ source: 'dtks', recordId: '1', values: [null, { text: 'SITI', tokens: ['SITI'], number: 0, flags: 0 }, …] }]
 */
export function preparePersons(input: readonly unknown[], options: PreparePersonsOptions): (PreparedRecord | null)[] {
  if (!Array.isArray(input)) throw new PadanError('invalid-argument', 'preparePersons: input must be an array');
  return createPersonPreparer(options)(input);
}

/**
 * {@link preparePersons} with the model compiled once: the returned function validates and prepares
 * each batch it is given exactly as `preparePersons` would, for a caller that prepares many small
 * batches with one model (a partitioned run's collect jobs, one per partition).
 *
 * @example
 * const prepare = createPersonPreparer({ model });
 * prepare([{ source: 'dtks', recordId: '1', name: 'Siti' }])
 * // → [{ source: 'dtks', recordId: '1', values: [null, { text: 'SITI', tokens: ['SITI'], number: 0, flags: 0 }, …] }]
 */
export function createPersonPreparer(options: PreparePersonsOptions): (input: readonly unknown[]) => (PreparedRecord | null)[] {
  if (!isTrainedModel(options?.model)) throw new PadanError('invalid-argument', 'preparePersons: a trained model is required');
  const compiled = compileModel(options.model.spec, registryOption(options.registry));
  const defaults = options.defaults;
  return (input) => {
    if (!Array.isArray(input)) throw new PadanError('invalid-argument', 'preparePersons: input must be an array');
    return withTypedArena(input.length * ARENA_BYTES_PER_RECORD, () => {
      const { valid, rejected } = validateBatch(input, 'person', {
        malformedIds: 'keep-in-extra',
        ...(defaults !== undefined ? { defaults } : {}),
      });
      const order = canonicalOrder(compiled, valid);
      const byKey = prepareColumns(valid, compiled.columns, order);
      const columns = compiled.columns.map((source) => byKey.get(source.key) as PreparedColumn);
      const positionOfValid = new Int32Array(valid.length);
      for (let position = 0; position < order.length; position++) positionOfValid[order[position] as number] = position;
      const isRejected = new Uint8Array(input.length);
      for (const rejection of rejected) isRejected[rejection.index] = 1;
      const prepared: (PreparedRecord | null)[] = new Array(input.length).fill(null);
      let v = 0;
      for (let i = 0; i < input.length; i++) {
        if (isRejected[i] === 1) continue;
        const record = valid[v] as PersonRecord;
        prepared[i] = preparedRecordOf(compiled, columns, record, positionOfValid[v++] as number);
      }
      return prepared;
    });
  };
}

/**
 * {@link linkAcrossGroups} over records a resolution with the same model already validated and
 * prepared ({@link preparedRecordAt}): the same pairs, weights and cannot-link pairs, without
 * validating or preparing again. A preparer's tokens are taken per text (as a column keeps them).
 *
 * @example
 * const found = linkPreparedAcrossGroups([preparedRecordAt(a, 0), preparedRecordAt(b, 3)], Int32Array.of(0, 1), { model });
 */
export function linkPreparedAcrossGroups(
  input: readonly PreparedRecord[],
  groupOf: Int32Array,
  options: Omit<LinkAcrossGroupsOptions, 'defaults'>,
): Omit<GroupLinks, 'records'> {
  if (!Array.isArray(input) || groupOf.length !== input.length)
    throw new PadanError('invalid-argument', 'linkPreparedAcrossGroups: one group per input record is required');
  if (!isTrainedModel(options.model)) throw new PadanError('invalid-argument', 'linkPreparedAcrossGroups: a trained model is required');
  const { model } = options;
  const compiled = compileModel(model.spec, registryOption(options.registry));
  const width = compiled.columns.length;
  input.forEach((record, i) => {
    if (typeof record?.source !== 'string' || typeof record.recordId !== 'string' || !Array.isArray(record.values) || record.values.length !== width)
      throw new PadanError(
        'invalid-argument',
        `linkPreparedAcrossGroups: input[${i}] must be { source, recordId, values } with one value per column (${width})`,
      );
  });
  return withTypedArena(input.length * ARENA_BYTES_PER_RECORD, () => {
    const count = input.length;
    const order = canonicalOrderOfKeys(
      count,
      (i) => (input[i] as PreparedRecord).source,
      (i) => (input[i] as PreparedRecord).recordId,
    );
    // Each record is its own slot: buildColumn interns the texts, as prepareColumns' columns do.
    const slots = temporaryInt32Array(count);
    for (let i = 0; i < count; i++) slots[i] = i;
    const zeros = { numbers: float64Array(count), flags: uint8Array(count) };
    const prepared = new Map<string, PreparedColumn>();
    compiled.columns.forEach((source, c) => {
      const distinct = input.map((record) => record.values[c] ?? null);
      prepared.set(source.key, buildColumn(source.key, distinct, slots, { zeros, order }));
    });
    const columns = options.termFrequencies === undefined ? prepared : applyTermFrequencies(prepared, options.termFrequencies);
    const groups = new Int32Array(count);
    for (let position = 0; position < count; position++) groups[position] = groupOf[order[position] as number] as number;
    const keyMask = options.keyMask?.map((mask) => {
      if (mask === null) return null;
      if (mask.length !== count) throw new PadanError('invalid-argument', 'linkPreparedAcrossGroups: each keyMask needs one entry per input record');
      const positioned = new Uint8Array(count);
      for (let position = 0; position < count; position++) positioned[position] = mask[order[position] as number] as number;
      return positioned;
    });
    return {
      rejections: [],
      ...linkColumnsAcrossGroups(compiled, model, columns, order, groups, keyMask),
      recordKey: (position: number) => {
        const record = input[order[position] as number] as PreparedRecord;
        return `${record.source}\u0000${record.recordId}`;
      },
    };
  });
}

/** Compares record indexes as decimal strings: the tie order of the tagged-string sort, kept as the definition. */
function byDecimalIndex(a: number, b: number): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function hasSeparator(text: string): boolean {
  return text.includes('\u0000') || text.includes('\u0001');
}

/**
 * The canonical order of records: positions sorted by the string `source · NUL · recordId · SOH ·
 * index`. Computed without building that string — records bucketed by source (few), each bucket
 * sorted by recordId with a multikey quicksort — which gives the same order whenever no source or
 * recordId contains NUL or SOH; when one does, the strings are built and sorted as defined.
 */
function canonicalOrder(compiled: CompiledModel, valid: readonly PersonRecord[]): Int32Array {
  return canonicalOrderOfKeys(
    valid.length,
    (i) => String(compiled.readSource(valid[i])),
    (i) => String(compiled.readId(valid[i])),
  );
}

/** {@link canonicalOrder} of records known by their source and recordId only. */
function canonicalOrderOfKeys(count: number, sourceAt: (i: number) => string, idAt: (i: number) => string): Int32Array {
  const ids: string[] = new Array(count);
  const sources: string[] = new Array(count);
  const sourceRank = temporaryInt32Array(count);
  const sourceIds = new StringInterner(16);
  let separators = false;
  for (let i = 0; i < count; i++) {
    const source = sourceAt(i);
    const id = idAt(i);
    ids[i] = id;
    sources[i] = source;
    const before = sourceIds.size;
    sourceRank[i] = sourceIds.intern(source);
    if (sourceIds.size > before && hasSeparator(source)) separators = true;
    if (!separators && hasSeparator(id)) separators = true;
  }
  if (separators) {
    const tagged = ids.map((id, i) => `${sources[i] as string}\u0000${id}\u0001${i}`);
    tagged.sort();
    const order = int32Array(count);
    for (let position = 0; position < count; position++) {
      const entry = tagged[position] as string;
      order[position] = Number(entry.slice(entry.lastIndexOf('\u0001') + 1));
    }
    return order;
  }
  return orderBySourceAndId(sourceRank, sourceIds.values, ids, byDecimalIndex);
}

/** Data-quality flags by record position; `valid[order[position]]` is the record at each position. */
function flagRecords(valid: readonly PersonRecord[], order: Int32Array, columns: ReadonlyMap<string, PreparedColumn>, clusterOf: Int32Array): RecordFlag[] {
  // Placeholder birth dates, read in input order (where records sit in memory).
  const placeholder = temporaryUint8Array(valid.length);
  for (let i = 0; i < valid.length; i++) {
    const record = valid[i] as PersonRecord;
    const birthDate = record.birthDate ?? null;
    if (birthDate !== null && (record.birthDatePlaceholder === true || compareDates(birthDate, birthDate) === 'placeholder-involved')) placeholder[i] = 1;
  }
  const flags: RecordFlag[] = [];
  const nik = columns.get('nik|nik');
  // A NIK seen in two or more clusters is carried by several distinct people (by NIK id: the first
  // cluster seen + 1, 0 for none yet; and whether another cluster carries it too).
  const clusterOfNik = temporaryInt32Array(nik?.distinctValues ?? 0);
  const reused = temporaryUint8Array(nik?.distinctValues ?? 0);
  if (nik !== undefined) {
    for (let r = 0; r < order.length; r++) {
      const id = nik.ids[r] as number;
      if (id < 0) continue;
      const seen = clusterOfNik[id] as number;
      if (seen === 0) clusterOfNik[id] = (clusterOf[r] as number) + 1;
      else if (seen !== (clusterOf[r] as number) + 1) reused[id] = 1;
    }
  }
  for (let r = 0; r < order.length; r++) {
    if (nik !== undefined && (nik.ids[r] as number) >= 0) {
      if (reused[nik.ids[r] as number] === 1) flags.push({ record: r, code: 'nik/reused' });
      if (((nik.flags[r] as number) & NIK_NOT_CONTRADICTED) === 0) flags.push({ record: r, code: 'nik/inconsistent-with-record' });
    }
    if (placeholder[order[r] as number] === 1) flags.push({ record: r, code: 'birth-date/placeholder' });
  }
  return flags;
}

/**
 * Explains why two records of a resolution scored what they did.
 *
 * @example
 * explainPair(resolution, 0, 1).matchWeight // e.g. 21.7
 */
export function explainPair(resolution: PersonResolution | RecordResolution<unknown>, left: number, right: number): PairExplanation {
  checkResolution(resolution, 'explainPair');
  checkIndex(left, resolution.records.length, 'explainPair', 'left');
  checkIndex(right, resolution.records.length, 'explainPair', 'right');
  const { compiled, columns, weights } = matchingStateOf(resolution.context, 'explainPair');
  return explainScoredPair(resolution.model, compiled, weights, columns, left, right);
}

/** The links that built one cluster, with their weights. */
export interface ClusterExplanation {
  readonly id: string;
  readonly records: readonly number[];
  readonly links: readonly { readonly left: number; readonly right: number; readonly matchWeight: number }[];
}

/**
 * Lists the links (matched pairs) that made a cluster, strongest first.
 *
 * @example
 * explainCluster(resolution, 0).links // [{ left: 0, right: 3, matchWeight: 24.1 }, …]
 */
export function explainCluster(resolution: PersonResolution | RecordResolution<unknown>, clusterIndex: number): ClusterExplanation {
  checkResolution(resolution, 'explainCluster');
  checkIndex(clusterIndex, resolution.clusters.length, 'explainCluster', 'clusterIndex');
  const cluster = resolution.clusters[clusterIndex];
  if (cluster === undefined) throw new PadanError('invalid-argument', `explainCluster: no cluster ${clusterIndex}`);
  const links = [];
  for (const p of resolution.links) {
    const left = resolution.pairs.left[p] as number;
    if (resolution.clusterOf[left] !== clusterIndex) continue;
    links.push({ left, right: resolution.pairs.right[p] as number, matchWeight: resolution.pairs.weights[p] as number });
  }
  return { id: cluster.id, records: cluster.records, links };
}

/** Input of {@link resolve}: person records, and optionally family (KK) and dwelling records. */
export interface ResolveInput {
  readonly persons: readonly unknown[];
  readonly families?: readonly unknown[];
  readonly dwellings?: readonly unknown[];
}

/** The input of {@link resolve} with typed records (what editors complete). */
export interface ResolveRecordsInput {
  readonly persons: readonly PersonInput[];
  readonly families?: readonly FamilyInput[];
  readonly dwellings?: readonly DwellingInput[];
}

/** Options of {@link resolve}. */
export interface ResolveOptions extends ResolvePersonsOptions {
  /** The person survivorship policy; default the DTSEN person policy. Compiled once, before any record is read. */
  readonly personPolicy?: MergePolicy<MergePersonRecord>;
  /** Leave conflicts below this severity out of each unified person's conflict list. */
  readonly minimumConflictSeverity?: ConflictSeverity;
  /** As for {@link resolvePersons}, then for merging persons and grouping families and households. */
  readonly onProgress?: (progress: StageProgress<ResolveStage>) => void;
}

/** Everything {@link resolve} produced: persons with their unified records, families and households. */
export interface Resolution {
  readonly persons: PersonResolution;
  /** One unified person per cluster, in cluster order, with provenance and conflicts. */
  readonly unifiedPersons: readonly MergeResult<MergePersonRecord>[];
  readonly families: FamilyGrouping;
  readonly households: HouseholdGrouping;
}

/**
 * The one-call pipeline: resolve persons, merge each person cluster into a unified record, then group
 * families (KK) and households. Policies and models are compiled up front, so a configuration mistake
 * throws before any record is read.
 *
 * @example
 * const result = resolve({ persons, families, dwellings });
 * result.unifiedPersons[0].unified.name // the surviving name of the first person
 * result.households.households.length   // households found
 */
export function resolve(input: ResolveRecordsInput, options?: ResolveOptions): Resolution;
/** Any values: records from parsed JSON or CSV rows are validated the same way. */
export function resolve(input: ResolveInput, options?: ResolveOptions): Resolution;
export function resolve(input: ResolveInput, options?: ResolveOptions): Resolution {
  if (input === null || typeof input !== 'object' || !Array.isArray(input.persons)) {
    throw new PadanError('invalid-argument', 'resolve: input must be { persons: [...], families?: [...], dwellings?: [...] }');
  }
  checkOptionBag(options, 'resolve', RESOLVE_OPTIONS);
  const policy = options?.personPolicy ?? dtsenPersonPolicy;
  compilePolicy(policy); // a policy mistake throws here, before any record is read
  const { resolution: persons, recordsInReadOrder, readPositionOf } = resolvePersonsReading(input.persons, options);
  // Every unified record carries the fingerprint of the policy and of the model that made its cluster.
  const personPolicy = compilePolicy(policy, { modelFingerprint: fingerprint(persons.model) });
  const mergeOptions = options?.minimumConflictSeverity === undefined ? undefined : { minimumSeverity: options.minimumConflictSeverity };
  const merging = stageProgress(options?.onProgress, 'merge');
  const clusterCount = persons.clusters.length;
  const unifiedPersons = persons.clusters.map((cluster, c) => {
    if (merging.report !== undefined && c % PROGRESS_RECORDS === 0) merging.report(c, clusterCount);
    return mergeCluster(
      cluster.records.map((r) => persons.records[r] as unknown as MergePersonRecord),
      personPolicy,
      mergeOptions,
    );
  });
  merging.finish();
  // One person index for both group stages, read where the records sit.
  const grouping = stageProgress(options?.onProgress, 'group');
  grouping.report?.(0, 3);
  const personIndex = indexPersons(persons, { recordsInReadOrder, readPositionOf, ...identifierColumns(matchingStateOf(persons.context, 'resolve')) });
  grouping.report?.(1, 3);
  const families = groupFamilies(persons, input.families ?? [], { personIndex });
  grouping.report?.(2, 3);
  const households = groupHouseholds(persons, families, input.dwellings ?? [], { personIndex });
  grouping.report?.(3, 3);
  return { persons, unifiedPersons, families, households };
}

/**
 * The person index of a resolution, for `groupFamilies` and `groupHouseholds` to share (pass it to
 * both as `personIndex`): the person records are read once, and the resolution's NIK and KK columns
 * stand in for the records' own values.
 *
 * @example
 * const persons = resolvePersons(records);
 * const personIndex = indexResolution(persons);
 * const families = groupFamilies(persons, familyRecords, { personIndex });
 * const households = groupHouseholds(persons, families, dwellingRecords, { personIndex });
 */
export function indexResolution(persons: PersonResolution): PersonIndex {
  checkResolution(persons, 'indexResolution');
  return indexPersons(persons, identifierColumns(matchingStateOf(persons.context, 'indexResolution')));
}

/**
 * The resolution's prepared NIK and KK columns when their ids are exactly the records' own values:
 * records that passed validation hold a NIK or KK as 16 digits or not at all, and the `nik` and `kk`
 * preparers keep exactly those.
 */
function identifierColumns(context: MatchingState): { nikColumn?: PreparedColumn; kkColumn?: PreparedColumn } {
  if (!context.validated) return {};
  const column = (field: 'nik' | 'kk'): PreparedColumn | undefined => {
    const source = context.compiled.columns.find((candidate) => candidate.field === field && candidate.preparer.name === field);
    return source === undefined ? undefined : context.columns.get(source.key);
  };
  return { nikColumn: column('nik'), kkColumn: column('kk') };
}
