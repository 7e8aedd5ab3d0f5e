/**
 * The jobs of a partitioned, out-of-core run. Each job reads its inputs from the work folder and
 * writes its outputs there (atomically), so any process that sees the folder can run it — a thread
 * of the local pool or a `padan worker` on another machine — and a retried job simply writes the same
 * files again. Jobs hold one partition (or one shard of the cross-partition pass) in memory.
 */
import { closeSync, existsSync, openSync, readFileSync, readdirSync, readSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PadanError } from './_internal/error.js';
import { groupFamilies } from './group/groupFamilies.js';
import { groupHouseholds } from './group/groupHouseholds.js';
import { createPersonPreparer, indexResolution, type PersonStage, type PreparedRecord } from './resolve.js';
import { compilePolicy, type CompiledPolicy } from './merge/compilePolicy.js';
import { dtsenPersonPolicy } from './merge/dtsenPersonPolicy.js';
import { mergeCluster } from './merge/mergeCluster.js';
import type { MergePersonRecord } from './merge/types.js';
import { fingerprintSet, hasFingerprintIn, type FingerprintSet } from './partition/blockingKeyFingerprints.js';
import {
  mergePartitionClusters,
  personIdOf,
  type ClusterSeparation,
  type CrossPartitionLink,
  type PartitionCluster,
} from './partition/mergePartitionClusters.js';
import {
  forEachLine,
  forEachPartitionLine,
  forEachPartitionLineBytes,
  manifestFile,
  readPartitionOrigins,
  splitInputFile,
  subdividePartition,
  writeFileAtomic,
  type PartitionManifest,
  type PartitionRecordKind,
  type SplitIntoPartitionsOptions,
  type SplitPiece,
} from './partition/partitionFiles.js';
import type { ColumnMapping } from './read/columnMapping.js';
import { districtPartitionOfRecord } from './partition/partitionOfRecord.js';
import { linkAcrossPartitions, resolvePartition, type CrossPartitionRecord, type PartitionModel } from './resolvePartitioned.js';
import type { PreparedValue } from './model/column.js';
import { fingerprint } from './_internal/hash.js';
import { linkPersonIdPatches, quotedPersonIdPatches, type PersonIdPatches } from './partition/personIdBytes.js';
import { validateBatch, type DroppedFieldCounts, type RecordDefaults, type Rejection } from './schema/validate.js';
import { fillEnvelope } from './cli/readRecords.js';
import { parseModel } from './model/serializeModel.js';
import type { TermFrequencies } from './score/termFrequencies.js';
import { writeFamilies, writeHouseholds } from './cli/writeGroups.js';
import { writeLinks } from './cli/writeLinks.js';
import { createNdjsonWriter, personLine, writePersons, writeReview, type ProvenanceDetail } from './cli/writeOutputs.js';
import { loadedRegistry, loadRegistryModule } from './cli/registryModule.js';

/** One unit of work of a partitioned run. */
export type PartitionJob =
  | {
      readonly kind: 'split';
      readonly dir: string;
      readonly file: string;
      readonly recordKind: PartitionRecordKind;
      readonly fileIndex: number;
      readonly mapping?: ColumnMapping;
      readonly delimiter?: string;
      readonly maxLineBytes?: number;
    }
  | {
      readonly kind: 'resolve';
      readonly dir: string;
      readonly partition: string;
      readonly provenance?: ProvenanceDetail;
      /** The envelope of records that lack it (`--source`, `--channel`, `--observed-at`). */
      readonly defaults?: RecordDefaults;
    }
  | { readonly kind: 'subdivide'; readonly dir: string; readonly partition: string }
  | {
      readonly kind: 'collect';
      readonly dir: string;
      readonly partition: string;
      /** The envelope of records that lack it, as the resolve job took it: the collected records are prepared again. */
      readonly defaults?: RecordDefaults;
    }
  | {
      readonly kind: 'link';
      readonly dir: string;
      readonly shard: number;
      /** The key buckets [from, to) this shard links (see `CROSS_BUCKETS`). */
      readonly buckets: readonly [number, number];
      readonly defaults?: RecordDefaults;
    }
  | { readonly kind: 'remerge'; readonly dir: string; readonly partition: string };

/** What a job reports back: counts, its time and the peak memory of the process that ran it. */
export interface PartitionJobResult {
  readonly job: PartitionJob;
  readonly ms: number;
  readonly rss: number;
  /**
   * The heap of the thread that ran it, at the job's end: V8's heap (as grown, garbage included) plus
   * the memory its ArrayBuffers and other external objects hold, bytes. In the local pool the process
   * RSS is every thread's; this is the job's own share.
   */
  readonly heap: number;
  readonly pid: number;
  readonly counts: Readonly<Record<string, number>>;
  /** A resolve job's person fields set to missing because they could not be read, by field then code. */
  readonly dropped?: DroppedFieldCounts;
}

/** The shared model of a run, as stored in the work folder. */
export function modelFile(dir: string): string {
  return join(dir, 'model.json');
}

function resultPath(dir: string, ...parts: string[]): string {
  return join(dir, ...parts);
}

/** The shared model as the work folder keeps it: a caller's registry by the module that makes it. */
export interface StoredPartitionModel {
  readonly model: unknown;
  readonly termFrequencies?: TermFrequencies;
  /** See cli/registryModule.ts. */
  readonly registryModule?: string;
}

function partitionModelOf(stored: StoredPartitionModel): PartitionModel {
  return {
    model: parseModel(stored.model),
    ...(stored.termFrequencies === undefined ? {} : { termFrequencies: stored.termFrequencies }),
    ...(stored.registryModule === undefined ? {} : { registry: loadedRegistry(stored.registryModule) }),
  };
}

/** Reads the shared model (and term frequencies) of a work folder; a registry module it names must be loaded (see {@link loadSharedModel}). */
export function readPartitionModel(dir: string): PartitionModel {
  return partitionModelOf(JSON.parse(readFileSync(modelFile(dir), 'utf8')) as StoredPartitionModel);
}

