import { invalidArgument } from '../_internal/arguments.js';
import { naturalEntityId } from '../cluster/entityIds.js';

/** A person cluster of one partition, as the cross-partition pass sees it. */
export interface PartitionCluster {
  /**
   * The age rank (`entityIdRank`: first-seen date · NUL · record key) of the cluster's ID-giving record,
   * its oldest: the cluster's ID is that record's natural ID, and of joined clusters the oldest wins.
   */
  readonly firstKey: string;
  /** Per distinctness constraint, the cluster's trusted value (a civil-registry NIK), or null. */
  readonly trusted: readonly (string | null)[];
}

/** A link the cross-partition pass found between records of two partitions' clusters. */
export interface CrossPartitionLink {
  readonly left: PartitionCluster;
  readonly right: PartitionCluster;
  readonly matchWeight: number;
  /** Record keys of the pair, for a deterministic order among equal weights. */
  readonly leftRecord: string;
  readonly rightRecord: string;
}

/** Two clusters (by first record key) a cannot-link rule holds apart: never one person, even through others. */
export type ClusterSeparation = readonly [string, string];

/** What merging partition clusters decided. */
export interface PartitionMerge {
  /** Local person ID → global person ID, for the clusters that joined a cluster of another partition. */
  readonly remap: ReadonlyMap<string, string>;
  readonly acceptedLinks: number;
  /** Links refused because they would join two different trusted values. */
  readonly refusedLinks: readonly CrossPartitionLink[];
}

/** The person ID of a cluster whose ID-giving record has the age rank `firstKey` (the entity-ID rule of cluster/entityIds.ts). */
export function personIdOf(firstKey: string): string {
  return naturalEntityId(firstKey.slice(firstKey.indexOf('\u0000') + 1));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Joins clusters of different partitions from cross-partition links, as single-process clustering
 * would: links strongest first (ties by record keys), each refused when it would put two different
 * trusted values (two civil-registry NIKs), or two clusters a cannot-link rule separated (twins), in
 * one person. A joined person's ID is the natural ID of its oldest record (the entity-ID rule), so it
 * is the ID single-process resolution gives it.
 *
 * @example
 * const { remap } = mergePartitionClusters(links);
 * remap.get(localId) // the global ID, when that cluster joined another partition's
 */
export function mergePartitionClusters(links: readonly CrossPartitionLink[], separations: readonly ClusterSeparation[] = []): PartitionMerge {
  checkMergeInput(links, separations);
  const sorted = [...links].sort((x, y) =>
    x.matchWeight !== y.matchWeight
      ? x.matchWeight > y.matchWeight
        ? -1
        : 1
      : compareText(x.leftRecord, y.leftRecord) || compareText(x.rightRecord, y.rightRecord),
  );
  const index = new Map<string, number>();
  const parent: number[] = [];
  const firstKey: string[] = [];
  const trusted: (string | null)[][] = [];
  const nodeOf = (cluster: PartitionCluster): number => {
    let node = index.get(cluster.firstKey);
    if (node === undefined) {
      node = parent.length;
      index.set(cluster.firstKey, node);
      parent.push(node);
      firstKey.push(cluster.firstKey);
      trusted.push([...cluster.trusted]);
      apart.push([]);
    }
    return node;
  };
  // Separations per root (other ends, by node), joined on a union: a union checks the shorter list.
  const apart: number[][] = [];
  const nodeOfKey = (key: string): number => nodeOf({ firstKey: key, trusted: [] });
  const find = (node: number): number => {
    let root = node;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[node] !== root) {
      const next = parent[node] as number;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  // Linked clusters first, with their trusted values; a cluster only a separation names is never joined.
  for (const link of links) {
    nodeOf(link.left);
    nodeOf(link.right);
  }
  for (const [a, b] of separations) {
    const x = nodeOfKey(a);
    const y = nodeOfKey(b);
    (apart[x] as number[]).push(y);
    (apart[y] as number[]).push(x);
  }
  const isApart = (a: number, b: number): boolean => {
    const listA = apart[a] as number[];
    const listB = apart[b] as number[];
    const [list, other] = listA.length <= listB.length ? [listA, b] : [listB, a];
    for (const node of list) if (find(node) === other) return true;
    return false;
  };
  let acceptedLinks = 0;
  const refusedLinks: CrossPartitionLink[] = [];
  for (const link of sorted) {
    const a = find(nodeOf(link.left));
    const b = find(nodeOf(link.right));
    if (a === b) continue;
    const valuesA = trusted[a] as (string | null)[];
    const valuesB = trusted[b] as (string | null)[];
    let allowed = true;
    for (let c = 0; c < valuesA.length; c++) {
      const x = valuesA[c] ?? null;
      const y = valuesB[c] ?? null;
      if (x !== null && y !== null && x !== y) allowed = false;
    }
    if (allowed && isApart(a, b)) allowed = false;
    if (!allowed) {
      refusedLinks.push(link);
      continue;
    }
    // The root keeps the smaller first key: it names the joined person.
    const [root, child] = compareText(firstKey[a] as string, firstKey[b] as string) <= 0 ? [a, b] : [b, a];
    parent[child] = root;
    const rootValues = trusted[root] as (string | null)[];
    const childValues = trusted[child] as (string | null)[];
    for (let c = 0; c < rootValues.length; c++) if (rootValues[c] === null) rootValues[c] = childValues[c] ?? null;
    const rootApart = apart[root] as number[];
    for (const node of apart[child] as number[]) rootApart.push(node);
    acceptedLinks++;
  }
  const remap = new Map<string, string>();
  for (let node = 0; node < parent.length; node++) {
    const root = find(node);
    if (root !== node) remap.set(personIdOf(firstKey[node] as string), personIdOf(firstKey[root] as string));
  }
  // A root that absorbed others keeps its own ID (it has the smallest key); only the others move.
  return { remap, acceptedLinks, refusedLinks };
}

function isCluster(value: unknown): value is PartitionCluster {
  const c = value as Partial<Record<keyof PartitionCluster, unknown>> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.firstKey === 'string' &&
    Array.isArray(c.trusted) &&
    c.trusted.every((t) => t === null || typeof t === 'string')
  );
}

/** Checks {@link mergePartitionClusters}' input before anything is joined. */
function checkMergeInput(links: unknown, separations: unknown): void {
  const fn = 'mergePartitionClusters';
  if (!Array.isArray(links)) throw invalidArgument(fn, 'links', 'an array of cross-partition links', links);
  for (let i = 0; i < links.length; i++) {
    const link = links[i] as Partial<Record<keyof CrossPartitionLink, unknown>> | null;
    if (
      typeof link !== 'object' ||
      link === null ||
      !isCluster(link.left) ||
      !isCluster(link.right) ||
      typeof link.matchWeight !== 'number' ||
      Number.isNaN(link.matchWeight) ||
      typeof link.leftRecord !== 'string' ||
      typeof link.rightRecord !== 'string'
    ) {
      throw invalidArgument(fn, `links[${i}]`, '{ left, right, matchWeight, leftRecord, rightRecord } with clusters { firstKey, trusted }', link);
    }
  }
  if (!Array.isArray(separations)) throw invalidArgument(fn, 'separations', 'an array of [firstKey, firstKey] pairs', separations);
  for (let i = 0; i < separations.length; i++) {
    const pair: unknown = separations[i];
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw invalidArgument(fn, `separations[${i}]`, 'a [firstKey, firstKey] pair of strings', pair);
    }
  }
}
