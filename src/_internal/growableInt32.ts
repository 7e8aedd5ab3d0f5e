/** An append-only Int32 buffer that doubles when full: pairs are counted in tens of millions. */
export class GrowableInt32 {
  private buffer: Int32Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Int32Array(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Int32Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }

  /** A trimmed copy of the contents. */
  toArray(): Int32Array {
    return this.buffer.slice(0, this.length);
  }
}
