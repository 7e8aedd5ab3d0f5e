import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockRecords } from '../../src/block/blockRecords.js';
import { blockingKeyOf, blockReach, crossPartitionReach, crossPartitionRule, CROSS_PARTITION_WINDOW } from '../../src/block/blockingKey.js';
import { prepareColumns } from '../../src/comparisons/prepareColumns.js';
import { compileModel } from '../../src/model/compileModel.js';
import type { ModelSpecInput } from '../../src/model/modelSpec.js';

// Protects the blocking contract: candidate pairs are the union of the rules' pairs, each pair once,
// left < right, and an oversized block is windowed instead of going quadratic.
function specWith(rules: ModelSpecInput['blocking']['rules'], maxBlockSize = 300, window = 30): ModelSpecInput {
  return {
    kind: 'padan/model-spec',
    version: 1,
    name: 'test',
    comparisons: [{ name: 'name', field: 'name', prepare: 'text', levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }] }],
    blocking: { rules, maxBlockSize, window },
    decision: { matchWeight: 0, reviewWeight: 0 },
  };
}

function block(records: readonly Record<string, unknown>[], spec: ModelSpecInput) {
  const compiled = compileModel(spec);
  const columns = prepareColumns(records, compiled.columns);
  return blockRecords(compiled.blockingRules, columns, records.length);
}

function pairSet(result: { left: Int32Array; right: Int32Array }): string[] {
  return Array.from(result.left, (l, p) => `${l}-${result.right[p]}`);
}

describe('blockRecords', () => {
  it('takes the largest record count without rules and reserves nothing for it (fuzz seed 23)', () => {
    // Reserving four pairs a record asked for an 8 GiB Int32Array and threw an untyped RangeError.
    const result = blockRecords([], new Map(), 2 ** 31 - 1);
    expect(result.count).toBe(0);
    expect(result.rules).toEqual([]);
  });

  it('pairs records sharing a key under any rule, each pair once', () => {
    const records = [
      { name: 'A', city: 'X' },
      { name: 'A', city: 'Y' },
      { name: 'B', city: 'X' },
      { name: 'A', city: 'X' },
    ];
    const result = block(
      records,
      specWith([
        { name: 'by-name', on: [{ field: 'name', prepare: 'text' }] },
        { name: 'by-city', on: [{ field: 'city', prepare: 'text' }] },
      ]),
    );
    expect(pairSet(result).sort()).toEqual(['0-1', '0-2', '0-3', '1-3', '2-3']);
    expect(result.rules.map((r) => [r.rule, r.pairsGenerated, r.pairsAdded])).toEqual([
      ['by-name', 3, 3],
      ['by-city', 3, 2],
    ]);
    expect(result.rules[0]?.largestBlock).toBe(3);
  });

  it('skips records missing a key part', () => {
    const records = [{ name: 'A' }, { name: null }, { name: 'A' }, {}];
    const result = block(records, specWith([{ name: 'by-name', on: [{ field: 'name', prepare: 'text' }] }]));
    expect(pairSet(result)).toEqual(['0-2']);
    expect(result.rules[0]?.recordsKeyed).toBe(2);
  });

  it('windows an oversized block so it stays linear', () => {
    const records = Array.from({ length: 1000 }, () => ({ name: 'MUHAMMAD' }));
    const result = block(records, specWith([{ name: 'by-name', on: [{ field: 'name', prepare: 'text' }] }], 100, 5));
    // 1000 records, each compared with the next 5 at most.
    expect(result.count).toBe(995 * 5 + 4 + 3 + 2 + 1);
    expect(result.rules[0]?.windowedBlocks).toBe(1);
  });

  it('produces exactly the union of the rules, without duplicates, for any data', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ a: fc.constantFrom('P', 'Q', 'R', null), b: fc.constantFrom('1', '2', null) }), { maxLength: 40 }), (records) => {
        const result = block(
          records,
          specWith([
            { name: 'a', on: [{ field: 'a', prepare: 'text' }] },
            { name: 'b', on: [{ field: 'b', prepare: 'text' }] },
          ]),
        );
        const produced = pairSet(result);
        expect(new Set(produced).size).toBe(produced.length);
        const expected: string[] = [];
        for (let i = 0; i < records.length; i++) {
          for (let j = i + 1; j < records.length; j++) {
            const x = records[i] as { a: string | null; b: string | null };
            const y = records[j] as { a: string | null; b: string | null };
            if ((x.a !== null && x.a === y.a) || (x.b !== null && x.b === y.b)) expected.push(`${i}-${j}`);
          }
        }
        expect([...produced].sort()).toEqual(expected.sort());
        for (let p = 0; p < result.count; p++) expect(result.left[p]).toBeLessThan(result.right[p] as number);
      }),
    );
  });

  it('restricted to touching records, produces only pairs with a marked record', () => {
    const records = [{ name: 'A' }, { name: 'A' }, { name: 'A' }];
    const compiled = compileModel(specWith([{ name: 'by-name', on: [{ field: 'name', prepare: 'text' }] }]));
    const columns = prepareColumns(records, compiled.columns);
    const result = blockRecords(compiled.blockingRules, columns, 3, { touching: Uint8Array.of(0, 0, 1) });
    expect(pairSet(result)).toEqual(['0-2', '1-2']);
  });

  it('across groups, produces exactly the unrestricted pairs whose records are in different groups', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ a: fc.constantFrom('P', 'Q', null), b: fc.constantFrom('1', '2', null), group: fc.integer({ min: 0, max: 2 }) }), {
          maxLength: 40,
        }),
        (records) => {
          const compiled = compileModel(
            specWith(
              [
                { name: 'a', on: [{ field: 'a', prepare: 'text' }] },
                { name: 'b', on: [{ field: 'b', prepare: 'text' }] },
              ],
              6,
              2,
            ),
          );
          const columns = prepareColumns(records, compiled.columns);
          const all = blockRecords(compiled.blockingRules, columns, records.length);
          const groups = Int32Array.from(records, (r) => r.group);
          const across = blockRecords(compiled.blockingRules, columns, records.length, { acrossGroups: groups });
          const expected = pairSet(all).filter((pair) => {
            const [i, j] = pair.split('-').map(Number) as [number, number];
            return groups[i] !== groups[j];
          });
          expect(pairSet(across).sort()).toEqual(expected.sort());
        },
      ),
    );
  });
});

