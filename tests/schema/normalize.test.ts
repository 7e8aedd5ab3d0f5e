import { describe, expect, it } from 'vitest';
import {
  booleanNormalizer,
  categoryNormalizer,
  digitCodeNormalizer,
  fullDateNormalizer,
  identifierNormalizer,
  nameNormalizer,
  normalizePlnPower,
  normalizeRecordId,
  normalizeSex,
  normalizeSource,
  partialDateNormalizer,
  positiveNumberNormalizer,
  Problem,
  readRtRw,
  rtRwNormalizer,
} from '../../src/schema/normalize.js';
import { validateDwelling } from '../../src/schema/validate.js';

// All identifiers below are synthetic digit strings, not real NIK/KK numbers.
const nik = identifierNormalizer('NIK', 'schema/invalid-nik');

function codeOf(value: unknown): string | undefined {
  return value instanceof Problem ? value.code : undefined;
}

describe('identifier normalizer (NIK / KK)', () => {
  it('keeps 16 digits and strips spaces, dots, dashes', () => {
    expect(nik('1234567890123456')).toBe('1234567890123456');
    expect(nik('1234 5678 9012 3456')).toBe('1234567890123456');
    expect(nik('12.34.56.789012.3456')).toBe('1234567890123456');
    expect(nik(' 1234-5678-9012-3456 ')).toBe('1234567890123456');
  });
  it('treats blank as missing', () => {
    expect(nik('')).toBeNull();
    expect(nik('  - ')).toBeNull();
    expect(nik(null)).toBeNull();
  });
  it('rejects wrong length and numbers, with a masked message', () => {
    const short = nik('123456789012345');
    expect(codeOf(short)).toBe('schema/invalid-nik');
    expect((short as Problem).message).not.toMatch(/\d{5}/);
    expect(codeOf(nik(1234567890123456))).toBe('nik/damaged-by-spreadsheet');
    expect(codeOf(nik('12345678901234AB'))).toBe('schema/invalid-nik');
    expect(codeOf(nik({}))).toBe('schema/invalid-type');
  });
});

describe('names and text', () => {
  const name = nameNormalizer('name');
  it('trims and collapses whitespace', () => {
    expect(name('  Siti   Aminah ')).toBe('Siti Aminah');
    expect(name('Budi\tSantoso')).toBe('Budi Santoso');
    expect(name('Budi')).toBe('Budi');
  });
  it('requires a non-blank name', () => {
    expect(codeOf(name('   '))).toBe('schema/required');
    expect(codeOf(name(undefined))).toBe('schema/required');
    expect(codeOf(name(42))).toBe('schema/invalid-type');
  });
});

describe('dates', () => {
  const birth = partialDateNormalizer('birthDate');
  it('accepts YYYY-MM-DD, YYYY-MM and YYYY', () => {
    expect(birth('1990-01-31')).toBe('1990-01-31');
    expect(birth('1990-07')).toBe('1990-07');
    expect(birth(' 1990 ')).toBe('1990');
    expect(birth('')).toBeNull();
  });
  it('rejects dates that are not on the calendar', () => {
    expect(codeOf(birth('2023-02-29'))).toBe('schema/invalid-date');
    expect(birth('2024-02-29')).toBe('2024-02-29');
    expect(birth('2000-02-29')).toBe('2000-02-29');
    expect(codeOf(birth('1900-02-29'))).toBe('schema/invalid-date');
    expect(codeOf(birth('1990-04-31'))).toBe('schema/invalid-date');
    expect(codeOf(birth('1990-13'))).toBe('schema/invalid-date');
    expect(codeOf(birth('1990-00-10'))).toBe('schema/invalid-date');
    expect(codeOf(birth('0000'))).toBe('schema/invalid-date');
    expect(codeOf(birth('31-13-1990'))).toBe('schema/invalid-date');
  });
  it('observedAt needs a full date', () => {
    const observed = fullDateNormalizer('observedAt');
    expect(observed('2024-03-01')).toBe('2024-03-01');
    expect(codeOf(observed('2024-03'))).toBe('schema/invalid-date');
    expect(codeOf(observed(undefined))).toBe('schema/required');
  });
});

describe('sex', () => {
  it.each([
    ['L', 'male'],
    ['P', 'female'],
    ['l', 'male'],
    ['M', 'male'],
    ['F', 'female'],
    ['male', 'male'],
    ['Female', 'female'],
    ['Laki-laki', 'male'],
    ['PEREMPUAN', 'female'],
    ['1', 'male'],
    ['2', 'female'],
    [1, 'male'],
    [2, 'female'],
    ['LK', 'male'],
    ['PR', 'female'],
  ] as const)('%s → %s', (input, expected) => {
    expect(normalizeSex(input)).toBe(expected);
  });
  it('blank is missing, anything else an error', () => {
    expect(normalizeSex(' ')).toBeNull();
    expect(codeOf(normalizeSex('X'))).toBe('schema/invalid-sex');
    expect(codeOf(normalizeSex(3))).toBe('schema/invalid-sex');
  });
});

