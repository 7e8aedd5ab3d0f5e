/**
 * Scratch memory shared by the string comparators, so that the hot loop allocates nothing.
 *
 * The bit-parallel kernels (every string of at most 32 code units: nearly every name) read their
 * strings with `charCodeAt` and need only `charMasks`. The fallbacks for longer strings, true
 * Damerau–Levenshtein, and nameSimilarity's run-together tokens copy code units into `codesA`/`codesB`
 * first. A pre-encoded (Uint16Array) public variant was measured and dropped: on 100k name pairs it was
 * no faster than reading the strings (see benchmarks/comparators.bench.ts), so it would only add API.
 *
 * JavaScript runs one comparator at a time on a thread and no kernel calls another while it uses a
 * buffer, so module-level buffers are safe. Each kernel leaves `charMasks` and `lastRowOf` all-zero
 * when it returns: it clears only the entries it set, which keeps a call O(length), not O(65536).
 */

const INITIAL_CAPACITY = 64;

/** Code units of the first operand; valid up to the length the caller loaded. */
export let codesA = new Uint16Array(INITIAL_CAPACITY);
/** Code units of the second operand. */
export let codesB = new Uint16Array(INITIAL_CAPACITY);

/**
 * One bit mask per UTF-16 code unit: bit k set when position k of the pattern holds that code unit
 * (bit-parallel Jaro, Myers and Hyyrö kernels). 256 KiB, but ASCII names touch only its first 512 bytes.
 */
export const charMasks = new Int32Array(65536);

/** Last row (1-based) in which each code unit occurred: the `da` array of Lowrance–Wagner. */
export const lastRowOf = new Int32Array(65536);

let intScratch = new Int32Array(INITIAL_CAPACITY * 4);
let flagScratch = new Uint8Array(INITIAL_CAPACITY * 2);

function grownCapacity(needed: number, current: number): number {
  let capacity = current;
  while (capacity < needed) capacity *= 2;
  return capacity;
}

/** Copies a string's code units into `codesA` (growing it when needed) and returns its length. */
export function loadA(text: string): number {
  const length = text.length;
  if (length > codesA.length) codesA = new Uint16Array(grownCapacity(length, codesA.length));
  for (let i = 0; i < length; i++) codesA[i] = text.charCodeAt(i);
  return length;
}

/** Copies a string's code units into `codesB` (growing it when needed) and returns its length. */
export function loadB(text: string): number {
  const length = text.length;
  if (length > codesB.length) codesB = new Uint16Array(grownCapacity(length, codesB.length));
  for (let i = 0; i < length; i++) codesB[i] = text.charCodeAt(i);
  return length;
}

/**
 * Copies tokens into `codesA` or `codesB` back to back, without separators, and returns the total length.
 * Used to compare "NURHALIZA" with "NUR HALIZA" without building the joined string.
 */
export function loadJoined(tokens: readonly string[], into: 'a' | 'b'): number {
  let total = 0;
  for (let t = 0; t < tokens.length; t++) total += (tokens[t] as string).length;
  if (into === 'a') {
    if (total > codesA.length) codesA = new Uint16Array(grownCapacity(total, codesA.length));
  } else if (total > codesB.length) {
    codesB = new Uint16Array(grownCapacity(total, codesB.length));
  }
  const target = into === 'a' ? codesA : codesB;
  let offset = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as string;
    for (let i = 0; i < token.length; i++) target[offset++] = token.charCodeAt(i);
  }
  return total;
}

/** An Int32Array of at least `size` entries, contents unspecified. */
export function intBuffer(size: number): Int32Array {
  if (size > intScratch.length) intScratch = new Int32Array(grownCapacity(size, intScratch.length));
  return intScratch;
}

/** A Uint8Array of at least `size` entries, all zero (callers zero what they set before returning). */
export function flagBuffer(size: number): Uint8Array {
  if (size > flagScratch.length) flagScratch = new Uint8Array(grownCapacity(size, flagScratch.length));
  return flagScratch;
}
