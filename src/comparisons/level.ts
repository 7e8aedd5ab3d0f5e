import type { z } from 'zod';
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
  /** Whether the pair (left, right) satisfies this level. Called only if no earlier level matched. */
  readonly test: (column: PreparedColumn, left: number, right: number) => boolean;
}

/** The JSON form of a level: `kind` plus the kind's own parameters. */
export interface LevelSpec {
  readonly kind: string;
  readonly [parameter: string]: unknown;
}

/** What a level kind provides: its parameter schema and the compiler from a valid spec. */
export interface LevelKind<Spec extends LevelSpec = LevelSpec> {
  readonly kind: Spec['kind'];
  readonly schema: z.ZodType<Spec>;
  readonly compile: (spec: Spec) => ComparisonLevel;
}
