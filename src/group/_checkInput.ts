import { at } from '../_internal/at.js';
import { PadanError } from '../_internal/error.js';
import type { PersonIndex } from './_personIndex.js';
import type { ResolvedPersons } from './familyTypes.js';

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
    const position = at(readOrder, i);
    if (position < 0 || position >= readOrder.length || seen[position] === 1) {
      throw new PadanError('invalid-argument', `${fn}: readOrder must list each record position once (entry ${i} is ${position})`);
    }
    seen[position] = 1;
  }
}

/** Throws unless `index` was built for `persons` (one entry per record): an index of other persons would place records at random. */
export function checkPersonIndex(index: PersonIndex, persons: ResolvedPersons, fn: string): void {
  const n = persons.records.length;
  if (
    typeof index !== 'object' ||
    index === null ||
    !(index.day instanceof Int32Array) ||
    index.day.length !== n ||
    !(index.kk instanceof Int32Array) ||
    index.kk.length !== n
  ) {
    throw new PadanError('invalid-argument', `${fn}: personIndex must be indexPersons' index of these ${n} person records`);
  }
}
