import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, dtsenPersonPolicy, mergeCluster } from '../../src/index.js';
import { validateBatch, validatePerson } from '../../src/schema/index.js';
import { standardizeName } from '../../src/standardize/index.js';
import type { MergePersonRecord } from '../../src/merge/types.js';
import { parsePersonFast } from '../../src/schema/parsePersonFast.js';
import { personSchema } from '../../src/schema/person.js';
import { mayHoldTitles, splitNameTitles } from '../../src/standardize/splitNameTitles.js';
import { TITLES } from '../../src/standardize/tables/titles.js';

// Issue 16: "the unified name is the name without titles; titles are kept in their own field".

describe('splitNameTitles', () => {
  it('the cheap first look never misses a title standardizeName finds', () => {
    // Its number codes need keys of 1 to 10 letters A–Z.
    for (const entry of TITLES) expect(entry.key).toMatch(/^[A-Z]{1,10}$/);
    const word = fc.oneof(
      fc.constantFrom(...TITLES.map((entry) => entry.key), ...TITLES.map((entry) => entry.label), 'hj', 'Drs', 'USTADZAH', 'SPDSDX'),
      fc.stringMatching(/^[A-Za-z]{1,12}$/),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.constantFrom(' ', '  ', '\t', ','), (words, separator) => {
        const written = words.join(separator);
        if (!mayHoldTitles(written)) expect(standardizeName(written).titles).toEqual([]);
      }),
      { numRuns: 3000 },
    );
    expect(mayHoldTitles('SITI AMINAH')).toBe(false);
    expect(mayHoldTitles('SITI HJ AMINAH')).toBe(true);
  });

  it.each([
    ['Hj. Siti Noer Djanah binti Abdoel, S.Pd.', 'Siti Noer Djanah binti Abdoel', ['Hj.', 'S.Pd.']],
    ['Hj.Siti Aminah', 'Siti Aminah', ['Hj.']],
    ['Dr. Ir. Budi Santoso, M.Si.', 'Budi Santoso', ['Dr.', 'Ir.', 'M.Si.']],
    ['BUDI SANTOSO, S. Pd', 'BUDI SANTOSO', ['S.Pd.']],
    ['Prof.Dr.H.Ahmad,SE,MM', 'Ahmad', ['Prof.', 'Dr.', 'H.', 'S.E.', 'M.M.']],
    ['AHMAD (ALM)', 'AHMAD', ['Alm.']],
    ['Drs. H. M. Yusuf', 'M. Yusuf', ['Drs.', 'H.']],
    ['IR SOEKARNO', 'SOEKARNO', ['Ir.']],
    // Not titles here: H. after the name is an initial; HAJI inside a name is a name word.
    ['H. AHMAD H.', 'AHMAD H.', ['H.']],
    ['Muhammad Haji Umar', 'Muhammad Haji Umar', []],
    ['Siti Aminah', 'Siti Aminah', []],
    // A name that is only a title stays as written.
    ['Hj.', 'Hj.', []],
    // A hyphen splits a word into runs as a dot does; brackets a title leaves empty go with it.
    ['BUDI S-PD', 'BUDI', ['S.Pd.']],
    ['(Alm) Siti', 'Siti', ['Alm.']],
    ['Siti(Alm)Aminah', 'Siti Aminah', ['Alm.']],
  ])('%s', (written, name, titles) => {
    expect(splitNameTitles(written)).toEqual({ name, titles });
  });

  it('never changes the compared name, and takes out exactly the titles standardizeName finds', () => {
    const word = fc.constantFrom(
      'Siti',
      'AMINAH',
      'Budi',
      'H.',
      'Hj.',
      'Dr.',
      'Ir',
      'S.Pd.',
      'S. Pd',
      ',',
      'SE',
      'binti',
      'M.',
      'Haji',
      '(Alm)',
      'Drs',
      'M.Si',
      'Nur',
    );
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 7 }), (words) => {
        const written = words.join(' ');
        const split = splitNameTitles(written);
        const before = standardizeName(written);
        const after = standardizeName(split.name);
        expect(after.compared).toBe(before.compared);
        if (split.titles.length > 0) {
          expect(split.titles).toEqual(before.titles);
          expect(after.titles).toEqual([]);
        } else expect(split.name).toBe(written);
      }),
      { numRuns: 3000 },
    );
  });
});

const base = { source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' } } as const;

describe('titles on input and in the unified person', () => {
  it('validation keeps titles apart from the name, after any the source gave; the fast path and zod agree', () => {
    const result = validatePerson({ ...base, name: 'Hj. Siti Aminah, S.Pd.', titles: ['M.Pd.'] });
    expect(result).toMatchObject({ success: true, value: { name: 'Siti Aminah', titles: ['M.Pd.', 'Hj.', 'S.Pd.'] } });
    expect(Object.keys(result.success ? result.value : {})).toEqual(['source', 'recordId', 'observedAt', 'channel', 'name', 'titles']);
    for (const input of [
      { ...base, name: 'Hj. Siti Aminah' },
      { ...base, name: 'Siti Aminah' },
      { ...base, name: 'Hj. Siti Aminah, S.Pd.', titles: [' M.Pd. ', 'Hj.'] },
      { ...base, name: 'Siti Aminah', titles: ['Hj.'] },
      { ...base, name: 'Hj. Siti Aminah', titles: undefined, sex: 'P' },
    ]) {
      const fast = parsePersonFast(input);
      const zod = personSchema.parse(input);
      expect(fast).toStrictEqual(zod);
      expect(Object.keys(fast ?? {})).toEqual(Object.keys(zod));
    }
    expect(parsePersonFast({ ...base, name: 'Hj. Siti Aminah, S.Pd.', titles: [' M.Pd. ', 'Hj.'] })).toMatchObject({
      name: 'Siti Aminah',
      titles: ['M.Pd.', 'Hj.', 'S.Pd.'],
    });
    // Validating the validated record changes nothing.
    if (result.success) expect(validatePerson(result.value)).toMatchObject({ success: true, value: result.value });
    // A bad titles field is dropped with a warning, the record kept.
    const bad = validatePerson({ ...base, name: 'Siti', titles: 'Hj.' });
    expect(bad).toMatchObject({ success: true, value: { name: 'Siti' } });
    expect(bad.success && bad.warnings.map((warning) => warning.code)).toContain('schema/invalid-type');
    expect(validateBatch([{ ...base, name: 'Dr. Budi' }], 'person').valid[0]).toMatchObject({ name: 'Budi', titles: ['Dr.'] });
  });

  it('survivorship gives the name without titles and a titles field with provenance', () => {
    const records = [
      { ...base, recordId: 'A1', name: 'Hj. SITI AMINAH, S.Pd.' },
      { ...base, source: 'p3ke', recordId: 'B2', name: 'SITI AMINAH' },
      { ...base, source: 'dukcapil', recordId: 'C3', name: 'Siti Aminah' },
    ].map((record) => {
      const result = validatePerson(record);
      if (!result.success) throw new Error('fixture');
      return result.value as unknown as MergePersonRecord;
    });
    const { unified, provenance } = mergeCluster(records, compilePolicy(dtsenPersonPolicy));
    expect(unified.name).toBe('Siti Aminah');
    expect(unified.titles).toEqual(['Hj.', 'S.Pd.']);
    expect(provenance['titles']).toMatchObject({ value: ['Hj.', 'S.Pd.'], from: { source: 'dtks', recordId: 'A1' } });
  });
});
