import { checkObject, checkOptionBag } from '../_internal/arguments.js';
import type { MergePolicy, MergeRecord } from './types.js';

/** Options of `definePolicy` (none yet). */
export type DefinePolicyOptions = Record<string, never>;

function deepFreeze<T>(value: T): T {
  // An explicit stack: a policy nested absurdly deep must not overflow the call stack.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    // Typed arrays cannot be frozen (and hold no nested values): left as they are.
    if (current === null || typeof current !== 'object' || ArrayBuffer.isView(current) || Object.isFrozen(current)) continue;
    Object.freeze(current);
    for (const key of Object.keys(current)) stack.push((current as Record<string, unknown>)[key]);
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
export function definePolicy<R extends MergeRecord>(policy: MergePolicy<R>, options?: DefinePolicyOptions): MergePolicy<R> {
  checkOptionBag(options, 'definePolicy', {});
  checkObject(policy, 'definePolicy', 'policy');
  return deepFreeze(policy);
}
