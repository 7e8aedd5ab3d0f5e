import { checkString } from '../_internal/arguments.js';
import { standardizeName } from './standardizeName.js';
import { TITLES } from './tables/titles.js';

/** A written name with its titles taken out. */
export interface NameWithoutTitles {
  /** The name as written, without its titles, honorifics and degrees (spacing tidied). */
  readonly name: string;
  /** The titles found, in their usual written form (`'Hj.'`, `'S.Pd.'`), in the order written. */
  readonly titles: readonly string[];
}

// Title label → the keys (letters only, upper case) written for it: `H.` is written `H` or `HAJI`.
const KEYS_OF_LABEL = new Map<string, Set<string>>();
for (const entry of TITLES) {
  let keys = KEYS_OF_LABEL.get(entry.label);
  if (keys === undefined) KEYS_OF_LABEL.set(entry.label, (keys = new Set()));
  keys.add(entry.key);
}

// Every title key as a number (letters A–Z as 1–26, base 27), so a word is looked up without building a
// string. Keys are 1 to 10 letters A–Z (a test checks the table); 27^10 stays below 2^53, so codes are exact.
const MAX_KEY_LENGTH = 10;
const TITLE_KEY_CODES: ReadonlySet<number> = new Set(TITLES.map((entry) => keyCode(entry.key)));

function keyCode(key: string): number {
  let code = 0;
  for (let i = 0; i < key.length; i++) code = code * 27 + (key.charCodeAt(i) - 64);
  return code;
}

/**
 * A cheap first look, false only when `standardizeName` can find no title in `name`: a name of ASCII
 * letters and single spaces (most names) whose words are not title keys. Any other character (a dot, a
 * comma, a hyphen, a bracket, an apostrophe, non-ASCII) leaves the decision to `standardizeName`.
 * Sound because for such a name `standardizeName`'s tokens are exactly its words. Allocates nothing.
 */
export function mayHoldTitles(name: string): boolean {
  let code = 0;
  let length = 0;
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : 32;
    if (c === 32) {
      if (length > 0 && length <= MAX_KEY_LENGTH && TITLE_KEY_CODES.has(code)) return true;
      code = 0;
      length = 0;
      continue;
    }
    // `c | 32` lower-cases an ASCII letter; anything else lands outside a–z.
    const lower = c | 32;
    if (lower < 97 || lower > 122) return true;
    if (length < MAX_KEY_LENGTH + 1) code = code * 27 + (lower - 96);
    length++;
  }
  return false;
}

interface Run {
  readonly start: number;
  readonly end: number;
  readonly key: string;
  /** First run of a word (after whitespace, a comma or a bracket; not after a dot). */
  readonly wordStart: boolean;
}

const LETTER_RUN = /[\p{L}\p{M}'’`]+/gu;

function runsOf(raw: string): Run[] {
  const runs: Run[] = [];
  let previousEnd = 0;
  for (const match of raw.matchAll(LETTER_RUN)) {
    const start = match.index as number;
    const between = raw.slice(previousEnd, start);
    const key = match[0]
      .normalize('NFKD')
      .replace(/[^\p{L}]/gu, '')
      .toUpperCase();
    runs.push({ start, end: start + match[0].length, key, wordStart: runs.length === 0 || /[\s,()[\]{}/;:|"]/.test(between) });
    previousEnd = start + match[0].length;
  }
  return runs;
}

/**
 * Takes the titles out of a written name: the name a unified record shows (DTSEN keeps titles apart
 * from the name) and the titles, for their own field. Which words are titles is `standardizeName`'s
 * decision (`tables/titles.ts`: `H.` only in front, degrees after a comma or dotted …); this keeps the
 * rest of the name as written. When the words cannot be matched back safely, the name is returned as
 * written with no titles, so the compared name never changes.
 *
 * @example
 * splitNameTitles('Hj. Siti Noer Djanah binti Abdoel, S.Pd.')
 * // → { name: 'Siti Noer Djanah binti Abdoel', titles: ['Hj.', 'S.Pd.'] }
 */
export function splitNameTitles(raw: string): NameWithoutTitles {
  checkString(raw, 'splitNameTitles', 'the name');
  if (!mayHoldTitles(raw)) return { name: raw, titles: [] };
  const standardized = standardizeName(raw);
  if (standardized.titles.length === 0) return { name: raw, titles: [] };
  const runs = runsOf(raw);
  const removed = new Array<boolean>(runs.length).fill(false);
  for (const label of standardized.titles) {
    const keys = KEYS_OF_LABEL.get(label);
    if (keys === undefined || !removeFirst(runs, removed, keys)) return { name: raw, titles: [] };
  }
  let name = '';
  let at = 0;
  for (let r = 0; r < runs.length; r++) {
    if (!removed[r]) continue;
    const run = runs[r] as Run;
    // Inside one word, what joins two runs of a title ("S-PD") goes with them.
    if (!(r > 0 && removed[r - 1] === true && !run.wordStart)) name += raw.slice(at, run.start);
    at = run.end;
    // The title's own dot goes with it.
    while (raw[at] === '.') at++;
  }
  name += raw.slice(at);
  // Brackets a title leaves empty first (a word break, as for standardizeName), then spaces and commas.
  const tidy = name
    .replace(/[([{]\s*[)\]}]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*,(?:\s*,)+/g, ',')
    .replace(/\s+,/g, ',')
    .replace(/^[\s,.]+|[\s,]+$/g, '');
  // The compared name must not change: otherwise keep the name as written.
  const check = tidy === '' ? undefined : standardizeName(tidy);
  if (check === undefined || check.compared !== standardized.compared || check.patronymic !== standardized.patronymic || check.titles.length > 0) {
    return { name: raw, titles: [] };
  }
  return { name: tidy, titles: standardized.titles };
}

/** Marks the first unremoved run (a dotted word of up to four runs, a single run, or two spaced words) written as one of `keys`. */
function removeFirst(runs: readonly Run[], removed: boolean[], keys: ReadonlySet<string>): boolean {
  for (let i = 0; i < runs.length; i++) {
    if (removed[i]) continue;
    // A dotted word or a spaced degree: runs i..j-1 joined.
    let key = '';
    for (let j = i; j < Math.min(runs.length, i + 4); j++) {
      if (removed[j]) break;
      key += (runs[j] as Run).key;
      if (keys.has(key)) {
        for (let k = i; k <= j; k++) removed[k] = true;
        return true;
      }
    }
  }
  return false;
}
