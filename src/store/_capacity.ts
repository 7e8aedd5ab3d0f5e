/**
 * The capacity a store array grows to so that it holds `needed` items: its `current` capacity while
 * that is enough, else twice it, or `needed` and an eighth more when that is larger.
 *
 * Why the eighth: a first batch grows each array once, straight to its size. Sized exactly, the
 * store's next write — one record — would grow every store-sized array again: a copy of each (the
 * per-value rescore queues, the columns, the pair lists), and for typed arrays new external memory,
 * which makes V8 start a full collection of a heap that at a million persons is near its limit. With
 * the headroom the small writes after a batch fit, and an array grows again only after its size has
 * grown by an eighth: a copy per eighth, paid once, not per first touch.
 *
 * @example
 * grownCapacity(10, 16) // 16
 * grownCapacity(17, 16) // 32
 * grownCapacity(2_000_000, 1024) // 2_250_000
 */
export function grownCapacity(needed: number, current: number): number {
  if (needed <= current) return current;
  return Math.max(needed + Math.floor(needed / 8), current * 2);
}
