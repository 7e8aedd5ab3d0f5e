import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysInMonth, isPlaceholderDate, standardizeDate, swapDayMonth, type StandardizedDate } from '../../src/standardize/standardizeDate.js';
import { MONTH_NAMES } from '../../src/standardize/tables/months.js';
import { PLACEHOLDER_DATES } from '../../src/standardize/tables/placeholderDates.js';

function value(raw: string, options?: Parameters<typeof standardizeDate>[1]): StandardizedDate {
  const result = standardizeDate(raw, options);
  if (!result.success) throw new Error(`expected ${raw} to parse: ${result.issues[0]?.code}`);
  return result.value;
}

describe('standardizeDate: forms', () => {
  const forms: readonly [form: string, raw: string, iso: string][] = [
    ['ISO', '1985-03-21', '1985-03-21'],
    ['ISO timestamp', '1985-03-21T00:00:00.000Z', '1985-03-21'],
    ['ISO year-month', '1985-03', '1985-03'],
    ['year only', '1985', '1985'],
    ['YYYY/MM/DD', '1985/03/21', '1985-03-21'],
    ['YYYYMMDD', '19850321', '1985-03-21'],
    ['DDMMYYYY', '21031985', '1985-03-21'],
    ['DD-MM-YYYY', '21-03-1985', '1985-03-21'],
    ['DD/MM/YYYY', '21/03/1985', '1985-03-21'],
    ['DD.MM.YYYY', '21.03.1985', '1985-03-21'],
    ['D-M-YYYY', '5-3-1985', '1985-03-05'],
    ['DD-MM-YY (19xx)', '21-03-85', '1985-03-21'],
    ['DD-MM-YY (20xx)', '21-03-05', '2005-03-21'],
    ['MM-YYYY', '03-1985', '1985-03'],
    ['Indonesian month name', '17 Agustus 1945', '1945-08-17'],
    ['Indonesian abbreviation', '17-Agt-1945', '1945-08-17'],
    ['English month name', '17 August 1945', '1945-08-17'],
    ['English month first', 'August 17, 1945', '1945-08-17'],
    ['month name and year', 'Agustus 1945', '1945-08'],
    ['year then month name', '1945 Agustus 17', '1945-08-17'],
    ['birthplace before the date', 'Bandung, 21-03-1985', '1985-03-21'],
  ];
  for (const [form, raw, iso] of forms) {
    it(`${form}: ${raw} → ${iso}`, () => {
      const v = value(raw);
      expect(v.iso).toBe(iso);
      expect(v.precision).toBe(iso.length === 10 ? 'day' : iso.length === 7 ? 'month' : 'year');
    });
  }

  it('reads every month name in the table', () => {
    for (const [name, month] of Object.entries(MONTH_NAMES)) {
      expect(value(`10 ${name.toLowerCase()} 1990`).month).toBe(month);
    }
  });

  it('applies the two-digit year pivot', () => {
    expect(value('01-02-30').year).toBe(2030);
    expect(value('01-02-31').year).toBe(1931);
    expect(value('01-02-31', { twoDigitYearPivot: 40 }).year).toBe(2031);
  });
});

describe('standardizeDate: day/month order', () => {
  it('flags a reading that could go either way', () => {
    expect(value('03/04/1990')).toMatchObject({ iso: '1990-04-03', ambiguousDayMonth: true, dayMonthSwapped: false });
    expect(value('03/04/1990', { order: 'mdy' })).toMatchObject({ iso: '1990-03-04', ambiguousDayMonth: true });
    expect(value('04/04/1990').ambiguousDayMonth).toBe(false);
    expect(value('21/04/1990').ambiguousDayMonth).toBe(false);
  });

  it('swaps an impossible order and says so', () => {
    expect(value('04/21/1990')).toMatchObject({ iso: '1990-04-21', dayMonthSwapped: true });
    expect(value('1990-21-04')).toMatchObject({ iso: '1990-04-21', dayMonthSwapped: true });
  });

  it('swapDayMonth gives the transposed date only when it exists', () => {
    expect(swapDayMonth({ year: 1990, month: 3, day: 4 })).toEqual({ year: 1990, month: 4, day: 3 });
    expect(swapDayMonth({ year: 1990, month: 3, day: 24 })).toBeNull();
    expect(swapDayMonth({ year: 1990, month: 2, day: 12 })).toEqual({ year: 1990, month: 12, day: 2 });
    expect(swapDayMonth({ year: 1990 })).toBeNull();
  });
});

describe('standardizeDate: placeholders', () => {
  for (const p of PLACEHOLDER_DATES) {
    it(`${p.day}/${p.month} is a placeholder (${p.reason})`, () => {
      const raw = `${String(p.day).padStart(2, '0')}-${String(p.month).padStart(2, '0')}-1970`;
      expect(value(raw).placeholder).toBe(true);
      expect(isPlaceholderDate(value(raw).iso)).toBe(true);
      expect(isPlaceholderDate({ month: p.month, day: p.day })).toBe(true);
    });
  }

  it('treats year-only as a placeholder and an ordinary date as not', () => {
    expect(value('1970').placeholder).toBe(true);
    expect(isPlaceholderDate('1970')).toBe(true);
    expect(value('17-08-1970').placeholder).toBe(false);
    expect(value('1970-08').placeholder).toBe(false);
    expect(isPlaceholderDate('01-07-1970')).toBe(false); // not a contract date
    expect(isPlaceholderDate('1970-08')).toBe(false); // agrees with standardizeDate('1970-08')
  });

  it('takes the placeholder list as data', () => {
    const placeholders = [{ month: 6, day: 15, reason: 'a source that uses mid-June' }];
    expect(value('15-06-1970', { placeholders }).placeholder).toBe(true);
    expect(value('01-07-1970', { placeholders }).placeholder).toBe(false);
  });
});

describe('standardizeDate: rejections', () => {
  const rejected: readonly [raw: string, code: string][] = [
    ['', 'date/empty'],
    ['   ', 'date/empty'],
    ['tidak tahu', 'date/unparseable'],
    ['12345', 'date/unparseable'],
    ['1-2-3-4-5-6-7-8-9-10', 'date/unparseable'],
    ['31-02-1990', 'date/impossible'],
    ['29-02-1900', 'date/impossible'],
    ['1990-13-13', 'date/impossible'],
    ['00-01-1990', 'date/impossible'],
    ['1700', 'date/out-of-range'],
  ];
  for (const [raw, code] of rejected) {
    it(`${JSON.stringify(raw)} → ${code}`, () => {
      const result = standardizeDate(raw);
      expect(result.success).toBe(false);
      if (!result.success) expect(result.issues[0]?.code).toBe(code);
    });
  }

  it('accepts 29 February in leap years only', () => {
    expect(value('29-02-2000').iso).toBe('2000-02-29');
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
  });
});

describe('standardizeDate: laws', () => {
  it('round-trips its own iso output', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1850-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.constantFrom(4, 7, 10), (date, length) => {
        const iso = date.toISOString().slice(0, length);
        const v = value(iso);
        expect(v.iso).toBe(iso);
        expect(value(v.iso)).toEqual(v);
        expect(isPlaceholderDate(v.iso)).toBe(v.placeholder);
      }),
    );
  });

  it('never throws and returns a contract date on success', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (raw) => {
        const result = standardizeDate(raw);
        if (result.success) expect(result.value.iso).toMatch(/^\d{4}(-\d{2}(-\d{2})?)?$/);
      }),
      { numRuns: 3000 },
    );
  });
});
