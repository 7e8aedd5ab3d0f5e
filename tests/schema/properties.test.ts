import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePersonFast } from '../../src/schema/parsePersonFast.js';
import { PERSON_FIELDS, personSchema } from '../../src/schema/person.js';
import { validateBatch, validateDwelling, validateFamily, validatePerson } from '../../src/schema/validate.js';

// Laws of record validation, on generated synthetic records (random digits, invented names).

const digits16 = fc.stringMatching(/^\d{16}$/);
const separated = digits16.chain((d) =>
  fc.constantFrom(
    d,
    `${d.slice(0, 4)} ${d.slice(4, 8)} ${d.slice(8, 12)} ${d.slice(12)}`,
    `${d.slice(0, 6)}.${d.slice(6, 12)}.${d.slice(12)}`,
    `${d.slice(0, 8)}-${d.slice(8)}`,
    ` ${d} `,
  ),
);
// Titles as sources write them (issue 16: taken out of the name into `titles`), and words that only look like them.
const titleWord = fc.constantFrom(
  'Hj.',
  'H.',
  'HJ',
  'Dr.',
  'DRS',
  'Ir',
  'Prof.Dr.',
  'S.Pd.',
  ', S.Pd',
  ', SE',
  'S. Pd',
  'M.Si',
  '(Alm)',
  'Almh.',
  'SE',
  'H',
  'Haji',
  'S-PD',
);
const name = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('Siti', 'Budi', 'Dewi', 'Agus', 'Muhammad', 'Nur', "Ma'ruf", 'binti', 'M.') },
        { weight: 1, arbitrary: titleWord },
      ),
      { minLength: 1, maxLength: 5 },
    ),
    fc.constantFrom('', ' ', '  '),
  )
  .map(([words, pad]) => `${pad}${words.join(pad === '' ? ' ' : '  ')}${pad}`);
const titles = fc.array(fc.constantFrom('Hj.', ' S.Pd. ', 'M.Pd.', 'Dr.'), { maxLength: 3 });
const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const birthDate = fc.tuple(isoDate, fc.constantFrom(4, 7, 10)).map(([d, length]) => d.slice(0, length));
const channel = fc.oneof(
  fc.constant({ kind: 'registry' }),
  fc.constant({ kind: 'survey' }),
  fc.record({ kind: fc.constant('formal'), verificationLevel: fc.constantFrom('village', 'district', 'regency', 'province', 'national') }),
  fc.record(
    {
      kind: fc.constant('citizen'),
      action: fc.constantFrom('proposal', 'correction', 'objection'),
      status: fc.constantFrom('pending', 'accepted', 'rejected'),
      fields: fc.array(fc.constantFrom('name', ' address ', 'housing.roofMaterial')),
    },
    { requiredKeys: ['kind', 'action', 'status'] },
  ),
);
const rtRw = fc.oneof(
  fc.integer({ min: 0, max: 999 }),
  fc.integer({ min: 0, max: 999 }).map((n) => String(n)),
  fc.integer({ min: 1, max: 99 }).map((n) => String(n).padStart(3, '0')),
  fc.constant(null),
);
const address = fc.record(
  {
    provinceCode: fc.constantFrom('32', '33', '94', '32.'),
    regencyCode: fc.constantFrom('3201', '32.01', '3301'),
    districtCode: fc.constantFrom('320101', '32.01.01'),
    villageCode: fc.constantFrom('3201012001', '32.01.01.2001'),
    rt: rtRw,
    rw: rtRw,
    street: fc.constantFrom('Jl. Contoh', '  Gg. Mawar  ', ''),
    postalCode: fc.constantFrom('16911', null),
    text: fc.constantFrom('Kp. Contoh RT 1 RW 2', null),
  },
  { requiredKeys: [] },
);
const unknownKey = fc.string({ minLength: 1, maxLength: 8 }).filter((key) => !PERSON_FIELDS.has(key) && key !== '__proto__');

