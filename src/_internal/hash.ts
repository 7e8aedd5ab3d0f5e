import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so two equal values always give the same text
 * (JSON.stringify keeps insertion order, which would make a fingerprint depend on how a policy was typed).
 * Undefined object members are left out, as JSON.stringify does; functions and symbols are refused.
 */
const MAX_DEPTH = 256;

export function canonicalJson(value: unknown, depth = 0): string {
  // Recursion is fine for policies and models; a hostile value nested deeper must not overflow the stack.
  if (depth > MAX_DEPTH) throw new TypeError('canonicalJson: nested too deeply');
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // JSON has no NaN/Infinity; say so rather than silently writing null.
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item, depth + 1))).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

/** SHA-256 of a value's canonical JSON, hex: the content fingerprint of specs, models and policies. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * A fast 64-bit hash of a string as 16 hex digits (two independent 32-bit FNV-1a/murmur-mixed lanes).
 * Not cryptographic: used for stable, well-spread IDs where sha256 per record would cost seconds per
 * million.
 */
export function hash64(text: string): string {
  startHash(text.length);
  mixText(text);
  return finishHash();
}

/**
 * hash64 of the text; when its 16 hex digits hold no letter (about 1 in 1,800), the hash of the text
 * and U+0001, and so on. Why: a padan ID (`P…` for entities, `D…` for decisions) of 16 decimal digits
 * reads as a NIK, so redaction masked it in every message, review line and report, leaving a steward a
 * reference they could not use. Every other hash is unchanged, so IDs made before stay as they were.
 *
 * @example
 * letteredHash64('dtks\u0000D-17') // '3f0c…' (16 hex digits, at least one a–f)
 */
export function letteredHash64(text: string): string {
  let salted = text;
  let hex = hash64(salted);
  while (!HEX_LETTER.test(hex)) {
    salted += '\u0001';
    hex = hash64(salted);
  }
  return hex;
}

const HEX_LETTER = /[a-f]/;

/**
 * `hash64Joined` with at least one letter: where the joined texts' hash is all decimal, the
 * `letteredHash64` of the joined text (an ID that looks like sixteen digits would be masked as a NIK
 * wherever it is shown). Equal to `hash64Joined` for every hash that holds a letter.
 */
export function letteredHash64Joined(a: string, b: string, c?: string, d?: string): string {
  const hex = hash64Joined(a, b, c, d);
  if (HEX_LETTER.test(hex)) return hex;
  return letteredHash64([a, b, ...(c === undefined ? [] : [c]), ...(d === undefined ? [] : [d])].join('\u0000'));
}

/**
 * `hash64` of two to four texts joined by NUL (`${a}\u0000${b}\u0000${c}`), without building the
 * joined string: a kind, a source and a record ID make an entity's ID, one per entity at a million
 * entities.
 */
export function hash64Joined(a: string, b: string, c?: string, d?: string): string {
  startHash(a.length + 1 + b.length + (c === undefined ? 0 : c.length + 1) + (d === undefined ? 0 : d.length + 1));
  mixText(a);
  mixCode(0);
  mixText(b);
  if (c !== undefined) {
    mixCode(0);
    mixText(c);
  }
  if (d !== undefined) {
    mixCode(0);
    mixText(d);
  }
  return finishHash();
}

// The two lanes of the hash being computed: module scratch, so hashing allocates nothing but the result.
let lane1 = 0;
let lane2 = 0;

function startHash(length: number): void {
  lane1 = 0x811c9dc5;
  lane2 = 0x01000193 ^ length;
}

function mixCode(code: number): void {
  lane1 = Math.imul(lane1 ^ code, 0x01000193);
  const h2 = Math.imul(lane2 ^ code, 0x5bd1e995);
  lane2 = h2 ^ (h2 >>> 15);
}

function mixText(text: string): void {
  let h1 = lane1;
  let h2 = lane2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  lane1 = h1;
  lane2 = h2;
}

function finishHash(): string {
  let h1 = lane1;
  h1 ^= h1 >>> 16;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  let h2 = lane2;
  h2 ^= h2 >>> 16;
  h2 = Math.imul(h2, 0x7feb352d);
  h2 ^= h2 >>> 15;
  h2 = Math.imul(h2, 0x846ca68b);
  h2 ^= h2 >>> 16;
  return hex16(h1, h2);
}

// Character codes of the hex digits.
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/**
 * Two 32-bit values as 16 lowercase hex digits in one string: `toString(16)` and `padStart` per half
 * made four strings per ID and cost five times the hashing.
 */
function hex16(high: number, low: number): string {
  return String.fromCharCode(
    HEX[(high >>> 28) & 15] as number,
    HEX[(high >>> 24) & 15] as number,
    HEX[(high >>> 20) & 15] as number,
    HEX[(high >>> 16) & 15] as number,
    HEX[(high >>> 12) & 15] as number,
    HEX[(high >>> 8) & 15] as number,
    HEX[(high >>> 4) & 15] as number,
    HEX[high & 15] as number,
    HEX[(low >>> 28) & 15] as number,
    HEX[(low >>> 24) & 15] as number,
    HEX[(low >>> 20) & 15] as number,
    HEX[(low >>> 16) & 15] as number,
    HEX[(low >>> 12) & 15] as number,
    HEX[(low >>> 8) & 15] as number,
    HEX[(low >>> 4) & 15] as number,
    HEX[low & 15] as number,
  );
}
