/**
 * Term-frequency pairs by the drift at which their stored weight could first reach a decision
 * threshold (their *trigger*): a binary min-heap in typed arrays. When the store's drift passes a
 * pair's trigger the pair is rescored; until then its stored weight is on the right side of both
 * thresholds, so the store never walks the pairs that cannot change a decision. A pair pushed
 * again leaves its older entry behind; `current` tells the caller which entry is the live one.
 */
export class RescoreQueue {
  private keys = new Float64Array(1024);
  private pairs = new Int32Array(1024);
  private size = 0;

  get length(): number {
    return this.size;
  }

  /** Adds a pair with its trigger. */
  push(pair: number, trigger: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const pairs = new Int32Array(this.size * 2);
      pairs.set(this.pairs);
      this.pairs = pairs;
    }
    let at = this.size++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((this.keys[parent] as number) <= trigger) break;
      this.keys[at] = this.keys[parent] as number;
      this.pairs[at] = this.pairs[parent] as number;
      at = parent;
    }
    this.keys[at] = trigger;
    this.pairs[at] = pair;
  }

  /** The smallest trigger, or +∞ when empty. */
  peek(): number {
    return this.size === 0 ? Number.POSITIVE_INFINITY : (this.keys[0] as number);
  }

  /** Removes the entry with the smallest trigger and returns its pair (the queue must not be empty). */
  pop(): number {
    const top = this.pairs[0] as number;
    const last = --this.size;
    const key = this.keys[last] as number;
    const pair = this.pairs[last] as number;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= last) break;
      if (child + 1 < last && (this.keys[child + 1] as number) < (this.keys[child] as number)) child++;
      if ((this.keys[child] as number) >= key) break;
      this.keys[at] = this.keys[child] as number;
      this.pairs[at] = this.pairs[child] as number;
      at = child;
    }
    this.keys[at] = key;
    this.pairs[at] = pair;
    return top;
  }

  /** Empties the queue (before a rebuild that drops stale entries). */
  clear(): void {
    this.size = 0;
  }
}
