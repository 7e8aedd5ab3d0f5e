import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareNik, NIK_COMPARISON_LEVELS } from '../../src/comparators/compareNik.js';
import { damerauLevenshteinDistance } from '../../src/comparators/damerauLevenshteinDistance.js';

// Synthetic NIKs only: 3201 (Kab. Bogor) 01, born 05-07-90 as a woman (45 = 5 + 40), serial 0001.
const NIK = '3201014507900001';

describe('compareNik levels', () => {
  it.each([
    [NIK, NIK, 'exact'],
    [NIK, '3201014507900007', 'one-edit'], // serial digit
    [NIK, '3201024507900001', 'one-edit'], // district digit
    [NIK, '3201014570900001', 'transposition'], // month digits swapped
    [NIK, '2301014507900001', 'transposition'], // province digits swapped
    [NIK, '3201014507900010', 'transposition'], // serial digits swapped: still the closer level
    [NIK, '3201014507900112', 'same-region-and-birth'], // twins or a double registration
    [NIK, '3201014507910001', 'one-edit'],
    [NIK, '3201014507911001', 'different'], // birth year differs in two digits
    [NIK, '3201014507900100', 'same-region-and-birth'], // two non-adjacent serial digits
    [NIK, '3273014507900001', 'different'],
    [NIK, '3201014570900010', 'different'], // two transpositions
    [NIK, '3201015407900001', 'transposition'],
    [NIK, null, 'missing'],
    [undefined, NIK, 'missing'],
    [NIK, '', 'missing'],
    [NIK, '320101450790000', 'missing'], // 15 digits: not a NIK
    [NIK, '32.01.01.450790.0001', 'missing'], // unnormalized: the id module strips separators first
  ] as const)('%s vs %s → %s', (a, b, level) => {
    expect(compareNik(a, b)).toBe(level);
    expect(compareNik(b, a)).toBe(level);
  });
});

describe('compareNik laws', () => {
  const nik = fc.string({ unit: fc.constantFrom('0', '1', '2'), minLength: 16, maxLength: 16 });

  it('is symmetric and consistent with restricted Damerau–Levenshtein', () => {
    fc.assert(
      fc.property(nik, nik, (a, b) => {
        const level = compareNik(a, b);
        expect(NIK_COMPARISON_LEVELS).toContain(level);
        expect(compareNik(b, a)).toBe(level);
        const distance = damerauLevenshteinDistance(a, b, { restricted: true });
        if (level === 'exact') expect(distance).toBe(0);
        if (level === 'one-edit' || level === 'transposition') expect(distance).toBe(1);
        if (level === 'same-region-and-birth') expect(a.slice(0, 12)).toBe(b.slice(0, 12));
      }),
      { numRuns: 3000 },
    );
  });
});
