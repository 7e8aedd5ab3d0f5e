import { checkOptionBag, checkString } from '../_internal/arguments.js';
import { canonicalizeNameToken } from './canonicalizeNameToken.js';
import { PATRONYMIC_MARKERS, TITLES, type TitleEntry } from './tables/titles.js';

/** Options for {@link standardizeName}. */
export interface StandardizeNameOptions {
  /**
   * Longest `compared` form kept, in characters; whole tokens past it are dropped (a name field holding
   * a paragraph is a data error, and a bound keeps every later stage's cost bounded). Default 256.
   */
  readonly maxLength?: number;
}

/** A name parsed once into the features the comparators use. All tokens are `[A-Z]+`. */
export interface StandardizedName {
  readonly kind: 'name';
  /** The name as written, cleaned: tokens joined by one space; titles and the patronymic removed. */
  readonly compared: string;
  /** `canonicalTokens` joined by one space. */
  readonly canonical: string;
  /** Cleaned tokens in written order. */
  readonly tokens: readonly string[];
  /** Same length as `tokens`: 1972 spelling and one form per Muhammad/Ahmad/Abdul/Siti/Nur variant. */
  readonly canonicalTokens: readonly string[];
  /**
   * Same length as `tokens`: true where the token is a single letter. An initial matches any token
   * that starts with it — so "M" matches MUHAMMAD as well as MARYAM.
   */
  readonly initials: readonly boolean[];
  /** Titles, honorifics and degrees found, in their usual written form (`'Hj.'`, `'S.Pd.'`). */
  readonly titles: readonly string[];
  /** An Alm./Almh. (almarhum/almarhumah) marker was present. */
  readonly deceased: boolean;
  /** The marker that introduced the patronymic (`'BIN'`, `'BINTI'`, `'BT'` …), or null. */
  readonly patronymicMarker: string | null;
  /** The father's name after `bin`/`binti`, cleaned, or null. */
  readonly patronymic: string | null;
  /** The patronymic's canonical tokens (empty when there is none). */
  readonly patronymicTokens: readonly string[];
}

const titleByKey: ReadonlyMap<string, TitleEntry> = new Map(TITLES.map((t) => [t.key, t]));
const patronymicMarkers: ReadonlySet<string> = new Set(PATRONYMIC_MARKERS);

// Character classes for the tokenizer, indexed by char code (ASCII only; non-ASCII is handled apart).
const LETTER = 1;
const DROP = 2; // removed without splitting the token: apostrophes (MA'RUF → MARUF)
const DOT = 3;
const WORD_BREAK = 4; // whitespace and brackets: a new word starts
const COMMA = 5; // also a word break; what follows is the degree zone
const INNER_BREAK = 6; // hyphen, digits, other symbols: splits the token inside a word
const asciiClass = new Uint8Array(128).fill(INNER_BREAK);
for (let c = 65; c <= 90; c++) asciiClass[c] = LETTER;
for (let c = 97; c <= 122; c++) asciiClass[c] = LETTER;
for (const ch of "'`") asciiClass[ch.charCodeAt(0)] = DROP;
asciiClass[46] = DOT;
for (const ch of ' \t\n\r\f\v()[]{}/\\;:|"') asciiClass[ch.charCodeAt(0)] = WORD_BREAK;
asciiClass[44] = COMMA;

function nonAsciiClass(c: number): number {
  // Combining marks (left by NFKD), zero-width characters, soft hyphen and typographic apostrophes.
  if ((c >= 0x0300 && c <= 0x036f) || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff) return DROP;
  if (c === 0x00ad || c === 0x2018 || c === 0x2019 || c === 0x02bc || c === 0x00b4) return DROP;
  if (c === 0x00a0 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000 || c === 0x2028 || c === 0x2029) return WORD_BREAK;
  return INNER_BREAK;
}

/** Tokenizer output: one entry per letter run. */
interface Segments {
  /** Entries in use; the arrays may hold stale entries past it. */
  count: number;
  text: string[];
  dotAfter: boolean[];
  wordStart: boolean[];
  afterComma: boolean[];
}

