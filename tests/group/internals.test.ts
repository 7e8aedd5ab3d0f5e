import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeStreet } from '../../src/group/_addressKey.js';
import { canonicalOrder } from '../../src/group/_canonicalOrder.js';
import { createIdentifierTable, findIdentifier, internIdentifier, renumberByFirstUse } from '../../src/group/_identifierTable.js';
import { addressId, createAddressIds, dayOfIso, isoOfDay } from '../../src/group/_personIndex.js';

// Protects the group stage's private helpers: the typed identifier table is a faithful
// string → dense id map, day arithmetic agrees with Date, street spellings unify.
describe('group internals', () => {
  it('interns 16-digit identifiers like a Map would, and refuses anything else', () => {
    const digits = fc.stringMatching(/^\d{16}$/);
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            digits,
            digits.map((d) => d.slice(0, 15)),
            fc.constant('12345678901234x6'),
          ),
          { maxLength: 300 },
        ),
        (values) => {
          const table = createIdentifierTable(4);
          const reference = new Map<string, number>();
          for (const value of values) {
            const id = internIdentifier(table, value);
            if (!/^\d{16}$/.test(value)) {
              expect(id).toBe(-1);
              continue;
            }
            if (!reference.has(value)) reference.set(value, reference.size);
            expect(id).toBe(reference.get(value));
          }
          for (const [value, id] of reference) expect(findIdentifier(table, value)).toBe(id);
          expect(table.texts).toEqual([...reference.keys()]);
          expect(findIdentifier(table, '9999999999999999')).toBe(reference.get('9999999999999999') ?? -1);
        },
      ),
    );
  });

  it('renumbers a table interned in one order as if interned in another', () => {
    const digits = fc.stringMatching(/^\d{16}$/);
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.oneof(digits, fc.constantFrom('3201010101010001', '3201010101010002')), { nil: null }), { maxLength: 200 }),
        fc.integer(),
        (values, seed) => {
          // Intern in a shuffled read order, writing each id at its value's position; then renumber by the positions' order.
          const readOrder = values.map((_, i) => i);
          let state = seed >>> 0 || 1;
          for (let i = readOrder.length - 1; i > 0; i--) {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            const j = state % (i + 1);
            [readOrder[i], readOrder[j]] = [readOrder[j] as number, readOrder[i] as number];
          }
          const table = createIdentifierTable(4);
          const ids = new Int32Array(values.length);
          for (const i of readOrder) ids[i] = values[i] === null ? -1 : internIdentifier(table, values[i] as string);
          renumberByFirstUse(table, ids);
          const direct = createIdentifierTable(4);
          const expected = Int32Array.from(values, (value) => (value === null ? -1 : internIdentifier(direct, value)));
          expect(ids).toEqual(expected);
          expect(table.texts).toEqual(direct.texts);
          for (const value of direct.texts) expect(findIdentifier(table, value)).toBe(findIdentifier(direct, value));
        },
      ),
    );
  });

  it('gives equal dwelling addresses one id, in order of first sight, and none to an incomplete one', () => {
    const part = (values: string[]) => fc.constantFrom(...values);
    const address = fc.record({
      villageCode: part(['3201011001', '3201011002', '7201032019', '320101100', '32010110x1', '']),
      rt: part(['001', '002', '011', '01', '']),
      rw: part(['001', '006', '1x1']),
      street: part(['Jalan Mawar No.12', 'JL. MAWAR NO. 12', 'DUSUN WETAN', 'Dusun  Wetan', '...', 'GG MELATI 3']),
    });
    fc.assert(
      fc.property(fc.array(fc.option(address, { nil: undefined }), { maxLength: 400 }), (addresses) => {
        const table = createAddressIds(1);
        const reference = new Map<string, number>();
        for (const value of addresses) {
          const id = addressId(table, value);
          const complete =
            value !== undefined &&
            /^\d{10}$/.test(value.villageCode) &&
            /^\d{3}$/.test(value.rt) &&
            /^\d{3}$/.test(value.rw) &&
            normalizeStreet(value.street) !== '';
          if (!complete) {
            expect(id).toBe(-1);
            continue;
          }
          const key = `${value.villageCode}|${value.rt}|${value.rw}|${normalizeStreet(value.street)}`;
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(id).toBe(reference.get(key));
        }
        expect(table.size).toBe(reference.size);
      }),
    );
    // Past the initial capacity: the table grows and keeps every id.
    const table = createAddressIds(1);
    const many = Array.from({ length: 5000 }, (_, i) => ({
      villageCode: String(3201011000 + (i % 97)),
      rt: String(i % 13).padStart(3, '0'),
      rw: '001',
      street: `JL MAWAR NO ${i % 400}`,
    }));
    const ids = many.map((value) => addressId(table, value));
    expect(many.map((value) => addressId(table, value))).toEqual(ids);
    expect(new Set(ids).size).toBe(table.size);
  });

  it('counts days like Date.UTC, and back', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        const day = Math.floor(date.getTime() / 86_400_000);
        expect(dayOfIso(iso)).toBe(day);
        expect(isoOfDay(day)).toBe(iso);
      }),
    );
    expect(dayOfIso('2024')).toBe(dayOfIso('2024-07-01'));
    expect(dayOfIso('2024-03')).toBe(dayOfIso('2024-03-01'));
  });

  it('unifies street spellings', () => {
    expect(normalizeStreet('Jalan Mawar No.12')).toBe('JL MAWAR NO 12');
    expect(normalizeStreet('JL. MAWAR NO. 12')).toBe('JL MAWAR NO 12');
    expect(normalizeStreet('gang  melati, nomor 3')).toBe('GG MELATI NO 3');
  });
});

describe('canonicalOrder', () => {
  // The reference is the definition: position-suffixed keys sorted as strings.
  const reference = (records: { source: string; recordId: string }[]): number[] =>
    records
      .map((r, i) => `${r.source}\u0000${r.recordId}\u0000${String(i).padStart(10, '0')}`)
      .sort()
      .map((key) => Number(key.slice(key.length - 10)));

  it('orders by (source, recordId), ties in input order, for any text including NUL', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '1', '\u0000', '!', 'é'), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(fc.record({ source: text, recordId: text }), { maxLength: 80 }), (records) => {
        expect(Array.from(canonicalOrder(records))).toEqual(reference(records));
      }),
    );
    const plain = fc.string({ unit: fc.constantFrom('a', 'b', '1', '2', '-'), maxLength: 5 });
    fc.assert(
      fc.property(fc.array(fc.record({ source: plain, recordId: plain }), { maxLength: 200 }), (records) => {
        expect(Array.from(canonicalOrder(records))).toEqual(reference(records));
      }),
    );
    // Few sources, long shared ID prefixes: the bucketed multikey sort at work.
    const prefixed = fc.tuple(fc.constantFrom('DK-', 'DK-00', 'P3KE-1'), plain).map(([prefix, rest]) => prefix + rest);
    fc.assert(
      fc.property(fc.array(fc.record({ source: fc.constantFrom('dukcapil', 'dtks', 'dtks2', ''), recordId: prefixed }), { maxLength: 300 }), (records) => {
        expect(Array.from(canonicalOrder(records))).toEqual(reference(records));
      }),
    );
  });
});
