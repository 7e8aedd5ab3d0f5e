/**
 * Masking of 16-digit identifiers (NIK, KK). This is the single place that decides what a masked
 * identifier looks like and what counts as one in free text; `maskNik`/`maskKk`, every error and issue
 * message, and every log, review, rejection and report file go through it.
 *
 * The masked form keeps the first four digits (province + regency: shared by a million people) and the
 * last two, and replaces the ten in between with `*`: `3201**********34`. Ten hidden digits leave
 * 10^10 candidates per masked value, enough that a masked NIK in a log identifies no one by itself.
 */

const VISIBLE_PREFIX = 4;
const VISIBLE_SUFFIX = 2;
const IDENTIFIER_DIGITS = 16;
/** Shorter digit runs are left alone; longer ones may be most of a mistyped identifier and are masked. */
const MIN_MASKED_RUN = 12;

/** Masks one identifier-like value; anything that is not 16 digits after stripping separators is masked whole. */
export function maskIdentifier(value: string): string {
  const digits = toAsciiDigits(value.replace(SEPARATORS, ''));
  if (digits.length === IDENTIFIER_DIGITS && /^\d{16}$/.test(digits)) return maskDigits(digits);
  if (digits.length <= 4) return '*'.repeat(digits.length);
  // Wrong-length input may still be most of a real NIK: show only its length.
  return `<${digits.length} chars>`;
}

function maskDigits(digits: string): string {
  return digits.slice(0, VISIBLE_PREFIX) + '*'.repeat(IDENTIFIER_DIGITS - VISIBLE_PREFIX - VISIBLE_SUFFIX) + digits.slice(IDENTIFIER_DIGITS - VISIBLE_SUFFIX);
}

// What may sit between the digits of one identifier: every space and line break (`\s` covers tab,
// NBSP, the ideographic space …), invisible format characters (zero-width space, bidi marks, BOM,
// soft hyphen), every dash, dot, underscore and slash, ASCII and full-width. `normalizeIdentifier`
// accepts a subset of these; the rest still show a reader the same sixteen digits.
const SEPARATOR_CLASS = String.raw`\s\p{Cf}\p{Pd}._/\uff0e\uff0f\uff3f\u30fb\u00b7`;
const SEPARATORS = new RegExp(`[${SEPARATOR_CLASS}]`, 'gu');
// A maximal run of digits (any script: ASCII, full-width, Arabic-Indic, mathematical …) joined by any
// number of separators. The separator class and `\p{Nd}` are disjoint, so matching is linear.
const DIGIT_RUN = new RegExp(String.raw`\p{Nd}(?:[${SEPARATOR_CLASS}]*\p{Nd})*`, 'gu');
const ANY_DIGIT = /\p{Nd}/u;
// A plain decimal number as JavaScript prints one (`0.9999999522180526`, `12.5`): at most three
// integer digits, one ASCII dot, nothing else. Such a run is a measurement, not an identifier, unless
// its fraction holds sixteen digits shaped like a NIK or KK (`0.3201015205900001`): see below.
const DECIMAL_NUMBER = /^([0-9]{1,3})\.([0-9]+)$/;
// The provinces' two-digit codes (Kemendagri), including the Papua provinces of 2022.
const PROVINCE_CODES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '21',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '51',
  '52',
  '53',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '72',
  '73',
  '74',
  '75',
  '76',
  '81',
  '82',
  '91',
  '92',
  '93',
  '94',
  '95',
  '96',
]);

/**
 * Replaces every identifier-like digit run in a text with its masked form. A run is digits in any
 * script joined by any separators (spaces, tabs, NBSP, zero-width and bidi marks, dots, dashes,
 * underscores, slashes, full-width forms); sixteen digits become `3201**********01`, other runs of
 * twelve or more digits `<N chars>`. Decimal numbers with at most three integer digits
 * (`0.9999999522180526`) and shorter runs (dates, counts) are kept, and so are padan's own IDs
 * (`Pc20f313901623442`: a letter and 16 hex digits, standing as a word). Applied to every message,
 * log line, review, rejection and report file padan writes; use it on anything of yours that may
 * echo a record. It never throws: a value that is not a string is converted first (a redactor that
 * throws while an error is being reported would hide that error).
 *
 * @example
 * redactIdentifiers('record 3201/0152/0590/0001 rejected, p = 0.9999999522180526')
 * // → 'record 3201**********01 rejected, p = 0.9999999522180526'
 */
