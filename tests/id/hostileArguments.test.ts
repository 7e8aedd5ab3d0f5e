import { describe, expect, it } from 'vitest';
import { checkNikConsistency, formatNik, maskKk, maskNik, normalizeIdentifier, parseNik, pseudonymize, resolveDistrictCode } from '../../src/id/index.js';

const typed = expect.objectContaining({ name: 'PadanError', code: 'invalid-argument' });
const KEY = 'a-shared-secret-of-32-characters!';

describe('identifier functions on hostile arguments', () => {
  it('throw PadanError on wrong types (regression: maskNik on a number threw TypeError)', () => {
    expect(() => maskNik(3201015205900001 as never)).toThrow(typed);
    expect(() => maskKk(null as never)).toThrow(typed);
    expect(() => normalizeIdentifier(undefined as never)).toThrow(typed);
    expect(() => resolveDistrictCode(320101 as never)).toThrow(typed);
    expect(() => formatNik(null as never)).toThrow(typed);
    expect(() => checkNikConsistency(null as never, {})).toThrow(typed);
    expect(() => parseNik('3201015205900001', { referenceDate: { toString: 1, valueOf: 1 } } as never)).toThrow(typed);
    expect(() => parseNik('3201015205900001', { path: 'nik' } as never)).toThrow(typed);
  });

  it('pseudonymize refuses low-entropy keys (regression: 16 zero bytes and xxxx… were accepted)', () => {
    expect(() => pseudonymize('3201015205900001', new Uint8Array(16))).toThrow(typed);
    expect(() => pseudonymize('3201015205900001', 'xxxxxxxxxxxxxxxx')).toThrow(typed);
    expect(() => pseudonymize('3201015205900001', 'passwordpassword')).toThrow(typed);
    expect(pseudonymize('3201015205900001', KEY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('pseudonymize, parseNik and normalizeIdentifier read full-width digits as the same NIK (regression: another token)', () => {
    const fullWidth = '３２０１-０１５２-０５９０-０００１';
    expect(pseudonymize(fullWidth, KEY, { domain: 'nik' })).toBe(pseudonymize('3201015205900001', KEY, { domain: 'nik' }));
    expect(normalizeIdentifier(fullWidth)).toBe('3201015205900001');
    expect(parseNik(fullWidth).success).toBe(true);
  });
});
