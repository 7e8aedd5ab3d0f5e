import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterRecords } from '../../src/cluster/clusterRecords.js';

// Protects clustering: links at or above the threshold join records, strongest first, and two
// different trusted identifiers never share a cluster — the chain is cut at its weakest link.
describe('clusterRecords', () => {
  it('joins linked records and leaves the rest alone', () => {
    const result = clusterRecords({
      recordCount: 5,
      left: Int32Array.of(0, 1, 3),
      right: Int32Array.of(1, 2, 4),
      weights: Float64Array.of(10, 8, -3),
      matchWeight: 5,
      distinct: [],
    });
    expect(Array.from(result.clusterOf)).toEqual([0, 0, 0, 1, 2]);
    expect(result.clusterCount).toBe(3);
    expect(Array.from(result.acceptedLinks)).toEqual([0, 1]);
  });

  it('cuts a chain between two trusted identifiers at its weakest link', () => {
    // 0 (trusted NIK a) — 1 (no NIK) — 2 (trusted NIK b): the weaker link 1–2 is refused.
    const result = clusterRecords({
      recordCount: 3,
      left: Int32Array.of(0, 1),
      right: Int32Array.of(1, 2),
      weights: Float64Array.of(20, 12),
      matchWeight: 5,
      distinct: [Int32Array.of(7, -1, 9)],
    });
    expect(Array.from(result.clusterOf)).toEqual([0, 0, 1]);
    expect(Array.from(result.refusedLinks)).toEqual([1]);
  });

  it('keeps two records a cannot-link rule separates apart, through a chain of any source', () => {
    // Twins 0 and 2, and record 1 (no NIK) that links strongly to both: the weaker link 1–2 is refused.
    const result = clusterRecords({
      recordCount: 4,
      left: Int32Array.of(0, 1, 2),
      right: Int32Array.of(1, 2, 3),
      weights: Float64Array.of(20, 12, 15),
      matchWeight: 5,
      distinct: [],
      separate: { left: Int32Array.of(0), right: Int32Array.of(2) },
    });
    expect(Array.from(result.clusterOf)).toEqual([0, 0, 1, 1]);
    expect(Array.from(result.refusedLinks)).toEqual([1]);
  });

  it('never puts two separated records in one cluster, and links them otherwise as without the rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 20 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            links: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: -10, max: 30 })), { maxLength: 50 }),
            separate: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 6 }),
          }),
        ),
        ({ n, links, separate }) => {
          const pairs = links.filter(([a, b]) => a !== b).map(([a, b, w]) => [Math.min(a, b), Math.max(a, b), w] as const);
          const apart = separate.filter(([a, b]) => a !== b);
          const input = {
            recordCount: n,
            left: Int32Array.from(pairs, (p) => p[0]),
            right: Int32Array.from(pairs, (p) => p[1]),
            weights: Float64Array.from(pairs, (p) => p[2]),
            matchWeight: 0,
            distinct: [],
          };
          const result = clusterRecords({ ...input, separate: { left: Int32Array.from(apart, (p) => p[0]), right: Int32Array.from(apart, (p) => p[1]) } });
          for (const [a, b] of apart) expect(result.clusterOf[a]).not.toBe(result.clusterOf[b]);
          // A link is refused only when it would join two separated records.
          for (const p of result.refusedLinks) {
            const [a, b] = pairs[p] as readonly [number, number, number];
            expect(result.clusterOf[a]).not.toBe(result.clusterOf[b]);
          }
          if (apart.length === 0) expect(Array.from(result.clusterOf)).toEqual(Array.from(clusterRecords(input).clusterOf));
        },
      ),
    );
  });

  it('never puts two different trusted values in one cluster, and every record in exactly one cluster', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 25 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            links: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: -10, max: 30 })), { maxLength: 60 }),
            trusted: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: n, maxLength: n }),
          }),
        ),
        ({ n, links, trusted }) => {
          const pairs = links.filter(([a, b]) => a !== b).map(([a, b, w]) => [Math.min(a, b), Math.max(a, b), w] as const);
          const result = clusterRecords({
            recordCount: n,
            left: Int32Array.from(pairs, (p) => p[0]),
            right: Int32Array.from(pairs, (p) => p[1]),
            weights: Float64Array.from(pairs, (p) => p[2]),
            matchWeight: 0,
            distinct: [Int32Array.from(trusted)],
          });
          expect(result.clusterOf.length).toBe(n);
          const valueOf = new Map<number, number>();
          for (let r = 0; r < n; r++) {
            const cluster = result.clusterOf[r] as number;
            expect(cluster).toBeGreaterThanOrEqual(0);
            expect(cluster).toBeLessThan(result.clusterCount);
            const value = trusted[r] as number;
            if (value < 0) continue;
            const seen = valueOf.get(cluster);
            if (seen !== undefined) expect(seen).toBe(value);
            valueOf.set(cluster, value);
          }
        },
      ),
    );
  });

  it('does not depend on the order the pairs are listed in', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(9), fc.nat(9), fc.integer({ min: 0, max: 5 })), { maxLength: 30 }), fc.integer(), (raw, seed) => {
        const pairs = raw.filter(([a, b]) => a !== b).map(([a, b, w]) => [Math.min(a, b), Math.max(a, b), w] as const);
        const shuffled = [...pairs].sort((x, y) => ((x[0] * 31 + x[1] * 7 + seed) % 13) - ((y[0] * 31 + y[1] * 7 + seed) % 13));
        const run = (list: readonly (readonly [number, number, number])[]) =>
          Array.from(
            clusterRecords({
              recordCount: 10,
              left: Int32Array.from(list, (p) => p[0]),
              right: Int32Array.from(list, (p) => p[1]),
              weights: Float64Array.from(list, (p) => p[2]),
              matchWeight: 1,
              distinct: [Int32Array.of(0, 1, -1, -1, 0, 2, -1, 1, -1, -1)],
            }).clusterOf,
          );
        expect(run(shuffled)).toEqual(run(pairs));
      }),
    );
  });
});
