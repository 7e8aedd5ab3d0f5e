import { checkArray, checkCallback, checkObject, checkOptionKeys, checkPairs, checkRecordCount, invalidArgument } from '../_internal/arguments.js';
import { createUnionFind, findRoot } from '../_internal/unionFind.js';
import { int32Array, temporaryInt32Array } from '../_internal/typedArena.js';
import { PROGRESS_INTERVAL, type ProgressCallback } from '../_internal/progress.js';

/** Input of {@link clusterRecords}: scored candidate pairs and the per-record constraint values. */
export interface ClusterInput {
  readonly recordCount: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly weights: Float64Array;
  /** Pairs at or above this weight are links. */
  readonly matchWeight: number;
  /**
   * One array per distinctness constraint: the record's trusted value id, or -1. Two records with
   * different trusted values never end up in one cluster.
   */
  readonly distinct: readonly Int32Array[];
  /**
   * Pairs of records that are two people (a cannot-link rule held for them): no link may put them,
   * or clusters holding them, together. Default: none.
   */
  readonly separate?: { readonly left: Int32Array; readonly right: Int32Array };
  /** Pairs a data steward said are one entity: joined first, whatever the model or the constraints say. */
  readonly mustLink?: { readonly left: Int32Array; readonly right: Int32Array };
  /** Pairs a data steward said are different entities: no link may put them in one cluster. */
  readonly cannotLink?: { readonly left: Int32Array; readonly right: Int32Array };
  /** Hears of links (pairs at or above `matchWeight`) taken or refused, strongest first. */
  readonly onProgress?: ProgressCallback;
}

const INPUT_KEYS = ['recordCount', 'left', 'right', 'weights', 'matchWeight', 'distinct', 'separate', 'mustLink', 'cannotLink', 'onProgress'];

/** Throws unless `input` is a well-formed `ClusterInput`: pairs within the records, one weight per pair, constraints per record. */
function checkClusterInput(input: unknown): asserts input is ClusterInput {
  checkObject(input, 'clusterRecords', 'input');
  checkOptionKeys(input, 'clusterRecords', INPUT_KEYS);
  const { recordCount, left, right, weights, matchWeight, distinct, onProgress } = input as Partial<ClusterInput>;
  checkRecordCount(recordCount, 'clusterRecords', 'input.recordCount');
  checkPairs(left, right, recordCount, 'clusterRecords');
  if (!(weights instanceof Float64Array) || weights.length !== left.length)
    throw invalidArgument('clusterRecords', 'input.weights', 'a Float64Array with one weight per pair', weights);
  if (typeof matchWeight !== 'number' || Number.isNaN(matchWeight)) throw invalidArgument('clusterRecords', 'input.matchWeight', 'a number', matchWeight);
  checkArray(distinct, 'clusterRecords', 'input.distinct');
  distinct.forEach((values, i) => {
    if (!(values instanceof Int32Array) || values.length < recordCount)
      throw invalidArgument('clusterRecords', `input.distinct[${i}]`, 'an Int32Array with one value id per record', values);
  });
  for (const key of ['separate', 'mustLink', 'cannotLink'] as const) {
    const pairs = (input as Partial<ClusterInput>)[key];
    if (pairs === undefined) continue;
    checkObject(pairs, 'clusterRecords', `input.${key}`);
    checkPairs(pairs.left, pairs.right, recordCount, `clusterRecords (input.${key})`);
  }
  checkCallback(onProgress, 'clusterRecords', 'input.onProgress');
}

/** Clusters as record → cluster index, plus the links that made them and the links refused. */
export interface Clustering {
  /** Cluster index of each record; clusters are numbered by their first record. */
  readonly clusterOf: Int32Array;
  readonly clusterCount: number;
  /** Indexes (into the pair arrays) of the links that joined two clusters, strongest first. */
  readonly acceptedLinks: Int32Array;
  /** Indexes of links refused because they would join two different trusted values, or two records that are two people. */
  readonly refusedLinks: Int32Array;
  /** Indexes of links refused because a steward's cannot-link decision keeps their clusters apart. */
  readonly blockedLinks: Int32Array;
}

