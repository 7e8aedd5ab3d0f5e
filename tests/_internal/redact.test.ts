import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactIdentifiers } from '../../src/index.js';
import { containsIdentifier, redactedJson } from '../../src/_internal/redact.js';
import { naturalEntityId } from '../../src/cluster/entityIds.js';

const FULL_WIDTH_ZERO = 0xff10;
const ARABIC_INDIC_ZERO = 0x0660;
const MATH_BOLD_ZERO = 0x1d7ce;

/** Digits of any script as ASCII (a leak check must read them as a reader does). */
function toAscii(text: string): string {
  return Array.from(text, (c) => {
    for (const zero of [FULL_WIDTH_ZERO, ARABIC_INDIC_ZERO, MATH_BOLD_ZERO]) {
      const code = c.codePointAt(0) as number;
      if (code >= zero && code < zero + 10) return String(code - zero);
    }
    return c;
  }).join('');
}

function inScript(digits: string, zero: number): string {
  return Array.from(digits, (d) => String.fromCodePoint(zero + Number(d))).join('');
}

describe('redactIdentifiers', () => {
  it('masks a NIK under every separator the parsers accept (regression: / _ tab NBSP leaked)', () => {
    for (const sep of ['/', '_', '\t', '\u00a0', ' ', '.', '-', '\u200b', '\u200f', '\u2013', '\uff0f', '  ']) {
      const written = ['3201', '0152', '0590', '0001'].join(sep);
      expect(redactIdentifiers(`referenceDate ${written} is not a date`)).toBe('referenceDate 3201**********01 is not a date');
    }
  });

  it('masks full-width, Arabic-Indic and mathematical digits (regression: full-width leaked)', () => {
    for (const zero of [FULL_WIDTH_ZERO, ARABIC_INDIC_ZERO, MATH_BOLD_ZERO]) {
      expect(redactIdentifiers(`id ${inScript('3201015205900001', zero)}!`)).toBe('id 3201**********01!');
    }
  });

  it('keeps numbers that are not identifiers', () => {
    const text = 'p = 0.9999999522180526, 0.30000000000000004, weight 12.345678901234567, on 2024-03-01, 12 rows, line 123456';
    expect(redactIdentifiers(text)).toBe(text);
  });

  it('masks a NIK or KK written as the fraction of a short decimal (regression: kept as a number)', () => {
    expect(redactIdentifiers('value 0.3201015205900001 refused')).toBe('value 0.3201**********01 refused');
    expect(redactIdentifiers('kk 12.3174011503100002')).toBe('kk 12.3174**********02');
    // Seventeen fraction digits holding a NIK: the fraction is masked whole.
    expect(redactIdentifiers('x 1.93201015205900001')).toBe('x 1.<17 chars>');
    // A probability's fraction that is not shaped like a NIK (province 99, 30, 00 …) stays.
    expect(redactIdentifiers('p 0.9999999522180526, 0.3001015205900001, 0.0001015205900001')).toBe(
      'p 0.9999999522180526, 0.3001015205900001, 0.0001015205900001',
    );
  });

  it('finds NIKs in JSON keys, also where JSON escapes the separators (regression: keys were not redacted)', () => {
    const value = { '3201\t0152\t0590\t0001': { note: 'NIK 3201-0152-0590-0001' }, '3201\n015205900002': 1, ok: [{ '3201015205900003': 0.9999999522180526 }] };
    const text = redactedJson(value);
    expect(containsIdentifier(text)).toBe(false);
    expect(JSON.parse(text)).toEqual({
      '3201**********01': { note: 'NIK 3201**********01' },
      '3201**********02': 1,
      ok: [{ '3201**********03': 0.9999999522180526 }],
    });
    // Two keys masked alike stay two entries; a masked key never reaches the prototype.
    expect(Object.keys(JSON.parse(redactedJson({ '3201015205900001': 1, '3201999999999901': 2 })))).toEqual(['3201**********01', '3201**********01 #2']);
    expect(JSON.parse(redactedJson(JSON.parse('{"__proto__": {"3201015205900001": 1}}')))).toEqual(JSON.parse('{"__proto__": {"3201**********01": 1}}'));
  });

  it('keeps padan entity and decision IDs whole in JSON files (regression: one in sixty lost twelve digits)', () => {
    const value = { id: 'P8ca5255636462027', decision: 'D1234567890123abc', nik: 'P3201015205900001' };
    expect(JSON.parse(redactedJson(value))).toEqual({ id: 'P8ca5255636462027', decision: 'D1234567890123abc', nik: 'P3201**********01' });
  });

  it('keeps padan IDs whole in messages (regression: one in sixty lost twelve digits, Pc20f<12 chars>)', () => {
    expect(redactIdentifiers('entity Pc20f313901623442 has 3 records')).toBe('entity Pc20f313901623442 has 3 records');
    let kept = 0;
    for (let i = 0; i < 2000; i++) {
      const id = naturalEntityId(`dtks\u0000R-${i}`);
      const message = `record R-${i} joined ${id}, 2 records; decision D${id.slice(1)} (family F${id.slice(1)})`;
      expect(redactIdentifiers(message)).toBe(message);
      expect(containsIdentifier(message)).toBe(false);
      if (/\d{12}/.test(id)) kept++;
    }
    // The test holds IDs the old redaction mangled.
    expect(kept).toBeGreaterThan(10);
  });

  it('an ID is kept only as a word of its own, and never hides a NIK written against it', () => {
    // Not a word: a letter or digit touches it.
    expect(redactIdentifiers('xPc20f313901623442')).toBe('xPc20f<12 chars>');
    // All decimal: that is a NIK after a letter.
    expect(redactIdentifiers('P3201015205900001')).toBe('P3201**********01');
    // Its digits and the ones after it make sixteen: judged as one run.
    expect(redactIdentifiers('Pa320101520590000 1')).toBe('Pa3201**********01');
    expect(redactIdentifiers('Pc20f313901623442 3201015205900001')).toBe('Pc20f<28 chars>');
    // A NIK after an ID and a word is masked; the ID stays.
    expect(redactIdentifiers('Pc20f313901623442: NIK 3201-0152-0590-0001')).toBe('Pc20f313901623442: NIK 3201**********01');
  });

  it('property: an ID with a letter, as a word, survives any surrounding text', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{16}$/).filter((h) => /[a-f]/.test(h));
    const prefix = fc.constantFrom('P', 'D', 'F', 'H');
    const edge = fc.constantFrom(' ', ':', ',', '(', ')', '"', '\n', '=', '[', ']');
    fc.assert(
      fc.property(prefix, hex, fc.string(), edge, edge, fc.string(), (p, h, before, open, close, after) => {
        const id = p + h;
        const text = `${before}${open}${id}${close}x${after}`;
        expect(redactIdentifiers(text)).toContain(`${open}${id}${close}x`);
      }),
    );
  });

  it('property: a NIK or KK under any separator and digit form is masked, also next to IDs', () => {
    const separator = fc.constantFrom('', ' ', '.', '-', '_', '/', '\t', '\u00a0', '\u200b', '\u202e', '\u3000', '\uff0e');
    const zero = fc.constantFrom(48, FULL_WIDTH_ZERO, ARABIC_INDIC_ZERO, MATH_BOLD_ZERO);
    const id = fc.tuple(fc.constantFrom('P', 'D', 'F', 'H'), fc.stringMatching(/^[0-9a-f]{16}$/)).map(([p, h]) => p + h);
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{16}$/),
        fc.array(separator, { minLength: 15, maxLength: 15 }),
        zero,
        id,
        id,
        separator,
        separator,
        (digits, seps, z, left, right, sepLeft, sepRight) => {
          const written = Array.from(inScript(digits, z))
            .map((d, i) => d + (seps[i] ?? ''))
            .join('');
          const redacted = redactIdentifiers(`${left}${sepLeft}${written}${sepRight}${right}`);
          expect(toAscii(redacted).replace(/\D/g, '')).not.toContain(digits);
          expect(containsIdentifier(redacted)).toBe(false);
        },
      ),
    );
  });

  it('writes valid JSON: a NIK stored as a number becomes a masked string, fractions stay numbers', () => {
    const value = { nik: 3201015205900001, big: 3201015205900001n, m: 0.0016273225007836301, count: 123456, weight: -4.0339185 };
    expect(JSON.parse(redactedJson(value, 2))).toEqual({
      nik: '3201**********01',
      big: '3201**********01',
      m: 0.0016273225007836301,
      count: 123456,
      weight: -4.0339185,
    });
  });

  it('masks other long runs whole, showing only their length', () => {
    expect(redactIdentifiers('ids 3201015205900001 3201015205900002')).toBe('ids <32 chars>');
    expect(redactIdentifiers('NIK 320101520590001?')).toBe('NIK <15 chars>?');
  });

  it('never throws, whatever it is given', () => {
    expect(redactIdentifiers(Object.create(null) as string)).toBe('[object Object]');
    expect(redactIdentifiers(3201015205900001 as unknown as string)).toBe('3201**********01');
  });

  it('leaves no 16-digit run, however the number is written and wherever it sits', () => {
    const separator = fc.constantFrom('', ' ', '.', '-', '_', '/', '\t', '\u00a0', '\u200b', '\u202e', '\u3000', '\uff0e');
    const zero = fc.constantFrom(48, FULL_WIDTH_ZERO, ARABIC_INDIC_ZERO, MATH_BOLD_ZERO);
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{16}$/),
        fc.array(separator, { minLength: 15, maxLength: 15 }),
        zero,
        fc.string(),
        fc.string(),
        (digits, seps, z, before, after) => {
          const written = Array.from(inScript(digits, z))
            .map((d, i) => d + (seps[i] ?? ''))
            .join('');
          const redacted = redactIdentifiers(before + written + after);
          expect(redacted.replace(/\D/g, '')).not.toContain(digits);
          expect(containsIdentifier(redacted)).toBe(false);
        },
      ),
    );
  });

  it('is idempotent and changes text without digit runs not at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const once = redactIdentifiers(text);
        expect(redactIdentifiers(once)).toBe(once);
        if (!/\p{Nd}/u.test(text)) expect(once).toBe(text);
      }),
    );
  });
});
