import { checkOptionBag } from '../_internal/arguments.js';
/** Which part of a 16-digit identifier (NIK or KK) a digit belongs to. */
export type IdentifierPart = 'region' | 'date' | 'serial';

/** How two 16-digit identifiers differ, without showing a single digit of either. */
export interface IdentifierDifference {
  /** `missing`: either is absent or not 16 digits; `same`: equal; `different`: see `parts`. */
  readonly outcome: 'missing' | 'same' | 'different';
  /** Per part, whether the two numbers differ there: region (6 digits), date (6), serial (4). */
  readonly differs: Readonly<Record<IdentifierPart, boolean>>;
  /** 1-based positions that differ, ascending. */
  readonly positions: readonly number[];
  /** Two adjacent digits swapped: a classic keying error. */
  readonly transposition: boolean;
  /** One line for a steward, e.g. "serial differs (positions 15–16); region and birth date the same". */
  readonly summary: string;
}

/** Options of {@link describeIdentifierDifference}. */
export interface DescribeIdentifierDifferenceOptions {
  /** What the middle six digits are: a NIK's birth date (default) or a KK's issue date. */
  readonly kind?: 'nik' | 'kk';
}

const PART_OF_POSITION: readonly IdentifierPart[] = Array.from({ length: 16 }, (_, i) => (i < 6 ? 'region' : i < 12 ? 'date' : 'serial'));

function digitsOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const digits = value.replace(/[\s.\-_/]/g, '');
  return /^\d{16}$/.test(digits) ? digits : null;
}

function ranges(positions: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < positions.length;) {
    let j = i;
    while (j + 1 < positions.length && (positions[j + 1] as number) === (positions[j] as number) + 1) j++;
    parts.push(i === j ? String(positions[i]) : `${positions[i]}–${positions[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * Tells how two NIKs (or two KK numbers) differ — which parts (region, birth/issue date, serial) and at
 * which positions — so that a steward can tell twins (the serial alone differs) from a one-digit typo
 * in the birth date, while both numbers stay masked. Never returns a digit of either number.
 *
 * @example
 * describeIdentifierDifference('3201014507900001', '3201014507900002').summary
 * // → 'serial differs (position 16); region and birth date the same'
 */
export function describeIdentifierDifference(a: unknown, b: unknown, options?: DescribeIdentifierDifferenceOptions): IdentifierDifference {
  checkOptionBag(options, 'describeIdentifierDifference', { kind: ['nik', 'kk'] });
  const dateName = options?.kind === 'kk' ? 'issue date' : 'birth date';
  const left = digitsOf(a);
  const right = digitsOf(b);
  const none = { region: false, date: false, serial: false };
  if (left === null || right === null)
    return { outcome: 'missing', differs: none, positions: [], transposition: false, summary: 'one or both missing or malformed' };
  if (left === right) return { outcome: 'same', differs: none, positions: [], transposition: false, summary: 'the same number' };
  const positions: number[] = [];
  const differs = { region: false, date: false, serial: false };
  for (let i = 0; i < 16; i++) {
    if (left.charCodeAt(i) !== right.charCodeAt(i)) {
      positions.push(i + 1);
      differs[PART_OF_POSITION[i] as IdentifierPart] = true;
    }
  }
  const first = (positions[0] as number) - 1;
  const transposition = positions.length === 2 && positions[1] === positions[0]! + 1 && left[first] === right[first + 1] && left[first + 1] === right[first];
  const label: Record<IdentifierPart, string> = { region: 'region', date: dateName, serial: 'serial' };
  const changed = (Object.keys(differs) as IdentifierPart[]).filter((part) => differs[part]);
  const same = (Object.keys(differs) as IdentifierPart[]).filter((part) => !differs[part]);
  const where = `${positions.length === 1 ? 'position' : 'positions'} ${ranges(positions)}`;
  let summary = `${changed.map((part) => label[part]).join(' and ')} ${changed.length === 1 ? 'differs' : 'differ'} (${transposition ? 'two digits swapped, ' : ''}${where})`;
  if (same.length > 0) summary += `; ${same.map((part) => label[part]).join(' and ')} the same`;
  return { outcome: 'different', differs, positions, transposition, summary };
}
