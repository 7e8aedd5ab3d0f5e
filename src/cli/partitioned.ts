/**
 * The coordinator of a partitioned, out-of-core run: split the input into partition files, train the
 * one model on a sample of whole partitions, then hand jobs to an executor (the local worker-thread
 * pool, or a job queue workers on other machines take from) stage by stage, and assemble the output
 * folder. The coordinator itself holds no partition: only the sample while training, the spanning
 * keys and the cross-partition links.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { PadanError } from '../_internal/error.js';
import type { ColumnMapping } from '../read/columnMapping.js';
import type { DroppedFieldCounts, RecordDefaults } from '../schema/validate.js';
import {
  forEachLine,
  forEachPartitionLine,
  inputFiles,
  LineWriter,
  manifestFile,
  splitIntoPartitions,
  subdivideManifest,
  writeFileAtomic,
  writeManifest,
  type PartitionManifest,
  type SplitPiece,
  type SubdividedPartition,
} from '../partition/partitionFiles.js';
import { FALLBACK_PARTITION } from '../partition/partitionOfRecord.js';
import { resolveRounds } from '../partition/resolveRounds.js';
import {
  crossBucketBytes,
  readOutputPatches,
  modelFile,
  remergePersons,
  splitPieceFile,
  subdivideFile,
  writeRemap,
  writeSpanningKeys,
  type PartitionJob,
  type PartitionJobResult,
  type PartitionJobStage,
  type StoredPartitionModel,
  CROSS_PAIRS_OF_RULE,
  runPartitionJob,
} from '../partitionJobs.js';
import type { PartitionTask } from './partitionWorker.js';
import { loadRegistryModule, registryModuleSpecifier } from './registryModule.js';
import type { ModelSpecInput, TrainedModel } from '../model/modelSpec.js';
import { serializeModel } from '../model/serializeModel.js';
import { trainOnSample } from '../resolvePartitioned.js';
import { termFrequenciesOfRecords } from '../resolve.js';
import { redactedJson } from '../_internal/redact.js';
import { linksHeader } from './writeLinks.js';
import { createNdjsonWriter, type ProvenanceDetail } from './writeOutputs.js';

/**
 * Runs a list of jobs somewhere and resolves to their results (any order); `onJobDone` hears of each
 * as it finishes, `onJobProgress` of each step a job begins (see `PartitionJobStage`), where the
 * executor can tell.
 */
export type JobExecutor = (
  jobs: readonly PartitionJob[],
  onJobDone?: (result: PartitionJobResult) => void,
  onJobProgress?: (job: PartitionJob, stage: PartitionJobStage) => void,
) => Promise<PartitionJobResult[]>;

/**
 * Runs every job in this thread, one after another, each reported as it finishes (as the pool and the
 * queue do): for tests and CPU profiles, where threads would only hide the work.
 */
export const inThreadExecutor: JobExecutor = async (jobs, onJobDone) => {
  const results: PartitionJobResult[] = [];
  for (const job of jobs) {
    const result = await runPartitionJob(job);
    onJobDone?.(result);
    results.push(result);
  }
  return results;
};

