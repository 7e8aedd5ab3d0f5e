import { checkOptionBag, checkStrings, invalidArgument, MAX_COMPARED_LENGTH } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
/** A multi-word name: a string (split on whitespace) or its tokens, e.g. a standardized name's `canonicalTokens`. */
export type NameTokensInput = string | readonly string[];

/** A similarity in [0, 1] between two strings, used as the base metric of the token comparators. */
export type StringSimilarity = (a: string, b: string) => number;

const WHITESPACE = /\s+/;

/** The most tokens a public token comparator takes: far more than any name has. */
export const MAX_TOKENS = 256;

function tooLong(fn: string): PadanError {
  return new PadanError('invalid-argument', `${fn}: a name is limited to ${MAX_TOKENS} tokens and ${MAX_COMPARED_LENGTH} code units`);
}

/** The tokens of a name, without empty ones; arrays pass through untouched. */
export function toTokens(input: NameTokensInput, fn: string): readonly string[] {
  if (typeof input !== 'string') {
    checkStrings(input, fn, 'a name');
    if (input.length > MAX_TOKENS) throw tooLong(fn);
    return input;
  }
  if (input.length > MAX_COMPARED_LENGTH) throw tooLong(fn);
  const trimmed = input.trim();
  return trimmed === '' ? [] : trimmed.split(WHITESPACE);
}

/** Code-unit order, the same on every machine (no locale), so results are deterministic. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The `similarity` option of the token comparators, checked: a function or absent. */
export function similarityOption(options: { readonly similarity?: StringSimilarity } | undefined, fn: string): StringSimilarity | undefined {
  checkOptionBag(options, fn, { similarity: 'function' });
  const similarity = options?.similarity;
  if (similarity !== undefined && typeof similarity !== 'function') throw invalidArgument(fn, 'options.similarity', 'a function', similarity);
  return similarity;
}
