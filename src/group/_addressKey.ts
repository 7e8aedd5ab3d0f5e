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
  const words = street
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .split(' ');
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    words[i] = STREET_WORDS[word] ?? word;
  }
  return words.join(' ');
}
