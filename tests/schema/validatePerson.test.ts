import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { personSchema } from '../../src/schema/person.js';
import { validatePerson, type NikCheck } from '../../src/schema/validate.js';

// Synthetic records only: names from a small invented list, identifiers made of arbitrary digits.
const base = {
  source: 'dtks',
  recordId: 'A1',
  observedAt: '2024-03-01',
  channel: { kind: 'registry' },
  name: 'Budi Santoso',
} as const;

function valueOf(input: unknown, options?: Parameters<typeof validatePerson>[1]) {
  const result = validatePerson(input, options);
  if (!result.success) throw new Error(`expected valid, got ${JSON.stringify(result.issues)}`);
  return result;
}

/** The codes of a rejection under the strict contract (`fieldProblems: 'reject'`). */
function codesOf(input: unknown): string[] {
  const result = validatePerson(input, { fieldProblems: 'reject' });
  if (result.success) throw new Error('expected a rejection');
  return result.issues.map((issue) => issue.code);
}

describe('validatePerson: normalization', () => {
  it('normalizes every field at the boundary', () => {
    const { value, warnings } = valueOf({
      ...base,
      source: ' DTKS ',
      nik: '1234 5678 9012 3456',
      kk: '1234.5678.9012.0007',
      name: '  Siti   Aminah ',
      sex: 'P',
      birthDate: '1990-07',
      birthDatePlaceholder: 'ya',
      birthPlace: ' Bogor ',
      motherName: '',
      relationship: 'Istri',
      maritalStatus: 'kawin',
      deceased: 0,
      address: { provinceCode: '32', regencyCode: '32.01', villageCode: '32.01.01.2001', rt: 3, rw: '05', text: ' Kp. Contoh ' },
    });
    expect(value).toEqual({
      ...base,
      nik: '1234567890123456',
      kk: '1234567890120007',
      name: 'Siti Aminah',
      sex: 'female',
      birthDate: '1990-07',
      birthDatePlaceholder: true,
      birthPlace: 'Bogor',
      motherName: null,
      relationship: 'spouse',
      maritalStatus: 'married',
      deceased: false,
      address: { provinceCode: '32', regencyCode: '3201', villageCode: '3201012001', rt: '003', rw: '005', text: 'Kp. Contoh' },
    });
    expect(warnings).toEqual([]);
  });

  it('accepts every channel kind', () => {
    for (const channel of [
      { kind: 'survey' },
      { kind: 'formal', verificationLevel: 'regency' },
      { kind: 'citizen', action: 'objection', status: 'pending', fields: ['address', 'housing.roofMaterial'] },
      { kind: 'citizen', action: 'proposal', status: 'accepted' },
    ]) {
      expect(valueOf({ ...base, channel }).value.channel).toEqual(channel);
    }
  });

  it('accepts caller-defined source names', () => {
    expect(valueOf({ ...base, source: 'bansos-kab-bogor' }).value.source).toBe('bansos-kab-bogor');
  });
});

describe('validatePerson: unknown fields are kept', () => {
  it('moves unknown top-level fields into extra, next to the caller’s own', () => {
    const { value } = valueOf({ ...base, desil: 3, pekerjaan: 'petani', extra: { program: 'PKH' } });
    expect(value.extra).toEqual({ program: 'PKH', desil: 3, pekerjaan: 'petani' });
    expect(value).not.toHaveProperty('desil');
  });

  it('does not mutate the input', () => {
    const input = { ...base, desil: 3, extra: { program: 'PKH' } };
    const copy = structuredClone(input);
    validatePerson(input);
    expect(input).toEqual(copy);
  });

  it('rejects an unknown field that would overwrite a different extra value', () => {
    expect(codesOf({ ...base, desil: 3, extra: { desil: 4 } })).toEqual(['schema/extra-conflict']);
    // The same value twice is not a conflict.
    expect(valueOf({ ...base, desil: 3, extra: { desil: 3 } }).value.extra).toEqual({ desil: 3 });
  });

  it('reports a __proto__ field instead of dropping it', () => {
    expect(codesOf({ ...base, extra: JSON.parse('{"__proto__": {"a": 1}}') })).toEqual(['schema/unknown-field']);
    expect(codesOf({ ...base, ...JSON.parse('{"__proto__": {"a": 1}}') })).toEqual(['schema/extra-conflict']);
  });

  it('rejects unknown fields inside nested objects instead of dropping them', () => {
    expect(codesOf({ ...base, address: { rt: 1, kelurahan: 'Contoh' } })).toEqual(['schema/unknown-field']);
  });
});

