/**
 * Old (pre-1972, Van Ophuijsen / Soewandi) spellings and their 1972 (EYD) equivalents.
 *
 * The rule applied by `canonicalSpelling`, in order, per token:
 * 1. `CH` → `KH` always (Van Ophuijsen wrote /x/ as ch: CHAIRUL → KHAIRUL), except in the tokens of
 *    `CH_KEPT`, loanwords in which ch is /tʃ/ or /k/ (CHANDRA, MICHAEL).
 * 2. A token is *old-spelled* when it contains one of `OLD_SPELLING_MARKS` (OE, DJ, TJ, SJ) or starts
 *    with `NJ` — none of those occurs in 1972 spelling. Only in old-spelled tokens: OE → U, DJ → J,
 *    TJ → C, and every other J → Y (old j is modern y, which also turns SJ → SY and NJ → NY).
 * 3. Tokens with no mark are left alone: JOKO, JAJANG, RAJA, PANJI, SANJAYA are modern spellings.
 *    Old forms that carry no other mark (JUSUF, JAHJA) are listed in `KNOWN_OLD_FORMS`.
 */

/** Digraphs that only exist in the old spelling; any of them marks the token as old-spelled. */
export const OLD_SPELLING_MARKS: readonly string[] = ['OE', 'DJ', 'TJ', 'SJ'];

/** Leading digraphs that only exist in the old spelling. */
export const OLD_SPELLING_LEADING_MARKS: readonly string[] = ['NJ'];

/** Tokens in which `CH` is not the old spelling of `KH`. */
export const CH_KEPT: readonly string[] = [
  'CHANDRA',
  'CHANDRAWATI',
  'CHINTYA',
  'CHINTIA',
  'CHRISTINA',
  'CHRISTINE',
  'CHRISTIAN',
  'CHRISTIANTO',
  'MICHAEL',
  'MICHELLE',
  'RICHARD',
  'RACHEL',
  'CHARLES',
  'CHARLIE',
  'CHELSEA',
  'CHRISTOPHER',
  'CHERRY',
];

/** Old forms with no other old-spelling mark, mapped to their 1972 spelling. */
export const KNOWN_OLD_FORMS: Readonly<Record<string, string>> = {
  JUSUF: 'YUSUF',
  JUSUP: 'YUSUP',
  JAHJA: 'YAHYA',
  JAHYA: 'YAHYA',
  JUNUS: 'YUNUS',
  JAKUB: 'YAKUB',
  JASIN: 'YASIN',
  JAZID: 'YAZID',
  JULIJANTI: 'YULIYANTI',
  JOHANA: 'YOHANA',
  JOHANES: 'YOHANES',
  JOHANNES: 'YOHANES',
  JOSEPH: 'YOSEF',
  JOSEF: 'YOSEF',
};