/** Options of {@link runPartitioned}. */
export interface RunPartitionedOptions {
  readonly persons: readonly string[];
  readonly families?: readonly string[];
  readonly dwellings?: readonly string[];
  readonly out: string;
  /** Work folder for partition files and job results (default `<out>/.work`); on shared storage for remote workers. */
  readonly workDir?: string;
  /** A trained model to use as is, or a spec to train on the sample (default the DTSEN preset). */
  readonly model?: TrainedModel | ModelSpecInput;
  /**
   * The module that exports the caller's model registry (preparers, level kinds, key transforms the
   * model names; see `createModelRegistry`), as a path or a package name: jobs run in other threads
   * and processes, and each imports it (see cli/registryModule.ts).
   */
  readonly registry?: string;
  /** Records of whole partitions to train on (and take term frequencies from). Default 300,000. */
  readonly sampleSize?: number;
  /** Where jobs run; default a local worker-thread pool of `workers` threads. */
  readonly executor?: JobExecutor;
  /** Threads of the local pool (default: available cores). */
  readonly workers?: number;
  /**
   * Bytes of cross-partition rows one link job reads, at most (default {@link LINK_SHARD_BYTES}): what a
   * link job holds grows with them (measured in docs/SCALE.md), so this bounds its memory however
   * large the population. A single key bucket larger than this is linked alone.
   */
  readonly linkShardBytes?: number;
  /** CSV and XLSX column names → padan field paths (see `columnMapping.ts`). */
  readonly mapping?: ColumnMapping;
  /** CSV delimiter (default detected per file). */
  readonly delimiter?: string;
  /** Longest line read (default `readRecords`'); a longer one is unreadable. */
  readonly maxLineBytes?: number;
  /** The envelope of records that lack it (`source`, `observedAt`, `channel`: see `RecordDefaults`), wherever records are validated. */
  readonly defaults?: RecordDefaults;
  /** The partition of a record (default `partitionOfRecord`: the regency). */
  readonly partitionOf?: (record: unknown) => string;
  /**
   * Person records above which a regency is resolved as its districts (`districtPartitionOfRecord`),
   * so a job's memory stays bounded however large a regency is (default {@link MAX_PARTITION_RECORDS}).
   * Only with the default `partitionOf`.
   */
  readonly maxPartitionRecords?: number;
  /**
   * Person records a local pool thread resolves before the stage goes on with fresh threads (default
   * {@link RECYCLE_AFTER_RECORDS}; see `resolveRounds`). A job queue's workers are not replaced.
   */
  readonly recycleAfterRecords?: number;
  /** Also write the model used (trained on the sample unless given trained) to this file. */
  readonly saveModel?: string;
  /** How much provenance persons.ndjson carries (see `ProvenanceDetail`; default `summary`, as `padan resolve`). */
  readonly provenance?: ProvenanceDetail;
  /** Keep the work folder afterwards (default false). */
  readonly keepWorkDir?: boolean;
  readonly onStage?: (stage: string, phase: 'start' | 'end', ms: number) => void;
  /** Jobs finished of the running stage's jobs (partitions, shards), as each finishes. */
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

/**
 * Default largest partition, in person records: what a resolve job holds grows with its partition, and
 * two jobs of this size must fit a worker process's memory budget (measured in docs/SCALE.md).
 */
export const MAX_PARTITION_RECORDS = 1_000_000;

/** What a partitioned run did, stage by stage. */
export interface PartitionedRunReport {
  readonly kind: 'padan/partitioned-report';
  readonly version: 1;
  readonly partitions: number;
  readonly largestPartition: number;
  /** Regencies above `maxPartitionRecords`, resolved as their districts (counted in `partitions` by their parts). */
  readonly subdividedRegencies: number;
  /** Rounds of the resolve stage, each on fresh pool threads (1 with a job queue; see `recycleAfterRecords`). */
  readonly resolveRounds: number;
  readonly lines: number;
  readonly unreadable: number;
  readonly recordsValid: number;
  readonly rejected: number;
  /** Records read and refused by validation, per kind (family and dwelling records are grouped, not resolved). */
  readonly byKind: Readonly<Record<'person' | 'family' | 'dwelling', { readonly read: number; readonly invalid: number; readonly resolved: number }>>;
  /** Person fields set to missing because they could not be read, by field then code (raw text in extra.dropped). */
  readonly droppedFields: DroppedFieldCounts;
  readonly persons: number;
  readonly families: number;
  readonly households: number;
  readonly sample: { readonly records: number; readonly partitions: number };
  readonly cross: {
    readonly shards: number;
    /** Bytes of cross rows the largest link shard read (see `linkShardBytes`). */
    readonly largestShardBytes: number;
    readonly spanningKeys: number;
    readonly records: number;
    /** Records the link jobs read: a record with spanning keys in several shards is read by each. */
    readonly shardRecords: number;
    readonly candidatePairs: number;
    /** Candidate pairs by the blocking rule that first produced them, over every shard. */
    readonly candidatePairsByRule: Readonly<Record<string, number>>;
    readonly links: number;
    readonly acceptedLinks: number;
    readonly refusedLinks: number;
    readonly remappedClusters: number;
    readonly remergedPersons: number;
  };
  readonly stageMs: Readonly<Record<string, number>>;
  /** CPU time of this process per stage (coordinator and local pool threads; stages never overlap), ms. */
  readonly stageCpuMs: Readonly<Record<string, number>>;
  /** Peak resident memory of the coordinator and of the processes that ran jobs, bytes. */
  readonly peakRss: { readonly coordinator: number; readonly jobs: number };
  /**
   * Per stage: the peak RSS of this process while it ran (the coordinator and the local pool's threads
   * together), and the largest heap a job's thread ended a job with (`PartitionJobResult.heap`), bytes.
   */
  readonly memoryByStage: Readonly<Record<string, { readonly rss: number; readonly jobHeap: number }>>;
  /** The work folder's largest size at the end of a stage (the end of `link` is its peak). */
  readonly workFolderPeakBytes: number;
  readonly totalMs: number;
  /** CPU time of this process (coordinator and local pool threads; not remote workers), user + system, ms. */
  readonly cpuMs: number;
}

function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return Math.round((used.user + used.system) / 1000);
}

