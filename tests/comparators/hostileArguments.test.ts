import { describe, expect, it } from 'vitest';
import {
  damerauLevenshteinDistance,
  jaroSimilarity,
  jaroWinklerSimilarity,
  levenshteinDistance,
  nameSimilarity,
  tokenSetSimilarity,
  tokenSortSimilarity,
} from '../../src/comparators/index.js';
import { PadanError } from '../../src/index.js';

const typed = expect.objectContaining({ name: 'PadanError', code: 'invalid-argument' });

describe('comparators on wrong-type arguments', () => {
  it('tokenSetSimilarity refuses a non-string token (regression: looped until V8 aborted the process)', () => {
    expect(() => tokenSetSimilarity('A', [undefined] as never)).toThrow(typed);
    expect(() => tokenSortSimilarity('A', [1] as never)).toThrow(typed);
    expect(() => tokenSetSimilarity('A', 'B', { similarity: 1 } as never)).toThrow(typed);
  });

  it('leaves no corrupted state behind a refused call (regression: RIZKY/RIZKI gave 1 ever after)', () => {
    expect(() => jaroSimilarity('RIZKY', Uint16Array.from([65]) as never)).toThrow(typed);
    expect(jaroSimilarity('RIZKY', 'RIZKI')).toBeCloseTo(0.8667, 4);
    expect(() => levenshteinDistance('SUHARTO', Uint16Array.from([65]) as never)).toThrow(typed);
    expect(levenshteinDistance('SUHARTO', 'SOEHARTO')).toBe(2);
    expect(() => damerauLevenshteinDistance('ABDUL', null as never)).toThrow(typed);
    expect(damerauLevenshteinDistance('ABDUL', 'ABDLU')).toBe(1);
  });

  it('refuses unbounded work and bad options with a PadanError', () => {
    expect(() => jaroWinklerSimilarity('A'.repeat(2_000_000), 'B'.repeat(2_000_000))).toThrow(PadanError);
    expect(() => jaroWinklerSimilarity('A', 'B', { prefixScale: '0.1' } as never)).toThrow(typed);
    expect(() => nameSimilarity('SITI AMINAH' as never, ['SITI'])).toThrow(typed);
    expect(() =>
      nameSimilarity(
        Array.from({ length: 100_000 }, () => 'A'),
        ['A', 'B'],
      ),
    ).toThrow(typed);
  });
});
