import equal from 'fast-deep-equal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDRESS_NORMALIZERS, ENVELOPE_NORMALIZERS } from '../../src/schema/fields.js';
import { isRegexSpace, needsTidy, Problem, type Normalizer } from '../../src/schema/normalize.js';
import { PERSON_NORMALIZERS } from '../../src/schema/person.js';
import { validateBatch } from '../../src/schema/validate.js';

// The normalizers check values with char-code loops instead of regexes, and validateBatch finds shared
// identities with a hash index instead of a Map of identity strings. These laws pin both to the
// simple forms they replace. Synthetic values only.

/** Characters that matter to the checks: digits, separators, every kind of space, letters, and neighbours. */
const interesting = fc.constantFrom(
  ...'0123456789-._/ aAzZ:@`{~',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u180e',
  '\u2000',
  '\u200a',
  '\u200b',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
  '\u0660',
);
const text = fc.array(interesting, { maxLength: 18 }).map((chars) => chars.join(''));
const digitsLike = fc.oneof(
  text,
  fc.stringMatching(/^\d{1,17}$/),
  fc
    .tuple(fc.stringMatching(/^\d{4}$/), fc.constantFrom('', '-'), fc.stringMatching(/^\d{0,3}$/), fc.constantFrom('', '-'), fc.stringMatching(/^\d{0,3}$/))
    .map((parts) => parts.join('')),
);

/** The normalizers as they were written with regexes (the reference). */
const reference = {
  tidy: (value: string) => (/^\s|\s$|\s\s|[\t\n\r\f\v\u00a0]/.test(value) ? value.replace(/\s+/g, ' ').trim() : value),
  nik: (value: string): string | null | 'problem' => {
    if (/^\d{16}$/.test(value)) return value;
    const digits = value.replace(/[\s.\-_/]/g, '');
    if (/^\d{16}$/.test(digits)) return digits;
    return digits === '' ? null : 'problem';
  },
  partialDate: (value: string): string | null | 'problem' => {
    const text = value.trim();
    if (text === '') return null;
    const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
    if (match === null) return 'problem';
    const [year, month, day] = [Number(match[1]), match[2] === undefined ? undefined : Number(match[2]), match[3] === undefined ? undefined : Number(match[3])];
    if (year < 1800 || year > 2199) return 'problem';
    if (month !== undefined && (month < 1 || month > 12)) return 'problem';
    if (month === undefined || day === undefined) return text;
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const last = month === 2 && leap ? 29 : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
    return day < 1 || day > last ? 'problem' : text;
  },
  rt: (value: string): string | null | 'problem' => {
    const text = value.trim();
    if (text === '') return null;
    const match = /^0*(\d{1,3})$/.exec(text);
    return match === null || match[1] === undefined ? 'problem' : match[1].padStart(3, '0');
  },
  code:
    (length: number) =>
    (value: string): string | null | 'problem' => {
      const digits = value.replace(/[\s.]/g, '');
      if (digits === '') return null;
      return digits.length !== length || !/^\d+$/.test(digits) ? 'problem' : digits;
    },
  source: (value: string): string | 'problem' => {
    if (/^[a-z][a-z0-9_-]*$/.test(value)) return value;
    const key = value.trim().toLowerCase();
    return key !== '' && /^[a-z][a-z0-9_-]*$/.test(key) ? key : 'problem';
  },
};

function agreeWhereAccepted(actual: unknown, expected: unknown): void {
  if (expected !== 'problem') expect(actual).toBe(expected);
}

function outcome(normalize: Normalizer<unknown>, value: unknown): unknown {
  const result = normalize(value);
  return result instanceof Problem ? 'problem' : result;
}