describe('blockRecords with a sort key', () => {
  it('compares neighbours in the sort order inside an oversized block', () => {
    // 12 records with one name; birth years interleaved so record order and year order differ.
    const records = Array.from({ length: 12 }, (_, i) => ({ name: 'SITI', year: String(1950 + ((i * 5) % 12)) }));
    const spec = specWith([{ name: 'by-name', on: [{ field: 'name', prepare: 'text' }], sortBy: [{ field: 'year', prepare: 'text' }] }], 4, 1);
    const result = block(records, spec);
    const yearOf = (r: number) => Number((records[r] as { year: string }).year);
    expect(result.count).toBe(11);
    for (let p = 0; p < result.count; p++) {
      expect(result.left[p]).toBeLessThan(result.right[p] as number);
      expect(Math.abs(yearOf(result.left[p] as number) - yearOf(result.right[p] as number))).toBe(1);
    }
  });
});

describe('blockRecords with a key mask', () => {
  it('leaves a masked record out of that rule only, and leaves the columns as they were', () => {
    const records = [
      { name: 'A', city: 'X' },
      { name: 'A', city: 'Y' },
      { name: 'B', city: 'X' },
      { name: 'A', city: 'X' },
    ];
    const compiled = compileModel(
      specWith([
        { name: 'by-name', on: [{ field: 'name', prepare: 'text' }] },
        { name: 'by-city', on: [{ field: 'city', prepare: 'text' }] },
      ]),
    );
    const columns = prepareColumns(records, compiled.columns);
    const masked = blockRecords(compiled.blockingRules, columns, records.length, { keyMask: [null, Uint8Array.of(1, 1, 0, 1)] });
    expect(pairSet(masked).sort()).toEqual(['0-1', '0-3', '1-3']);
    expect(masked.rules.map((r) => r.recordsKeyed)).toEqual([4, 3]);
    // The whole-value key is the column's own ids: masking must not have written into them.
    const unmasked = blockRecords(compiled.blockingRules, columns, records.length, { keyMask: [Uint8Array.of(1, 1, 1, 1), null] });
    expect(pairSet(unmasked).sort()).toEqual(['0-1', '0-2', '0-3', '1-3', '2-3']);
    expect(() => blockRecords(compiled.blockingRules, columns, records.length, { keyMask: [null] })).toThrow(/keyMask/);
    expect(() => blockRecords(compiled.blockingRules, columns, records.length, { keyMask: [null, Uint8Array.of(1)] })).toThrow(/keyMask/);
  });
});

