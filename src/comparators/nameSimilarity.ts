import { checkOptionBag, checkStrings, MAX_COMPARED_LENGTH } from '../_internal/arguments.js';
import { MAX_TOKENS } from './nameTokens.js';
import { PadanError } from '../_internal/error.js';
import { codesA, codesB, loadJoined } from './codeBuffers.js';
import { damerauLevenshteinDistance } from './damerauLevenshteinDistance.js';
import { jaroWinklerCodes, jaroWinklerSimilarity } from './jaroWinklerSimilarity.js';

/** Options of {@link nameSimilarity}. */
export interface NameSimilarityOptions {
  /**
   * Similarity of an initial and a full token starting with that letter, 0.9 by default: "M" stands
   * for MUHAMMAD but also for MARYAM, so it is good evidence, not proof.
   */
  readonly initialSimilarity?: number;
  /** Multiplicative cost of each token that one name has and the other lacks, 0.05 by default. */
  readonly missingTokenPenalty?: number;
}

const DEFAULT_INITIAL_SIMILARITY = 0.9;
const DEFAULT_MISSING_TOKEN_PENALTY = 0.05;
// Above this many tokens on the shorter side the exact alignment (2^n states) gives way to a greedy one.
const MAX_EXACT_TOKENS = 8;

// Pairwise token similarities (row = shorter name's token) and the alignment's best sums by used-set.
let pairScores = new Float64Array(64);
const bestSums = new Float64Array(1 << MAX_EXACT_TOKENS);

/** Lexicographic order of two token lists of equal length: negative, zero or positive. */
function tokenListOrder(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Similarity in [0, 1] of two names given as tokens — e.g. the `canonicalTokens` of two standardized
 * names, or any uppercase tokens.
 *
 * - Tokens are aligned one to one, choosing the alignment with the best total Jaro–Winkler similarity,
 *   so word order does not matter ("RIZKI MUHAMMAD" = "MUHAMMAD RIZKI"). Tokens of up to 5 letters score
 *   at least 1 − edits / length, where Jaro's match window is too narrow (DWI / WI).
 * - A single-letter token is an initial (as `standardizeName` marks it): it scores `initialSimilarity`
 *   against a token starting with its letter and 0 against any other.
 * - The score is the mean similarity of the aligned pairs, times `1 − missingTokenPenalty` for each
 *   token of the longer name left over: a missing middle name costs a little, and a single-word name
 *   compares with its best-matching token in the other name.
 * - When the token counts differ, the names are also compared with their tokens run together in written
 *   order, and the better score wins: "NUR HALIZA" and "NURHALIZA" are the same name.
 *
 * Two empty names are identical (1); an empty and a non-empty name share nothing (0). Allocation-free.
 *
 * @example
 * nameSimilarity(['RIZKI', 'MUHAMMAD'], ['MUHAMMAD', 'RIZKI']) // 1
 * nameSimilarity(['M', 'RIZKI'], ['MUHAMMAD', 'RIZKI']) // 0.95
 * nameSimilarity(['SITI', 'AMINAH'], ['SITI', 'NUR', 'AMINAH']) // 0.95
 * nameSimilarity(['NURHALIZA'], ['NUR', 'HALIZA']) // 1
 * nameSimilarity(['AHMAD', 'BUDI'], ['BUDI', 'SANTOSO']) // 0.7238095238095238
 */
export function nameSimilarity(a: readonly string[], b: readonly string[], options?: NameSimilarityOptions): number {
  checkStrings(a, 'nameSimilarity', 'the first name');
  checkStrings(b, 'nameSimilarity', 'the second name');
  checkOptionBag(options, 'nameSimilarity', { initialSimilarity: 'number', missingTokenPenalty: 'number' });
  if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
    throw new PadanError('invalid-argument', `nameSimilarity: a name is limited to ${MAX_TOKENS} tokens`);
  }
  for (const token of a)
    if (token.length > MAX_COMPARED_LENGTH) throw new PadanError('invalid-argument', `nameSimilarity: tokens are limited to ${MAX_COMPARED_LENGTH} code units`);
  for (const token of b)
    if (token.length > MAX_COMPARED_LENGTH) throw new PadanError('invalid-argument', `nameSimilarity: tokens are limited to ${MAX_COMPARED_LENGTH} code units`);
  let initialSimilarity = DEFAULT_INITIAL_SIMILARITY;
  let missingTokenPenalty = DEFAULT_MISSING_TOKEN_PENALTY;
  if (options !== undefined) {
    initialSimilarity = options.initialSimilarity ?? DEFAULT_INITIAL_SIMILARITY;
    missingTokenPenalty = options.missingTokenPenalty ?? DEFAULT_MISSING_TOKEN_PENALTY;
    if (
      typeof initialSimilarity !== 'number' ||
      typeof missingTokenPenalty !== 'number' ||
      !(initialSimilarity >= 0 && initialSimilarity <= 1) ||
      !(missingTokenPenalty >= 0 && missingTokenPenalty <= 1)
    ) {
      throw new PadanError('invalid-argument', 'nameSimilarity: initialSimilarity and missingTokenPenalty must be in [0, 1]');
    }
  }
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 1 : 0;
  if (a.length === b.length && sameTokens(a, b)) return 1;

  // Names of equal length go in one canonical order, so the sums run alike and f(a, b) is f(b, a) to the last bit.
  const aFirst = a.length < b.length || (a.length === b.length && tokenListOrder(a, b) <= 0);
  const shorter = aFirst ? a : b;
  const longer = aFirst ? b : a;
  const rows = shorter.length;
  const columns = longer.length;
  if (rows * columns > pairScores.length) pairScores = new Float64Array(rows * columns * 2);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      pairScores[i * columns + j] = tokenSimilarity(shorter[i] as string, longer[j] as string, initialSimilarity);
    }
  }
  const aligned = rows <= MAX_EXACT_TOKENS ? bestAlignmentSum(rows, columns) : greedyAlignmentSum(rows, columns);
  let score = (aligned / rows) * Math.pow(1 - missingTokenPenalty, columns - rows);

  if (rows !== columns) {
    const lengthA = loadJoined(a, 'a');
    const lengthB = loadJoined(b, 'b');
    const joined = jaroWinklerCodes(codesA, lengthA, codesB, lengthB, 0.1, 4, 0.7);
    if (joined > score) score = joined;
  }
  return score > 1 ? 1 : score;
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function tokenSimilarity(x: string, y: string, initialSimilarity: number): number {
  if (x === y) return 1;
  if (x.length === 0 || y.length === 0) return 0;
  if (x.length === 1 || y.length === 1) {
    return x.charCodeAt(0) === y.charCodeAt(0) ? initialSimilarity : 0;
  }
  const similarity = jaroWinklerSimilarity(x, y);
  // Jaro matches letters only within floor(max length / 2) − 1 positions: none for 3-letter tokens, so
  // DWI / WI or ADE / DE score 0. Up to 5 letters the edit distance speaks too.
  if (x.length > SHORT_TOKEN || y.length > SHORT_TOKEN) return similarity;
  const edits = 1 - damerauLevenshteinDistance(x, y, RESTRICTED) / Math.max(x.length, y.length);
  return edits > similarity ? edits : similarity;
}

