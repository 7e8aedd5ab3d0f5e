import { PadanError } from '../_internal/error.js';
import type { ResolvedPersons } from './groupFamilies.js';

/** Throws unless `persons` looks like a person resolution. */
export function checkResolvedPersons(persons: ResolvedPersons, fn: string): void {
  if (typeof persons !== 'object' || persons === null || !Array.isArray(persons.records) || !Array.isArray(persons.clusters)) {
    throw new PadanError('invalid-argument', `${fn}: expected the result of resolvePersons`);
  }
  if (!(persons.clusterOf instanceof Int32Array) || persons.clusterOf.length !== persons.records.length) {
    throw new PadanError('invalid-argument', `${fn}: clusterOf must be an Int32Array with one entry per record`);
  }
  const { readOrder } = persons;
  if (readOrder === undefined) return;
  if (!(readOrder instanceof Int32Array) || readOrder.length !== persons.records.length) {
    throw new PadanError('invalid-argument', `${fn}: readOrder must be an Int32Array with one entry per record`);
  }
  // A permutation: each position once (a repeated one would leave a record unread).
  const seen = new Uint8Array(readOrder.length);
  for (let i = 0; i < readOrder.length; i++) {
    const position = readOrder[i] as number;
    if (position < 0 || position >= readOrder.length || seen[position] === 1) {
      throw new PadanError('invalid-argument', `${fn}: readOrder must list each record position once (entry ${i} is ${position})`);
    }
    seen[position] = 1;
  }
}
