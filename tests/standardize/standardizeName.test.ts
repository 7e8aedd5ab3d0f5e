import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeNameToken, respellOldSpelling } from '../../src/standardize/canonicalizeNameToken.js';
import { standardizeName } from '../../src/standardize/standardizeName.js';
import { NAME_VARIANTS } from '../../src/standardize/tables/nameVariants.js';
import { CH_KEPT, KNOWN_OLD_FORMS, OLD_SPELLING_MARKS } from '../../src/standardize/tables/spelling.js';
import { PATRONYMIC_MARKERS, TITLES } from '../../src/standardize/tables/titles.js';

// Synthetic names only: common given names combined at random, no real person's record.

describe('standardizeName: cleaning', () => {
  it('uppercases, drops punctuation and repeated spaces', () => {
    const r = standardizeName('  siti   aminah--  ');
    expect(r.compared).toBe('SITI AMINAH');
    expect(r.tokens).toEqual(['SITI', 'AMINAH']);
  });

  it('applies NFKC compatibility mappings and strips accents', () => {
    expect(standardizeName('Ｓｉｔｉ　Ａｍｉｎａｈ').compared).toBe('SITI AMINAH');
    expect(standardizeName('André Sémbiring').compared).toBe('ANDRE SEMBIRING');
  });

  it('removes zero-width characters without splitting the token', () => {
    expect(standardizeName('SI\u200BTI A\u200DMI\uFEFFNAH').compared).toBe('SITI AMINAH');
  });

  it('joins across apostrophes', () => {
    expect(standardizeName("Ma'ruf Amin").compared).toBe('MARUF AMIN');
    expect(standardizeName('Ma\u2019ruf').compared).toBe('MARUF');
  });

  it('keeps single-word names intact', () => {
    for (const name of ['Sukarno', 'PAIJO', 'Suparmi', 'Tukiyem']) {
      const r = standardizeName(name);
      expect(r.tokens).toHaveLength(1);
      expect(r.titles).toEqual([]);
      expect(r.patronymic).toBeNull();
    }
  });

  it('returns empty features for empty input', () => {
    const r = standardizeName('');
    expect(r.compared).toBe('');
    expect(r.tokens).toEqual([]);
  });
});

describe('standardizeName: titles (one test per table entry)', () => {
  it('every label reads back as a key of the table', () => {
    const keys = new Set(TITLES.map((t) => t.key));
    for (const entry of TITLES) expect(keys.has(entry.label.replace(/[^A-Za-z]/g, '').toUpperCase())).toBe(true);
  });

  for (const entry of TITLES) {
    if (entry.where === 'prefix' || entry.where === 'anywhere') {
      it(`${entry.titleClass} ${entry.label} (${entry.key}) before the name`, () => {
        const r = standardizeName(`${entry.label} Ahmad Fauzi`);
        expect(r.compared).toBe('AHMAD FAUZI');
        expect(r.titles).toEqual([entry.label]);
        expect(r.deceased).toBe(entry.titleClass === 'deceased');
      });
    }
    if (entry.where === 'anywhere') {
      it(`${entry.label} (${entry.key}) after the name, in brackets`, () => {
        const r = standardizeName(`Ahmad Fauzi (${entry.key})`);
        expect(r.compared).toBe('AHMAD FAUZI');
        expect(r.titles).toEqual([entry.label]);
      });
    }
    if (entry.where === 'prefix') {
      it(`${entry.key} after the first name word stays a name token`, () => {
        const r = standardizeName(`Ahmad ${entry.key}`);
        expect(r.tokens).toEqual(['AHMAD', entry.key]);
      });
    }
    if (entry.where === 'degree') {
      it(`degree ${entry.label} after a comma, and dotted after the name`, () => {
        expect(standardizeName(`Ahmad Fauzi, ${entry.label}`)).toMatchObject({ compared: 'AHMAD FAUZI', titles: [entry.label] });
        expect(standardizeName(`Ahmad Fauzi, ${entry.key}`)).toMatchObject({ compared: 'AHMAD FAUZI', titles: [entry.label] });
        expect(standardizeName(`Ahmad Fauzi ${entry.label}`)).toMatchObject({ compared: 'AHMAD FAUZI', titles: [entry.label] });
      });
      it(`degree ${entry.key} written bare after the name: ${entry.bare === true ? 'a title' : 'kept (could be a name)'}`, () => {
        const r = standardizeName(`Ahmad ${entry.key}`);
        expect(r.compared).toBe(entry.bare === true ? 'AHMAD' : `AHMAD ${entry.key}`);
      });
    }
  }

  it('reads titles glued to the name', () => {
    expect(standardizeName('Hj.SITI AMINAH')).toMatchObject({ compared: 'SITI AMINAH', titles: ['Hj.'] });
    expect(standardizeName('H.AHMAD')).toMatchObject({ compared: 'AHMAD', titles: ['H.'] });
    expect(standardizeName('Drs.H.Muhammad Ali,S.Pd')).toMatchObject({ compared: 'MUHAMMAD ALI', titles: ['Drs.', 'H.', 'S.Pd.'] });
  });

  it('reads chains of titles and degrees', () => {
    const r = standardizeName('Prof. Dr. Ir. H. Budi Santoso, M.Si., Ph.D.');
    expect(r.compared).toBe('BUDI SANTOSO');
    expect(r.titles).toEqual(['Prof.', 'Dr.', 'Ir.', 'H.', 'M.Si.', 'Ph.D.']);
  });

  it('reads degrees split by a space', () => {
    expect(standardizeName('Dewi Lestari, S. Pd')).toMatchObject({ compared: 'DEWI LESTARI', titles: ['S.Pd.'] });
    expect(standardizeName('Dewi Lestari S. Pd.I')).toMatchObject({ compared: 'DEWI LESTARI', titles: ['S.Pd.I.'] });
  });

  it('keeps an H after the name as an initial, and dotted initials before the name', () => {
    expect(standardizeName('Ahmad H.')).toMatchObject({ tokens: ['AHMAD', 'H'], initials: [false, true] });
    expect(standardizeName('M.A. Rizki').tokens).toEqual(['M', 'A', 'RIZKI']);
  });

  it('reads St. before a name as Siti and S.T. after it as a degree', () => {
    expect(standardizeName('St. Aminah S.T.')).toMatchObject({ canonical: 'SITI AMINAH', titles: ['S.T.'] });
  });

  it('marks the deceased', () => {
    expect(standardizeName('Alm. Ahmad').deceased).toBe(true);
    expect(standardizeName('Siti Aminah (Almh)').deceased).toBe(true);
    expect(standardizeName('Siti Aminah').deceased).toBe(false);
  });
});

