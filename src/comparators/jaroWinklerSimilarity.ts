import { PadanError } from '../_internal/error.js';
import { checkComparable, checkOptionBag } from '../_internal/arguments.js';
import { countMatches, jaroCodes, jaroOfStrings } from './jaroSimilarity.js';

/** Options of {@link jaroWinklerSimilarity}. The defaults are Winkler's. */
export interface JaroWinklerSimilarityOptions {
  /** Weight of each shared prefix character, 0.1 by default; `prefixScale × maxPrefixLength` must be ≤ 1. */
  readonly prefixScale?: number;
  /** How many leading characters can earn the boost, 4 by default. */
  readonly maxPrefixLength?: number;
  /**
   * The prefix boost applies only when the Jaro similarity is above this, 0.7 by default (Winkler's rule,
   * also used by rapidfuzz and so by Splink on DuckDB). `natural` has no threshold: pass `0` for its results.
   */
  readonly boostThreshold?: number;
}

const DEFAULT_PREFIX_SCALE = 0.1;
const DEFAULT_MAX_PREFIX_LENGTH = 4;
const DEFAULT_BOOST_THRESHOLD = 0.7;

/**
 * Jaro–Winkler similarity of two strings, in [0, 1], over UTF-16 code units: Jaro similarity raised
 * for a shared prefix, so that typos late in a name cost less than typos at its start.
 *
 * With `{ boostThreshold: 0 }` the result equals `natural`'s `JaroWinklerDistance` (to 1e-12, checked
 * by property tests); the default threshold 0.7 differs from natural only where Jaro ≤ 0.7, i.e. for
 * pairs that are non-matches either way.
 *
 * @example
 * jaroWinklerSimilarity('MARTHA', 'MARHTA') // 0.9611111111111111
 * jaroWinklerSimilarity('RIZKY', 'RIZKI') // 0.92
 * jaroWinklerSimilarity('AB', 'AC', { boostThreshold: 0 }) // 0.7 (natural's result; 0.6666666666666666 by default)
 */
export function jaroWinklerSimilarity(a: string, b: string, options?: JaroWinklerSimilarityOptions): number {
  checkComparable(a, b, 'jaroWinklerSimilarity');
  checkOptionBag(options, 'jaroWinklerSimilarity', { prefixScale: 'number', maxPrefixLength: 'number', boostThreshold: 'number' });
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  if (options === undefined) {
    const lengthA = a.length;
    const lengthB = b.length;
    // The common case spelled out in one function, so V8 can keep it free of calls: 15–25% faster.
    if (lengthA <= 32 && lengthB <= 32) {
      const counts = lengthA <= lengthB ? countMatches(a, b) : countMatches(b, a);
      const matches = counts >> 8;
      if (matches === 0) return 0;
      const jaro = (matches / lengthA + matches / lengthB + (matches - (counts & 0xff) / 2) / matches) / 3;
      if (!(jaro > DEFAULT_BOOST_THRESHOLD)) return jaro;
      let limit = lengthA < lengthB ? lengthA : lengthB;
      if (limit > DEFAULT_MAX_PREFIX_LENGTH) limit = DEFAULT_MAX_PREFIX_LENGTH;
      let prefix = 0;
      while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
      return jaro + prefix * DEFAULT_PREFIX_SCALE * (1 - jaro);
    }
    const jaro = jaroOfStrings(a, b);
    if (!(jaro > DEFAULT_BOOST_THRESHOLD)) return jaro;
    return boostString(jaro, a, b, DEFAULT_PREFIX_SCALE, DEFAULT_MAX_PREFIX_LENGTH);
  }
  const prefixScale = options.prefixScale ?? DEFAULT_PREFIX_SCALE;
  const maxPrefixLength = options.maxPrefixLength ?? DEFAULT_MAX_PREFIX_LENGTH;
  const boostThreshold = options.boostThreshold ?? DEFAULT_BOOST_THRESHOLD;
  checkBoostOptions(prefixScale, maxPrefixLength, boostThreshold);
  const jaro = jaroOfStrings(a, b);
  return jaro > boostThreshold ? boostString(jaro, a, b, prefixScale, maxPrefixLength) : jaro;
}

function boostString(jaro: number, a: string, b: string, prefixScale: number, maxPrefixLength: number): number {
  const limit = Math.min(maxPrefixLength, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  // Same expression as natural's, so that the results agree to the last bit.
  return jaro + prefix * prefixScale * (1 - jaro);
}

function checkBoostOptions(prefixScale: number, maxPrefixLength: number, boostThreshold: number): void {
  if (typeof prefixScale !== 'number' || typeof maxPrefixLength !== 'number' || typeof boostThreshold !== 'number') {
    throw new PadanError('invalid-argument', 'jaroWinklerSimilarity: prefixScale, maxPrefixLength and boostThreshold must be numbers');
  }
  // A larger product would push similarities above 1 and break every [0, 1] consumer downstream.
  const validLength = Number.isInteger(maxPrefixLength) && maxPrefixLength >= 0;
  if (!(prefixScale >= 0) || !validLength || prefixScale * maxPrefixLength > 1) {
    throw new PadanError(
      'invalid-argument',
      `jaroWinklerSimilarity: prefixScale (${prefixScale}) must be ≥ 0, maxPrefixLength ` +
        `(${maxPrefixLength}) a non-negative integer, and their product ≤ 1`,
    );
  }
  if (Number.isNaN(boostThreshold)) {
    throw new PadanError('invalid-argument', 'jaroWinklerSimilarity: boostThreshold must be a number');
  }
}

/** The Jaro–Winkler kernel over code-unit buffers (both lengths > 0); private to the comparators. */
export function jaroWinklerCodes(
  a: Uint16Array,
  lengthA: number,
  b: Uint16Array,
  lengthB: number,
  prefixScale: number,
  maxPrefixLength: number,
  boostThreshold: number,
): number {
  const jaro = jaroCodes(a, lengthA, b, lengthB);
  if (!(jaro > boostThreshold)) return jaro;
  const limit = Math.min(maxPrefixLength, lengthA, lengthB);
  let prefix = 0;
  while (prefix < limit && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * prefixScale * (1 - jaro);
}
