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
 * Dwelling-level address keys (village code + RT/RW + street), memoized per street text: one
 * household's records repeat the same street, so most lookups skip the normalization.
 */
export interface AddressKeys {
  /** The key of an address, or null when any part is missing: a village and street without RT/RW name too many houses. */
  readonly keyOf: (address: Address | null | undefined) => string | null;
}

/** A fresh memo of address keys, for one call. */
export function createAddressKeys(): AddressKeys {
  const streets = new Map<string, string>();
  return {
    keyOf(address) {
      if (address === null || address === undefined) return null;
      const { villageCode, rt, rw, street } = address;
      if (!villageCode || !rt || !rw || !street) return null;
      let normalized = streets.get(street);
      if (normalized === undefined) {
        normalized = normalizeStreet(street);
        streets.set(street, normalized);
      }
      if (normalized === '') return null;
      return `${villageCode}|${rt}|${rw}|${normalized}`;
    },
  };
}
