import { invalidArgument } from '../_internal/arguments.js';
/**
 * How two NIKs compare, strongest evidence first; {@link NIK_COMPARISON_LEVELS} lists them in the
 * order they are checked.
 */
export type NikComparisonLevel = 'missing' | 'exact' | 'one-edit' | 'transposition' | 'same-region-and-birth' | 'different';

/** Every {@link NikComparisonLevel}, in the order {@link compareNik} checks them. */
export const NIK_COMPARISON_LEVELS: readonly NikComparisonLevel[] = Object.freeze([
  'missing',
  'exact',
  'one-edit',
  'transposition',
  'same-region-and-birth',
  'different',
] as const);

const NIK_LENGTH = 16;
// Province, regency, district (6) and birth date DDMMYY (6): everything but the 4-digit serial.
const REGION_AND_BIRTH_LENGTH = 12;

/**
 * Compares two NIKs (16-digit strings, as normalized by the id module) and returns the first level that holds:
 * - `missing` — either is absent or not exactly 16 ASCII digits (a malformed NIK is no evidence either way);
 * - `exact` — the same NIK;
 * - `one-edit` — one digit substituted, the commonest keying error;
 * - `transposition` — two adjacent digits swapped, the other classic keying error;
 * - `same-region-and-birth` — the first 12 digits agree (issuing district, birth date and sex) but the
 *   serial differs: the same birth registered twice, or twins — a weak, not a strong, match;
 * - `different` — anything else.
 *
 * `one-edit` and `transposition` are checked first, wherever the digits differ: for a KK number a serial
 * typo is a typo. Whether a NIK's difference is confined to the serial — evidence of twins rather than
 * of a typo when both NIKs agree with their records — is {@link nikDiffersOnlyInSerial}, and a NIK
 * level's `within` option.
 *
 * Allocation-free: it reads char codes and stops at the third mismatch.
 *
 * @example
 * compareNik('3201014507900001', '3201014507900001') // 'exact'
 * compareNik('3201014507900001', '3201014507900007') // 'one-edit'
 * compareNik('3201014507900001', '3201014570900001') // 'transposition'
 * compareNik('3201014507900001', '3201014507900112') // 'same-region-and-birth'
 * compareNik('3201014507900001', null) // 'missing'
 */
export function compareNik(a: string | null | undefined, b: string | null | undefined): NikComparisonLevel {
  if ((a !== null && a !== undefined && typeof a !== 'string') || (b !== null && b !== undefined && typeof b !== 'string')) {
    throw invalidArgument('compareNik', 'a NIK', 'a string, null or undefined', typeof a === 'string' || a === null || a === undefined ? b : a);
  }
  if (a === null || a === undefined || b === null || b === undefined) return 'missing';
  if (!isSixteenDigits(a) || !isSixteenDigits(b)) return 'missing';
  if (a === b) return 'exact';

  let mismatches = 0;
  let first = -1;
  let second = -1;
  for (let i = 0; i < NIK_LENGTH; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      mismatches++;
      if (mismatches === 1) first = i;
      else if (mismatches === 2) second = i;
      else break;
    }
  }
  if (mismatches === 1) return 'one-edit';
  if (mismatches === 2 && second === first + 1 && a.charCodeAt(first) === b.charCodeAt(second) && a.charCodeAt(second) === b.charCodeAt(first)) {
    return 'transposition';
  }
  return first >= REGION_AND_BIRTH_LENGTH ? 'same-region-and-birth' : 'different';
}

/**
 * Whether two NIKs (16 digits each) differ, and only in the 4-digit serial: the same issuing district,
 * birth date and sex. Two such NIKs that each agree with their own record are the signature of twins
 * or of siblings registered on one placeholder date, not of a keying error.
 *
 * @example
 * nikDiffersOnlyInSerial('3201014507900001', '3201014507900002') // true
 * nikDiffersOnlyInSerial('3201014507900001', '3201024507900001') // false (district digit)
 * nikDiffersOnlyInSerial('3201014507900001', '3201014507900001') // false (the same NIK)
 */
export function nikDiffersOnlyInSerial(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (!isSixteenDigits(a) || !isSixteenDigits(b) || a === b) return false;
  for (let i = 0; i < REGION_AND_BIRTH_LENGTH; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

function isSixteenDigits(value: string): boolean {
  if (value.length !== NIK_LENGTH) return false;
  for (let i = 0; i < NIK_LENGTH; i++) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
