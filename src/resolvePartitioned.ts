import { checkOptionBag } from './_internal/arguments.js';
import { PadanError } from './_internal/error.js';
import { textOf, type PreparedColumn } from './model/column.js';
import { crossPartitionRule } from './block/blockingKey.js';
import { blockingKeyFingerprints, distinctFingerprints, isSpanning, spanningFingerprints } from './partition/blockingKeyFingerprints.js';
import { entityIdRank } from './cluster/entityIds.js';
import {
  mergePartitionClusters,
  personIdOf,
  type ClusterSeparation,
  type CrossPartitionLink,
  type PartitionCluster,
} from './partition/mergePartitionClusters.js';
import { partitionOfRecord } from './partition/partitionOfRecord.js';
import { linkAcrossGroups, linkPreparedAcrossGroups, resolvePersons, type PersonResolution, type PersonStage, type PreparedRecord } from './resolve.js';
import type { ModelSpecInput, TrainedModel } from './model/modelSpec.js';
import type { ModelRegistry } from './model/modelRegistry.js';
import { matchingStateOf } from './score/matchingContext.js';
import type { RecordDefaults } from './schema/validate.js';
import { termFrequenciesOf, type TermFrequencies } from './score/termFrequencies.js';

/** The one model every partition resolves with. */
export interface PartitionModel {
  /** A trained model (never trained per partition: every partition must score alike). */
  readonly model: TrainedModel;
  /** Term frequencies every partition scores with (see `termFrequenciesOf`); default each partition's own. */
  readonly termFrequencies?: TermFrequencies;
  /** The caller's own preparers, level kinds and key transforms the model names (see `createModelRegistry`). */
  readonly registry?: ModelRegistry;
}

/** The options of resolvePersons and linkAcrossGroups that carry the shared model. */
function sharedOptions(shared: PartitionModel): { model: TrainedModel; termFrequencies?: TermFrequencies; registry?: ModelRegistry } {
  return {
    model: shared.model,
    ...(shared.termFrequencies === undefined ? {} : { termFrequencies: shared.termFrequencies }),
    ...(shared.registry === undefined ? {} : { registry: shared.registry }),
  };
}

/**
 * Trains the one model of a partitioned run on a sample (whole partitions, so that a sample holds
 * the duplicates it learns from) and takes its term frequencies from the same sample.
 *
 * @example
 * const shared = trainOnSample(recordsOfSomeRegencies);
 * resolvePartitioned(records, shared)
 */
export function trainOnSample(
  sample: readonly unknown[],
  options?: { readonly spec?: ModelSpecInput; readonly minCount?: number; readonly registry?: ModelRegistry; readonly defaults?: RecordDefaults },
): PartitionModel & { readonly termFrequencies: TermFrequencies } {
  checkOptionBag(options, 'trainOnSample', { spec: 'object', minCount: 'number', registry: 'object', defaults: 'object' });
  const registry = options?.registry;
  const resolution = resolvePersons(sample, {
    ...(options?.spec === undefined ? {} : { model: options.spec }),
    ...(registry === undefined ? {} : { registry }),
    ...(options?.defaults === undefined ? {} : { defaults: options.defaults }),
  });
  const { compiled, columns } = matchingStateOf(resolution.context, 'trainOnSample');
  const termFrequencies = termFrequenciesOf(compiled, columns, options?.minCount === undefined ? undefined : { minCount: options.minCount });
  return { model: resolution.model, termFrequencies, ...(registry === undefined ? {} : { registry }) };
}

/** One record of a partition, as the cross-partition pass needs it. */
export interface CrossPartitionRecord {
  readonly partition: string;
  readonly cluster: PartitionCluster;
  /** The record as it was given (it is validated and prepared again with the others), unless `prepared` is given. */
  readonly record?: unknown;
  /**
   * The record as its partition's resolution prepared it (`preparedRecordAt`): then it is neither
   * validated nor prepared again. Give it for every record of a pass, or for none.
   */
  readonly prepared?: PreparedRecord;
  /**
   * The blocking rules (indexes) whose key this record is blocked on here; default every rule. A
   * shard of the out-of-core pass lists the rules whose spanning key fell in that shard: its blocks
   * are then whole, each found in one shard only, and the links do not depend on the shard count.
   */
  readonly blockOn?: readonly number[];
}

