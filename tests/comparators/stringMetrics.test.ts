import fc from 'fast-check';
import { distance as fastestLevenshtein } from 'fastest-levenshtein';
import naturalJaroWinkler from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import naturalEdits from 'natural/lib/natural/distance/levenshtein_distance.js';
import { describe, expect, it } from 'vitest';
import { charMasks, codesA, codesB, lastRowOf, loadA, loadB } from '../../src/comparators/codeBuffers.js';
import { damerauLevenshteinDistance } from '../../src/comparators/damerauLevenshteinDistance.js';
import { damerauLevenshteinSimilarity } from '../../src/comparators/damerauLevenshteinSimilarity.js';
import { jaroCodes, jaroSimilarity } from '../../src/comparators/jaroSimilarity.js';
import { jaroWinklerSimilarity } from '../../src/comparators/jaroWinklerSimilarity.js';
import { levenshteinDistance } from '../../src/comparators/levenshteinDistance.js';
import { levenshteinSimilarity } from '../../src/comparators/levenshteinSimilarity.js';
import { referenceDamerauLevenshtein, referenceOsa } from './reference.js';

// natural is the oracle here and only here (a devDependency): padan's kernels are 3.5–95× faster (see
// benchmarks/comparators.bench.ts), and its package root prints and loads dotenv at import.

const NUM_RUNS = 1000;
const EPSILON = 1e-12;

/**
 * Strings over several alphabets. A three-letter alphabet makes matches, repeats and transpositions
 * common; uppercase names are the real input; lengths up to 80 cross the 32-code-unit limit of the
 * bit-parallel kernels; `binary` and the mixed alphabet bring non-ASCII and surrogate pairs
 * (compared as UTF-16 code units, as natural and fastest-levenshtein do).
 */
const alphabets = {
  small: fc.string({ unit: fc.constantFrom('A', 'B', 'C'), maxLength: 12 }),
  smallLong: fc.string({ unit: fc.constantFrom('A', 'B', 'C'), minLength: 25, maxLength: 80 }),
  names: fc.string({ unit: fc.constantFrom(...'ABDEGHIKLMNRSTUY '), maxLength: 30 }),
  nonAscii: fc.string({ unit: fc.constantFrom('a', 'é', 'Ж', 'ñ', '\u{1F600}'), maxLength: 16 }),
  binary: fc.string({ unit: 'binary', maxLength: 40 }),
} as const;

const pairs = Object.entries(alphabets).map(([name, strings]) => [name, fc.tuple(strings, strings)] as const);

/** A pair where the second string is the first with a few typos: most random pairs are too unlike. */
const typoPair = fc
  .tuple(alphabets.names, fc.array(fc.tuple(fc.nat(), fc.constantFrom('A', 'I', 'U', 'E', 'O', 'N', '')), { maxLength: 3 }))
  .map(([text, edits]) => {
    let typo = text;
    for (const [at, letter] of edits) {
      const i = typo.length === 0 ? 0 : at % typo.length;
      typo = typo.slice(0, i) + letter + typo.slice(i + 1);
    }
    return [text, typo] as const;
  });

const allPairs = [...pairs, ['typos', typoPair] as const];

function hasRepeatedCodeUnit(text: string): boolean {
  return new Set(text.split('')).size !== text.length;
}

