import { checkOptionBag, checkStrings } from '../_internal/arguments.js';
import { keepHighestScores, type CompiledRule } from './_workspace.js';
import type { SourcePriorityRule } from './types.js';

/** Options of `sourcePriority` (none yet; kept so options can be added without breaking callers). */
export type SourcePriorityOptions = Record<string, never>;

/**
 * Prefer records from the earliest listed source; sources not listed rank after every listed one.
 *
 * @example
 * sourcePriority(['dukcapil', 'regsosek'])
 * // => { kind: 'source-priority', sources: ['dukcapil', 'regsosek'] }
 */
export function sourcePriority(sources: readonly string[], options?: SourcePriorityOptions): SourcePriorityRule {
  checkOptionBag(options, 'sourcePriority', {});
  checkStrings(sources, 'sourcePriority', 'sources');
  return Object.freeze({ kind: 'source-priority', sources: Object.freeze([...sources]) });
}

/** Compiles the rule once: a rank table, so applying it is a lookup per candidate. */
export function compileSourcePriority(rule: SourcePriorityRule): CompiledRule {
  const rank = new Map<string, number>();
  rule.sources.forEach((source, index) => rank.set(source, rule.sources.length - index));
  return {
    name: rule.kind,
    apply(workspace) {
      const { live, records, scores } = workspace;
      for (let i = 0; i < workspace.count; i++) {
        const index = live[i]!;
        scores[index] = rank.get(records[index]!.source) ?? 0;
      }
      keepHighestScores(workspace);
    },
  };
}