function sum(results: readonly PartitionJobResult[], key: string): number {
  let total = 0;
  for (const result of results) total += result.counts[key] ?? 0;
  return total;
}

/** The link jobs' per-rule pair counts added up, rules in the model's order (as each job lists them). */
function pairsByRuleOf(results: readonly PartitionJobResult[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const { counts } of results) {
    for (const [key, pairs] of Object.entries(counts)) {
      if (key.startsWith(CROSS_PAIRS_OF_RULE)) total[key.slice(CROSS_PAIRS_OF_RULE.length)] = (total[key.slice(CROSS_PAIRS_OF_RULE.length)] ?? 0) + pairs;
    }
  }
  return total;
}

function kindCount(read: number, invalid: number): { read: number; invalid: number; resolved: number } {
  return { read, invalid, resolved: read - invalid };
}

/** The resolve jobs' dropped-field counts added up, fields and codes in sorted order (as a deterministic report needs). */
function droppedFieldsOf(results: readonly PartitionJobResult[]): DroppedFieldCounts {
  const total: Record<string, Record<string, number>> = {};
  for (const { dropped } of results) {
    if (dropped === undefined) continue;
    for (const [field, byCode] of Object.entries(dropped)) {
      const into = (total[field] ??= {});
      for (const [code, n] of Object.entries(byCode)) into[code] = (into[code] ?? 0) + n;
    }
  }
  return Object.fromEntries(
    Object.keys(total)
      .sort()
      .map((field) => {
        const byCode = total[field] as Record<string, number>;
        return [
          field,
          Object.fromEntries(
            Object.keys(byCode)
              .sort()
              .map((code) => [code, byCode[code] as number]),
          ),
        ];
      }),
  );
}

/**
 * A stage after which a job's thread held more heap than this (`PartitionJobResult.heap`) ends with
 * fresh threads: V8 keeps the heap a thread grew, and the next stage's jobs need memory of their own
 * (resolve: a partition; link: a shard). Small runs keep their threads (a thread start costs more than they do).
 */
export const RECYCLE_AFTER_STAGE_HEAP_BYTES = 256 << 20;

/** Default {@link RunPartitionedOptions.recycleAfterRecords}: person records a pool thread resolves before it is replaced. */
export const RECYCLE_AFTER_RECORDS = 1_000_000;

/** Heap a pool thread may keep after a job (used heap at its end, garbage included) before it is replaced. */
export const RECYCLE_ABOVE_HEAP_BYTES = 1 << 30;

/** The worker module next to this one: built (`.js`) or, under tsx and the tests, source (`.ts`). */
export function partitionWorkerFile(): { file: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, 'partitionWorker.js');
  if (existsSync(built)) return { file: built, execArgv: [] };
  const source = join(here, 'partitionWorkerSource.mjs');
  if (existsSync(source)) return { file: source, execArgv: [] };
  throw new PadanError('internal', 'partition worker module not found next to the CLI');
}

/**
 * A local worker-thread pool (tinypool) as a job executor: each thread reads its partition files
 * itself; only job descriptions (paths) and counts cross threads. Close it when done.
 */
