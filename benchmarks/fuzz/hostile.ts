/**
 * Hostile inputs for the fuzz benchmark: random unicode, huge strings, deep nesting, prototype keys,
 * wrong types, NaN, NUL, bidi marks, full-width digits, and NIKs written every way (so a message that
 * echoes one is caught). Plausible records are built from the same pieces, so inputs reach past the
 * first type check into validation, matching and merging.
 */
import * as fc from './gen.js';

/** A NIK-shaped number: a real province/regency prefix, a plausible date, a serial. */
export const plantedNik = fc
  .tuple(
    fc.constantFrom('3201', '3578', '1101', '9101', '6471', '3174'),
    fc.integer({ min: 1, max: 99 }),
    fc.integer({ min: 1, max: 71 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 1, max: 9999 }),
  )
  .map(([regency, district, day, month, year, serial]) => regency + pad(district, 2) + pad(day, 2) + pad(month, 2) + pad(year, 2) + pad(serial, 4));

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const SEPARATORS = ['', ' ', '.', '-', '_', '/', '\t', '\u00a0', '\u200b', '\u200f', '\u202e', '\u3000', '\uff0e', '\u2013', '\n'];
const DIGIT_ZEROS = [48, 0xff10, 0x0660, 0x06f0, 0x0966, 0x1d7ce];
/** The ten digits of each script, by the code point of its zero. */
const DIGITS = new Map(DIGIT_ZEROS.map((zero) => [zero, Array.from({ length: 10 }, (_, d) => String.fromCodePoint(zero + d))]));

/** A 16-digit identifier written with separators and digits of another script. */
export const writtenNik = fc
  .tuple(plantedNik, fc.constantFrom(...SEPARATORS), fc.constantFrom(...DIGIT_ZEROS), fc.constantFrom(4, 6, 1))
  .map(([nik, separator, zero, group]) => {
    const digits = DIGITS.get(zero) as readonly string[];
    let out = '';
    for (let i = 0; i < nik.length; i++) {
      out += digits[nik.charCodeAt(i) - 48];
      if (i < 15 && (i + 1) % group === 0) out += separator;
    }
    return out;
  });

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'valueOf', 'toString', 'hasOwnProperty', 'toJSON', 'then', 'length'] as const;

const SPECIAL_STRINGS = [
  '',
  ' ',
  '\0',
  'a\0b',
  '\u202e',
  '\u200f\u200e',
  '\ufeff',
  '\ud800',
  '\udfff',
  'NaN',
  'Infinity',
  '-0',
  'null',
  'undefined',
  '[object Object]',
  ...PROTOTYPE_KEYS,
  'Jl. Mawar RT 07\u200b RW 05',
  'RT 0\u200b7 / RW ０５',
  '１２３',
  '٣٢٠١',
  '𝟑𝟐',
  'SITI\u0301',
  'Ｓｉｔｉ',
  'Muhammad',
  '1990-02-30',
  '0000-00-00',
  '9999-99-99',
  '31/12/1990',
  '1990',
  '2024-03-01T00:00:00Z',
  'L',
  'P',
  'x-',
  'x-custom',
];

/**
 * How often the rare, dear classes come up (huge strings, 20,000-level nests). A full run of a million
 * inputs per entry point lowers them: a thousand huge strings per entry point test as much as ten thousand.
 */
export const fuzzProfile = { hugeWeight: 1, nestWeight: 1 };

const HUGE_UNITS = ['A', ' ', '1', '1 ', 'ab ', '\u200b', 'RT ', '3201015205900001 ', '𝟑', '\0'];
const HUGE_LENGTHS = [100_000, 400_000, 2_000_000];
let hugePool: string[] | undefined;

/** Very long strings, a hundred kilobytes to two megabytes, built once per process and shared. */
export const hugeString: fc.Arbitrary<string> = fc.from((rng) => {
  hugePool ??= HUGE_UNITS.flatMap((unit) => HUGE_LENGTHS.map((length) => unit.repeat(Math.ceil(length / unit.length))));
  return hugePool[rng.below(hugePool.length)] as string;
});

const pieces = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
  { weight: 3, arbitrary: writtenNik },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9 ./_-]{1,24}$/) },
);
const joinedPieces = fc.array(pieces, { maxLength: 5 }).map((parts) => parts.join(''));

/** A hostile string: random unicode with planted NIKs, special values, bidi marks; sometimes huge. */
export const hostileString: fc.Arbitrary<string> = fc.from((rng) => {
  const x = rng.float() * (80 + fuzzProfile.hugeWeight);
  if (x < 60) return joinedPieces.generate(rng);
  if (x < 80) return pieces.generate(rng);
  return hugeString.generate(rng);
});

const hostileNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 2 ** 53, 3201015205900001, Number.MAX_VALUE, Number.MIN_VALUE, 1e21, 32, 1e9),
  fc.double(),
  fc.integer(),
);

/** Nests a value `depth` levels deep in arrays or objects (deep enough to break recursive code). */
export function nest(value: unknown, depth: number, asArray: boolean): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = asArray ? [out] : { a: out };
  return out;
}

/** An object that has an own property with a dangerous key, set the way JSON.parse would. */
export function withOwnKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const NEST_DEPTHS = [100, 1_000, 5_000, 20_000];
const NEST_INNER: readonly unknown[] = ['3201015205900001', { valueOf: 1 }, undefined, 'x'];
let nestPool: unknown[] | undefined;

