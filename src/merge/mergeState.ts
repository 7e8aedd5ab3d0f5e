import { checkOptionBag, invalidArgument } from '../_internal/arguments.js';
import { checkMergeRecords } from './_checkRecords.js';
import { canonicalJson } from '../_internal/hash.js';
import type { MergeRecord } from './types.js';

/**
 * The mergeable intermediate state of one cluster: its records in (source, recordId) order, one per
 * identity. Adding records is a set union with a deterministic winner for a re-delivered record, so it is
 * commutative, associative and idempotent — an entity store can feed batches in any order and any
 * grouping and `mergeCluster(state)` gives the same answer as merging everything at once.
 *
 * Why records and not per-field partial results: most-frequent, conflicts and losing values need every
 * value, and clusters are small, so keeping the records is both exact and cheap.
 */
export interface MergeState<R extends MergeRecord = MergeRecord> {
  readonly kind: 'merge-state';
  readonly records: readonly R[];
}

/** Options of `createMergeState` (none yet). */
export type CreateMergeStateOptions = Record<string, never>;

/** Options of `addToMergeState` (none yet). */
export type AddToMergeStateOptions = Record<string, never>;

/** Total order on record identity: source, then recordId, by UTF-16 code unit (never locale-dependent). */
export function compareRecordIdentity(a: MergeRecord, b: MergeRecord): number {
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  if (a.recordId !== b.recordId) return a.recordId < b.recordId ? -1 : 1;
  return 0;
}

// A record delivered twice under one identity: the later observation replaces the earlier; equal dates
// fall back to content so that the survivor never depends on which copy arrived first.
function laterVersion<R extends MergeRecord>(a: R, b: R): R {
  if (a === b) return a;
  if (a.observedAt !== b.observedAt) return a.observedAt > b.observedAt ? a : b;
  return canonicalJson(a) >= canonicalJson(b) ? a : b;
}

/** Sorts by identity and keeps one version per identity; the input is not modified. */
export function canonicalRecords<R extends MergeRecord>(records: readonly R[]): R[] {
  const sorted = records.slice();
  // Clusters are a handful of records: insertion sort beats Array#sort's setup, and is stable.
  for (let i = 1; i < sorted.length; i++) {
    const record = sorted[i]!;
    let j = i - 1;
    while (j >= 0 && compareRecordIdentity(sorted[j]!, record) > 0) {
      sorted[j + 1] = sorted[j]!;
      j--;
    }
    sorted[j + 1] = record;
  }
  let kept = 0;
  for (let i = 0; i < sorted.length; i++) {
    const record = sorted[i]!;
    if (kept > 0 && compareRecordIdentity(sorted[kept - 1]!, record) === 0) {
      sorted[kept - 1] = laterVersion(sorted[kept - 1]!, record);
    } else {
      sorted[kept++] = record;
    }
  }
  sorted.length = kept;
  return sorted;
}

/**
 * Starts a cluster's mergeable state from some of its records.
 *
 * @example
 * const state = createMergeState([dtksRecord, dukcapilRecord]);
 * state.records.map((r) => r.source) // => ['dtks', 'dukcapil']
 */
export function createMergeState<R extends MergeRecord>(records: readonly R[], options?: CreateMergeStateOptions): MergeState<R> {
  checkOptionBag(options, 'createMergeState', {});
  checkMergeRecords(records, 'createMergeState');
  return Object.freeze({ kind: 'merge-state', records: Object.freeze(canonicalRecords(records)) });
}

/**
 * Adds a batch of records (or another state) to a cluster's state; order and grouping of batches never
 * change the result.
 *
 * @example
 * const state = addToMergeState(createMergeState([dtksRecord]), [citizenCorrection]);
 * mergeCluster(state, compiled).unified // same as mergeCluster([dtksRecord, citizenCorrection], compiled)
 */
export function addToMergeState<R extends MergeRecord>(
  state: MergeState<R>,
  records: readonly R[] | MergeState<R>,
  options?: AddToMergeStateOptions,
): MergeState<R> {
  checkOptionBag(options, 'addToMergeState', {});
  if (typeof state !== 'object' || state === null || (state as { kind?: unknown }).kind !== 'merge-state') {
    throw invalidArgument('addToMergeState', 'state', 'a merge state from createMergeState', state);
  }
  const added = isMergeState(records) ? records.records : records;
  checkMergeRecords(added, 'addToMergeState');
  return createMergeState([...state.records, ...added]);
}

/** True for a value made by `createMergeState` / `addToMergeState`. */
export function isMergeState<R extends MergeRecord>(value: readonly R[] | MergeState<R>): value is MergeState<R> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as MergeState<R>).kind === 'merge-state';
}