export async function createLocalExecutor(
  threads: number,
  options?: { readonly recycleAboveHeapBytes?: number },
): Promise<{ executor: JobExecutor; close: () => Promise<void>; recycle: () => Promise<void> }> {
  const { Tinypool } = await import('tinypool');
  const worker = partitionWorkerFile();
  const pool = new Tinypool({
    filename: worker.file,
    execArgv: worker.execArgv,
    minThreads: threads,
    maxThreads: threads,
    // Each thread holds one partition; V8's default worker heap is far below a large regency's needs.
    resourceLimits: { maxOldGenerationSizeMb: 12288 },
    isolateWorkers: false,
    // A thread whose heap ends a job above this is replaced by a fresh one: V8 never gives back the
    // heap a large partition grew, so without it every thread keeps its largest job's memory for the
    // rest of the run (the 10 M run: 14.4 GiB after the resolve stage on 2 threads; docs/SCALE.md).
    maxMemoryLimitBeforeRecycle: options?.recycleAboveHeapBytes ?? RECYCLE_ABOVE_HEAP_BYTES,
  });
  const executor: JobExecutor = (jobs, onJobDone, onJobProgress) =>
    Promise.all(
      jobs.map(async (job) => {
        let result: PartitionJobResult;
        if (onJobProgress === undefined) result = (await pool.run({ job } satisfies PartitionTask)) as PartitionJobResult;
        else {
          // The thread posts each step on its end of a channel of this job's own, and closes it when
          // the job ends (messages already sent are still delivered).
          const channel = new MessageChannel();
          channel.port1.on('message', (stage: PartitionJobStage) => onJobProgress(job, stage));
          try {
            result = (await pool.run({ job, progress: channel.port2 } satisfies PartitionTask, { transferList: [channel.port2] })) as PartitionJobResult;
          } catch (error) {
            channel.port1.close();
            throw error;
          }
        }
        onJobDone?.(result);
        return result;
      }),
    );
  // Fresh threads for the next stage: a stage's jobs leave their thread's heap grown (V8 keeps it), and
  // the next stage's jobs need other memory (resolve: a partition; link: a shard).
  return { executor, close: () => pool.destroy(), recycle: () => pool.recycleWorkers() };
}

/** Default {@link RunPartitionedOptions.linkShardBytes}. */
export const LINK_SHARD_BYTES = 128 << 20;

/**
 * Cuts the key buckets of the cross-partition pass (bytes of rows per bucket, see `CROSS_BUCKETS`)
 * into link shards: runs of consecutive buckets `[from, to)` of about equal bytes, each at most
 * `shardBytes` unless its rows are one bucket's (a key bucket is never cut); as few as that allows, rounded up to a multiple of the jobs
 * that run at once (so no thread links the last shard alone, and smaller shards hold less each).
 * Together they cover every bucket.
 *
 * @example
 * planLinkShards(Float64Array.of(100, 0, 300, 100), 400, 1) // [[0, 3], [3, 4]]
 */
export function planLinkShards(bucketBytes: Float64Array, shardBytes: number, parallel: number): [number, number][] {
  const buckets = bucketBytes.length;
  let total = 0;
  let nonEmpty = 0;
  for (const bytes of bucketBytes) {
    total += bytes;
    if (bytes > 0) nonEmpty++;
  }
  if (total === 0) return [[0, buckets]];
  const roundUp = (n: number): number => Math.max(parallel, Math.ceil(n / parallel) * parallel);
  for (let shards = roundUp(Math.ceil(total / shardBytes)); shards <= nonEmpty; shards += parallel) {
    const plan = balancedCut(bucketBytes, total, shards);
    if (plan.every(([from, to]) => bytesOf(bucketBytes, from, to) <= shardBytes || nonEmptyIn(bucketBytes, from, to) === 1)) return plan;
  }
  // Buckets too uneven for equal cuts: fill each shard up to the budget.
  const plan: [number, number][] = [];
  let from = 0;
  let bytes = 0;
  for (let bucket = 0; bucket < buckets; bucket++) {
    const next = bucketBytes[bucket] as number;
    if (next > 0 && bytes > 0 && bytes + next > shardBytes) {
      plan.push([from, bucket]);
      from = bucket;
      bytes = 0;
    }
    bytes += next;
  }
  plan.push([from, buckets]);
  return plan;
}

function nonEmptyIn(bucketBytes: Float64Array, from: number, to: number): number {
  let count = 0;
  for (let bucket = from; bucket < to; bucket++) if ((bucketBytes[bucket] as number) > 0) count++;
  return count;
}

function bytesOf(bucketBytes: Float64Array, from: number, to: number): number {
  let bytes = 0;
  for (let bucket = from; bucket < to; bucket++) bytes += bucketBytes[bucket] as number;
  return bytes;
}

