import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { pseudonymize } from '../../src/id/pseudonymize.js';

const key = 'test-key-0123456789abcdef';

describe('pseudonymize', () => {
  it('gives one token per number, whatever its separators', () => {
    const token = pseudonymize('3201011205900001', key);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonymize('3201-0112-0590-0001', key)).toBe(token);
    expect(pseudonymize('3201 0112.0590 0001', key)).toBe(token);
  });

  it('separates domains and keys', () => {
    const nik = pseudonymize('3201011205900001', key, { domain: 'nik' });
    expect(pseudonymize('3201011205900001', key, { domain: 'kk' })).not.toBe(nik);
    expect(pseudonymize('3201011205900001', 'another-key-0123456789', { domain: 'nik' })).not.toBe(nik);
  });

  it('writes base64url on request', () => {
    expect(pseudonymize('3201011205900001', key, { encoding: 'base64url' })).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts byte keys', () => {
    expect(
      pseudonymize(
        '3201011205900001',
        Uint8Array.from({ length: 32 }, (_, i) => (i * 73 + 11) & 255),
      ),
    ).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects empty and short keys, and empty values, with PadanError(invalid-argument)', () => {
    for (const bad of ['', 'short', new Uint8Array(8)]) {
      expect(() => pseudonymize('3201011205900001', bad)).toThrow(PadanError);
    }
    expect(() => pseudonymize(' - ', key)).toThrow(expect.objectContaining({ code: 'invalid-argument' }));
  });

  it('never puts the value in its output; distinct numbers give distinct tokens', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), fc.stringMatching(/^\d{16}$/), (a, b) => {
        const ta = pseudonymize(a, key);
        expect(ta).not.toContain(a);
        if (a !== b) expect(pseudonymize(b, key)).not.toBe(ta);
      }),
    );
  });
});
