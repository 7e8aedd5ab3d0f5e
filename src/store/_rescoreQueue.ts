import { grownCapacity } from './_capacity.js';

/**
 * Term-frequency pairs (or constrained components) by the drift at which their stored weight could
 * first reach a decision threshold (their *trigger*): a binary min-heap in typed arrays. When the
 * store's drift passes a pair's trigger the pair is rescored; until then its stored weight is on the
 * right side of both thresholds, so the store never walks the pairs that cannot change a decision. A
 * pair pushed again leaves its older entry behind; in a tagged queue each entry carries a tag (what
 * the pair was scored at), so the caller can tell the live entry from the ones left behind and
 * `retain` can drop the others.
 */
export class RescoreQueue {
  private keys: Float64Array;
  /** Empty unless the queue is tagged. */
  private tags: Float64Array;
  private readonly tagged: boolean;
  private pairs: Int32Array;
  private size = 0;

  /** `capacity`: entries before the first growth (small for the many per-value queues); `tagged`: whether entries carry tags. */
  constructor(capacity = 1024, tagged = false) {
    this.tagged = tagged;
    this.keys = new Float64Array(capacity);
    this.tags = new Float64Array(tagged ? capacity : 0);
    this.pairs = new Int32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /**
   * Makes room for `needed` entries (a batch knows how many it will push): one allocation at that
   * size and an eighth, or at twice the current one if more (see `grownCapacity`).
   */
  reserve(needed: number): void {
    if (needed <= this.keys.length) return;
    const capacity = grownCapacity(needed, this.keys.length);
    const keys = new Float64Array(capacity);
    keys.set(this.keys.subarray(0, this.size));
    this.keys = keys;
    if (this.tagged) {
      const tags = new Float64Array(capacity);
      tags.set(this.tags.subarray(0, this.size));
      this.tags = tags;
    }
    const pairs = new Int32Array(capacity);
    pairs.set(this.pairs.subarray(0, this.size));
    this.pairs = pairs;
  }

  /** Adds a pair with its trigger and tag. */
  push(pair: number, trigger: number, tag = 0): void {
    if (this.size === this.keys.length) this.reserve(Math.max(4, this.size + 1));
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((this.keys[parent] as number) <= trigger) break;
      this.keys[at] = this.keys[parent] as number;
      if (this.tagged) this.tags[at] = this.tags[parent] as number;
      this.pairs[at] = this.pairs[parent] as number;
      at = parent;
    }
    this.keys[at] = trigger;
    if (this.tagged) this.tags[at] = tag;
    this.pairs[at] = pair;
  }

  /** The smallest trigger, or +∞ when empty. */
  peek(): number {
    return this.size === 0 ? Number.POSITIVE_INFINITY : (this.keys[0] as number);
  }

  /** The tag of the entry with the smallest trigger (a tagged queue, not empty). */
  peekTag(): number {
    return this.tags[0] as number;
  }

  /** Removes the entry with the smallest trigger and returns its pair (the queue must not be empty). */
  pop(): number {
    const top = this.pairs[0] as number;
    const last = --this.size;
    const key = this.keys[last] as number;
    const tag = this.tagged ? (this.tags[last] as number) : 0;
    const pair = this.pairs[last] as number;
    this.siftDown(0, last, key, tag, pair);
    return top;
  }

  /** Keeps the entries `keep` accepts (given pair and tag), with their triggers; returns how many are left. */
  retain(keep: (pair: number, tag: number) => boolean): number {
    let size = 0;
    for (let i = 0; i < this.size; i++) {
      const pair = this.pairs[i] as number;
      const tag = this.tagged ? (this.tags[i] as number) : 0;
      if (!keep(pair, tag)) continue;
      this.keys[size] = this.keys[i] as number;
      if (this.tagged) this.tags[size] = tag;
      this.pairs[size] = pair;
      size++;
    }
    this.size = size;
    // Bottom-up heap construction over the kept entries.
    for (let start = (size >> 1) - 1; start >= 0; start--) {
      const key = this.keys[start] as number;
      const tag = this.tagged ? (this.tags[start] as number) : 0;
      const pair = this.pairs[start] as number;
      this.siftDown(start, size, key, tag, pair);
    }
    return size;
  }

  /** Puts an entry at `start` of a heap of `size` entries and moves it down to its place. */
  private siftDown(start: number, size: number, key: number, tag: number, pair: number): void {
    let at = start;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && (this.keys[child + 1] as number) < (this.keys[child] as number)) child++;
      if ((this.keys[child] as number) >= key) break;
      this.keys[at] = this.keys[child] as number;
      if (this.tagged) this.tags[at] = this.tags[child] as number;
      this.pairs[at] = this.pairs[child] as number;
      at = child;
    }
    this.keys[at] = key;
    if (this.tagged) this.tags[at] = tag;
    this.pairs[at] = pair;
  }

  /** Empties the queue (before a rebuild that drops stale entries). */
  clear(): void {
    this.size = 0;
  }
}
