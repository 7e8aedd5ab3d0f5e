import { checkOptionBag } from '../_internal/arguments.js';
import type { CompiledRule } from './_workspace.js';
import type { MostRecentRule } from './types.js';

/** Options of `mostRecent` (none yet). */
export type MostRecentOptions = Record<string, never>;

/**
 * Prefer the record observed last (`observedAt`).
 *
 * @example
 * mostRecent() // => { kind: 'most-recent' }
 */
export function mostRecent(options?: MostRecentOptions): MostRecentRule {
  checkOptionBag(options, 'mostRecent', {});
  return Object.freeze({ kind: 'most-recent' });
}

/** Compiles the rule once. */
export function compileMostRecent(rule: MostRecentRule): CompiledRule {
  return {
    name: rule.kind,
    apply(workspace) {
      const { live, records } = workspace;
      // ISO dates order as strings; comparing strings avoids parsing a date per candidate.
      let latest = '';
      for (let i = 0; i < workspace.count; i++) {
        const observedAt = records[live[i]!]!.observedAt;
        if (observedAt > latest) latest = observedAt;
      }
      let kept = 0;
      for (let i = 0; i < workspace.count; i++) {
        const index = live[i]!;
        if (records[index]!.observedAt === latest) live[kept++] = index;
      }
      workspace.count = kept;
    },
  };
}
