/**
 * The output files of a resolution: unified persons with provenance (merged cluster by cluster and
 * streamed out), the review queue with each pair's explanation (identifiers masked), rejections.
 * The CLI and the demo both write through here, so their folders have one format.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { maskIdentifier, redactedJson } from '../_internal/redact.js';
import { PROGRESS_RECORDS, type ProgressCallback } from '../_internal/progress.js';
import { compilePolicy, type CompiledPolicy } from '../merge/compilePolicy.js';
import { dtsenPersonPolicy } from '../merge/dtsenPersonPolicy.js';
import { mergeCluster } from '../merge/mergeCluster.js';
import type { ConflictSeverity, MergePersonRecord, MergeResult } from '../merge/types.js';
import { explainPair, type PersonCluster, type PersonResolution, type RecordFlag, type ReviewItem } from '../resolve.js';

/** A line-buffered NDJSON file writer (few large writes instead of one per line). */
export interface NdjsonWriter {
  readonly write: (value: unknown) => void;
  /** Flushes and closes; returns the number of lines written. */
  readonly close: () => number;
}

const FLUSH_BYTES = 1 << 20;

/** Options of {@link createNdjsonWriter}. */
export interface NdjsonWriterOptions {
  /**
   * Masks every identifier-like digit run in every line (values through a replacer, then the line's
   * text for keys). For review, rejection and report files, which must carry no full NIK/KK even when a
   * source uses the NIK as its recordId; never for the data product (persons.ndjson).
   */
  readonly redact?: boolean;
}

/** Opens `path` for writing NDJSON, truncating it. */
export function createNdjsonWriter(path: string, options?: NdjsonWriterOptions): NdjsonWriter {
  const redact = options?.redact === true;
  const fd = openSync(path, 'w');
  // Lines are encoded straight into one reused buffer: no string per line with its newline, no joined
  // string per flush, no second encoding pass.
  const buffer = Buffer.allocUnsafe(FLUSH_BYTES);
  let used = 0;
  let lines = 0;
  const flush = (): void => {
    let at = 0;
    while (at < used) at += writeSync(fd, buffer, at, used - at);
    used = 0;
  };
  return {
    write: (value) => {
      const line = redact ? redactedJson(value) : JSON.stringify(value);
      lines++;
      // UTF-8 takes at most 3 bytes per UTF-16 unit; the 1 is the newline.
      const most = line.length * 3 + 1;
      if (used + most > FLUSH_BYTES) {
        flush();
        if (most > FLUSH_BYTES) {
          writeSync(fd, `${line}\n`);
          return;
        }
      }
      used += buffer.write(line, used, 'utf8');
      buffer[used++] = 10;
    },
    close: () => {
      flush();
      closeSync(fd);
      return lines;
    },
  };
}

/** What merging every person cluster produced. */
export interface MergeTotals {
  readonly persons: number;
  readonly conflicts: Record<ConflictSeverity, number>;
  /** Persons with at least one conflict. */
  readonly personsWithConflicts: number;
  /** Fields a pending citizen submission disputes. */
  readonly contestedFields: number;
  /** The merge policy's fingerprint (same policy, same algorithm → same value). */
  readonly fingerprint: string;
}

/**
 * Merges every person cluster with a policy (default: the DTSEN person policy); `onPerson` sees each
 * result as it is made, so callers can stream it out instead of holding all of them.
 */
export function mergePersons(
  resolution: PersonResolution,
  onPerson?: (cluster: PersonCluster, merged: MergeResult<MergePersonRecord>, index: number) => void,
  compiled: CompiledPolicy<MergePersonRecord> = compilePolicy(dtsenPersonPolicy),
  onProgress?: ProgressCallback,
): MergeTotals {
  const conflicts: Record<ConflictSeverity, number> = { high: 0, medium: 0, low: 0 };
  let personsWithConflicts = 0;
  let contestedFields = 0;
  const { clusters, records } = resolution;
  for (let c = 0; c < clusters.length; c++) {
    if (onProgress !== undefined && c % PROGRESS_RECORDS === 0) onProgress(c, clusters.length);
    const cluster = clusters[c] as PersonCluster;
    const members = cluster.records.map((r) => records[r] as unknown as MergePersonRecord);
    const merged = mergeCluster(members, compiled);
    for (const conflict of merged.conflicts) conflicts[conflict.severity]++;
    if (merged.conflicts.length > 0) personsWithConflicts++;
    contestedFields += merged.contested.length;
    onPerson?.(cluster, merged, c);
  }
  onProgress?.(clusters.length, clusters.length);
  return { persons: clusters.length, conflicts, personsWithConflicts, contestedFields, fingerprint: compiled.fingerprint };
}

/**
 * How much of each unified field's provenance persons.ndjson carries:
 * - `full`: the value, rule, source record and every losing value, and the citizen history;
 * - `summary`: the rule, the source record (its position in `members`) and how many values lost;
 * - `none`: no provenance or history (conflicts and contested fields stay: they are review work).
 */
export type ProvenanceDetail = 'full' | 'summary' | 'none';

/** Options of {@link writePersons}. */
export interface WritePersonsOptions {
  /** Default `full`. */
  readonly provenance?: ProvenanceDetail;
  /** The merge policy, compiled (default: the DTSEN person policy): a caller writing many partitions compiles it once. */
  readonly policy?: CompiledPolicy<MergePersonRecord>;
  /** Hears of persons merged and written. */
  readonly onProgress?: ProgressCallback;
}

