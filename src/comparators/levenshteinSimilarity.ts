import { codesA, codesB, loadA, loadB } from './codeBuffers.js';
import { levenshteinCodes } from './levenshteinDistance.js';

/**
 * Levenshtein similarity in [0, 1]: `1 − distance / max(|a|, |b|)` over UTF-16 code units.
 * Two empty strings are identical (1).
 *
 * @example
 * levenshteinSimilarity('SUHARTO', 'SOEHARTO') // 0.75
 */
export function levenshteinSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const lengthA = loadA(a);
  const lengthB = loadB(b);
  return 1 - levenshteinCodes(codesA, lengthA, codesB, lengthB) / (lengthA > lengthB ? lengthA : lengthB);
}