/** What resolving one partition yields: compact enough to send back from a worker. */
export interface PartitionOutcome {
  readonly partition: string;
  readonly recordsIn: number;
  readonly recordsValid: number;
  readonly rejected: number;
  readonly persons: number;
  readonly candidatePairs: number;
  readonly matchedPairs: number;
  /** The partition's distinct blocking-key fingerprints, sorted. */
  readonly fingerprints: Float64Array;
}

/** A resolved partition and what the cross-partition pass asks of it. */
export interface ResolvedPartition {
  readonly outcome: PartitionOutcome;
  readonly resolution: PersonResolution;
  /** Blocking-key fingerprints per rule, by record position. */
  readonly keys: readonly Float64Array[];
  /** Position of each input record in `resolution.records`, or -1 when it was rejected. */
  readonly positionOfInput: Int32Array;
  /** The cluster of each resolution cluster as the global merge sees it. */
  readonly clusterInfo: (cluster: number) => PartitionCluster;
  /** Clusters of this partition a cannot-link rule holds apart (by first record key). */
  readonly separations: readonly ClusterSeparation[];
}

function recordKeyOf(resolution: PersonResolution, position: number): string {
  const { compiled } = matchingStateOf(resolution.context, 'resolvePartition');
  const record = resolution.records[position];
  return `${String(compiled.readSource(record))}\u0000${String(compiled.readId(record))}`;
}

/**
 * Resolves one partition's records with the shared model and computes what the cross-partition pass
 * needs from it: its blocking-key fingerprints and each cluster's first record key and trusted values.
 *
 * @example
 * const part = resolvePartition('3201', records, { model });
 * part.outcome.persons // persons in the partition
 */
export function resolvePartition(
  partition: string,
  records: readonly unknown[],
  shared: PartitionModel,
  options?: {
    readonly onStage?: (stage: PersonStage, phase: 'start' | 'end', elapsedMs: number) => void;
    /** The envelope for records that lack it (`resolvePersons`' `defaults`). */
    readonly defaults?: RecordDefaults;
  },
): ResolvedPartition {
  if (typeof partition !== 'string') throw new PadanError('invalid-argument', 'resolvePartition: partition must be a string');
  if (shared?.model?.kind !== 'padan/model')
    throw new PadanError('invalid-argument', 'resolvePartition: a trained model is required (train once, on a sample)');
  const resolution = resolvePersons(records, {
    ...sharedOptions(shared),
    ...(options?.onStage !== undefined ? { onStage: options.onStage } : {}),
    ...(options?.defaults !== undefined ? { defaults: options.defaults } : {}),
  });
  const { compiled, columns } = matchingStateOf(resolution.context, 'resolvePartition');
  const count = resolution.records.length;
  // The keys the cross-partition pass blocks on: a record enters it when one of them is found in another partition too.
  const keys = blockingKeyFingerprints(compiled.blockingRules.map(crossPartitionRule), columns, count);
  // Valid inputs keep their order (rejections removed): input index → valid index → position.
  const positionOfInput = new Int32Array(records.length).fill(-1);
  const rejected = new Uint8Array(records.length);
  for (const rejection of resolution.rejections) rejected[rejection.index] = 1;
  let valid = 0;
  for (let i = 0; i < records.length; i++) if (rejected[i] === 0) positionOfInput[i] = resolution.readOrder[valid++] as number;
  // Each cluster's trusted values: the value of any member from a trusted source (they agree by construction).
  const trusted = compiled.distinct.map(() => new Array<string | null>(resolution.clusters.length).fill(null));
  compiled.distinct.forEach((constraint, c) => {
    const column = columns.get(constraint.column) as PreparedColumn;
    const values = trusted[c] as (string | null)[];
    for (let position = 0; position < count; position++) {
      if (!constraint.trustedSources.has(String(compiled.readSource(resolution.records[position])))) continue;
      const text = textOf(column, position);
      if (text !== null) values[resolution.clusterOf[position] as number] ??= text;
    }
  });
  // A cluster is known across partitions by the age rank of its ID-giving (oldest) record.
  const clusterInfo = (cluster: number): PartitionCluster => {
    let oldest: string | null = null;
    for (const position of (resolution.clusters[cluster] as PersonResolution['clusters'][number]).records) {
      const observedAt = (resolution.records[position] as { observedAt?: unknown } | null)?.observedAt;
      const rank = entityIdRank(typeof observedAt === 'string' ? observedAt : '', recordKeyOf(resolution, position));
      if (oldest === null || rank < oldest) oldest = rank;
    }
    return { firstKey: oldest as string, trusted: trusted.map((values) => values[cluster] ?? null) };
  };
  const separations: ClusterSeparation[] = [];
  for (const p of resolution.separated) {
    const a = resolution.clusterOf[resolution.pairs.left[p] as number] as number;
    const b = resolution.clusterOf[resolution.pairs.right[p] as number] as number;
    if (a !== b) separations.push([clusterInfo(a).firstKey, clusterInfo(b).firstKey]);
  }
  const { report } = resolution;
  return {
    separations,
    outcome: {
      partition,
      recordsIn: report.recordsIn,
      recordsValid: report.recordsValid,
      rejected: report.rejected,
      persons: report.clusters,
      candidatePairs: report.candidatePairs,
      matchedPairs: report.matchedPairs,
      fingerprints: distinctFingerprints(keys),
    },
    resolution,
    keys,
    positionOfInput,
    clusterInfo,
  };
}

