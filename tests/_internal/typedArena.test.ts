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

  it('starts a new chunk when the current one is full, and the old arrays stay valid', () => {
    withTypedArena(4 << 20, () => {
      const first = int32Array(600_000); // 2.4 MB of a 4 MB chunk
      first.fill(7);
      const before = typedArenaTotals().chunks;
      const second = int32Array(600_000); // does not fit: a new chunk
      expect(typedArenaTotals().chunks - before).toBe(1);
      expect(second.buffer).not.toBe(first.buffer);
      expect(second.every((x) => x === 0) && first.every((x) => x === 7)).toBe(true);
    });
  });

  it('hands the unused tail of a chunk to the next arena, never bytes already handed out', () => {
    let first: Int32Array = new Int32Array(0);
    withTypedArena(8 << 20, () => {
      first = int32Array(10_000);
      first.fill(3);
    });
    withTypedArena(8 << 20, () => {
      const next = int32Array(10_000);
      expect(next.buffer).toBe(first.buffer);
      expect(next.byteOffset).toBeGreaterThanOrEqual(first.byteOffset + first.byteLength);
      expect(next.every((x) => x === 0)).toBe(true);
    });
    expect(first.every((x) => x === 3)).toBe(true);
  });

  it('leaves the tail with the result for the arenas that continue from it, once, whatever runs between', () => {
    const owner = withTypedArena(8 << 20, () => ({ first: int32Array(10_000).fill(5) }), { leaveTailWith: (result) => result });
    // An unrelated arena does not take the tail kept for the owner.
    const unrelated = withTypedArena(2 << 20, () => int32Array(10_000));
    expect(unrelated.buffer).not.toBe(owner.first.buffer);
    const continued = withTypedArena(8 << 20, () => int32Array(10_000), { continues: owner, leaveTailWith: () => owner });
    expect(continued.buffer).toBe(owner.first.buffer);
    expect(continued.byteOffset).toBeGreaterThanOrEqual(owner.first.byteOffset + owner.first.byteLength);
    // Left again with the owner: the next arena continues after it.
    const again = withTypedArena(8 << 20, () => int32Array(10_000), { continues: owner });
    expect(again.buffer).toBe(owner.first.buffer);
    expect(again.byteOffset).toBeGreaterThanOrEqual(continued.byteOffset + continued.byteLength);
    // Not left this time: taken once, so one more continuation starts elsewhere.
    const elsewhere = withTypedArena(8 << 20, () => int32Array(10_000), { continues: owner });
    expect(elsewhere.buffer === owner.first.buffer && elsewhere.byteOffset < again.byteOffset + again.byteLength).toBe(false);
    expect(owner.first.every((x) => x === 5) && [continued, again, elsewhere].every((a) => a.every((x) => x === 0))).toBe(true);
  });

  it('is plain allocation outside an arena and for small arrays, and restores the outer arena after a throw', () => {
    const outside = int32Array(10_000);
    expect(outside.byteOffset).toBe(0);
    expect(outside.buffer.byteLength).toBe(40_000);
    withTypedArena(1 << 20, () => {
      expect(uint8Array(16).buffer.byteLength).toBe(16);
      const outer = int32Array(2000).buffer;
      expect(() =>
        withTypedArena(1 << 20, () => {
          throw new Error('inner failed');
        }),
      ).toThrow('inner failed');
      expect(int32Array(2000).buffer).toBe(outer);
    });
  });

  it('takes a smaller chunk when the system refuses a large one', () => {
    const Real = globalThis.ArrayBuffer;
    const refused: number[] = [];
    const granted: number[] = [];
    // A system that grants at most 2 MB at once.
    globalThis.ArrayBuffer = function Limited(this: unknown, size: number) {
      if (size > 2 << 20) {
        refused.push(size);
        throw new RangeError('Array buffer allocation failed');
      }
      granted.push(size);
      return new Real(size);
    } as unknown as ArrayBufferConstructor;
    try {
      withTypedArena(64 << 20, () => {
        // More than any spare tail left by earlier tests: new chunks are needed.
        const arrays = Array.from({ length: 12 }, () => int32Array(300_000));
        arrays.forEach((array, i) => array.fill(i));
        arrays.forEach((array, i) => expect(array.every((x) => x === i)).toBe(true));
      });
      expect(refused.length).toBeGreaterThan(0);
      expect(granted.some((size) => size >= 1_200_000 && size <= 2 << 20)).toBe(true);
      // An array larger than anything the system grants still fails, with the system's error.
      expect(() => withTypedArena(1 << 20, () => int32Array(1_000_000))).toThrow(RangeError);
    } finally {
      globalThis.ArrayBuffer = Real;
    }
  });
});
