import * as z from 'zod';
import { checkedLevelSpec, checkLevelOptions } from './checkedLevelSpec.js';
import { PadanError } from '../../_internal/error.js';
import { jaroWinklerSimilarity } from '../../comparators/jaroWinklerSimilarity.js';
import type { PreparedColumn } from '../column.js';
import type { ComparisonLevel, LevelKind } from '../level.js';

const schema = z
  .object({
    kind: z.literal('cross-field'),
    /** The other field, read with the comparison's preparer. */
    field: z.string().min(1),
    /**
     * `both` (default): each record's value agrees with the other record's value of `field` — the two
     * columns swapped. `either`: one direction is enough (a value written in the wrong column of one record).
     */
    match: z.enum(['both', 'either']).optional(),
    /** Agree by Jaro–Winkler similarity ≥ this; without it, the prepared texts must be equal. */
    threshold: z.number().gt(0).lte(1).optional(),
    label: z.string().optional(),
  })
  .strict();
/** Spec of a cross-field level. */
export type CrossFieldLevelSpec = z.infer<typeof schema>;

/**
 * A value of the comparison's field against the other record's value of another `field` (prepared
 * the same way): a given name and surname written in each other's columns. Place it after the
 * comparison's own agreement levels; it has no term-frequency adjustment.
 *
 * @example
 * crossFieldLevel('surname') // { kind: 'cross-field', field: 'surname' }
 * // in the given-name comparison: (ANNA, SMITH) against (SMITH, ANNA) lands here, label 'swapped with surname'
 */
export function crossFieldLevel(field: string, options: Omit<CrossFieldLevelSpec, 'kind' | 'field'> = {}): CrossFieldLevelSpec {
  checkLevelOptions(options, 'crossFieldLevel');
  return checkedLevelSpec(schema, 'crossFieldLevel', { kind: 'cross-field', field, ...options });
}

/** Whether value `a` of `column` agrees with value `b` of `other` (ids; -1 is missing and never agrees). */
type Agree = (column: PreparedColumn, a: number, other: PreparedColumn, b: number) => boolean;

const sameText: Agree = (column, a, other, b) => a >= 0 && b >= 0 && column.valueTexts[a] === other.valueTexts[b];

function similarAtLeast(threshold: number): Agree {
  return (column, a, other, b) => a >= 0 && b >= 0 && jaroWinklerSimilarity(column.valueTexts[a] as string, other.valueTexts[b] as string) >= threshold;
}

export const crossFieldLevelKind: LevelKind<CrossFieldLevelSpec> = {
  kind: 'cross-field',
  schema,
  compile: (spec): ComparisonLevel => {
    const agree = spec.threshold === undefined ? sameText : similarAtLeast(spec.threshold);
    const both = spec.match !== 'either';
    const field = spec.field;
    const test = (column: PreparedColumn, left: number, right: number, other?: PreparedColumn | null): boolean => {
      if (other === undefined || other === null) {
        throw new PadanError('invalid-argument', `cross-field level on "${field}": no column for "${field}" (run the level through a compiled model)`);
      }
      const forward = agree(column, column.ids[left] as number, other, other.ids[right] as number);
      if (forward !== both) return forward;
      return agree(column, column.ids[right] as number, other, other.ids[left] as number);
    };
    const similarity = spec.threshold === undefined ? '' : ` (Jaro–Winkler ≥ ${spec.threshold})`;
    return {
      spec,
      label: spec.label ?? `${both ? 'swapped with' : 'matches'} ${field}${similarity}`,
      isNull: false,
      termFrequency: false,
      otherField: field,
      test,
    };
  },
};