const SHORT_TOKEN = 5;
const RESTRICTED = { restricted: true } as const;

/**
 * The best total similarity of a one-to-one alignment of every row to a distinct column. Dynamic
 * programming over columns, with the set of rows used so far as the state: columns × 2^rows × rows
 * steps, a few dozen for real names, and it is exact where a greedy pick is not.
 */
function bestAlignmentSum(rows: number, columns: number): number {
  const full = (1 << rows) - 1;
  bestSums[0] = 0;
  for (let used = 1; used <= full; used++) bestSums[used] = -1;
  for (let j = 0; j < columns; j++) {
    // Descending, so that each column extends only sets formed before it (used at most once).
    for (let used = full - 1; used >= 0; used--) {
      const base = bestSums[used]!;
      if (base < 0) continue;
      for (let i = 0; i < rows; i++) {
        const bit = 1 << i;
        if ((used & bit) !== 0) continue;
        const candidate = base + pairScores[i * columns + j]!;
        if (candidate > bestSums[used | bit]!) bestSums[used | bit] = candidate;
      }
    }
  }
  return bestSums[full]!;
}

/** For more than MAX_EXACT_TOKENS tokens (not a real name): repeatedly take the best remaining pair. */
function greedyAlignmentSum(rows: number, columns: number): number {
  let total = 0;
  for (let step = 0; step < rows; step++) {
    let best = -1;
    let bestIndex = -1;
    for (let k = 0; k < rows * columns; k++) {
      const value = pairScores[k]!;
      if (value > best) {
        best = value;
        bestIndex = k;
      }
    }
    total += best;
    const row = Math.floor(bestIndex / columns);
    const column = bestIndex - row * columns;
    // Knock out the chosen row and column so neither is used again.
    for (let j = 0; j < columns; j++) pairScores[row * columns + j] = -1;
    for (let i = 0; i < rows; i++) pairScores[i * columns + column] = -1;
  }
  return total;
}