let cachedManifest: { dir: string; stamp: string; count: number; persons: ReadonlyMap<string, number> } | null = null;

/** The work folder's manifest as jobs need it, read once per thread. */
function manifestFacts(dir: string): { count: number; persons: ReadonlyMap<string, number> } {
  const stat = statSync(manifestFile(dir), { bigint: true });
  const stamp = `${stat.ino}:${stat.mtimeNs}:${stat.size}`;
  if (cachedManifest?.dir !== dir || cachedManifest.stamp !== stamp) {
    const { inputs, partitions } = JSON.parse(readFileSync(manifestFile(dir), 'utf8')) as PartitionManifest;
    cachedManifest = {
      dir,
      stamp,
      count: inputs.persons.length + inputs.families.length + inputs.dwellings.length,
      persons: new Map(partitions.map((p) => [p.name, p.persons])),
    };
  }
  return cachedManifest;
}

/** How many input files the run has (pieces of a partition are per input file). */
function inputCount(dir: string): number {
  return manifestFacts(dir).count;
}

/** Blocking rules per line of a partition's lines file (see `linesFile`): it holds `1 + rules` numbers per person line. */
function rulesOf(perLine: Float64Array, lines: number): number {
  const rules = lines === 0 ? 0 : perLine.length / lines - 1;
  if (!Number.isInteger(rules) || rules < 0) throw new PadanError('internal', `a partition's results hold ${perLine.length} numbers for ${lines} person lines`);
  return rules;
}

/** A partition's person records (lines of its person pieces), as the split counted them. */
function countLines(dir: string, partition: string): number {
  return manifestFacts(dir).persons.get(partition) ?? 0;
}

/**
 * A partition's records of one kind (its non-blank lines parsed), from all its pieces in input order.
 * Lines are parsed as they are read, so no line's text outlives it: a large partition's lines would
 * otherwise stay reachable, as much again as its records, through the whole job.
 */
function readRecords(dir: string, partition: string, kind: PartitionRecordKind): unknown[] {
  const records: unknown[] = [];
  forEachPartitionLine(dir, inputCount(dir), partition, kind, (line) => {
    if (line.trim() !== '') records.push(JSON.parse(line) as unknown);
  });
  return records;
}

