import * as z from 'zod';
import { checkedLevelSpec, checkLevelOptions } from './checkedLevelSpec.js';
import { describeType } from '../../_internal/arguments.js';
import { PadanError } from '../../_internal/error.js';
import { DISTINCT_NAME_SIGNALS, distinctNameSignal, type DistinctNameSignal } from '../../standardize/distinctNameSignal.js';
import type { PreparedColumn } from '../column.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';
import { claimValues, memoOf } from './claimValues.js';
import { holds, lastPair, remember } from './lastPair.js';
import { holdsPair, pairCache, slotOf, storeInSlot, type PairCache } from './pairCache.js';

const memo = lastPair(0);
// Owner of a comparison's batch values: the signal code of each pair (0: none, i + 1: signal i).
const SIGNAL_CODES = { of: 'distinct-name signal' };

const schema = z
  .object({
    kind: z.literal('distinct-names'),
    signals: z.array(z.enum(DISTINCT_NAME_SIGNALS as unknown as [DistinctNameSignal, ...DistinctNameSignal[]])).min(1),
    label: z.string().optional(),
  })
  .strict();
/** Spec of a distinct-names level. */
export type DistinctNamesLevelSpec = z.infer<typeof schema>;

/**
 * The two names are two people's by one of the given signals (see `distinctNameSignal`): a gendered
 * form, another birth-order name, a twin's name, another father, other given names beside a shared
 * one. Reads the `name` preparer's tokens and the patronymic it keeps after ` / ` in the text.
 *
 * @example
 * distinctNamesLevel(['gendered-form', 'birth-order']) // { kind: 'distinct-names', signals: ['gendered-form', 'birth-order'] }
 */
export function distinctNamesLevel(
  signals: readonly DistinctNameSignal[],
  options: Omit<DistinctNamesLevelSpec, 'kind' | 'signals'> = {},
): DistinctNamesLevelSpec {
  checkLevelOptions(options, 'distinctNamesLevel');
  if (!Array.isArray(signals)) throw new PadanError('invalid-model', `distinctNamesLevel: signals must be an array, got ${describeType(signals)}`);
  return checkedLevelSpec(schema, 'distinctNamesLevel', { kind: 'distinct-names', signals: [...signals], ...options });
}

export const distinctNamesLevelKind: LevelKind<DistinctNamesLevelSpec> = {
  kind: 'distinct-names',
  schema,
  compile: (spec): ComparisonLevel => {
    // Bit c set ⇔ signal code c is accepted.
    const acceptedCodes = spec.signals.reduce((mask, signal) => mask | (1 << (DISTINCT_NAME_SIGNALS.indexOf(signal) + 1)), 0);
    return {
      spec,
      label: spec.label ?? `distinct names: ${spec.signals.join(', ')}`,
      isNull: false,
      termFrequency: false,
      test: (column, left, right) => {
        const code = holds(memo, column, left, right)
          ? memo.value
          : remember(memo, column, left, right, signalCode(column, column.ids[left] as number, column.ids[right] as number));
        return ((acceptedCodes >>> code) & 1) === 1;
      },
      assign: assignSignals(acceptedCodes),
    };
  },
};

function assignSignals(acceptedCodes: number): AssignLevel {
  return (batch, count, level) => {
    claimValues(batch, SIGNAL_CODES, count);
    const cache = memoOf(batch, SIGNAL_CODES, pairCache);
    const { column, leftIds, rightIds, pending, levels, width, offset, values } = batch;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = pending[i] as number;
      let code = values[p] as number;
      if (code !== code) code = values[p] = cachedCode(cache, column, leftIds[p] as number, rightIds[p] as number);
      if (((acceptedCodes >>> code) & 1) === 1) levels[p * width + offset] = level;
      else pending[kept++] = p;
    }
    return kept;
  };
}

function cachedCode(cache: PairCache, column: PreparedColumn, a: number, b: number): number {
  if (a < 0 || b < 0) return 0;
  const slot = slotOf(cache, a, b);
  if (holdsPair(cache, slot, a, b)) return cache.values[slot] as number;
  return storeInSlot(cache, slot, a, b, signalCode(column, a, b));
}

const NO_TOKENS: readonly string[] = [];
/** Separates a standardized name from its patronymic in the `name` preparer's text. */
export const PATRONYMIC_SEPARATOR = ' / ';

/** The signal of two value ids as a code: 0 for none (or a missing side), else its index + 1. */
function signalCode(column: PreparedColumn, a: number, b: number): number {
  if (a < 0 || b < 0 || a === b) return 0;
  const tokensA = column.valueTokens[a];
  const tokensB = column.valueTokens[b];
  if (tokensA === null || tokensA === undefined || tokensB === null || tokensB === undefined) return 0;
  const signal = distinctNameSignal(tokensA, tokensB, patronymicOf(column.valueTexts[a]), patronymicOf(column.valueTexts[b]));
  return signal === null ? 0 : DISTINCT_NAME_SIGNALS.indexOf(signal) + 1;
}

function patronymicOf(text: string | undefined): readonly string[] {
  const at = text === undefined ? -1 : text.indexOf(PATRONYMIC_SEPARATOR);
  return at < 0 ? NO_TOKENS : (text as string).slice(at + PATRONYMIC_SEPARATOR.length).split(' ');
}
