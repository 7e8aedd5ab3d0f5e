import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDates, DATE_COMPARISON_LEVELS } from '../../src/comparators/compareDates.js';
import { DATE_PLACEHOLDERS } from '../../src/comparators/datePlaceholders.js';
import { encodeDate } from '../../src/comparators/encodeDate.js';

describe('compareDates levels', () => {
  it.each([
    ['1985-03-12', '1985-03-12', 'exact'],
    ['1985-03-12', '1985-12-03', 'day-month-swapped'],
    ['1985-03-12', '1985-03-13', 'one-component-different'],
    ['1985-03-12', '1985-04-12', 'one-component-different'],
    ['1985-03-12', '1958-03-12', 'one-component-different'],
    ['1985-03-12', '1985-04-20', 'year-only-equal'],
    ['1985-03-12', '1986-04-20', 'different'],
    ['1985-03-12', '1986-12-03', 'different'], // swapped but the year differs too
    ['1985-07-01', '1985-03-12', 'placeholder-involved'], // 1 July
    ['1985-01-01', '1985-03-12', 'placeholder-involved'], // 1 January
    ['1985-12-31', '1985-12-31', 'placeholder-involved'], // equal placeholders are still weak evidence
    ['1985', '1985-03-12', 'placeholder-involved'], // year only
    ['1985-03', '1985-03-12', 'placeholder-involved'], // month only
    ['1985-07-01', '1990-03-12', 'different'], // placeholder, but the year disagrees
    ['1985-03-12', null, 'missing'],
    [undefined, '1985-03-12', 'missing'],
    ['', '1985-03-12', 'missing'],
    ['12/03/1985', '1985-03-12', 'missing'], // not ISO: the standardizer's job, not evidence here
  ] as const)('%s vs %s → %s', (a, b, level) => {
    expect(compareDates(a, b)).toBe(level);
    expect(compareDates(b, a)).toBe(level);
    expect(compareDates(encodeDate(a), encodeDate(b))).toBe(level);
  });

  it('a day equal to its month swaps into itself: exact, not swapped', () => {
    expect(compareDates('1985-03-03', '1985-03-03')).toBe('exact');
  });

  it('takes the placeholder list as data', () => {
    expect(DATE_PLACEHOLDERS).toContainEqual({ month: 7, day: 1 });
    expect(compareDates('1985-08-17', '1985-03-12', { placeholders: [{ month: 8, day: 17 }] })).toBe('placeholder-involved');
    expect(compareDates('1985-07-01', '1985-03-12', { placeholders: [] })).toBe('year-only-equal');
  });

  it('pre-encoded integers are year × 10000 + month × 100 + day, 0 for unknown', () => {
    expect(encodeDate('1985-07-01')).toBe(19850701);
    expect(encodeDate('1985-07')).toBe(19850700);
    expect(encodeDate('1985')).toBe(19850000);
    expect(encodeDate('1985-13-01')).toBe(0);
    expect(encodeDate('1985-07-32')).toBe(0);
    expect(encodeDate('1985/07/01')).toBe(0);
    expect(encodeDate(null)).toBe(0);
    expect(compareDates(0, 19850312)).toBe('missing');
  });
});

describe('compareDates laws', () => {
  const date = fc
    .tuple(fc.integer({ min: 1940, max: 2025 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 28 }))
    .map(([year, month, day]) => year * 10000 + month * 100 + (month === 0 ? 0 : day));

  it('is symmetric, returns a known level, and agrees on strings and integers', () => {
    fc.assert(
      fc.property(date, date, (a, b) => {
        const level = compareDates(a, b);
        expect(DATE_COMPARISON_LEVELS).toContain(level);
        expect(compareDates(b, a)).toBe(level);
        expect(compareDates(toIso(a), toIso(b))).toBe(level);
      }),
      { numRuns: 3000 },
    );
  });
});

function toIso(key: number): string {
  const year = Math.floor(key / 10000);
  const month = Math.floor(key / 100) % 100;
  const day = key % 100;
  if (month === 0) return String(year);
  const mm = String(month).padStart(2, '0');
  return day === 0 ? `${year}-${mm}` : `${year}-${mm}-${String(day).padStart(2, '0')}`;
}

describe('coordination with the standardizer', () => {
  it('uses the same placeholder days as standardizeDate, so the two stages never disagree', async () => {
    // The comparators may not import standardize (imports point downstream only); this test may.
    const { PLACEHOLDER_DATES } = await import('../../src/standardize/tables/placeholderDates.js');
    const key = (d: { month: number; day: number }) => d.month * 100 + d.day;
    expect(DATE_PLACEHOLDERS.map(key).sort()).toEqual(PLACEHOLDER_DATES.map(key).sort());
    expect(compareDates('1985-08-17', '1985-03-12', { placeholders: PLACEHOLDER_DATES })).toBe('year-only-equal');
  });
});