function readFloats(path: string): Float64Array {
  const bytes = readFileSync(path);
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function floatBytes(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Where a partition's per-line results live: per input line, the cluster index (or -1) and one fingerprint per rule. */
function linesFile(dir: string, partition: string): string {
  return resultPath(dir, 'results', `${partition}.lines.bin`);
}

let cachedModel: { dir: string; stamp: string; model: PartitionModel } | null = null;

/**
 * The work folder's model, parsed once per thread: the file (with its term-frequency tables) is
 * several megabytes, and a thread runs hundreds of jobs. It is written once per run, atomically, so a
 * new file (another run in the same folder) has a new inode or time.
 */
function sharedModel(dir: string): PartitionModel {
  const stamp = modelStamp(dir);
  if (cachedModel?.dir !== dir || cachedModel.stamp !== stamp) cachedModel = { dir, stamp, model: readPartitionModel(dir) };
  return cachedModel.model;
}

function modelStamp(dir: string): string {
  const stat = statSync(modelFile(dir), { bigint: true });
  return `${stat.ino}:${stat.mtimeNs}:${stat.size}`;
}

/** {@link sharedModel} for a job: first imports the registry module the model names (once per process). */
async function loadSharedModel(dir: string): Promise<void> {
  const stamp = modelStamp(dir);
  if (cachedModel?.dir === dir && cachedModel.stamp === stamp) return;
  const stored = JSON.parse(readFileSync(modelFile(dir), 'utf8')) as StoredPartitionModel;
  if (stored.registryModule !== undefined) await loadRegistryModule(stored.registryModule);
  cachedModel = { dir, stamp, model: partitionModelOf(stored) };
}

let cachedPreparer: { model: PartitionModel; defaults: string; prepare: (input: readonly unknown[]) => (PreparedRecord | null)[] } | null = null;

/**
 * The collect jobs' person preparer, its model compiled once per thread (as the model is parsed once):
 * compiling it per job cost more than preparing a small partition's few selected records.
 */
function sharedPreparer(dir: string, defaults: RecordDefaults | undefined): (input: readonly unknown[]) => (PreparedRecord | null)[] {
  const shared = sharedModel(dir);
  const defaultsKey = JSON.stringify(defaults ?? null);
  if (cachedPreparer?.model !== shared || cachedPreparer.defaults !== defaultsKey) {
    const prepare = createPersonPreparer({
      model: shared.model,
      ...(shared.registry === undefined ? {} : { registry: shared.registry }),
      ...(defaults === undefined ? {} : { defaults }),
    });
    cachedPreparer = { model: shared, defaults: defaultsKey, prepare };
  }
  return cachedPreparer.prepare;
}

let compiledPersonPolicy: CompiledPolicy<MergePersonRecord> | undefined;

/** The DTSEN person policy as writePersons merges with it, compiled once per thread (not once per partition). */
function personPolicy(): CompiledPolicy<MergePersonRecord> {
  return (compiledPersonPolicy ??= compilePolicy(dtsenPersonPolicy));
}

/**
 * Resolves one partition: persons (validate → … → cluster), unified persons, families and households;
 * writes them with partition-local person IDs, plus the blocking-key fingerprints and per-line
 * results the cross-partition pass reads.
 */
function resolveJob(
  dir: string,
  partition: string,
  provenance: ProvenanceDetail,
  defaults: RecordDefaults | undefined,
  onProgress: ((stage: PartitionJobStage) => void) | undefined,
): { counts: Record<string, number>; dropped: DroppedFieldCounts } {
  const shared = sharedModel(dir);
  onProgress?.('read');
  const records = readRecords(dir, partition, 'persons');
  const onStage =
    onProgress === undefined
      ? undefined
      : (stage: PersonStage, phase: 'start' | 'end'): void => {
          if (phase === 'start') onProgress(stage);
        };
  const part = resolvePartition(partition, records, shared, {
    ...(onStage !== undefined ? { onStage } : {}),
    ...(defaults !== undefined ? { defaults } : {}),
  });
  const { resolution } = part;
  mkdirSync(resultPath(dir, 'results'), { recursive: true });
  mkdirSync(resultPath(dir, 'out', partition), { recursive: true });
  const rules = part.keys.length;
  const perLine = new Float64Array(records.length * (rules + 1));
  for (let i = 0; i < records.length; i++) {
    const position = part.positionOfInput[i] as number;
    const at = i * (rules + 1);
    if (position < 0) {
      perLine.fill(Number.NaN, at, at + rules + 1);
      perLine[at] = -1;
      continue;
    }
    perLine[at] = resolution.clusterOf[position] as number;
    for (let r = 0; r < rules; r++) perLine[at + 1 + r] = (part.keys[r] as Float64Array)[position] as number;
  }
  writeFileAtomic(linesFile(dir, partition), floatBytes(perLine));
  const clusters = resolution.clusters.map((_, c) => {
    const info = part.clusterInfo(c);
    return [info.firstKey, ...info.trusted];
  });
  writeFileAtomic(resultPath(dir, 'results', `${partition}.clusters.json`), JSON.stringify(clusters));
  writeFileAtomic(resultPath(dir, 'results', `${partition}.keys.bin`), floatBytes(part.outcome.fingerprints));
  writeFileAtomic(resultPath(dir, 'results', `${partition}.separations.json`), JSON.stringify(part.separations));

  const out = resultPath(dir, 'out', partition);
  onProgress?.('merge');
  const merged = writePersons(join(out, 'persons.ndjson'), resolution, { provenance, policy: personPolicy() });
  const review = writeReview(join(out, 'review.ndjson'), resolution);
  // Rejections with where they came from: the origin of each person line was kept when splitting.
  const rejections = createNdjsonWriter(join(out, 'rejections.ndjson'), { redact: true });
  // Origins are read only for a kind that has rejections (most partitions have none).
  const writeRejections = (refused: readonly Rejection[], kind: PartitionRecordKind): void => {
    if (refused.length === 0) return;
    const origins = readPartitionOrigins(dir, inputCount(dir), partition, kind);
    for (const rejection of refused) {
      rejections.write({
        fileIndex: origins[rejection.index * 2] ?? null,
        line: origins[rejection.index * 2 + 1] ?? null,
        stage: 'validate',
        ...(rejection.source !== undefined ? { source: rejection.source } : {}),
        ...(rejection.recordId !== undefined ? { recordId: rejection.recordId } : {}),
        issues: rejection.issues,
      });
    }
  };
  writeRejections(resolution.rejections, 'persons');
  onProgress?.('group');
  const familyRecords = readRecords(dir, partition, 'families');
  const dwellingRecords = readRecords(dir, partition, 'dwellings');
  // The file's envelope, as `padan resolve` fills it into family and dwelling records.
  if (defaults !== undefined) {
    fillEnvelope(familyRecords, defaults);
    fillEnvelope(dwellingRecords, defaults);
  }
  const personIndex = indexResolution(resolution);
  const families = groupFamilies(resolution, familyRecords, { personIndex });
  const households = groupHouseholds(resolution, families, dwellingRecords, { personIndex });
  writeRejections(families.rejections, 'families');
  writeRejections(households.rejections, 'dwellings');
  rejections.close();
  onProgress?.('write');
  const familyLines = writeFamilies(join(out, 'families.ndjson'), resolution, families);
  const householdLines = writeHouseholds(join(out, 'households.ndjson'), resolution, families, households);
  writeLinks(join(out, 'links.csv'), resolution, { families, households }, { header: false });
  const { outcome } = part;
  const counts = {
    recordsIn: outcome.recordsIn,
    recordsValid: outcome.recordsValid,
    rejected: outcome.rejected,
    persons: outcome.persons,
    candidatePairs: outcome.candidatePairs,
    matchedPairs: outcome.matchedPairs,
    review,
    conflicts: merged.conflicts.high + merged.conflicts.medium + merged.conflicts.low,
    families: familyLines,
    households: householdLines,
    familyRecords: familyRecords.length,
    dwellingRecords: dwellingRecords.length,
    familyRejected: families.rejections.length,
    dwellingRejected: households.rejections.length,
  };
  writeFileAtomic(resultPath(dir, 'results', `${partition}.outcome.json`), JSON.stringify(counts));
  return { counts, dropped: resolution.validation.dropped };
}

/** A number as JSON keeps it exactly: finite ones as numbers (but -0), the rest as their names. */
function exactNumber(value: number): number | string {
  if (Object.is(value, -0)) return '-0';
  return Number.isFinite(value) ? value : String(value);
}

/** Whether tokens are their text cut at spaces (then a row writes `1` for them: most name tokens are). */
function tokensAreWords(text: string, tokens: readonly string[]): boolean {
  let at = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as string;
    if (token === '' || token.includes(' ') || !text.startsWith(token, at)) return false;
    at += token.length;
    if (t < tokens.length - 1) {
      if (text[at] !== ' ') return false;
      at++;
    }
  }
  return tokens.length > 0 && at === text.length;
}

/**
 * A prepared record as one JSON row: `[source, recordId, …per column]`, a column's value written as
 * compactly as it reads back exactly: null when missing, its text alone when it has no tokens, number
 * or flags, else `[text, tokens, number, flags]` with trailing zeros left out and tokens `1` when they
 * are the text's words. Rows are most of the work folder's cross-partition bytes.
 */
export function preparedLine(record: PreparedRecord): string {
  const row: unknown[] = [record.source, record.recordId];
  for (const value of record.values) {
    if (value === null) row.push(null);
    else if (value.tokens === null && Object.is(value.number, 0) && value.flags === 0) row.push(value.text);
    else {
      const entry: unknown[] = [value.text, value.tokens === null ? null : tokensAreWords(value.text, value.tokens) ? 1 : value.tokens];
      if (value.flags !== 0) entry.push(exactNumber(value.number), value.flags);
      else if (!Object.is(value.number, 0)) entry.push(exactNumber(value.number));
      row.push(entry);
    }
  }
  return JSON.stringify(row);
}

/**
 * The prepared record a row of `preparedLine` holds. Values that are a text alone, or a text and its
 * words, are shared between the records that hold them (`shared`, per column): a link job holds
 * hundreds of thousands of records whose names, dates and places repeat.
 */
export function preparedRecordOfRow(row: readonly unknown[], shared: Map<string, PreparedValue>[]): PreparedRecord {
  const values: (PreparedValue | null)[] = new Array(row.length - 2);
  for (let c = 2; c < row.length; c++) {
    const value = row[c] as string | [string, string[] | 1 | null, (number | string)?, number?] | null;
    if (value === null) {
      values[c - 2] = null;
      continue;
    }
    const column = (shared[c - 2] ??= new Map<string, PreparedValue>());
    if (typeof value === 'string') {
      let known = column.get(value);
      if (known === undefined) column.set(value, (known = { text: value, tokens: null, number: 0, flags: 0 }));
      values[c - 2] = known;
      continue;
    }
    const [text, tokens, number, flags] = value;
    if (tokens === 1 && number === undefined) {
      const key = `\u0000${text}`;
      let known = column.get(key);
      if (known === undefined) column.set(key, (known = { text, tokens: text.split(' '), number: 0, flags: 0 }));
      values[c - 2] = known;
      continue;
    }
    values[c - 2] = { text, tokens: tokens === 1 ? text.split(' ') : tokens, number: number === undefined ? 0 : Number(number), flags: flags ?? 0 };
  }
  return { source: row[0] as string, recordId: row[1] as string, values };
}

/** Calls `onLine` with each line of a file's bytes (without its `\n`), blank lines included. */
function forEachLineBytes(bytes: Buffer, onLine: (bytes: Buffer, start: number, end: number) => void): void {
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(10, start);
    const end = newline === -1 ? bytes.length : newline;
    onLine(bytes, start, end);
    start = end + 1;
  }
}

