import { describe, expect, it } from 'vitest';
import { canonicalizeNameToken } from '../../src/standardize/canonicalizeNameToken.js';
import { indonesianPhoneticKey } from '../../src/standardize/indonesianPhoneticKey.js';
import { normalizeRegionName } from '../../src/standardize/regionNameIndex.js';
import { standardizeAddress } from '../../src/standardize/standardizeAddress.js';
import { standardizeDate } from '../../src/standardize/standardizeDate.js';
import { standardizeName } from '../../src/standardize/standardizeName.js';

// Every normalizer must stay linear on hostile input: these 100k-character strings would take minutes
// with a backtracking regex or a quadratic loop. The test only asserts completion (the suite timeout
// is the guard), never a measured time.
const N = 100_000;
const HOSTILE: readonly string[] = [
  'A.'.repeat(N / 2),
  ' '.repeat(N) + 'X',
  'RT'.repeat(N / 2),
  'RT 1/'.repeat(N / 5),
  '1/'.repeat(N / 2),
  'S.Pd.'.repeat(N / 5),
  'S. '.repeat(N / 3),
  'H. '.repeat(N / 3) + 'AHMAD',
  'BIN '.repeat(N / 4),
  'DJ'.repeat(N / 2),
  'D'.repeat(N - 1) + 'J',
  'OE'.repeat(N / 2),
  "A'".repeat(N / 2),
  '\u200b'.repeat(N),
  'é'.repeat(N),
  ','.repeat(N),
  '1'.repeat(N),
  '1-'.repeat(N / 2),
  'Kel. '.repeat(N / 5),
  'Jl. '.repeat(N / 4),
  'Kota '.repeat(N / 5),
  'Agustus '.repeat(N / 8),
];

describe('normalizers on hostile 100k-character input', () => {
  it('standardizeName completes and bounds its output', { timeout: 120_000 }, () => {
    for (const input of HOSTILE) {
      const r = standardizeName(input);
      expect(r.compared.length).toBeLessThanOrEqual(256);
    }
  });

  it('indonesianPhoneticKey and canonicalizeNameToken complete', { timeout: 120_000 }, () => {
    for (const input of HOSTILE) {
      indonesianPhoneticKey(input);
      canonicalizeNameToken(input.toUpperCase());
    }
    // One huge clean token takes the single-token fast path.
    expect(indonesianPhoneticKey('A'.repeat(N)).length).toBe(1);
  });

  it('standardizeDate completes', { timeout: 120_000 }, () => {
    for (const input of HOSTILE) standardizeDate(input);
  });

  it('standardizeAddress completes, with and without region matching', { timeout: 120_000 }, () => {
    for (const input of HOSTILE) {
      standardizeAddress(input, { matchRegions: 'none' });
      standardizeAddress(input, { matchRegions: 'all' });
      standardizeAddress(input, { matchRegions: 'all', maxLength: N * 2 });
      normalizeRegionName(input);
    }
  });
});
