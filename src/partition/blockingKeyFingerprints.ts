import { textOf, type PreparedColumn } from '../model/column.js';
import { getKeyTransform } from '../model/keyTransforms.js';
import type { CompiledBlockingRule } from '../model/compileModel.js';

const VALUE_TRANSFORM = getKeyTransform('value');
const LOW = 2 ** 32;

/** Two 32-bit FNV-1a lanes of a text, seeded differently: a part of a key fingerprint. */
function hashText(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function mix(hash: number, value: number): number {
  let h = Math.imul(hash ^ value, 0x9e3779b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x85ebca77) >>> 0;
}

/**
 * Each record's blocking key under every rule, as a 52-bit number (NaN: the record has no key under
 * that rule). Equal keys give equal fingerprints in every partition and process, so keys can be
 * compared across partitions without the records: a key found in two partitions is one the
 * cross-partition pass must block on. The rule's index is part of the fingerprint. Two different keys
 * share a fingerprint with odds of about one in 2^52 per pair: the only effect would be a few more
 * records in the cross-partition pass.
 *
 * @example
 * const keys = blockingKeyFingerprints(compiled.blockingRules, columns, records.length);
 * keys[0][5] // the fingerprint of record 5's NIK key, or NaN
 */
export function blockingKeyFingerprints(rules: readonly CompiledBlockingRule[], columns: ReadonlyMap<string, PreparedColumn>, count: number): Float64Array[] {
  // Per (column, transform): both lanes of each distinct value's key part, computed once per value.
  const partCache = new Map<string, { high: Uint32Array; low: Uint32Array; present: Uint8Array }>();
  const partOf = (part: CompiledBlockingRule['parts'][number]) => {
    const cacheKey = `${part.column}|${part.transformName}`;
    let hashed = partCache.get(cacheKey);
    if (hashed !== undefined) return hashed;
    const column = columns.get(part.column) as PreparedColumn;
    const high = new Uint32Array(column.distinctValues);
    const low = new Uint32Array(column.distinctValues);
    const present = new Uint8Array(column.distinctValues);
    const done = new Uint8Array(column.distinctValues);
    for (let record = 0; record < count; record++) {
      const id = column.ids[record] as number;
      if (id < 0 || done[id] === 1) continue;
      done[id] = 1;
      const text = part.transform === VALUE_TRANSFORM ? textOf(column, record) : part.transform(column, record);
      if (text === null) continue;
      present[id] = 1;
      high[id] = hashText(text, 0x5bd1e995);
      low[id] = hashText(text, 0x27d4eb2f);
    }
    hashed = { high, low, present };
    partCache.set(cacheKey, hashed);
    return hashed;
  };
  return rules.map((rule, ruleIndex) => {
    const parts = rule.parts.map((part) => ({ ids: (columns.get(part.column) as PreparedColumn).ids, ...partOf(part) }));
    const keys = new Float64Array(count);
    for (let record = 0; record < count; record++) {
      let high = mix(0x1b873593, ruleIndex);
      let low = mix(0xcc9e2d51, ruleIndex);
      let keyed = true;
      for (const part of parts) {
        const id = part.ids[record] as number;
        if (id < 0 || part.present[id] === 0) {
          keyed = false;
          break;
        }
        high = mix(high, part.high[id] as number);
        low = mix(low, part.low[id] as number);
      }
      keys[record] = keyed ? (high & 0xfffff) * LOW + low : Number.NaN;
    }
    return keys;
  });
}

/** The distinct fingerprints of all rules, sorted ascending: what one partition tells the others. */
export function distinctFingerprints(keys: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const rule of keys) for (let r = 0; r < rule.length; r++) if (!Number.isNaN(rule[r] as number)) total++;
  const all = new Float64Array(total);
  let at = 0;
  for (const rule of keys) for (let r = 0; r < rule.length; r++) if (!Number.isNaN(rule[r] as number)) all[at++] = rule[r] as number;
  all.sort();
  let unique = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[unique - 1]) all[unique++] = all[i] as number;
  return all.slice(0, unique);
}

/**
 * The fingerprints found in two or more partitions, sorted: given each partition's distinct sorted
 * fingerprints, sorts them together once and keeps the repeated ones.
 */
export function spanningFingerprints(perPartition: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const keys of perPartition) total += keys.length;
  const all = new Float64Array(total);
  let at = 0;
  for (const keys of perPartition) {
    all.set(keys, at);
    at += keys.length;
  }
  all.sort();
  const spanning: number[] = [];
  for (let i = 1; i < all.length; i++) {
    if (all[i] === all[i - 1] && (spanning.length === 0 || spanning[spanning.length - 1] !== all[i])) spanning.push(all[i] as number);
  }
  return Float64Array.from(spanning);
}

/** Whether a sorted fingerprint list holds a value (binary search). */
export function hasFingerprint(sorted: Float64Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = sorted[middle] as number;
    if (at === value) return true;
    if (at < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * A sorted fingerprint list behind a bitmap of its values' low bits (about 8 bits per value): a test of
 * a value that is not in it — most of what a collect job tests — is one probe of the bitmap, which
 * stays in the processor's cache, instead of a binary search over millions of values.
 */
export interface FingerprintSet {
  readonly sorted: Float64Array;
  readonly bits: Uint32Array;
  readonly mask: number;
}

/**
 * The set of a sorted fingerprint list, for {@link hasFingerprintIn}.
 *
 * @example
 * const spanning = fingerprintSet(Float64Array.of(7, 2 ** 40 + 3));
 * hasFingerprintIn(spanning, 7) // true
 */
export function fingerprintSet(sorted: Float64Array): FingerprintSet {
  let size = 1 << 16;
  while (size < sorted.length * 8 && size < 1 << 28) size *= 2;
  const bits = new Uint32Array(size >>> 5);
  const mask = size - 1;
  for (let i = 0; i < sorted.length; i++) {
    // The low 32 bits of a fingerprint are one FNV lane: uniform. (`>>> 0` takes an integer modulo 2^32.)
    const bit = ((sorted[i] as number) >>> 0) & mask;
    bits[bit >>> 5] = (bits[bit >>> 5] as number) | (1 << (bit & 31));
  }
  return { sorted, bits, mask };
}

/** Whether a fingerprint set holds a value: {@link hasFingerprint} on its list, for values the bitmap does not turn away. */
export function hasFingerprintIn(set: FingerprintSet, value: number): boolean {
  const bit = (value >>> 0) & set.mask;
  if (((set.bits[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return false;
  return hasFingerprint(set.sorted, value);
}

/** Whether any of a record's fingerprints (one per rule) is spanning. */
export function isSpanning(keys: readonly Float64Array[], record: number, spanning: Float64Array): boolean {
  for (const rule of keys) {
    const value = rule[record] as number;
    if (!Number.isNaN(value) && hasFingerprint(spanning, value)) return true;
  }
  return false;
}
