import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonReplacer } from '../../src/index.js';

// Protects the documented way to serialise results: typed arrays round-trip as plain arrays.
describe('jsonReplacer', () => {
  it('writes typed arrays as arrays, Maps as objects and Sets as arrays', () => {
    expect(
      JSON.stringify({ a: Int32Array.of(0, -1, 2), b: Float64Array.of(0.5), c: new Map([['x', 1]]), d: new Set(['y']), e: BigInt64Array.of(3n) }, jsonReplacer),
    ).toBe('{"a":[0,-1,2],"b":[0.5],"c":{"x":1},"d":["y"],"e":["3"]}');
  });

  it('round-trips any Int32Array', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), (values) => {
        expect(JSON.parse(JSON.stringify({ values: Int32Array.from(values) }, jsonReplacer))).toEqual({ values });
      }),
    );
  });
});
