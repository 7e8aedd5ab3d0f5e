import { int32Array, type Int32Allocator } from './typedArena.js';

/** An append-only Int32 buffer that doubles when full: pairs are counted in tens of millions. */
export class GrowableInt32 {
  private buffer: Int32Array;
  length = 0;

  constructor(
    initialCapacity = 1024,
    private readonly allocate: Int32Allocator = int32Array,
  ) {
    this.buffer = allocate(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = this.allocate(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }

  /** The value at `index` (below `length`). */
  at(index: number): number {
    return this.buffer[index] as number;
  }

  /** The contents, as a view of the buffer (no copy): push nothing after taking it. */
  toArray(): Int32Array {
    return this.buffer.subarray(0, this.length);
  }
}
