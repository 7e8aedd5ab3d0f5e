/**
 * Indonesian name pairs that look alike but name two different people: the forms a family gives its
 * sons and daughters, its first- and second-born, its twins. Read by `distinctNameSignal`; each entry
 * is written as the canonical tokens of `standardizeName` (1972 spelling, uppercase).
 */

/**
 * Male and female endings of one stem: SETIAWAN / SETIAWATI, SUGIARTO / SUGIARTI, SUPARNO / SUPARNI,
 * SUHARJO / SUHARJI (-O / -I). The stem must be at least {@link GENDERED_MIN_STEM} letters (one more
 * for the one-letter ending), so that short words (TO, NO) are not read as endings and a typo in a
 * short name (DEDO / DEDI) is not read as a sister.
 */
export const GENDERED_ENDINGS: readonly (readonly [male: string, female: string])[] = [
  ['WAN', 'WATI'],
  ['TO', 'TI'],
  ['NO', 'NI'],
  ['O', 'I'],
];

/** Shortest stem before a gendered ending. */
export const GENDERED_MIN_STEM = 3;

/** Whole words with a male and a female form (the -A / -I ending is not general: RIZKA, RIZKI). */
export const GENDERED_WORDS: readonly (readonly [male: string, female: string])[] = [
  ['PUTRA', 'PUTRI'],
  ['PUTERA', 'PUTERI'],
  ['SAPUTRA', 'SAPUTRI'],
  ['DEWA', 'DEWI'],
  ['PRATAMA', 'PRATAMI'],
];

/**
 * Birth-order names, by position in the family: Javanese–Sanskrit numerals (EKA 1, DWI 2, TRI 3,
 * CATUR 4, PANCA 5) and Balinese order names (WAYAN / PUTU / GEDE 1, MADE / KADEK / NENGAH 2,
 * NYOMAN / KOMANG 3, KETUT 4). Two different positions are two children.
 */
export const BIRTH_ORDER_NAMES: Readonly<Record<string, number>> = {
  EKA: 1,
  DWI: 2,
  TRI: 3,
  CATUR: 4,
  PANCA: 5,
  WAYAN: 1,
  PUTU: 1,
  GEDE: 1,
  MADE: 2,
  KADEK: 2,
  NENGAH: 2,
  NYOMAN: 3,
  KOMANG: 3,
  KETUT: 4,
};

/**
 * Names given to twins as a set: each set lists its members, each member its spellings. Two tokens
 * from different members of one set (HASAN and HUSEIN) are the two twins.
 */
export const TWIN_NAME_SETS: readonly (readonly (readonly string[])[])[] = [
  [
    ['HASAN', 'HASSAN', 'HASAN'],
    ['HUSEIN', 'HUSAIN', 'HUSIN', 'HUSEN', 'HUSSEIN', 'HUSSAIN'],
  ],
  [['NAKULA'], ['SADEWA', 'SAHADEWA']],
];
