import type { PersonRecord } from '../schema/person.js';

/**
 * What resolvePersons knows of the order records were given in, kept beside the `readOrder` it
 * returns: the records in that order and the read position of each canonical position. With them the
 * group stage reads records where they sit without a scattered lookup in the canonical list per
 * record, and lays its fields out by canonical position without inverting `readOrder` first.
 */
export interface Reading {
  /** The records in read order: `records[i]` is `resolution.records[readOrder[i]]`. */
  readonly records: readonly PersonRecord[];
  /** The read position of each canonical position (the inverse of `readOrder`). */
  readonly readPositionOf: Int32Array;
}

// Keyed by the readOrder array: a caller's own readOrder has no entry, and the group stage then
// derives both from it.
const readings = new WeakMap<Int32Array, Reading>();

/** Keeps the reading that goes with `readOrder`. */
export function rememberReading(readOrder: Int32Array, reading: Reading): void {
  readings.set(readOrder, reading);
}

/** The reading kept with `readOrder`, if resolvePersons made it and it still fits `count` records. */
export function readingOf(readOrder: Int32Array, count: number): Reading | undefined {
  const reading = readings.get(readOrder);
  return reading !== undefined && reading.records.length === count && reading.readPositionOf.length === count ? reading : undefined;
}