function readClusters(dir: string, partition: string): string[][] {
  return JSON.parse(readFileSync(resultPath(dir, 'results', `${partition}.clusters.json`), 'utf8')) as string[][];
}

function clusterOf(row: readonly (string | null)[]): PartitionCluster {
  return { firstKey: row[0] as string, trusted: row.slice(1) };
}

const CLOSE_LINE = Buffer.from('}\n');

/**
 * Key buckets of the cross-partition pass: a record is collected under the bucket of each of its
 * spanning keys, and a link job reads a run of consecutive buckets, chosen by the coordinator from
 * their bytes (see `planLinkShards`). Fine enough that one bucket stays far below a link job's budget
 * at national scale; every record carrying a key meets in that key's bucket, so blocks stay whole.
 */
export const CROSS_BUCKETS = 4096;

/** The prefix of a link job's count of the candidate pairs one blocking rule produced (`crossPairs:nik` …). */
export const CROSS_PAIRS_OF_RULE = 'crossPairs:';

function bucketOf(value: number): number {
  return Math.floor(value / 4096) % CROSS_BUCKETS;
}

/** Where a partition's cross-partition rows live (grouped by key bucket), and their index (see {@link crossIndexFile}). */
export function crossRowsFile(dir: string, partition: string): string {
  return resultPath(dir, 'cross', `${partition}.ndjson`);
}

/**
 * The index of a partition's cross rows: per non-empty bucket in ascending order, the bucket and the
 * byte offset its rows start at, then the file's length (Float64 values).
 */
export function crossIndexFile(dir: string, partition: string): string {
  return resultPath(dir, 'cross', `${partition}.index.bin`);
}

/**
 * Writes a partition's records that carry a spanning key to its cross rows, one row per key bucket one
 * of its spanning keys falls in: `[line, cluster, blockOn, prepared]` (the line within the partition,
 * so a link job that reads several of the record's buckets keeps it once; the cluster; the rules
 * whose spanning key fell in that bucket; the record prepared as its partition prepared it). Only
 * these few records are validated and prepared again here (`preparePersons`, the partition's own
 * model and envelope): the resolve job would otherwise write a prepared row for every record.
 */
