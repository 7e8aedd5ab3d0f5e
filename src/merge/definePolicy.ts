import type { MergePolicy, MergeRecord } from './types.js';

/** Options of `definePolicy` (none yet). */
export type DefinePolicyOptions = Record<string, never>;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Declares a merge policy for a record type: the compiler checks field names and custom rules against
 * `R`, and the result is deep-frozen so a shared policy cannot be changed behind a compiled one's back.
 * (Validation proper happens in `compilePolicy`.)
 *
 * @example
 * const policy = definePolicy<PersonRecord>({
 *   ...dtsenPersonPolicy,
 *   version: '2026.1-kemensos.1',
 *   fields: { ...dtsenPersonPolicy.fields, address: { rules: [sourcePriority(['dtks']), mostRecent()] } },
 * });
 * // => the DTSEN person policy with DTKS deciding addresses; `fields: { adress: … }` fails to compile
 */
export function definePolicy<R extends MergeRecord>(policy: MergePolicy<R>, _options?: DefinePolicyOptions): MergePolicy<R> {
  return deepFreeze(policy);
}