/** `shards` runs of buckets cut where the running total crosses each multiple of total / shards; empty runs joined to the one before. */
function balancedCut(bucketBytes: Float64Array, total: number, shards: number): [number, number][] {
  const plan: [number, number][] = [];
  let from = 0;
  let running = 0;
  let next = 1;
  for (let bucket = 0; bucket < bucketBytes.length; bucket++) {
    running += bucketBytes[bucket] as number;
    if (next < shards && running >= (next * total) / shards) {
      plan.push([from, bucket + 1]);
      from = bucket + 1;
      while (next < shards && running >= (next * total) / shards) next++;
    }
  }
  const last = plan[plan.length - 1];
  if (from < bucketBytes.length) {
    // Buckets after the last cut: their own shard when they hold rows, else the last shard's.
    if (last === undefined || bytesOf(bucketBytes, from, bucketBytes.length) > 0) plan.push([from, bucketBytes.length]);
    else last[1] = bucketBytes.length;
  }
  return plan;
}

/**
 * Resolves NDJSON, CSV or XLSX files of any size by partition, out of core: see the module comment. Writes to
 * `out`: persons.ndjson (global person IDs), links.csv, families.ndjson, households.ndjson,
 * review.ndjson, rejections.ndjson and report.json.
 *
 * @example
 * const report = await runPartitioned({ persons: ['dukcapil.ndjson', 'dtks.ndjson'], out: 'out' });
 * report.persons // persons found
 */
