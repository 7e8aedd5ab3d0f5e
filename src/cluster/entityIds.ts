import { checkOptions, checkString, invalidArgument } from '../_internal/arguments.js';
import { letteredHash64 } from '../_internal/hash.js';

/**
 * The ID an entity takes from its ID-giving record: `P` + letteredHash64 of the record key
 * (`source` NUL `recordId`), 16 hex digits with at least one letter. A batch run gives every cluster
 * the ID of its smallest record key.
 *
 * @example
 * naturalEntityId('dtks\u0000D-17') // 'P3f0c…' (16 hex digits)
 */
export function naturalEntityId(recordKey: string): string {
  checkString(recordKey, 'naturalEntityId', 'recordKey');
  return `P${letteredHash64(recordKey)}`;
}

/**
 * A record's age rank: its first-seen `observedAt` (ISO, so text order is time order; empty when
 * unknown), then its record key. The smaller rank is the older record.
 *
 * @example
 * entityIdRank('2024-03-01', 'dtks\u0000D-17') < entityIdRank('2025-01-01', 'citizen\u0000S-1') // true
 */
export function entityIdRank(firstSeen: string, recordKey: string): string {
  return `${firstSeen}\u0000${recordKey}`;
}

/**
 * The ID a batch run gives a cluster: the natural ID of its oldest record by {@link entityIdRank}.
 *
 * @example
 * batchEntityId([{ key: 'dtks\u0000D-2', firstSeen: '2024-01-01' }, { key: 'citizen\u0000S-1', firstSeen: '2025-01-01' }])
 * // naturalEntityId('dtks\u0000D-2')
 */
export function batchEntityId(members: Iterable<{ readonly key: string; readonly firstSeen: string }>): string {
  let best: string | null = null;
  let bestKey = '';
  for (const member of members) {
    const rank = entityIdRank(member.firstSeen, member.key);
    if (best === null || rank < best) {
      best = rank;
      bestKey = member.key;
    }
  }
  if (best === null) throw new RangeError('batchEntityId: a cluster has no records');
  return naturalEntityId(bestKey);
}

/** One record of a cluster, as {@link assignEntityIds} sees it. */
export interface EntityIdMember {
  readonly key: string;
  /** Its age rank ({@link entityIdRank}); default the key alone. */
  readonly rank?: string;
  /**
   * The entity the record belonged to before (leave it out for a new record). A record whose
   * entity's ID-giving record is not in this cluster counts as its own ID-giving record.
   */
  readonly previous?: { readonly id: string; readonly anchorKey: string };
}

/** What {@link assignEntityIds} decides for one cluster. */
export interface EntityIdAssignment {
  readonly id: string;
  /** The record key the ID now belongs to (the ID-giving record). */
  readonly anchorKey: string;
  /** Previous entity IDs whose ID-giving record is in this cluster but lost to an older one: they become aliases of `id`. */
  readonly absorbed: readonly string[];
}

/** Options of {@link assignEntityIds}. */
export interface AssignEntityIdsOptions {
  /** Whether an ID is held by an entity outside these clusters (a natural ID must then be salted). Default: none is. */
  readonly isTakenElsewhere?: (id: string) => boolean;
  /**
   * The natural ID of an ID-giving record's key, salted when `salt` is above 0 (default
   * {@link naturalEntityId}, salted as the key, NUL and the salt): families and households name
   * their IDs their own way (see group/groupIds.ts).
   */
  readonly naturalId?: (key: string, salt: number) => string;
}

/**
 * The entity-ID rule (docs/store.md), written once for the batch and the store. Within each
 * cluster the contenders are the previous entities whose ID-giving record is in the cluster, and
 * every record that is new, has left its ID-giving record behind, or is older than it (as if it
 * were an entity of its own, with its natural ID). The contender with the oldest ID-giving record
 * ({@link entityIdRank}: first seen, then record key) gives the cluster its ID; the other previous
 * entities become aliases of it. A cluster made only of records split off from elsewhere takes the
 * natural ID of its oldest record. Without history (the batch run), every cluster gets the natural
 * ID of its oldest record ({@link batchEntityId}).
 *
 * Clusters are given with their members; the result is in the same order. A natural ID already
 * held elsewhere (possible only after a withdrawal kept an ID on another record) is salted with a
 * counter so that no two live entities share an ID.
 *
 * @example
 * assignEntityIds([[{ key: 'a' }, { key: 'b', previous: { id: 'Pb', anchorKey: 'b' } }]])
 * // [{ id: naturalEntityId('a'), anchorKey: 'a', absorbed: ['Pb'] }]
 */
export function assignEntityIds(clusters: readonly (readonly EntityIdMember[])[], options?: AssignEntityIdsOptions): EntityIdAssignment[] {
  checkEntityIdInput(clusters, options);
  return assignCheckedEntityIds(clusters, options);
}

// Past this many members a cluster looks its anchors up in a map; below, a scan of the members is cheaper.
const SCAN_MEMBERS = 32;

/**
 * {@link assignEntityIds} on input already known to be well formed (the store's own clusters, built
 * by code): the same rule, without checking every member again.
 */