/** Records that must be valid, in the many spellings sources use. */
const validPerson = fc
  .tuple(
    fc.record(
      {
        source: fc.constantFrom('dtks', 'REGSOSEK', ' p3ke ', 'bansos-kab_x'),
        recordId: fc.oneof(
          fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== ''),
          fc.nat(),
        ),
        observedAt: isoDate,
        channel,
        name,
      },
      { requiredKeys: ['source', 'recordId', 'observedAt', 'channel', 'name'] },
    ),
    fc.record(
      {
        nik: fc.oneof(separated, fc.constantFrom(null, '', ' - ')),
        kk: fc.oneof(separated, fc.constant(null)),
        sex: fc.constantFrom('L', 'P', 'M', 'F', 'male', 'female', '1', '2', 1, 2, 'Laki-laki', 'perempuan', null),
        birthDate: fc.oneof(birthDate, fc.constant(null)),
        birthDatePlaceholder: fc.constantFrom(true, false, 'ya', 0, null),
        birthPlace: fc.constantFrom('Bogor', ' Kab. Bandung ', null),
        motherName: fc.oneof(name, fc.constant(null)),
        relationship: fc.constantFrom('head', 'spouse', 'Anak', 'cucu', 'other-relative', null),
        maritalStatus: fc.constantFrom('single', 'Kawin', 'cerai mati', null),
        deceased: fc.constantFrom(true, false, 'tidak', null),
        titles,
        address: fc.oneof(address, fc.constant(null)),
        extra: fc.dictionary(
          fc.string({ maxLength: 6 }).filter((k) => k !== '__proto__'),
          fc.jsonValue({ maxDepth: 2 }),
          { maxKeys: 3 },
        ),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(unknownKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  )
  .map(([envelope, fields, unknown]) => {
    // Unknown fields must not collide with different values the caller already put in extra.
    const extra = fields.extra === undefined ? undefined : Object.fromEntries(Object.entries(fields.extra).filter(([key]) => !(key in unknown)));
    return { ...envelope, ...fields, ...(extra === undefined ? {} : { extra }), ...unknown };
  });

/** Anything: garbage, and valid records with one field replaced by garbage. */
const anyPerson = fc.oneof(
  fc.anything(),
  fc.tuple(validPerson, fc.constantFrom(...PERSON_FIELDS, 'x'), fc.anything()).map(([record, key, value]) => ({ ...record, [key]: value })),
  validPerson,
);

const LEAK = /\d{16}|\d(?:[ .\-]?\d){15}/;

describe('record validation laws', () => {
  it('valid generated records pass, and validating the result changes nothing', () => {
    fc.assert(
      fc.property(validPerson, (input) => {
        const first = validatePerson(input);
        if (!first.success) throw new Error(JSON.stringify(first.issues));
        const second = validatePerson(first.value);
        expect(second.success).toBe(true);
        expect(second.success && second.value).toStrictEqual(first.value);
      }),
      { numRuns: 500 },
    );
  });

  it('every input is either valid or rejected with at least one error (nothing lost)', () => {
    fc.assert(
      fc.property(fc.array(anyPerson, { maxLength: 8 }), (inputs) => {
        for (const input of inputs) {
          const result = validatePerson(input);
          if (!result.success) expect(result.issues.some((issue) => issue.severity === 'error')).toBe(true);
          else expect(result.warnings.every((issue) => issue.severity === 'warning')).toBe(true);
          for (const validate of [validateFamily, validateDwelling]) {
            const other = validate(input);
            if (!other.success) expect(other.issues.some((issue) => issue.severity === 'error')).toBe(true);
          }
        }
        const batch = validateBatch(inputs, 'person');
        expect(batch.valid.length + batch.rejected.length).toBe(inputs.length);
        const indexes = [...batch.validIndexes, ...batch.rejected.map((rejection) => rejection.index)].sort((a, b) => a - b);
        expect(indexes).toEqual(inputs.map((_, index) => index));
      }),
      { numRuns: 300 },
    );
  });

  it('the fast path and zod agree: same value when both accept, and zod accepts whatever the fast path does', () => {
    fc.assert(
      fc.property(anyPerson, (input) => {
        const fast = parsePersonFast(input);
        const zod = personSchema.safeParse(input);
        if (fast !== undefined) {
          expect(zod.success).toBe(true);
          expect(fast).toStrictEqual(zod.data);
          // Same key order too: outputs are written as JSON, byte for byte.
          expect(Object.keys(fast)).toEqual(Object.keys(zod.data as object));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('the fast path takes generated valid records (so the speed-up is real)', () => {
    // Names with titles too: the fast path takes them out itself (issue 16), as zod does.
    fc.assert(
      fc.property(validPerson, (input) => parsePersonFast(input) !== undefined),
      { numRuns: 300 },
    );
  });

  it('no issue message contains a full 16-digit identifier, wherever the digits were put', () => {
    const identifier = fc.oneof(
      separated,
      fc.stringMatching(/^\d{15,20}$/),
      digits16.map((d) => `NIK ${d}`),
    );
    const planted = fc
      .tuple(
        validPerson,
        identifier,
        fc.constantFrom('nik', 'kk', 'name', 'source', 'recordId', 'birthDate', 'sex', 'relationship', 'channel', 'address', 'key', 'extraKey', 'nestedKey'),
      )
      .map(([record, value, where]) => {
        switch (where) {
          case 'key':
            return { ...record, [value]: 1, extra: { [value]: 2 } };
          case 'extraKey':
            return { ...record, extra: 5, [value]: 1 };
          case 'nestedKey':
            return { ...record, address: { [value]: 1, rt: value } };
          case 'channel':
            return { ...record, channel: { kind: value } };
          case 'address':
            return { ...record, address: { villageCode: value, rt: value, postalCode: value } };
          default:
            return { ...record, [where]: value };
        }
      });
    fc.assert(
      fc.property(planted, (input) => {
        const results = [
          validatePerson(input),
          validatePerson(input, { checkNik: true }),
          validatePerson(input, { malformedIds: 'keep-in-extra', checkNik: (nik) => [{ code: 'nik/x', path: [], message: `bad ${nik}`, severity: 'error' }] }),
          validateFamily({ ...input, kk: input.nik, memberNiks: [input.nik, input.kk] }),
          validateDwelling({ ...input, kks: [input.kk], housing: { roofMaterial: input.nik } }),
        ];
        for (const result of results) {
          for (const issue of result.success ? result.warnings : result.issues) expect(issue.message).not.toMatch(LEAK);
        }
      }),
      { numRuns: 500 },
    );
  });
});
