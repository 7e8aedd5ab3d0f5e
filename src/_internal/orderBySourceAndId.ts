import { sortByText } from './sortByText.js';
import { int32Array } from './typedArena.js';

/**
 * Positions 0..count-1 ordered by (source, id): sources in code-unit order, ids in code-unit order
 * within a source, ties in the order `tieBreak` gives. Records are bucketed by source (few) and each
 * bucket sorted by id with a multikey quicksort: no key string per record, and a million ids sharing
 * long prefixes sort several times faster than with `Array.prototype.sort`.
 *
 * @param sourceRank Source of each position, as an index into `sources`.
 * @example
 * orderBySourceAndId(Int32Array.of(0, 1, 0), ['dtks', 'bpjs'], ['b', 'z', 'a'], (a, b) => a - b) // → [1, 2, 0]
 */
export function orderBySourceAndId(
  sourceRank: Int32Array,
  sources: readonly string[],
  ids: readonly string[],
  tieBreak: (a: number, b: number) => number,
): Int32Array {
  const count = sourceRank.length;
  const order = int32Array(count);
  const sortedSources = sources
    .map((_, rank) => rank)
    .sort((a, b) => ((sources[a] as string) < (sources[b] as string) ? -1 : (sources[a] as string) > (sources[b] as string) ? 1 : 0));
  const size = new Int32Array(sources.length);
  for (let i = 0; i < count; i++) size[sourceRank[i] as number] = (size[sourceRank[i] as number] as number) + 1;
  const bucketStart = new Int32Array(sources.length);
  let at = 0;
  for (const rank of sortedSources) {
    bucketStart[rank] = at;
    at += size[rank] as number;
  }
  // Buckets in source order, positions in input order within each; then each bucket by id.
  const fill = bucketStart.slice();
  for (let i = 0; i < count; i++) {
    const rank = sourceRank[i] as number;
    order[fill[rank] as number] = i;
    fill[rank] = (fill[rank] as number) + 1;
  }
  for (let rank = 0; rank < sources.length; rank++) sortByText(order, ids, bucketStart[rank] as number, fill[rank] as number, tieBreak);
  return order;
}