function collectJob(dir: string, partition: string, defaults: RecordDefaults | undefined): Record<string, number> {
  const spanning = sharedSpanning(dir);
  const lines = countLines(dir, partition);
  const perLine = readFloats(linesFile(dir, partition));
  const clusters = readClusters(dir, partition);
  const rules = rulesOf(perLine, lines);
  mkdirSync(resultPath(dir, 'cross'), { recursive: true });
  // The selected lines, and per line its spanning keys' buckets, each with the rules whose key falls there.
  const selectedLines: number[] = [];
  const bucketsOfLine: number[][] = [];
  const rulesOfLine: number[][][] = [];
  for (let line = 0; line < lines; line++) {
    const at = line * (rules + 1);
    if ((perLine[at] as number) < 0) continue;
    let recordBuckets: number[] | null = null;
    let recordRules: number[][] = [];
    for (let r = 0; r < rules; r++) {
      const value = perLine[at + 1 + r] as number;
      if (Number.isNaN(value) || !hasFingerprintIn(spanning, value)) continue;
      const bucket = bucketOf(value);
      if (recordBuckets === null) {
        recordBuckets = [];
        recordRules = [];
      }
      const known = recordBuckets.indexOf(bucket);
      if (known >= 0) (recordRules[known] as number[]).push(r);
      else {
        recordBuckets.push(bucket);
        recordRules.push([r]);
      }
    }
    if (recordBuckets === null) continue;
    selectedLines.push(line);
    bucketsOfLine.push(recordBuckets);
    rulesOfLine.push(recordRules);
  }
  // The selected records as the split wrote them (the resolve job's lines: non-blank, in piece order).
  const raw: unknown[] = [];
  let line = 0;
  let next = 0;
  if (selectedLines.length > 0)
    forEachPartitionLineBytes(dir, inputCount(dir), partition, 'persons', (bytes, start, end) => {
      if (line++ !== selectedLines[next]) return true;
      next++;
      raw.push(JSON.parse(bytes.toString('utf8', start, end)) as unknown);
      return next < selectedLines.length;
    });
  if (raw.length !== selectedLines.length)
    throw new PadanError('internal', `partition ${partition}: ${raw.length} of ${selectedLines.length} cross records read`);
  const prepared = sharedPreparer(dir, defaults)(raw);
  const byBucket = new Map<number, Buffer[]>();
  const clusterParts = new Map<number, Buffer>();
  const blockOnParts = new Map<string, Buffer>();
  for (let k = 0; k < selectedLines.length; k++) {
    const line = selectedLines[k] as number;
    const record = prepared[k];
    if (record === null || record === undefined) throw new PadanError('internal', `partition ${partition}: a resolved record was refused when prepared again`);
    const cluster = perLine[line * (rules + 1)] as number;
    let clusterPart = clusterParts.get(cluster);
    if (clusterPart === undefined) clusterParts.set(cluster, (clusterPart = Buffer.from(JSON.stringify(clusters[cluster]))));
    const head = Buffer.from(`[${line},`);
    const row = Buffer.from(preparedLine(record));
    const recordBuckets = bucketsOfLine[k] as number[];
    for (let b = 0; b < recordBuckets.length; b++) {
      const bucket = recordBuckets[b] as number;
      const text = `,[${((rulesOfLine[k] as number[][])[b] as number[]).join(',')}],`;
      let blockOn = blockOnParts.get(text);
      if (blockOn === undefined) blockOnParts.set(text, (blockOn = Buffer.from(text)));
      let parts = byBucket.get(bucket);
      if (parts === undefined) byBucket.set(bucket, (parts = []));
      parts.push(head, clusterPart, blockOn, row, CLOSE_ROW);
    }
  }
  const selected = selectedLines.length;
  const buckets = [...byBucket.keys()].sort((a, b) => a - b);
  const index = new Float64Array(buckets.length * 2 + 1);
  const rows: Buffer[] = [];
  let offset = 0;
  buckets.forEach((bucket, k) => {
    index[k * 2] = bucket;
    index[k * 2 + 1] = offset;
    for (const part of byBucket.get(bucket) as Buffer[]) {
      rows.push(part);
      offset += part.length;
    }
  });
  index[buckets.length * 2] = offset;
  // The rows first: a link job reads a partition only through its index.
  writeFileAtomic(crossRowsFile(dir, partition), Buffer.concat(rows, offset));
  writeFileAtomic(crossIndexFile(dir, partition), floatBytes(index));
  return { crossRecords: selected };
}

const CLOSE_ROW = Buffer.from(']\n');

/** Bytes of cross rows per key bucket, over every partition's index (what the coordinator plans link shards from). */
export function crossBucketBytes(dir: string, partitions: readonly string[]): Float64Array {
  const bytes = new Float64Array(CROSS_BUCKETS);
  for (const partition of partitions) {
    const index = readFloats(crossIndexFile(dir, partition));
    const entries = (index.length - 1) / 2;
    for (let k = 0; k < entries; k++) {
      const end = index[k + 1 < entries ? k * 2 + 3 : entries * 2] as number;
      const bucket = index[k * 2] as number;
      bytes[bucket] = (bytes[bucket] as number) + end - (index[k * 2 + 1] as number);
    }
  }
  return bytes;
}

/** The byte range of a partition's cross rows whose buckets are in [from, to), from its index. */
function bucketRange(index: Float64Array, from: number, to: number): { start: number; end: number } {
  const entries = (index.length - 1) / 2;
  const total = index[index.length - 1] as number;
  let start = total;
  let end = total;
  for (let k = 0; k < entries; k++) {
    const bucket = index[k * 2] as number;
    if (bucket >= from && start === total) start = index[k * 2 + 1] as number;
    if (bucket >= to) {
      end = index[k * 2 + 1] as number;
      break;
    }
  }
  return { start: Math.min(start, end), end };
}

