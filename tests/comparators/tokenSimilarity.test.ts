import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaroWinklerSimilarity } from '../../src/comparators/jaroWinklerSimilarity.js';
import { nameSimilarity } from '../../src/comparators/nameSimilarity.js';
import { tokenSetSimilarity } from '../../src/comparators/tokenSetSimilarity.js';
import { tokenSortSimilarity } from '../../src/comparators/tokenSortSimilarity.js';

const EPSILON = 1e-12;
const token = fc.string({ unit: fc.constantFrom(...'ABDIKMNRSTU'), minLength: 1, maxLength: 9 });
const tokens = fc.array(token, { maxLength: 5 });

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('tokenSortSimilarity and tokenSetSimilarity', () => {
  it('ignore word order and accept strings or token arrays', () => {
    expect(tokenSortSimilarity('RIZKI MUHAMMAD', 'MUHAMMAD RIZKI')).toBe(1);
    expect(tokenSortSimilarity(['RIZKI', 'MUHAMMAD'], '  MUHAMMAD   RIZKI ')).toBe(1);
    expect(tokenSortSimilarity('SITI AMINAH', 'AMINAH SITY')).toBeCloseTo(10 / 11, 15);
    expect(tokenSetSimilarity('SITI AMINAH', 'AMINAH NUR SITI')).toBe(1);
    expect(tokenSetSimilarity('BUDI SANTOSO', 'BUDI SANTOSA')).toBeCloseTo(11 / 12, 15);
  });

  it('take the base metric as an option', () => {
    expect(tokenSortSimilarity('AMINAH SITI', 'SITI AMINA', { similarity: jaroWinklerSimilarity })).toBe(jaroWinklerSimilarity('AMINAH SITI', 'AMINA SITI'));
  });

  it('score empty names: both empty 1, one empty 0', () => {
    expect(tokenSetSimilarity('', [])).toBe(1);
    expect(tokenSetSimilarity('BUDI', '')).toBe(0);
    expect(tokenSortSimilarity('', '')).toBe(1);
    expect(tokenSortSimilarity('BUDI', '')).toBe(0);
  });

  it('are symmetric, in [0, 1], 1 on identical names, and order-free', () => {
    fc.assert(
      fc.property(tokens, tokens, fc.nat(), (a, b, seed) => {
        for (const similarity of [tokenSortSimilarity, tokenSetSimilarity]) {
          const forward = similarity(a, b);
          expect(Math.abs(forward - similarity(b, a))).toBeLessThan(EPSILON);
          expect(forward).toBeGreaterThanOrEqual(0);
          expect(forward).toBeLessThanOrEqual(1);
          expect(similarity(a, a)).toBe(1);
          expect(similarity(shuffled(a, seed), b)).toBe(forward);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('nameSimilarity', () => {
  const N = (a: string, b: string) => nameSimilarity(a.split(' ').filter(Boolean), b.split(' ').filter(Boolean));

  it('is not hurt by word order', () => {
    expect(N('RIZKI MUHAMMAD', 'MUHAMMAD RIZKI')).toBe(1);
    expect(N('AMINAH SITI', 'SITI AMINAH')).toBe(1);
  });

  it('lets an initial match a full token starting with its letter', () => {
    expect(N('M RIZKI', 'MUHAMMAD RIZKI')).toBeCloseTo(0.95, 15);
    expect(N('RIZKI M', 'MUHAMMAD RIZKI')).toBeCloseTo(0.95, 15);
    expect(N('M RIZKI', 'M RIZKI')).toBe(1);
    expect(N('A RIZKI', 'MUHAMMAD RIZKI')).toBeCloseTo(0.5, 15); // a wrong initial scores 0 for its slot
    expect(nameSimilarity(['M', 'RIZKI'], ['MUHAMMAD', 'RIZKI'], { initialSimilarity: 1 })).toBe(1);
  });

  it('charges a missing middle token a little, and compares single-word names sensibly', () => {
    expect(N('SITI AMINAH', 'SITI NUR AMINAH')).toBeCloseTo(0.95, 15);
    expect(N('AMINAH', 'SITI AMINAH')).toBeCloseTo(0.95, 15);
    expect(N('AMINAH', 'SITI NUR AMINAH')).toBeCloseTo(0.9025, 15);
    expect(N('BUDI', 'BUDI')).toBe(1);
    expect(N('BUDI', 'BUDY')).toBe(jaroWinklerSimilarity('BUDI', 'BUDY'));
    expect(N('AHMAD', 'SITI')).toBe(0);
  });

  it('ranks true variants above different people', () => {
    const same = N('MUHAMMAD RIZKI PRATAMA', 'MUHAMAD RISKI PRATAMA');
    const split = N('NURHALIZA', 'NUR HALIZA');
    const different = N('AHMAD BUDI', 'BUDI SANTOSO');
    const differentFirst = N('AGUS SETIAWAN', 'DEDI SETIAWAN');
    expect(split).toBe(1);
    expect(same).toBeGreaterThan(0.9);
    expect(different).toBeLessThan(0.8);
    expect(differentFirst).toBeLessThan(same);
  });

  it('is symmetric to the last bit for names with as many tokens (fuzz seed 19, nameSimilarity input 6650)', () => {
    // Before, the first name's tokens were always the rows, so the alignment sum ran in another order
    // when the names were swapped: 0.34176587301587297 one way, 0.341765873015873 the other.
    const a = ['ꍯ𒾘🗨🁻𔒊≯駾Ḅ', 'ꗙ𝁚𞴥𑿏ꈚ𐡥𑘆𐀓', '𘨉夆𒎁', '⭘ꇱਬ𐲇'];
    const b = ['𓏒', '⿃🐣', '⨒報', '𘰘н🮽𝈾⢲'];
    expect(Object.is(nameSimilarity(a, b), nameSimilarity(b, a))).toBe(true);
    const c = ['᧩ꥂ𒈯रḚ꒕𔒒', 'ꚙ𔔖𓆌🟘ﯻ𒂴⍤⧄', '嬾𐿥𨯺𘨧𔘝', '𞓐𑗈ṁ'];
    const d = ['𖥥𒃱𑴉𘡚₢𐝎𐆗', '𑀏𑒧࿇ꂎ', 'ჺ𑧢Ἡ𘨵🆛💌𝚺🪭', '⧣𘬟ﳭ'];
    expect(Object.is(nameSimilarity(c, d), nameSimilarity(d, c))).toBe(true);
  });

  it('scores empty names: both empty 1, one empty 0', () => {
    expect(nameSimilarity([], [])).toBe(1);
    expect(nameSimilarity(['BUDI'], [])).toBe(0);
  });

  it('aligns long token lists greedily beyond eight tokens', () => {
    const many = 'A B C D E F G H I J'.split(' ').map((letter) => `${letter}ANI`);
    expect(nameSimilarity(many, shuffled(many, 7))).toBe(1);
    expect(nameSimilarity(many, [...many.slice(1), 'ZANI'])).toBeLessThan(1);
  });

  it('rejects options outside [0, 1]', () => {
    expect(() => nameSimilarity(['A'], ['B'], { missingTokenPenalty: 2 })).toThrow(/missingTokenPenalty/);
  });

  it('is symmetric, in [0, 1], 1 on identical names, and order-free for equal token counts', () => {
    fc.assert(
      fc.property(tokens, tokens, fc.nat(), (a, b, seed) => {
        const forward = nameSimilarity(a, b);
        expect(Math.abs(forward - nameSimilarity(b, a))).toBeLessThan(EPSILON);
        expect(forward).toBeGreaterThanOrEqual(0);
        expect(forward).toBeLessThanOrEqual(1);
        expect(nameSimilarity(a, a)).toBe(1);
        expect(nameSimilarity(shuffled(a, seed), a)).toBe(1);
        // With different counts the run-together comparison reads written order; the alignment never does.
        if (a.length === b.length) expect(Math.abs(nameSimilarity(shuffled(a, seed), b) - forward)).toBeLessThan(EPSILON);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('empty tokens (issue 17, fuzz seed 20 input 73175)', () => {
  it('nameSimilarity is symmetric when one name joins to nothing, whatever the shared buffers held before', () => {
    for (const [left, right] of [
      [['\u202e'], ['', '']],
      [['A'], ['', '']],
      [['SITI'], ['', '', '']],
    ] as const) {
      // Fill the scratch buffers with other names first: the old code read their leftovers.
      jaroWinklerSimilarity('MUHAMMAD RIZKI', 'MUHAMAD RISKI');
      nameSimilarity(['SITI', 'AMINAH'], ['SITI']);
      const forward = nameSimilarity([...left], [...right]);
      nameSimilarity(['A'], ['B', 'C']);
      const backward = nameSimilarity([...right], [...left]);
      expect(forward, `${left} / ${right}`).toBe(backward);
      expect(forward).toBe(0);
    }
  });
});