export function assignCheckedEntityIds(clusters: readonly (readonly EntityIdMember[])[], options?: AssignEntityIdsOptions): EntityIdAssignment[] {
  const taken = options?.isTakenElsewhere ?? (() => false);
  const natural = options?.naturalId ?? defaultNaturalId;
  const given = new Set<string>();
  const result: EntityIdAssignment[] = [];
  for (const members of clusters) {
    let bestKey: string | null = null;
    let bestRank: string | null = null;
    let bestId: string | null = null;
    const contenders = new Set<string>();
    const rankOf = members.length > SCAN_MEMBERS ? new Map<string, string>() : undefined;
    if (rankOf !== undefined) for (const member of members) rankOf.set(member.key, member.rank ?? member.key);
    // Members of one previous entity usually share its `previous` object: its anchor is looked up once.
    let lastPrevious: EntityIdMember['previous'];
    let lastAnchorRank: string | undefined;
    for (const member of members) {
      const previous = member.previous;
      const rank = member.rank ?? member.key;
      let anchorRank: string | undefined;
      if (previous !== undefined) {
        if (previous === lastPrevious) anchorRank = lastAnchorRank;
        else {
          anchorRank = rankOf === undefined ? scanRank(members, previous.anchorKey) : rankOf.get(previous.anchorKey);
          lastPrevious = previous;
          lastAnchorRank = anchorRank;
        }
      }
      let anchorKey: string;
      let contenderRank: string;
      let id: string | null;
      if (previous !== undefined && anchorRank !== undefined && anchorRank <= rank) {
        if (contenders.has(previous.id)) continue;
        contenders.add(previous.id);
        anchorKey = previous.anchorKey;
        contenderRank = anchorRank;
        id = previous.id;
      } else {
        anchorKey = member.key;
        contenderRank = rank;
        id = null;
      }
      if (bestRank === null || contenderRank < bestRank) {
        bestRank = contenderRank;
        bestKey = anchorKey;
        bestId = id;
      }
    }
    if (bestKey === null) throw new RangeError('assignEntityIds: a cluster has no records');
    let id = bestId;
    if (id === null) {
      // The natural ID may be a contender's own (an entity that kept it after a withdrawal): it continues.
      id = natural(bestKey, 0);
      for (let n = 1; given.has(id) || (!contenders.has(id) && taken(id)); n++) id = natural(bestKey, n);
    }
    given.add(id);
    contenders.delete(id);
    result.push({ id, anchorKey: bestKey, absorbed: contenders.size === 0 ? [] : [...contenders].sort() });
  }
  return result;
}

/** The rank of the member with this key (the last one, as a map filled in order would hold), if any. */
function scanRank(members: readonly EntityIdMember[], key: string): string | undefined {
  for (let m = members.length - 1; m >= 0; m--) {
    const member = members[m] as EntityIdMember;
    if (member.key === key) return member.rank ?? member.key;
  }
  return undefined;
}

function defaultNaturalId(key: string, salt: number): string {
  return naturalEntityId(salt === 0 ? key : `${key}\u0000${salt}`);
}

/** Checks {@link assignEntityIds}' input up front, so that a bad member throws before any ID is given. */
function checkEntityIdInput(clusters: unknown, options: unknown): void {
  const fn = 'assignEntityIds';
  if (!Array.isArray(clusters)) throw invalidArgument(fn, 'clusters', 'an array of clusters', clusters);
  checkOptions(options, fn);
  const taken = (options as AssignEntityIdsOptions | undefined)?.isTakenElsewhere;
  if (taken !== undefined && typeof taken !== 'function') throw invalidArgument(fn, 'options.isTakenElsewhere', 'a function', taken);
  const naturalId = (options as AssignEntityIdsOptions | undefined)?.naturalId;
  if (naturalId !== undefined && typeof naturalId !== 'function') throw invalidArgument(fn, 'options.naturalId', 'a function', naturalId);
  for (let c = 0; c < clusters.length; c++) {
    const members: unknown = clusters[c];
    if (!Array.isArray(members) || members.length === 0) throw invalidArgument(fn, `clusters[${c}]`, 'a non-empty array of members', members);
    for (let m = 0; m < members.length; m++) {
      const member: unknown = members[m];
      const at = `clusters[${c}][${m}]`;
      if (typeof member !== 'object' || member === null) throw invalidArgument(fn, at, 'an object', member);
      const { key, rank, previous } = member as Record<string, unknown>;
      if (typeof key !== 'string') throw invalidArgument(fn, `${at}.key`, 'a string', key);
      if (rank !== undefined && typeof rank !== 'string') throw invalidArgument(fn, `${at}.rank`, 'a string', rank);
      if (previous === undefined) continue;
      const p = previous as Record<string, unknown> | null;
      if (typeof p !== 'object' || p === null || typeof p.id !== 'string' || typeof p.anchorKey !== 'string') {
        throw invalidArgument(fn, `${at}.previous`, '{ id, anchorKey } (strings)', previous);
      }
    }
  }
}