// Scratch space reused by every call: standardizeName is synchronous and never re-entered, and the
// arrays never leave this module, so reuse saves four allocations per name.
const scratch: Segments = { count: 0, text: [], dotAfter: [], wordStart: [], afterComma: [] };

/**
 * Splits `input` into letter runs. With `asciiOnly`, gives up (returns null) at the first non-ASCII
 * character so the caller can normalise first: one pass for the common all-ASCII name.
 */
function tokenize(input: string, asciiOnly: boolean): Segments | null {
  const seg = scratch;
  if (seg.text.length > 1024) {
    // Do not keep a hostile input's thousands of segments alive between calls.
    seg.text.length = seg.dotAfter.length = seg.wordStart.length = seg.afterComma.length = 0;
  }
  let count = 0;
  const n = input.length;
  let start = -1; // start of the current letter run
  let pending = ''; // letters of the current token before a dropped character
  let newWord = true;
  let commaSeen = false;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? input.charCodeAt(i) : 32;
    if (c >= 128 && asciiOnly) return null;
    const cls = c < 128 ? (asciiClass[c] as number) : nonAsciiClass(c);
    if (cls === LETTER) {
      if (start < 0) start = i;
      continue;
    }
    if (cls === DROP) {
      if (start >= 0) {
        pending += input.slice(start, i);
        start = -1;
      }
      continue;
    }
    if (start >= 0 || pending !== '') {
      const text = start >= 0 ? pending + input.slice(start, i) : pending;
      seg.text[count] = text.toUpperCase();
      seg.dotAfter[count] = false;
      seg.wordStart[count] = newWord;
      seg.afterComma[count] = commaSeen;
      count++;
      newWord = false;
      start = -1;
      pending = '';
    }
    if (cls === DOT) {
      if (!newWord) seg.dotAfter[count - 1] = true;
    } else if (cls === WORD_BREAK) {
      newWord = true;
    } else if (cls === COMMA) {
      newWord = true;
      commaSeen = true;
    }
  }
  seg.count = count;
  return seg;
}

/**
 * Parses a person's name into comparable features: cleaned and canonical tokens, initials, titles,
 * deceased marker and patronymic. Linear in the input length.
 *
 * Cleaning: NFKD (NFKC's compatibility mapping, then accents split off and dropped), ASCII letters
 * uppercased; apostrophes and zero-width characters removed; every other character separates tokens.
 *
 * @example
 * standardizeName('Hj.Siti Noer Djanah binti Abdoel Rachman, S.Pd.')
 * // → { compared: 'SITI NOER DJANAH', canonical: 'SITI NUR JANAH', titles: ['Hj.', 'S.Pd.'],
 * //     patronymicMarker: 'BINTI', patronymic: 'ABDOEL RACHMAN', patronymicTokens: ['ABDUL', 'RAKHMAN'], … }
 */
