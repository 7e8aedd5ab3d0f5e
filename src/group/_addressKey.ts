import type { Address } from '../schema/fields.js';

// Street spellings that differ between sources but name the same place.
const STREET_WORDS: Readonly<Record<string, string>> = {
  JALAN: 'JL',
  JLN: 'JL',
  GANG: 'GG',
  NOMOR: 'NO',
  NOMER: 'NO',
  DUSUN: 'DSN',
  PERUMAHAN: 'PERUM',
  KOMPLEK: 'KOMP',
  KOMPLEKS: 'KOMP',
  BLOK: 'BLK',
};

/** Uppercase, punctuation dropped, abbreviations unified: `Jalan Mawar No.12` → `JL MAWAR NO 12`. */
export function normalizeStreet(street: string): string {
  const words = street.toUpperCase().replace(/[^A-Z0-9]+/g, ' ').trim().split(' ');
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    words[i] = STREET_WORDS[word] ?? word;
  }
  return words.join(' ');
}

/**
 * The dwelling-level key of an address (village code + RT/RW + street), or null when any part is
 * missing: a village and street without RT/RW name too many houses to link households on.
 */
export function dwellingAddressKey(address: Address | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  const { villageCode, rt, rw, street } = address;
  if (!villageCode || !rt || !rw || !street) return null;
  const normalized = normalizeStreet(street);
  if (normalized === '') return null;
  return `${villageCode}|${rt}|${rw}|${normalized}`;
}

/** Days since 1970-01-01 of an ISO `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) date; NaN when unreadable. */
export function dayNumber(iso: string): number {
  const year = Number(iso.slice(0, 4));
  const month = iso.length >= 7 ? Number(iso.slice(5, 7)) : 7;
  const day = iso.length >= 10 ? Number(iso.slice(8, 10)) : 1;
  return Date.UTC(year, month - 1, day) / 86_400_000;
}
