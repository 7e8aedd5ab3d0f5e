import { checkOptionBag } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import type { CompiledRule } from './_workspace.js';
import type { CustomRule, MergeCandidate, MergeRecord } from './types.js';

/** Options of `customRule`. */
export interface CustomRuleOptions {
  /** Part of the policy fingerprint: bump it whenever `select` changes behaviour. Default `1`. */
  readonly version?: string;
}

/**
 * A caller-defined rule: `select` gets the remaining candidates (in (source, recordId) order) and returns
 * the ones it prefers; returning none or all passes to the next rule.
 *
 * @example
 * customRule('prefer-p3ke-income', (candidates) => candidates.filter((c) => c.record.source === 'p3ke'))
 * // => { kind: 'custom', name: 'prefer-p3ke-income', version: '1', select: [Function] }
 */
export function customRule<R extends MergeRecord = MergeRecord>(
  name: string,
  select: (candidates: readonly MergeCandidate<R>[], field: string) => readonly MergeCandidate<R>[],
  options?: CustomRuleOptions,
): CustomRule<R> {
  checkOptionBag(options, 'customRule', { version: 'string' });
  return Object.freeze({ kind: 'custom', name, version: options?.version ?? '1', select });
}

/** Compiles the rule once; candidate objects are only built when a custom rule actually runs. */
export function compileCustomRule(rule: CustomRule): CompiledRule {
  const name = `custom:${rule.name}`;
  return {
    name,
    apply(workspace) {
      const { live, records, values } = workspace;
      const count = workspace.count;
      const candidates: MergeCandidate[] = [];
      for (let i = 0; i < count; i++) {
        const index = live[i]!;
        candidates.push({ value: values[index], record: records[index]! });
      }
      const chosen = rule.select(candidates, workspace.field);
      if (chosen.length === 0 || chosen.length === count) return;
      // Keep record order (not the order `select` returned) so the result stays order-free.
      const keep = new Set<MergeCandidate>(chosen);
      for (const candidate of chosen) {
        if (!candidates.includes(candidate)) {
          throw new PadanError('invalid-policy', `custom rule "${rule.name}" returned a candidate it was not given (field ${workspace.field})`);
        }
      }
      let kept = 0;
      for (let i = 0; i < count; i++) if (keep.has(candidates[i]!)) live[kept++] = live[i]!;
      workspace.count = kept;
    },
  };
}
