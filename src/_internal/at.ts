import { PadanError } from './error.js';

// The one idiom for reading an element the compiler cannot prove is there (STYLE.md #15): a checked
// read instead of `values[i] as number`. An index past the end is a bug in the loop that asked, and
// throws here rather than passing `undefined` on as a number. One function per element type keeps
// each call site monomorphic; inlined, the check costs a compare V8 folds into its bounds check.

function outOfRange(index: number, length: number): PadanError {
  return new PadanError('internal', `index ${index} is outside a column of ${length}`);
}

/**
 * The element of an Int32Array at `index`, checked.
 *
 * @example
 * at(Int32Array.of(4, 5), 1) // 5
 * at(Int32Array.of(4, 5), 2) // throws PadanError('internal')
 */
export function at(values: Int32Array, index: number): number {
  const value = values[index];
  if (value === undefined) throw outOfRange(index, values.length);
  return value;
}

/**
 * The element of a Float64Array at `index`, checked.
 *
 * @example
 * atFloat64(Float64Array.of(0.5), 0) // 0.5
 */
export function atFloat64(values: Float64Array, index: number): number {
  const value = values[index];
  if (value === undefined) throw outOfRange(index, values.length);
  return value;
}

/**
 * The element of a Uint8Array at `index`, checked.
 *
 * @example
 * atUint8(Uint8Array.of(1, 4), 1) // 4
 */
export function atUint8(values: Uint8Array, index: number): number {
  const value = values[index];
  if (value === undefined) throw outOfRange(index, values.length);
  return value;
}

/**
 * The item of a list at `index`, checked (a list whose items may be `undefined` is not for this).
 *
 * @example
 * itemAt(['a', 'b'], 0) // 'a'
 */
export function itemAt<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw outOfRange(index, list.length);
  return item;
}