/** A byte range of a file, read with one positioned read. */
function readRange(path: string, start: number, end: number): Buffer {
  const bytes = Buffer.allocUnsafe(end - start);
  const fd = openSync(path, 'r');
  try {
    let done = 0;
    while (done < bytes.length) {
      const read = readSync(fd, bytes, done, bytes.length - done, start + done);
      if (read === 0) throw new PadanError('internal', `${path} ends before byte ${start + bytes.length}`);
      done += read;
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

let cachedSpanning: { dir: string; stamp: string; spanning: FingerprintSet } | null = null;

/**
 * The run's spanning keys, read once per thread (as the model): every collect job tests its records
 * against them, and at 10 M persons they are hundreds of MB — read per job, they made the collect
 * stage grow with partitions × population.
 */
function sharedSpanning(dir: string): FingerprintSet {
  const path = resultPath(dir, 'spanning.bin');
  const stat = statSync(path, { bigint: true });
  const stamp = `${stat.ino}:${stat.mtimeNs}:${stat.size}`;
  if (cachedSpanning?.dir !== dir || cachedSpanning.stamp !== stamp) cachedSpanning = { dir, stamp, spanning: fingerprintSet(readFloats(path)) };
  return cachedSpanning.spanning;
}

/**
 * The cross-partition pass over one shard, the key buckets [from, to): links between records of
 * different partitions. A record collected under several of the shard's buckets is read once, blocking
 * on the rules of all of them.
 */
function linkJob(dir: string, shard: number, [from, to]: readonly [number, number], defaults: RecordDefaults | undefined): Record<string, number> {
  const shared = sharedModel(dir);
  const records: CrossPartitionRecord[] = [];
  // Values read once per distinct text, per column, across all partitions of the shard.
  const values: Map<string, PreparedValue>[] = [];
  const suffix = '.index.bin';
  for (const name of readdirSync(resultPath(dir, 'cross'))
    .filter((file) => file.endsWith(suffix))
    .sort()) {
    const partition = name.slice(0, -suffix.length);
    const { start, end } = bucketRange(readFloats(resultPath(dir, 'cross', name)), from, to);
    if (start === end) continue;
    const rows = readRange(crossRowsFile(dir, partition), start, end);
    const atLine = new Map<number, number>();
    forEachLineBytes(rows, (bytes, lineStart, lineEnd) => {
      if (lineStart === lineEnd) return;
      const [line, cluster, blockOn, prepared] = JSON.parse(bytes.toString('utf8', lineStart, lineEnd)) as [number, (string | null)[], number[], unknown[]];
      const seen = atLine.get(line);
      if (seen !== undefined) {
        const record = records[seen] as CrossPartitionRecord;
        records[seen] = { ...record, blockOn: [...new Set([...(record.blockOn ?? []), ...blockOn])].sort((a, b) => a - b) };
        return;
      }
      atLine.set(line, records.length);
      records.push({ partition, cluster: clusterOf(cluster), prepared: preparedRecordOfRow(prepared, values), blockOn });
    });
  }
  const pass = linkAcrossPartitions(records, shared, defaults === undefined ? undefined : { defaults });
  mkdirSync(resultPath(dir, 'links'), { recursive: true });
  writeFileAtomic(resultPath(dir, 'links', `${shard}.ndjson`), pass.links.map((link) => `${JSON.stringify(link)}\n`).join(''));
  writeFileAtomic(resultPath(dir, 'links', `${shard}.separations.json`), JSON.stringify(pass.separations));
  const byRule = Object.entries(pass.pairsByRule).map(([rule, pairs]) => [`${CROSS_PAIRS_OF_RULE}${rule}`, pairs]);
  return { crossRecords: records.length, crossCandidatePairs: pass.candidatePairs, crossLinks: pass.links.length, ...Object.fromEntries(byRule) };
}

/** Remap of local person IDs to global ones, as the coordinator wrote it. */
export function remapFile(dir: string): string {
  return resultPath(dir, 'remap.json');
}

/** Where a remerge job leaves a partition's patches (see {@link readOutputPatches}). */
function patchesFile(dir: string, partition: string): string {
  return resultPath(dir, 'remerge', `${partition}.patches.json`);
}

let cachedRemap: { dir: string; stamp: string; remap: ReadonlyMap<string, string>; globalIds: ReadonlySet<string> } | null = null;

/** The run's remap of local to global person IDs, parsed once per thread (as the model). */
function sharedRemap(dir: string): { remap: ReadonlyMap<string, string>; globalIds: ReadonlySet<string> } {
  const stat = statSync(remapFile(dir), { bigint: true });
  const stamp = `${stat.ino}:${stat.mtimeNs}:${stat.size}`;
  if (cachedRemap?.dir !== dir || cachedRemap.stamp !== stamp) {
    const remap = new Map(JSON.parse(readFileSync(remapFile(dir), 'utf8')) as [string, string][]);
    cachedRemap = { dir, stamp, remap, globalIds: new Set(remap.values()) };
  }
  return cachedRemap;
}

/** The output files of a partition whose person IDs a remerge job patches (persons.ndjson only loses lines). */
export const PATCHED_OUTPUTS = ['families.ndjson', 'households.ndjson', 'review.ndjson', 'links.csv'] as const;

/** Where the person IDs of a partition's outputs change, by file, as its remerge job found them. */
export type OutputPatches = Readonly<Partial<Record<(typeof PATCHED_OUTPUTS)[number], PersonIdPatches>>>;

/** A partition's patches, as its remerge job wrote them (none when no cluster was joined across partitions). */
export function readOutputPatches(dir: string, partition: string): OutputPatches {
  const path = patchesFile(dir, partition);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as OutputPatches) : {};
}

/**
 * Finishes a partition once clusters were merged across partitions: writes the records of its
 * clusters that joined another partition's, with the global ID, for merging; and where its outputs'
 * person IDs change to global ones (`remerge/<partition>.patches.json`). The outputs themselves are
 * not copied: the write stage writes the patches over their bytes as it concatenates them, and leaves
 * out the persons joined across partitions (written merged once). Only a partition with a cluster
 * whose ID changes reads its families, households, review and links (few of their IDs change).
 */
function remergeJob(dir: string, partition: string): Record<string, number> {
  const { remap, globalIds } = sharedRemap(dir);
  const clusters = readClusters(dir, partition);
  let moved = false;
  const globalOf = clusters.map((row) => {
    const local = personIdOf(row[0] as string);
    const global = remap.get(local);
    if (global !== undefined) moved = true;
    return global ?? (globalIds.has(local) ? local : null);
  });
  const perLine = readFloats(linesFile(dir, partition));
  const lines = countLines(dir, partition);
  const rules = rulesOf(perLine, lines);
  const parts: Buffer[] = [];
  let remergeRecords = 0;
  // The last line whose record joins a global person: no line after it is read.
  let lastLine = -1;
  for (let line = lines - 1; line >= 0 && lastLine < 0; line--) {
    const cluster = perLine[line * (rules + 1)] as number;
    if (cluster >= 0 && globalOf[cluster] !== null && globalOf[cluster] !== undefined) lastLine = line;
  }
  if (lastLine >= 0) {
    let i = 0;
    forEachPartitionLineBytes(dir, inputCount(dir), partition, 'persons', (bytes, start, end) => {
      const line = i++;
      const cluster = perLine[line * (rules + 1)] as number;
      const id = cluster < 0 ? null : globalOf[cluster];
      if (id !== null && id !== undefined) {
        parts.push(Buffer.from(`{"personId":${JSON.stringify(id)},"record":`), bytes.subarray(start, end), CLOSE_LINE);
        remergeRecords++;
      }
      return line < lastLine;
    });
  }
  mkdirSync(resultPath(dir, 'remerge'), { recursive: true });
  writeFileAtomic(resultPath(dir, 'remerge', `${partition}.ndjson`), Buffer.concat(parts));

  const out = resultPath(dir, 'out', partition);
  const patches: Partial<Record<(typeof PATCHED_OUTPUTS)[number], PersonIdPatches>> = {};
  let patchedIds = 0;
  if (moved) {
    for (const file of PATCHED_OUTPUTS) {
      const bytes = readFileSync(join(out, file));
      const found = file === 'links.csv' ? linkPersonIdPatches(bytes, remap) : quotedPersonIdPatches(bytes, remap);
      if (found.offsets.length > 0) patches[file] = found;
      patchedIds += found.offsets.length;
    }
  }
  writeFileAtomic(patchesFile(dir, partition), JSON.stringify(patches));
  return { remergeRecords, patchedIds };
}

/** Where a split job leaves what it wrote, for the coordinator's manifest. */
export function splitPieceFile(dir: string, fileIndex: number): string {
  return resultPath(dir, 'split', `${fileIndex}.json`);
}

/** Where a subdivide job leaves the parts it wrote, for the coordinator's manifest. */
export function subdivideFile(dir: string, partition: string): string {
  return resultPath(dir, 'split', `${partition}.parts.json`);
}

/** Splits a regency partition above the size limit into its districts (see `districtPartitionOfRecord`). */
function subdivideJob(dir: string, partition: string): Record<string, number> {
  const subdivided = subdividePartition(dir, inputCount(dir), partition, (record) => districtPartitionOfRecord(record, partition));
  mkdirSync(resultPath(dir, 'split'), { recursive: true });
  writeFileAtomic(subdivideFile(dir, partition), JSON.stringify(subdivided));
  return { parts: Object.keys(subdivided.parts).length };
}

/** Splits one input file into its partition pieces (see `splitInputFile`). */
async function splitJob(
  dir: string,
  file: string,
  kind: PartitionRecordKind,
  fileIndex: number,
  read: SplitIntoPartitionsOptions,
): Promise<Record<string, number>> {
  const piece: SplitPiece = await splitInputFile(file, kind, fileIndex, dir, read);
  mkdirSync(resultPath(dir, 'split'), { recursive: true });
  writeFileAtomic(splitPieceFile(dir, fileIndex), JSON.stringify(piece));
  return { lines: piece.lines };
}

/**
 * The steps of a resolve job, in order, as {@link RunPartitionJobOptions.onProgress} hears them: the
 * partition's records read, then resolved (validate … cluster, as `resolvePersons`; `train` does
 * nothing with the shared model), its unified persons merged and written, families and households
 * grouped, the rest written.
 */
export type PartitionJobStage = 'read' | PersonStage | 'merge' | 'group' | 'write';

/** Options of {@link runPartitionJob}. */
export interface RunPartitionJobOptions {
  /** Called as a resolve job begins each of its steps: `padan worker` reports them (see `PartitionJobStage`). */
  readonly onProgress?: (stage: PartitionJobStage) => void;
}

/**
 * Runs one job of a partitioned run; what the local worker pool and `padan worker` both call.
 *
 * @example
 * await runPartitionJob({ kind: 'resolve', dir: '/tmp/work', partition: '3201' })
 */
export async function runPartitionJob(job: PartitionJob, options?: RunPartitionJobOptions): Promise<PartitionJobResult> {
  const started = performance.now();
  if (job.kind === 'resolve' || job.kind === 'collect' || job.kind === 'link') await loadSharedModel(job.dir);
  let counts: Record<string, number>;
  let dropped: DroppedFieldCounts | undefined;
  switch (job.kind) {
    case 'split':
      counts = await splitJob(job.dir, job.file, job.recordKind, job.fileIndex, {
        ...(job.mapping !== undefined ? { mapping: job.mapping } : {}),
        ...(job.delimiter !== undefined ? { delimiter: job.delimiter } : {}),
        ...(job.maxLineBytes !== undefined ? { maxLineBytes: job.maxLineBytes } : {}),
      });
      break;
    case 'resolve':
      ({ counts, dropped } = resolveJob(job.dir, job.partition, job.provenance ?? 'full', job.defaults, options?.onProgress));
      break;
    case 'subdivide':
      counts = subdivideJob(job.dir, job.partition);
      break;
    case 'collect':
      counts = collectJob(job.dir, job.partition, job.defaults);
      break;
    case 'link':
      counts = linkJob(job.dir, job.shard, job.buckets, job.defaults);
      break;
    case 'remerge':
      counts = remergeJob(job.dir, job.partition);
      break;
    default:
      throw new PadanError('invalid-argument', `runPartitionJob: unknown job kind "${(job as { kind?: unknown }).kind}"`);
  }
  const memory = process.memoryUsage();
  return {
    job,
    ms: performance.now() - started,
    rss: process.resourceUsage().maxRSS * 1024,
    heap: memory.heapTotal + memory.external,
    pid: process.pid,
    counts,
    ...(dropped !== undefined ? { dropped } : {}),
  };
}

/** Fingerprints held at once by {@link writeSpanningKeys} (8 bytes each), about. */
const SPANNING_RANGE_VALUES = 8_000_000;

/**
 * Reads the spanning keys from every resolved partition's fingerprints and writes `spanning.bin`.
 * Memory stays bounded however many partitions there are: fingerprints are uniform in [0, 2^52), so
 * the pass takes them one value range at a time (each partition's file is sorted: a cursor per file
 * moves forward), and holds about `rangeValues` of them at once.
 */
export function writeSpanningKeys(dir: string, partitions: readonly string[], rangeValues = SPANNING_RANGE_VALUES): number {
  const files = partitions.map((name) => resultPath(dir, 'results', `${name}.keys.bin`));
  const sizes = files.map((file) => statSync(file).size);
  const total = sizes.reduce((sum, bytes) => sum + bytes / 8, 0);
  const ranges = Math.max(1, Math.ceil(total / rangeValues));
  const cursors = new Float64Array(files.length);
  const chunk = Buffer.allocUnsafe(1 << 16);
  const chunkValues = new Float64Array(chunk.buffer, chunk.byteOffset, chunk.length / 8);
  const spanning: Float64Array[] = [];
  let found = 0;
  let values = new Float64Array(Math.min(Math.max(1, total), Math.ceil((total / ranges) * 1.25) + 1024));
  for (let range = 0; range < ranges; range++) {
    // The last range is open above: every fingerprint is below 2^52.
    const high = range === ranges - 1 ? Number.POSITIVE_INFINITY : ((range + 1) * FINGERPRINT_SPACE) / ranges;
    let count = 0;
    files.forEach((file, f) => {
      let at = cursors[f] as number;
      const size = sizes[f] as number;
      if (at >= size) return;
      const fd = openSync(file, 'r');
      try {
        while (at < size) {
          const read = readSync(fd, chunk, 0, Math.min(chunk.length, size - at), at);
          if (read === 0 || read % 8 !== 0) throw new PadanError('internal', `${file} is not a whole number of fingerprints`);
          let taken = 0;
          while (taken < read / 8 && (chunkValues[taken] as number) < high) taken++;
          if (count + taken > values.length) {
            const grown = new Float64Array(Math.max(values.length * 2, count + taken));
            grown.set(values.subarray(0, count));
            values = grown;
          }
          values.set(chunkValues.subarray(0, taken), count);
          count += taken;
          at += taken * 8;
          if (taken < read / 8) break;
        }
      } finally {
        closeSync(fd);
      }
      cursors[f] = at;
    });
    const repeated = repeatedValues(values.subarray(0, count));
    spanning.push(repeated);
    found += repeated.length;
  }
  const all = new Float64Array(found);
  let at = 0;
  for (const part of spanning) {
    all.set(part, at);
    at += part.length;
  }
  writeFileAtomic(resultPath(dir, 'spanning.bin'), floatBytes(all));
  return found;
}

/** Fingerprints are 52-bit (see `blockingKeyFingerprints`). */
const FINGERPRINT_SPACE = 2 ** 52;

/** The values found twice or more among the given (each partition's distinct), once each, ascending; sorts them in place. */
function repeatedValues(values: Float64Array): Float64Array {
  values.sort();
  let kept = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i] === values[i - 1] && (kept === 0 || values[kept - 1] !== values[i])) values[kept++] = values[i] as number;
  }
  return values.slice(0, kept);
}

