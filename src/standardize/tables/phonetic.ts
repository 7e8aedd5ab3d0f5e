/**
 * Rules of `indonesianPhoneticKey`, applied left to right on a canonical token (1972 spelling already
 * applied, so OE/DJ/TJ are gone and CH is KH). Each rule merges spellings Indonesians use for one sound.
 */

/** Two letters written for one sound, replaced before single letters are mapped. */
export const PHONETIC_DIGRAPHS: Readonly<Record<string, string>> = {
  KH: 'H', // KHAIRUL / HAIRUL, FAKHRUL / FAHRUL
  SY: 'S', // SYAIFUL / SAIFUL
  SH: 'S', // SHOLEH / SOLEH
  DH: 'D', // RAMADHAN / RAMADAN
  TH: 'T', // FATHUR / FATUR
  DZ: 'S', // DZULKIFLI / ZULKIFLI
  PH: 'P', // PHILIPUS / FILIPUS
  GH: 'G',
  CH: 'C', // only in loanwords kept by the spelling rule (CHANDRA / CANDRA)
};

/** Single letters merged with another. */
export const PHONETIC_LETTERS: Readonly<Record<string, string>> = {
  F: 'P', // YUSUF / YUSUP, ZULKIFLI / ZULKIPLI
  V: 'P', // NOVI / NOPI
  Z: 'S', // RIZKI / RISKI
  Q: 'K', // RIZQI / RIZKI
  X: 'KS',
};

/** Letters replaced at the end of a key (final devoicing: AHMAD / AHMAT). */
export const PHONETIC_FINAL: Readonly<Record<string, string>> = {
  D: 'T',
  B: 'P',
};
