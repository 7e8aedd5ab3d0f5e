import { grownCapacity } from './_capacity.js';

/**
 * Candidate pairs of the store in typed arrays: endpoints (left has the smaller record key, as in the
 * batch run), the blocking rules that produce the pair (a bit mask: a pair lives while any rule
 * produces it), the comparison vector and the match weight. Each slot's pairs form a linked list
 * threaded through `nextLeft` / `nextRight`, 8 bytes per pair instead of one JS array per record.
 */
export class PairStore {
  readonly width: number;
  count = 0;
  left: Int32Array = new Int32Array(1024);
  right: Int32Array = new Int32Array(1024);
  mask: Int32Array = new Int32Array(1024);
  weight: Float64Array = new Float64Array(1024);
  /** The store's term-frequency drift when the weight was last computed exactly (see EntityStore's rescore). */
  exactAt: Float64Array = new Float64Array(1024);
  nextLeft: Int32Array = new Int32Array(1024);
  nextRight: Int32Array = new Int32Array(1024);
  levels: Uint8Array;
  head: Int32Array = new Int32Array(1024).fill(-1);

  constructor(width: number) {
    this.width = width;
    this.levels = new Uint8Array(1024 * width);
  }

  ensureSlots(slots: number): void {
    if (slots <= this.head.length) return;
    const grown = new Int32Array(grownCapacity(slots, this.head.length)).fill(-1);
    grown.set(this.head);
    this.head = grown;
  }

  /**
   * Room for `more` pairs beyond those made: a write that is about to make that many takes it once,
   * so a batch leaves an eighth to spare (see grownCapacity) rather than the array size that pair
   * by pair growth happened to reach, which the next small write could cross, copying every pair.
   */
  reserve(more: number): void {
    this.ensurePairs(this.count + more);
  }

  private ensurePairs(pairs: number): void {
    if (pairs <= this.left.length) return;
    const size = grownCapacity(pairs, this.left.length);
    const int = (array: Int32Array): Int32Array => {
      const grown = new Int32Array(size);
      grown.set(array);
      return grown;
    };
    this.left = int(this.left);
    this.right = int(this.right);
    this.mask = int(this.mask);
    this.nextLeft = int(this.nextLeft);
    this.nextRight = int(this.nextRight);
    const weight = new Float64Array(size);
    weight.set(this.weight);
    this.weight = weight;
    const exactAt = new Float64Array(size);
    exactAt.set(this.exactAt);
    this.exactAt = exactAt;
    const levels = new Uint8Array(size * this.width);
    levels.set(this.levels);
    this.levels = levels;
  }

  /** The next pair of `slot`'s list after `pair`. */
  next(pair: number, slot: number): number {
    return this.left[pair] === slot ? (this.nextLeft[pair] as number) : (this.nextRight[pair] as number);
  }

  /** The pair between two slots, or -1. */
  find(a: number, b: number): number {
    for (let p = this.head[a] as number; p >= 0; p = this.next(p, a)) {
      if (this.left[p] === b || this.right[p] === b) return p;
    }
    return -1;
  }

  /** Adds a live pair; `left` must have the smaller record key. */
  create(left: number, right: number, mask: number): number {
    const p = this.count++;
    this.ensurePairs(this.count);
    this.left[p] = left;
    this.right[p] = right;
    this.mask[p] = mask;
    this.weight[p] = Number.NEGATIVE_INFINITY;
    this.nextLeft[p] = this.head[left] as number;
    this.head[left] = p;
    this.nextRight[p] = this.head[right] as number;
    this.head[right] = p;
    return p;
  }

  /** Unthreads a dead pair from both endpoints' lists (its id is never reused). */
  unlink(pair: number): void {
    this.mask[pair] = 0;
    for (const slot of [this.left[pair] as number, this.right[pair] as number]) {
      let previous = -1;
      for (let p = this.head[slot] as number; p >= 0; p = this.next(p, slot)) {
        if (p !== pair) {
          previous = p;
          continue;
        }
        const after = this.next(p, slot);
        if (previous < 0) this.head[slot] = after;
        else if (this.left[previous] === slot) this.nextLeft[previous] = after;
        else this.nextRight[previous] = after;
        break;
      }
    }
  }
}
