import { charMasks as sharedCharMasks, codesA, codesB, intBuffer, lastRowOf as sharedLastRowOf, loadA, loadB } from './codeBuffers.js';
import { checkComparable, checkOptionBag } from '../_internal/arguments.js';

// Module-local aliases: an imported binding is read through its module cell on every access (slower).
const charMasks = sharedCharMasks;
const lastRowOf = sharedLastRowOf;

/** Options of {@link damerauLevenshteinDistance}. */
export interface DamerauLevenshteinDistanceOptions {
  /**
   * `false` (default): true Damerau–Levenshtein (Lowrance–Wagner), a metric in which a transposed pair
   * may also be edited further ("CA" → "ABC" is 2). `true`: optimal string alignment (OSA, "restricted"),
   * where a transposed pair is never edited again ("CA" → "ABC" is 3); not a metric, but bit-parallel
   * and ~9× faster on names (benchmarks/comparators.bench.ts): the choice for hot loops.
   * Both count one adjacent transposition (a NIK's swapped digits) as 1. Same option name as `natural`.
   */
  readonly restricted?: boolean;
}

/**
 * Damerau–Levenshtein distance: the fewest insertions, deletions, substitutions and adjacent
 * transpositions of UTF-16 code units that turn one string into the other.
 *
 * The default is the unrestricted (true) distance of Lowrance and Wagner, the textbook definition and
 * `natural`'s default. natural's own unrestricted implementation is wrong when the second string repeats
 * a character (it returns 1 for "BA" → "AAA", which needs 2, and is not symmetric), so the tests
 * check against a textbook implementation there and against natural elsewhere.
 *
 * @example
 * damerauLevenshteinDistance('3201014507900001', '3201014570900001') // 1 (two digits swapped)
 * damerauLevenshteinDistance('CA', 'ABC') // 2
 * damerauLevenshteinDistance('CA', 'ABC', { restricted: true }) // 3
 */
export function damerauLevenshteinDistance(a: string, b: string, options?: DamerauLevenshteinDistanceOptions): number {
  checkComparable(a, b, 'damerauLevenshteinDistance');
  checkOptionBag(options, 'damerauLevenshteinDistance', { restricted: 'boolean' });
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  return options?.restricted === true ? osaOfStrings(a, b) : damerauLevenshteinOfStrings(a, b);
}

/** True Damerau–Levenshtein of two non-empty strings; private to the comparators. */
export function damerauLevenshteinOfStrings(a: string, b: string): number {
  const lengthA = loadA(a);
  const lengthB = loadB(b);
  return damerauLevenshteinCodes(codesA, lengthA, codesB, lengthB);
}

/** Optimal string alignment of two non-empty strings; private to the comparators. */
export function osaOfStrings(a: string, b: string): number {
  // The distance is symmetric, so either operand can be the pattern that must fit in 32 bits. The
  // longer one, when it fits: the main loop then runs over the shorter (as fastest-levenshtein does).
  const longer = a.length >= b.length ? a : b;
  const shorter = a.length >= b.length ? b : a;
  if (longer.length <= 32) return osaHyyro(longer, shorter);
  if (shorter.length <= 32) return osaHyyro(shorter, longer);
  const lengthA = loadA(a);
  const lengthB = loadB(b);
  return lengthA <= lengthB ? osaMatrix(codesA, lengthA, codesB, lengthB) : osaMatrix(codesB, lengthB, codesA, lengthA);
}

