import { damerauLevenshteinOfStrings, osaOfStrings, type DamerauLevenshteinDistanceOptions } from './damerauLevenshteinDistance.js';
import { checkComparable, checkOptionBag } from '../_internal/arguments.js';

/** Options of {@link damerauLevenshteinSimilarity}: the same as the distance's. */
export type DamerauLevenshteinSimilarityOptions = DamerauLevenshteinDistanceOptions;

/**
 * Damerau–Levenshtein similarity in [0, 1]: `1 − distance / max(|a|, |b|)` over UTF-16 code units.
 * Two empty strings are identical (1).
 *
 * @example
 * damerauLevenshteinSimilarity('SITI', 'STII') // 0.75
 */
export function damerauLevenshteinSimilarity(a: string, b: string, options?: DamerauLevenshteinSimilarityOptions): number {
  checkComparable(a, b, 'damerauLevenshteinSimilarity');
  checkOptionBag(options, 'damerauLevenshteinSimilarity', { restricted: 'boolean' });
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const distance = options?.restricted === true ? osaOfStrings(a, b) : damerauLevenshteinOfStrings(a, b);
  return 1 - distance / (a.length > b.length ? a.length : b.length);
}
