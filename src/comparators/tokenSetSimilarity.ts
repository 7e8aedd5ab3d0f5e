import { levenshteinSimilarity } from './levenshteinSimilarity.js';
import { compareCodeUnits, similarityOption, toTokens, type NameTokensInput, type StringSimilarity } from './nameTokens.js';

/** Options of {@link tokenSetSimilarity}. */
export interface TokenSetSimilarityOptions {
  /** The metric applied to the joined token groups; {@link levenshteinSimilarity} by default. */
  readonly similarity?: StringSimilarity;
}

/**
 * Similarity of two multi-word names as token sets (fuzzywuzzy's `token_set_ratio`, on a [0, 1] scale):
 * with `shared` the sorted common tokens and `onlyA`/`onlyB` the rest, the best of
 * sim(shared, shared + onlyA), sim(shared, shared + onlyB) and sim(shared + onlyA, shared + onlyB).
 * A name whose tokens are all contained in the other scores 1 ("SITI AMINAH" vs "SITI NUR AMINAH"),
 * and repeated tokens count once.
 *
 * Allocates; meant for review tools and model features, not the innermost loop.
 *
 * @example
 * tokenSetSimilarity('SITI AMINAH', 'AMINAH NUR SITI') // 1
 * tokenSetSimilarity('BUDI SANTOSO', 'BUDI SANTOSA') // 0.9166666666666666
 */
export function tokenSetSimilarity(a: NameTokensInput, b: NameTokensInput, options?: TokenSetSimilarityOptions): number {
  const similarity = similarityOption(options, 'tokenSetSimilarity') ?? levenshteinSimilarity;
  const setA = [...new Set(toTokens(a, 'tokenSetSimilarity'))].sort(compareCodeUnits);
  const setB = [...new Set(toTokens(b, 'tokenSetSimilarity'))].sort(compareCodeUnits);
  if (setA.length === 0 || setB.length === 0) return setA.length === setB.length ? 1 : 0;

  const shared: string[] = [];
  const onlyA: string[] = [];
  const onlyB: string[] = [];
  // Both lists are sorted: one merge pass splits them into shared and own tokens.
  let i = 0;
  let j = 0;
  while (i < setA.length || j < setB.length) {
    const tokenA = setA[i];
    const tokenB = setB[j];
    if (tokenB === undefined || (tokenA !== undefined && tokenA < tokenB)) {
      onlyA.push(tokenA as string);
      i++;
    } else if (tokenA === undefined || tokenB < tokenA) {
      onlyB.push(tokenB);
      j++;
    } else {
      shared.push(tokenA);
      i++;
      j++;
    }
  }

  const sharedText = shared.join(' ');
  const withA = joinNonEmpty(sharedText, onlyA.join(' '));
  const withB = joinNonEmpty(sharedText, onlyB.join(' '));
  let best = similarity(withA, withB);
  if (sharedText !== '') {
    const sharedVsA = similarity(sharedText, withA);
    const sharedVsB = similarity(sharedText, withB);
    if (sharedVsA > best) best = sharedVsA;
    if (sharedVsB > best) best = sharedVsB;
  }
  return best;
}

function joinNonEmpty(head: string, tail: string): string {
  return head === '' ? tail : tail === '' ? head : `${head} ${tail}`;
}