// Hyyrö (2003): Myers' bit-vector algorithm plus a transposition term `swap`.
function osaHyyro(pattern: string, text: string): number {
  const patternLength = pattern.length;
  const textLength = text.length;
  for (let i = 0; i < patternLength; i++) {
    const code = pattern.charCodeAt(i);
    charMasks[code] = charMasks[code]! | (1 << i);
  }
  const last = 1 << (patternLength - 1);
  let positive = -1;
  let negative = 0;
  let diagonal = 0;
  let previousEqual = 0;
  let distance = patternLength;
  for (let j = 0; j < textLength; j++) {
    const equal = charMasks[text.charCodeAt(j)]!;
    const swap = ((~diagonal & equal) << 1) & previousEqual;
    diagonal = (((equal & positive) + positive) ^ positive) | equal | negative | swap;
    let horizontalPositive = negative | ~(diagonal | positive);
    let horizontalNegative = diagonal & positive;
    if (horizontalPositive & last) distance++;
    if (horizontalNegative & last) distance--;
    horizontalPositive = (horizontalPositive << 1) | 1;
    horizontalNegative <<= 1;
    positive = horizontalNegative | ~(diagonal | horizontalPositive);
    negative = horizontalPositive & diagonal;
    previousEqual = equal;
  }
  for (let i = 0; i < patternLength; i++) charMasks[pattern.charCodeAt(i)] = 0;
  return distance;
}

function osaMatrix(a: Uint16Array, lengthA: number, b: Uint16Array, lengthB: number): number {
  // Three rolling rows of width lengthA + 1: two rows back, previous, current.
  const width = lengthA + 1;
  const rows = intBuffer(3 * width);
  let twoBack = 0;
  let previous = width;
  let current = 2 * width;
  for (let i = 0; i <= lengthA; i++) rows[previous + i] = i;
  for (let j = 1; j <= lengthB; j++) {
    rows[current] = j;
    const code = b[j - 1];
    for (let i = 1; i <= lengthA; i++) {
      const cost = a[i - 1] === code ? 0 : 1;
      let best = rows[previous + i - 1]! + cost;
      const remove = rows[current + i - 1]! + 1;
      const insert = rows[previous + i]! + 1;
      if (remove < best) best = remove;
      if (insert < best) best = insert;
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === code) {
        const swap = rows[twoBack + i - 2]! + 1;
        if (swap < best) best = swap;
      }
      rows[current + i] = best;
    }
    const oldest = twoBack;
    twoBack = previous;
    previous = current;
    current = oldest;
  }
  return rows[previous + lengthA]!;
}

function damerauLevenshteinCodes(a: Uint16Array, lengthA: number, b: Uint16Array, lengthB: number): number {
  // Lowrance–Wagner with Wikipedia's layout: matrix (lengthA + 2) × (lengthB + 2), row and column 0
  // hold a sentinel larger than any distance, so a transposition with no earlier occurrence never wins.
  const width = lengthB + 2;
  const matrix = intBuffer((lengthA + 2) * width);
  const sentinel = lengthA + lengthB;
  matrix[0] = sentinel;
  for (let i = 0; i <= lengthA; i++) {
    matrix[(i + 1) * width] = sentinel;
    matrix[(i + 1) * width + 1] = i;
  }
  for (let j = 0; j <= lengthB; j++) {
    matrix[j + 1] = sentinel;
    matrix[width + j + 1] = j;
  }
  for (let i = 1; i <= lengthA; i++) {
    const code = a[i - 1] as number;
    let lastMatchColumn = 0;
    const rowBase = (i + 1) * width;
    const aboveBase = i * width;
    for (let j = 1; j <= lengthB; j++) {
      const other = b[j - 1] as number;
      const lastRow = lastRowOf[other]!;
      const lastColumn = lastMatchColumn;
      let cost = 1;
      if (code === other) {
        cost = 0;
        lastMatchColumn = j;
      }
      let best = matrix[aboveBase + j]! + cost;
      const insert = matrix[rowBase + j]! + 1;
      const remove = matrix[aboveBase + j + 1]! + 1;
      const swap = matrix[lastRow * width + lastColumn]! + (i - lastRow - 1) + 1 + (j - lastColumn - 1);
      if (insert < best) best = insert;
      if (remove < best) best = remove;
      if (swap < best) best = swap;
      matrix[rowBase + j + 1] = best;
    }
    lastRowOf[code] = i;
  }
  const distance = matrix[(lengthA + 1) * width + lengthB + 1]!;
  for (let i = 0; i < lengthA; i++) lastRowOf[a[i] as number] = 0;
  return distance;
}