/**
 * The records of a resolved partition that carry a spanning blocking key (one found in another
 * partition too), each with its cluster: the partition's share of the cross-partition pass.
 */
export function crossPartitionRecords(part: ResolvedPartition, input: readonly unknown[], spanning: Float64Array): CrossPartitionRecord[] {
  const selected: CrossPartitionRecord[] = [];
  for (let i = 0; i < input.length; i++) {
    const position = part.positionOfInput[i] as number;
    if (position < 0 || !isSpanning(part.keys, position, spanning)) continue;
    selected.push({ partition: part.outcome.partition, cluster: part.clusterInfo(part.resolution.clusterOf[position] as number), record: input[i] });
  }
  return selected;
}

/** Per blocking rule, which records block on it (`blockOn`), when any record says; nothing when none does. */
function keyMaskOf(records: readonly CrossPartitionRecord[], rules: number): { keyMask?: (Uint8Array | null)[] } {
  if (records.every((r) => r.blockOn === undefined)) return {};
  const keyMask = Array.from({ length: rules }, () => new Uint8Array(records.length));
  records.forEach((r, i) => {
    if (r.blockOn === undefined) for (const mask of keyMask) mask[i] = 1;
    else for (const rule of r.blockOn) if (rule < rules) (keyMask[rule] as Uint8Array)[i] = 1;
  });
  return { keyMask };
}

/** What the cross-partition pass found. */
export interface CrossPartitionPass {
  readonly links: CrossPartitionLink[];
  /** Clusters of different partitions a cannot-link rule holds apart. */
  readonly separations: ClusterSeparation[];
  readonly candidatePairs: number;
  /** Candidate pairs by the blocking rule that first produced them (summing to `candidatePairs`). */
  readonly pairsByRule: Readonly<Record<string, number>>;
}

/**
 * The cross-partition pass: blocks, compares and scores the records that carry spanning keys with the
 * shared model, all rules at once, producing only pairs whose records are in different partitions
 * (pairs within a partition were decided there), and keeps those at or above the match weight.
 *
 * @example
 * const { links } = linkAcrossPartitions(records, { model });
 */
