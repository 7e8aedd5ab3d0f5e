import type { MergeRecord } from './types.js';

/**
 * The mutable scratch state rules work on while one field of one cluster is resolved. Allocated once per
 * cluster and reused for every field, so the hot path creates no per-field arrays or closures.
 */
export interface RuleWorkspace {
  /** The cluster's records in (source, recordId) order. */
  records: readonly MergeRecord[];
  /** The current field's name (`extra.<key>` for caller fields). */
  field: string;
  /** The current field's value per record index. */
  values: unknown[];
  /** The agreement group per record index: equal ids mean equal values after normalisation. */
  groups: number[];
  /** Candidate record indexes still in the running, in record order; only `[0, count)` is meaningful. */
  live: number[];
  count: number;
  /** A score per record index, free for a rule to fill. */
  scores: number[];
}

/** A rule compiled to a function: narrows `live` in place to the best-scored candidates, or leaves it. */
export interface CompiledRule {
  readonly name: string;
  readonly apply: (workspace: RuleWorkspace) => void;
  /** The rule looks only at agreement groups, so once the live candidates all agree it cannot narrow. */
  readonly groupsOnly?: boolean;
}

/** Keeps the live candidates whose `scores` entry is highest (stable, so record order survives). */
export function keepHighestScores(workspace: RuleWorkspace): void {
  const { live, scores } = workspace;
  const count = workspace.count;
  let best = -Infinity;
  for (let i = 0; i < count; i++) {
    const score = scores[live[i]!]!;
    if (score > best) best = score;
  }
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const index = live[i]!;
    if (scores[index] === best) live[kept++] = index;
  }
  workspace.count = kept;
}
