/** Number formatting and plain-text tables for benchmark output. */

/** `1234567` → `1,234,567`. */
export const count = (n: number): string => Math.round(n).toLocaleString('en');
/** Milliseconds as seconds with one decimal. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
/** Bytes as whole MiB. */
export const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MiB`;
/** A share as a percentage. */
export const percent = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;
/** A number with fixed decimals (3 by default). */
export const fixed = (x: number, digits = 3): string => x.toFixed(digits);

/** Lays out rows as columns: the first column left-aligned, the rest right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] as number) : cell.padStart(widths[c] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
