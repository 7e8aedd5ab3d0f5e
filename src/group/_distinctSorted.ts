import { atFloat64 } from '../_internal/at.js';
import { float64Array } from '../_internal/typedArena.js';
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
  return { buffer: float64Array(64), length: 0 };
}

/** Adds one value. */
export function collect(target: DistinctSorted, value: number): void {
  if (target.length === target.buffer.length) {
    const grown = float64Array(target.buffer.length * 2);
    grown.set(target.buffer);
    target.buffer = grown;
  }
  target.buffer[target.length++] = value;
}

/** The collected values sorted ascending without repeats; empties the collector. */
export function takeDistinctSorted(target: DistinctSorted): number[] {
  const buffer = target.buffer;
  const length = target.length;
  target.length = 0;
  // Most lists are a family's or household's few members: insertion sort, no view, no native call.
  if (length > 24) buffer.subarray(0, length).sort();
  else {
    for (let i = 1; i < length; i++) {
      const value = atFloat64(buffer, i);
      let j = i - 1;
      while (j >= 0 && atFloat64(buffer, j) > value) {
        buffer[j + 1] = atFloat64(buffer, j);
        j--;
      }
      buffer[j + 1] = value;
    }
  }
  let distinct = 0;
  for (let i = 0; i < length; i++) if (i === 0 || buffer[i] !== buffer[i - 1]) distinct++;
  const out = new Array<number>(distinct);
  let k = 0;
  for (let i = 0; i < length; i++) if (i === 0 || buffer[i] !== buffer[i - 1]) out[k++] = atFloat64(buffer, i);
  return out;
}
