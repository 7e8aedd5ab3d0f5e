/**
 * What a record may carry in `extra`: JSON data, and only as much of it as later stages can handle.
 * Private to `src/schema`; the fast paths and the zod schemas both ask it, so they agree.
 *
 * Why: `extra` is kept as given, and a record's `extra` goes into the store, its snapshot (JSON) and the
 * CLI's output files. A bigint, a cycle or a nest thousands deep there was accepted at validation and
 * made a later `JSON.stringify` throw an untyped TypeError / RangeError, long after the record was read.
 */

/** How deep containers may nest below `extra` (`extra.a` is depth 1). Deeper ones are dropped. */
export const EXTRA_MAX_DEPTH = 32;
/** How many values (containers and leaves) one record's `extra` may hold in all. */
export const EXTRA_MAX_VALUES = 100_000;

/** One value that cannot be kept: where it is (below `extra`) and what it is, for the warning. */
export interface JsonProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** What a leaf is when it is not JSON data, or `undefined` when it is (or is a container). */
function leafProblem(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${String(value)} is not a JSON number`;
    case 'bigint':
      return 'a bigint is not JSON data';
    case 'function':
      return 'a function is not JSON data';
    case 'symbol':
      return 'a symbol is not JSON data';
    case 'undefined':
      return 'undefined is not JSON data';
    default:
      if (value === null) return undefined;
      if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype ? undefined : 'an array subclass is not JSON data';
      {
        const proto = Object.getPrototypeOf(value) as unknown;
        if (proto === Object.prototype || proto === null) return undefined;
      }
      return `a ${(value as object).constructor?.name ?? 'non-plain'} object is not JSON data`;
  }
}

/**
 * The values of `extra` (an own-keys object) that cannot be kept, outermost first: non-JSON leaves
 * (bigint, function, symbol, `undefined`, NaN / ±Infinity), objects that are not plain (Date, Map, class
 * instances, typed arrays), references to an enclosing object (a cycle), containers deeper than
 * `EXTRA_MAX_DEPTH`, and a top-level value whose size would take the whole past `EXTRA_MAX_VALUES`.
 * The walk never recurses and stops at the limits, so it is bounded whatever it is given.
 *
 * @example
 * jsonProblems({ a: 1, b: 10n, c: { d: [1, NaN] } })
 * // → [{ path: ['b'], message: 'a bigint is not JSON data' }, { path: ['c', 'd', 1], message: 'NaN is not a JSON number' }]
 */
export function jsonProblems(extra: object): JsonProblem[] {
  const problems: JsonProblem[] = [];
  let budget = EXTRA_MAX_VALUES;
  for (const key in extra) {
    if (!Object.prototype.hasOwnProperty.call(extra, key)) continue;
    const value = (extra as Record<string, unknown>)[key];
    // Most extras are flat (a CSV's unknown columns): a leaf needs no walk.
    if (typeof value !== 'object' || value === null) {
      const problem = leafProblem(value);
      if (problem !== undefined) problems.push({ path: [key], message: problem });
      else if (--budget < 0) problems.push({ path: [key], message: `is past the first ${EXTRA_MAX_VALUES} values of extra` });
      continue;
    }
    const before = problems.length;
    const spent = walk(value, key, extra, budget, problems);
    if (spent > budget) {
      problems.length = before;
      problems.push({ path: [key], message: `holds more than ${EXTRA_MAX_VALUES} values in all` });
      // What it held does not count: it is dropped.
      continue;
    }
    budget -= spent;
  }
  return problems;
}

/** Whether a value is JSON data within the limits (a dropped field's raw value is kept only then). */
export function isJsonData(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return leafProblem(value) === undefined;
  return jsonProblems({ value }).length === 0;
}

/**
 * Walks one top-level value of `extra` depth-first in key order, adding its problems; returns how many
 * values it visited (more than `budget` means it stopped there). `root` is `extra` itself, an ancestor
 * of everything.
 */
function walk(value: unknown, key: string, root: object, budget: number, problems: JsonProblem[]): number {
  // Explicit stacks: a value, its path, its depth; and the ancestors of the current value (for cycles).
  const values: unknown[] = [value];
  const paths: (string | number)[][] = [[key]];
  const depths: number[] = [1];
  const ancestors: object[] = [root];
  const ancestorDepths: number[] = [0];
  let visited = 0;
  while (values.length > 0) {
    const current = values.pop();
    const path = paths.pop() as (string | number)[];
    const depth = depths.pop() as number;
    if (++visited > budget) return visited;
    // Leave the ancestors that are not above this value.
    while (ancestorDepths.length > 0 && (ancestorDepths[ancestorDepths.length - 1] as number) >= depth) {
      ancestors.pop();
      ancestorDepths.pop();
    }
    const problem = leafProblem(current);
    if (problem !== undefined) {
      problems.push({ path, message: problem });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (ancestors.includes(current)) {
      problems.push({ path, message: 'a reference to an object that contains it (a cycle) is not JSON data' });
      continue;
    }
    if (depth > EXTRA_MAX_DEPTH) {
      problems.push({ path, message: `nested more than ${EXTRA_MAX_DEPTH} levels deep` });
      continue;
    }
    const children = Array.isArray(current) ? current.length : Object.keys(current).length;
    // Past the budget before anything is pushed: a list of ten million items is not copied onto the stack.
    if (visited + values.length + children > budget) return budget + 1;
    ancestors.push(current);
    ancestorDepths.push(depth);
    // Pushed in reverse so that they come off the stack in key order (problems outermost and in order).
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) {
        values.push(current[i]);
        paths.push([...path, i]);
        depths.push(depth + 1);
      }
    } else {
      const keys = Object.keys(current);
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const name = keys[i] as string;
        values.push((current as Record<string, unknown>)[name]);
        paths.push([...path, name]);
        depths.push(depth + 1);
      }
    }
  }
  return visited;
}
