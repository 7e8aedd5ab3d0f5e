import { charMasks as sharedCharMasks, codesA, codesB, flagBuffer, loadA, loadB } from './codeBuffers.js';
import { checkComparable } from '../_internal/arguments.js';

// A module-local alias: V8 reads an imported binding through its module cell on every access, which
// measured ~15% slower in these loops than a local constant.
const charMasks = sharedCharMasks;

/**
 * Jaro similarity of two strings, in [0, 1], over UTF-16 code units.
 *
 * Semantics are those of `natural`'s `JaroWinklerDistance` without the prefix boost (and of
 * Wikipedia's definition): match window `floor(max(|a|, |b|) / 2) - 1`, greedy left-to-right
 * matching, `t` = half the number of matched characters out of order — as a real number, not the
 * integer division of Winkler's C code (strcmp95), which would round 1.5 down to 1.
 * Two empty strings are identical (1); one empty string shares nothing (0).
 *
 * @example
 * jaroSimilarity('MARTHA', 'MARHTA') // 0.9444444444444445
 * jaroSimilarity('SITI', 'SITI') // 1
 */
export function jaroSimilarity(a: string, b: string): number {
  checkComparable(a, b, 'jaroSimilarity');
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  return jaroOfStrings(a, b);
}

/** Jaro of two different, non-empty strings; private to the comparators. */
export function jaroOfStrings(a: string, b: string): number {
  const lengthA = a.length;
  const lengthB = b.length;
  // Names are almost always at most 32 code units: one int then holds a whole string's match flags.
  // This path reads the strings directly; copying them first measured ~25% slower.
  if (lengthA <= 32 && lengthB <= 32) {
    // Jaro is symmetric, so the main loop runs over the shorter string and the setup over the longer:
    // fewer of the costlier steps. The formula below keeps natural's operand order, bit for bit.
    const counts = lengthA <= lengthB ? countMatches(a, b) : countMatches(b, a);
    const matches = counts >> 8;
    if (matches === 0) return 0;
    const outOfOrder = counts & 0xff;
    return (matches / lengthA + matches / lengthB + (matches - outOfOrder / 2) / matches) / 3;
  }
  loadA(a);
  loadB(b);
  return jaroWithFlags(codesA, lengthA, codesB, lengthB);
}

/**
 * Greedy Jaro matching of two strings of at most 32 code units, bit-parallel: returns
 * `matches << 8 | outOfOrder` (both ≤ 32), so the caller allocates nothing. Private to the comparators.
 */
export function countMatches(a: string, b: string): number {
  const lengthA = a.length;
  const lengthB = b.length;
  const window = ((lengthA > lengthB ? lengthA : lengthB) >> 1) - 1;
  // A negative window means two different single characters: nothing can match.
  if (window < 0) return 0;
  for (let k = 0; k < lengthB; k++) {
    const code = b.charCodeAt(k);
    charMasks[code] = charMasks[code]! | (1 << k);
  }
  // Bits of b inside the window of position i: [i - window, i + window], slid one bit per step.
  let windowMask = (1 << (window + 1)) - 1;
  let matchedA = 0;
  let matchedB = 0;
  let matches = 0;
  const growing = window < lengthA ? window : lengthA;
  let i = 0;
  for (; i < growing; i++) {
    const candidates = charMasks[a.charCodeAt(i)]! & windowMask & ~matchedB;
    if (candidates !== 0) {
      // The lowest candidate bit is the first unmatched equal character in the window: the greedy rule.
      matchedB |= candidates & -candidates;
      matchedA |= 1 << i;
      matches++;
    }
    windowMask = (windowMask << 1) | 1;
  }
  for (; i < lengthA; i++) {
    const candidates = charMasks[a.charCodeAt(i)]! & windowMask & ~matchedB;
    if (candidates !== 0) {
      matchedB |= candidates & -candidates;
      matchedA |= 1 << i;
      matches++;
    }
    windowMask <<= 1;
  }
  // Transpositions: pair the k-th matched position of a with the k-th of b. Whether b holds a's
  // character there is one bit of b's mask, which saves reading b again (rapidfuzz's trick).
  let outOfOrder = 0;
  while (matchedA !== 0) {
    const lowestB = matchedB & -matchedB;
    if ((charMasks[a.charCodeAt(31 - Math.clz32(matchedA & -matchedA))]! & lowestB) === 0) outOfOrder++;
    matchedA &= matchedA - 1;
    matchedB ^= lowestB;
  }
  for (let k = 0; k < lengthB; k++) charMasks[b.charCodeAt(k)] = 0;
  return (matches << 8) | outOfOrder;
}