describe('validatePerson: every problem is reported', () => {
  it('reports all issues at once, each with code, path, message, severity', () => {
    const result = validatePerson(
      {
        source: 'Bad Source',
        observedAt: '2023-02-29',
        channel: { kind: 'formal' },
        name: ' ',
        nik: '12345',
        sex: 'X',
        birthDate: '1990-13-01',
        address: { rt: '1000', villageCode: '123' },
        relationship: 'boss',
      },
      { fieldProblems: 'reject' },
    );
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['schema/invalid-source', 'source'],
      ['schema/required', 'recordId'],
      ['schema/invalid-date', 'observedAt'],
      ['schema/invalid-channel', 'channel.verificationLevel'],
      // A blank name is missing, not wrong: that a person needs a name or a NIK is checked once the fields read.
      ['schema/invalid-nik', 'nik'],
      ['schema/invalid-sex', 'sex'],
      ['schema/invalid-date', 'birthDate'],
      ['schema/invalid-category', 'relationship'],
      ['schema/invalid-code', 'address.villageCode'],
      ['schema/invalid-rt-rw', 'address.rt'],
    ]);
    for (const issue of result.issues) {
      expect(issue.severity).toBe('error');
      expect(issue.message).toMatch(/^[\w.[\]]+: /);
    }
  });

  it('rejects a non-object and a NIK given as a number', () => {
    expect(codesOf('not a record')).toEqual(['schema/not-an-object']);
    expect(codesOf({ ...base, nik: 1234567890123456 })).toEqual(['nik/damaged-by-spreadsheet']);
  });

  it('rejects an unknown channel kind', () => {
    expect(codesOf({ ...base, channel: { kind: 'email' } })).toEqual(['schema/invalid-channel']);
  });

  it('masks identifiers in messages and carries the record id', () => {
    const result = validatePerson({ ...base, nik: '1234-5678-9012-34567' }, { fieldProblems: 'reject' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues[0]?.message).toBe('nik: NIK must be 16 digits, got <17 chars>');
    expect(result.issues[0]?.recordId).toBe('A1');
    const kept = validatePerson({ ...base, nik: '1234-5678-9012-34567' });
    expect(kept.success && kept.warnings.map((warning) => [warning.code, warning.message, warning.recordId])).toEqual([
      ['schema/invalid-nik', 'nik: NIK must be 16 digits, got <17 chars>; dropped <17 chars>', 'A1'],
    ]);
  });
});

describe('validatePerson: warnings keep the record', () => {
  it('warns when region codes disagree', () => {
    const { warnings } = valueOf({ ...base, address: { provinceCode: '32', regencyCode: '3301' } });
    expect(warnings.map((warning) => [warning.code, warning.path.join('.'), warning.severity])).toEqual([
      ['schema/region-mismatch', 'address.regencyCode', 'warning'],
    ]);
  });

  it('warns when the birth is after the observation', () => {
    expect(valueOf({ ...base, birthDate: '2025' }).warnings.map((w) => w.code)).toEqual(['schema/born-after-observation']);
    expect(valueOf({ ...base, birthDate: '2024-03' }).warnings).toEqual([]);
  });

  it('keeps a malformed NIK in extra when asked to, so the person is not lost', () => {
    const { value, warnings } = valueOf({ ...base, nik: '123456789012345', kk: '1234567890123456' }, { malformedIds: 'keep-in-extra' });
    expect(value.nik).toBeNull();
    expect(value.kk).toBe('1234567890123456');
    expect(value.extra).toEqual({ malformedNik: '123456789012345' });
    expect(warnings.map((warning) => warning.code)).toEqual(['schema/malformed-id-kept']);
    expect(warnings[0]?.message).not.toContain('123456789012345');
  });

  it('turns a NIK checker’s issues into warnings on nik', () => {
    const checkNik: NikCheck = () => [{ code: 'nik/unknown-region', path: ['nik'], message: 'region 99 is not a district code', severity: 'error' }];
    const { value, warnings } = valueOf({ ...base, nik: '9912345678901234' }, { checkNik });
    expect(value.nik).toBe('9912345678901234');
    expect(warnings).toEqual([
      { code: 'nik/unknown-region', path: ['nik'], message: 'nik: region 99 is not a district code', severity: 'warning', recordId: 'A1' },
    ]);
  });
});

describe('validatePerson: built-in NIK check (parseNik + checkNikConsistency)', () => {
  // Synthetic NIK in a real district (320101): day 52 = a woman born on the 12th, May 1990, serial 0001.
  const nik = '3201015205900001';

  it('gives no warnings when the NIK agrees with the record', () => {
    const { warnings } = valueOf({ ...base, nik, sex: 'P', birthDate: '1990-05-12' }, { checkNik: true });
    expect(warnings).toEqual([]);
  });

  it('flags disagreements as warnings and keeps the person', () => {
    const { value, warnings } = valueOf({ ...base, nik, sex: 'L', birthDate: '1991-05-12' }, { checkNik: true });
    expect(value.nik).toBe(nik);
    expect(warnings.map((warning) => [warning.code, warning.path.join('.'), warning.severity])).toEqual([
      ['nik/birth-date-mismatch', 'birthDate', 'warning'],
      ['nik/sex-mismatch', 'sex', 'warning'],
    ]);
  });

  it('turns parseNik errors into warnings: an invalid NIK does not reject the person', () => {
    const result = validatePerson({ ...base, nik: '9999011399900000' }, { checkNik: true });
    expect(result.success).toBe(true);
    if (!result.success) return;
    const codes = result.warnings.map((warning) => warning.code);
    expect(codes).toContain('nik/impossible-date');
    expect(codes).toContain('nik/zero-serial');
    expect(codes.some((code) => code.startsWith('nik/unknown-'))).toBe(true);
    for (const warning of result.warnings) {
      expect(warning.severity).toBe('warning');
      expect(warning.message).not.toMatch(/\d{16}/);
    }
  });
});

describe('validatePerson: options', () => {
  it('throws PadanError on invalid options', () => {
    expect(() => validatePerson(base, { malformedIds: 'drop' } as never)).toThrow(PadanError);
    expect(() => validatePerson(base, { typo: true } as never)).toThrow(/unknown option "typo"/);
    expect(() => validatePerson(base, 'strict' as never)).toThrow(PadanError);
    try {
      validatePerson(base, { checkNik: 'yes' } as never);
    } catch (error) {
      expect((error as PadanError).code).toBe('invalid-config');
    }
  });
});

describe('personSchema (raw zod form)', () => {
  it('gives the same value as validatePerson', () => {
    const input = { ...base, sex: 'L', nik: '1234.5678.9012.3456', desil: 2 };
    expect(personSchema.parse(input)).toEqual(valueOf(input).value);
  });
});
