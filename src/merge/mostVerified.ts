import { checkOptionBag } from '../_internal/arguments.js';
import { keepHighestScores, type CompiledRule } from './_workspace.js';
import { VERIFICATION_LEVELS, type MostVerifiedRule } from './types.js';

/** Options of `mostVerified` (none yet). */
export type MostVerifiedOptions = Record<string, never>;

/**
 * Prefer the highest formal-channel verification level (village < district < regency < province <
 * national); records from other channels rank below every verified one.
 *
 * @example
 * mostVerified() // => { kind: 'most-verified' }
 */
export function mostVerified(options?: MostVerifiedOptions): MostVerifiedRule {
  checkOptionBag(options, 'mostVerified', {});
  return Object.freeze({ kind: 'most-verified' });
}

const LEVEL_RANK: ReadonlyMap<string, number> = new Map(VERIFICATION_LEVELS.map((level, index) => [level, index + 1]));

/** Compiles the rule once. */
export function compileMostVerified(rule: MostVerifiedRule): CompiledRule {
  return {
    name: rule.kind,
    apply(workspace) {
      const { live, records, scores } = workspace;
      for (let i = 0; i < workspace.count; i++) {
        const index = live[i]!;
        const channel = records[index]!.channel;
        scores[index] = channel.kind === 'formal' ? (LEVEL_RANK.get(channel.verificationLevel) ?? 0) : 0;
      }
      keepHighestScores(workspace);
    },
  };
}