/** Per field: the rule, the position in `members` of the record the value came from (null: none), how many values lost. */
function summarizeProvenance(merged: MergeResult<MergePersonRecord>): Record<string, { rule: string; from: number | null; losing: number }> {
  const summary: Record<string, { rule: string; from: number | null; losing: number }> = {};
  for (const [field, entry] of Object.entries(merged.provenance)) {
    const from =
      entry.from === null ? -1 : merged.members.findIndex((member) => member.source === entry.from?.source && member.recordId === entry.from.recordId);
    summary[field] = { rule: entry.rule, from: from < 0 ? null : from, losing: entry.losing.length };
  }
  return summary;
}

/**
 * Merges and writes one NDJSON line per person: `{ id, members, unified, provenance, conflicts,
 * contested, history, flags }` (`provenance` and `history` as `options.provenance` says). The unified
 * record is the data product, so it carries full NIK/KK; nothing from it is ever printed.
 */
export function writePersons(path: string, resolution: PersonResolution, options?: WritePersonsOptions): MergeTotals {
  const detail = options?.provenance ?? 'full';
  const flagsOf = new Map<number, { source: string; recordId: string; code: RecordFlag['code'] }[]>();
  for (const flag of resolution.flags) {
    const cluster = resolution.clusterOf[flag.record] as number;
    const record = resolution.records[flag.record] as { source: string; recordId: string };
    let list = flagsOf.get(cluster);
    if (list === undefined) flagsOf.set(cluster, (list = []));
    list.push({ source: record.source, recordId: record.recordId, code: flag.code });
  }
  const writer = createNdjsonWriter(path);
  try {
    return mergePersons(
      resolution,
      (cluster, merged, index) => writer.write(personLine(cluster.id, merged, detail, flagsOf.get(index) ?? [])),
      options?.policy,
      options?.onProgress,
    );
  } finally {
    writer.close();
  }
}

/**
 * One line of persons.ndjson: `{ id, members, unified, provenance, conflicts, contested, history,
 * flags }`, with `provenance` and `history` as `detail` says. A partitioned run writes the persons
 * merged across partitions through here too, so both folders have one format.
 */
export function personLine(id: string, merged: MergeResult<MergePersonRecord>, detail: ProvenanceDetail, flags: readonly unknown[]): Record<string, unknown> {
  return {
    id,
    members: merged.members,
    unified: merged.unified,
    ...(detail === 'full' ? { provenance: merged.provenance } : detail === 'summary' ? { provenance: summarizeProvenance(merged) } : {}),
    conflicts: merged.conflicts,
    contested: merged.contested,
    ...(detail === 'none' ? {} : { history: merged.history }),
    flags,
  };
}

/** What a reviewer sees of one record: identifiers masked. */
export interface ReviewSide {
  readonly source: string;
  readonly recordId: string;
  readonly person: string;
  readonly nik: string | null;
  readonly kk: string | null;
  readonly name: string | null;
  readonly sex: string | null;
  readonly birthDate: string | null;
  readonly villageCode: string | null;
}

function reviewSide(resolution: PersonResolution, index: number): ReviewSide {
  const record = resolution.records[index] as (typeof resolution.records)[number];
  return {
    source: record.source,
    recordId: record.recordId,
    person: (resolution.clusters[resolution.clusterOf[index] as number] as PersonCluster).id,
    nik: record.nik ? maskIdentifier(record.nik) : null,
    kk: record.kk ? maskIdentifier(record.kk) : null,
    name: record.name ?? null,
    sex: record.sex ?? null,
    birthDate: record.birthDate ?? null,
    villageCode: record.address?.villageCode ?? null,
  };
}

/**
 * Writes the review queue, strongest pair first, one NDJSON line per pair with both records (NIK and
 * KK masked) and the comparison-by-comparison explanation of its match weight.
 */
export function writeReview(path: string, resolution: PersonResolution, onProgress?: ProgressCallback): number {
  const writer = createNdjsonWriter(path, { redact: true });
  let lines = 0;
  const { review } = resolution;
  try {
    for (let i = 0; i < review.length; i++) {
      // Each line explains its pair, comparison by comparison: a few hundred microseconds.
      if (onProgress !== undefined && i % 1024 === 0) onProgress(i, review.length);
      const item = review[i] as ReviewItem;
      writer.write({
        reason: item.reason,
        matchWeight: item.matchWeight,
        matchProbability: item.matchProbability,
        left: reviewSide(resolution, item.left),
        right: reviewSide(resolution, item.right),
        explanation: explainPair(resolution, item.left, item.right),
      });
    }
    onProgress?.(review.length, review.length);
  } finally {
    lines = writer.close();
  }
  return lines;
}

/** Writes values as NDJSON; returns how many. `redact` as for {@link createNdjsonWriter}. */
export function writeNdjson(path: string, values: Iterable<unknown>, options?: NdjsonWriterOptions): number {
  const writer = createNdjsonWriter(path, options);
  let lines = 0;
  try {
    for (const value of values) writer.write(value);
  } finally {
    lines = writer.close();
  }
  return lines;
}
