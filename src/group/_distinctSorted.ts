/**
 * Collects ints and hands them back sorted and distinct, through one reusable typed buffer: a typed
 * sort needs no comparator call, and nothing is allocated per list but the result.
 */
export interface DistinctSorted {
  buffer: Float64Array;
  length: number;
}

/** An empty collector. */
export function createDistinctSorted(): DistinctSorted {
  return { buffer: new Float64Array(64), length: 0 };
}

/** Adds one value. */
export function collect(target: DistinctSorted, value: number): void {
  if (target.length === target.buffer.length) {
    const grown = new Float64Array(target.buffer.length * 2);
    grown.set(target.buffer);
    target.buffer = grown;
  }
  target.buffer[target.length++] = value;
}

/** The collected values sorted ascending without repeats; empties the collector. */
export function takeDistinctSorted(target: DistinctSorted): number[] {
  const sorted = target.buffer.subarray(0, target.length).sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i] as number);
  target.length = 0;
  return out;
}
