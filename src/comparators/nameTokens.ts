/** A multi-word name: a string (split on whitespace) or its tokens, e.g. a standardized name's `canonicalTokens`. */
export type NameTokensInput = string | readonly string[];

/** A similarity in [0, 1] between two strings, used as the base metric of the token comparators. */
export type StringSimilarity = (a: string, b: string) => number;

const WHITESPACE = /\s+/;

/** The tokens of a name, without empty ones; arrays pass through untouched. */
export function toTokens(input: NameTokensInput): readonly string[] {
  if (typeof input !== 'string') return input;
  const trimmed = input.trim();
  return trimmed === '' ? [] : trimmed.split(WHITESPACE);
}

/** Code-unit order, the same on every machine (no locale), so results are deterministic. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
