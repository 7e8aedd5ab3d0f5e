import { createHmac, type KeyObject } from 'node:crypto';
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
 * A keyed pseudonym of an identifier: HMAC-SHA256 over its digits (separators stripped first), so two
 * agencies sharing a key can link records without exchanging raw numbers, and different keys give
 * unlinkable tokens. Keys shorter than 16 bytes and empty values throw `PadanError('invalid-argument')`
 * (an empty value would link every record that lacks a number).
 *
 * @example
 * pseudonymize('3201-0112-0590-0001', sharedKey, { domain: 'nik' })
 * // → 64 hex characters, equal to pseudonymize('3201011205900001', sharedKey, { domain: 'nik' })
 */
export function pseudonymize(value: string, key: string | Uint8Array | KeyObject, options?: PseudonymizeOptions): string {
  const keyBytes =
    typeof key === 'string' ? Buffer.byteLength(key, 'utf8') : key instanceof Uint8Array ? key.byteLength : key?.symmetricKeySize;
  if (keyBytes === undefined || keyBytes < MIN_KEY_BYTES) {
    throw new PadanError('invalid-argument', `pseudonymize: the key must be at least ${MIN_KEY_BYTES} bytes (got ${keyBytes ?? 'none'})`);
  }
  if (typeof value !== 'string') throw new PadanError('invalid-argument', 'pseudonymize: value must be a string');
  const digits = normalizeIdentifier(value);
  if (digits.length === 0) throw new PadanError('invalid-argument', 'pseudonymize: value is empty');
  const domain = options?.domain ?? 'padan';
  const encoding = options?.encoding ?? 'hex';
  if (encoding !== 'hex' && encoding !== 'base64url') {
    throw new PadanError('invalid-argument', "pseudonymize: encoding must be 'hex' or 'base64url'");
  }
  // Length-prefixing the domain keeps (domain, value) pairs unambiguous: 'ab' + 'c' ≠ 'a' + 'bc'.
  return createHmac('sha256', key)
    .update(`${domain.length}:${domain}:`, 'utf8')
    .update(digits, 'utf8')
    .digest(encoding);
}
