import { PadanError } from './error.js';
import { redactIdentifiers } from './redact.js';

/**
 * Argument checks for the public entry points: a wrong type is a programmer mistake and throws
 * `PadanError('invalid-argument')` naming the function and the argument, never the value (it may be
 * a NIK, and a hostile value may not even convert to a string).
 */

/** The type of a value for a message: `null`, `array`, `string`, `NaN` …; never the value itself. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === null) return 'object without prototype';
    if (proto !== Object.prototype) {
      const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
      return typeof name === 'string' && /^[A-Za-z0-9_$]{1,40}$/.test(name) ? name : 'object';
    }
  }
  return typeof value;
}

/** The error for an argument of the wrong type or shape. */
export function invalidArgument(fn: string, argument: string, expected: string, value: unknown): PadanError {
  return new PadanError('invalid-argument', `${fn}: ${argument} must be ${expected}, got ${describeType(value)}`);
}

/** Throws unless `value` is a string. */
export function checkString(value: unknown, fn: string, argument: string): asserts value is string {
  if (typeof value !== 'string') throw invalidArgument(fn, argument, 'a string', value);
}

/** Throws unless `value` is a finite number. */
export function checkNumber(value: unknown, fn: string, argument: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidArgument(fn, argument, 'a finite number', value);
}

/** Throws unless `value` is an array. */
export function checkArray(value: unknown, fn: string, argument: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw invalidArgument(fn, argument, 'an array', value);
}

/** Throws unless `value` is an array of strings. */
export function checkStrings(value: unknown, fn: string, argument: string): asserts value is readonly string[] {
  if (!Array.isArray(value)) throw invalidArgument(fn, argument, 'an array of strings', value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') throw invalidArgument(fn, `${argument}[${i}]`, 'a string', value[i]);
  }
}

/** Throws unless `value` is a non-array object (records, specs). */
export function checkObject(value: unknown, fn: string, argument: string): asserts value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument(fn, argument, 'an object', value);
}

/** Throws unless `options` is undefined or a non-array object. */
export function checkOptions(options: unknown, fn: string): asserts options is object | undefined {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw invalidArgument(fn, 'options', 'an object', options);
  }
}

/**
 * The longest string a public comparator takes, in UTF-16 code units. The metrics are quadratic in
 * the worst case; names and addresses are far shorter, and a megabyte "name" would hold the thread for
 * minutes, which no caller wants from a similarity function.
 */
export const MAX_COMPARED_LENGTH = 10_000;

/** Throws unless both operands of a string comparator are strings of a comparable size. */
export function checkComparable(a: unknown, b: unknown, fn: string): void {
  if (typeof a !== 'string') throw invalidArgument(fn, 'the first operand', 'a string', a);
  if (typeof b !== 'string') throw invalidArgument(fn, 'the second operand', 'a string', b);
  if (a.length > MAX_COMPARED_LENGTH || b.length > MAX_COMPARED_LENGTH) {
    throw new PadanError('invalid-argument', `${fn}: operands are limited to ${MAX_COMPARED_LENGTH} code units, got ${Math.max(a.length, b.length)}`);
  }
}

/** Throws unless `options` is absent or an object of `path` (an array), `recordId` (a string) and the function's own `kinds`. */
export function checkIssueContext(options: unknown, fn: string, kinds: OptionKinds = {}): void {
  checkOptionBag(options, fn, { path: 'array', recordId: 'string', ...kinds });
}

/** The most records a stage takes: typed arrays index records with int32. */
export const MAX_RECORD_COUNT = 2 ** 31 - 1;

/** Throws unless `value` is a whole number of records (0 … 2³¹ − 1). */
export function checkRecordCount(value: unknown, fn: string, argument: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_RECORD_COUNT)
    throw invalidArgument(fn, argument, 'a whole number of records', value);
}

/**
 * Throws unless `left` and `right` are Int32Arrays of one length whose every item is a record index
 * below `recordCount` (a pass over the pairs: the stages that take them do far more per pair).
 */
export function checkPairs(left: unknown, right: unknown, recordCount: number, fn: string): asserts left is Int32Array {
  if (!(left instanceof Int32Array)) throw invalidArgument(fn, 'left', 'an Int32Array', left);
  if (!(right instanceof Int32Array)) throw invalidArgument(fn, 'right', 'an Int32Array', right);
  if (left.length !== right.length)
    throw new PadanError('invalid-argument', `${fn}: left and right must be as long as each other, got ${left.length} and ${right.length}`);
  for (let i = 0; i < left.length; i++) {
    const a = left[i] as number;
    const b = right[i] as number;
    if (a < 0 || a >= recordCount || b < 0 || b >= recordCount)
      throw new PadanError('invalid-argument', `${fn}: pair ${i} names a record outside 0 … ${recordCount - 1}`);
  }
}