/** Merges clusters across partitions from every shard's links and writes the remap; returns it. */
export function writeRemap(
  dir: string,
  shards: number,
  partitions: readonly string[],
): { remap: ReadonlyMap<string, string>; acceptedLinks: number; refusedLinks: number; links: number } {
  const links: CrossPartitionLink[] = [];
  for (let s = 0; s < shards; s++) {
    forEachLine(resultPath(dir, 'links', `${s}.ndjson`), (line) => {
      if (line.trim() !== '') links.push(JSON.parse(line) as CrossPartitionLink);
    });
  }
  const separations: ClusterSeparation[] = [];
  const readSeparations = (path: string): void => {
    for (const pair of JSON.parse(readFileSync(path, 'utf8')) as ClusterSeparation[]) separations.push(pair);
  };
  for (const name of partitions) readSeparations(resultPath(dir, 'results', `${name}.separations.json`));
  for (let s = 0; s < shards; s++) readSeparations(resultPath(dir, 'links', `${s}.separations.json`));
  const merge = mergePartitionClusters(links, separations);
  writeFileAtomic(remapFile(dir), JSON.stringify([...merge.remap.entries()]));
  return { remap: merge.remap, acceptedLinks: merge.acceptedLinks, refusedLinks: merge.refusedLinks.length, links: links.length };
}

