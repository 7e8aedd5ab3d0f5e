/** Items grouped by an int key (counting sort): the items of group g are `items[start[g] .. start[g + 1])`, in input order. */
export interface Grouped {
  readonly start: Int32Array;
  readonly items: Int32Array;
}

/** Groups item ids 0..count-1 by `keyOf(item)` in [0, groups): one pass to count, one to place. */
export function groupByKey(count: number, groups: number, keyOf: (item: number) => number): Grouped {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < count; i++) {
    const key = keyOf(i) + 1;
    start[key] = (start[key] as number) + 1;
  }
  for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
  const fill = start.slice(0, groups);
  const items = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const key = keyOf(i);
    const at = fill[key] as number;
    items[at] = i;
    fill[key] = at + 1;
  }
  return { start, items };
}
