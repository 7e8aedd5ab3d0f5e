import type { PreparedColumn } from '../comparisons/column.js';
import type { CompiledComparison } from './compileModel.js';

/**
 * The comparison vectors of many pairs: for pair p and comparison c, the index of the first level that
 * holds is `levels[p * comparisons + c]`.
 */
export interface ComparisonVectors {
  readonly comparisons: number;
  readonly count: number;
  readonly levels: Uint8Array;
}

/** The level index of one comparison for one pair. */
export function levelOf(comparison: CompiledComparison, column: PreparedColumn, left: number, right: number): number {
  const levels = comparison.levels;
  for (let l = 0; l < levels.length; l++) {
    if ((levels[l] as CompiledComparison['levels'][number]).test(column, left, right)) return l;
  }
  return levels.length - 1;
}

/**
 * Compares every pair on every comparison. Loops comparison-outer, pair-inner so that each level's
 * test function stays monomorphic and its column stays hot in cache.
 *
 * @example
 * const vectors = comparePairs(compiled.comparisons, columns, pairs.left, pairs.right);
 * vectors.levels[0] // the first pair's level on the first comparison
 */
export function comparePairs(
  comparisons: readonly CompiledComparison[],
  columns: ReadonlyMap<string, PreparedColumn>,
  left: Int32Array,
  right: Int32Array,
): ComparisonVectors {
  const count = left.length;
  const width = comparisons.length;
  const levels = new Uint8Array(count * width);
  for (let c = 0; c < width; c++) {
    const comparison = comparisons[c] as CompiledComparison;
    const column = columns.get(comparison.column) as PreparedColumn;
    const tests = comparison.levels.map((level) => level.test);
    const last = tests.length - 1;
    for (let p = 0; p < count; p++) {
      const a = left[p] as number;
      const b = right[p] as number;
      let l = 0;
      while (l < last && !(tests[l] as (typeof tests)[number])(column, a, b)) l++;
      levels[p * width + c] = l;
    }
  }
  return { comparisons: width, count, levels };
}
