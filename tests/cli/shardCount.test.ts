import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { shardCount } from '../../src/cli/partitioned.js';

describe('shardCount', () => {
  it('gives one shard per recordsPerShard records, rounded up to a multiple of the jobs that run at once', () => {
    expect(shardCount(470_907, 1_000_000, 2)).toBe(1);
    expect(shardCount(2_357_441, 1_000_000, 2)).toBe(4);
    expect(shardCount(2_357_441, 1_000_000, 1)).toBe(3);
    expect(shardCount(0, 1_000_000, 2)).toBe(1);
    fc.assert(
      fc.property(fc.nat(50_000_000), fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 1, max: 64 }), (records, perShard, parallel) => {
        const shards = shardCount(records, perShard, parallel);
        const needed = Math.max(1, Math.ceil(records / perShard));
        expect(shards).toBeGreaterThanOrEqual(needed);
        if (needed > 1) expect(shards % parallel).toBe(0);
        expect(shards - needed).toBeLessThan(parallel);
      }),
    );
  });
});
