/**
 * Month names and abbreviations as they appear in Indonesian records, Indonesian and English,
 * uppercase without dots. Month numbers are 1-based.
 */
export const MONTH_NAMES: Readonly<Record<string, number>> = {
  // Indonesian
  JANUARI: 1, JAN: 1,
  FEBRUARI: 2, PEBRUARI: 2, FEB: 2, PEB: 2,
  MARET: 3, MAR: 3,
  APRIL: 4, APR: 4,
  MEI: 5,
  JUNI: 6, JUN: 6,
  JULI: 7, JUL: 7,
  AGUSTUS: 8, AGU: 8, AGS: 8, AGT: 8, AGST: 8, AGUS: 8,
  SEPTEMBER: 9, SEP: 9, SEPT: 9,
  OKTOBER: 10, OKT: 10,
  NOVEMBER: 11, NOPEMBER: 11, NOV: 11, NOP: 11,
  DESEMBER: 12, DES: 12,
  // English (where it differs)
  JANUARY: 1, FEBRUARY: 2, MARCH: 3, MAY: 5, JUNE: 6, JULY: 7, AUGUST: 8, AUG: 8,
  OCTOBER: 10, OCT: 10, DECEMBER: 12, DEC: 12,
};
