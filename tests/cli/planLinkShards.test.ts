import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planLinkShards } from '../../src/cli/partitioned.js';

function bytesOf(bucketBytes: Float64Array, [from, to]: readonly [number, number]): number {
  let bytes = 0;
  for (let bucket = from; bucket < to; bucket++) bytes += bucketBytes[bucket] as number;
  return bytes;
}

describe('planLinkShards', () => {
  it('cuts buckets into runs of about equal bytes within the budget, a multiple of the jobs that run at once', () => {
    expect(planLinkShards(Float64Array.of(100, 0, 300, 100), 400, 1)).toEqual([
      [0, 3],
      [3, 4],
    ]);
    // Small enough for one shard, but two threads: two halves.
    expect(planLinkShards(Float64Array.of(100, 100, 100, 100), 1_000, 2)).toEqual([
      [0, 2],
      [2, 4],
    ]);
    // No rows at all: one shard over every bucket (it links nothing).
    expect(planLinkShards(new Float64Array(8), 100, 2)).toEqual([[0, 8]]);
    // A bucket above the budget is a shard of its own.
    expect(planLinkShards(Float64Array.of(10, 500, 10), 100, 1)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('covers every bucket once, in order; each shard within budget or the rows of one bucket', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000 })), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 3_000 }),
        fc.integer({ min: 1, max: 4 }),
        (sizes, budget, parallel) => {
          const bucketBytes = Float64Array.from(sizes);
          const plan = planLinkShards(bucketBytes, budget, parallel);
          expect(plan[0]?.[0]).toBe(0);
          expect(plan[plan.length - 1]?.[1]).toBe(sizes.length);
          for (let s = 1; s < plan.length; s++) expect(plan[s]?.[0]).toBe(plan[s - 1]?.[1]);
          for (const shard of plan) {
            expect(shard[1]).toBeGreaterThan(shard[0]);
            // Over the budget only when its rows are one bucket's (a key bucket is never cut).
            if (bytesOf(bucketBytes, shard) > budget) expect(sizes.slice(shard[0], shard[1]).filter((size) => size > 0)).toHaveLength(1);
          }
          // Every shard links some rows (but the only one, when there are none); rows within the budget fill the jobs that run at once, no more.
          const total = sizes.reduce((a, b) => a + b, 0);
          const nonEmpty = sizes.filter((size) => size > 0).length;
          expect(plan.length).toBeLessThanOrEqual(Math.max(1, nonEmpty));
          if (total <= budget) expect(plan.length).toBeLessThanOrEqual(parallel);
        },
      ),
    );
  });
});
