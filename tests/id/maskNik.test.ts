import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskKk, maskNik } from '../../src/id/maskNik.js';
import { normalizeIdentifier } from '../../src/id/normalizeIdentifier.js';

describe('maskNik / maskKk', () => {
  it('keeps four leading and two trailing digits', () => {
    expect(maskNik('3201-0112-0590-0001')).toBe('3201**********01');
    expect(maskKk('3201011503100002')).toBe('3201**********02');
  });

  it('never contains the 16 digits, however they are written', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), fc.constantFrom('', ' ', '.', '-'), (digits, sep) => {
        const written = digits.match(/.{4}/g)!.join(sep);
        const masked = maskNik(written);
        expect(masked).not.toContain(digits);
        expect(masked.replace(/\D/g, '')).toHaveLength(6);
        expect(maskKk(written)).toBe(masked);
      }),
    );
  });
});

describe('normalizeIdentifier', () => {
  it('strips separators and keeps everything else', () => {
    expect(normalizeIdentifier('3201.01 120590-0001')).toBe('3201011205900001');
    expect(normalizeIdentifier(' 32_01/01 ')).toBe('320101');
    expect(normalizeIdentifier('32O1')).toBe('32O1');
    expect(normalizeIdentifier('')).toBe('');
  });

  it('returns clean input unchanged and is idempotent', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = normalizeIdentifier(s);
        expect(normalizeIdentifier(once)).toBe(once);
        expect(once).toBe(s.replace(/[ .\-_/\t\n\r\u00a0]/g, ''));
      }),
    );
  });
});