describe('blockRecords with a reach', () => {
  const sortedRules: ModelSpecInput['blocking']['rules'] = [
    { name: 'a', on: [{ field: 'a', prepare: 'text' }], sortBy: [{ field: 'c', prepare: 'text' }] },
    { name: 'b', on: [{ field: 'b', prepare: 'text' }], sortBy: [{ field: 'c', prepare: 'text' }] },
    { name: 'k', on: [{ field: 'k', prepare: 'text' }] },
  ];
  const recordArb = fc.record({
    a: fc.constantFrom('P', 'Q', null),
    b: fc.constantFrom('1', '2', null),
    c: fc.constantFrom('x', 'y', 'z', null),
    k: fc.constantFrom('K1', null),
    group: fc.integer({ min: 0, max: 3 }),
  });

  it('given blockReach, produces what it produces by default', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), (records) => {
        const compiled = compileModel(specWith(sortedRules, 5, 2));
        const columns = prepareColumns(records, compiled.columns);
        const byDefault = blockRecords(compiled.blockingRules, columns, records.length);
        const given = blockRecords(compiled.blockingRules, columns, records.length, { reach: blockReach });
        expect(pairSet(given)).toEqual(pairSet(byDefault));
        expect(given.rules).toEqual(byDefault.rules);
      }),
    );
  });

  it('across partitions, never pairs more than a single process, each pair once, and no more than the window per record of a sorted rule', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 80 }), (records) => {
        const compiled = compileModel(specWith(sortedRules, 30, 20));
        const columns = prepareColumns(records, compiled.columns);
        const groups = Int32Array.from(records, (r) => r.group);
        const single = new Set(pairSet(blockRecords(compiled.blockingRules, columns, records.length, { acrossGroups: groups })));
        const cross = blockRecords(compiled.blockingRules, columns, records.length, { acrossGroups: groups, reach: crossPartitionReach });
        const produced = pairSet(cross);
        expect(new Set(produced).size).toBe(produced.length);
        for (const pair of produced) expect(single.has(pair)).toBe(true);
        for (let p = 0; p < cross.count; p++) expect(groups[cross.left[p] as number]).not.toBe(groups[cross.right[p] as number]);
        // Sorted rules: a block of n records gives at most window × n pairs (each record with the next ones).
        for (const rule of cross.rules.slice(0, 2)) expect(rule.pairsGenerated).toBeLessThanOrEqual(CROSS_PARTITION_WINDOW * rule.recordsKeyed);
      }),
    );
  });

  it('reads a sorted block below the size cap as a window of the cross-partition reach', () => {
    // One name, birth dates 1..12 interleaved; every record in its own partition.
    const records = Array.from({ length: 12 }, (_, i) => ({ a: 'SITI', c: String(10 + ((i * 5) % 12)) }));
    const compiled = compileModel(specWith([{ name: 'a', on: [{ field: 'a', prepare: 'text' }], sortBy: [{ field: 'c', prepare: 'text' }] }], 100, 30));
    const columns = prepareColumns(records, compiled.columns);
    const groups = Int32Array.from(records, (_, i) => i);
    const result = blockRecords(compiled.blockingRules, columns, records.length, { acrossGroups: groups, reach: crossPartitionReach });
    const window = CROSS_PARTITION_WINDOW;
    // Each record with the next `window` in date order: (12 − window) × window + the triangle at the end.
    expect(result.count).toBe((12 - window) * window + (window * (window - 1)) / 2);
    const dateOf = (r: number) => Number((records[r] as { c: string }).c);
    for (let p = 0; p < result.count; p++) expect(Math.abs(dateOf(result.left[p] as number) - dateOf(result.right[p] as number))).toBeLessThanOrEqual(window);
    expect(result.rules[0]?.windowedBlocks).toBe(1);
  });

  it('refuses a reach that is not a function or gives no positive whole number', () => {
    const records = [{ name: 'A' }, { name: 'A' }, { name: 'A' }];
    const compiled = compileModel(specWith([{ name: 'by-name', on: [{ field: 'name', prepare: 'text' }] }]));
    const columns = prepareColumns(records, compiled.columns);
    expect(() => blockRecords(compiled.blockingRules, columns, 3, { reach: 5 as never })).toThrow(/options\.reach/);
    expect(() => blockRecords(compiled.blockingRules, columns, 3, { reach: () => 0 })).toThrow(/options\.reach gave 0 for rule by-name/);
  });
});

describe('crossPartitionReach', () => {
  const sorted = { maxBlockSize: 100, window: 30, sortBy: [{}] as never };
  const unsorted = { maxBlockSize: 100, window: 30, sortBy: [] };
  it.each([
    ['a small block of a sorted rule', sorted, 3, 3],
    ['a block of a sorted rule below the cap', sorted, 40, CROSS_PARTITION_WINDOW],
    ['a block of a sorted rule above the cap', sorted, 5000, CROSS_PARTITION_WINDOW],
    ['a block of a rule without a sort key, below the cap', unsorted, 40, 40],
    ['a block of a rule without a sort key, above the cap', unsorted, 5000, 30],
  ])('%s', (_, rule, size, reach) => {
    expect(crossPartitionReach(rule, size)).toBe(reach);
    expect(crossPartitionReach(rule, size)).toBeLessThanOrEqual(blockReach(rule, size));
  });
});

