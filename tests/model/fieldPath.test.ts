import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFieldPath } from '../../src/model/fieldPath.js';

// The reference: walk the path one step at a time.
function readPath(record: unknown, path: string): unknown {
  let value = record;
  for (const step of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

const paths = ['nik', 'name', 'birthDate', 'address.villageCode', 'address.districtCode', 'address.rt', 'extra.custom', 'a.b.c', 'source'];
const leaf = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined));
const value = fc.oneof(
  leaf,
  fc.dictionary(fc.constantFrom('villageCode', 'districtCode', 'rt', 'custom', 'b', 'c'), fc.oneof(leaf, fc.dictionary(fc.constantFrom('c'), leaf))),
);
const record = fc.oneof(
  fc.dictionary(fc.constantFrom('nik', 'name', 'birthDate', 'address', 'extra', 'a', 'source'), value),
  fc.constant(null),
  fc.constant(undefined),
  fc.string(),
);

describe('compileFieldPath', () => {
  it('reads every path like a step-by-step walk, on any input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), record, (path, input) => {
        expect(compileFieldPath(path)(input)).toBe(readPath(input, path));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads nested fields and misses cleanly', () => {
    expect(compileFieldPath('address.villageCode')({ address: { villageCode: '3201010001' } })).toBe('3201010001');
    expect(compileFieldPath('address.villageCode')({ address: null })).toBeUndefined();
    expect(compileFieldPath('address.villageCode')({ address: 'Jl. Merdeka' })).toBeUndefined();
    expect(compileFieldPath('extra.origin.code')({ extra: { origin: { code: 7 } } })).toBe(7);
  });
});
