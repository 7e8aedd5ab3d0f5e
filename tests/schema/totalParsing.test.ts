import fc from 'fast-check';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { ENTRY_POINT_MODULES, exportKind } from '../../benchmarks/fuzz/exports.js';
import { modelSpecSchema } from '../../src/model/modelSpec.js';

// Issue 17: zod reads a value with plain property access and conversions, so a getter or Proxy trap
// that throws, or an array-like with a Symbol length, made an exported schema's `safeParse` throw.
// Every exported schema's parse methods are total: a result for `safeParse`, a ZodError from `parse`.

const throwing = () => {
  throw new Error('3201015205900001');
};
const HOSTILE: readonly [string, () => unknown][] = [
  [
    'a proxy whose traps throw',
    () => new Proxy({}, { ownKeys: throwing, get: throwing, has: throwing, getOwnPropertyDescriptor: throwing, getPrototypeOf: throwing }),
  ],
  ['a throwing getter', () => Object.defineProperty({}, 'name', { get: throwing, enumerable: true })],
  ['a throwing array item', () => Object.defineProperty([], '0', { get: throwing, enumerable: true })],
  ['an array-like with a Symbol length', () => ({ length: Symbol('n') })],
  ['a bad toString and valueOf', () => ({ toString: 1, valueOf: 1 })],
  ['a Symbol', () => Symbol('s')],
];

const schemas: [string, z.ZodType][] = [
  ...ENTRY_POINT_MODULES.flatMap((entry) =>
    Object.entries(entry.module)
      .filter(([, value]) => exportKind(value) === 'schema')
      .map(([name, value]) => [`${entry.specifier} ${name}`, value as z.ZodType] as [string, z.ZodType]),
  ),
  ['modelSpecSchema (compileModel, parseModel)', modelSpecSchema],
];

/** Places a hostile value at the top, or under a field the record schemas read. */
function placements(value: unknown): unknown[] {
  const record = { source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' }, name: 'Siti' };
  return [
    value,
    { ...record, address: value },
    { ...record, channel: value },
    { ...record, extra: value },
    { ...record, housing: value },
    { kind: 'padan/model-spec', version: 1, name: 'x', comparisons: value },
  ];
}

describe('exported schemas', () => {
  it('are found in the entry points', () => {
    expect(schemas.map(([name]) => name)).toContain('padan/schema personSchema');
  });

  for (const [name, schema] of schemas) {
    it(`${name}: safeParse and parse are total on hostile values`, async () => {
      for (const [what, make] of HOSTILE) {
        for (const value of placements(make())) {
          let result: { success: boolean } | undefined;
          expect(() => (result = schema.safeParse(value)), `${what}`).not.toThrow();
          expect(typeof result?.success, what).toBe('boolean');
          const asynchronous = await schema.safeParseAsync(value).then(
            (r) => r,
            () => undefined,
          );
          expect(asynchronous, what).toBeDefined();
          try {
            schema.parse(value);
          } catch (error) {
            expect(error, what).toBeInstanceOf(z.ZodError);
            expect(String((error as Error).message)).not.toContain('3201015205900001');
          }
        }
      }
    });
  }

  it('property: safeParse never throws on any JSON value with a throwing getter planted anywhere', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), (value, path) => {
        if (typeof value !== 'object' || value === null) return;
        let at = value as Record<string, unknown>;
        for (const key of path) {
          const next = at[key];
          if (typeof next !== 'object' || next === null) break;
          at = next as Record<string, unknown>;
        }
        Object.defineProperty(at, 'trap', { get: throwing, enumerable: true });
        for (const [, schema] of schemas) expect(() => schema.safeParse(value)).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
});
