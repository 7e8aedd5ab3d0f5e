import { checkOptionBag } from '../_internal/arguments.js';
import { keepHighestScores, type CompiledRule } from './_workspace.js';
import type { MostFrequentRule } from './types.js';

/** Options of `mostFrequent` (none yet). */
export type MostFrequentOptions = Record<string, never>;

/**
 * Prefer the value most of the remaining records agree on (after the field's normalisation).
 *
 * @example
 * mostFrequent() // => { kind: 'most-frequent' }
 */
export function mostFrequent(options?: MostFrequentOptions): MostFrequentRule {
  checkOptionBag(options, 'mostFrequent', {});
  return Object.freeze({ kind: 'most-frequent' });
}

/** Compiles the rule once. */
export function compileMostFrequent(rule: MostFrequentRule): CompiledRule {
  return {
    name: rule.kind,
    groupsOnly: true,
    apply(workspace) {
      const { live, groups, scores } = workspace;
      const count = workspace.count;
      // Clusters are small (a handful of records), so a quadratic count beats allocating a map.
      for (let i = 0; i < count; i++) {
        const group = groups[live[i]!];
        let same = 0;
        for (let j = 0; j < count; j++) if (groups[live[j]!] === group) same++;
        scores[live[i]!] = same;
      }
      keepHighestScores(workspace);
    },
  };
}
