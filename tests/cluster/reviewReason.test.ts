import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reviewOrder, reviewReasonOf, type ReviewReason } from '../../src/cluster/reviewReason.js';

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
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.boolean(),
        fc.boolean(),
        (weight, band, reviewWeight, refused, same) => {
          const thresholds = { matchWeight: reviewWeight + band, reviewWeight };
          const reason = reviewReasonOf(weight, refused, same, thresholds);
          expect(reason === 'uncertain').toBe(weight >= reviewWeight && weight < thresholds.matchWeight && !same);
          expect(reason === 'conflicting-identifiers').toBe(weight >= thresholds.matchWeight && refused);
        },
      ),
    );
  });
});

describe('reviewOrder: the order of the review queue, for batch and store', () => {
  const byPosition = reviewOrder((a: number, b: number) => a - b);
  const byKey = reviewOrder((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0));

  it('puts the heaviest pair first, then orders by the left record, then the right', () => {
    const items = [
      { matchWeight: 3, left: 2, right: 5 },
      { matchWeight: 4, left: 7, right: 9 },
      { matchWeight: 3, left: 1, right: 8 },
      { matchWeight: 3, left: 1, right: 4 },
      { matchWeight: -0.5, left: 0, right: 1 },
    ];
    expect([...items].sort(byPosition).map((item) => [item.matchWeight, item.left, item.right])).toEqual([
      [4, 7, 9],
      [3, 1, 4],
      [3, 1, 8],
      [3, 2, 5],
      [-0.5, 0, 1],
    ]);
  });

  it('gives one queue whatever order the pairs were found in, by positions or by the keys at those positions', () => {
    const pair = fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })).filter(([a, b]) => a < b);
    const items = fc.uniqueArray(fc.tuple(pair, fc.integer({ min: -3, max: 3 })), { selector: ([[a, b]]) => `${a},${b}`, maxLength: 40 });
    fc.assert(
      fc.property(items, fc.infiniteStream(fc.integer()), (list, noise) => {
        const positions = list.map(([[left, right], weight]) => ({ matchWeight: weight / 2, left, right }));
        const shuffled = positions
          .map((item) => ({ item, r: noise.next().value as number }))
          .sort((x, y) => x.r - y.r)
          .map(({ item }) => item);
        const sorted = [...positions].sort(byPosition);
        expect([...shuffled].sort(byPosition)).toEqual(sorted);
        // Keys in canonical order: position i holds the i-th key, so the store's order is the batch's.
        const key = (position: number) => `src\u0000${String(position).padStart(3, '0')}`;
        const keyed = shuffled.map((item) => ({ matchWeight: item.matchWeight, left: key(item.left), right: key(item.right) })).sort(byKey);
        expect(keyed).toEqual(sorted.map((item) => ({ matchWeight: item.matchWeight, left: key(item.left), right: key(item.right) })));
      }),
    );
  });
});
