import { checkOptions, checkStrings } from '../../_internal/arguments.js';
import { checkedLevelSpec } from './checkedLevelSpec.js';
import * as z from 'zod';
import { compareNik, NIK_COMPARISON_LEVELS, nikDiffersOnlyInSerial, type NikComparisonLevel } from '../../comparators/compareNik.js';
import { textAt, type PreparedColumn } from '../column.js';
import type { AssignLevel, ComparisonLevel, LevelKind } from '../level.js';
import { claimValues } from './claimValues.js';
import { hasFlags } from './hasFlags.js';
import { holds, lastPair, remember } from './lastPair.js';

const memo = lastPair<NikComparisonLevel>('missing');
// Owner of a comparison's batch values: the outcome code (index in NIK_COMPARISON_LEVELS) of each pair.
const OUTCOME_CODES = { of: 'nik outcome' };
const MISSING = NIK_COMPARISON_LEVELS.indexOf('missing');
const DIFFERENT = NIK_COMPARISON_LEVELS.indexOf('different');

const nikOutcome = z.enum(NIK_COMPARISON_LEVELS as unknown as [NikComparisonLevel, ...NikComparisonLevel[]]);
const schema = z
  .object({
    kind: z.literal('nik'),
    outcomes: z.array(nikOutcome).min(1),
    /** Both records must carry these preparer flag bits (e.g. each NIK agrees with its own record). */
    requireFlags: z.number().int().min(1).max(255).optional(),
    /** Both records must carry at least one of these preparer flag bits. */
    requireAnyFlags: z.number().int().min(1).max(255).optional(),
    /**
     * Where the differing digits may be: `serial` — only in the last 4 (same district, birth date and
     * sex: twins or siblings when both NIKs agree with their records); `region-or-birth` — at least one
     * in the first 12. Default: anywhere.
     */
    within: z.enum(['serial', 'region-or-birth']).optional(),
    label: z.string().optional(),
  })
  .strict();
/** Spec of a NIK level. */
export type NikLevelSpec = z.infer<typeof schema>;

/**
 * The two 16-digit identifiers compare (see `compareNik`) with one of the given outcomes, e.g.
 * `['one-edit', 'transposition']` for keying errors.
 *
 * @example
 * nikLevel(['one-edit', 'transposition']) // { kind: 'nik', outcomes: ['one-edit', 'transposition'] }
 */
export function nikLevel(outcomes: readonly NikComparisonLevel[], options: Omit<NikLevelSpec, 'kind' | 'outcomes'> = {}): NikLevelSpec {
  checkStrings(outcomes, 'nikLevel', 'outcomes');
  checkOptions(options, 'nikLevel');
  return checkedLevelSpec(schema, 'nikLevel', { kind: 'nik', outcomes: [...outcomes], ...options });
}

export const nikLevelKind: LevelKind<NikLevelSpec> = {
  kind: 'nik',
  schema,
  compile: (spec): ComparisonLevel => {
    const accepted = new Set<NikComparisonLevel>(spec.outcomes);
    const required = spec.requireFlags ?? 0;
    const any = spec.requireAnyFlags ?? 0;
    // Bit i set ⇔ outcome i is accepted: one shift and mask per pair instead of a Set lookup.
    const acceptedCodes = spec.outcomes.reduce((mask, outcome) => mask | (1 << NIK_COMPARISON_LEVELS.indexOf(outcome)), 0);
    const within = spec.within === 'serial' ? WITHIN_SERIAL : spec.within === 'region-or-birth' ? WITHIN_REGION_OR_BIRTH : ANYWHERE;
    const where = within === WITHIN_SERIAL ? ', serial only' : within === WITHIN_REGION_OR_BIRTH ? ', in region or birth digits' : '';
    return {
      spec,
      label: spec.label ?? `${spec.outcomes.join(' or ')}${where}`,
      isNull: false,
      termFrequency: false,
      test: (column, left, right) =>
        hasFlags(column.flags, left, right, required, any) &&
        accepted.has(
          holds(memo, column, left, right) ? memo.value : remember(memo, column, left, right, compareNik(textAt(column, left), textAt(column, right))),
        ) &&
        (within === ANYWHERE || nikDiffersOnlyInSerial(textAt(column, left), textAt(column, right)) === (within === WITHIN_SERIAL)),
      assign: assignOutcomes(acceptedCodes, required, any, within),
    };
  },
};

const ANYWHERE = 0;
const WITHIN_SERIAL = 1;
const WITHIN_REGION_OR_BIRTH = 2;

