import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reviewReasonOf, type ReviewReason } from '../../src/cluster/reviewReason.js';

// Protects the review-queue rule that batch resolution (resolve.ts) and the entity store
// (store/_engine.ts updateReview) both apply: a row is a case a steward's lead can read and question.

describe('reviewReasonOf: does a scored pair go to the review queue, and why?', () => {
  const thresholds = { matchWeight: 6, reviewWeight: 2 };
  const rows: readonly [number, boolean, boolean, ReviewReason | undefined, string][] = [
    // weight  refused  same cluster  → reason                      why
    [3.5, false, false, 'uncertain', 'between the thresholds, records apart'],
    [2, false, false, 'uncertain', 'exactly at the review threshold counts'],
    [3.5, false, true, undefined, 'between the thresholds but already one person (through other links)'],
    [9, true, false, 'conflicting-identifiers', 'a match clustering refused (two trusted NIKs, twins)'],
    [6, true, false, 'conflicting-identifiers', 'exactly at the match threshold is a match'],
    [9, false, true, undefined, 'a match clustering accepted'],
    [9, false, false, undefined, 'a match not refused (its records joined by the link)'],
    [1.9, false, false, undefined, 'below the review threshold: a non-match'],
    [1.9, true, false, undefined, 'refusal only matters for a match'],
    [-40, false, false, undefined, 'clearly different people'],
  ];
  it.each(rows)('weight %s, refused %s, same cluster %s → %s (%s)', (weight, refused, sameCluster, expected) => {
    expect(reviewReasonOf(weight, refused, sameCluster, thresholds)).toBe(expected);
  });

  it('equal thresholds leave no uncertain band', () => {
    expect(reviewReasonOf(4, false, false, { matchWeight: 4, reviewWeight: 4 })).toBeUndefined();
    expect(reviewReasonOf(3.99, false, false, { matchWeight: 4, reviewWeight: 4 })).toBeUndefined();
  });

  it('a pair is uncertain exactly when it lies in [review, match) across clusters', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true }), fc.boolean(), fc.boolean(), (weight, band, reviewWeight, refused, same) => {
        const thresholds = { matchWeight: reviewWeight + band, reviewWeight };
        const reason = reviewReasonOf(weight, refused, same, thresholds);
        expect(reason === 'uncertain').toBe(weight >= reviewWeight && weight < thresholds.matchWeight && !same);
        expect(reason === 'conflicting-identifiers').toBe(weight >= thresholds.matchWeight && refused);
      }),
    );
  });
});
