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
  return (
    digits.slice(0, VISIBLE_PREFIX) +
    '*'.repeat(IDENTIFIER_DIGITS - VISIBLE_PREFIX - VISIBLE_SUFFIX) +
    digits.slice(IDENTIFIER_DIGITS - VISIBLE_SUFFIX)
  );
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
// integer digits, one ASCII dot, nothing else. Such a run is a measurement, not an identifier.
const DECIMAL_NUMBER = /^[0-9]{1,3}\.[0-9]+$/;

/**
 * Replaces every identifier-like digit run in a text with its masked form. A run is digits in any
 * script joined by any separators (spaces, tabs, NBSP, zero-width and bidi marks, dots, dashes,
 * underscores, slashes, full-width forms); sixteen digits become `3201**********01`, other runs of
 * twelve or more digits `<N chars>`. Decimal numbers with at most three integer digits
 * (`0.9999999522180526`) and shorter runs (dates, counts) are kept. Applied to every message,
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
  return text.replace(DIGIT_RUN, redactRun);
}

/** True when `text` still holds something `redactIdentifiers` would mask. */
export function containsIdentifier(text: string): boolean {
  if (!ANY_DIGIT.test(text)) return false;
  for (const match of text.matchAll(DIGIT_RUN)) if (redactRun(match[0]) !== match[0]) return true;
  return false;
}

function redactRun(run: string): string {
  // Cheap exits first: most runs in messages are short numbers.
  if (run.length < MIN_MASKED_RUN) return run;
  const digits = toAsciiDigits(run.replace(SEPARATORS, ''));
  if (digits.length < MIN_MASKED_RUN) return run;
  if (DECIMAL_NUMBER.test(run)) return run;
  return digits.length === IDENTIFIER_DIGITS ? maskDigits(digits) : `<${digits.length} chars>`;
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
