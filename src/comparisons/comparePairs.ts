import { checkCompiledList } from '../model/compiledMark.js';
import { checkColumns } from '../model/column.js';
import { checkCallback, checkPairs, invalidArgument, MAX_RECORD_COUNT } from '../_internal/arguments.js';
import type { PreparedColumn } from '../model/column.js';
import type { ComparisonLevel, LevelBatch } from '../model/level.js';
import type { CompiledComparison } from '../model/compileModel.js';
import { PadanError } from '../_internal/error.js';
import type { ProgressCallback } from '../_internal/progress.js';
import { uint8Array } from '../_internal/typedArena.js';

/**
 * The comparison vectors of many pairs: for pair p and comparison c, the index of the first level that
 * holds is `levels[p * comparisons + c]`.
 */
export interface ComparisonVectors {
  readonly comparisons: number;
  readonly count: number;
  readonly levels: Uint8Array;
}

/**
 * Throws unless `vectors` is what `comparePairs` returned for these comparisons and `count` pairs:
 * one level per pair and comparison, each a level the comparison has.
 */
export function checkVectors(vectors: unknown, comparisons: readonly CompiledComparison[], count: number, fn: string): asserts vectors is ComparisonVectors {
  if (typeof vectors !== 'object' || vectors === null) throw invalidArgument(fn, 'vectors', 'the comparison vectors comparePairs returns', vectors);
  const { levels, comparisons: width, count: pairs } = vectors as Partial<ComparisonVectors>;
  if (!(levels instanceof Uint8Array) || width !== comparisons.length || pairs !== count || levels.length !== count * width) {
    throw new PadanError(
      'invalid-argument',
      `${fn}: vectors must hold one level per pair (${count}) and comparison (${comparisons.length}), as comparePairs returns them`,
    );
  }
  for (let c = 0; c < width; c++) {
    const levelCount = (comparisons[c] as CompiledComparison).levels.length;
    for (let p = 0; p < count; p++) {
      if ((levels[p * width + c] as number) >= levelCount)
        throw new PadanError('invalid-argument', `${fn}: vectors gives pair ${p} a level comparison ${c} does not have`);
    }
  }
}

/** The level index of one comparison for one pair; `other` is the column of its cross-field levels (see {@link otherColumnOf}). */
export function levelOf(comparison: CompiledComparison, column: PreparedColumn, left: number, right: number, other: PreparedColumn | null = null): number {
  const levels = comparison.levels;
  for (let l = 0; l < levels.length; l++) {
    if ((levels[l] as ComparisonLevel).test(column, left, right, other)) return l;
  }
  return levels.length - 1;
}

/** The column a comparison's cross-field levels compare against, or null when it has none. */
export function otherColumnOf(comparison: CompiledComparison, columns: ReadonlyMap<string, PreparedColumn>): PreparedColumn | null {
  if (comparison.otherColumn === undefined) return null;
  const other = columns.get(comparison.otherColumn);
  if (other === undefined)
    throw new PadanError(
      'invalid-argument',
      `comparison "${comparison.name}": no prepared column "${comparison.otherColumn}" (prepare every column of the compiled model)`,
    );
  return other;
}

// Pairs per chunk: a chunk's working arrays (pending pairs, their values) stay in L2 cache while the
// levels of a comparison pass over them.
const CHUNK_PAIRS = 1 << 14;

/**
 * Compares every pair on every comparison. Comparison by comparison — one column's arrays stay in
 * cache while pairs jump about its records — then chunk by chunk of pairs, each level takes, in its
 * own monomorphic loop (`assign`), the still-pending pairs it holds for; a similarity is computed once
 * per pair and reused by the levels after it. Levels without `assign` are tried per pair with `test`;
 * the result is the same either way. `onProgress` hears of pair comparisons done (pairs × comparisons)
 * after each chunk.
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
  onProgress?: ProgressCallback,
): ComparisonVectors {
  checkCompiledList(comparisons, 'comparePairs', 'comparisons', 'comparisons');
  const needed = comparisons.flatMap((comparison) =>
    comparison.otherColumn === undefined ? [comparison.column] : [comparison.column, comparison.otherColumn],
  );
  checkColumns(columns, needed, 0, 'comparePairs');
  // Every pair must name records the columns hold (the shortest column bounds them).
  let records = MAX_RECORD_COUNT;
  for (const key of needed) records = Math.min(records, (columns.get(key) as PreparedColumn).ids.length);
  checkPairs(left, right, records, 'comparePairs');
  checkCallback(onProgress, 'comparePairs', 'onProgress');
  const count = left.length;
  const width = comparisons.length;
  const levels = uint8Array(count * width);
  const pending = new Int32Array(Math.min(count, CHUNK_PAIRS));
  const values = new Float64Array(Math.min(count, CHUNK_PAIRS));
  const leftIds = new Int32Array(Math.min(count, CHUNK_PAIRS));
  const rightIds = new Int32Array(Math.min(count, CHUNK_PAIRS));
  for (let c = 0; c < width; c++) {
    const comparison = comparisons[c] as CompiledComparison;
    const column = columns.get(comparison.column) as PreparedColumn;
    const other = otherColumnOf(comparison, columns);
    const last = comparison.levels.length - 1;
    const ids = column.ids;
    // Level kinds' memory (caches by pair of values) lasts the whole comparison, across chunks.
    const memos = new Map<object, unknown>();
    for (let start = 0; start < count; start += CHUNK_PAIRS) {
      const end = Math.min(count, start + CHUNK_PAIRS);
      const chunkLevels = levels.subarray(start * width, end * width);
      const chunkLeft = left.subarray(start, end);
      const chunkRight = right.subarray(start, end);
      // Every pair starts at the last level (else); a level that takes it overwrites that.
      for (let p = 0; p < end - start; p++) {
        leftIds[p] = ids[chunkLeft[p] as number] as number;
        rightIds[p] = ids[chunkRight[p] as number] as number;
        pending[p] = p;
        chunkLevels[p * width + c] = last;
      }
      const batch: LevelBatch = {
        column,
        other,
        left: chunkLeft,
        right: chunkRight,
        leftIds,
        rightIds,
        pending,
        levels: chunkLevels,
        width,
        offset: c,
        values,
        owner: null,
        memos,
      };
      assignLevels(comparison.levels, batch, end - start);
      onProgress?.(c * count + end, width * count);
    }
  }
  if (count === 0 || width === 0) onProgress?.(0, 0);
  return { comparisons: width, count, levels };
}

/** Runs a comparison's levels but the last over a batch's `count` pairs, all pending; the last takes what is left. */
function assignLevels(comparisonLevels: readonly ComparisonLevel[], batch: LevelBatch, count: number): void {
  let remaining = count;
  const last = comparisonLevels.length - 1;
  for (let l = 0; l < last && remaining > 0; l++) {
    const level = comparisonLevels[l] as ComparisonLevel;
    remaining = level.assign === undefined ? assignByTest(level.test, batch, remaining, l) : level.assign(batch, remaining, l);
  }
}

/** `assign` for a level that provides only `test`: one call per pending pair. */
function assignByTest(test: ComparisonLevel['test'], batch: LevelBatch, count: number, level: number): number {
  const { column, other, left, right, pending, levels, width, offset } = batch;
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const p = pending[i] as number;
    if (test(column, left[p] as number, right[p] as number, other)) levels[p * width + offset] = level;
    else pending[kept++] = p;
  }
  return kept;
}
