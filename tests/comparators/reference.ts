/**
 * Textbook edit distances, written for obviousness rather than speed: the oracles for the cases where
 * natural is known to be wrong (its unrestricted Damerau–Levenshtein) or has no implementation.
 */

function matrix(rows: number, columns: number, fill: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(columns).fill(fill));
}

/** Optimal string alignment (restricted Damerau–Levenshtein). */
export function referenceOsa(a: string, b: string): number {
  const d = matrix(a.length + 1, b.length + 1, 0);
  for (let i = 0; i <= a.length; i++) d[i]![0] = i;
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** True Damerau–Levenshtein (Lowrance & Wagner 1975), as on Wikipedia, with a Map for the alphabet. */
export function referenceDamerauLevenshtein(a: string, b: string): number {
  const lastRow = new Map<string, number>();
  const max = a.length + b.length;
  const d = matrix(a.length + 2, b.length + 2, 0);
  d[0]![0] = max;
  for (let i = 0; i <= a.length; i++) {
    d[i + 1]![0] = max;
    d[i + 1]![1] = i;
  }
  for (let j = 0; j <= b.length; j++) {
    d[0]![j + 1] = max;
    d[1]![j + 1] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    let lastColumn = 0;
    for (let j = 1; j <= b.length; j++) {
      const k = lastRow.get(b[j - 1]!) ?? 0;
      const l = lastColumn;
      let cost = 1;
      if (a[i - 1] === b[j - 1]) {
        cost = 0;
        lastColumn = j;
      }
      d[i + 1]![j + 1] = Math.min(d[i]![j]! + cost, d[i + 1]![j]! + 1, d[i]![j + 1]! + 1, d[k]![l]! + (i - k - 1) + 1 + (j - l - 1));
    }
    lastRow.set(a[i - 1]!, i);
  }
  return d[a.length + 1]![b.length + 1]!;
}
