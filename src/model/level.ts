import type * as z from 'zod';
import type { DayOfYear } from '../comparators/datePlaceholders.js';
import type { PreparedColumn } from './column.js';

/**
 * One comparison level, compiled from its JSON spec. Scoring, training and explanations read only
 * these properties — they never branch on `spec.kind` — so a new level kind is one file plus one line
 * in `levelKinds.ts`.
 */
export interface ComparisonLevel {
  /** The JSON spec the level was compiled from. */
  readonly spec: LevelSpec;
  /** A human-readable label, e.g. `Jaro–Winkler ≥ 0.92`. */
  readonly label: string;
  /** The missing-value level: weight 0, not trained. */
  readonly isNull: boolean;
  /** Apply the term-frequency adjustment when a pair lands here (agreeing on a rare value counts more). */
  readonly termFrequency: boolean;
  /**
   * The level reads prepared values' `number` as a quantity: the comparison's preparer must be one
   * that gives one (`numeric`: `number`, `date`, `birth-date`), or compiling the model fails.
   */
  readonly readsNumbers?: boolean;
  /**
   * Set on a cross-field level: the other field whose values it compares with this comparison's (a
   * given name against the surname, for swapped columns). The model prepares that field with the
   * comparison's preparer and hands its column to `test` and `assign` as `other`. All cross-field
   * levels of one comparison name the same field.
   */
  readonly otherField?: string;
  /**
   * Whether the pair (left, right) satisfies this level. Called only if no earlier level matched.
   * `other`: the column of `otherField` (cross-field levels only).
   */
  readonly test: (column: PreparedColumn, left: number, right: number, other?: PreparedColumn | null) => boolean;
  /**
   * The batch form of `test`, for `comparePairs`: assigns this level to every still-pending pair of a
   * comparison that satisfies it, in one monomorphic loop instead of one indirect call per pair. Must
   * agree with `test` on every pair. Optional: without it, `comparePairs` calls `test` per pair.
   */
  readonly assign?: AssignLevel;
}

/**
 * Of the pairs `batch.pending[0 … count)`, writes `level` to `batch.levels[p * batch.width + batch.offset]`
 * for each pair p that satisfies the level, moves the others to the front of `pending` (keeping their
 * order) and returns how many remain.
 */
export type AssignLevel = (batch: LevelBatch, count: number, level: number) => number;

/**
 * One chunk of pairs on one comparison: what `comparePairs` hands each level's `assign`. Pair indexes
 * (p) count from the chunk's start; `left`, `right` and `levels` are the chunk's slices.
 */
export interface LevelBatch {
  readonly column: PreparedColumn;
  /** The column of the comparison's cross-field levels' `otherField`; null when it has none. */
  readonly other: PreparedColumn | null;
  /** Records of pair p: `left[p]`, `right[p]`. */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /**
   * Value ids of pair p's records, `column.ids[left[p]]` and `column.ids[right[p]]`, read once for all
   * the levels of the comparison: pairs jump about the records, and levels then scan these in order.
   */
  readonly leftIds: Int32Array;
  readonly rightIds: Int32Array;
  /** Indexes of the pairs no level has taken yet, ascending. */
  readonly pending: Int32Array;
  /** The comparison vectors being written: pair p's level is `levels[p * width + offset]`. */
  readonly levels: Uint8Array;
  readonly width: number;
  readonly offset: number;
  /**
   * A value per pair index (a similarity, an outcome code) that one level computed and the following
   * levels of its kind reuse — "≥ 0.94?", then "≥ 0.86?" on the same similarity. NaN where not computed.
   */
  readonly values: Float64Array;
  /** The level kind `values` belong to (see `claimValues`); null before any. */
  owner: object | null;
  /** Level kinds' working memory for the whole comparison — every chunk — by kind (see `memoOf`). */
  readonly memos: Map<object, unknown>;
}

/** The JSON form of a level: `kind` plus the kind's own parameters. */
export interface LevelSpec {
  readonly kind: string;
  readonly [parameter: string]: unknown;
}

/**
 * What a level is compiled for: facts of the comparison's preparer that a level may depend on. A
 * level compiled without one (a test, a tool) assumes none of them.
 */
export interface LevelContext {
  /** Days of the year the preparer's dates use for an unknown birth date (see `Preparer.datePlaceholders`). */
  readonly datePlaceholders?: readonly DayOfYear[];
}

/** What a level kind provides: its parameter schema and the compiler from a valid spec. */
export interface LevelKind<Spec extends LevelSpec = LevelSpec> {
  readonly kind: Spec['kind'];
  readonly schema: z.ZodType<Spec>;
  readonly compile: (spec: Spec, context?: LevelContext) => ComparisonLevel;
}
