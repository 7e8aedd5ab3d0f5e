/**
 * Sorts positions by the texts they point to, in code-unit order (what `<` on strings does), ties
 * in the order `tieBreak` gives. A multikey quicksort (Bentley–Sedgewick): each pass looks at one
 * character of each text instead of comparing whole strings, so a million record ids that share
 * long prefixes sort several times faster than with `Array.prototype.sort`, and without building a
 * string per element. An explicit stack keeps the depth bounded on any input.
 */

const INSERTION_BELOW = 12;

function codeAt(text: string, at: number): number {
  return at < text.length ? text.charCodeAt(at) : -1;
}

/**
 * Sorts `positions[from..to)` in place so that `texts[positions[i]]` ascend; equal texts keep the
 * order of `tieBreak(a, b)` (negative: a first).
 *
 * @example
 * const positions = Int32Array.of(0, 1, 2);
 * sortByText(positions, ['b', 'a', 'c'], 0, 3, (a, b) => a - b); // positions → [1, 0, 2]
 */
export function sortByText(positions: Int32Array, texts: readonly string[], from: number, to: number, tieBreak: (a: number, b: number) => number): void {
  // Pending ranges as (lo, hi, depth) triples.
  let stack = new Int32Array(96);
  let top = 0;
  const push = (lo: number, hi: number, depth: number): void => {
    if (hi - lo < 2) return;
    if (top + 3 > stack.length) {
      const grown = new Int32Array(stack.length * 2);
      grown.set(stack);
      stack = grown;
    }
    stack[top++] = lo;
    stack[top++] = hi;
    stack[top++] = depth;
  };
  push(from, to, 0);
  while (top > 0) {
    const depth = stack[--top] as number;
    const hi = stack[--top] as number;
    const lo = stack[--top] as number;
    if (hi - lo < INSERTION_BELOW) {
      insertionSort(positions, texts, lo, hi, tieBreak);
      continue;
    }
    // Median of three characters as the pivot.
    const a = codeAt(texts[positions[lo] as number] as string, depth);
    const b = codeAt(texts[positions[(lo + hi) >>> 1] as number] as string, depth);
    const c = codeAt(texts[positions[hi - 1] as number] as string, depth);
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let lt = lo;
    let gt = hi - 1;
    let i = lo;
    while (i <= gt) {
      const code = codeAt(texts[positions[i] as number] as string, depth);
      if (code < pivot) {
        const swap = positions[lt] as number;
        positions[lt++] = positions[i] as number;
        positions[i++] = swap;
      } else if (code > pivot) {
        const swap = positions[gt] as number;
        positions[gt--] = positions[i] as number;
        positions[i] = swap;
      } else i++;
    }
    push(lo, lt, depth);
    push(gt + 1, hi, depth);
    // The middle part agrees up to this character; past the end of the texts, they are equal.
    if (pivot < 0) sortTies(positions, lt, gt + 1, tieBreak);
    else push(lt, gt + 1, depth + 1);
  }
}

function insertionSort(positions: Int32Array, texts: readonly string[], lo: number, hi: number, tieBreak: (a: number, b: number) => number): void {
  for (let i = lo + 1; i < hi; i++) {
    const moving = positions[i] as number;
    const text = texts[moving] as string;
    let j = i - 1;
    while (j >= lo) {
      const other = positions[j] as number;
      const otherText = texts[other] as string;
      if (otherText < text || (otherText === text && tieBreak(other, moving) <= 0)) break;
      positions[j + 1] = other;
      j--;
    }
    positions[j + 1] = moving;
  }
}

function sortTies(positions: Int32Array, lo: number, hi: number, tieBreak: (a: number, b: number) => number): void {
  if (hi - lo < 2) return;
  const run = Array.from(positions.subarray(lo, hi)).sort(tieBreak);
  for (let i = 0; i < run.length; i++) positions[lo + i] = run[i] as number;
}
