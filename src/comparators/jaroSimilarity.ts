import { charMasks, codesA, codesB, flagBuffer, loadA, loadB } from './codeBuffers.js';

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
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const lengthA = loadA(a);
  const lengthB = loadB(b);
  return jaroCodes(codesA, lengthA, codesB, lengthB);
}

/**
 * The Jaro kernel over code-unit buffers (both lengths > 0). Not exported from the package: the
 * string functions and nameSimilarity call it after loading their operands.
 */
export function jaroCodes(a: Uint16Array, lengthA: number, b: Uint16Array, lengthB: number): number {
  // Names are almost always at most 32 code units: one int then holds a whole string's match flags.
  if (lengthA <= 32 && lengthB <= 32) return jaroBitParallel(a, lengthA, b, lengthB);
  return jaroWithFlags(a, lengthA, b, lengthB);
}

function jaroBitParallel(a: Uint16Array, lengthA: number, b: Uint16Array, lengthB: number): number {
  const window = ((lengthA > lengthB ? lengthA : lengthB) >> 1) - 1;
  for (let k = 0; k < lengthB; k++) {
    const code = b[k] as number;
    charMasks[code] = charMasks[code]! | (1 << k);
  }

  let matchedA = 0;
  let matchedB = 0;
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const low = i - window < 0 ? 0 : i - window;
    const high = i + window + 1 > lengthB ? lengthB : i + window + 1;
    if (low >= high) continue;
    // `1 << 32` is 1 in JavaScript, so a window reaching bit 31 needs the all-ones mask spelled out.
    const windowMask = (high >= 32 ? -1 : (1 << high) - 1) & ~((1 << low) - 1);
    const candidates = charMasks[a[i] as number]! & windowMask & ~matchedB;
    if (candidates !== 0) {
      // The lowest candidate bit is the first unmatched equal character in the window: the greedy rule.
      matchedB |= candidates & -candidates;
      matchedA |= 1 << i;
      matches++;
    }
  }
  for (let k = 0; k < lengthB; k++) charMasks[b[k] as number] = 0;
  if (matches === 0) return 0;

  let outOfOrder = 0;
  let restA = matchedA;
  let restB = matchedB;
  while (restA !== 0) {
    const i = 31 - Math.clz32(restA & -restA);
    const k = 31 - Math.clz32(restB & -restB);
    if (a[i] !== b[k]) outOfOrder++;
    restA &= restA - 1;
    restB &= restB - 1;
  }
  return (matches / lengthA + matches / lengthB + (matches - outOfOrder / 2) / matches) / 3;
}

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
