import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import { dwellingSchema } from '../../src/schema/dwelling.js';
import { familySchema } from '../../src/schema/family.js';
import { parseDwellingFast } from '../../src/schema/parseDwellingFast.js';
import { parseFamilyFast } from '../../src/schema/parseFamilyFast.js';
import { parsePersonFast } from '../../src/schema/parsePersonFast.js';
import { personSchema } from '../../src/schema/person.js';
import { validateBatch, validateDwelling, validateFamily, validatePerson } from '../../src/schema/validate.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { storeSnapshotLines } from '../../src/store/writeStoreSnapshot.js';
import { policy, trainedModel } from '../store/fixtures.js';

// Issue 17: a record whose `extra` held a bigint, a cycle or a nest 5,000 deep was accepted, and the
// store's snapshot threw an untyped TypeError / RangeError later (136 untyped throws in the s8 fuzz
// run). Validation now keeps only JSON data in `extra`, each other value dropped with a warning.

const envelope = { source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' } };
const person = (fields: Record<string, unknown>) => ({ ...envelope, name: 'Siti Aminah', ...fields });

function nest(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}
function cycle(): unknown {
  const value: Record<string, unknown> = { kept: 1 };
  value['self'] = value;
  return value;
}
/** A shared-reference "billion laughs": 2^40 values once written out as JSON. */
function laughs(): unknown {
  let value: unknown = ['ha'];
  for (let i = 0; i < 40; i += 1) value = [value, value];
  return value;
}

/** Whether a value survives JSON unchanged (what the store's snapshot and the output files need); written apart from src. */
function isJsonRoundTrip(value: unknown, depth = 0): boolean {
  if (depth > 40) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object') return false;
  if (Array.isArray(value)) return Object.keys(value).length === value.length && value.every((item) => isJsonRoundTrip(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((item) => isJsonRoundTrip(item, depth + 1)) && JSON.stringify(value) !== undefined;
}

const HOSTILE: readonly [string, () => unknown, string][] = [
  ['bigint', () => 10n, 'a bigint'],
  ['function', () => () => 1, 'a function'],
  ['symbol', () => Symbol('s'), 'a symbol'],
  ['undefined', () => undefined, 'undefined'],
  ['NaN', () => NaN, 'NaN'],
  ['Infinity', () => -Infinity, '-Infinity'],
  ['Date', () => new Date(0), 'Date'],
  ['Map', () => new Map([[1, 2]]), 'Map'],
  ['typed array', () => new Uint8Array(3), 'Uint8Array'],
];

let model: TrainedModel;
beforeAll(() => {
  model = trainedModel();
});

describe('extra keeps JSON data only', () => {
  it('drops each non-JSON value with a warning naming record and field, from extra and from an unknown field', () => {
    for (const [label, make, said] of HOSTILE) {
      for (const input of [person({ extra: { keep: 'yes', bad: make() } }), person({ keep: 'yes', bad: make() })]) {
        const result = validatePerson(input);
        expect(result.success, label).toBe(true);
        if (!result.success) continue;
        expect(result.value.extra, label).toEqual({ keep: 'yes' });
        expect(
          result.warnings.map((w) => [w.code, w.path, w.recordId]),
          label,
        ).toEqual([['schema/not-json', ['extra', 'bad'], 'A1']]);
        expect(result.warnings[0]?.message, label).toContain('extra.bad');
        expect(result.warnings[0]?.message, label).toContain(said);
      }
    }
  });

  it('drops a nest 5,000 deep at the depth limit, a cycle at its back-reference, a value past the size limit', () => {
    const deep = validatePerson(person({ extra: { deep: nest(5_000) } }));
    expect(deep.success).toBe(true);
    if (deep.success) {
      expect(deep.warnings.map((w) => w.code)).toEqual(['schema/not-json']);
      expect(deep.warnings[0]?.path).toHaveLength(34); // extra, deep, then 32 levels
      expect(isJsonRoundTrip(deep.value.extra)).toBe(true);
    }
    const cyclic = validatePerson(person({ extra: { c: cycle() } }));
    expect(cyclic.success && cyclic.value.extra).toEqual({ c: { kept: 1 } });
    expect(cyclic.success && cyclic.warnings.map((w) => w.path)).toEqual([['extra', 'c', 'self']]);
    const huge = validatePerson(person({ extra: { small: [1, 2], laughs: laughs() } }));
    expect(huge.success && huge.value.extra).toEqual({ small: [1, 2] });
    expect(huge.success && huge.warnings.map((w) => w.path)).toEqual([['extra', 'laughs']]);
    // A hole or a bad item in a list leaves the list; the rest stays in order.
    const list = validatePerson(person({ extra: { list: [1, 2n, 3, undefined, 4] } }));
    expect(list.success && list.value.extra).toEqual({ list: [1, 3, 4] });
  });

  it("keeps a dropped field's raw value for a steward only when it is JSON data", () => {
    const result = validatePerson(person({ sex: 12n, birthDate: { a: 1 }, motherName: nest(5_000) }));
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.value.extra?.['dropped']).toEqual({ birthDate: { a: 1 } });
    expect(isJsonRoundTrip(result.value.extra)).toBe(true);
    expect(result.warnings.map((w) => w.path[0]).sort()).toEqual(['birthDate', 'motherName', 'sex']);
  });

  it('refuses instead under fieldProblems: reject, and masks identifiers in the warning', () => {
    expect(validatePerson(person({ extra: { bad: 1n } }), { fieldProblems: 'reject' }).success).toBe(false);
    const result = validatePerson(person({ extra: { '3201015205900001': 1n } }));
    expect(result.success && result.warnings[0]?.message).not.toContain('3201015205900001');
  });

  it('families and dwellings too', () => {
    const family = validateFamily({ ...envelope, recordId: 'K1', kk: '3201010101100002', extra: { bad: 1n, deep: nest(100) } });
    expect(family.success && family.warnings.map((w) => w.code)).toEqual(['schema/not-json', 'schema/not-json']);
    expect(family.success && isJsonRoundTrip(family.value.extra)).toBe(true);
    const dwelling = validateDwelling({ ...envelope, recordId: 'R1', kks: ['3201010101100002'], extra: { c: cycle() }, roof: 1n });
    expect(dwelling.success && dwelling.value.extra).toEqual({ c: { kept: 1 } });
  });

  it('a store given such records can still be snapshotted (the untyped TypeError / RangeError before)', async () => {
    const store = createEntityStore({ model, policy });
    const records = [
      person({ recordId: 'B1', extra: { big: 1n } }),
      person({ recordId: 'B2', extra: { deep: nest(5_000) } }),
      person({ recordId: 'B3', c: cycle() }),
    ];
    await store.add(records);
    const lines = [...storeSnapshotLines(store)];
    expect(lines.length).toBeGreaterThan(3);
    expect((await store.records()).length).toBe(3);
  });
});

/** `extra` values of every kind, JSON and not. */
const anyExtraValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
    withSparseArray: true,
    withBoxedValues: true,
    values: [fc.constant(undefined), fc.constant(NaN), fc.constant(Symbol.iterator), fc.constant(() => 1)],
  }),
  fc.integer({ min: 20, max: 60 }).map(nest),
  fc.constant(null).map(cycle),
);
const extraKey = fc.string({ maxLength: 5 }).filter((k) => k !== '__proto__');
const anyExtra = fc.dictionary(extraKey, anyExtraValue, { maxKeys: 3 });