export function redactIdentifiers(text: string): string {
  if (typeof text !== 'string') text = safeString(text);
  if (!ANY_DIGIT.test(text)) return text;
  if (!ID_HINT.test(text)) return text.replace(DIGIT_RUN, redactRun);
  const parts = splitAtOpaqueIds(text);
  // Even indexes are text, odd ones padan IDs kept whole.
  for (let i = 0; i < parts.length; i += 2) parts[i] = (parts[i] as string).replace(DIGIT_RUN, redactRun);
  return parts.join('');
}

/** True when `text` still holds something `redactIdentifiers` would mask. */
export function containsIdentifier(text: string): boolean {
  if (!ANY_DIGIT.test(text)) return false;
  const parts = ID_HINT.test(text) ? splitAtOpaqueIds(text) : [text];
  for (let i = 0; i < parts.length; i += 2) {
    for (const match of (parts[i] as string).matchAll(DIGIT_RUN)) if (redactRun(match[0]) !== match[0]) return true;
  }
  return false;
}

// padan's own IDs in free text: `P` (person), `D` (decision), `F` (family) or `H` (household) and 16
// hex digits holding a letter, standing as a word (no letter or digit either side). Their digits are a
// hash, not an identifier: one in sixty holds twelve decimal digits in a row, which were masked
// (`Pc20f<12 chars>`), leaving a reader a reference they could not use.
const ID_HINT = /[PDFH][0-9a-f]{16}/;
const OPAQUE_ID_WORD = /(?<![\p{L}\p{N}])[PDFH](?=[0-9]*[a-f])[0-9a-f]{16}(?![\p{L}\p{N}])/gu;
// The digits that continue an ID's trailing digits through separators (`P…0042 17`).
const FOLLOWING_RUN = new RegExp(`[${SEPARATOR_CLASS}]*\\p{Nd}(?:[${SEPARATOR_CLASS}]*\\p{Nd})*`, 'uy');

/**
 * The text split around the padan IDs in it: `[text, id, text, id, …, text]`. An ID is kept whole
 * unless its trailing digits and the digits that follow it through separators make sixteen or more
 * together: that run could be a NIK written against a hash-shaped prefix, so it is judged as a run, as
 * if the ID were not there (a NIK under any separator is always masked).
 */
function splitAtOpaqueIds(text: string): string[] {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(OPAQUE_ID_WORD)) {
    const id = match[0];
    const at = match.index;
    const end = at + id.length;
    let trailing = 0;
    while (trailing < 16 && isAsciiDigit(id.charCodeAt(id.length - 1 - trailing))) trailing++;
    FOLLOWING_RUN.lastIndex = end;
    const following = FOLLOWING_RUN.exec(text);
    const followingDigits = following === null ? 0 : Array.from(following[0].replace(SEPARATORS, '')).length;
    if (trailing + followingDigits >= IDENTIFIER_DIGITS) continue;
    parts.push(text.slice(last, at), id);
    last = end;
  }
  parts.push(text.slice(last));
  return parts;
}

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function redactRun(run: string): string {
  // Cheap exits first: most runs in messages are short numbers.
  if (run.length < MIN_MASKED_RUN) return run;
  const digits = toAsciiDigits(run.replace(SEPARATORS, ''));
  if (digits.length < MIN_MASKED_RUN) return run;
  const decimal = DECIMAL_NUMBER.exec(run);
  if (decimal !== null) {
    const fraction = decimal[2] as string;
    if (!holdsIdentifierShape(fraction)) return run;
    return `${decimal[1]}.${fraction.length === IDENTIFIER_DIGITS ? maskDigits(fraction) : `<${fraction.length} chars>`}`;
  }
  return digits.length === IDENTIFIER_DIGITS ? maskDigits(digits) : `<${digits.length} chars>`;
}

/**
 * True when some sixteen consecutive digits of a decimal's fraction are shaped like a NIK or KK: a
 * province code, then (after the regency and district) a day of month (women's +40 included) and a
 * month. A probability's digits pass by chance about once in forty; masking one of those in a message
 * costs a reader a few digits, leaving a NIK written after `0.` unmasked would leak a person.
 */
