import { describe, expect, it } from 'vitest';
import { float64Array, int32Array, typedArenaTotals, uint8Array, withTypedArena } from '../../src/_internal/typedArena.js';

describe('typed arena', () => {
  it('hands out zero-filled, disjoint arrays that share a chunk', () => {
    withTypedArena(1 << 20, () => {
      const a = int32Array(5000);
      const b = float64Array(3000);
      const c = uint8Array(7001);
      expect([a.length, b.length, c.length]).toEqual([5000, 3000, 7001]);
      expect(a.every((x) => x === 0) && b.every((x) => x === 0) && c.every((x) => x === 0)).toBe(true);
      a.fill(-1);
      b.fill(2.5);
      c.fill(255);
      // Writing one never touches another.
      expect(a.every((x) => x === -1) && b.every((x) => x === 2.5) && c.every((x) => x === 255)).toBe(true);
      expect(a.buffer).toBe(b.buffer);
      expect(b.byteOffset % 8).toBe(0);
    });
  });

  it('starts a new chunk when the expected size was too small, and the old arrays stay valid', () => {
    const before = typedArenaTotals().chunks;
    withTypedArena(0, () => {
      const first = int32Array(200_000); // 800 kB of a 1 MB chunk
      first.fill(7);
      const second = int32Array(200_000); // does not fit: a second chunk
      expect(second.buffer).not.toBe(first.buffer);
      expect(second.every((x) => x === 0) && first.every((x) => x === 7)).toBe(true);
    });
    expect(typedArenaTotals().chunks - before).toBe(2);
  });

  it('is plain allocation outside an arena and for small arrays, and restores the outer arena after a throw', () => {
    const outside = int32Array(10_000);
    expect(outside.byteOffset).toBe(0);
    expect(outside.buffer.byteLength).toBe(40_000);
    withTypedArena(1 << 20, () => {
      expect(uint8Array(16).buffer.byteLength).toBe(16);
      const outer = int32Array(2000).buffer;
      expect(() => withTypedArena(1 << 20, () => { throw new Error('inner failed'); })).toThrow('inner failed');
      expect(int32Array(2000).buffer).toBe(outer);
    });
  });
});
