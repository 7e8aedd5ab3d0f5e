import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockRecords } from '../../src/block/blockRecords.js';
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
