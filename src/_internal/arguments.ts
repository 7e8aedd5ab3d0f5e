import { PadanError } from './error.js';

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

/** Throws unless `options` is absent or an object whose `path` (an array) and `recordId` (a string) are well typed. */
export function checkIssueContext(options: unknown, fn: string): void {
  checkOptions(options, fn);
  if (options === undefined) return;
  const { path, recordId } = options as { path?: unknown; recordId?: unknown };
  if (path !== undefined && !Array.isArray(path)) throw invalidArgument(fn, 'options.path', 'an array', path);
  if (recordId !== undefined && typeof recordId !== 'string') throw invalidArgument(fn, 'options.recordId', 'a string', recordId);
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

/** Throws unless `options` is absent or an object whose own keys are all in `known` (the unknown one is named, redacted). */
export function checkOptionKeys(options: unknown, fn: string, known: readonly string[]): void {
  checkOptions(options, fn);
  if (options === undefined) return;
  for (const key in options) {
    if (Object.prototype.hasOwnProperty.call(options, key) && !known.includes(key))
      throw new PadanError('invalid-config', `${fn}: unknown option "${key}" (known: ${known.join(', ')})`);
  }
}
