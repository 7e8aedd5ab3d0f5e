/**
 * A small direct-mapped cache of values by ordered pair of non-negative 32-bit keys (value ids, or
 * dates as yyyymmdd). Candidate pairs repeat value pairs — the same two spellings of a name, the same
 * two birth places — and mostly close together in pair order (records of one person sit in the same blocks), so a cache that fits in L2 keeps most of
 * the hits of an unbounded one (≈ 0.71 vs 0.76 of name pairs at 1M records) at a fraction of the cost:
 * a hash table that holds every pair outgrows the cache and pays a memory miss per lookup.
 */
export interface PairCache {
  /** Left and right key held by each slot, interleaved; -1 = empty. */
  readonly keys: Int32Array;
  readonly values: Float64Array;
  /** Slots − 1 (a power of two). */
  readonly mask: number;
}

const SLOTS = 1 << 14;

/**
 * An empty cache for a batch of pairs: its full size, or fewer slots for a batch with fewer pairs (a
 * lookup compares a handful: a quarter megabyte to clear for each would cost more than the pairs).
 */
export function pairCache(batch?: { readonly left: { readonly length: number } }): PairCache {
  let slots = 16;
  while (slots < SLOTS && slots < (batch?.left.length ?? SLOTS) * 2) slots *= 2;
  return { keys: new Int32Array(slots * 2).fill(-1), values: new Float64Array(slots), mask: slots - 1 };
}

/** The one slot of `cache` the pair (a, b) of non-negative keys may occupy. */
export function slotOf(cache: PairCache, a: number, b: number): number {
  // Murmur3's finalizer over a·φ + b: keys are dense and pairs correlated, so every bit must mix.
  let hash = Math.imul(a, 0x9e3779b1) + b;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) & cache.mask;
}

/** Whether `slot` holds the value of (a, b). */
export function holdsPair(cache: PairCache, slot: number, a: number, b: number): boolean {
  return cache.keys[slot * 2] === a && cache.keys[slot * 2 + 1] === b;
}

/** Stores the value of (a, b) in its slot, evicting whatever was there, and returns the value. */
export function storeInSlot(cache: PairCache, slot: number, a: number, b: number, value: number): number {
  cache.keys[slot * 2] = a;
  cache.keys[slot * 2 + 1] = b;
  cache.values[slot] = value;
  return value;
}
