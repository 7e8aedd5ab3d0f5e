import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeIdentifierDifference } from '../../src/report/describeIdentifierDifference.js';

describe('describeIdentifierDifference', () => {
  // Twins and a one-digit typo looked the same under the 4 + 2 mask (`3201**********01` on both sides).
  it.each([
    ['twins: the serial alone differs', '3201014507900001', '3201014507900002', 'serial differs (position 16); region and birth date the same', ['serial']],
    ['a typo in the birth date', '3201014507900001', '3201014508900001', 'birth date differs (position 10); region and serial the same', ['date']],
    [
      'two adjacent digits swapped',
      '3201014507900001',
      '3201014570900001',
      'birth date differs (two digits swapped, positions 9–10); region and serial the same',
      ['date'],
    ],
    [
      'another region and serial',
      '3201014507900001',
      '3301014507900002',
      'region and serial differ (positions 2, 16); birth date the same',
      ['region', 'serial'],
    ],
  ])('%s', (_, a, b, summary, parts) => {
    const difference = describeIdentifierDifference(a, b);
    expect(difference.outcome).toBe('different');
    expect(difference.summary).toBe(summary);
    expect(
      Object.entries(difference.differs)
        .filter(([, d]) => d)
        .map(([part]) => part),
    ).toEqual(parts);
  });

  it('names the issue date for a KK, and reports same and missing', () => {
    expect(describeIdentifierDifference('3201011503100002', '3201011504100002', { kind: 'kk' }).summary).toBe(
      'issue date differs (position 10); region and serial the same',
    );
    expect(describeIdentifierDifference('3201-0115-0310-0002', '3201011503100002').outcome).toBe('same');
    expect(describeIdentifierDifference('12345', '3201011503100002').outcome).toBe('missing');
    expect(describeIdentifierDifference(null, undefined).outcome).toBe('missing');
    expect(describeIdentifierDifference(3201011503100002, '3201011503100002').outcome).toBe('missing');
  });

  it('never shows a digit of either number (only 1-based positions)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), fc.stringMatching(/^\d{16}$/), (a, b) => {
        const text = JSON.stringify(describeIdentifierDifference(a, b));
        // Positions are at most 16: any run of three or more digits would be part of a number.
        expect(text).not.toMatch(/\d{3}/);
        const difference = describeIdentifierDifference(a, b);
        for (const position of difference.positions) expect(a[position - 1]).not.toBe(b[position - 1]);
        expect(difference.positions.length).toBe([...a].filter((digit, i) => digit !== b[i]).length);
      }),
    );
  });
});
