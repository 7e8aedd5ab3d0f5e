import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { formatKk } from '../../src/id/formatKk.js';
import { formatNik } from '../../src/id/formatNik.js';
import { makeNik } from '../../src/id/makeNik.js';
import { parseNik } from '../../src/id/parseNik.js';

describe('formatNik / formatKk / makeNik', () => {
  it('writes district · DDMMYY (+40 for women) · serial', () => {
    expect(formatNik({ districtCode: '32.01.01', birthDate: '1990-05-12', sex: 'female', serial: 1 })).toBe('3201015205900001');
    expect(formatNik({ districtCode: '320101', birthDate: '1990-05-12', sex: 'male', serial: '0042' })).toBe('3201011205900042');
    expect(formatKk({ districtCode: '320101', issueDate: '2010-03-15', serial: 2 })).toBe('3201011503100002');
  });

  it('takes a parsed NIK back to its digits', () => {
    const parsed = parseNik('3201015205900001');
    expect(parsed.success && formatNik(parsed.value)).toBe('3201015205900001');
  });

  it('throws PadanError(invalid-argument) on malformed parts', () => {
    const good = { districtCode: '320101', birthDate: '1990-05-12', sex: 'male' as const, serial: 1 };
    for (const bad of [
      { ...good, districtCode: '3201' },
      { ...good, birthDate: '1990-02-30' },
      { ...good, birthDate: '12-05-1990' },
      { ...good, serial: 0 },
      { ...good, serial: 10000 },
      { ...good, serial: '0000' },
      { ...good, sex: 'x' as 'male' },
    ]) {
      expect(() => formatNik(bad)).toThrow(PadanError);
      try {
        formatNik(bad);
      } catch (error) {
        expect((error as PadanError).code).toBe('invalid-argument');
      }
    }
  });

  it('makeNik accepts a Date and a default serial, and checks the district by default', () => {
    expect(makeNik({ districtCode: '320101', birthDate: new Date(Date.UTC(1990, 4, 12)), sex: 'male', serial: 7 })).toBe('3201011205900007');
    expect(makeNik({ districtCode: '910101', birthDate: '1990-05-12', sex: 'female' })).toBe('9101015205900001');
    expect(() => makeNik({ districtCode: '999999', birthDate: '1990-05-12', sex: 'male' })).toThrow(PadanError);
    expect(makeNik({ districtCode: '999999', birthDate: '1990-05-12', sex: 'male' }, { checkRegion: false })).toBe('9999991205900001');
  });
});