describe('standardizeName: old spelling', () => {
  const cases: readonly [mark: string, raw: string, canonical: string][] = [
    ['OE', 'SOEKARNO', 'SUKARNO'],
    ['DJ', 'DJOKO', 'JOKO'],
    ['TJ', 'TJIPTO', 'CIPTO'],
    ['SJ', 'SJAHRIR', 'SYAHRIR'],
    ['NJ', 'NJOMAN', 'NYOMAN'],
    ['CH', 'CHAIRUL', 'KHAIRUL'],
    ['J→Y with OE', 'JOESOEF', 'YUSUF'],
    ['J→Y with DJ', 'WIDJAJA', 'WIJAYA'],
    ['DJ only', 'PANDJI', 'PANJI'],
    ['OE+DJ+J', 'MOEDJIJONO', 'MUJIYONO'],
  ];
  for (const [mark, raw, canonical] of cases) {
    it(`${mark}: ${raw} → ${canonical}`, () => {
      expect(canonicalizeNameToken(raw)).toBe(canonical);
      expect(standardizeName(raw.toLowerCase()).canonicalTokens).toEqual([canonical]);
      expect(standardizeName(raw).tokens).toEqual([raw]); // the written form is kept too
    });
  }

  it('has an example for every old-spelling mark', () => {
    for (const mark of OLD_SPELLING_MARKS) expect(cases.some(([m]) => m === mark)).toBe(true);
  });

  it('does not damage modern spellings with J, NJ or CH', () => {
    for (const modern of ['JOKO', 'JAJANG', 'RAJA', 'PANJI', 'SANJAYA', 'JUNAIDI', 'JAMALUDIN', 'ANJAR', 'JAYA', 'WIJAYA', 'JUWITA']) {
      expect(canonicalizeNameToken(modern)).toBe(modern);
    }
    for (const kept of CH_KEPT) expect(canonicalizeNameToken(kept)).toBe(kept);
  });

  it('maps the known old forms without other marks', () => {
    for (const [old, modern] of Object.entries(KNOWN_OLD_FORMS)) expect(canonicalizeNameToken(old)).toBe(modern);
  });

  it('is a fixed point: canonicalising twice changes nothing', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{1,30}$/), (token) => {
        const once = canonicalizeNameToken(token);
        expect(canonicalizeNameToken(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
    expect(respellOldSpelling('SOEDJATMOKO')).toBe('SUJATMOKO');
    for (const tricky of ['DDJ', 'SDJ', 'TTJH', 'DDDDDJOE', 'NDJ']) {
      const once = canonicalizeNameToken(tricky);
      expect(canonicalizeNameToken(once)).toBe(once);
    }
  });
});

describe('standardizeName: name variants', () => {
  for (const [canonical, forms] of Object.entries(NAME_VARIANTS)) {
    for (const form of forms) {
      it(`${form} → ${canonical}`, () => {
        expect(canonicalizeNameToken(form)).toBe(canonical);
        // Written in mixed case with a dot, as abbreviations are.
        const written = `${form.charAt(0)}${form.slice(1).toLowerCase()}. Rizki`;
        expect(standardizeName(written).canonicalTokens).toEqual([canonical, 'RIZKI']);
      });
    }
  }

  it('keeps M. as an initial (Muhammad or any M name)', () => {
    const r = standardizeName('M. Rizki');
    expect(r.tokens).toEqual(['M', 'RIZKI']);
    expect(r.canonicalTokens).toEqual(['M', 'RIZKI']);
    expect(r.initials).toEqual([true, false]);
  });

  it('keeps NURUL apart from NUR', () => {
    expect(canonicalizeNameToken('NURUL')).toBe('NURUL');
    expect(canonicalizeNameToken('NOOR')).toBe('NUR');
  });
});

describe('standardizeName: patronymic', () => {
  for (const marker of PATRONYMIC_MARKERS) {
    it(`splits at ${marker}`, () => {
      const r = standardizeName(`Ahmad Fauzi ${marker.toLowerCase()} Abdoel Rachman`);
      expect(r.compared).toBe('AHMAD FAUZI');
      expect(r.patronymicMarker).toBe(marker);
      expect(r.patronymic).toBe('ABDOEL RACHMAN');
      expect(r.patronymicTokens).toEqual(['ABDUL', 'RAKHMAN']);
    });
  }

  it('strips the father’s titles', () => {
    expect(standardizeName('Ahmad bin H. Yusuf')).toMatchObject({ compared: 'AHMAD', patronymic: 'YUSUF', titles: ['H.'] });
  });

  it('does not split without a name on both sides, nor inside a word', () => {
    expect(standardizeName('Bin Laden').patronymic).toBeNull();
    expect(standardizeName('Ahmad Bin').patronymic).toBeNull();
    expect(standardizeName('Bintang Binti').patronymic).toBeNull();
    expect(standardizeName('Ahmad Bintang').tokens).toEqual(['AHMAD', 'BINTANG']);
  });
});

describe('standardizeName: laws', () => {
  const piece = fc.constantFrom(
    'H.',
    'Hj.',
    'hj',
    'S.Pd.',
    'S.E',
    ', ',
    ',',
    ' ',
    '  ',
    '.',
    '-',
    "'",
    '\u200b',
    'é',
    'Ｍ',
    '(',
    ')',
    'Moch.',
    'M.',
    'bin',
    'binti',
    'Ahmad',
    'siti',
    'Joesoef',
    'ST',
    'SE',
    'Ibu',
    'Alm',
    'dj',
    'oe',
    'x',
    'Q',
    'A.Md',
    'Prof',
    'Nur',
    '1',
    '/',
  );
  const nameLike = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));
  const anyString = fc.oneof(nameLike, fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ maxLength: 40 }));

  it('is idempotent on the compared form', () => {
    fc.assert(
      fc.property(anyString, (raw) => {
        const once = standardizeName(raw);
        const twice = standardizeName(once.compared);
        expect(twice.compared).toBe(once.compared);
        expect(twice.canonicalTokens).toEqual(once.canonicalTokens);
      }),
      { numRuns: 5000 },
    );
  });

  it('emits only [A-Z]+ tokens, aligned arrays, and bounded output', () => {
    fc.assert(
      fc.property(anyString, fc.integer({ min: 1, max: 64 }), (raw, maxLength) => {
        const r = standardizeName(raw, { maxLength });
        for (const t of [...r.tokens, ...r.canonicalTokens, ...r.patronymicTokens]) expect(t).toMatch(/^[A-Z]+$/);
        expect(r.canonicalTokens).toHaveLength(r.tokens.length);
        expect(r.initials).toHaveLength(r.tokens.length);
        expect(r.compared.length).toBeLessThanOrEqual(maxLength);
        expect(r.compared.length).toBeLessThanOrEqual(raw.normalize('NFKD').length);
        expect(r.compared).toBe(r.tokens.join(' '));
      }),
      { numRuns: 3000 },
    );
  });
});