describe('RT / RW', () => {
  const rt = rtRwNormalizer('RT');
  it('pads to three digits', () => {
    expect(rt(3)).toBe('003');
    expect(rt('3')).toBe('003');
    expect(rt('03')).toBe('003');
    expect(rt('003')).toBe('003');
    expect(rt('0012')).toBe('012');
    expect(rt(120)).toBe('120');
    expect(rt('')).toBeNull();
  });
  it('rejects what is not a 1–3 digit number', () => {
    expect(codeOf(rt('1000'))).toBe('schema/invalid-rt-rw');
    expect(codeOf(rt(3.5))).toBe('schema/invalid-rt-rw');
    expect(codeOf(rt(-1))).toBe('schema/invalid-rt-rw');
    expect(codeOf(rt('3a'))).toBe('schema/invalid-rt-rw');
  });
  it('reads no RT/RW from a text longer than 64 characters (a 2 MB one took 45 s: fuzz seed 18, validateBatch input 630)', () => {
    // Before, the whole text was cut into one token per character before the first was looked at.
    const padded = `RT 007${' '.repeat(60)}RW 005`;
    expect(readRtRw(padded, 'rt')).toBeUndefined();
    expect(codeOf(rt(padded))).toBe('schema/invalid-rt-rw');
    expect(readRtRw('RT. 007 / RW. 005', 'rt')).toEqual({ rt: '007', rw: '005' });
    const rw = rtRwNormalizer('RW');
    expect(codeOf(rw('A'.repeat(2_000_000)))).toBe('schema/invalid-rt-rw');
    const dwelling = validateDwelling({
      source: 'dtks',
      recordId: 'D1',
      observedAt: '2024-01-01',
      channel: { kind: 'registry' },
      address: { rt: '7', rw: 'A'.repeat(2_000_000) },
    });
    expect(dwelling.success).toBe(true);
    expect(dwelling.success && dwelling.value.address?.rw).toBeUndefined();
  });
});

describe('region and postal codes', () => {
  it('accepts the dotted Kepmendagri form', () => {
    expect(digitCodeNormalizer('villageCode', 10)('32.01.01.2001')).toBe('3201012001');
    expect(digitCodeNormalizer('provinceCode', 2)(32)).toBe('32');
    expect(codeOf(digitCodeNormalizer('districtCode', 6)('32010'))).toBe('schema/invalid-code');
  });
});

describe('categories', () => {
  const roof = categoryNormalizer('roof', ['concrete', 'zinc', 'other'] as const, { extensible: true, aliases: { seng: 'zinc' } });
  it('accepts codes, aliases and caller x- values, case-insensitively', () => {
    expect(roof('zinc')).toBe('zinc');
    expect(roof(' Seng ')).toBe('zinc');
    expect(roof('CONCRETE')).toBe('concrete');
    expect(roof('x-daun-nipah')).toBe('x-daun-nipah');
    expect(roof('')).toBeNull();
  });
  it('rejects unknown values and x- values when the list is closed', () => {
    expect(codeOf(roof('thatch'))).toBe('schema/invalid-category');
    const closed = categoryNormalizer('relationship', ['head'] as const, { extensible: false });
    expect(codeOf(closed('x-boarder'))).toBe('schema/invalid-category');
  });
});

describe('numbers, PLN power, flags, envelope', () => {
  const area = positiveNumberNormalizer('floorAreaM2', 100_000);
  it('parses floor area with comma or dot', () => {
    expect(area('36,5')).toBe(36.5);
    expect(area(36)).toBe(36);
    expect(codeOf(area(0))).toBe('schema/invalid-number');
    expect(codeOf(area('abc'))).toBe('schema/invalid-number');
  });
  it('maps PLN power to its class', () => {
    expect(normalizePlnPower(900)).toBe('va-900');
    expect(normalizePlnPower('1300 VA')).toBe('va-1300');
    expect(normalizePlnPower('450 watt')).toBe('va-450');
    expect(normalizePlnPower(3500)).toBe('va-above-2200');
    expect(normalizePlnPower('va-2200')).toBe('va-2200');
    expect(codeOf(normalizePlnPower(1000))).toBe('schema/invalid-category');
  });
  it('reads yes/no flags', () => {
    const flag = booleanNormalizer('deceased');
    expect(flag('Ya')).toBe(true);
    expect(flag('tidak')).toBe(false);
    expect(flag(0)).toBe(false);
    expect(codeOf(flag('maybe'))).toBe('schema/invalid-type');
  });
  it('lowercases sources and stringifies numeric record ids', () => {
    expect(normalizeSource(' DTKS ')).toBe('dtks');
    expect(normalizeSource('bansos-kab_bogor')).toBe('bansos-kab_bogor');
    expect(codeOf(normalizeSource('my source'))).toBe('schema/invalid-source');
    expect(normalizeRecordId(42)).toBe('42');
    expect(codeOf(normalizeRecordId(2 ** 60))).toBe('schema/invalid-type');
    expect(codeOf(normalizeRecordId(' '))).toBe('schema/required');
  });
});
