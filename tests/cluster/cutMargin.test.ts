import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterRecords, type ClusterInput, type Clustering } from '../../src/cluster/clusterRecords.js';
import { cutMargin } from '../../src/cluster/cutMargin.js';

// Protects the store's shortcut for constrained components (a single add re-clusters a component
// only when its cut could change): any weights within half the margin of the old ones cut the
// component exactly as before — the same clusters, refused links and blocked links.
const outcome = (clustering: Clustering) => ({
  clusterOf: Array.from(clustering.clusterOf),
  refused: Array.from(clustering.refusedLinks).sort((a, b) => a - b),
  blocked: Array.from(clustering.blockedLinks).sort((a, b) => a - b),
});

const chain: ClusterInput = {
  recordCount: 3,
  left: Int32Array.of(0, 1),
  right: Int32Array.of(1, 2),
  weights: Float64Array.of(20, 15),
  matchWeight: 5,
  distinct: [Int32Array.of(7, -1, 8)],
};

describe('cutMargin', () => {
  it('is the gap between a refused link and the link it needs ahead of it', () => {
    expect(cutMargin(chain, clusterRecords(chain))).toBe(5);
    // Within half the margin the cut stays; past it the other link is refused.
    const within = { ...chain, weights: Float64Array.of(17.6, 17.4) };
    expect(outcome(clusterRecords(within))).toEqual(outcome(clusterRecords(chain)));
    const past = { ...chain, weights: Float64Array.of(17.4, 17.6) };
    expect(outcome(clusterRecords(past)).refused).toEqual([0]);
  });

  it('ignores the gaps between links inside one cluster', () => {
    // 0–1–2 hold value 7 with links 30, 29.9, 29.8; 3 holds 8; 2–3 at 10 is refused: it needs 0–1 and 1–2 ahead, margin 19.9.
    const input: ClusterInput = {
      recordCount: 4,
      left: Int32Array.of(0, 1, 0, 2),
      right: Int32Array.of(1, 2, 2, 3),
      weights: Float64Array.of(30, 29.9, 29.8, 10),
      matchWeight: 5,
      distinct: [Int32Array.of(7, -1, -1, 8)],
    };
    expect(cutMargin(input, clusterRecords(input))).toBeCloseTo(19.9, 10);
  });

  it('is Infinity without a cut and 0 when a cut rests on a tie', () => {
    const free: ClusterInput = { ...chain, distinct: [Int32Array.of(7, -1, 7)] };
    expect(cutMargin(free, clusterRecords(free))).toBe(Number.POSITIVE_INFINITY);
    const tie: ClusterInput = { ...chain, weights: Float64Array.of(15, 15) };
    expect(cutMargin(tie, clusterRecords(tie))).toBe(0);
  });

  it('is 0 when a refusal could turn into a steward block', () => {
    const input: ClusterInput = {
      ...chain,
      recordCount: 4,
      distinct: [Int32Array.of(7, -1, 8, -1)],
      cannotLink: { left: Int32Array.of(0), right: Int32Array.of(3) },
    };
    expect(cutMargin(input, clusterRecords(input))).toBe(0);
  });

  it('bounds every move that keeps the links: the same clusters, refused and blocked links', () => {
    const record = (n: number) => fc.integer({ min: 0, max: n - 1 });
    const arbitrary = fc.integer({ min: 2, max: 12 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        pairs: fc.array(fc.tuple(record(n), record(n), fc.integer({ min: -4, max: 40 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 40 }),
        values: fc.array(fc.array(fc.integer({ min: -1, max: 3 }), { minLength: n, maxLength: n }), { minLength: 0, maxLength: 2 }),
        separate: fc.array(fc.tuple(record(n), record(n)), { maxLength: 2 }),
        must: fc.array(fc.tuple(record(n), record(n)), { maxLength: 1 }),
        cannot: fc.array(fc.tuple(record(n), record(n)), { maxLength: 2 }),
        moves: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }),
      }),
    );
    let bounded = 0;
    fc.assert(
      fc.property(arbitrary, ({ n, pairs, values, separate, must, cannot, moves }) => {
        const kept = pairs.filter(([a, b]) => a !== b);
        if (kept.length === 0) return;
        // Weights on a coarse grid (ties are common) plus a fraction.
        const input: ClusterInput = {
          recordCount: n,
          left: Int32Array.from(kept, ([a]) => a),
          right: Int32Array.from(kept, ([, b]) => b),
          weights: Float64Array.from(kept, ([, , w, f]) => w + f / 4),
          matchWeight: 5,
          distinct: values.map((v) => Int32Array.from(v)),
          separate: { left: Int32Array.from(separate, ([a]) => a), right: Int32Array.from(separate, ([, b]) => b) },
          ...(must.length > 0 ? { mustLink: { left: Int32Array.from(must, ([a]) => a), right: Int32Array.from(must, ([, b]) => b) } } : {}),
          ...(cannot.length > 0 ? { cannotLink: { left: Int32Array.from(cannot, ([a]) => a), right: Int32Array.from(cannot, ([, b]) => b) } } : {}),
        };
        const before = clusterRecords(input);
        const margin = cutMargin(input, before);
        if (margin === 0) return;
        if (margin !== Number.POSITIVE_INFINITY) bounded++;
        // Any move: a link stays a link, a non-link stays put; without a bound, any link weight.
        const reach = margin === Number.POSITIVE_INFINITY ? 100 : (margin / 2) * 0.999;
        const weights = input.weights.map((w, i) => (w < input.matchWeight ? w : Math.max(input.matchWeight, w + (moves[i] as number) * reach)));
        expect(outcome(clusterRecords({ ...input, weights }))).toEqual(outcome(before));
      }),
      { numRuns: 3000 },
    );
    // The generator reaches bounded cuts (else the property would test nothing).
    expect(bounded).toBeGreaterThan(100);
  });
});
