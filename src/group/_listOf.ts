import { at } from '../_internal/at.js';
/**
 * Items `[from, to)` of a typed column as a plain array of exactly that length, filled in place: a few
 * times cheaper than pushing the whole column into one plain array to slice lists from, whose growth
 * at a million items is tens of megabytes of garbage (in the old generation, so it hastens a full
 * collection).
 */
export function listOf(values: Int32Array, from: number, to: number): number[] {
  const length = to - from;
  // Past this length `new Array(length)` would be a dictionary (a pathological list, never a family's).
  if (length > 16_384) {
    const list: number[] = [];
    for (let k = from; k < to; k++) list.push(at(values, k));
    return list;
  }
  const list = new Array<number>(length);
  for (let k = 0; k < length; k++) list[k] = at(values, from + k);
  return list;
}