/** Values nested 100 to 20,000 levels deep in arrays or objects, built once per process and shared. */
const deepNest: fc.Arbitrary<unknown> = fc.from((rng) => {
  nestPool ??= NEST_DEPTHS.flatMap((depth) => NEST_INNER.flatMap((inner) => [nest(inner, depth, true), nest(inner, depth, false)]));
  return nestPool[rng.below(nestPool.length)];
});

/** Any value, hostile: wrong types, special numbers, prototype keys, deep nesting, typed arrays. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => {
  const value = fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: hostileString },
    { weight: 3, arbitrary: hostileNumber },
    { weight: 2, arbitrary: fc.constantFrom(null, undefined, true, false, 0n, 10n ** 30n, Symbol('s')) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        new Date(NaN),
        new Date(0),
        Uint16Array.from([65]),
        new Uint8Array(16),
        new Map([['a', 1]]),
        new Set([1]),
        /x/,
        () => 1,
        Object.create(null),
      ),
    },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 2, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...PROTOTYPE_KEYS)), tie('value'), { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), tie('value')).map(([key, v]) => withOwnKey({}, key, v)) },
  );
  // Deep nests at their own rate (fuzzProfile), outside the weights above.
  return { value: fc.from((rng) => (rng.depth < 3 && rng.float() * 17 < fuzzProfile.nestWeight ? deepNest.generate(rng) : value.generate(rng))) };
}).value;

/** Either a plausible value or a hostile one (hostile a quarter of the time). */
export function mostly<T>(plausible: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: hostileValue });
}

const isoDate = fc
  .tuple(fc.integer({ min: 1900, max: 2030 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 31 }))
  .map(([y, m, d]) => `${y}-${pad(m, 2)}-${pad(d, 2)}`);
const names = fc.constantFrom(
  'Siti Aminah',
  'SITI AMINAH',
  'Hj. Siti Noer Djanah binti Abdoel',
  'M. Rizki',
  'Muhammad Rizky',
  'Budi Santoso',
  'BUDI SANTOSA',
  'Ni Made Ayu',
  'Joesoef',
  'A',
  '',
);
const sources = fc.constantFrom('dtks', 'regsosek', 'p3ke', 'housing', 'dukcapil', 'musrenbang', 'citizen', 'DTKS', 'x-desk');

/** A person record whose fields are each plausible or hostile; the recordId is sometimes a NIK. */
export const hostilePersonRecord: fc.Arbitrary<unknown> = fc
  .record(
    {
      source: mostly(sources),
      recordId: fc.oneof(fc.stringMatching(/^[A-Z][0-9]{1,4}$/), writtenNik, hostileValue),
      observedAt: mostly(isoDate),
      channel: mostly(
        fc.constantFrom(
          { kind: 'registry' },
          { kind: 'survey' },
          { kind: 'citizen', action: 'correction', status: 'pending' },
          { kind: 'formal', level: 'village' },
        ),
      ),
      name: mostly(fc.oneof(names, hostileString)),
      nik: mostly(fc.oneof(writtenNik, plantedNik)),
      kk: mostly(plantedNik),
      sex: mostly(fc.constantFrom('L', 'P', 'male', 'female', '1', '2', ...PROTOTYPE_KEYS)),
      birthDate: mostly(isoDate),
      birthPlace: mostly(fc.constantFrom('Bogor', 'JAKARTA')),
      motherName: mostly(names),
      relationship: mostly(fc.constantFrom('head', 'spouse', 'child', 'anak', ...PROTOTYPE_KEYS)),
      maritalStatus: mostly(fc.constantFrom('married', 'kawin', 'single', ...PROTOTYPE_KEYS)),
      address: mostly(
        fc.record(
          {
            street: mostly(fc.constantFrom('Jl. Mawar', 'Jl. Mawar RT 07\u200b RW 05')),
            rt: mostly(fc.constantFrom('7', '007')),
            rw: mostly(fc.constantFrom('5', '05')),
            villageCode: mostly(fc.constantFrom('3201011001', '3201011')),
          },
          { requiredKeys: [] },
        ),
      ),
      meta: hostileValue,
    },
    { requiredKeys: ['source', 'recordId', 'name'] },
  )
  .chain((record) =>
    fc
      .option(fc.constantFrom(...PROTOTYPE_KEYS), { freq: 6 })
      .map((key) => (key === null ? record : withOwnKey(record as Record<string, unknown>, key, { valueOf: 1 }))),
  );

/** A list of person records, with duplicate identities now and then. */
export function hostileRecords(maxLength: number): fc.Arbitrary<unknown[]> {
  return fc
    .array(hostilePersonRecord, { maxLength })
    .chain((records) => fc.boolean().map((duplicate) => (duplicate && records.length > 0 ? [...records, records[0]] : records)));
}

/** An options object: known option names with hostile values, unknown names, or a hostile value. */
export function hostileOptions(known: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.dictionary(known.length > 0 ? fc.constantFrom(...known) : fc.string(), hostileValue, { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(writtenNik, fc.constantFrom(...PROTOTYPE_KEYS)), hostileValue, { maxKeys: 2 }) },
    { weight: 1, arbitrary: hostileValue },
  );
}
