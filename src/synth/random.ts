/**
 * A small seeded PRNG (sfc32) and the draws the generator needs. No `Math.random` anywhere in
 * src/synth: the same seed must give byte-identical datasets on every machine and Node version,
 * and sfc32 uses only 32-bit integer arithmetic, which is exact in every JS engine.
 */

/** A seeded random source: mutable state behind plain functions. */
export interface Random {
  /** The four 32-bit words of sfc32 state; mutated by every draw. */
  readonly state: Uint32Array;
}

/** Hashes a string or number seed to a 32-bit integer (cyrb53-style mixing, low half). */
function hashSeed(seed: string | number, salt: number): number {
  const text = typeof seed === 'number' ? `n:${seed}` : `s:${seed}`;
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/**
 * Creates an sfc32 generator from a seed; `stream` derives independent generators from one seed.
 *
 * @example
 * const rng = createRandom(42);
 * nextFloat(rng) // → the same number in [0, 1) on every run
 */
export function createRandom(seed: string | number, stream = 0): Random {
  const state = new Uint32Array(4);
  state[0] = hashSeed(seed, 0x9e3779b9 ^ stream);
  state[1] = hashSeed(seed, 0x85ebca6b ^ stream);
  state[2] = hashSeed(seed, 0xc2b2ae35 ^ stream);
  state[3] = 1;
  const rng: Random = { state };
  // The first outputs of sfc32 are poorly mixed; discard them as its author recommends.
  for (let i = 0; i < 15; i++) nextUint32(rng);
  return rng;
}

/**
 * The next 32-bit unsigned integer.
 *
 * @example
 * nextUint32(createRandom(1)) // → an integer in [0, 2^32)
 */
export function nextUint32(rng: Random): number {
  const s = rng.state;
  const a = s[0]!;
  const b = s[1]!;
  const c = s[2]!;
  const d = s[3]!;
  const t = (((a + b) >>> 0) + d) >>> 0;
  s[3] = (d + 1) >>> 0;
  s[0] = b ^ (b >>> 9);
  s[1] = (c + (c << 3)) >>> 0;
  s[2] = (((c << 21) | (c >>> 11)) + t) >>> 0;
  return t;
}

/**
 * A float in [0, 1).
 *
 * @example
 * nextFloat(createRandom(1)) // → 0.… (deterministic)
 */
export function nextFloat(rng: Random): number {
  return nextUint32(rng) / 4294967296;
}

/**
 * An integer in [min, max] (both inclusive).
 *
 * @example
 * nextInt(createRandom(1), 1, 6) // → a die roll
 */
export function nextInt(rng: Random, min: number, max: number): number {
  return min + Math.floor(nextFloat(rng) * (max - min + 1));
}

/**
 * True with probability `p`.
 *
 * @example
 * chance(createRandom(1), 0.5) // → true or false
 */
export function chance(rng: Random, p: number): boolean {
  return p > 0 && nextFloat(rng) < p;
}

/**
 * A uniformly chosen element of a non-empty array.
 *
 * @example
 * pick(createRandom(1), ['a', 'b']) // → 'a' or 'b'
 */
export function pick<T>(rng: Random, items: readonly T[]): T {
  return items[Math.floor(nextFloat(rng) * items.length)] as T;
}

/**
 * A normally distributed number (Box–Muller), for ages and areas.
 *
 * @example
 * nextNormal(createRandom(1), 30, 5) // → around 30
 */
export function nextNormal(rng: Random, mean: number, sd: number): number {
  const u = 1 - nextFloat(rng);
  const v = nextFloat(rng);
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A precomputed weighted choice: cumulative weights over items, sampled by binary search. */
export interface WeightedTable<T> {
  readonly items: readonly T[];
  readonly cumulative: Float64Array;
  readonly total: number;
}

/**
 * Builds a weighted table once so each draw is O(log n).
 *
 * @example
 * const t = weightedTable(['a', 'b'], [3, 1]);
 * pickWeighted(createRandom(1), t) // → 'a' three times out of four
 */
export function weightedTable<T>(items: readonly T[], weights: readonly number[]): WeightedTable<T> {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += Math.max(0, weights[i] ?? 0);
    cumulative[i] = total;
  }
  return { items, cumulative, total };
}

/**
 * Draws from a weighted table.
 *
 * @example
 * pickWeighted(createRandom(1), weightedTable(['x'], [1])) // → 'x'
 */
export function pickWeighted<T>(rng: Random, table: WeightedTable<T>): T {
  const target = nextFloat(rng) * table.total;
  const c = table.cumulative;
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return table.items[lo] as T;
}

/**
 * Zipf weights 1/rank^exponent for a list ordered from most to least common.
 *
 * @example
 * zipfWeights(3) // → [1, 0.5, 0.333…]
 */
export function zipfWeights(count: number, exponent = 1): number[] {
  const weights: number[] = [];
  for (let rank = 1; rank <= count; rank++) weights.push(1 / rank ** exponent);
  return weights;
}
