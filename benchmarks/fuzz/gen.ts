/**
 * Cheap generators for the fuzz benchmark, with the subset of fast-check's API its entry points use
 * (`tuple`, `oneof`, `record`, `map`, `chain` …), so an entry point's arguments read as they did.
 * Input `i` of an entry point is a pure function of (seed, entry point, i): a few multiplications seed
 * a small PRNG, so no input depends on the ones before it, a single input is regenerated in O(1) for
 * reproduction, and a million cost a second or two instead of fast-check's 0.3–6.5 ms each.
 * What is dear to build stays precomputed: random unicode and JSON from fast-check (pools built once
 * per process from a fixed seed), huge strings and deep nests (built once, shared by reference).
 */
import fc from 'fast-check';

/** mulberry32: 32 bits of state, good enough to pick among alternatives, not cryptographic. */
export class Rng {
  private state: number;
  /** How deep `letrec` recursion is, so nested values thin out. */
  depth = 0;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  u32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.float() * n);
  }
}

/** The seed of input `index` of entry point `name` in a run seeded `seed` (FNV-style, then a mix). */
export function inputSeed(seed: number, name: string, index: number): number {
  let h = (seed ^ 0x811c9dc5) | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  h = Math.imul(h ^ index, 0x9e3779b1);
  h ^= Math.floor(index / 4294967296);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) | 0;
}

export abstract class Gen<T> {
  abstract generate(rng: Rng): T;

  map<U>(f: (value: T) => U): Gen<U> {
    return new Mapped(this, f);
  }

  chain<U>(f: (value: T) => Gen<U>): Gen<U> {
    return new Chained(this, f);
  }
}
export type Arbitrary<T> = Gen<T>;

class Mapped<T, U> extends Gen<U> {
  constructor(
    private readonly inner: Gen<T>,
    private readonly f: (value: T) => U,
  ) {
    super();
  }
  generate(rng: Rng): U {
    return this.f(this.inner.generate(rng));
  }
}

class Chained<T, U> extends Gen<U> {
  constructor(
    private readonly inner: Gen<T>,
    private readonly f: (value: T) => Gen<U>,
  ) {
    super();
  }
  generate(rng: Rng): U {
    return this.f(this.inner.generate(rng)).generate(rng);
  }
}

class Fn<T> extends Gen<T> {
  constructor(private readonly f: (rng: Rng) => T) {
    super();
  }
  generate(rng: Rng): T {
    return this.f(rng);
  }
}

/** A generator from a function of the PRNG. */
export function from<T>(f: (rng: Rng) => T): Gen<T> {
  return new Fn(f);
}

export function constant<T>(value: T): Gen<T> {
  return from(() => value);
}

export function constantFrom<A extends unknown[]>(...values: A): Gen<A[number]> {
  return from((rng) => values[rng.below(values.length)]);
}

type Weighted<T> = Gen<T> | { readonly weight: number; readonly arbitrary: Gen<T> };
type OneofSettings = { readonly depthSize?: string; readonly withCrossShrink?: boolean };
type ValueOf<W> = W extends Gen<infer V> ? V : W extends { readonly arbitrary: Gen<infer V> } ? V : never;

/** One of the alternatives, by weight; with fast-check's `depthSize` settings first, deep levels take the first alternative. */
export function oneof<A extends (Weighted<any> | OneofSettings)[]>(...input: A): Gen<ValueOf<A[number]>> {
  type T = ValueOf<A[number]>;
  const args: (Weighted<T> | OneofSettings)[] = [...input];
  const settings = args.length > 0 && !(args[0] instanceof Gen) && !('arbitrary' in (args[0] as object)) ? (args.shift() as OneofSettings) : undefined;
  const gens: Gen<T>[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const arg of args as Weighted<T>[]) {
    const weighted = arg instanceof Gen ? { weight: 1, arbitrary: arg } : arg;
    total += weighted.weight;
    gens.push(weighted.arbitrary);
    cumulative.push(total);
  }
  const bounded = settings?.depthSize !== undefined;
  return from((rng) => {
    if (bounded && rng.depth >= 3) return (gens[0] as Gen<T>).generate(rng);
    const x = rng.float() * total;
    let i = 0;
    while ((cumulative[i] as number) <= x) i++;
    return (gens[i] as Gen<T>).generate(rng);
  });
}

type Values<G extends readonly Gen<unknown>[]> = { -readonly [K in keyof G]: G[K] extends Gen<infer V> ? V : never };

export function tuple<G extends readonly Gen<unknown>[]>(...gens: G): Gen<Values<G>> {
  return from((rng) => gens.map((g) => g.generate(rng)) as Values<G>);
}

export function boolean(): Gen<boolean> {
  return from((rng) => (rng.u32() & 1) === 1);
}