function holdsIdentifierShape(fraction: string): boolean {
  for (let at = 0; at + IDENTIFIER_DIGITS <= fraction.length; at++) {
    if (!PROVINCE_CODES.has(fraction.slice(at, at + 2))) continue;
    const day = Number(fraction.slice(at + 6, at + 8));
    const month = Number(fraction.slice(at + 8, at + 10));
    if (((day >= 1 && day <= 31) || (day >= 41 && day <= 71)) && month >= 1 && month <= 12) return true;
  }
  return false;
}

/**
 * JSON text of a value with every string value, every object key and every long integer redacted:
 * for review, rejection and report files. Keys matter: a source's record IDs or a NIK used as a map
 * key (`{"3201…": …}`) would otherwise reach the file, and JSON escapes a tab or line break between
 * digits (`\t`), which hides the run from a redaction of the finished text. The text stays valid JSON:
 * an integer of twelve or more digits (a NIK stored as a number) becomes a masked string; fractions
 * stay numbers (probabilities and weights are data, and no double holds a NIK after its point).
 *
 * @example
 * redactedJson({ '3201015205900001': { note: 'NIK 3201-0152-0590-0001', nik: 3201015205900001 } })
 * // → '{"3201**********01":{"note":"NIK 3201**********01","nik":"3201**********01"}}'
 */
export function redactedJson(value: unknown, space?: number): string {
  return JSON.stringify(value, redactingReplacer, space) ?? 'null';
}

// padan's own person, decision, family and household IDs: a letter and 16 hex digits of a hash. One
// in sixty has twelve decimal digits in a row, which the redaction would take for part of an
// identifier and mangle.
const OPAQUE_ID = /^[PDFH][0-9a-f]{16}$/;

/** True for a person, decision, family or household ID (`P3f0c…`), which is a hash, not an identifier; all-decimal ones excepted. */
export function isOpaqueId(text: string): boolean {
  return text.length === 17 && OPAQUE_ID.test(text) && /[a-f]/.test(text);
}

/** A `JSON.stringify` replacer that redacts string values, long integers and the keys of plain objects. */
export function redactingReplacer(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'string') return isOpaqueId(value) ? value : redactIdentifiers(value);
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1e11)) {
    const text = String(value);
    const masked = redactIdentifiers(text);
    // JSON has no bigint: it is written as text, like a masked number.
    return masked === text && typeof value === 'number' ? value : masked;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return value;
  const keys = Object.keys(value);
  let changed = false;
  for (const key of keys) {
    if (ANY_DIGIT.test(key) && containsIdentifier(key)) {
      changed = true;
      break;
    }
  }
  if (!changed) return value;
  // A prototype-free copy: a redacted key can never land on `__proto__`'s setter.
  const copy: Record<string, unknown> = Object.create(null);
  for (const key of keys) {
    const masked = redactIdentifiers(key);
    let unique = masked;
    // Two identifiers masked alike stay two entries.
    for (let n = 2; Object.hasOwn(copy, unique); n++) unique = `${masked} #${n}`;
    copy[unique] = (value as Record<string, unknown>)[key];
  }
  return copy;
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    // Objects without a usable toString (null prototype, hostile valueOf) and symbols in templates.
    return Object.prototype.toString.call(value);
  }
}

const digitValues = new Map<number, number>();

// Decimal digits of any script but ASCII's.
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;

/** Replaces digits of any script by ASCII digits; other characters are kept. */
export function toAsciiDigits(text: string): string {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  // One native regex pass, not a per-character test: a 2 MB string of wide characters took seconds.
  return ascii ? text : text.replace(NON_ASCII_DIGIT, (digit) => String.fromCharCode(48 + digitValue(digit.codePointAt(0) as number)));
}

// Unicode lays every decimal digit set out as ten consecutive code points from zero (the mathematical
// digits as five such sets back to back), so a digit's value is its distance from the set's start.
function digitValue(code: number): number {
  const cached = digitValues.get(code);
  if (cached !== undefined) return cached;
  let start = code;
  while (start > 0 && ANY_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  const value = (code - start) % 10;
  digitValues.set(code, value);
  return value;
}
