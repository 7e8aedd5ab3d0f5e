import { createHmac, KeyObject } from 'node:crypto';
import { checkOptionBag } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import { normalizeIdentifier } from './normalizeIdentifier.js';

/** Options of `pseudonymize`. */
export interface PseudonymizeOptions {
  /**
   * Purpose separation: tokens made for different domains never match, even with the same key and
   * digits (use `'nik'` and `'kk'`, or one domain per data-sharing agreement). Default `'padan'`.
   */
  readonly domain?: string;
  /** `hex` (64 chars, default) or `base64url` (43 chars). */
  readonly encoding?: 'hex' | 'base64url';
}

/** Shortest accepted key, in bytes: 128 bits, below which a key can be searched for. */
const MIN_KEY_BYTES = 16;
/**
 * Least accepted key entropy, in bits, estimated from the key's byte frequencies (Shannon entropy
 * times length). Catches the keys people type when a key is required — sixteen zero bytes,
 * `'xxxxxxxxxxxxxxxx'`, `'passwordpassword'` — while any random 16-byte key (about 63 bits by this
 * estimate) and any passphrase of a few dozen varied characters pass.
 */
const MIN_KEY_ENTROPY_BITS = 48;

/**
 * A keyed pseudonym of an identifier: HMAC-SHA256 over its digits (separators stripped first), so two
 * agencies sharing a key can link records without exchanging raw numbers, and different keys give
 * unlinkable tokens. Digits of any script count as their ASCII digits. Keys shorter than 16 bytes or
 * too predictable (under 48 bits of estimated entropy) and empty values throw
 * `PadanError('invalid-argument')` (an empty value would link every record that lacks a number).
 *
 * @example
 * pseudonymize('3201-0112-0590-0001', sharedKey, { domain: 'nik' })
 * // → 64 hex characters, equal to pseudonymize('3201011205900001', sharedKey, { domain: 'nik' })
 */
export function pseudonymize(value: string, key: string | Uint8Array | KeyObject, options?: PseudonymizeOptions): string {
  const bytes = keyBytesOf(key);
  if (bytes === undefined || bytes.byteLength < MIN_KEY_BYTES) {
    throw new PadanError('invalid-argument', `pseudonymize: the key must be at least ${MIN_KEY_BYTES} bytes (got ${bytes?.byteLength ?? 'none'})`);
  }
  if (entropyBits(bytes) < MIN_KEY_ENTROPY_BITS) {
    throw new PadanError('invalid-argument', `pseudonymize: the key is too predictable (repeated or few distinct bytes); use ${MIN_KEY_BYTES}+ random bytes`);
  }
  if (typeof value !== 'string') throw new PadanError('invalid-argument', 'pseudonymize: value must be a string');
  // Separators stripped and digits of any script made ASCII: a full-width NIK is the same NIK.
  const digits = normalizeIdentifier(value);
  if (digits.length === 0) throw new PadanError('invalid-argument', 'pseudonymize: value is empty');
  checkOptionBag(options, 'pseudonymize', { domain: 'string', encoding: ['hex', 'base64url'] });
  const domain = options?.domain ?? 'padan';
  if (typeof domain !== 'string') throw new PadanError('invalid-argument', 'pseudonymize: options.domain must be a string');
  const encoding = options?.encoding ?? 'hex';
  if (encoding !== 'hex' && encoding !== 'base64url') {
    throw new PadanError('invalid-argument', "pseudonymize: encoding must be 'hex' or 'base64url'");
  }
  // Length-prefixing the domain keeps (domain, value) pairs unambiguous: 'ab' + 'c' ≠ 'a' + 'bc'.
  return createHmac('sha256', bytes).update(`${domain.length}:${domain}:`, 'utf8').update(digits, 'utf8').digest(encoding);
}

function keyBytesOf(key: unknown): Uint8Array | undefined {
  if (typeof key === 'string') return Buffer.from(key, 'utf8');
  if (key instanceof Uint8Array) return key;
  if (key instanceof KeyObject && key.type === 'secret') return key.export();
  return undefined;
}

function entropyBits(bytes: Uint8Array): number {
  const counts = new Map<number, number>();
  for (const byte of bytes) counts.set(byte, (counts.get(byte) ?? 0) + 1);
  let bitsPerByte = 0;
  for (const count of counts.values()) {
    const p = count / bytes.byteLength;
    bitsPerByte -= p * Math.log2(p);
  }
  return bitsPerByte * bytes.byteLength;
}
