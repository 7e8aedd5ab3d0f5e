import { markCompiled } from '../../src/model/compiledMark.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockRecords } from '../../src/block/blockRecords.js';
import { buildColumn, preparedValue, type PreparedColumn, type PreparedValue } from '../../src/model/column.js';
import type { ComparisonLevel, LevelSpec } from '../../src/model/level.js';
import { compileLevel } from '../../src/model/levelKinds.js';
import { prepareColumns } from '../../src/comparisons/prepareColumns.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { validateBatch } from '../../src/schema/validate.js';
import { comparePairs, levelOf } from '../../src/comparisons/comparePairs.js';
import { compileModel, type CompiledComparison } from '../../src/model/compileModel.js';
import { generateSources } from '../../src/synth/sources.js';

/** The reference: every pair, every comparison, level by level through `test`. */
function levelsPerPair(
  comparisons: readonly CompiledComparison[],
  columns: ReadonlyMap<string, PreparedColumn>,
  left: Int32Array,
  right: Int32Array,
): Uint8Array {
  const width = comparisons.length;
  const levels = new Uint8Array(left.length * width);
  for (let p = 0; p < left.length; p++) {
    for (let c = 0; c < width; c++) {
      const comparison = comparisons[c] as CompiledComparison;
      levels[p * width + c] = levelOf(comparison, columns.get(comparison.column) as PreparedColumn, left[p] as number, right[p] as number);
    }
  }
  return levels;
}

// Synthetic NIKs only, and their keying errors: the cases the packed-digit shortcut must leave to compareNik.
const NIK = '3201014507900001';
const nikArbitrary = fc.oneof(
  fc.constantFrom(NIK, '3201014507900007', '3201014570900001', '3201014507900112', '3273014507900001', '2301014507900001'),
  fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 9 })).map(([i, d]) => NIK.slice(0, i) + String(d) + NIK.slice(i + 1)),
  fc.integer({ min: 0, max: 14 }).map((i) => NIK.slice(0, i) + NIK.charAt(i + 1) + NIK.charAt(i) + NIK.slice(i + 2)),
  fc.stringMatching(/^[0-9]{16}$/),
  fc.stringMatching(/^[0-9]{15}$/),
  fc.constantFrom('32010145079000A1', '', '1'),
);
const textArbitrary = fc.oneof(
  fc.constantFrom('BOGOR', 'BOGORR', 'CIANJUR', 'BGOOR', 'B', '', 'AHMAD / ASHARI', 'AHMAD / ASNAWI'),
  fc.stringMatching(/^[A-C]{0,6}$/),
  nikArbitrary,
);
const tokensArbitrary = fc.oneof(
  fc.constant(null),
  fc.array(
    fc.constantFrom('MUHAMMAD', 'M', 'MUHAMAD', 'RIZKI', 'RISKI', 'SITI', 'NUR', 'AMINAH', 'NURAMINAH', 'PUTRA', 'PUTRI', 'DWI', 'TRI', 'HASAN', 'HUSEIN', ''),
    { maxLength: 4 },
  ),
);
// Dates as yyyymmdd, placeholders (1 July, month or day 0) and odd numbers a column may hold.
const numberArbitrary = fc.oneof(
  fc.constantFrom(0, 19900701, 19900000, 19900100, 19901231, 19900305, 19900503, 19910305, 19900306, 19850101, -5, 2.5, 1e12),
  fc.integer({ min: 19890101, max: 19911231 }),
);
const valueArbitrary: fc.Arbitrary<PreparedValue | null> = fc.option(
  fc
    .record({ text: textArbitrary, tokens: tokensArbitrary, number: numberArbitrary, flags: fc.integer({ min: 0, max: 15 }) })
    .map((v) => preparedValue(v.text, v.tokens, v.number, v.flags)),
  { freq: 6 },
);

// Every level kind, with parameters that split the random values above in different places.
const middleLevelArbitrary: fc.Arbitrary<LevelSpec> = fc
  .oneof(
    fc.record({ kind: fc.constant('exact'), requireFlags: fc.constantFrom(undefined, 1, 2, 3), requireAnyFlags: fc.constantFrom(undefined, 4, 5) }),
    fc.record({ kind: fc.constant('jaro-winkler'), threshold: fc.constantFrom(0.5, 0.8, 0.9, 0.95, 1) }),
    fc.record({ kind: fc.constant('damerau-levenshtein'), maxDistance: fc.constantFrom(1, 2) }),
    fc.record({ kind: fc.constant('name'), threshold: fc.constantFrom(0.6, 0.72, 0.86, 0.94, 1) }),
    fc.record({
      kind: fc.constant('distinct-names'),
      signals: fc.subarray(['gendered-form', 'birth-order', 'twin-names', 'patronymic', 'other-given-names'], { minLength: 1 }),
    }),
    fc.record({
      kind: fc.constant('date'),
      outcomes: fc.subarray(['exact', 'placeholder-involved', 'day-month-swapped', 'one-component-different', 'year-only-equal', 'different'], {
        minLength: 1,
      }),
    }),
    fc.record({
      kind: fc.constant('nik'),
      outcomes: fc.subarray(['exact', 'one-edit', 'transposition', 'same-region-and-birth', 'different', 'missing'], { minLength: 1 }),
      requireFlags: fc.constantFrom(undefined, 1, 2, 9),
      within: fc.constantFrom(undefined, 'serial', 'region-or-birth'),
    }),
    fc.record({ kind: fc.constant('numeric-difference'), maxDifference: fc.constantFrom(0, 1, 100, 10000) }),
    fc.record({ kind: fc.constant('prefix'), length: fc.constantFrom(1, 3, 6) }),
    fc.constant({ kind: 'else' }),
  )
  .map((spec) => Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined)) as LevelSpec);