export function linkAcrossPartitions(
  records: readonly CrossPartitionRecord[],
  shared: PartitionModel,
  options?: { readonly defaults?: RecordDefaults },
): CrossPartitionPass {
  if (!Array.isArray(records)) throw new PadanError('invalid-argument', 'linkAcrossPartitions: records must be an array');
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as Partial<Record<keyof CrossPartitionRecord, unknown>> | null;
    const cluster = r?.cluster as { firstKey?: unknown; trusted?: unknown } | null | undefined;
    if (
      typeof r !== 'object' ||
      r === null ||
      typeof r.partition !== 'string' ||
      typeof cluster !== 'object' ||
      cluster === null ||
      typeof cluster.firstKey !== 'string' ||
      !Array.isArray(cluster.trusted)
    ) {
      throw new PadanError('invalid-argument', `linkAcrossPartitions: records[${i}] must be { partition, cluster: { firstKey, trusted }, record }`);
    }
    if (r.blockOn !== undefined && (!Array.isArray(r.blockOn) || !r.blockOn.every((rule) => Number.isInteger(rule) && rule >= 0))) {
      throw new PadanError('invalid-argument', `linkAcrossPartitions: records[${i}].blockOn must be an array of blocking-rule indexes`);
    }
  }
  if ((shared as PartitionModel | null)?.model?.kind !== 'padan/model')
    throw new PadanError('invalid-argument', 'linkAcrossPartitions: a trained model is required (the one every partition used)');
  if (records.length === 0) return { links: [], separations: [], candidatePairs: 0, pairsByRule: {} };
  // Partitions as small integers: blocking skips a pair of one partition without comparing it.
  const partitionIds = new Map<string, number>();
  const groupOf = new Int32Array(records.length);
  records.forEach((r, i) => {
    let id = partitionIds.get(r.partition);
    if (id === undefined) partitionIds.set(r.partition, (id = partitionIds.size));
    groupOf[i] = id;
  });
  const prepared = records.filter((r) => r.prepared !== undefined).length;
  if (prepared !== 0 && prepared !== records.length)
    throw new PadanError('invalid-argument', 'linkAcrossPartitions: give every record prepared, or none (records are then validated and prepared here)');
  const linkOptions = { ...sharedOptions(shared), ...keyMaskOf(records, shared.model.spec.blocking.rules.length) };
  const found =
    prepared > 0
      ? linkPreparedAcrossGroups(
          records.map((r) => r.prepared as PreparedRecord),
          groupOf,
          linkOptions,
        )
      : linkAcrossGroups(
          records.map((r) => r.record),
          groupOf,
          { ...linkOptions, ...(options?.defaults !== undefined ? { defaults: options.defaults } : {}) },
        );
  const { recordKey } = found;
  const inputOf = new Int32Array(found.readOrder.length);
  const rejected = new Uint8Array(records.length);
  for (const rejection of found.rejections) rejected[rejection.index] = 1;
  let valid = 0;
  for (let i = 0; i < records.length; i++) if (rejected[i] === 0) inputOf[found.readOrder[valid++] as number] = i;
  const { matchWeight } = shared.model.spec.decision;
  const links: CrossPartitionLink[] = [];
  const { left, right, weights } = found.pairs;
  for (let p = 0; p < weights.length; p++) {
    if ((weights[p] as number) < matchWeight) continue;
    const a = records[inputOf[left[p] as number] as number] as CrossPartitionRecord;
    const b = records[inputOf[right[p] as number] as number] as CrossPartitionRecord;
    links.push({
      left: a.cluster,
      right: b.cluster,
      matchWeight: weights[p] as number,
      leftRecord: recordKey(left[p] as number),
      rightRecord: recordKey(right[p] as number),
    });
  }
  const separations: ClusterSeparation[] = [];
  for (const p of found.separated) {
    const a = records[inputOf[left[p] as number] as number] as CrossPartitionRecord;
    const b = records[inputOf[right[p] as number] as number] as CrossPartitionRecord;
    separations.push([a.cluster.firstKey, b.cluster.firstKey]);
  }
  const pairsByRule = Object.fromEntries(found.blocking.map((rule) => [rule.rule, rule.pairsAdded]));
  return { links, separations, candidatePairs: weights.length, pairsByRule };
}

/** Options of {@link resolvePartitioned}. */
export interface ResolvePartitionedOptions extends PartitionModel {
  /** The partition of a record; default `partitionOfRecord` (address regency, else NIK region, else fallback). */
  readonly partitionOf?: (record: unknown) => string;
}

/** One record's person. */
export interface PersonAssignment {
  readonly source: string;
  readonly recordId: string;
  readonly personId: string;
}

