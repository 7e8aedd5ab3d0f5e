import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeStreet } from '../../src/group/_addressKey.js';
import { createIdentifierTable, findIdentifier, internIdentifier } from '../../src/group/_identifierTable.js';
import { dayOfIso, isoOfDay } from '../../src/group/_personIndex.js';

// Protects the group stage's private helpers: the typed identifier table is a faithful
// string → dense id map, day arithmetic agrees with Date, street spellings unify.
describe('group internals', () => {
  it('interns 16-digit identifiers like a Map would, and refuses anything else', () => {
    const digits = fc.stringMatching(/^\d{16}$/);
    fc.assert(
      fc.property(fc.array(fc.oneof(digits, digits.map((d) => d.slice(0, 15)), fc.constant('12345678901234x6')), { maxLength: 300 }), (values) => {
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
      }),
    );
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