/** A comparison as compileModel makes it: null first, else last. `perPairOnly` drops `assign` from every other level. */
function compileComparison(name: string, column: string, middle: readonly LevelSpec[], perPairOnly: readonly boolean[]): CompiledComparison {
  const specs: LevelSpec[] = [{ kind: 'null' }, ...middle, { kind: 'else' }];
  const levels = specs.map((spec, index): ComparisonLevel => {
    const level = compileLevel(spec, `${name}, level ${index}`);
    if (perPairOnly[index] !== true) return level;
    const { assign: _, ...testOnly } = level;
    return testOnly;
  });
  // A hand-built comparison, marked as compileModel marks its own (comparePairs refuses unmarked ones).
  return markCompiled({ name, column, levels });
}

const scenarioArbitrary = fc
  .record({
    values: fc.array(fc.array(valueArbitrary, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 }),
    records: fc.integer({ min: 1, max: 40 }),
    comparisons: fc.array(
      fc.record({
        levels: fc.array(middleLevelArbitrary, { maxLength: 5 }),
        perPairOnly: fc.array(fc.boolean(), { maxLength: 7 }),
        column: fc.nat(),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    seed: fc.integer(),
  })
  .chain((s) =>
    fc.record({
      scenario: fc.constant(s),
      slots: fc.array(fc.array(fc.integer({ min: -1, max: 11 }), { minLength: s.records, maxLength: s.records }), {
        minLength: s.values.length,
        maxLength: s.values.length,
      }),
      pairs: fc.array(fc.tuple(fc.nat(s.records - 1), fc.nat(s.records - 1)), { maxLength: 120 }),
    }),
  );

describe('comparePairs', () => {
  it('equals levelOf pair by pair: any level kinds, columns and pairs, with and without batch assign', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ scenario, slots, pairs }) => {
        const columns = new Map<string, PreparedColumn>();
        scenario.values.forEach((distinct, c) => {
          // A slot past the distinct values is missing, as -1 is.
          const columnSlots = Int32Array.from(slots[c] as number[], (slot) => (slot < distinct.length ? slot : -1));
          columns.set(`c${c}`, buildColumn(`c${c}`, distinct, columnSlots));
        });
        const comparisons = scenario.comparisons.map((comparison, i) =>
          compileComparison(`comparison ${i}`, `c${comparison.column % scenario.values.length}`, comparison.levels, comparison.perPairOnly),
        );
        const left = Int32Array.from(pairs, ([a]) => a);
        const right = Int32Array.from(pairs, ([, b]) => b);
        const vectors = comparePairs(comparisons, columns, left, right);
        expect(vectors.count).toBe(pairs.length);
        expect(vectors.comparisons).toBe(comparisons.length);
        expect([...vectors.levels]).toEqual([...levelsPerPair(comparisons, columns, left, right)]);
      }),
      { numRuns: 300 },
    );
  });

  it('equals levelOf across chunk boundaries (tens of thousands of pairs)', () => {
    fc.assert(
      fc.property(
        fc.array(valueArbitrary, { minLength: 1, maxLength: 30 }),
        fc.array(middleLevelArbitrary, { maxLength: 5 }),
        fc.integer(),
        (distinct, middle, seed) => {
          const records = 500;
          let state = seed | 0;
          const next = (bound: number): number => {
            state = (Math.imul(state, 1103515245) + 12345) | 0;
            return (state >>> 8) % bound;
          };
          const slots = Int32Array.from({ length: records }, () => next(distinct.length + 1) - 1);
          const columns = new Map([['c', buildColumn('c', distinct, slots)]]);
          const comparisons = [compileComparison('big', 'c', middle, [])];
          const count = 40_000;
          const left = Int32Array.from({ length: count }, () => next(records));
          const right = Int32Array.from({ length: count }, () => next(records));
          expect(Buffer.from(comparePairs(comparisons, columns, left, right).levels)).toEqual(Buffer.from(levelsPerPair(comparisons, columns, left, right)));
        },
      ),
      { numRuns: 8 },
    );
  });

  it('equals levelOf on the DTSEN preset over generated sources and their candidate pairs', () => {
    const compiled = compileModel(dtsenPersonModelSpec());
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom('clean', 'default', 'heavy') as fc.Arbitrary<'clean' | 'default' | 'heavy'>,
        (seed, noise) => {
          const persons: unknown[] = [];
          for (const item of generateSources({ persons: 300, seed, noise })) if (item.kind === 'person') persons.push(item.record);
          const { valid } = validateBatch(persons, 'person', { malformedIds: 'keep-in-extra' });
          const columns = prepareColumns(valid, compiled.columns);
          const pairs = blockRecords(compiled.blockingRules, columns, valid.length);
          const vectors = comparePairs(compiled.comparisons, columns, pairs.left, pairs.right);
          expect(Buffer.from(vectors.levels)).toEqual(Buffer.from(levelsPerPair(compiled.comparisons, columns, pairs.left, pairs.right)));
        },
      ),
      { numRuns: 6 },
    );
  });

  it('equals levelOf on the DTSEN preset over every pair of random records', () => {
    const compiled = compileModel(dtsenPersonModelSpec());
    const personArbitrary = fc.record(
      {
        name: fc.constantFrom('Muhammad Rizki', 'MOEHAMMAD RIZKI', 'M. Rizki', 'Rizki Muhammad', 'Siti Aminah', 'Siti Nur Aminah', 'Joko', ''),
        motherName: fc.constantFrom('Siti Aminah', 'SITI AMINAH', 'Aminah', 'Nur Halizah', undefined),
        nik: fc.oneof(nikArbitrary, fc.constant(undefined)),
        kk: fc.oneof(nikArbitrary, fc.constant(null)),
        birthDate: fc.constantFrom('1990-07-05', '1990-05-07', '1990-07-01', '1990-07-06', '1991-07-05', '1990', '1990-07', undefined),
        birthDatePlaceholder: fc.boolean(),
        sex: fc.constantFrom('female', 'male', 'P', 'x'),
        birthPlace: fc.constantFrom('BOGOR', 'BOGR', 'Cianjur', 'KAB. BOGOR'),
        address: fc.record({ villageCode: fc.constantFrom('3201010001', '3201010002', '3201020001', '32'), districtCode: fc.constantFrom('320101', '320102') }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(personArbitrary, { minLength: 1, maxLength: 25 }), (records) => {
        const columns = prepareColumns(records, compiled.columns);
        const left: number[] = [];
        const right: number[] = [];
        for (let a = 0; a < records.length; a++) {
          for (let b = 0; b < records.length; b++) {
            left.push(a);
            right.push(b);
          }
        }
        const l = Int32Array.from(left);
        const r = Int32Array.from(right);
        expect(Buffer.from(comparePairs(compiled.comparisons, columns, l, r).levels)).toEqual(Buffer.from(levelsPerPair(compiled.comparisons, columns, l, r)));
      }),
      { numRuns: 100 },
    );
  });

  it('returns no levels for no pairs', () => {
    const compiled = compileModel(dtsenPersonModelSpec());
    const columns = prepareColumns([{ name: 'Siti' }], compiled.columns);
    const vectors = comparePairs(compiled.comparisons, columns, new Int32Array(0), new Int32Array(0));
    expect(vectors).toEqual({ comparisons: compiled.comparisons.length, count: 0, levels: new Uint8Array(0) });
  });
});