/** The result of {@link resolvePartitioned}. */
export interface PartitionedResolution {
  /** Every valid record's person, ordered by (source, recordId). */
  readonly assignments: readonly PersonAssignment[];
  readonly partitions: readonly PartitionOutcome[];
  readonly report: {
    readonly partitions: number;
    readonly largestPartition: number;
    readonly spanningKeys: number;
    readonly crossRecords: number;
    readonly crossCandidatePairs: number;
    readonly crossLinks: number;
    readonly acceptedCrossLinks: number;
    readonly refusedCrossLinks: number;
    readonly remappedClusters: number;
  };
}

/**
 * Partitioned resolution in one process, with one given model: records split by region, each
 * partition resolved on its own, then the cross-partition pass links people whose blocking keys span
 * partitions (movers by NIK, name + birth date, KK — every rule), and clusters are merged into global
 * IDs. With all blocking keys inside one partition the result is `resolvePersons`'s. The out-of-core
 * and distributed runs (`padan resolve --partitioned`, `padan worker`) do the same steps over files.
 *
 * @example
 * const result = resolvePartitioned(records, { model });
 * result.assignments[0] // { source: 'dtks', recordId: '…', personId: 'P…' }
 */
export function resolvePartitioned(records: readonly unknown[], options: ResolvePartitionedOptions): PartitionedResolution {
  if (!Array.isArray(records)) throw new PadanError('invalid-argument', 'resolvePartitioned: records must be an array');
  if (typeof options !== 'object' || options === null || (options as PartitionModel).model?.kind !== 'padan/model') {
    throw new PadanError('invalid-argument', 'resolvePartitioned: options.model must be a trained model (train once, on a sample)');
  }
  checkOptionBag(options, 'resolvePartitioned', { model: 'object', termFrequencies: 'object', registry: 'object', partitionOf: 'function' });
  if (options.partitionOf !== undefined && typeof options.partitionOf !== 'function')
    throw new PadanError('invalid-argument', 'resolvePartitioned: options.partitionOf must be a function');
  const partitionOf = options.partitionOf ?? partitionOfRecord;
  const byPartition = new Map<string, unknown[]>();
  for (const record of records) {
    const name = partitionOf(record);
    if (typeof name !== 'string') throw new PadanError('invalid-argument', 'resolvePartitioned: options.partitionOf must return a string');
    let list = byPartition.get(name);
    if (list === undefined) byPartition.set(name, (list = []));
    list.push(record);
  }
  const names = [...byPartition.keys()].sort();
  const parts = names.map((name) => resolvePartition(name, byPartition.get(name) as unknown[], options));
  const spanning = spanningFingerprints(parts.map((part) => part.outcome.fingerprints));
  const crossRecords = parts.flatMap((part, p) => crossPartitionRecords(part, byPartition.get(names[p] as string) as unknown[], spanning));
  const cross = linkAcrossPartitions(crossRecords, options);
  const merge = mergePartitionClusters(cross.links, [...parts.flatMap((part) => part.separations), ...cross.separations]);

  const assignments: PersonAssignment[] = [];
  for (const part of parts) {
    const { resolution } = part;
    const { compiled } = matchingStateOf(resolution.context, 'resolvePartitioned');
    const idOfCluster = resolution.clusters.map((cluster) => {
      const local = cluster.id;
      return merge.remap.get(local) ?? local;
    });
    for (let position = 0; position < resolution.records.length; position++) {
      const record = resolution.records[position];
      assignments.push({
        source: String(compiled.readSource(record)),
        recordId: String(compiled.readId(record)),
        personId: idOfCluster[resolution.clusterOf[position] as number] as string,
      });
    }
  }
  assignments.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0));
  return {
    assignments,
    partitions: parts.map((part) => part.outcome),
    report: {
      partitions: parts.length,
      largestPartition: Math.max(0, ...parts.map((part) => part.outcome.recordsIn)),
      spanningKeys: spanning.length,
      crossRecords: crossRecords.length,
      crossCandidatePairs: cross.candidatePairs,
      crossLinks: cross.links.length,
      acceptedCrossLinks: merge.acceptedLinks,
      refusedCrossLinks: merge.refusedLinks.length,
      remappedClusters: merge.remap.size,
    },
  };
}

export { personIdOf };
