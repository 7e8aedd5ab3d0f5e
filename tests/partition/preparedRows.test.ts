/**
 * A partition's records travel to the cross-partition pass as compact JSON rows (a value's text alone
 * when it has nothing else; tokens `1` when they are the text's words; trailing zeros left out). The
 * link job must read back exactly what the partition prepared: texts, tokens, numbers (-0, NaN and
 * infinities included) and flags.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PreparedValue } from '../../src/model/column.js';
import { preparedLine, preparedRecordOfRow } from '../../src/partitionJobs.js';
import type { PreparedRecord } from '../../src/resolve.js';

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.array(fc.constantFrom('SITI', 'AMINAH', 'MUHAMMAD', '', ' ', 'A B'), { maxLength: 4 }).map((words) => words.join(' ')),
);
const value: fc.Arbitrary<PreparedValue | null> = fc.oneof(
  fc.constant(null),
  fc.record({
    text,
    tokens: fc.constant(null),
    number: fc.constant(0),
    flags: fc.constant(0),
  }),
  text.chain((t) =>
    fc.record({
      text: fc.constant(t),
      tokens: fc.oneof(fc.constant(null), fc.constant(t.split(' ')), fc.array(fc.string({ maxLength: 5 }), { maxLength: 4 })),
      number: fc.oneof(fc.double(), fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 19_900_101)),
      flags: fc.integer({ min: 0, max: 255 }),
    }),
  ),
);
const record: fc.Arbitrary<PreparedRecord> = fc.record({
  source: fc.string({ maxLength: 8 }),
  recordId: fc.string({ maxLength: 8 }),
  values: fc.array(value, { minLength: 1, maxLength: 6 }),
});

function sameValue(read: PreparedValue | null, written: PreparedValue | null): void {
  if (written === null) {
    expect(read).toBeNull();
    return;
  }
  expect(read?.text).toBe(written.text);
  expect(read?.tokens).toEqual(written.tokens);
  expect(Object.is(read?.number, written.number)).toBe(true);
  expect(read?.flags).toBe(written.flags);
}

describe('prepared rows', () => {
  it('read back exactly what was written, values shared between records', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), (records) => {
        const shared: Map<string, PreparedValue>[] = [];
        for (const written of records) {
          const read = preparedRecordOfRow(JSON.parse(preparedLine(written)) as unknown[], shared);
          expect(read.source).toBe(written.source);
          expect(read.recordId).toBe(written.recordId);
          expect(read.values).toHaveLength(written.values.length);
          written.values.forEach((v, c) => sameValue(read.values[c] ?? null, v));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('writes a plain value as its text and name tokens as 1', () => {
    const line = preparedLine({
      source: 'dtks',
      recordId: 'D1',
      values: [
        { text: 'SITI AMINAH', tokens: ['SITI', 'AMINAH'], number: 0, flags: 0 },
        { text: 'ACEHSELATAN', tokens: null, number: 0, flags: 0 },
        { text: '2004-02-09', tokens: null, number: 20_040_209, flags: 0 },
        { text: '3201', tokens: null, number: 0, flags: 11 },
        null,
      ],
    });
    expect(line).toBe('["dtks","D1",["SITI AMINAH",1],"ACEHSELATAN",["2004-02-09",null,20040209],["3201",null,0,11],null]');
  });
});
