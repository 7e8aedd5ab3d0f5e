import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import {
  dateNoise,
  dropToken,
  identifierTypo,
  initial,
  nameVariant,
  ocrConfusion,
  oldSpelling,
  resolveNoiseRates,
  spacing,
  swapTokens,
  typo,
} from '../../src/synth/noise.js';
import { createRandom, nextFloat, nextInt, nextUint32, pickWeighted, weightedTable } from '../../src/synth/random.js';

describe('random', () => {
  it('is reproducible per seed and stream, and differs across them', () => {
    const draw = (seed: number | string, stream = 0): number[] => {
      const rng = createRandom(seed, stream);
      return Array.from({ length: 5 }, () => nextUint32(rng));
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(draw(1)).not.toEqual(draw(1, 1));
    expect(draw('a')).not.toEqual(draw('b'));
  });

  it('draws floats in [0, 1), integers in range, and weights proportionally', () => {
    const rng = createRandom(7);
    const counts = [0, 0];
    const table = weightedTable(['a', 'b'], [3, 1]);
    for (let i = 0; i < 20_000; i++) {
      const f = nextFloat(rng);
      expect(f >= 0 && f < 1).toBe(true);
      const n = nextInt(rng, 2, 4);
      expect(n >= 2 && n <= 4).toBe(true);
      counts[pickWeighted(rng, table) === 'a' ? 0 : 1]!++;
    }
    expect(counts[0]! / 20_000).toBeCloseTo(0.75, 1);
  });
});

describe('noise functions', () => {
  const rng = createRandom(99);
  const many = (f: () => string | undefined): Set<string> => {
    const out = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const v = f();
      if (v !== undefined) out.add(v);
    }
    return out;
  };

  it('typo changes the name by one edit at varied positions', () => {
    const variants = many(() => typo(rng, 'SUPARMAN'));
    expect(variants.size).toBeGreaterThan(20);
    for (const v of variants) {
      expect(v).not.toBe('SUPARMAN');
      expect(Math.abs(v.length - 8)).toBeLessThanOrEqual(1);
    }
  });

  it('OCR, old spelling and variants produce the expected forms', () => {
    expect(many(() => ocrConfusion(rng, 'BONO'))).toEqual(expect.any(Set));
    expect([...many(() => ocrConfusion(rng, 'BONO'))].some((v) => /[08]/.test(v))).toBe(true);
    expect(many(() => oldSpelling(rng, 'SUKARNO'))).toContain('SOEKARNO');
    expect(many(() => oldSpelling(rng, 'YUSUF'))).toContain('JOESOEF');
    expect(many(() => oldSpelling(rng, 'CAHYO'))).toContain('TJAHJO');
    expect(oldSpelling(rng, 'BAMBANG')).toBeUndefined();
    const muhammad = many(() => nameVariant(rng, 'MUHAMMAD RIZKI'));
    expect([...muhammad].some((v) => v.startsWith('M. ') || v.startsWith('MOH. ') || v.startsWith('MOCHAMAD '))).toBe(true);
    expect([...muhammad].some((v) => v === 'MUHAMMAD RIZKY')).toBe(true);
    expect(many(() => nameVariant(rng, 'SITI AMINAH'))).toContain('SITTI AMINAH');
  });

  it('spacing, initials, swaps and drops act on tokens', () => {
    expect(many(() => spacing(rng, 'NUR HAYATI'))).toContain('NURHAYATI');
    expect(many(() => spacing(rng, 'NURHAYATI'))).toContain('NUR HAYATI');
    expect(spacing(rng, 'ABDULLAH')).toBeUndefined();
    expect(many(() => initial(rng, 'MUHAMMAD RIZKI'))).toContain('M. RIZKI');
    expect(swapTokens(rng, 'MARIA SIMANJUNTAK')).toBe('SIMANJUNTAK MARIA');
    expect(dropToken(rng, 'SUPARMAN')).toBeUndefined();
    for (const v of many(() => dropToken(rng, 'MARIA BR SIMANJUNTAK'))) expect(v.endsWith('BR')).toBe(false);
  });

  it('identifier typos change one digit or swap two adjacent ones', () => {
    const nik = '3201011205900001';
    for (const v of many(() => identifierTypo(rng, nik))) {
      expect(v).toMatch(/^\d{16}$/);
      expect(v).not.toBe(nik);
      const diff = [...v].filter((c, i) => c !== nik[i]).length;
      expect(diff === 1 || diff === 2).toBe(true);
    }
  });

  it('date noise gives placeholders, years, swapped day/month and off-by-one years', () => {
    expect(['1980-07-01', '1980-12-31', '1980-01-01']).toContain(dateNoise(rng, '1980-03-07', 'birth-placeholder'));
    expect(dateNoise(rng, '1980-03-07', 'birth-year-only')).toBe('1980');
    expect(dateNoise(rng, '1980-03-07', 'birth-day-month-swapped')).toBe('1980-07-03');
    expect(dateNoise(rng, '1980-03-25', 'birth-day-month-swapped')).toBeUndefined();
    expect(['1979-02-28', '1981-02-28']).toContain(dateNoise(rng, '1980-02-29', 'birth-year-off'));
  });
});

describe('resolveNoiseRates', () => {
  it('scales presets, applies overrides and rejects mistakes up front', () => {
    expect(resolveNoiseRates('clean', 'dtks')['name-typo']).toBe(0);
    expect(resolveNoiseRates('heavy', 'dtks')['name-typo']).toBeCloseTo(resolveNoiseRates('default', 'dtks')['name-typo'] * 2.5);
    const rates = resolveNoiseRates({ preset: 'clean', rates: { 'nik-missing': 0.5 }, sources: { dtks: { 'nik-missing': 0.9 } } }, 'dtks');
    expect(rates['nik-missing']).toBe(0.9);
    expect(resolveNoiseRates({ rates: { 'nik-missing': 0.5 } }, 'p3ke')['nik-missing']).toBe(0.5);
    expect(() => resolveNoiseRates({ rates: { 'no-such-kind': 0.1 } as never }, 'dtks')).toThrow(PadanError);
    expect(() => resolveNoiseRates({ rates: { 'nik-missing': 2 } }, 'dtks')).toThrow(PadanError);
    expect(() => resolveNoiseRates('filthy' as never, 'dtks')).toThrow(PadanError);
  });
});
