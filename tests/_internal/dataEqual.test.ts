import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataEqual } from '../../src/_internal/dataEqual.js';

describe('dataEqual', () => {
  it('compares values with own valueOf / toString keys without calling them (regression: TypeError)', () => {
    expect(dataEqual({ valueOf: 1 }, { valueOf: 1 })).toBe(true);
    expect(dataEqual({ toString: 1 }, { toString: 2 })).toBe(false);
    expect(dataEqual({ meta: { valueOf: 1, toString: 'x' } }, { meta: { valueOf: 1, toString: 'x' } })).toBe(true);
  });

  it('survives deep nesting and cycles', () => {
    let a: unknown = 1;
    let b: unknown = 1;
    for (let i = 0; i < 100_000; i++) {
      a = { a };
      b = { a: b };
    }
    expect(dataEqual(a, b)).toBe(true);
    const x: Record<string, unknown> = { k: 1 };
    x['self'] = x;
    const y: Record<string, unknown> = { k: 1 };
    y['self'] = y;
    expect(dataEqual(x, y)).toBe(true);
    y['k'] = 2;
    expect(dataEqual(x, y)).toBe(false);
  });

  it('tells arrays, objects, dates and NaN apart as data', () => {
    expect(dataEqual([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(dataEqual([1, , 3], [1, undefined, 3])).toBe(false);
    expect(dataEqual(new Date(5), new Date(5))).toBe(true);
    expect(dataEqual(new Date(5), new Date(6))).toBe(false);
    expect(dataEqual(NaN, NaN)).toBe(true);
    expect(dataEqual({ a: undefined }, {})).toBe(false);
    expect(dataEqual(Object.create(null), {})).toBe(false);
  });

  it('agrees with structural equality on JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(dataEqual(a, structuredClone(a))).toBe(true);
        expect(dataEqual(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b) || dataEqual(b, a));
        expect(dataEqual(a, b)).toBe(dataEqual(b, a));
      }),
    );
  });
});