/**
 * Clusters records from scored pairs, deterministically and under constraints: links are taken
 * strongest first (ties by record position), and a link that would put two different trusted
 * identifiers (two civil-registry NIKs) in one cluster, or two records a cannot-link rule separates
 * (twins), is refused — so a chain A–B–C between two such people is cut at its weakest link.
 *
 * @example
 * clusterRecords({ recordCount: 3, left: Int32Array.of(0, 1), right: Int32Array.of(1, 2),
 *   weights: Float64Array.of(20, 15), matchWeight: 5, distinct: [] }).clusterOf // Int32Array [0, 0, 0]
 */
export function clusterRecords(input: ClusterInput): Clustering {
  checkClusterInput(input);
  const { recordCount, left, right, weights, matchWeight, distinct } = input;
  const links: number[] = [];
  for (let p = 0; p < weights.length; p++) if ((weights[p] as number) >= matchWeight) links.push(p);
  const { onProgress } = input;
  onProgress?.(0, links.length);
  // The comparator returns small integers only: a difference of two weights is a fresh heap number
  // per call, and a million links take tens of millions of calls.
  links.sort((a, b) => {
    const weightA = weights[a] as number;
    const weightB = weights[b] as number;
    if (weightA !== weightB) return weightA > weightB ? -1 : 1;
    return (left[a] as number) - (left[b] as number) || (right[a] as number) - (right[b] as number);
  });

  // Union by size here (not the shared smallest-root rule): the final labels come from each cluster's
  // first record, so the root choice is free, and size keeps the trees shallow on million-record chains.
  const forest = createUnionFind(recordCount);
  const parent = forest.parent;
  const size = temporaryInt32Array(recordCount).fill(1);
  // Each root carries its cluster's trusted value per constraint (-1: none yet).
  const trusted = distinct.map((values) => {
    const copy = temporaryInt32Array(values.length);
    copy.set(values);
    return copy;
  });
  const find = (record: number): number => findRoot(forest, record);

  // Cannot-link pairs as per-cluster lists of ends (end 2e is pair e seen from its left record, 2e + 1
  // from its right), joined in O(1) on a union; a union checks the shorter list for an end in the other.
  const separateLeft = input.separate?.left;
  const separateRight = input.separate?.right;
  const separateCount = separateLeft?.length ?? 0;
  const endHead = temporaryInt32Array(separateCount > 0 ? recordCount : 0).fill(-1);
  const endTail = temporaryInt32Array(separateCount > 0 ? recordCount : 0).fill(-1);
  const endCount = temporaryInt32Array(separateCount > 0 ? recordCount : 0);
  const endNext = temporaryInt32Array(separateCount * 2).fill(-1);
  for (let e = 0; e < separateCount * 2; e++) {
    const record = (e & 1) === 0 ? ((separateLeft as Int32Array)[e >> 1] as number) : ((separateRight as Int32Array)[e >> 1] as number);
    if (endTail[record] === -1) endHead[record] = e;
    else endNext[endTail[record] as number] = e;
    endTail[record] = e;
    endCount[record] = (endCount[record] as number) + 1;
  }
  const otherEnd = (e: number): number =>
    (e & 1) === 0 ? ((separateRight as Int32Array)[e >> 1] as number) : ((separateLeft as Int32Array)[e >> 1] as number);
  const separated = (rootA: number, rootB: number): boolean => {
    const shorterA = (endCount[rootA] as number) <= (endCount[rootB] as number);
    const from = shorterA ? rootA : rootB;
    const to = shorterA ? rootB : rootA;
    for (let e = endHead[from] as number; e >= 0; e = endNext[e] as number) if (find(otherEnd(e)) === to) return true;
    return false;
  };

  // Per cluster root, the records a steward's cannot-link decision keeps it apart from.
  let apart: Map<number, number[]> | null = null;
  const union = (a: number, b: number): void => {
    let rootA = a;
    let rootB = b;
    if ((size[rootA] as number) < (size[rootB] as number)) [rootA, rootB] = [rootB, rootA];
    parent[rootB] = rootA;
    size[rootA] = (size[rootA] as number) + (size[rootB] as number);
    if (separateCount > 0 && (endHead[rootB] as number) >= 0) {
      if ((endHead[rootA] as number) < 0) endHead[rootA] = endHead[rootB] as number;
      else endNext[endTail[rootA] as number] = endHead[rootB] as number;
      endTail[rootA] = endTail[rootB] as number;
      endCount[rootA] = (endCount[rootA] as number) + (endCount[rootB] as number);
    }
    for (const values of trusted) if ((values[rootA] as number) < 0) values[rootA] = values[rootB] as number;
    if (apart !== null) {
      const listB = apart.get(rootB);
      if (listB !== undefined) {
        const listA = apart.get(rootA);
        if (listA === undefined) apart.set(rootA, listB);
        else for (const x of listB) listA.push(x);
        apart.delete(rootB);
      }
    }
  };
  // Steward decisions outrank the model: must-links are joined before any scored link.
  const mustLink = input.mustLink;
  if (mustLink !== undefined) {
    for (let m = 0; m < mustLink.left.length; m++) {
      const rootA = find(mustLink.left[m] as number);
      const rootB = find(mustLink.right[m] as number);
      if (rootA !== rootB) union(rootA, rootB);
    }
  }
  const cannotLink = input.cannotLink;
  if (cannotLink !== undefined && cannotLink.left.length > 0) {
    apart = new Map();
    for (let c = 0; c < cannotLink.left.length; c++) {
      const a = cannotLink.left[c] as number;
      const b = cannotLink.right[c] as number;
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        const root = find(x);
        const list = apart.get(root);
        if (list === undefined) apart.set(root, [y]);
        else list.push(y);
      }
    }
  }

  const accepted: number[] = [];
  const refused: number[] = [];
  const blocked: number[] = [];
  let taken = 0;
  for (const p of links) {
    if (onProgress !== undefined && taken > 0 && taken % PROGRESS_INTERVAL === 0) onProgress(taken, links.length);
    taken++;
    const rootA = find(left[p] as number);
    const rootB = find(right[p] as number);
    if (rootA === rootB) continue;
    if (apart !== null && keptApart(apart, find, rootA, rootB)) {
      blocked.push(p);
      continue;
    }
    let allowed = true;
    for (const values of trusted) {
      const a = values[rootA] as number;
      const b = values[rootB] as number;
      if (a >= 0 && b >= 0 && a !== b) {
        allowed = false;
        break;
      }
    }
    if (allowed && separateCount > 0 && separated(rootA, rootB)) allowed = false;
    if (!allowed) {
      refused.push(p);
      continue;
    }
    union(rootA, rootB);
    accepted.push(p);
  }
  onProgress?.(links.length, links.length);

  const clusterOf = int32Array(recordCount);
  const indexOfRoot = temporaryInt32Array(recordCount).fill(-1);
  let clusterCount = 0;
  for (let r = 0; r < recordCount; r++) {
    const root = find(r);
    if (indexOfRoot[root] === -1) indexOfRoot[root] = clusterCount++;
    clusterOf[r] = indexOfRoot[root] as number;
  }
  return {
    clusterOf,
    clusterCount,
    acceptedLinks: Int32Array.from(accepted),
    refusedLinks: Int32Array.from(refused),
    blockedLinks: Int32Array.from(blocked),
  };
}

/** Whether a cannot-link decision names a record of each of two clusters. */
function keptApart(apart: ReadonlyMap<number, readonly number[]>, find: (record: number) => number, rootA: number, rootB: number): boolean {
  const listA = apart.get(rootA);
  const listB = apart.get(rootB);
  if (listA === undefined || listB === undefined) return false;
  const [list, other] = listA.length <= listB.length ? [listA, rootB] : [listB, rootA];
  for (const x of list) if (find(x) === other) return true;
  return false;
}
