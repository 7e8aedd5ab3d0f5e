import { invalidArgument } from '../_internal/arguments.js';
import { toAsciiDigits } from '../_internal/redact.js';

/**
 * Separator handling for 16-digit identifiers. Kept in one place so that parsing, masking and
 * pseudonymizing agree on what "the same number" is: `3201-0101-...` and `32010101...` must give the
 * same parse, the same mask and the same pseudonym.
 */

// Spaces (incl. tab/newline/NBSP), dot, dash, underscore, slash: the separators seen in source files
// and the ones `maskIdentifier` strips, so both functions see the same digits.
function isSeparator(code: number): boolean {
  return code === 32 || code === 46 || code === 45 || code === 95 || code === 47 || code === 9 || code === 10 || code === 13 || code === 160;
}

/**
 * Strips separators (spaces, dots, dashes, underscores, slashes) from an identifier and writes digits
 * of any script (full-width `３２０１`, Arabic-Indic …) as ASCII digits; other characters are kept so that
 * callers can still report them. Returns the input itself when there is nothing to change.
 *
 * @example
 * normalizeIdentifier('3201.01 120590-0001') // → '3201011205900001'
 */
export function normalizeIdentifier(input: string): string {
  if (typeof input !== 'string') throw invalidArgument('normalizeIdentifier', 'the identifier', 'a string', input);
  const length = input.length;
  let i = 0;
  let wide = false;
  // Fast path: clean input (the common case in bulk data) allocates nothing.
  for (; i < length; i++) {
    const code = input.charCodeAt(i);
    if (isSeparator(code)) break;
    if (code > 127) wide = true;
  }
  if (i === length) return wide ? toAsciiDigits(input) : input;
  return toAsciiDigits(stripSeparators(input, i));
}

function stripSeparators(input: string, first: number): string {
  const length = input.length;
  let i = first;
  let out = input.slice(0, i);
  let start = -1;
  for (; i < length; i++) {
    if (isSeparator(input.charCodeAt(i))) {
      if (start >= 0) {
        out += input.slice(start, i);
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) out += input.slice(start);
  return out;
}
