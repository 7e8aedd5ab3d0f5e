import { invalidArgument } from './arguments.js';
import { PadanError } from './error.js';

/** Throws unless `value` looks like a resolution padan made (the explain functions read its internals). */
export function checkResolution(value: unknown, fn: string): void {
  const resolution = value as { records?: unknown; clusters?: unknown; context?: unknown } | null;
  if (
    typeof value !== 'object' ||
    value === null ||
    !Array.isArray(resolution?.records) ||
    !Array.isArray(resolution?.clusters) ||
    typeof resolution?.context !== 'object'
  ) {
    throw invalidArgument(fn, 'resolution', 'the result of resolvePersons', value);
  }
}

/** Throws unless `index` is an integer in [0, length). */
export function checkIndex(index: unknown, length: number, fn: string, argument: string): asserts index is number {
  if (typeof index !== 'number' || !Number.isInteger(index)) throw invalidArgument(fn, argument, 'an integer', index);
  if (index < 0 || index >= length) throw new PadanError('invalid-argument', `${fn}: no ${argument} ${index} (there are ${length})`);
}
