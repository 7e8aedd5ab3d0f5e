import * as z from 'zod';
import { checkedLevelSpec } from './checkedLevelSpec.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';

const schema = z.object({ kind: z.literal('numeric-difference'), maxDifference: z.number().nonnegative() }).strict();
/** Spec of a numeric-difference level. */
export type NumericDifferenceLevelSpec = z.infer<typeof schema>;

/**
 * The numeric forms differ by at most `maxDifference` (ages, floor areas, years as yyyy0000 …).
 *
 * @example
 * numericDifferenceLevel(5) // { kind: 'numeric-difference', maxDifference: 5 }
 */
export function numericDifferenceLevel(maxDifference: number): NumericDifferenceLevelSpec {
  return checkedLevelSpec(schema, 'numericDifferenceLevel', { kind: 'numeric-difference', maxDifference });
}

export const numericDifferenceLevelKind: LevelKind<NumericDifferenceLevelSpec> = {
  kind: 'numeric-difference',
  schema,
  compile: (spec): ComparisonLevel => {
    const maxDifference = spec.maxDifference;
    return {
      spec,
      label: `within ${maxDifference}`,
      isNull: false,
      readsNumbers: true,
      termFrequency: false,
      test: (column, left, right) => Math.abs((column.numbers[left] as number) - (column.numbers[right] as number)) <= maxDifference,
      assign: assignWithin(maxDifference),
    };
  },
};

function assignWithin(maxDifference: number): AssignLevel {
  return (batch, count, level) => {
    const { column, left, right, pending, levels, width, offset } = batch;
    const numbers = column.numbers;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = pending[i] as number;
      if (Math.abs((numbers[left[p] as number] as number) - (numbers[right[p] as number] as number)) <= maxDifference) {
        levels[p * width + offset] = level;
      } else {
        pending[kept++] = p;
      }
    }
    return kept;
  };
}