export async function runPartitioned(options: RunPartitionedOptions): Promise<PartitionedRunReport> {
  const began = performance.now();
  const cpuBefore = process.cpuUsage();
  const stageMs: Record<string, number> = {};
  const stageCpuMs: Record<string, number> = {};
  let coordinatorRss = 0;
  let workBytes = 0;
  // The process's RSS sampled while each stage runs (coordinator and local pool threads together):
  // where a run's memory goes, stage by stage. A coordinator stage blocks the sampler, so its end counts too.
  const memoryByStage: Record<string, { rss: number; jobHeap: number }> = {};
  let stagePeakRss = 0;
  let sampler: NodeJS.Timeout | undefined;
  const stage = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    options.onStage?.(name, 'start', 0);
    running = name;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    stagePeakRss = process.memoryUsage().rss;
    const result = await work();
    stageMs[name] = (stageMs[name] ?? 0) + performance.now() - started;
    stageCpuMs[name] = (stageCpuMs[name] ?? 0) + cpuMsSince(cpuStarted);
    const rss = Math.max(stagePeakRss, process.memoryUsage().rss);
    const jobHeap = Array.isArray(result) ? Math.max(0, ...result.map((job) => (job as PartitionJobResult).heap ?? 0)) : 0;
    memoryByStage[name] = { rss: Math.max(rss, memoryByStage[name]?.rss ?? 0), jobHeap: Math.max(jobHeap, memoryByStage[name]?.jobHeap ?? 0) };
    coordinatorRss = Math.max(coordinatorRss, rss);
    workBytes = Math.max(workBytes, folderBytes(dir));
    options.onStage?.(name, 'end', stageMs[name] as number);
    return result;
  };
  // The registry module is imported here first (a missing one fails before any input is read), then
  // by every process that runs a resolve or link job (model.json names it).
  const registryModule = options.registry === undefined ? undefined : registryModuleSpecifier(options.registry);
  const registry = registryModule === undefined ? undefined : await loadRegistryModule(registryModule);
  const dir = options.workDir ?? join(options.out, '.work');
  // Only a folder padan made (it has a manifest) or an empty one is cleared: never someone's files.
  if (existsSync(dir) && readdirSync(dir).length > 0 && !existsSync(manifestFile(dir))) {
    throw new PadanError('invalid-argument', `work folder ${dir} is not empty and not a padan work folder`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  mkdirSync(options.out, { recursive: true });
  writeFileAtomic(manifestFile(dir), '{}\n');

  let close = async (): Promise<void> => {};
  let recycle = async (): Promise<void> => {};
  let given = options.executor;
  // Jobs that run at once: the local pool's threads; a queue's workers are not known here.
  let parallel = 1;
  if (given === undefined) {
    parallel = Math.max(1, options.workers ?? availableParallelism());
    const local = await createLocalExecutor(parallel);
    given = local.executor;
    close = local.close;
    recycle = local.recycle;
  }
  const run = given;
  let running = '';
  // The stage's jobs counted as they finish, for a progress bar.
  // Whether the last call ended by replacing the pool's threads.
  let freshThreads = false;
  // A stage run in several calls (the resolve stage's rounds) shares one count of its jobs.
  const executor = (jobs: readonly PartitionJob[], progress?: { done: number; total: number }): Promise<PartitionJobResult[]> => {
    const stageName = running;
    const counted = progress ?? { done: 0, total: jobs.length };
    if (counted.done === 0) options.onProgress?.(stageName, 0, counted.total);
    return run(jobs, options.onProgress === undefined ? undefined : () => options.onProgress?.(stageName, ++counted.done, counted.total)).then(
      async (results) => {
        freshThreads = results.some((result) => result.heap > RECYCLE_AFTER_STAGE_HEAP_BYTES);
        if (freshThreads) await recycle();
        return results;
      },
    );
  };
  // How input files are read, for every split job; the envelope, for every job that validates records.
  const read = {
    ...(options.mapping !== undefined ? { mapping: options.mapping } : {}),
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(options.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {}),
  };
  const { defaults } = options;
  const withDefaults = defaults === undefined ? {} : { defaults };
  const maxPartitionRecords = options.maxPartitionRecords ?? MAX_PARTITION_RECORDS;
  if (!Number.isInteger(maxPartitionRecords) || maxPartitionRecords < 1)
    throw new PadanError('invalid-argument', `runPartitioned: maxPartitionRecords must be a positive integer, got ${String(maxPartitionRecords)}`);
  const linkShardBytes = options.linkShardBytes ?? LINK_SHARD_BYTES;
  if (!(linkShardBytes > 0))
    throw new PadanError('invalid-argument', `runPartitioned: linkShardBytes must be a positive number of bytes, got ${String(linkShardBytes)}`);
  const recycleAfterRecords = options.recycleAfterRecords ?? RECYCLE_AFTER_RECORDS;
  if (!(recycleAfterRecords > 0))
    throw new PadanError('invalid-argument', `runPartitioned: recycleAfterRecords must be a positive number of records, got ${String(recycleAfterRecords)}`);
  let subdivided = 0;
  try {
    sampler = setInterval(() => (stagePeakRss = Math.max(stagePeakRss, process.memoryUsage().rss)), 250);
    sampler.unref();
    const inputs = {
      persons: options.persons,
      ...(options.families ? { families: options.families } : {}),
      ...(options.dwellings ? { dwellings: options.dwellings } : {}),
    };
    const manifest: PartitionManifest = await stage('split', async () => {
      // A partition function given in code cannot cross to a thread or another machine: split here.
      if (options.partitionOf !== undefined) return splitIntoPartitions(inputs, dir, { partitionOf: options.partitionOf, ...read });
      const files = inputFiles(inputs);
      for (const file of files) if (!existsSync(file.path)) throw new PadanError('invalid-argument', `input file not found: ${file.path}`);
      // Largest first, so no thread is left splitting one big file alone at the end.
      const bySize = [...files].sort((a, b) => statSync(b.path).size - statSync(a.path).size || a.fileIndex - b.fileIndex);
      await executor(
        bySize.map(
          (file) =>
            ({
              kind: 'split',
              dir,
              file: resolvePath(file.path),
              recordKind: file.kind,
              fileIndex: file.fileIndex,
              ...read,
            }) as const,
        ),
      );
      const regencies = writeManifest(
        dir,
        inputs,
        files.map((file) => JSON.parse(readFileSync(splitPieceFile(dir, file.fileIndex), 'utf8')) as SplitPiece),
      );
      // A regency too large for one job's memory is resolved district by district; the
      // cross-partition pass links across district parts as across regencies.
      const large = regencies.partitions.filter((entry) => entry.persons > maxPartitionRecords && entry.name !== FALLBACK_PARTITION);
      if (large.length === 0) return regencies;
      await executor(large.map((entry) => ({ kind: 'subdivide', dir, partition: entry.name }) as const));
      subdivided = large.length;
      return subdivideManifest(
        dir,
        regencies,
        large.map((entry) => JSON.parse(readFileSync(subdivideFile(dir, entry.name), 'utf8')) as SubdividedPartition),
      );
    });
    const names = manifest.partitions.map((p) => p.name);
    const resolving = { done: 0, total: names.length };

    // The sample: whole partitions, by name order, until it holds sampleSize records.
    const sampleSize = options.sampleSize ?? 300_000;
    const sample = await stage('train', () => {
      const chosen = [...manifest.partitions].sort((a, b) => (a.name < b.name ? -1 : 1));
      const records: unknown[] = [];
      let partitions = 0;
      for (const entry of chosen) {
        if (records.length >= sampleSize) break;
        partitions++;
        forEachPartitionLine(dir, inputFiles(inputs).length, entry.name, 'persons', (line) => {
          if (line.trim() !== '') records.push(JSON.parse(line));
        });
      }
      const given = options.model;
      let shared;
      if (given !== undefined && (given as { kind?: unknown }).kind === 'padan/model') {
        shared = { model: given as TrainedModel, termFrequencies: termFrequenciesOfRecords(records, given as TrainedModel, undefined, registry, defaults) };
      } else {
        shared = trainOnSample(records, {
          ...(given === undefined ? {} : { spec: given as ModelSpecInput }),
          ...(registry === undefined ? {} : { registry }),
          ...withDefaults,
        });
      }
      const stored: StoredPartitionModel = {
        model: shared.model,
        termFrequencies: shared.termFrequencies,
        ...(registryModule === undefined ? {} : { registryModule }),
      };
      writeFileAtomic(modelFile(dir), JSON.stringify(stored));
      if (options.saveModel !== undefined) writeFileSync(options.saveModel, serializeModel(shared.model));
      return { records: records.length, partitions };
    });

    const provenance = options.provenance ?? 'summary';
    // On the local pool, rounds of partitions with fresh threads for each (a queue's workers are its own).
    const rounds = options.executor === undefined ? resolveRounds(manifest.partitions, parallel, recycleAfterRecords) : [manifest.partitions];
    const resolved = await stage('resolve', async () => {
      const results: PartitionJobResult[] = [];
      for (let r = 0; r < rounds.length; r++) {
        if (r > 0 && !freshThreads) await recycle();
        const round = rounds[r] as PartitionManifest['partitions'];
        results.push(
          ...(await executor(
            round.map((entry) => ({ kind: 'resolve', dir, partition: entry.name, provenance, ...withDefaults })),
            resolving,
          )),
        );
      }
      return results;
    });
    const spanningKeys = await stage('spanning', () => writeSpanningKeys(dir, names));
    let plan: [number, number][] = [];
    let largestShardBytes = 0;
    const collected = await stage('collect', async () => {
      const results = await executor(names.map((partition) => ({ kind: 'collect', dir, partition, ...withDefaults }) as const));
      const bucketBytes = crossBucketBytes(dir, names);
      plan = planLinkShards(bucketBytes, linkShardBytes, parallel);
      for (const [from, to] of plan) largestShardBytes = Math.max(largestShardBytes, bytesOf(bucketBytes, from, to));
      return results;
    });
    const shards = plan.length;
    const linked = await stage('link', () => executor(plan.map((buckets, shard) => ({ kind: 'link', dir, shard, buckets, ...withDefaults }) as const)));
    // Work files are deleted as soon as no later stage reads them (unless the caller keeps the
    // folder): the shards' records once linked, the partition files once remerged, each partition's
    // outputs once concatenated. The folder then peaks near partitions + outputs + shards.
    const keep = options.keepWorkDir === true;
    if (!keep) rmSync(join(dir, 'cross'), { recursive: true, force: true });
    const merge = await stage('merge', () => writeRemap(dir, shards, names));
    const remerged = await stage('remerge', () => (merge.remap.size === 0 ? [] : executor(names.map((partition) => ({ kind: 'remerge', dir, partition })))));
    if (!keep) rmSync(join(dir, 'partitions'), { recursive: true, force: true });
    const written = await stage('write', () => writePartitionedOutputs(dir, options.out, manifest, merge.remap, provenance, defaults, !keep));
    const jobs = [...resolved, ...collected, ...linked, ...remerged];
    const report: PartitionedRunReport = {
      kind: 'padan/partitioned-report',
      version: 1,
      partitions: names.length,
      largestPartition: manifest.partitions[0]?.persons ?? 0,
      subdividedRegencies: subdivided,
      resolveRounds: rounds.length,
      lines: manifest.lines,
      unreadable: manifest.unreadable.length,
      recordsValid: sum(resolved, 'recordsValid'),
      rejected: sum(resolved, 'rejected'),
      byKind: {
        person: kindCount(sum(resolved, 'recordsIn'), sum(resolved, 'rejected')),
        family: kindCount(sum(resolved, 'familyRecords'), sum(resolved, 'familyRejected')),
        dwelling: kindCount(sum(resolved, 'dwellingRecords'), sum(resolved, 'dwellingRejected')),
      },
      droppedFields: droppedFieldsOf(resolved),
      persons: written.persons,
      families: sum(resolved, 'families'),
      households: sum(resolved, 'households'),
      sample,
      cross: {
        shards,
        largestShardBytes,
        spanningKeys,
        records: sum(collected, 'crossRecords'),
        shardRecords: sum(linked, 'crossRecords'),
        candidatePairs: sum(linked, 'crossCandidatePairs'),
        candidatePairsByRule: pairsByRuleOf(linked),
        links: merge.links,
        acceptedLinks: merge.acceptedLinks,
        refusedLinks: merge.refusedLinks,
        remappedClusters: merge.remap.size,
        remergedPersons: written.remerged,
      },
      stageMs: Object.fromEntries(Object.entries(stageMs).map(([k, v]) => [k, Math.round(v)])),
      stageCpuMs,
      peakRss: { coordinator: Math.max(coordinatorRss, process.resourceUsage().maxRSS * 1024), jobs: Math.max(0, ...jobs.map((j) => j.rss)) },
      memoryByStage,
      workFolderPeakBytes: workBytes,
      totalMs: Math.round(performance.now() - began),
      cpuMs: cpuMsSince(cpuBefore),
    };
    writeFileSync(join(options.out, 'report.json'), `${redactedJson(report, 2)}\n`);
    if (options.keepWorkDir !== true) rmSync(dir, { recursive: true, force: true });
    return report;
  } finally {
    clearInterval(sampler);
    await close();
  }
}

/** Bytes of every file under a folder (0 when it does not exist). */
function folderBytes(dir: string): number {
  let bytes = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) bytes += folderBytes(path);
    else if (entry.isFile()) bytes += statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  }
  return bytes;
}