/** An integer in [min, max]; without bounds, small ones and the int32 extremes more often than chance. */
export function integer(bounds?: { readonly min?: number; readonly max?: number }): Gen<number> {
  const min = bounds?.min ?? -2147483648;
  const max = bounds?.max ?? 2147483647;
  const span = max - min + 1;
  return from((rng) => {
    const pick = rng.below(16);
    if (pick === 0) return min;
    if (pick === 1) return max;
    if (pick < 6 && min <= 0 && max >= 0) return Math.max(min, Math.min(max, rng.below(21) - 10));
    return min + Math.floor(rng.float() * span);
  });
}

const SPECIAL_DOUBLES = [0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON, 1, -1, 0.5];
const doubleView = new DataView(new ArrayBuffer(8));

/** Any double (random bits: subnormals, huge, NaN …), special values often; within [min, max] when given. */
export function double(bounds?: { readonly min?: number; readonly max?: number }): Gen<number> {
  if (bounds?.min !== undefined || bounds?.max !== undefined) {
    const min = bounds.min ?? -Number.MAX_VALUE;
    const max = bounds.max ?? Number.MAX_VALUE;
    return from((rng) => (rng.below(8) === 0 ? (rng.u32() & 1 ? min : max) : min + rng.float() * (max - min)));
  }
  return from((rng) => {
    const pick = rng.below(8);
    if (pick === 0) return SPECIAL_DOUBLES[rng.below(SPECIAL_DOUBLES.length)] as number;
    if (pick < 4) return (rng.float() - 0.5) * 2 ** rng.below(64);
    doubleView.setUint32(0, rng.u32());
    doubleView.setUint32(4, rng.u32());
    return doubleView.getFloat64(0);
  });
}

export function array<T>(gen: Gen<T>, bounds?: { readonly minLength?: number; readonly maxLength?: number }): Gen<T[]> {
  const min = bounds?.minLength ?? 0;
  const max = bounds?.maxLength ?? 10;
  return from((rng) => {
    // Lists thin out with depth, as fast-check's do, so recursive values stay small.
    const top = rng.depth >= 2 ? Math.min(max, min + 1) : max;
    const length = min + rng.below(top - min + 1);
    const out: T[] = new Array(length);
    for (let i = 0; i < length; i++) out[i] = gen.generate(rng);
    return out;
  });
}

export function uint8Array(bounds?: { readonly minLength?: number; readonly maxLength?: number }): Gen<Uint8Array> {
  const min = bounds?.minLength ?? 0;
  const max = bounds?.maxLength ?? 10;
  return from((rng) => {
    const out = new Uint8Array(min + rng.below(max - min + 1));
    for (let i = 0; i < out.length; i++) out[i] = rng.u32() & 255;
    return out;
  });
}

/**
 * Sets a key the way JSON.parse does: `__proto__` becomes an own property, not the prototype. Only
 * `__proto__` is an accessor on Object.prototype; any other key, assigned, becomes the same own,
 * enumerable, writable, configurable data property that defineProperty makes (at a tenth of the cost).
 */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** An object of the shape; keys outside `requiredKeys` (when given) are present half the time. */
export function record<S extends Record<string, Gen<unknown>>>(
  shape: S,
  options?: { readonly requiredKeys?: readonly (keyof S)[] },
): Gen<{ [K in keyof S]: S[K] extends Gen<infer V> ? V : never }> {
  const keys = Object.keys(shape);
  const required = options?.requiredKeys === undefined ? undefined : new Set<string>(options.requiredKeys as string[]);
  return from((rng) => {
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      if (required !== undefined && !required.has(key) && (rng.u32() & 1) === 0) continue;
      put(out, key, (shape[key] as Gen<unknown>).generate(rng));
    }
    return out as never;
  });
}

export function dictionary<V>(keys: Gen<string>, values: Gen<V>, bounds?: { readonly maxKeys?: number }): Gen<Record<string, V>> {
  const max = bounds?.maxKeys ?? 5;
  return from((rng) => {
    const out: Record<string, V> = {};
    const count = rng.below((rng.depth >= 2 ? Math.min(max, 1) : max) + 1);
    for (let i = 0; i < count; i++) put(out, keys.generate(rng), values.generate(rng));
    return out;
  });
}

export function option<T, N = null>(gen: Gen<T>, options?: { readonly freq?: number; readonly nil?: N }): Gen<T | N> {
  const freq = options?.freq ?? 5;
  const nil = (options && 'nil' in options ? options.nil : null) as N;
  return from((rng) => (rng.below(freq) === 0 ? nil : gen.generate(rng)));
}

/** fast-check's own values, made once per process from a fixed seed and drawn from at random. */
function pool<T>(arbitrary: fc.Arbitrary<T>, size: number, seed: number): Gen<T> {
  let values: T[] | undefined;
  return from((rng) => {
    values ??= fc.sample(arbitrary, { seed, numRuns: size });
    return values[rng.below(values.length)] as T;
  });
}

const STRING_POOL = 4096;
const stringPools = new Map<string, Gen<string>>();

