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
}
