/**
 * Why a steward should look at a pair: `uncertain` when its weight lies between the review and the
 * match threshold and its records sit in different clusters; `conflicting-identifiers` when it
 * weighs as a match but clustering refused it (two different trusted identifiers, a cannot-link
 * rule: twins, a parent and child).
 */
export type ReviewReason = 'uncertain' | 'conflicting-identifiers';

/** The model's two thresholds, in bits (`review ≤ match`). */
export interface ReviewThresholds {
  readonly matchWeight: number;
  readonly reviewWeight: number;
}

/**
 * The review-queue rule, shared by batch resolution and the entity store: whether a scored pair goes
 * to the review queue, and why (undefined: it does not). The evidence: the pair's match weight in
 * bits; whether clustering `refused` to join its records (read only at or above the match
 * threshold); whether its records ended in the `sameCluster` (an uncertain pair inside one cluster
 * needs no review). Positional, not an object: batch resolution asks once per candidate pair.
 *
 * @example
 * const thresholds = { matchWeight: 6, reviewWeight: 2 };
 * reviewReasonOf(3.5, false, false, thresholds) // 'uncertain'
 * reviewReasonOf(3.5, false, true, thresholds) // undefined: already one cluster
 * reviewReasonOf(9, true, false, thresholds) // 'conflicting-identifiers'
 * reviewReasonOf(9, false, true, thresholds) // undefined: a match
 * reviewReasonOf(1, false, false, thresholds) // undefined: a non-match
 */
export function reviewReasonOf(matchWeight: number, refused: boolean, sameCluster: boolean, thresholds: ReviewThresholds): ReviewReason | undefined {
  if (matchWeight >= thresholds.matchWeight) return refused ? 'conflicting-identifiers' : undefined;
  if (matchWeight >= thresholds.reviewWeight && !sameCluster) return 'uncertain';
  return undefined;
}
