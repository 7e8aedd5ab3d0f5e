import { checkOptionBag, checkString } from '../_internal/arguments.js';
import { canonicalizeNameToken } from './canonicalizeNameToken.js';
import { standardizeName } from './standardizeName.js';
import { PHONETIC_DIGRAPHS, PHONETIC_FINAL, PHONETIC_LETTERS } from './tables/phonetic.js';

/** Options for {@link indonesianPhoneticKey}. */
export interface IndonesianPhoneticKeyOptions {
  /** Keep at most this many characters of each token's key (0 = no limit). Default 0. */
  readonly maxTokenKeyLength?: number;
}

// digraphMap[first * 26 + second] = replacement, for A–Z pairs.
const digraphMap: (string | undefined)[] = new Array(26 * 26);
for (const [pair, replacement] of Object.entries(PHONETIC_DIGRAPHS)) {
  digraphMap[(pair.charCodeAt(0) - 65) * 26 + (pair.charCodeAt(1) - 65)] = replacement;
}
const letterMap: string[] = [];
for (let c = 65; c <= 90; c++) {
  const letter = String.fromCharCode(c);
  letterMap.push(PHONETIC_LETTERS[letter] ?? letter);
}
const finalMap: ReadonlyMap<string, string> = new Map(Object.entries(PHONETIC_FINAL));

function isVowel(c: number): boolean {
  return c === 65 || c === 69 || c === 73 || c === 79 || c === 85;
}

function isUpperWord(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return true;
}

/** The key of one canonical `[A-Z]+` token. */
function tokenKey(token: string, maxLength: number): string {
  // `last` mirrors the key's last character so no check reads back the string being built (reading a
  // concatenated string flattens it, which would make long hostile tokens quadratic).
  let out = '';
  let last = 0;
  const n = token.length;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    const next = i + 1 < n ? token.charCodeAt(i + 1) : 0;
    let piece: string;
    const pair = next === 0 ? undefined : digraphMap[(c - 65) * 26 + (next - 65)];
    if (pair !== undefined) {
      piece = pair;
      i++;
    } else if (c === 89 /* Y */) {
      // Y is a glide: dropped between I and a vowel (FITRIYANI / FITRIANI), a vowel I where no vowel
      // follows (DEWY / DEWI), kept before a vowel elsewhere (YUSUF, HIDAYAT).
      if (isVowel(next)) {
        if (last === 73 /* I */) continue;
        piece = 'Y';
      } else {
        piece = 'I';
      }
    } else if (c === 87 /* W */ && isVowel(next) && last === 85 /* U */) {
      continue; // DUWI / DUI-type glides after U
    } else if (c === 72 /* H */ && next === 0 && out.length > 1 && isVowel(last)) {
      continue; // final H after a vowel is often not written: FATIMAH / FATIMA
    } else {
      piece = letterMap[c - 65] as string;
    }
    // Doubled letters are one sound (HIDAYATT, MUHAMMAD).
    if (piece.length === 1 && piece.charCodeAt(0) === last) continue;
    out += piece;
    last = piece.charCodeAt(piece.length - 1);
    if (maxLength > 0 && out.length >= maxLength + 1) break;
  }
  if (out.length > 1) {
    const final = finalMap.get(String.fromCharCode(last));
    if (final !== undefined) out = out.slice(0, -1) + final;
  }
  return maxLength > 0 && out.length > maxLength ? out.slice(0, maxLength) : out;
}

/**
 * A blocking key for Indonesian names: the usual spelling variants of one name share it. Old spelling
 * and Muhammad/Abdul/Siti/Nur forms are canonicalised first; a multi-word name gives one key per token,
 * joined by a space (titles and patronymic removed, see `standardizeName`).
 *
 * @example
 * indonesianPhoneticKey('SYAIFUL')      // → 'SAIPUL' (also for SAIFUL, SYAIPUL)
 * indonesianPhoneticKey('Joesoef')      // → 'YUSUP'  (also for YUSUF, YUSUP)
 * indonesianPhoneticKey('H. Rizky Fachrul') // → 'RISKI PAHRUL'
 */
export function indonesianPhoneticKey(nameOrToken: string, options?: IndonesianPhoneticKeyOptions): string {
  checkString(nameOrToken, 'indonesianPhoneticKey', 'the name');
  checkOptionBag(options, 'indonesianPhoneticKey', { maxTokenKeyLength: 'number' });
  const maxLength = options?.maxTokenKeyLength ?? 0;
  // Hot path: one already-clean token skips the full name parser.
  if (isUpperWord(nameOrToken)) return tokenKey(canonicalizeNameToken(nameOrToken), maxLength);
  const tokens = standardizeName(nameOrToken).canonicalTokens;
  let key = '';
  for (let k = 0; k < tokens.length; k++) {
    if (k > 0) key += ' ';
    key += tokenKey(tokens[k] as string, maxLength);
  }
  return key;
}
