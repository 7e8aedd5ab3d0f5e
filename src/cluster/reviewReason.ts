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

/** What the review queue's order reads of an item: its weight and its two records, however named. */
export interface ReviewOrderItem<R> {
  readonly matchWeight: number;
  readonly left: R;
  readonly right: R;
}

/**
 * The review queue's order, shared by batch resolution and the entity store: heaviest pair first, ties
 * by the left record, then the right, each in canonical record order, which `compareRecords` gives
 * (batch: positions into records already in canonical order; the store: record keys as text).
 * Total over distinct pairs, so the queue is the same whatever order the pairs were found in.
 *
 * @example
 * const byPosition = reviewOrder((a: number, b: number) => a - b);
 * [{ matchWeight: 3, left: 2, right: 5 }, { matchWeight: 4, left: 7, right: 9 }, { matchWeight: 3, left: 1, right: 8 }].sort(byPosition)
 * // → weights 4, 3, 3; lefts 7, 1, 2
 */
export function reviewOrder<R>(compareRecords: (a: R, b: R) => number): (x: ReviewOrderItem<R>, y: ReviewOrderItem<R>) => number {
  // A comparison, not a subtraction: a weight difference is a heap number per call (see clusterRecords).
  return (x, y) =>
    x.matchWeight !== y.matchWeight ? (x.matchWeight > y.matchWeight ? -1 : 1) : compareRecords(x.left, y.left) || compareRecords(x.right, y.right);
}
