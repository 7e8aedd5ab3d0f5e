import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DWELLING_FIELDS, dwellingSchema, HOUSING_NORMALIZERS } from '../../src/schema/dwelling.js';
import { FAMILY_FIELDS, familySchema } from '../../src/schema/family.js';
import { parseDwellingFast } from '../../src/schema/parseDwellingFast.js';
import { parseFamilyFast } from '../../src/schema/parseFamilyFast.js';

// parseFamilyFast / parseDwellingFast against zod, on generated synthetic records (random digits,
// invented names): whatever the fast path accepts, zod accepts with the same value, the same keys
// (absent stays absent, `undefined` stays `undefined`) in the same order.

const digits16 = fc.stringMatching(/^\d{16}$/);
const separated = digits16.chain((d) =>
  fc.constantFrom(d, `${d.slice(0, 4)} ${d.slice(4, 8)} ${d.slice(8, 12)} ${d.slice(12)}`, `${d.slice(0, 6)}.${d.slice(6, 12)}.${d.slice(12)}`, ` ${d} `),
);
const name = fc
  .tuple(fc.array(fc.constantFrom('Siti', 'Budi', 'Dewi', 'Agus', "Ma'ruf", 'Hj.'), { minLength: 1, maxLength: 3 }), fc.constantFrom('', ' ', '  '))
  .map(([words, pad]) => `${pad}${words.join(pad === '' ? ' ' : '  ')}${pad}`);
const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const channel = fc.oneof(
  fc.constant({ kind: 'registry' }),
  fc.constant({ kind: 'survey' }),
  fc.record({ kind: fc.constant('formal'), verificationLevel: fc.constantFrom('village', 'national') }),
  fc.record(
    {
      kind: fc.constant('citizen'),
      action: fc.constantFrom('proposal', 'objection'),
      status: fc.constantFrom('pending', 'rejected'),
      fields: fc.array(fc.constantFrom('kk', ' housing.roofMaterial ')),
    },
    { requiredKeys: ['kind', 'action', 'status'] },
  ),
);
// RT/RW as exports write them too (issue 16).
const rtRw = fc.oneof(
  fc.integer({ min: 0, max: 999 }),
  fc.integer({ min: 0, max: 999 }).map(String),
  fc.constant(null),
  fc.constantFrom('RT 007', 'RT.07', 'RT 07/RW 05', '007/005', '07/05', 'RT07RW05', 'RT: 7'),
);
const address = fc.record(
  {
    provinceCode: fc.constantFrom('32', '33', '32.'),
    regencyCode: fc.constantFrom('3201', '32.01'),
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
const envelope = fc.record({
  source: fc.constantFrom('dukcapil', 'HOUSING', ' dtks ', 'bansos-kab_x'),
  recordId: fc.oneof(
    fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== ''),
    fc.nat(),
  ),
  observedAt: fc.oneof(isoDate, fc.constantFrom('2024-03-01T10:00:00Z', '2024-03-01 23:15:00+07:00', '01-03-2024', '20240301')),
  channel,
});
const extra = fc.dictionary(
  fc.string({ maxLength: 6 }).filter((k) => k !== '__proto__'),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);
/** `undefined` given as a value: zod keeps the key, so must the fast path. */
const orUndefined = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ arbitrary, weight: 6 }, { arbitrary: fc.constant(undefined), weight: 1 });

function withUnknownFields<T extends Record<string, unknown>>(record: fc.Arbitrary<T>, known: ReadonlySet<string>) {
  const unknownKey = fc.string({ minLength: 1, maxLength: 8 }).filter((key) => !known.has(key) && key !== '__proto__');
  return fc.tuple(record, fc.dictionary(unknownKey, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 })).map(([fields, unknown]) => {
    // Unknown fields must not collide with different values the caller already put in extra.
    const given = fields['extra'] as Record<string, unknown> | undefined;
    const kept = given === undefined ? undefined : Object.fromEntries(Object.entries(given).filter(([key]) => !(key in unknown)));
    return { ...fields, ...(kept === undefined ? {} : { extra: kept }), ...unknown };
  });
}

const validFamily = withUnknownFields(
  fc
    .tuple(
      envelope,
      fc.record(
        {
          headNik: orUndefined(fc.oneof(separated, fc.constantFrom(null, '', ' - '))),
          headName: orUndefined(fc.oneof(name, fc.constant(null))),
          memberNiks: orUndefined(fc.array(separated, { maxLength: 6 })),
          address: orUndefined(fc.oneof(address, fc.constant(null))),
          extra,
        },
        { requiredKeys: [] },
      ),
      separated,
    )
    .map(([head, fields, kk]) => ({ ...head, kk, ...fields }) as Record<string, unknown>),
  FAMILY_FIELDS,
);

