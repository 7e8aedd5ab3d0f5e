import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { formatNik } from '../../src/id/formatNik.js';
import { parseNik } from '../../src/id/parseNik.js';
import { DEFAULT_REFERENCE_DATE } from '../../src/id/referenceDate.js';
import { loadRegions } from '../../src/id/regions.js';
import { RETIRED_REGENCIES } from '../../src/id/retiredRegencies.js';

// All NIKs here are synthetic: real district codes, made-up dates and serials.
const districtCodes = [...loadRegions().districts.keys()];
const ref = { referenceDate: '2024-06-30' };

function codes(result: ReturnType<typeof parseNik>): string[] {
  return result.success ? result.warnings.map((w) => w.code) : result.issues.map((i) => i.code);
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const realDate = fc.date({ min: new Date('1927-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true });

describe('parseNik: accepted numbers', () => {
  it('reads region, birth date, sex and serial, ignoring separators', () => {
    const result = parseNik('3201 0152.0590-0001', ref);
    expect(result).toEqual({
      success: true,
      warnings: [],
      value: {
        nik: '3201015205900001',
        districtCode: '320101',
        birthDate: '1990-05-12',
        sex: 'female',
        serial: '0001',
        region: expect.objectContaining({ status: 'current', provinceName: 'JAWA BARAT', regencyName: 'KABUPATEN BOGOR', districtName: 'Cibinong' }),
      },
    });
  });

  it('reads a man (day without +40)', () => {
    const result = parseNik('3201011205900001', ref);
    expect(result.success && [result.value.sex, result.value.birthDate]).toEqual(['male', '1990-05-12']);
  });

  it('infers the latest century not after the reference date', () => {
    const nik = '3201011505240001'; // 15 May 24
    expect(parseNik(nik, { referenceDate: '2024-06-30' })).toMatchObject({ value: { birthDate: '2024-05-15' } });
    expect(parseNik(nik, { referenceDate: '2024-05-14' })).toMatchObject({ value: { birthDate: '1924-05-15' } });
    expect(parseNik(nik, { referenceDate: '2024-05-15' })).toMatchObject({ value: { birthDate: '2024-05-15' } });
  });

  it('is deterministic without a reference date (fixed default, not today)', () => {
    expect(DEFAULT_REFERENCE_DATE).toBe('2026-12-31');
    expect(parseNik('3201011505260001')).toMatchObject({ value: { birthDate: '2026-05-15' } });
    expect(parseNik('3201011505270001')).toMatchObject({ value: { birthDate: '1927-05-15' } });
  });

  it('accepts 29 February in a leap year, including 2000', () => {
    expect(parseNik('3201012902000001', ref)).toMatchObject({ value: { birthDate: '2000-02-29' } });
    expect(parseNik('3201016902880001', ref)).toMatchObject({ value: { birthDate: '1988-02-29', sex: 'female' } });
  });

  it('accepts a retired regency code with its successor (91.01 Merauke → 93.01)', () => {
    const result = parseNik('9101011205900001', ref);
    expect(result).toMatchObject({
      success: true,
      warnings: [],
      value: {
        districtCode: '910101',
        region: {
          status: 'retired',
          regencyCode: '9101',
          successorRegencyCode: '9301',
          successorDistrictCode: '930101',
          regencyName: 'KABUPATEN MERAUKE',
          provinceName: 'PAPUA SELATAN',
        },
      },
    });
  });

  it('accepts Kalimantan Utara numbers issued under Kalimantan Timur (64.73 Tarakan → 65.71)', () => {
    expect(parseNik('6473011205900001', ref)).toMatchObject({ value: { region: { status: 'retired', successorDistrictCode: '657101' } } });
  });

  it('accepts a retired regency whose district suffix is not under the successor, with a warning', () => {
    const result = parseNik('9101991205900001', ref);
    expect(result.success).toBe(true);
    expect(codes(result)).toEqual(['nik/unverified-district']);
    expect(result.success && result.value.region).toMatchObject({ status: 'retired', districtName: null, successorDistrictCode: '930199' });
  });

  it('shares one region object between results (no per-record allocation)', () => {
    const a = parseNik('3201011205900001', ref);
    const b = parseNik('3201015306850002', ref);
    expect(a.success && b.success && a.value.region === b.value.region).toBe(true);
  });
});

describe('parseNik: issue codes', () => {
  const cases: [string, string, string[]][] = [
    ['too short', '320101120590001', ['nik/length']],
    ['too long', '32010112059000011', ['nik/length']],
    ['empty', '', ['nik/length']],
    ['letter', '32010112059O0001', ['nik/non-digit']],
    ['letter and short', '3201A', ['nik/non-digit', 'nik/length']],
    ['unknown province', '9901011205900001', ['nik/unknown-province']],
    ['unknown regency (strict)', '3299011205900001', ['nik/unknown-regency']],
    ['unknown district (strict)', '3201991205900001', ['nik/unknown-district']],
    ['district 00', '3201001205900001', ['nik/unknown-district']],
    ['29 Feb in a non-leap year', '3201012902890001', ['nik/impossible-date']],
    ['29 Feb 1900 (reference before 29 Feb 2000)', '3201012902000001', ['nik/impossible-date']],
    ['day 0', '3201010005900001', ['nik/impossible-date']],
    ['day 32', '3201013205900001', ['nik/impossible-date']],
    ['day 40 (neither a man nor a woman)', '3201014005900001', ['nik/impossible-date']],
    ['woman day 72', '3201017205900001', ['nik/impossible-date']],
    ['month 0', '3201011200900001', ['nik/impossible-date']],
    ['month 13', '3201011213900001', ['nik/impossible-date']],
    ['31 April', '3201013104900001', ['nik/impossible-date']],
    ['zero serial', '3201011205900000', ['nik/zero-serial']],
    ['several at once', '9901013213900000', ['nik/unknown-province', 'nik/impossible-date', 'nik/zero-serial']],
  ];
  for (const [label, nik, expected] of cases) {
    it(`${label} → ${expected.join(', ')}`, () => {
      const referenceDate = label.startsWith('29 Feb 1900') ? '2000-01-31' : ref.referenceDate;
      const result = parseNik(nik, { referenceDate, regions: 'strict' });
      expect(result.success).toBe(false);
      expect(codes(result)).toEqual(expected);
    });
  }

  it('accepts a regency or district the bundled tables do not list, with a warning (regions lenient by default)', () => {
    for (const nik of ['3201991205900001', '3299011205900001']) {
      const result = parseNik(nik, { referenceDate: ref.referenceDate });
      expect(result.success).toBe(true);
      if (!result.success) continue;
      expect(result.warnings.map((warning) => [warning.code, warning.severity])).toEqual([['nik/unlisted-region', 'warning']]);
      expect(result.value.region).toMatchObject({ provinceCode: '32', districtCode: nik.slice(0, 6), districtName: null, provinceName: 'JAWA BARAT' });
    }
    // District or regency 00 is no code at all, and an unofficial province stays refused.
    expect(codes(parseNik('3201001205900001', { referenceDate: ref.referenceDate }))).toEqual(['nik/unknown-district']);
    expect(codes(parseNik('9901011205900001', { referenceDate: ref.referenceDate }))).toEqual(['nik/unknown-province']);
  });

  it('reports a non-string as nik/not-a-string', () => {
    expect(codes(parseNik(null as unknown as string))).toEqual(['nik/not-a-string']);
  });

  it('puts path and recordId on issues', () => {
    const result = parseNik('3201011205900000', { path: ['nik'], recordId: 'r-1' });
    expect(result.success ? [] : result.issues[0]).toMatchObject({ path: ['nik'], recordId: 'r-1', severity: 'error' });
  });

  it('throws PadanError on a malformed reference date (a caller mistake)', () => {
    expect(() => parseNik('3201011205900001', { referenceDate: '2024-02-30' })).toThrow(PadanError);
    expect(() => parseNik('3201011205900001', { referenceDate: '30/06/2024' })).toThrow(PadanError);
  });
});

describe('parseNik: properties', () => {
  it('a NIK made for any real district, date and sex parses back to it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...districtCodes),
        realDate,
        fc.constantFrom('male' as const, 'female' as const),
        fc.integer({ min: 1, max: 9999 }),
        (districtCode, date, sex, serial) => {
          const birthDate = isoDay(date);
          const nik = formatNik({ districtCode, birthDate, sex, serial });
          const result = parseNik(nik);
          expect(result).toEqual({
            success: true,
            warnings: [],
            value: expect.objectContaining({ nik, districtCode, birthDate, sex, serial: String(serial).padStart(4, '0') }),
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('recovers the century for any reference date when the person is under 100', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 36_400 }),
        (reference, ageDays) => {
          const birth = new Date(reference.getTime() - ageDays * 86_400_000);
          const nik = formatNik({ districtCode: '320101', birthDate: isoDay(birth), sex: 'male', serial: 1 });
          expect(parseNik(nik, { referenceDate: isoDay(reference) })).toMatchObject({ value: { birthDate: isoDay(birth) } });
        },
      ),
    );
  });

  it('parse ∘ format is the identity on every accepted NIK, and no accepted NIK has an impossible date', () => {
    fc.assert(
      fc.property(fc.constantFrom(...districtCodes), fc.stringMatching(/^\d{10}$/), (districtCode, rest) => {
        const nik = districtCode + rest;
        const result = parseNik(nik, ref);
        if (!result.success) return;
        expect(formatNik(result.value)).toBe(nik);
        const [y, m, d] = result.value.birthDate.split('-').map(Number) as [number, number, number];
        const date = new Date(Date.UTC(y, m - 1, d));
        expect([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]).toEqual([y, m, d]);
        expect(result.value.birthDate <= ref.referenceDate).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every retired regency code, under every district of its successor, with the successor given', () => {
    const districts = loadRegions().districts;
    const retiredDistricts = RETIRED_REGENCIES.flatMap((r) =>
      [...districts.values()].filter((d) => d.parentCode === r.successorCode).map((d) => [r.code + d.code.slice(4), d.code] as const),
    );
    fc.assert(
      fc.property(fc.constantFrom(...retiredDistricts), realDate, ([oldCode, successor], date) => {
        const result = parseNik(formatNik({ districtCode: oldCode, birthDate: isoDay(date), sex: 'female', serial: 12 }));
        expect(result).toMatchObject({
          success: true,
          warnings: [],
          value: { districtCode: oldCode, region: { status: 'retired', successorDistrictCode: successor } },
        });
      }),
    );
  });

  it('issue messages never contain the raw NIK, with or without separators', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), fc.constantFrom('', ' ', '.', '-'), (digits, sep) => {
        const written = sep ? `${digits.slice(0, 4)}${sep}${digits.slice(4, 8)}${sep}${digits.slice(8, 12)}${sep}${digits.slice(12)}` : digits;
        const result = parseNik(written, ref);
        const messages = result.success ? result.warnings.map((w) => w.message) : result.issues.map((i) => i.message);
        for (const message of messages) {
          expect(message).not.toContain(digits);
          expect(message).not.toContain(written);
          expect(message.replace(/\D/g, '')).not.toContain(digits.slice(4, 12));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('DEFAULT_REFERENCE_DATE', () => {
  it('is the date the parser actually uses when none is given', async () => {
    const { isoDateKey, referenceDateKey } = await import('../../src/id/referenceDate.js');
    expect(referenceDateKey(undefined)).toBe(isoDateKey(DEFAULT_REFERENCE_DATE));
  });
});
