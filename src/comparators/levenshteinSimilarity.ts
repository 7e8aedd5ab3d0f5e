import { levenshteinOfStrings } from './levenshteinDistance.js';
import { checkComparable } from '../_internal/arguments.js';

/**
 * Levenshtein similarity in [0, 1]: `1 − distance / max(|a|, |b|)` over UTF-16 code units.
 * Two empty strings are identical (1).
 *
 * @example
 * levenshteinSimilarity('SUHARTO', 'SOEHARTO') // 0.75
 */
export function levenshteinSimilarity(a: string, b: string): number {
  checkComparable(a, b, 'levenshteinSimilarity');
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  return 1 - levenshteinOfStrings(a, b) / (a.length > b.length ? a.length : b.length);
}