describe('crossPartitionRule', () => {
  // Protects which records the cross-partition pass takes in: a sorted rule's key gains the sort parts
  // on its own fields (what a mover keeps), never one on another field (the village, which a mover changes).
  const rules: ModelSpecInput['blocking']['rules'] = [
    { name: 'nik', on: [{ field: 'nik', prepare: 'text' }] },
    {
      name: 'name+year',
      on: [
        { field: 'name', prepare: 'text' },
        { field: 'birthDate', prepare: 'birth-date', transform: 'year' },
      ],
      sortBy: [
        { field: 'birthDate', prepare: 'birth-date' },
        { field: 'village', prepare: 'code' },
      ],
    },
    {
      name: 'first-name+date',
      on: [
        { field: 'name', prepare: 'phonetic-name', transform: 'first-token' },
        { field: 'birthDate', prepare: 'birth-date' },
      ],
      sortBy: [
        { field: 'village', prepare: 'code' },
        { field: 'name', prepare: 'phonetic-name', transform: 'sorted-tokens' },
      ],
    },
    { name: 'name-by-village', on: [{ field: 'name', prepare: 'text' }], sortBy: [{ field: 'village', prepare: 'code' }] },
  ];
  const compiled = compileModel(specWith(rules));
  const shape = (rule: (typeof compiled.blockingRules)[number]) => ({
    parts: rule.parts.map((part) => `${part.column}/${part.transformName}`),
    sortBy: rule.sortBy.map((part) => `${part.column}/${part.transformName}`),
  });

  it.each([
    ['a rule without a sort key is itself', 0, null],
    [
      'the exact birth date joins a birth-year key; the village still orders',
      1,
      { parts: ['name|text/value', 'birthDate|birth-date/year', 'birthDate|birth-date/value'], sortBy: ['village|code/value'] },
    ],
    [
      'the whole name key joins a first-name key; the village still orders',
      2,
      { parts: ['name|phonetic-name/first-token', 'birthDate|birth-date/value', 'name|phonetic-name/sorted-tokens'], sortBy: ['village|code/value'] },
    ],
    ['a rule sorted only by another field is itself', 3, null],
  ])('%s', (_, index, expected) => {
    const rule = compiled.blockingRules[index] as (typeof compiled.blockingRules)[number];
    const cross = crossPartitionRule(rule);
    if (expected === null) expect(cross).toBe(rule);
    else {
      expect(shape(cross)).toEqual(expected);
      expect(cross.name).toBe(rule.name);
    }
  });

  it('takes a record into the cross pass only when it would have been under the model rule, and pairs only records that agree on the refining parts', () => {
    const recordArb = fc.record({
      name: fc.constantFrom('SITI AMINAH', 'AMINAH SITI', 'SITI RAHMA', null),
      birthDate: fc.constantFrom('1980-03-12', '1980-07-01', '1981-03-12', null),
      village: fc.constantFrom('3201010001', '3301010001', null),
      group: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 60 }), (records) => {
        const columns = prepareColumns(records, compiled.columns);
        const groups = Int32Array.from(records, (r) => r.group);
        const crossRules = compiled.blockingRules.map(crossPartitionRule);
        const pairs = blockRecords(crossRules, columns, records.length, { acrossGroups: groups, reach: crossPartitionReach });
        // Each pair's first rule: the pair shares that rule's model key and its cross key.
        let p = 0;
        pairs.rules.forEach((report, r) => {
          const model = compiled.blockingRules[r] as (typeof compiled.blockingRules)[number];
          const cross = crossRules[r] as (typeof crossRules)[number];
          for (let n = 0; n < report.pairsAdded; n++, p++) {
            const a = pairs.left[p] as number;
            const b = pairs.right[p] as number;
            expect(groups[a]).not.toBe(groups[b]);
            expect(blockingKeyOf(model, columns, a)).toBe(blockingKeyOf(model, columns, b));
            expect(blockingKeyOf(cross, columns, a)).toBe(blockingKeyOf(cross, columns, b));
            expect(blockingKeyOf(cross, columns, a)).not.toBeNull();
          }
        });
        expect(p).toBe(pairs.count);
      }),
    );
  });
});