/** Merges the records of persons that span partitions into one unified person each (global ID). */
export function remergePersons(
  dir: string,
  partitions: readonly string[],
  write: (value: unknown) => void,
  provenance: ProvenanceDetail = 'full',
  defaults?: RecordDefaults,
): number {
  const byId = new Map<string, unknown[]>();
  for (const name of partitions) {
    forEachLine(resultPath(dir, 'remerge', `${name}.ndjson`), (line) => {
      if (line.trim() === '') return;
      const entry = JSON.parse(line) as { personId: string; record: unknown };
      let list = byId.get(entry.personId);
      if (list === undefined) byId.set(entry.personId, (list = []));
      list.push(entry.record);
    });
  }
  const shared = sharedModel(dir);
  const policy = compilePolicy(dtsenPersonPolicy, { modelFingerprint: fingerprint(shared.model) });
  let persons = 0;
  for (const id of [...byId.keys()].sort()) {
    const { valid } = validateBatch(byId.get(id) as unknown[], 'person', { malformedIds: 'keep-in-extra', ...(defaults !== undefined ? { defaults } : {}) });
    valid.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
    const merged = mergeCluster(valid as unknown as MergePersonRecord[], policy);
    write(personLine(id, merged, provenance, []));
    persons++;
  }
  return persons;
}
