/**
 * The mark `compileModel` leaves on what it builds (the model, its column sources, comparisons and
 * blocking rules), so that the public stage functions (`prepareColumns`, `blockRecords`,
 * `comparePairs`, `scorePairs`, `trainModel`, `weightTable`) can refuse, with a typed error, an object
 * that only looks like one: their loops trust its levels, readers and transforms. The mark is a
 * non-enumerable symbol property of the value itself (not a registry on the side): copies made by
 * spreading lose it, JSON and equality in tests do not see it.
 */
import { describeType } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';

const COMPILED = Symbol('padan.compiled');

/** Marks a value `compileModel` built; returns it. */
export function markCompiled<T extends object>(piece: T): T {
  Object.defineProperty(piece, COMPILED, { value: true });
  return piece;
}

/** Whether a value carries `compileModel`'s mark. */
export function isCompiled(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [COMPILED]?: unknown })[COMPILED] === true;
}

/** Throws unless `value` is a list whose every item `compileModel` built (`what`: 'blocking rules' …). */
export function checkCompiledList(value: unknown, fn: string, argument: string, what: string): void {
  if (!Array.isArray(value))
    throw new PadanError('invalid-argument', `${fn}: ${argument} must be an array of ${what} from compileModel, got ${describeType(value)}`);
  for (let i = 0; i < value.length; i++) {
    if (!isCompiled(value[i]))
      throw new PadanError('invalid-argument', `${fn}: ${argument}[${i}] must be one of the ${what} compileModel returns, got ${describeType(value[i])}`);
  }
}

/** Throws unless `value` is a model `compileModel` returned. */
export function checkCompiledModel(value: unknown, fn: string, argument = 'compiled'): void {
  if (!isCompiled(value)) throw new PadanError('invalid-argument', `${fn}: ${argument} must be what compileModel returns, got ${describeType(value)}`);
}
