import * as z from 'zod';
import { checkedLevelSpec } from './checkedLevelSpec.js';
import { damerauLevenshteinDistance } from '../../comparators/damerauLevenshteinDistance.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';

// The restricted (optimal string alignment) distance: 9× faster, and equal to the true one whenever
// the distance is ≤ 1 — the budgets levels use.
const RESTRICTED = { restricted: true } as const;

const schema = z.object({ kind: z.literal('damerau-levenshtein'), maxDistance: z.number().int().min(1).max(16) }).strict();
/** Spec of a Damerau–Levenshtein level. */
export type DamerauLevenshteinLevelSpec = z.infer<typeof schema>;

/**
 * The prepared texts are within `maxDistance` edits (insertions, deletions, substitutions, adjacent
 * transpositions; restricted Damerau–Levenshtein).
 *
 * @example
 * damerauLevenshteinLevel(1) // { kind: 'damerau-levenshtein', maxDistance: 1 }
 */
export function damerauLevenshteinLevel(maxDistance: number): DamerauLevenshteinLevelSpec {
  return checkedLevelSpec(schema, 'damerauLevenshteinLevel', { kind: 'damerau-levenshtein', maxDistance });
}

export const damerauLevenshteinLevelKind: LevelKind<DamerauLevenshteinLevelSpec> = {
  kind: 'damerau-levenshtein',
  schema,
  compile: (spec): ComparisonLevel => {
    const maxDistance = spec.maxDistance;
    return {
      spec,
      label: `≤ ${maxDistance} edit${maxDistance === 1 ? '' : 's'}`,
      isNull: false,
      termFrequency: false,
      test: (column, left, right) =>
        withinEdits(column.valueTexts[column.ids[left] as number] as string, column.valueTexts[column.ids[right] as number] as string, maxDistance),
      assign: assignWithinEdits(maxDistance),
    };
  },
};

function withinEdits(a: string, b: string, maxDistance: number): boolean {
  // A length gap larger than the budget cannot be closed: skip the O(n·m) table.
  if (Math.abs(a.length - b.length) > maxDistance) return false;
  return damerauLevenshteinDistance(a, b, RESTRICTED) <= maxDistance;
}

function assignWithinEdits(maxDistance: number): AssignLevel {
  return (batch, count, level) => {
    const { column, leftIds, rightIds, pending, levels, width, offset } = batch;
    const valueTexts = column.valueTexts;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = pending[i] as number;
      const a = valueTexts[leftIds[p] as number] as string;
      const b = valueTexts[rightIds[p] as number] as string;
      if (withinEdits(a, b, maxDistance)) levels[p * width + offset] = level;
      else pending[kept++] = p;
    }
    return kept;
  };
}