/** Random strings as fast-check makes them (unicode graphemes, binary), from a pool. */
export function string(options?: { readonly unit?: 'grapheme' | 'binary'; readonly maxLength?: number }): Gen<string> {
  const unit = options?.unit ?? 'grapheme-ascii';
  const maxLength = options?.maxLength ?? 10;
  const key = `${unit}/${maxLength}`;
  let gen = stringPools.get(key);
  if (gen === undefined) {
    const arbitrary = unit === 'grapheme-ascii' ? fc.string({ maxLength }) : fc.string({ unit: unit as 'grapheme' | 'binary', maxLength });
    // The pool's seed comes from its key, not from the order pools are made in: a repro process makes them in another order.
    stringPools.set(key, (gen = pool(arbitrary, STRING_POOL, inputSeed(1, key, 0))));
  }
  return gen;
}

/** JSON values as fast-check makes them, from a pool. */
export function json(): Gen<string> {
  return pool(fc.json(), 1024, 99);
}

/** Strings of the few patterns the entry points use: `[set]{m,n}` and literal characters, anchored. */
export function stringMatching(pattern: RegExp): Gen<string> {
  const parts: { chars: string; min: number; max: number }[] = [];
  const source = pattern.source.replace(/^\^/, '').replace(/\$$/, '');
  const part = /\[([^\]]+)\](?:\{(\d+)(?:,(\d+))?\})?|(\\.|[^[])/g;
  for (const m of source.matchAll(part)) {
    if (m[1] !== undefined) {
      const chars = m[1]
        .replace(/([^\\])-([^\]])/g, (_all, a: string, b: string) => {
          let out = a;
          for (let c = a.charCodeAt(0) + 1; c <= b.charCodeAt(0); c++) out += String.fromCharCode(c);
          return out;
        })
        .replace(/\\(.)/g, '$1');
      parts.push({ chars, min: Number(m[2] ?? 1), max: Number(m[3] ?? m[2] ?? 1) });
    } else parts.push({ chars: (m[4] as string).replace(/^\\/, ''), min: 1, max: 1 });
  }
  return from((rng) => {
    let out = '';
    for (const p of parts) {
      const n = p.min + rng.below(p.max - p.min + 1);
      for (let i = 0; i < n; i++) out += p.chars[rng.below(p.chars.length)];
    }
    return out;
  });
}

/** Recursive generators, as fast-check's `letrec`: `tie(name)` refers to a generator of the set, one level deeper. */
export function letrec<R extends Record<string, unknown>>(
  builder: (tie: (name: keyof R) => Gen<unknown>) => { [K in keyof R]: Gen<R[K]> },
): { [K in keyof R]: Gen<R[K]> } {
  const built: Partial<Record<keyof R, Gen<unknown>>> = {};
  const tie = (name: keyof R): Gen<unknown> =>
    from((rng) => {
      rng.depth++;
      try {
        return (built[name] as Gen<unknown>).generate(rng);
      } finally {
        rng.depth--;
      }
    });
  Object.assign(built, builder(tie));
  return built as { [K in keyof R]: Gen<R[K]> };
}

/**
 * A digest of a generated value, exact enough that two harness versions producing it can be compared:
 * types, numbers (−0, NaN), strings, symbols by description, functions by source, typed arrays by
 * bytes, dates, maps, sets, prototypes (`Object.create(null)`), and every own key with its property
 * flags. Iterative, so 20,000-level nests are fine; a value met again is named by its first position.
 */
export function digestOf(value: unknown, update: (text: string) => void): void {
  const seen = new Map<object, number>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') update(`s${current.length}:${current}`);
    else if (typeof current === 'number') update(`n${Object.is(current, -0) ? '-0' : String(current)};`);
    else if (typeof current === 'bigint') update(`b${current};`);
    else if (typeof current === 'boolean' || current === undefined || current === null) update(`${String(current)};`);
    else if (typeof current === 'symbol') update(`y${String(current.description)};`);
    else if (typeof current === 'function') update(`f${String(current)};`);
    else if (typeof current === 'object') {
      const first = seen.get(current);
      if (first !== undefined) {
        update(`@${first};`);
        continue;
      }
      seen.set(current, seen.size);
      const proto = Object.getPrototypeOf(current) as { constructor?: { name?: string } } | null;
      update(`o${proto === null ? 'null' : String(proto.constructor?.name)}{`);
      if (ArrayBuffer.isView(current)) update(Buffer.from(current.buffer, current.byteOffset, current.byteLength).toString('hex'));
      else if (current instanceof Date) update(String(current.getTime()));
      else if (current instanceof RegExp) update(String(current));
      else if (current instanceof Map || current instanceof Set) stack.push([...current]);
      const keys = Reflect.ownKeys(current);
      // Pushed in reverse, so they are walked in key order.
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string | symbol;
        const descriptor = Object.getOwnPropertyDescriptor(current, key) as PropertyDescriptor;
        stack.push('value' in descriptor ? descriptor.value : '<accessor>');
        stack.push(
          `k${typeof key === 'symbol' ? `@${String(key.description)}` : key}:${descriptor.enumerable ? 'e' : ''}${descriptor.writable ? 'w' : ''}${descriptor.configurable ? 'c' : ''}`,
        );
      }
    }
  }
}
