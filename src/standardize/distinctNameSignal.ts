import { checkStrings } from '../_internal/arguments.js';
import { damerauLevenshteinDistance } from '../comparators/damerauLevenshteinDistance.js';
import { jaroWinklerSimilarity } from '../comparators/jaroWinklerSimilarity.js';
import { nameSimilarity } from '../comparators/nameSimilarity.js';
import { indonesianPhoneticKey } from './indonesianPhoneticKey.js';
import { BIRTH_ORDER_NAMES, GENDERED_ENDINGS, GENDERED_MIN_STEM, GENDERED_WORDS, TWIN_NAME_SETS } from './tables/distinctNames.js';

/**
 * Why two names belong to two people although they look alike:
 * - `gendered-form` — a male and a female form of one name (SETIAWAN / SETIAWATI, PUTRA / PUTRI);
 * - `birth-order` — two birth-order names of different positions (DWI / TRI, MADE / KETUT);
 * - `twin-names` — the two names of a twin set (HASAN / HUSEIN);
 * - `patronymic` — both carry a patronymic (bin / binti) and the fathers differ;
 * - `other-given-names` — they share a name (a family or common name) and every other full name of
 *   one is unlike every other full name of the other (MARIA ANJELINA LOMI / FRANSISKA SELVIANA LOMI).
 */
export type DistinctNameSignal = 'gendered-form' | 'birth-order' | 'twin-names' | 'patronymic' | 'other-given-names';

/** Every {@link DistinctNameSignal}, the table-driven ones first. */
export const DISTINCT_NAME_SIGNALS: readonly DistinctNameSignal[] = Object.freeze([
  'gendered-form',
  'birth-order',
  'twin-names',
  'patronymic',
  'other-given-names',
] as const);

const genderedWords: ReadonlyMap<string, string> = new Map(
  GENDERED_WORDS.flatMap(
    ([male, female]) =>
      [
        [male, female],
        [female, male],
      ] as const,
  ),
);
const twinMember: ReadonlyMap<string, { readonly set: number; readonly member: number }> = new Map(
  TWIN_NAME_SETS.flatMap((set, s) => set.flatMap((spellings, m) => spellings.map((spelling) => [spelling, { set: s, member: m }] as const))),
);
const birthOrder: ReadonlyMap<string, number> = new Map(Object.entries(BIRTH_ORDER_NAMES));

// Patronymics this similar, compared on phonetic keys (ARIF = ARIP), are one father written twice.
const SAME_FATHER = 0.9;
// Leftover given names this similar may be one name mistyped, so they are not "other" names.
const ALIKE = 0.8;
// Scratch: which tokens of each name the other also has (names have few tokens; longer ones are cut).
const MAX_TOKENS = 32;
const sharedA = new Uint8Array(MAX_TOKENS);
const sharedB = new Uint8Array(MAX_TOKENS);
const explainedA = new Uint8Array(MAX_TOKENS);
const explainedB = new Uint8Array(MAX_TOKENS);

/**
 * Why two standardized names (their canonical tokens, and their patronymics' tokens where written)
 * are two people's, or null when nothing says so. Only evidence of two people is reported: two names
 * that merely differ (TITIN / KOMANG) or differ by a typo are not signals. A rule a domain expert can
 * check against the tables in `tables/distinctNames.ts`.
 *
 * @example
 * distinctNameSignal(['BUDI', 'SETIAWAN'], ['BUDI', 'SETIAWATI']) // 'gendered-form'
 * distinctNameSignal(['I', 'MADE', 'SUDARMA'], ['I', 'KETUT', 'SUDARMA']) // 'birth-order'
 * distinctNameSignal(['AHMAD'], ['AHMAD'], ['ASHARI'], ['ASNAWI']) // 'patronymic'
 * distinctNameSignal(['MUHAMMAD', 'RIZKI'], ['MUHAMAD', 'RISKI']) // null (a variant, not two people)
 */