const housing = fc.record(
  {
    ownership: orUndefined(fc.constantFrom('owned', 'Milik Sendiri', 'kontrak', ' SEWA ', 'x-adat', null, '')),
    floorAreaM2: orUndefined(fc.constantFrom(36, 36.5, '36,5', ' 120 ', '7.25', null, '')),
    floorMaterial: orUndefined(fc.constantFrom('ceramic', 'Keramik', 'tanah', 'x-vinyl', null)),
    wallMaterial: orUndefined(fc.constantFrom('masonry', 'tembok', 'Anyaman  Bambu', null)),
    roofMaterial: orUndefined(fc.constantFrom('zinc', 'seng', 'GENTENG', 'x-daun-nipah', null)),
    drinkingWaterSource: orUndefined(fc.constantFrom('refill', 'air isi ulang', 'Sumur Bor', null)),
    toiletFacility: orUndefined(fc.constantFrom('private', 'Shared', 'none', null)),
    toiletType: orUndefined(fc.constantFrom('gooseneck', 'leher angsa', 'cubluk', null)),
    excretaDisposal: orUndefined(fc.constantFrom('septic-tank', 'tangki septik', 'IPAL', null)),
    lightingSource: orUndefined(fc.constantFrom('pln-metered', 'listrik PLN dengan meteran', 'non-pln', null)),
    plnPower: orUndefined(fc.constantFrom(450, 900, '900 VA', '1300 watt', 'va-2200', 3500, 'x-solar', null, '')),
    cookingFuel: orUndefined(fc.constantFrom('lpg-3kg', 'elpiji 3 kg', 'Kayu Bakar', 'X-Pellet', null)),
  },
  { requiredKeys: [] },
);

const validDwelling = withUnknownFields(
  fc
    .tuple(
      envelope,
      fc.record(
        {
          dwellingId: orUndefined(fc.constantFrom(' B-0012 ', 'R-1', '', null)),
          headNik: orUndefined(fc.oneof(separated, fc.constantFrom(null, ''))),
          headName: orUndefined(fc.oneof(name, fc.constant(null))),
          kks: orUndefined(fc.array(separated, { maxLength: 3 })),
          address: orUndefined(fc.oneof(address, fc.constant(null))),
          housing: orUndefined(fc.oneof({ arbitrary: housing, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 })),
          extra,
        },
        { requiredKeys: [] },
      ),
    )
    .map(([head, fields]) => ({ ...head, ...fields }) as Record<string, unknown>),
  DWELLING_FIELDS,
);

/** Values that are wrong somewhere, or right in an unusual way. */
const garbage = fc.oneof(
  fc.anything(),
  fc.constantFrom('', ' ', '12', '3201-0101-0190-0001', 'x-', 'X-Ok', 'milik sendiri', '0', -1, 0, 1e9, NaN, [], {}, null, undefined),
);

/** A valid record with one field (top-level, or inside address / housing / an identifier list) replaced by garbage. */
function mutated(valid: fc.Arbitrary<Record<string, unknown>>, fields: ReadonlySet<string>) {
  const where = fc.oneof(
    fc.constantFrom(...fields, 'x').map((key) => [key] as const),
    fc.constantFrom('rt', 'villageCode', 'street', 'colour').map((key) => ['address', key] as const),
    fc.constantFrom(...Object.keys(HOUSING_NORMALIZERS), 'colour').map((key) => ['housing', key] as const),
    fc.constantFrom(0, 1).map((index) => [fields.has('kks') ? 'kks' : 'memberNiks', index] as const),
  );
  return fc.tuple(valid, where, garbage).map(([record, path, value]) => {
    const [head, inner] = path;
    if (inner === undefined) return { ...record, [head]: value };
    const parent = record[head];
    const container = Array.isArray(parent) ? [...(parent as unknown[])] : typeof parent === 'object' && parent !== null ? { ...parent } : {};
    (container as Record<string | number, unknown>)[inner] = value;
    return { ...record, [head]: container };
  });
}

/** Every key of a value, nested, in order (toStrictEqual does not look at key order). */
function keyOrder(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => [`${path}.${key}`, ...keyOrder((value as Record<string, unknown>)[key], `${path}.${key}`)]);
}

function agree(fast: unknown, zod: { success: boolean; data?: unknown }): void {
  if (fast === undefined) return;
  expect(zod.success).toBe(true);
  expect(fast).toStrictEqual(zod.data);
  expect(keyOrder(fast)).toEqual(keyOrder(zod.data));
}

describe('family and dwelling fast paths agree with zod', () => {
  it('family: same value, keys and key order whenever the fast path accepts', () => {
    const anyFamily = fc.oneof(validFamily, mutated(validFamily, FAMILY_FIELDS), fc.anything());
    fc.assert(
      fc.property(anyFamily, (input) => agree(parseFamilyFast(input), familySchema.safeParse(input))),
      { numRuns: 2000 },
    );
  });

  it('dwelling: same value, keys and key order whenever the fast path accepts', () => {
    const anyDwelling = fc.oneof(validDwelling, mutated(validDwelling, DWELLING_FIELDS), fc.anything());
    fc.assert(
      fc.property(anyDwelling, (input) => agree(parseDwellingFast(input), dwellingSchema.safeParse(input))),
      { numRuns: 2000 },
    );
  });

  it('the fast paths take generated valid records (so the speed-up is real)', () => {
    fc.assert(
      fc.property(validFamily, (input) => parseFamilyFast(input) !== undefined),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(validDwelling, (input) => parseDwellingFast(input) !== undefined),
      { numRuns: 500 },
    );
  });

  it('lists of every length, past the exact-size limit too, come out as zod makes them', () => {
    for (const length of [0, 1, 4, 16_384, 16_385, 20_000]) {
      const kks = Array.from({ length }, (_, i) => `3201 0101 ${String(i).padStart(8, '0')}`);
      const input = { source: 'housing', recordId: `R${length}`, observedAt: '2024-02-10', channel: { kind: 'survey' }, kks };
      const fast = parseDwellingFast(input);
      expect(fast?.kks).toHaveLength(length);
      agree(fast, dwellingSchema.safeParse(input));
    }
  });
});