describe('the fast path and zod agree on extra (issue 17)', () => {
  it('whatever the fast path accepts, zod accepts with the same value; validation keeps only JSON data', () => {
    fc.assert(
      fc.property(
        anyExtra,
        fc.dictionary(
          extraKey.filter(
            (k) =>
              ![
                'name',
                'nik',
                'sex',
                'extra',
                'address',
                'kk',
                'source',
                'recordId',
                'observedAt',
                'channel',
                'titles',
                'birthDate',
                'birthPlace',
                'motherName',
                'relationship',
                'maritalStatus',
                'deceased',
                'birthDatePlaceholder',
              ].includes(k),
          ),
          anyExtraValue,
          { maxKeys: 2 },
        ),
        (extra, unknown) => {
          const input = { ...person({ extra }), ...unknown };
          const fast = parsePersonFast(input);
          const zod = personSchema.safeParse(input);
          if (fast !== undefined) {
            expect(zod.success).toBe(true);
            expect(fast).toStrictEqual(zod.data);
          }
          const result = validatePerson(input);
          expect(result.success).toBe(true);
          if (result.success) expect(isJsonRoundTrip(result.value.extra ?? {})).toBe(true);
          for (const [fastOf, schema, record] of [
            [parseFamilyFast, familySchema, { ...envelope, kk: '3201010101100002', extra }],
            [parseDwellingFast, dwellingSchema, { ...envelope, kks: ['3201010101100002'], extra }],
          ] as const) {
            const value = (fastOf as (x: unknown) => unknown)(record);
            const parsed = schema.safeParse(record);
            if (value !== undefined) {
              expect(parsed.success).toBe(true);
              expect(value).toStrictEqual(parsed.data);
            }
          }
        },
      ),
      { numRuns: 400, seed: 17 },
    );
  });

  it('validateBatch: every record accepted, every extra JSON data', () => {
    fc.assert(
      fc.property(fc.array(anyExtra, { maxLength: 5 }), (extras) => {
        const batch = validateBatch(
          extras.map((extra, i) => person({ recordId: `R${i}`, extra })),
          'person',
        );
        expect(batch.valid).toHaveLength(extras.length);
        for (const record of batch.valid) expect(isJsonRoundTrip(record.extra ?? {})).toBe(true);
      }),
      { numRuns: 200, seed: 18 },
    );
  });
});

describe("a caller's checkNik (fuzz seed 20, validatePerson input 202778)", () => {
  it('returning something other than a list of issues is a typed config error, not a TypeError', () => {
    const record = person({ nik: '3201015205900001' });
    for (const returned of [undefined, 5, [{ code: 1 }], 'x']) {
      expect(() => validatePerson(record, { checkNik: () => returned as never })).toThrow(/checkNik must return an array of issues/);
    }
    expect(validatePerson(record, { checkNik: () => [] }).success).toBe(true);
  });
});