export function distinctNameSignal(
  a: readonly string[],
  b: readonly string[],
  patronymicA: readonly string[] = [],
  patronymicB: readonly string[] = [],
): DistinctNameSignal | null {
  // One typeof per token: cheap beside the comparisons below, which run once per compared pair.
  checkStrings(a, 'distinctNameSignal', 'a');
  checkStrings(b, 'distinctNameSignal', 'b');
  checkStrings(patronymicA, 'distinctNameSignal', 'patronymicA');
  checkStrings(patronymicB, 'distinctNameSignal', 'patronymicB');
  if (
    patronymicA.length > 0 &&
    patronymicB.length > 0 &&
    nameSimilarity(
      patronymicA.map((token) => indonesianPhoneticKey(token)),
      patronymicB.map((token) => indonesianPhoneticKey(token)),
    ) < SAME_FATHER
  ) {
    return 'patronymic';
  }
  const countA = Math.min(a.length, MAX_TOKENS);
  const countB = Math.min(b.length, MAX_TOKENS);
  // Tokens both names have, each matched once (a multiset intersection).
  sharedA.fill(0, 0, countA);
  sharedB.fill(0, 0, countB);
  explainedA.fill(0, 0, countA);
  explainedB.fill(0, 0, countB);
  let sharedFull = 0;
  for (let i = 0; i < countA; i++) {
    for (let j = 0; j < countB; j++) {
      if (sharedB[j] === 0 && a[i] === b[j]) {
        sharedA[i] = 1;
        sharedB[j] = 1;
        if ((a[i] as string).length > 1) sharedFull++;
        break;
      }
    }
  }
  // A leftover token is explained when the other name has a token it is a plain variant of (a typo,
  // an OCR slip): NUR TRI / NUR DWI TR1 is one person, whatever DWI and TRI say.
  let leftoverA = 0;
  let leftoverB = 0;
  let initials = false;
  let alike = false;
  for (let i = 0; i < countA; i++) {
    if (sharedA[i] === 1) continue;
    const x = a[i] as string;
    if (x.length === 1) initials = true;
    else leftoverA++;
    for (let j = 0; j < countB; j++) {
      if (sharedB[j] === 1) continue;
      const y = b[j] as string;
      if (x.length > 1 && y.length > 1 && tokenSignal(x, y) === null && tokensAlike(x, y)) {
        alike = true;
        explainedA[i] = 1;
        explainedB[j] = 1;
      }
    }
  }
  for (let j = 0; j < countB; j++) {
    if (sharedB[j] === 1) continue;
    if ((b[j] as string).length === 1) initials = true;
    else leftoverB++;
  }
  for (let i = 0; i < countA; i++) {
    if (sharedA[i] === 1 || explainedA[i] === 1) continue;
    for (let j = 0; j < countB; j++) {
      if (sharedB[j] === 1 || explainedB[j] === 1) continue;
      const signal = tokenSignal(a[i] as string, b[j] as string);
      if (signal !== null) return signal;
    }
  }
  if (sharedFull > 0 && leftoverA > 0 && leftoverB > 0 && !initials && !alike) return 'other-given-names';
  return null;
}

/** The signal two single tokens (one from each name, neither in the other name) give, if any. */
function tokenSignal(x: string, y: string): DistinctNameSignal | null {
  if (genderedWords.get(x) === y || genderedEndings(x, y) || genderedEndings(y, x)) return 'gendered-form';
  const orderX = birthOrder.get(x);
  const orderY = birthOrder.get(y);
  if (orderX !== undefined && orderY !== undefined && orderX !== orderY) return 'birth-order';
  const twinX = twinMember.get(x);
  const twinY = twinMember.get(y);
  if (twinX !== undefined && twinY !== undefined && twinX.set === twinY.set && twinX.member !== twinY.member) return 'twin-names';
  return null;
}

/** `male` = stem + a male ending and `female` = the same stem + its female ending. */
function genderedEndings(male: string, female: string): boolean {
  for (const [maleEnding, femaleEnding] of GENDERED_ENDINGS) {
    const stem = male.length - maleEnding.length;
    // A one-letter ending on a short stem (DEDO / DEDI) is as likely a typo as a sister.
    const minStem = maleEnding.length === 1 ? GENDERED_MIN_STEM + 1 : GENDERED_MIN_STEM;
    if (stem < minStem || female.length - femaleEnding.length !== stem) continue;
    if (!male.endsWith(maleEnding) || !female.endsWith(femaleEnding)) continue;
    let sameStem = true;
    for (let i = 0; i < stem && sameStem; i++) sameStem = male.charCodeAt(i) === female.charCodeAt(i);
    if (sameStem) return true;
  }
  return false;
}

/** One given name written twice: a typo, a dropped letter, one run into or cut from the other. */
function tokensAlike(x: string, y: string): boolean {
  if (x.includes(y) || y.includes(x)) return true;
  if (indonesianPhoneticKey(x) === indonesianPhoneticKey(y)) return true;
  // Before 1972 J was written for Y (JAJAH = YAYAH): the spelling rule cannot tell which J is old.
  if (x.length === y.length && x.includes('J') !== y.includes('J') && x.replaceAll('J', 'Y') === y.replaceAll('J', 'Y')) return true;
  if (jaroWinklerSimilarity(x, y) >= ALIKE) return true;
  return damerauLevenshteinDistance(x, y, { restricted: true }) <= 1;
}