describe.each(allPairs)('string metrics on %s strings', (_name, pair) => {
  it('jaroWinklerSimilarity with boostThreshold 0 equals natural', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(Math.abs(jaroWinklerSimilarity(a, b, { boostThreshold: 0 }) - naturalJaroWinkler(a, b))).toBeLessThan(EPSILON);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('jaroWinklerSimilarity by default equals natural where Jaro > 0.7, and Jaro elsewhere', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const jaro = jaroSimilarity(a, b);
        const expected = jaro > 0.7 ? naturalJaroWinkler(a, b) : jaro;
        expect(Math.abs(jaroWinklerSimilarity(a, b) - expected)).toBeLessThan(EPSILON);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('jaroSimilarity equals natural where no prefix is shared (natural has no plain Jaro)', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        fc.pre(a !== b && a.charCodeAt(0) !== b.charCodeAt(0));
        expect(Math.abs(jaroSimilarity(a, b) - naturalJaroWinkler(a, b))).toBeLessThan(EPSILON);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('levenshteinDistance equals fastest-levenshtein and natural', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const distance = levenshteinDistance(a, b);
        expect(distance).toBe(fastestLevenshtein(a, b));
        expect(distance).toBe(naturalEdits.LevenshteinDistance(a, b));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('restricted damerauLevenshteinDistance (OSA) equals natural restricted and the textbook OSA', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const distance = damerauLevenshteinDistance(a, b, { restricted: true });
        expect(distance).toBe(referenceOsa(a, b));
        expect(distance).toBe(naturalEdits.DamerauLevenshteinDistance(a, b, { restricted: true }));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('damerauLevenshteinDistance equals the textbook Lowrance–Wagner, and natural where natural is right', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const distance = damerauLevenshteinDistance(a, b);
        expect(distance).toBe(referenceDamerauLevenshtein(a, b));
        // natural's unrestricted version marks a row as seen while still inside it, which undercounts
        // when the second string repeats a code unit ("BA" → "AAA" gives 1, not 2). Elsewhere it is right.
        if (!hasRepeatedCodeUnit(b)) expect(distance).toBe(naturalEdits.DamerauLevenshteinDistance(a, b));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the code-unit Jaro kernel (used by nameSimilarity) agrees with the string path', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        fc.pre(a.length > 0 && b.length > 0);
        const lengthA = loadA(a);
        const lengthB = loadB(b);
        expect(jaroCodes(codesA, lengthA, codesB, lengthB)).toBe(jaroSimilarity(a, b));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('similarities are symmetric, in [0, 1], and 1 on identical strings', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const metrics = [
          jaroSimilarity,
          jaroWinklerSimilarity,
          levenshteinSimilarity,
          damerauLevenshteinSimilarity,
          (x: string, y: string) => damerauLevenshteinSimilarity(x, y, { restricted: true }),
        ];
        for (const similarity of metrics) {
          const forward = similarity(a, b);
          expect(Math.abs(forward - similarity(b, a))).toBeLessThan(EPSILON);
          expect(forward).toBeGreaterThanOrEqual(0);
          expect(forward).toBeLessThanOrEqual(1);
          expect(similarity(a, a)).toBe(1);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('distances are symmetric, 0 on identical strings, and normalize to the similarities', () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        for (const [distance, similarity] of [
          [levenshteinDistance, levenshteinSimilarity],
          [damerauLevenshteinDistance, damerauLevenshteinSimilarity],
        ] as const) {
          const d = distance(a, b);
          expect(d).toBe(distance(b, a));
          expect(distance(a, a)).toBe(0);
          const longest = Math.max(a.length, b.length);
          expect(similarity(a, b)).toBe(longest === 0 ? 1 : 1 - d / longest);
        }
        // Each edit distance is bounded by the one with fewer operations.
        const osa = damerauLevenshteinDistance(a, b, { restricted: true });
        expect(damerauLevenshteinDistance(a, b)).toBeLessThanOrEqual(osa);
        expect(osa).toBeLessThanOrEqual(levenshteinDistance(a, b));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('metric laws', () => {
  const triple = fc.tuple(alphabets.small, alphabets.small, alphabets.small);

  it('Levenshtein and true Damerau–Levenshtein satisfy the triangle inequality', () => {
    fc.assert(
      fc.property(triple, ([a, b, c]) => {
        expect(levenshteinDistance(a, c)).toBeLessThanOrEqual(levenshteinDistance(a, b) + levenshteinDistance(b, c));
        expect(damerauLevenshteinDistance(a, c)).toBeLessThanOrEqual(damerauLevenshteinDistance(a, b) + damerauLevenshteinDistance(b, c));
      }),
      { numRuns: 5000 },
    );
  });

  it('OSA is not a metric: the classic counterexample breaks the triangle inequality', () => {
    // Why true Damerau–Levenshtein is the default: CA → AC → ABC is 1 + 1, but OSA(CA, ABC) is 3.
    const osa = (x: string, y: string) => damerauLevenshteinDistance(x, y, { restricted: true });
    expect(osa('CA', 'ABC')).toBe(3);
    expect(osa('CA', 'AC') + osa('AC', 'ABC')).toBe(2);
    expect(damerauLevenshteinDistance('CA', 'ABC')).toBe(2);
  });
});

describe('examples', () => {
  it('match the documented values', () => {
    expect(jaroSimilarity('MARTHA', 'MARHTA')).toBeCloseTo(0.9444444444444445, 15);
    expect(jaroWinklerSimilarity('MARTHA', 'MARHTA')).toBeCloseTo(0.9611111111111111, 15);
    expect(jaroWinklerSimilarity('RIZKY', 'RIZKI')).toBeCloseTo(0.92, 15);
    expect(jaroWinklerSimilarity('AB', 'AC', { boostThreshold: 0 })).toBeCloseTo(0.7, 15);
    expect(jaroWinklerSimilarity('AB', 'AC')).toBeCloseTo(2 / 3, 15);
    expect(levenshteinDistance('SUHARTO', 'SOEHARTO')).toBe(2);
    expect(levenshteinDistance('', 'BUDI')).toBe(4);
    expect(levenshteinSimilarity('SUHARTO', 'SOEHARTO')).toBe(0.75);
    expect(damerauLevenshteinDistance('3201014507900001', '3201014570900001')).toBe(1);
    expect(damerauLevenshteinSimilarity('SITI', 'STII')).toBe(0.75);
  });

  it('treat empty strings consistently: two empties are identical, one empty shares nothing', () => {
    expect(jaroWinklerSimilarity('', '')).toBe(1);
    expect(jaroWinklerSimilarity('', 'A')).toBe(0);
    expect(levenshteinSimilarity('', '')).toBe(1);
    expect(levenshteinSimilarity('A', '')).toBe(0);
  });

  it('handle strings far longer than the 32-unit bit-parallel limit, then short ones again', () => {
    const long = 'SITI NURHALIZA BINTI MUHAMMAD '.repeat(10);
    const typo = long.replace('NURHALIZA', 'NURHALISA').replace('BINTI', 'BNITI');
    expect(levenshteinDistance(long, typo)).toBe(fastestLevenshtein(long, typo));
    expect(damerauLevenshteinDistance(long, typo)).toBe(2);
    expect(damerauLevenshteinDistance(long, typo, { restricted: true })).toBe(2);
    expect(Math.abs(jaroWinklerSimilarity(long, typo, { boostThreshold: 0 }) - naturalJaroWinkler(long, typo))).toBeLessThan(EPSILON);
    expect(levenshteinDistance('BUDI', 'BUDY')).toBe(1);
  });

  it('leave the shared scratch tables clean, so one call cannot leak into the next', () => {
    const inputs = ['MUHAMMAD', 'MOEHAMAD', 'Ж\u{1F600}é', 'x'.repeat(70), 'xy'.repeat(40)];
    for (const a of inputs) {
      for (const b of inputs) {
        jaroWinklerSimilarity(a, b);
        levenshteinDistance(a, b);
        damerauLevenshteinDistance(a, b);
        damerauLevenshteinDistance(a, b, { restricted: true });
      }
    }
    expect(charMasks.every((mask) => mask === 0)).toBe(true);
    expect(lastRowOf.every((row) => row === 0)).toBe(true);
  });

  it('reject Jaro–Winkler options that would leave [0, 1]', () => {
    expect(() => jaroWinklerSimilarity('A', 'B', { prefixScale: 0.3 })).toThrow(/prefixScale/);
    expect(() => jaroWinklerSimilarity('A', 'B', { maxPrefixLength: 1.5 })).toThrow(/maxPrefixLength/);
  });
});