describe('char-code checks agree with the regexes they replace', () => {
  it('isRegexSpace is \\s, code unit by code unit', () => {
    const disagree: number[] = [];
    for (let c = 0; c <= 0xffff; c += 1) if (isRegexSpace(c) !== /\s/.test(String.fromCharCode(c))) disagree.push(c);
    expect(disagree).toEqual([]);
  });

  it('tidy: needsTidy and the normalized text', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(needsTidy(value)).toBe(/^\s|\s$|\s\s|[\t\n\r\f\v\u00a0]/.test(value));
        const expected = reference.tidy(value);
        expect(outcome(PERSON_NORMALIZERS.motherName, value)).toBe(expected === '' ? null : expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('NIK, dates, RT/RW, region codes and source names', () => {
    fc.assert(
      fc.property(digitsLike, (value) => {
        // NIK, dates and RT/RW now read more forms than the regexes did (tests/schema/exportForms.test.ts):
        // where a regex accepted a value, the result is the same.
        agreeWhereAccepted(outcome(PERSON_NORMALIZERS.nik, value), reference.nik(value));
        agreeWhereAccepted(outcome(PERSON_NORMALIZERS.birthDate, value), reference.partialDate(value));
        agreeWhereAccepted(outcome(ADDRESS_NORMALIZERS.rt, value), reference.rt(value));
        expect(outcome(ADDRESS_NORMALIZERS.provinceCode, value)).toBe(reference.code(2)(value));
        expect(outcome(ADDRESS_NORMALIZERS.villageCode, value)).toBe(reference.code(10)(value));
        expect(outcome(ENVELOPE_NORMALIZERS.source, value)).toBe(reference.source(value));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^ ?[A-Za-z0-9_-]{0,8} ?$/), (value) => {
        expect(outcome(ENVELOPE_NORMALIZERS.source, value)).toBe(reference.source(value));
      }),
    );
  });
});

/** validateBatch's duplicate rule, as first written: a Map from `${source}\0${recordId}` to slots. */
function referenceDuplicates(valid: { source: string; recordId: string }[]): Map<number, string> {
  const byIdentity = new Map<string, number[]>();
  valid.forEach((record, slot) => {
    const identity = `${record.source}\u0000${record.recordId}`;
    byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), slot]);
  });
  const dropped = new Map<number, string>();
  for (const slots of byIdentity.values()) {
    if (slots.length < 2) continue;
    const identical = slots.every((slot) => equal(valid[slot], valid[slots[0]!]));
    slots.forEach((slot, position) => {
      if (!(identical && position === 0)) dropped.set(slot, identical ? 'identical' : 'different');
    });
  }
  return dropped;
}

describe('validateBatch identities', () => {
  it('drops exactly the records the Map-of-identity-strings rule drops, with the same issues, in input order', () => {
    const record = fc.record({
      source: fc.constantFrom('dtks', 'DTKS', 'p3ke', 'a', 'a-b'),
      recordId: fc.oneof(fc.constantFrom('1', '2', ' 1 ', '\u00001', 'b\u0000'), fc.nat({ max: 3 })),
      observedAt: fc.constant('2024-05-01'),
      channel: fc.constant({ kind: 'survey' }),
      name: fc.constantFrom('Dewi', ' Dewi ', 'Rina'),
      nik: fc.constantFrom(undefined, '12', '3201010101900001'),
    });
    fc.assert(
      fc.property(fc.array(fc.oneof(record, fc.constant(null)), { maxLength: 14 }), (inputs) => {
        const result = validateBatch(inputs, 'person', { malformedIds: 'keep-in-extra' });
        // Reference: the same batch without the duplicate rule, then the rule applied as first written.
        const accepted = inputs
          .map((input, index) => ({ index, single: validateBatch([input], 'person', { malformedIds: 'keep-in-extra' }) }))
          .filter(({ single }) => single.valid.length === 1)
          .map(({ index, single }) => ({ index, record: single.valid[0]!, warnings: single.warnings[0]?.warnings ?? [] }));
        const dropped = referenceDuplicates(accepted.map((entry) => entry.record));
        const kept = accepted.filter((_, slot) => !dropped.has(slot));
        expect(result.valid).toEqual(kept.map((entry) => entry.record));
        expect(result.validIndexes).toEqual(kept.map((entry) => entry.index));
        expect(result.warnings.map((w) => w.index)).toEqual(kept.filter((entry) => entry.warnings.length > 0).map((entry) => entry.index));
        const duplicates = result.rejected.filter((rejection) => rejection.issues[0]?.code === 'schema/duplicate-record');
        expect(duplicates.map((rejection) => rejection.index)).toEqual(accepted.filter((_, slot) => dropped.has(slot)).map((entry) => entry.index));
        for (const rejection of duplicates) {
          const slot = accepted.findIndex((entry) => entry.index === rejection.index);
          expect(rejection.issues[0]?.message).toMatch(
            dropped.get(slot) === 'identical' ? /exact duplicate of the record at index \d+/ : /different records share/,
          );
          expect(rejection.issues.slice(1)).toEqual(accepted[slot]!.warnings);
        }
        expect(result.rejected.map((rejection) => rejection.index)).toEqual([...result.rejected.map((rejection) => rejection.index)].sort((a, b) => a - b));
      }),
      { numRuns: 500 },
    );
  });
});
