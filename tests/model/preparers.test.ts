import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { compileModel } from '../../src/model/compileModel.js';
import type { ModelSpecInput } from '../../src/model/modelSpec.js';
import { DATE_FORMAT_NAMES, getPreparer } from '../../src/model/preparers.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';

const numberOf = (preparer: string, raw: unknown): number | null => getPreparer(preparer).prepare(raw, {})?.number ?? null;

describe('date:<format> preparers', () => {
  it.each([
    ['date:YYYYMMDD', '19560409', 19560409],
    ['date:YYYY-MM-DD', '1956-04-09', 19560409],
    ['date:DD/MM/YYYY', '9/4/1956', 19560409],
    ['date:DD-MM-YYYY', '09-04-1956', 19560409],
    ['date:MM/DD/YYYY', '04/09/1956', 19560409],
  ])('%s reads %s as %d', (preparer, raw, expected) => {
    expect(numberOf(preparer, raw)).toBe(expected);
  });

  it.each([
    ['an impossible day', '19560631'],
    ['month 13', '19561301'],
    ['29 February of a common year', '19570229'],
    ['another layout', '1956-04-09'],
    ['empty', ''],
    ['not text', { year: 1956 }],
  ])('%s is missing, never a wrong date', (_, raw) => {
    expect(getPreparer('date:YYYYMMDD').prepare(raw, {})).toBeNull();
  });

  it('an unknown format is a model mistake naming the known ones', () => {
    expect(() => getPreparer('date:YYMMDD')).toThrow(PadanError);
    expect(() => getPreparer('date:YYMMDD')).toThrow(/unknown date format "YYMMDD".*YYYYMMDD/);
  });

  it('every valid calendar date round-trips through every format (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2099, 11, 31)), noInvalidDate: true }), (date) => {
        const y = String(date.getUTCFullYear()).padStart(4, '0');
        const m = String(date.getUTCMonth() + 1).padStart(2, '0');
        const d = String(date.getUTCDate()).padStart(2, '0');
        const key = Number(`${y}${m}${d}`);
        const written: Record<string, string> = {
          YYYYMMDD: `${y}${m}${d}`,
          'YYYY-MM-DD': `${y}-${m}-${d}`,
          'DD/MM/YYYY': `${d}/${m}/${y}`,
          'DD-MM-YYYY': `${d}-${m}-${y}`,
          'MM/DD/YYYY': `${m}/${d}/${y}`,
        };
        for (const format of DATE_FORMAT_NAMES) expect(numberOf(`date:${format}`, written[format])).toBe(key);
      }),
    );
  });
});

describe('number preparer: numbers are quantities, codes are not', () => {
  it.each([
    ['2000', 2000],
    [' 12.5 ', 12.5],
    ['12,5', 12.5],
    [-3, -3],
    ['1e3', null],
    ['12 kg', null],
    ['', null],
    [Number.NaN, null],
  ])('reads %j as %j', (raw, expected) => {
    expect(numberOf('number', raw)).toBe(expected);
  });

  const postcodeModel = (prepare: string): ModelSpecInput => ({
    kind: 'padan/model-spec',
    version: 1,
    name: 'postcodes',
    comparisons: [
      {
        name: 'postcode',
        field: 'postcode',
        prepare,
        levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'numeric-difference', maxDifference: 10 }, { kind: 'else' }],
      },
    ],
    blocking: { rules: [{ name: 'postcode', on: [{ field: 'postcode', prepare }] }] },
    decision: { matchWeight: 0, reviewWeight: -4 },
  });

  it('a numeric level on a code preparer is a model mistake (2000 and 9999 are not "within 10")', () => {
    expect(() => compileModel(postcodeModel('code'))).toThrow(PadanError);
    expect(() => compileModel(postcodeModel('code'))).toThrow(/compares numbers, but preparer "code" gives none/);
  });

  it('with the number preparer, 2000 and 9999 are far apart and 2000 and 2005 within 10', () => {
    const compiled = compileModel(postcodeModel('number'));
    const level = compiled.comparisons[0]?.levels[2];
    const numbers = new Float64Array([2000, 9999, 2005]);
    const column = { numbers } as never;
    expect(level?.test(column, 0, 1)).toBe(false);
    expect(level?.test(column, 0, 2)).toBe(true);
  });
});

describe('placeholder dates belong to the DTSEN birth-date preparer, not to the engine', () => {
  const model = (prepare: string): ModelSpecInput => ({
    kind: 'padan/model-spec',
    version: 1,
    name: 'dates',
    comparisons: [
      {
        name: 'born',
        field: 'born',
        prepare,
        levels: [{ kind: 'null' }, { kind: 'date', outcomes: ['exact'] }, { kind: 'date', outcomes: ['placeholder-involved'] }, { kind: 'else' }],
      },
    ],
    blocking: { rules: [{ name: 'born', on: [{ field: 'born', prepare }] }] },
    decision: { matchWeight: 0, reviewWeight: -4 },
  });
  const levelOfPair = (prepare: string, raw: string): string | undefined => {
    const compiled = compileModel(model(prepare));
    const comparison = compiled.comparisons[0];
    const source = compiled.columns[0];
    const key = source?.preparer.prepare(raw, {})?.number ?? 0;
    const column = { numbers: new Float64Array([key, key]), ids: new Int32Array([0, 0]) } as never;
    return comparison?.levels.slice(1).find((level) => level.test(column, 0, 1))?.label;
  };

  it.each([
    ['date', '1980-01-01', 'exact'],
    ['date:YYYYMMDD', '19800701', 'exact'],
    ['date:YYYYMMDD', '19801231', 'exact'],
    ['birth-date', '1980-07-01', 'placeholder-involved'],
    ['birth-date', '1980-03-17', 'exact'],
  ])('%s: two records born %s agree at "%s"', (prepare, raw, expected) => {
    expect(levelOfPair(prepare, raw)).toBe(expected);
  });
});

describe('name preparers: Indonesian respelling is an option the DTSEN preset turns on, not every name’s', () => {
  const prepared = (preparer: string, raw: string) => getPreparer(preparer).prepare(raw, {});
  it('name keeps a name as written; name:indonesian (the DTSEN preset’s) respells old spelling', () => {
    expect(prepared('name', 'Mitchell')?.text).toBe('MITCHELL');
    expect(prepared('name', 'Mitchell  Green')?.tokens).toEqual(['MITCHELL', 'GREEN']);
    expect(prepared('name', 'Djoko Soesilo')?.text).toBe('DJOKO SOESILO');
    expect(prepared('name', 'Drs. Djoko Soesilo')?.text).toBe('DJOKO SOESILO');
    expect(prepared('name', '  ')).toBeNull();
    expect(prepared('name:indonesian', 'MITCHELL')?.text).toBe('MITKHELL');
    expect(prepared('name:indonesian', 'Djoko Soesilo')?.text).toBe('JOKO SUSILO');
    expect(prepared('name:indonesian', '  ')).toBeNull();
  });

  it('the DTSEN preset prepares names with name:indonesian', () => {
    const spec = dtsenPersonModelSpec();
    const namePreparers = spec.comparisons.filter((c) => c.field === 'name' || c.field === 'motherName').map((c) => c.prepare);
    expect(namePreparers.length).toBeGreaterThan(0);
    expect(new Set(namePreparers)).toEqual(new Set(['name:indonesian']));
  });

  it('name:plain is gone: an unknown preparer is a model error', () => {
    expect(() => getPreparer('name:plain')).toThrow(/unknown preparer "name:plain"/);
  });
});