function assignOutcomes(acceptedCodes: number, required: number, any: number, within: number): AssignLevel {
  return (batch, count, level) => {
    claimValues(batch, OUTCOME_CODES, count);
    const { column, left, right, leftIds, rightIds, pending, levels, width, offset, values } = batch;
    const flags = column.flags;
    // No flag condition: skip reading the flags, two cache misses per pair.
    const unconditional = required === 0 && any === 0;
    const digits = packedDigitsOf(column);
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = pending[i] as number;
      if (unconditional || hasFlags(flags, left[p] as number, right[p] as number, required, any)) {
        let code = values[p] as number;
        if (code !== code) code = values[p] = outcomeCode(column, digits, leftIds[p] as number, rightIds[p] as number);
        if (
          ((acceptedCodes >>> code) & 1) === 1 &&
          (within === ANYWHERE || onlySerialDiffers(column, digits, leftIds[p] as number, rightIds[p] as number) === (within === WITHIN_SERIAL))
        ) {
          levels[p * width + offset] = level;
          continue;
        }
      }
      pending[kept++] = p;
    }
    return kept;
  };
}

const INVALID = -1;
const packedDigits = new WeakMap<PreparedColumn, Int32Array>();

/**
 * Each value's 16 digits as two 32-bit words of 4-bit digits (first digit highest), INVALID where the
 * value is not 16 ASCII digits; once per column. Pairs then compare in registers, without touching
 * the strings, which at a million distinct NIKs are scattered over the heap: a cache miss each.
 *
 * Covers the ids below the column's `distinctValues` when packed. A column may grow (the entity
 * store appends values, and its lookup probe uses a temporary id at `distinctValues` whose text
 * changes from probe to probe): new ids are packed when the column has grown, and ids past the packed
 * range are compared on their texts.
 */
function packedDigitsOf(column: PreparedColumn): Int32Array {
  const cached = packedDigits.get(column);
  const covered = column.distinctValues;
  if (cached !== undefined && cached.length >= covered * 2) return cached;
  const texts = column.valueTexts;
  const digits = new Int32Array(covered * 2);
  const from = cached === undefined ? 0 : cached.length / 2;
  if (cached !== undefined) digits.set(cached);
  for (let id = from; id < covered; id++) {
    const text = texts[id] as string;
    let high = text.length === 16 ? 0 : INVALID;
    let low = 0;
    for (let i = 0; high !== INVALID && i < 16; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) high = INVALID;
      else if (i < 8) high = (high << 4) | digit;
      else low = (low << 4) | digit;
    }
    digits[id * 2] = high;
    digits[id * 2 + 1] = high === INVALID ? INVALID : low;
  }
  packedDigits.set(column, digits);
  return digits;
}

/**
 * The outcome of `compareNik` on two values, as its index in NIK_COMPARISON_LEVELS. The common case —
 * both valid, three or more digits differ, the first of them before the serial — is `different` and
 * is decided on the packed digits; every other case (missing, equal, near) asks `compareNik` itself.
 */
function outcomeCode(column: PreparedColumn, digits: Int32Array, a: number, b: number): number {
  if (a < 0 || b < 0) return MISSING;
  const packed = digits.length;
  const highA = a * 2 < packed ? (digits[a * 2] as number) : INVALID;
  const highB = b * 2 < packed ? (digits[b * 2] as number) : INVALID;
  if (highA !== INVALID && highB !== INVALID) {
    const high = highA ^ highB;
    const low = (digits[a * 2 + 1] as number) ^ (digits[b * 2 + 1] as number);
    // First mismatch among the first 12 digits (region and birth): all of `high`, the top half of `low`.
    if (high !== 0 || low >>> 16 !== 0) {
      if (differingDigits(high) + differingDigits(low) >= 3) return DIFFERENT;
    }
  }
  return NIK_COMPARISON_LEVELS.indexOf(compareNik(column.valueTexts[a] as string, column.valueTexts[b] as string));
}

/** Whether two values differ only in their last 4 digits, on the packed digits where they cover both ids. */
function onlySerialDiffers(column: PreparedColumn, digits: Int32Array, a: number, b: number): boolean {
  if (a < 0 || b < 0 || a === b) return false;
  const packed = digits.length;
  const highA = a * 2 < packed ? (digits[a * 2] as number) : INVALID;
  const highB = b * 2 < packed ? (digits[b * 2] as number) : INVALID;
  if (highA !== INVALID && highB !== INVALID) {
    const lowA = digits[a * 2 + 1] as number;
    const lowB = digits[b * 2 + 1] as number;
    return highA === highB && lowA >>> 16 === lowB >>> 16 && lowA !== lowB;
  }
  return nikDiffersOnlyInSerial(column.valueTexts[a] as string, column.valueTexts[b] as string);
}

/** How many of the 8 digits packed in `x` (an XOR of two packings) are nonzero. */
function differingDigits(x: number): number {
  const nonzero = (x | (x >>> 1) | (x >>> 2) | (x >>> 3)) & 0x11111111;
  return Math.imul(nonzero, 0x11111111) >>> 28;
}
