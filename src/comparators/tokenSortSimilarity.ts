import { levenshteinSimilarity } from './levenshteinSimilarity.js';
import { compareCodeUnits, similarityOption, toTokens, type NameTokensInput, type StringSimilarity } from './nameTokens.js';

/** Options of {@link tokenSortSimilarity}. */
export interface TokenSortSimilarityOptions {
  /** The metric applied to the sorted, space-joined tokens; {@link levenshteinSimilarity} by default. */
  readonly similarity?: StringSimilarity;
}

/**
 * Similarity of two multi-word names regardless of word order: sorts each name's tokens, joins them with
 * one space and compares the results (fuzzywuzzy's `token_sort_ratio`, on a [0, 1] scale).
 *
 * Allocates the sorted strings; in a hot loop, sort each record's tokens once and call the base metric.
 *
 * @example
 * tokenSortSimilarity('RIZKI MUHAMMAD', 'MUHAMMAD RIZKI') // 1
 * tokenSortSimilarity('SITI AMINAH', 'AMINAH SITY') // 0.9090909090909091
 */
export function tokenSortSimilarity(a: NameTokensInput, b: NameTokensInput, options?: TokenSortSimilarityOptions): number {
  const similarity = similarityOption(options, 'tokenSortSimilarity') ?? levenshteinSimilarity;
  return similarity(sortedJoined(toTokens(a, 'tokenSortSimilarity')), sortedJoined(toTokens(b, 'tokenSortSimilarity')));
}

function sortedJoined(tokens: readonly string[]): string {
  return tokens.length < 2 ? (tokens[0] ?? '') : [...tokens].sort(compareCodeUnits).join(' ');
}
