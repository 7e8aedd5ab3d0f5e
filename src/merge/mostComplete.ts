import { checkOptionBag } from '../_internal/arguments.js';
import { keepHighestScores, type CompiledRule } from './_workspace.js';
import type { MostCompleteRule } from './types.js';

/** Options of `mostComplete`. */
export interface MostCompleteOptions {
  /**
   * A boolean record field that, when true, says this field's value is a placeholder (e.g.
   * `birthDatePlaceholder`: the 1 July / 31 December dates sources fill in); such a value ranks below
   * every real one.
   */
  readonly placeholderFlag?: string;
}

/**
 * Prefer the most specific value: more filled leaves first, then more characters — so `1980-03-12`
 * beats `1980`, and an address with a village code beats one with only a regency code.
 *
 * @example
 * mostComplete({ placeholderFlag: 'birthDatePlaceholder' })
 * // => { kind: 'most-complete', placeholderFlag: 'birthDatePlaceholder' }
 */
export function mostComplete(options?: MostCompleteOptions): MostCompleteRule {
  checkOptionBag(options, 'mostComplete', { placeholderFlag: 'string' });
  return options?.placeholderFlag === undefined
    ? Object.freeze({ kind: 'most-complete' })
    : Object.freeze({ kind: 'most-complete', placeholderFlag: options.placeholderFlag });
}

const LEAF_WEIGHT = 1_000_000;

/**
 * Specificity of a value as one number: filled leaves × 10⁶ + characters. Leaves dominate so a long
 * free-text address does not outrank a structured one with more parts.
 */
export function completenessScore(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') {
    const length = value.trim().length;
    return length === 0 ? 0 : LEAF_WEIGHT + Math.min(length, LEAF_WEIGHT - 1);
  }
  if (typeof value !== 'object') return LEAF_WEIGHT + 1;
  let score = 0;
  if (Array.isArray(value)) {
    for (const item of value) score += completenessScore(item);
  } else {
    for (const key in value) score += completenessScore((value as Record<string, unknown>)[key]);
  }
  return score;
}

/** Compiles the rule once. */
export function compileMostComplete(rule: MostCompleteRule): CompiledRule {
  const flag = rule.placeholderFlag;
  return {
    name: rule.kind,
    apply(workspace) {
      const { live, records, values, scores } = workspace;
      for (let i = 0; i < workspace.count; i++) {
        const index = live[i]!;
        const isPlaceholder = flag !== undefined && (records[index] as unknown as Record<string, unknown>)[flag] === true;
        // Half a point: above "no value", below any real value.
        scores[index] = isPlaceholder ? 0.5 : completenessScore(values[index]);
      }
      keepHighestScores(workspace);
    },
  };
}