describe('comparePairs on a column that grows between calls (the entity store appends values)', () => {
  it('compares NIKs added after an earlier call like the per-pair path does', () => {
    const comparison = compileComparison('nik', 'nik|nik', [{ kind: 'nik', outcomes: ['one-edit', 'transposition'] }], []);
    // A column the store would grow in place: texts and ids appended, distinctValues counted up.
    const texts = ['3201014507900001', '3273015210850002'];
    const column = {
      ...buildColumn(
        'nik|nik',
        texts.map((t) => preparedValue(t)),
        Int32Array.of(0, 1),
      ),
    } as { -readonly [K in keyof PreparedColumn]: PreparedColumn[K] };
    const columns = new Map([['nik|nik', column as PreparedColumn]]);
    const first = comparePairs([comparison], columns, Int32Array.of(0), Int32Array.of(1));
    expect([...first.levels]).toEqual([2]); // far apart: else
    // Two more values, one digit from the first: a keying error, not another person.
    column.valueTexts = [...texts, '3201014507900007', '3201014507900004'];
    column.ids = Int32Array.of(0, 1, 2, 3);
    column.distinctValues = 4;
    const later = comparePairs([comparison], columns, Int32Array.of(0, 2), Int32Array.of(2, 3));
    expect([...later.levels]).toEqual([1, 1]);
    expect([...later.levels]).toEqual([...levelsPerPair([comparison], columns, Int32Array.of(0, 2), Int32Array.of(2, 3))]);
  });
});
