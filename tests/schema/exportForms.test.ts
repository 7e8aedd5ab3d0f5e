import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDRESS_NORMALIZERS, ENVELOPE_NORMALIZERS } from '../../src/schema/fields.js';
import { excelSerialDate, Problem, readRtRw } from '../../src/schema/normalize.js';
import { parsePersonFast } from '../../src/schema/parsePersonFast.js';
import { PERSON_NORMALIZERS, personSchema } from '../../src/schema/person.js';
import { validateBatch, validateDwelling, validateFamily, validatePerson } from '../../src/schema/validate.js';

// Forms ministries' exports write (issue 16), each read by the normalizers; synthetic values only.

const base = { source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' }, name: 'Siti Aminah' } as const;

function read(normalize: (input: unknown) => unknown, input: unknown): unknown {
  const value = normalize(input);
  return value instanceof Problem ? value.code : value;
}

describe('RT/RW as exports write them', () => {
  it.each([
    ['RT 007', '007', undefined],
    ['RT.07', '007', undefined],
    ['RT: 7', '007', undefined],
    ['RT 07/RW 05', '007', '005'],
    ['RT/RW 007/005', '007', '005'],
    ['007/005', '007', '005'],
    ['07/05', '007', '005'],
    ['RT07RW05', '007', '005'],
    ['rt 7 rw 5', '007', '005'],
  ])('%s', (text, rt, rw) => {
    expect(readRtRw(text, 'rt')).toEqual({ rt, ...(rw === undefined ? {} : { rw }) });
    expect(read(ADDRESS_NORMALIZERS.rt, text)).toBe(rt);
  });

  it('fills the RW from a combined RT cell, and splits an rtRw field', () => {
    expect(validatePerson({ ...base, address: { rt: 'RT 07/RW 05' } })).toMatchObject({
      success: true,
      value: { address: { rt: '007', rw: '005' } },
      warnings: [],
    });
    expect(validatePerson({ ...base, address: { rtRw: '003/011' } })).toMatchObject({
      success: true,
      value: { address: { rt: '003', rw: '011' } },
      warnings: [],
    });
    // A given RW wins over the one in the RT cell.
    expect(validatePerson({ ...base, address: { rt: '007/005', rw: '9' } })).toMatchObject({ value: { address: { rt: '007', rw: '009' } } });
  });

  it('splits a combined RT/RW column given beside the address, on every record kind and both paths (regression: it went to extra unread)', () => {
    for (const key of ['rtRw', 'RT_RW', 'rt/rw', 'RTRW']) {
      const person = { ...base, [key]: 'RT 07/RW 05' };
      expect(validatePerson(person)).toMatchObject({ success: true, value: { address: { rt: '007', rw: '005' } }, warnings: [] });
      const result = validatePerson(person);
      expect(result.success && result.value.extra).toBeUndefined();
      expect(parsePersonFast(person)).toStrictEqual(personSchema.parse(person));
      expect(validateBatch([person], 'person').valid[0]).toMatchObject({ address: { rt: '007', rw: '005' } });
    }
    expect(validateFamily({ ...base, kk: '3201010501240007', rtRw: '003/011' })).toMatchObject({ success: true, value: { address: { rt: '003', rw: '011' } } });
    expect(validateDwelling({ ...base, rtRw: '003/011', address: { villageCode: '3201012001' } })).toMatchObject({
      success: true,
      value: { address: { rt: '003', rw: '011', villageCode: '3201012001' } },
    });
    // Spellings of the combined field inside the address too.
    expect(validatePerson({ ...base, address: { rt_rw: '003/011' } })).toMatchObject({
      success: true,
      value: { address: { rt: '003', rw: '011' } },
      warnings: [],
    });
    // An address with an RT of its own keeps it; the column beside it stays in extra, not lost.
    expect(validatePerson({ ...base, rtRw: '003/011', address: { rt: '9' } })).toMatchObject({
      success: true,
      value: { address: { rt: '009' }, extra: { rtRw: '003/011' } },
    });
    // Text that is no RT/RW stays in extra as given (never a reason to refuse the record).
    expect(validatePerson({ ...base, rtRw: 'dekat masjid' })).toMatchObject({ success: true, value: { extra: { rtRw: 'dekat masjid' } } });
  });

  it('refuses what is not an RT', () => {
    for (const text of ['RT x', '1234', 'RW 1/RW 2', 'Jl. Mawar']) expect(read(ADDRESS_NORMALIZERS.rt, text)).toBe('schema/invalid-rt-rw');
  });
});

describe('dates as exports write them', () => {
  const birth = PERSON_NORMALIZERS.birthDate;
  it.each([
    ['1980-08-17', '1980-08-17'],
    ['17-08-1980', '1980-08-17'],
    ['17/08/1980', '1980-08-17'],
    ['17.08.1980', '1980-08-17'],
    ['19800817', '1980-08-17'],
    ['17 Agustus 1945', '1945-08-17'],
    ['17 Agt 1945', '1945-08-17'],
    ['17-Ags-45', '1945-08-17'],
    ['1975', '1975'],
    ['1975-06', '1975-06'],
    ['06-1975', '1975-06'],
    ['00-00-1975', '1975'],
    ['01-01-1975', '1975-01-01'],
    ['08/17/1980', '1980-08-17'],
    ['29373', '1980-06-01'],
  ])('%s', (text, iso) => {
    expect(read(birth, text)).toBe(iso);
  });

  it('reads Excel serial day numbers, a number that is a year as a year', () => {
    expect(excelSerialDate(1)).toBe('1900-01-01');
    expect(excelSerialDate(61)).toBe('1900-03-01');
    expect(excelSerialDate(29373)).toBe('1980-06-01');
    expect(read(birth, 29373)).toBe('1980-06-01');
    expect(read(birth, 1975)).toBe('1975');
  });

  it('reduces an observedAt timestamp to its date', () => {
    expect(read(ENVELOPE_NORMALIZERS.observedAt, '2024-03-01T10:00:00Z')).toBe('2024-03-01');
    expect(read(ENVELOPE_NORMALIZERS.observedAt, '2024-03-01 23:15:00+07:00')).toBe('2024-03-01');
    expect(read(ENVELOPE_NORMALIZERS.observedAt, '01-03-2024')).toBe('2024-03-01');
    expect(read(ENVELOPE_NORMALIZERS.observedAt, '2024')).toBe('schema/invalid-date');
  });

  it('warns of placeholders and of a date that only makes sense swapped', () => {
    const codes = (birthDate: string) => {
      const result = validatePerson({ ...base, birthDate });
      return result.success ? result.warnings.map((warning) => warning.code) : ['refused'];
    };
    expect(codes('00-00-1975')).toEqual(['date/placeholder']);
    expect(codes('01-01-1975')).toEqual(['date/placeholder']);
    expect(codes('08/17/1980')).toEqual(['date/day-month-swapped']);
    expect(codes('17/08/1980')).toEqual([]);
  });
});

describe('sex and identifiers as exports write them', () => {
  it.each([
    ['Laki - Laki', 'male'],
    ['laki laki', 'male'],
    ['LAKI-LAKI', 'male'],
    ['Perempuan', 'female'],
    ['1', 'male'],
    ['2', 'female'],
    [1, 'male'],
    [' p ', 'female'],
  ])('sex %s', (text, sex) => {
    expect(read(PERSON_NORMALIZERS.sex, text)).toBe(sex);
  });

  it('flags a NIK a spreadsheet destroyed, and never repairs it', () => {
    for (const damaged of ['3.20411E+15', '3,20101E+15', '3201015205900001.0', 3201015205900001]) {
      expect(read(PERSON_NORMALIZERS.nik, damaged)).toBe('nik/damaged-by-spreadsheet');
      expect(read(PERSON_NORMALIZERS.kk, damaged)).toBe('nik/damaged-by-spreadsheet');
    }
    const result = validatePerson({ ...base, nik: '3.20411E+15' });
    expect(result.success && result.value.nik).toBeUndefined();
    expect(result.success && result.warnings.map((warning) => [warning.code, warning.path.join('.')])).toEqual([['nik/damaged-by-spreadsheet', 'nik']]);
    expect(result.success && result.value.extra).toEqual({ dropped: { nik: '3.20411E+15' } });
  });

  it("strips Excel's text prefix and uses the NIK", () => {
    expect(read(PERSON_NORMALIZERS.nik, "'3201015205900001")).toBe('3201015205900001');
  });
});

describe('the identity rule', () => {
  it('keeps a person known only by NIK, refuses one with neither a name nor a NIK', () => {
    expect(validatePerson({ ...base, name: '', nik: '3201015205900001' })).toMatchObject({ success: true, value: { nik: '3201015205900001', name: null } });
    expect(validatePerson({ ...base, name: undefined, nik: 'junk' })).toMatchObject({ success: false });
  });

  it('takes source, channel and observedAt from the file, the row winning', () => {
    const row = { recordId: 'R1', name: 'Budi' };
    const options = { defaults: { source: 'regsosek', observedAt: '2022-10-15', channel: { kind: 'survey' } } };
    expect(validatePerson(row, options)).toMatchObject({ success: true, value: { source: 'regsosek', observedAt: '2022-10-15', channel: { kind: 'survey' } } });
    expect(validatePerson({ ...row, source: 'dtks', observedAt: '2024-01-01' }, options)).toMatchObject({
      value: { source: 'dtks', observedAt: '2024-01-01' },
    });
    // A row's unusable date: the file's is used, with a warning.
    const fallback = validatePerson({ ...row, observedAt: 'kemarin' }, options);
    expect(fallback).toMatchObject({ success: true, value: { observedAt: '2022-10-15' } });
    expect(fallback.success && fallback.warnings.map((warning) => warning.code)).toEqual(['schema/default-used']);
    expect(validatePerson(row)).toMatchObject({ success: false });
    expect(() => validatePerson(row, { defaults: { source: 'Not A Source!' } })).toThrow(/defaults.source/);
  });

  it('takes a record with no usable channel as a registry record, with a warning', () => {
    const result = validatePerson({ ...base, channel: 'whatever' });
    expect(result).toMatchObject({ success: true, value: { channel: { kind: 'registry' }, extra: { dropped: { channel: 'whatever' } } } });
  });

  it('drops a bad member NIK from a family, keeping the others', () => {
    const result = validateFamily({ ...base, kk: '3201010501240007', memberNiks: ['3201015205900001', '12', '3201011505920002'] });
    expect(result).toMatchObject({
      success: true,
      value: { memberNiks: ['3201015205900001', '3201011505920002'], extra: { dropped: { 'memberNiks.1': '12' } } },
    });
  });
});

/** One field of a person in a messy export form, or junk. */
const messyField = {
  nik: fc.constantFrom('3201015205900001', "'3201015205900001", '3.20411E+15', '3201015205900001.0', '12', '', 'x'),
  kk: fc.constantFrom('3201010501240007', '3201-0105-0124-0007', '3.20101E+15', 'KK'),
  name: fc.constantFrom('Siti Aminah', '  Budi ', '', 42, 'Hj. SITI AMINAH, S.Pd.', 'Prof.Dr.H.Ahmad,SE,MM', 'AHMAD (ALM)', 'H. AHMAD H.', 'Hj.'),
  titles: fc.constantFrom(['M.Pd.'], [], 'Hj.', [' Dr. ', 7]),
  sex: fc.constantFrom('L', 'Laki - Laki', 'perempuan', '2', 'X', 3),
  birthDate: fc.constantFrom('1980-08-17', '17-08-1980', '17 Agt 1945', '00-00-1975', '08/17/1980', '31-02-1980', 'kemarin', 29373, '19800817'),
  birthPlace: fc.constantFrom('KAB. BOGOR', '', 7),
  relationship: fc.constantFrom('Kepala Keluarga', 'anak', 'tetangga'),
  maritalStatus: fc.constantFrom('kawin', 'belum kawin', '??'),
  deceased: fc.constantFrom('ya', 'tidak', 'mungkin'),
  address: fc.record(
    {
      rt: fc.constantFrom('RT 007', '007/005', 'RT07RW05', '7', 'x'),
      rw: fc.constantFrom('RW 5', '05', 'y'),
      rtrw: fc.constantFrom('003/005', 'x'),
      villageCode: fc.constantFrom('3201012001', '32.01.01.2001', '99'),
      colour: fc.constant('blue'),
    },
    { requiredKeys: [] },
  ),
  observedAt: fc.constantFrom('2024-03-01', '2024-03-01T10:00:00Z', '01-03-2024', 'never'),
  channel: fc.constantFrom({ kind: 'registry' }, { kind: 'formal' }, 'survey'),
  source: fc.constantFrom('dtks', 'DTKS', 'bad source'),
  // A flat export's combined column beside the address.
  rtRw: fc.constantFrom('RT 07/RW 05', '007/005', '', 'x'),
};
const messyPerson = fc.record({ recordId: fc.constantFrom('A1', 'B2', ''), ...messyField }, { requiredKeys: ['recordId'] });

describe('properties on messy exports', () => {
  it('a record is refused only for the identity rule', () => {
    fc.assert(
      fc.property(messyPerson, (input) => {
        const result = validatePerson(input);
        if (result.success) return;
        // Refused: then source, recordId or observedAt is unusable, or there is neither a name nor a NIK.
        const fields = new Set(result.issues.map((issue) => String(issue.path[0])));
        const identity = ['source', 'recordId', 'observedAt'].some((field) => fields.has(field));
        const noName = typeof input.name !== 'string' || input.name.trim() === '';
        const nikUsable = validatePerson({ ...base, name: undefined, nik: input.nik }).success;
        expect(identity || (noName && !nikUsable)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('the fast path and zod agree on every form', () => {
    fc.assert(
      fc.property(messyPerson, (input) => {
        const fast = parsePersonFast(input);
        const zod = personSchema.safeParse(input);
        if (fast === undefined) return;
        expect(zod.success).toBe(true);
        expect(fast).toStrictEqual(zod.data);
        expect(Object.keys(fast)).toEqual(Object.keys(zod.data as object));
      }),
      { numRuns: 2000 },
    );
    // And on the cleaned record each drop leaves behind, which is what both paths see next.
    fc.assert(
      fc.property(messyPerson, (input) => {
        const result = validatePerson(input);
        if (!result.success) return;
        const again = personSchema.safeParse(result.value);
        expect(again.success).toBe(true);
        expect(parsePersonFast(result.value)).toStrictEqual(again.data);
        // Validation is idempotent: titles already apart stay apart, none added twice.
        expect(again.data).toStrictEqual(result.value);
      }),
      { numRuns: 1000 },
    );
  });

  it('no input is lost: every one is valid or rejected, drops counted by field', () => {
    fc.assert(
      fc.property(fc.array(messyPerson, { maxLength: 30 }), (inputs) => {
        const result = validateBatch(inputs, 'person');
        const seen = [...result.validIndexes, ...result.rejected.map((rejection) => rejection.index)].sort((a, b) => a - b);
        expect(seen).toEqual(inputs.map((_, index) => index));
        let dropped = 0;
        for (const byCode of Object.values(result.dropped)) for (const count of Object.values(byCode)) dropped += count;
        const warned = result.warnings.flatMap((entry) => entry.warnings).filter((warning) => warning.dropped === true).length;
        expect(dropped).toBeGreaterThanOrEqual(warned);
      }),
      { numRuns: 300 },
    );
  });
});
