import type * as z from 'zod';
import { describeType } from '../../_internal/arguments.js';
import { PadanError } from '../../_internal/error.js';

/**
 * The spec a level factory built, checked against its kind's schema: an unknown option key
 * (`exactLevel({ then: fn })`) or a value of the wrong type throws here, where the caller wrote it,
 * instead of riding along in the spec (and in the serialized model) until compile time or forever.
 * The spec is returned as built, so its keys keep the order the factory gave them.
 *
 * @example
 * checkedLevelSpec(schema, 'exactLevel', { kind: 'exact', then: () => 1 })
 * // throws PadanError [invalid-model]: exactLevel: unknown option "then"
 */
export function checkedLevelSpec<Spec>(schema: z.ZodType, fn: string, spec: Spec): Spec {
  let parsed: ReturnType<z.ZodType['safeParse']>;
  try {
    parsed = schema.safeParse(spec);
  } catch {
    // zod itself throws on some hostile values (an object whose toString is not a function where a string belongs).
    throw new PadanError('invalid-model', `${fn}: an option has a value of the wrong type`);
  }
  if (parsed.success) return spec;
  const problems: string[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) problems.push(`unknown option "${key}"`);
    // zod's own messages may quote the input; the path and the expected type are enough.
    else problems.push(`${issue.path.map(String).join('.') || 'options'}: ${issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message}`);
  }
  throw new PadanError('invalid-model', `${fn}: ${problems.join('; ')}`, problems);
}

/** Throws unless a factory's options are absent or an object (a string would be spread into its characters). */
export function checkLevelOptions(options: unknown, fn: string): void {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new PadanError('invalid-model', `${fn}: options must be an object, got ${describeType(options)}`);
  }
}
