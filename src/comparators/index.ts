/**
 * padan/comparators — pure similarity and distance functions (`…Similarity` in [0, 1], `…Distance`
 * counts edits). The model's levels use them; import them here to compare values outside a model.
 */
export { jaroSimilarity } from './jaroSimilarity.js';
export { jaroWinklerSimilarity, type JaroWinklerSimilarityOptions } from './jaroWinklerSimilarity.js';
export { levenshteinDistance } from './levenshteinDistance.js';
export { levenshteinSimilarity } from './levenshteinSimilarity.js';
export { damerauLevenshteinDistance, type DamerauLevenshteinDistanceOptions } from './damerauLevenshteinDistance.js';
export { damerauLevenshteinSimilarity, type DamerauLevenshteinSimilarityOptions } from './damerauLevenshteinSimilarity.js';
export { tokenSortSimilarity, type TokenSortSimilarityOptions } from './tokenSortSimilarity.js';
export { tokenSetSimilarity, type TokenSetSimilarityOptions } from './tokenSetSimilarity.js';
export type { NameTokensInput, StringSimilarity } from './nameTokens.js';
export { nameSimilarity, type NameSimilarityOptions } from './nameSimilarity.js';
export { compareDates, DATE_COMPARISON_LEVELS, type CompareDatesOptions, type ComparableDate, type DateComparisonLevel } from './compareDates.js';
export { compareNik, NIK_COMPARISON_LEVELS, type NikComparisonLevel } from './compareNik.js';
