import { describe, expect, it } from 'vitest';
import { compilePolicy, dtsenPersonPolicy, mergeCluster } from '../../src/index.js';

describe('mergeCluster on hostile values', () => {
  it('merges values with own valueOf / toString keys (regression: TypeError from deep-equal)', () => {
    const record = (recordId: string, address: unknown) => ({
      source: 'dtks',
      recordId,
      observedAt: '2024-05-02',
      channel: { kind: 'survey' as const },
      name: 'SITI',
      address,
    });
    const merged = mergeCluster(
      [record('a', { valueOf: 1 }), record('b', { valueOf: 1 }), record('c', { toString: 'x' })] as never,
      compilePolicy(dtsenPersonPolicy),
    );
    expect(merged.unified.name).toBe('SITI');
    expect(merged.provenance['address']).toBeDefined();
  });
});