export function standardizeName(raw: string, options?: StandardizeNameOptions): StandardizedName {
  checkString(raw, 'standardizeName', 'the name');
  checkOptionBag(options, 'standardizeName', { maxLength: 'number' });
  const maxLength = options?.maxLength ?? 256;
  const seg = tokenize(raw, true) ?? (tokenize(raw.normalize('NFKD'), false) as Segments);
  const count = seg.count;

  const names: string[] = [];
  const titles: string[] = [];
  let deceased = false;
  let leading = true; // no name token seen yet: prefix titles may still appear

  let i = 0;
  while (i < count) {
    // A dotted word of several runs ("S.Pd.", "A.Md.Kep.", "K.H.") may be one title. Before the name,
    // "M.A." or "S.H." are more likely two initials than a degree, unless the degree is never a name.
    let end = i + 1;
    while (end < count && !seg.wordStart[end]) end++;
    // No degree has more than four parts; longer dotted runs ("A.B.C.D.E.F") are initials.
    if (end - i > 1 && end - i <= 4) {
      let key = '';
      for (let k = i; k < end; k++) key += seg.text[k];
      const entry = titleByKey.get(key);
      if (entry !== undefined && readsAsTitle(entry, leading, !leading, seg.afterComma[i] === true)) {
        titles.push(entry.label);
        if (entry.titleClass === 'deceased') deceased = true;
        i = end;
        continue;
      }
    }
    for (let k = i; k < end; k++) {
      const token = seg.text[k] as string;
      // A degree split by a space ("S. Pd", "S. Pd.I"): the next word completes it. Only after a comma
      // or for degrees that are never names, since "M. SI…" could be an initial and a name.
      if (token.length === 1 && seg.dotAfter[k] === true && k + 1 === end && end < count) {
        let nextEnd = end + 1;
        while (nextEnd < count && !seg.wordStart[nextEnd]) nextEnd++;
        if (nextEnd - end > 3) nextEnd = -1;
        let key = token;
        for (let m = end; m < nextEnd; m++) key += seg.text[m];
        const spaced = nextEnd === -1 ? undefined : titleByKey.get(key);
        if (spaced !== undefined && spaced.where === 'degree' && (spaced.bare === true || seg.afterComma[k] === true)) {
          titles.push(spaced.label);
          if (spaced.titleClass === 'deceased') deceased = true;
          k = nextEnd; // consumes the next word as well
          end = nextEnd;
          continue;
        }
      }
      const entry = titleByKey.get(token);
      if (entry !== undefined) {
        if (readsAsTitle(entry, leading, seg.dotAfter[k] === true && !leading, seg.afterComma[k] === true)) {
          titles.push(entry.label);
          if (entry.titleClass === 'deceased') deceased = true;
          continue;
        }
      }
      names.push(token);
      // After "bin"/"binti" the father's name starts and may carry its own prefix titles.
      leading = names.length > 1 && patronymicMarkers.has(token);
    }
    i = end;
  }

  // The first bin/binti with a name on both sides splits off the patronymic.
  let patronymicAt = -1;
  for (let k = 1; k < names.length - 1; k++) {
    if (patronymicMarkers.has(names[k] as string)) {
      patronymicAt = k;
      break;
    }
  }
  const own = patronymicAt === -1 ? names : names.slice(0, patronymicAt);
  const father = patronymicAt === -1 ? [] : capTokens(names.slice(patronymicAt + 1), maxLength);

  const tokens = capTokens(own, maxLength);
  const canonicalTokens: string[] = new Array(tokens.length);
  const initials: boolean[] = new Array(tokens.length);
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as string;
    canonicalTokens[k] = canonicalizeNameToken(token);
    initials[k] = token.length === 1;
  }
  return {
    kind: 'name',
    compared: tokens.join(' '),
    canonical: canonicalTokens.join(' '),
    tokens,
    canonicalTokens,
    initials,
    titles,
    deceased,
    patronymicMarker: patronymicAt === -1 ? null : (names[patronymicAt] as string),
    patronymic: father.length === 0 ? null : father.join(' '),
    patronymicTokens: father.length === 0 ? NO_TOKENS : father.map((t) => canonicalizeNameToken(t)),
  };
}

const NO_TOKENS: readonly string[] = Object.freeze([]);

/**
 * Whether a token whose key is in the title table is a title here (see `where` in `tables/titles.ts`).
 * `dotted`: written as an abbreviation ("S.E.", or "SE." after the name).
 */
function readsAsTitle(entry: TitleEntry, leading: boolean, dotted: boolean, afterComma: boolean): boolean {
  switch (entry.where) {
    case 'anywhere':
      return true;
    case 'prefix':
      return leading;
    case 'degree':
      return entry.bare === true || afterComma || dotted;
  }
}

/** Keeps leading tokens while their joined length stays within `maxLength`. */
function capTokens(tokens: string[], maxLength: number): string[] {
  let length = -1;
  for (let k = 0; k < tokens.length; k++) {
    length += 1 + (tokens[k] as string).length;
    if (length > maxLength) return tokens.slice(0, k);
  }
  return tokens;
}
