import { charMasks as sharedCharMasks, codesA, codesB, intBuffer, loadA, loadB } from './codeBuffers.js';
import { checkComparable } from '../_internal/arguments.js';

// A module-local alias: an imported binding is read through its module cell on every access (slower).
const charMasks = sharedCharMasks;

/**
 * Levenshtein distance: the fewest insertions, deletions and substitutions of UTF-16 code units that
 * turn one string into the other.
 *
 * Uses Myers' bit-parallel algorithm whenever the shorter string has at most 32 code units (every
 * realistic name), and a single-row dynamic program otherwise.
 *
 * @example
 * levenshteinDistance('SUHARTO', 'SOEHARTO') // 2
 * levenshteinDistance('', 'BUDI') // 4
 */
export function levenshteinDistance(a: string, b: string): number {
  checkComparable(a, b, 'levenshteinDistance');
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  return levenshteinOfStrings(a, b);
}

/** Levenshtein distance of two non-empty strings; private to the comparators. */
export function levenshteinOfStrings(a: string, b: string): number {
  // Myers reads the strings directly; copying them first measured slower.
  // The distance is symmetric, so either operand can be the pattern that must fit in 32 bits. The
  // longer one, when it fits: the main loop then runs over the shorter (as fastest-levenshtein does).
  const longer = a.length >= b.length ? a : b;
  const shorter = a.length >= b.length ? b : a;
  if (longer.length <= 32) return levenshteinMyers(longer, shorter);
  if (shorter.length <= 32) return levenshteinMyers(shorter, longer);
  const lengthA = loadA(a);
  const lengthB = loadB(b);
  return lengthA <= lengthB ? levenshteinRow(codesA, lengthA, codesB, lengthB) : levenshteinRow(codesB, lengthB, codesA, lengthA);
}

// Myers (1999), as formulated by Hyyrö: one column of the DP matrix as vertical deltas in two ints.
function levenshteinMyers(pattern: string, text: string): number {
  const patternLength = pattern.length;
  const textLength = text.length;
  for (let i = 0; i < patternLength; i++) {
    const code = pattern.charCodeAt(i);
    charMasks[code] = charMasks[code]! | (1 << i);
  }
  const last = 1 << (patternLength - 1);
  let positive = -1;
  let negative = 0;
  let distance = patternLength;
  for (let j = 0; j < textLength; j++) {
    let equal = charMasks[text.charCodeAt(j)]!;
    const carry = equal | negative;
    // The sum may exceed 32 bits; `^` truncates it modulo 2^32, which is the arithmetic the algorithm wants.
    equal |= ((equal & positive) + positive) ^ positive;
    negative |= ~(equal | positive);
    positive &= equal;
    if (negative & last) distance++;
    if (positive & last) distance--;
    negative = (negative << 1) | 1;
    positive = (positive << 1) | ~(carry | negative);
    negative &= carry;
  }
  for (let i = 0; i < patternLength; i++) charMasks[pattern.charCodeAt(i)] = 0;
  return distance;
}

function levenshteinRow(a: Uint16Array, lengthA: number, b: Uint16Array, lengthB: number): number {
  const row = intBuffer(lengthA + 1);
  for (let i = 0; i <= lengthA; i++) row[i] = i;
  for (let j = 1; j <= lengthB; j++) {
    let diagonal = row[0]!;
    row[0] = j;
    const code = b[j - 1];
    for (let i = 1; i <= lengthA; i++) {
      const above = row[i]!;
      const substitute = diagonal + (a[i - 1] === code ? 0 : 1);
      const insert = above + 1;
      const remove = row[i - 1]! + 1;
      row[i] = substitute < insert ? (substitute < remove ? substitute : remove) : insert < remove ? insert : remove;
      diagonal = above;
    }
  }
  return row[lengthA]!;
}