/** Throws unless `value` is a function or absent. */
export function checkCallback(value: unknown, fn: string, argument: string): void {
  if (value !== undefined && typeof value !== 'function') throw invalidArgument(fn, argument, 'a function', value);
}

/**
 * What one option may hold when it is given (`undefined` always passes: options are optional). A list
 * names the allowed values. Deeper checks (a model, a policy, a range) stay with the function; this
 * one catches unknown keys and wrong types before any work is done.
 */
export type OptionKind =
  'string' | 'number' | 'integer' | 'boolean' | 'function' | 'object' | 'array' | 'strings' | 'any' | readonly (string | number | boolean)[];

/** The options a function takes, by key. */
export type OptionKinds = Readonly<Record<string, OptionKind>>;

/**
 * Throws unless `options` is absent or an object whose every own key is one of `kinds` and holds a
 * value of that kind. An unknown key is `invalid-config`, a wrong type `invalid-argument`; both name the
 * key, redacted (a caller's key may be a NIK) and cut to 60 characters, and never the value.
 *
 * @example
 * checkOptionBag({ minCount: 2, limit: 1 }, 'termFrequenciesOf', { minCount: 'integer' })
 * // throws PadanError [invalid-config]: termFrequenciesOf: unknown option "limit" (known: minCount)
 */
export function checkOptionBag(options: unknown, fn: string, kinds: OptionKinds): void {
  checkOptions(options, fn);
  if (options === undefined) return;
  // A `for … in` loop, not Object.keys: comparators take options on hot paths, and this allocates nothing.
  let unknownKey: string | undefined;
  let wrongKey: string | undefined;
  let wrongValue: unknown;
  try {
    for (const key in options) {
      if (!Object.hasOwn(options, key)) continue;
      const kind = Object.hasOwn(kinds, key) ? kinds[key] : undefined;
      if (kind === undefined) {
        unknownKey = key;
        break;
      }
      if (kind === 'any') continue;
      const value = (options as Record<string, unknown>)[key];
      if (value !== undefined && !holdsKind(kind, value)) {
        wrongKey = key;
        wrongValue = value;
        break;
      }
    }
  } catch {
    // A Proxy whose traps throw, a getter that throws.
    throw invalidArgument(fn, 'options', 'a plain object', options);
  }
  if (unknownKey !== undefined) {
    const known = Object.keys(kinds);
    throw new PadanError('invalid-config', `${fn}: unknown option ${quotedKey(unknownKey)} (known: ${known.length === 0 ? 'none' : known.join(', ')})`);
  }
  if (wrongKey !== undefined) throw invalidArgument(fn, `options.${wrongKey}`, describeKind(kinds[wrongKey] as Exclude<OptionKind, 'any'>), wrongValue);
}

/** Throws unless `options` is absent or an object whose own keys are all in `known` (their values are the function's to check). */
export function checkOptionKeys(options: unknown, fn: string, known: readonly string[]): void {
  const kinds: Record<string, OptionKind> = Object.create(null);
  for (const key of known) kinds[key] = 'any';
  checkOptionBag(options, fn, kinds);
}

function quotedKey(key: string): string {
  const redacted = redactIdentifiers(key);
  // Cut by code point, after redaction, so neither a cut nor JSON's escapes can split an identifier's digits.
  const points = Array.from(redacted.length > 240 ? redacted.slice(0, 240) : redacted);
  return JSON.stringify(points.length > 60 ? `${points.slice(0, 60).join('')}…` : points.join(''));
}

function holdsKind(kind: Exclude<OptionKind, 'any'>, value: unknown): boolean {
  if (typeof kind !== 'string') return kind.includes(value as string);
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && !Number.isNaN(value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'function':
      return typeof value === 'function';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

function describeKind(kind: Exclude<OptionKind, 'any'>): string {
  if (typeof kind !== 'string') return `one of ${kind.map((value) => JSON.stringify(value)).join(', ')}`;
  const names: Record<typeof kind, string> = {
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    function: 'a function',
    object: 'an object',
    array: 'an array',
    strings: 'an array of strings',
  };
  return names[kind];
}
