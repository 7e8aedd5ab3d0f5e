import type { KeyObject } from 'node:crypto';
import { PadanError } from '../../_internal/error.js';
import { normalizeIdentifier } from '../../id/normalizeIdentifier.js';
import { pseudonymize } from '../../id/pseudonymize.js';

/**
 * Keyed pseudonyms of NIK and KK numbers that are still 16 digits, so the matching engine compares
 * them unchanged:
 *
 * - digits 1–6 (the issuing district) go through a keyed permutation of the million 6-digit codes;
 * - digits 7–12 (birth or issue date, with +40 for women) are kept, since the record carries its birth
 *   date and sex in clear anyway and the NIK's consistency with them is a matching signal;
 * - digits 13–16 (the serial) go through a keyed permutation of the 10,000 serials, chosen by the first
 *   12 digits.
 *
 * Each permutation is a 4-round Feistel network whose round function is `pseudonymize` (HMAC-SHA256)
 * with cycle-walking, so two different numbers never share a pseudonym and equal numbers always do.
 * What survives: exact agreement, and the "same region and birth" level (the first 12 digits agree
 * exactly when the originals' do). What is lost: one-edit and transposition agreement (a typo in the
 * region or serial gives unrelated digits), and the region's meaning (the code is no real district).
 */
export interface IdentifierPseudonyms {
  /** At least 16 bytes; the same key must be given every time the store is opened. */
  readonly key: string | Uint8Array | KeyObject;
}

const ROUNDS = 4;

function permute(value: number, bits: number, size: number, round: (r: number, half: number) => number): number {
  const halfBits = bits / 2;
  const mask = (1 << halfBits) - 1;
  let x = value;
  // Cycle-walking: a permutation of [0, 2^bits) restricted to [0, size) by re-applying it until the
  // value falls inside is a permutation of [0, size).
  do {
    let left = x >>> halfBits;
    let right = x & mask;
    for (let r = 0; r < ROUNDS; r++) {
      const next = left ^ (round(r, right) & mask);
      left = right;
      right = next;
    }
    x = left * (1 << halfBits) + right;
  } while (x >= size);
  return x;
}

function roundFunction(key: IdentifierPseudonyms['key'], domain: string): (r: number, half: number) => number {
  return (r, half) => Number.parseInt(pseudonymize(String(half), key, { domain: `${domain}/${r}` }).slice(0, 8), 16);
}

/**
 * The 16-digit pseudonym of a 16-digit NIK or KK (`kind` separates the two, so a NIK and a KK with the
 * same digits get unrelated pseudonyms). Anything that is not 16 digits throws.
 *
 * @example
 * pseudonymizeIdentifierDigits('3201015205900001', key, 'nik') // '8417325205907342': the date part stays
 */
export function pseudonymizeIdentifierDigits(digits: string, key: IdentifierPseudonyms['key'], kind: 'nik' | 'kk'): string {
  if (!/^\d{16}$/.test(digits)) throw new PadanError('invalid-argument', `pseudonymizeIdentifierDigits: a ${kind} must be 16 digits`);
  const region = permute(Number(digits.slice(0, 6)), 20, 1_000_000, roundFunction(key, `padan-store/${kind}/region`));
  const serial = permute(Number(digits.slice(12)), 14, 10_000, roundFunction(key, `padan-store/${kind}/serial/${digits.slice(0, 12)}`));
  return `${String(region).padStart(6, '0')}${digits.slice(6, 12)}${String(serial).padStart(4, '0')}`;
}

/** A value stored to check, when a store is reopened, that the same key is given (it reveals nothing about the key). */
export function pseudonymKeyCheck(key: IdentifierPseudonyms['key']): string {
  return pseudonymize('0', key, { domain: 'padan-store/key-check' });
}

/**
 * A person record with its NIK and KK replaced by pseudonyms, and malformed raw identifiers kept
 * aside by validation (`extra.malformedNik`, `extra.malformedKk`) replaced by their HMAC.
 */
export function pseudonymizeRecord<R extends { nik?: string | null; kk?: string | null; extra?: Record<string, unknown> }>(
  record: R,
  key: IdentifierPseudonyms['key'],
): R {
  const out: R = { ...record };
  for (const field of ['nik', 'kk'] as const) {
    const value = record[field];
    if (typeof value !== 'string') continue;
    const digits = normalizeIdentifier(value);
    // Validated records hold 16 digits; anything else (a bare lookup probe) is hashed whole so it cannot leak.
    out[field] = /^\d{16}$/.test(digits)
      ? pseudonymizeIdentifierDigits(digits, key, field)
      : digits === ''
        ? value
        : `hmac:${pseudonymize(digits, key, { domain: `padan-store/${field}` })}`;
  }
  const extra = record.extra;
  if (extra !== undefined && (typeof extra.malformedNik === 'string' || typeof extra.malformedKk === 'string')) {
    const copy: Record<string, unknown> = { ...extra };
    for (const field of ['malformedNik', 'malformedKk'] as const) {
      const raw = copy[field];
      if (typeof raw === 'string') copy[field] = /\d/.test(raw) ? `hmac:${pseudonymize(raw, key, { domain: `padan-store/${field}` })}` : raw;
    }
    out.extra = copy;
  }
  return out;
}

/**
 * A family (KK) or dwelling record with its KK numbers and NIKs replaced by the pseudonyms person
 * records get, so that it still links to them. Validated records hold 16 digits.
 */
export function pseudonymizeGroupRecord<R extends Record<string, unknown>>(kind: 'family' | 'dwelling', record: R, key: IdentifierPseudonyms['key']): R {
  const one = (value: unknown, field: 'nik' | 'kk'): unknown => (typeof value === 'string' ? pseudonymizeRecord({ [field]: value }, key)[field] : value);
  const many = (values: unknown, field: 'nik' | 'kk'): unknown => (Array.isArray(values) ? values.map((value) => one(value, field)) : values);
  const out: Record<string, unknown> = { ...record };
  if (kind === 'family') {
    out['kk'] = one(record['kk'], 'kk');
    out['headNik'] = one(record['headNik'], 'nik');
    if (record['memberNiks'] !== undefined) out['memberNiks'] = many(record['memberNiks'], 'nik');
  } else {
    if (record['kks'] !== undefined) out['kks'] = many(record['kks'], 'kk');
    out['headNik'] = one(record['headNik'], 'nik');
  }
  for (const field of ['kk', 'headNik']) if (out[field] === undefined && !(field in record)) delete out[field];
  return out as R;
}
