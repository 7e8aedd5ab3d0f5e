import { at } from '../_internal/at.js';
import { int32Array } from '../_internal/typedArena.js';
/** Items grouped by an int key (counting sort): the items of group g are `items[start[g] .. start[g + 1])`, in input order. */
export interface Grouped {
  readonly start: Int32Array;
  readonly items: Int32Array;
}

/**
 * Groups items 0..count-1 by `keys[item]` in [0, groups); items with a negative key are left out.
 * One pass to count, one to place, reading the keys from a typed column (no callback per item).
 */
export function groupByKey(keys: Int32Array, count: number, groups: number): Grouped {
  const start = int32Array(groups + 1);
  for (let i = 0; i < count; i++) {
    const key = at(keys, i);
    if (key >= 0) start[key + 1] = at(start, key + 1) + 1;
  }
  for (let g = 0; g < groups; g++) start[g + 1] = at(start, g + 1) + at(start, g);
  // From the arena too: `slice` would allocate outside it.
  const fill = int32Array(groups);
  fill.set(start.subarray(0, groups));
  const items = int32Array(at(start, groups));
  for (let i = 0; i < count; i++) {
    const key = at(keys, i);
    if (key < 0) continue;
    const slot = at(fill, key);
    items[slot] = i;
    fill[key] = slot + 1;
  }
  return { start, items };
}