/**
 * Concatenates every partition's outputs into the output folder, byte for byte: with global person
 * IDs when clusters were merged across partitions (written over the bytes as they pass, where the
 * remerge jobs found them to change; the persons joined across partitions left out), then the persons
 * joined across partitions, merged.
 */
export function writePartitionedOutputs(
  dir: string,
  out: string,
  manifest: PartitionManifest,
  remap: ReadonlyMap<string, string>,
  provenance: ProvenanceDetail,
  defaults: RecordDefaults | undefined,
  consume: boolean,
): { persons: number; remerged: number } {
  const names = manifest.partitions.map((p) => p.name).sort();
  const outputOf = (name: string, file: string): string => join(dir, 'out', name, file);
  // Deletes a partition's file once appended, when the work folder is not kept.
  const taken = (path: string, lines: number): number => {
    if (consume) rmSync(path, { force: true });
    return lines;
  };
  const personsOut = new LineWriter(join(out, 'persons.ndjson'));
  let persons = 0;
  const globalIds = new Set(remap.values());
  const joined = (id: string): boolean => remap.has(id) || globalIds.has(id);
  for (const name of names) {
    const path = outputOf(name, 'persons.ndjson');
    persons += taken(path, remap.size === 0 ? personsOut.append(path) : personsOut.appendPersonLinesWithout(path, joined));
  }
  const remerged = remap.size === 0 ? 0 : remergePersons(dir, names, (value) => personsOut.write(`${JSON.stringify(value)}\n`), provenance, defaults);
  persons += remerged;
  personsOut.close();
  const patches = new Map(names.map((name) => [name, remap.size === 0 ? {} : readOutputPatches(dir, name)]));
  for (const file of ['families.ndjson', 'households.ndjson', 'review.ndjson'] as const) {
    const writer = new LineWriter(join(out, file));
    for (const name of names) taken(outputOf(name, file), writer.append(outputOf(name, file), patches.get(name)?.[file]));
    writer.close();
  }
  const links = new LineWriter(join(out, 'links.csv'));
  links.write(linksHeader());
  for (const name of names) taken(outputOf(name, 'links.csv'), links.append(outputOf(name, 'links.csv'), patches.get(name)?.['links.csv']));
  links.close();
  const inputs = [...manifest.inputs.persons, ...manifest.inputs.families, ...manifest.inputs.dwellings];
  const rejections = createNdjsonWriter(join(out, 'rejections.ndjson'), { redact: true });
  for (const unreadable of manifest.unreadable) rejections.write({ file: unreadable.file, line: unreadable.line, stage: 'read', issues: [unreadable.issue] });
  for (const name of names) {
    forEachLine(join(dir, 'out', name, 'rejections.ndjson'), (line) => {
      if (line === '') return;
      const { fileIndex, ...rest } = JSON.parse(line) as { fileIndex: number | null };
      rejections.write({ file: fileIndex === null ? null : (inputs[fileIndex] ?? null), ...rest });
    });
  }
  rejections.close();
  return { persons, remerged };
}
