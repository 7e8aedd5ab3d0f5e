import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatKk } from '../../src/id/formatKk.js';
import { parseKk } from '../../src/id/parseKk.js';
import { loadRegions } from '../../src/id/regions.js';

// Synthetic KK numbers only.
const districtCodes = [...loadRegions().districts.keys()];
const ref = { referenceDate: '2024-06-30' };
const codes = (r: ReturnType<typeof parseKk>) => (r.success ? r.warnings.map((w) => w.code) : r.issues.map((i) => i.code));
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

describe('parseKk', () => {
  it('reads region, issue date and serial, ignoring separators', () => {
    expect(parseKk('3201.0115.0310.0002', ref)).toEqual({
      success: true,
      warnings: [],
      value: {
        kk: '3201011503100002',
        districtCode: '320101',
        issueDate: '2010-03-15',
        serial: '0002',
        region: expect.objectContaining({ status: 'current', districtName: 'Cibinong' }),
      },
    });
  });

  it('accepts a retired regency code with its successor', () => {
    expect(parseKk('9201011503100002', ref)).toMatchObject({ success: true, value: { region: { status: 'retired', successorDistrictCode: '960101' } } });
  });

  const cases: [string, string, string[]][] = [
    ['too short', '32010115031000', ['kk/length']],
    ['non-digit', '3201011503100O02', ['kk/non-digit']],
    ['unknown province', '9901011503100002', ['kk/unknown-province']],
    ['unknown regency', '3299011503100002', ['kk/unknown-regency']],
    ['unknown district', '3201991503100002', ['kk/unknown-district']],
    ['no +40 for a KK: day 55', '3201015503100002', ['kk/impossible-date']],
    ['month 13', '3201011513100002', ['kk/impossible-date']],
    ['29 Feb in a non-leap year', '3201012902110002', ['kk/impossible-date']],
    ['before 1970 (15 Mar 1960)', '3201011503600002', ['kk/issue-date-out-of-range']],
    ['zero serial', '3201011503100000', ['kk/zero-serial']],
  ];
  for (const [label, kk, expected] of cases) {
    it(`${label} → ${expected.join(', ')}`, () => {
      const result = parseKk(kk, ref);
      expect(result.success).toBe(false);
      expect(codes(result)).toEqual(expected);
    });
  }

  it('places an issue date after the reference date in the previous century (then out of range)', () => {
    // 15 Mar 25 read on 2024-06-30 can only be 1925: before 1970.
    expect(codes(parseKk('3201011503250002', ref))).toEqual(['kk/issue-date-out-of-range']);
  });

  it('round-trips format → parse for any real district and issue date', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...districtCodes),
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2024-06-30T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 9999 }),
        (districtCode, date, serial) => {
          const kk = formatKk({ districtCode, issueDate: isoDay(date), serial });
          const result = parseKk(kk, ref);
          expect(result).toMatchObject({ success: true, value: { kk, districtCode, issueDate: isoDay(date) } });
          if (result.success) expect(formatKk(result.value)).toBe(kk);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('issue messages never contain the raw number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), (digits) => {
        const result = parseKk(digits, ref);
        for (const issue of result.success ? result.warnings : result.issues) expect(issue.message).not.toContain(digits);
      }),
      { numRuns: 1000 },
    );
  });
});