/**
 * The Jaro kernel over code-unit buffers (both lengths > 0), for callers that assemble their operands
 * from several tokens; private to the comparators. Same algorithm as {@link jaroOfStrings}.
 */
export function jaroCodes(a: Uint16Array, lengthA: number, b: Uint16Array, lengthB: number): number {
  // An empty side has no code to read: a[0] / b[0] below would be whatever the shared buffer held
  // from an earlier call (nameSimilarity(['', ''], ['X']) was 1 one way round and 0 the other).
  if (lengthA === 0 || lengthB === 0) return lengthA === lengthB ? 1 : 0;
  if (lengthA > 32 || lengthB > 32) return jaroWithFlags(a, lengthA, b, lengthB);
  const window = ((lengthA > lengthB ? lengthA : lengthB) >> 1) - 1;
  if (window < 0) return a[0] === b[0] ? 1 : 0;
  for (let k = 0; k < lengthB; k++) {
    const code = b[k] as number;
    charMasks[code] = charMasks[code]! | (1 << k);
  }
  let windowMask = (1 << (window + 1)) - 1;
  let matchedA = 0;
  let matchedB = 0;
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const candidates = charMasks[a[i] as number]! & windowMask & ~matchedB;
    if (candidates !== 0) {
      matchedB |= candidates & -candidates;
      matchedA |= 1 << i;
      matches++;
    }
    windowMask = i < window ? (windowMask << 1) | 1 : windowMask << 1;
  }
  for (let k = 0; k < lengthB; k++) charMasks[b[k] as number] = 0;
  if (matches === 0) return 0;
  let outOfOrder = 0;
  while (matchedA !== 0) {
    if (a[31 - Math.clz32(matchedA & -matchedA)] !== b[31 - Math.clz32(matchedB & -matchedB)]) outOfOrder++;
    matchedA &= matchedA - 1;
    matchedB &= matchedB - 1;
  }
  return (matches / lengthA + matches / lengthB + (matches - outOfOrder / 2) / matches) / 3;
}

// For operands longer than 32 code units: the same greedy matching with one flag byte per position.
function jaroWithFlags(a: Uint16Array, lengthA: number, b: Uint16Array, lengthB: number): number {
  const window = ((lengthA > lengthB ? lengthA : lengthB) >> 1) - 1;
  // Flags for a live at [0, lengthA), for b at [lengthA, lengthA + lengthB).
  const flags = flagBuffer(lengthA + lengthB);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const low = i - window < 0 ? 0 : i - window;
    const high = i + window + 1 > lengthB ? lengthB : i + window + 1;
    const code = a[i];
    for (let k = low; k < high; k++) {
      if (flags[lengthA + k] === 0 && b[k] === code) {
        flags[i] = 1;
        flags[lengthA + k] = 1;
        matches++;
        break;
      }
    }
  }
  let outOfOrder = 0;
  if (matches > 0) {
    let k = 0;
    for (let i = 0; i < lengthA; i++) {
      if (flags[i] === 0) continue;
      while (flags[lengthA + k] === 0) k++;
      if (a[i] !== b[k]) outOfOrder++;
      k++;
    }
  }
  flags.fill(0, 0, lengthA + lengthB);
  if (matches === 0) return 0;
  return (matches / lengthA + matches / lengthB + (matches - outOfOrder / 2) / matches) / 3;
}
