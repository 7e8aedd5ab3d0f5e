import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  float64Array,
  int32Array,
  setPoisonTemporaries,
  temporaryFloat64Array,
  temporaryInt32Array,
  temporaryUint8Array,
  typedArenaTotals,
  uint8Array,
  withTypedArena,
  withWriteArena,
} from '../../src/_internal/typedArena.js';

// Allocations of one arena in a generated sequence: kept arrays must survive every later arena.
type Allocation = { readonly kind: 'int32' | 'float64' | 'uint8'; readonly temporary: boolean; readonly length: number };
const allocate = ({ kind, temporary, length }: Allocation): Int32Array | Float64Array | Uint8Array => {
  if (kind === 'int32') return temporary ? temporaryInt32Array(length) : int32Array(length);
  if (kind === 'float64') return temporary ? temporaryFloat64Array(length) : float64Array(length);
  return temporary ? temporaryUint8Array(length) : uint8Array(length);
};
const range = (array: ArrayBufferView): [number, number] => [array.byteOffset, array.byteOffset + array.byteLength];
const overlaps = (a: ArrayBufferView, b: ArrayBufferView): boolean => a.buffer === b.buffer && range(a)[0] < range(b)[1] && range(b)[0] < range(a)[1];

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
    // Tests route small arrays through arenas (see tests/_setup): not this one, which checks that they are plain.
    setPoisonTemporaries(false);
    onTestFinished(() => setPoisonTemporaries(true));
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

  it('carves every array of a write, nested stages included, from one chunk kept with its key from write to write', () => {
    const key = {};
    const first = withWriteArena(key, 1 << 20, () => {
      // Too large for V8's own heap, too small for a plain arena: from the write arena all the same.
      const small = int32Array(40);
      const nested = withTypedArena(4096, () => float64Array(100));
      temporaryInt32Array(1 << 15).fill(7);
      return { small, nested };
    });
    expect(first.small.buffer.byteLength).toBeGreaterThanOrEqual(1 << 20);
    expect(first.nested.buffer).toBe(first.small.buffer);
    expect(overlaps(first.small, first.nested)).toBe(false);
    // An arena in between does not take the write arena's chunk.
    withTypedArena(1 << 20, () => int32Array(5000));
    const second = withWriteArena(key, 1 << 20, () => {
      const kept = int32Array(40);
      // The memory the first write's temporaries wrote, handed out again zero-filled (read while the write runs).
      const scratch = temporaryInt32Array(1 << 15);
      expect(scratch.buffer).toBe(first.small.buffer);
      expect(scratch.every((value) => value === 0)).toBe(true);
      return kept;
    });
    expect(second.buffer).toBe(first.small.buffer);
    expect(overlaps(second, first.small) || overlaps(second, first.nested)).toBe(false);
    // Outside a write arena, a small array is plain again.
    expect(int32Array(40).buffer.byteLength).toBe(160);
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

  it("hands the memory an arena's temporaries wrote to the arena that continues from it first, zero-filled", () => {
    let temporary: Int32Array = new Int32Array(0);
    const owner = withTypedArena(
      8 << 20,
      () => {
        const kept = int32Array(10_000).fill(1);
        temporary = temporaryInt32Array(300_000).fill(-1);
        expect(overlaps(kept, temporary)).toBe(false);
        return { kept };
      },
      { leaveTailWith: (result) => result },
    );
    const reusedBefore = typedArenaTotals().reusedBytes;
    withTypedArena(
      8 << 20,
      () => {
        // Both land in the temporary's bytes (written, so already committed), and read as zeros.
        for (const array of [int32Array(100_000), temporaryFloat64Array(50_000)]) {
          expect(array.buffer === temporary.buffer).toBe(true);
          expect(array.byteOffset).toBeGreaterThanOrEqual(temporary.byteOffset);
          expect(array.byteOffset + array.byteLength).toBeLessThanOrEqual(temporary.byteOffset + temporary.byteLength);
          expect(array.every((x) => x === 0)).toBe(true);
        }
      },
      { continues: owner },
    );
    expect(typedArenaTotals().reusedBytes - reusedBefore).toBe(400_000 + 400_000);
    expect(owner.kept.every((x) => x === 1)).toBe(true);
  });

  it('overwrites temporaries when their arena ends while checking, and leaves kept arrays alone', () => {
    let temporary: Uint8Array = new Uint8Array(0);
    const kept = withTypedArena(1 << 20, () => {
      temporary = temporaryUint8Array(5000).fill(7);
      return uint8Array(5000).fill(9);
    });
    expect(temporary.every((x) => x === 0xa5)).toBe(true);
    expect(kept.every((x) => x === 9)).toBe(true);
  });

  it('never hands out bytes a kept array still holds, and always zero-filled, whatever arenas follow', () => {
    const allocation = fc.record({
      kind: fc.constantFrom('int32' as const, 'float64' as const, 'uint8' as const),
      temporary: fc.boolean(),
      length: fc.integer({ min: 0, max: 300_000 }),
    });
    // Each arena: its allocations, whether it continues from the first arena's result, and whether it nests in the next.
    const arenas = fc.array(fc.record({ allocations: fc.array(allocation, { maxLength: 8 }), continues: fc.boolean(), nested: fc.boolean() }), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(arenas, fc.integer({ min: 1, max: 4 }), (plan, megabytes) => {
        const kept: { array: Int32Array | Float64Array | Uint8Array; value: number }[] = [];
        let stamp = 1;
        const run = (allocations: readonly Allocation[]): void => {
          const live: ArrayBufferView[] = [];
          for (const spec of allocations) {
            const array = allocate(spec);
            expect(array.length).toBe(spec.length);
            expect(array.every((x) => x === 0)).toBe(true);
            for (const other of live) expect(overlaps(array, other)).toBe(false);
            for (const { array: old } of kept) expect(overlaps(array, old)).toBe(false);
            live.push(array);
            const value = stamp++ % 200;
            array.fill(value);
            if (!spec.temporary) kept.push({ array, value });
          }
        };
        const owner = { name: 'resolution' };
        for (let i = 0; i < plan.length; i++) {
          const arena = plan[i] as (typeof plan)[number];
          const inner = plan[i + 1];
          const options = i === 0 ? { leaveTailWith: () => owner } : arena.continues ? { continues: owner, leaveTailWith: () => owner } : undefined;
          withTypedArena(
            megabytes << 20,
            () => {
              run(arena.allocations);
              if (arena.nested && inner !== undefined) withTypedArena(megabytes << 20, () => run(inner.allocations));
              run(arena.allocations.slice(0, 2));
            },
            options,
          );
          if (arena.nested) i++;
        }
        for (const { array, value } of kept) expect(array.every((x) => x === value)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
