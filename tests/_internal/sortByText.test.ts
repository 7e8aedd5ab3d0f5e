import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByText } from '../../src/_internal/sortByText.js';

const byIndex = (a: number, b: number): number => a - b;

describe('sortByText', () => {
  it('orders like a comparator sort on the texts (code units), ties by the tie-break', () => {
    const text = fc.oneof(fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('', 'DK-0001', 'DK-0001A', 'DK-001', 'Z'));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 400 }), (texts) => {
        const positions = Int32Array.from(texts.keys());
        sortByText(positions, texts, 0, texts.length, byIndex);
        const expected = [...texts.keys()].sort((a, b) =>
          (texts[a] as string) < (texts[b] as string) ? -1 : (texts[a] as string) > (texts[b] as string) ? 1 : a - b,
        );
        expect([...positions]).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('sorts only the given range, and survives many equal prefixes', () => {
    const texts = Array.from({ length: 5000 }, (_, i) => `PREFIX-SHARED-BY-ALL-${(i * 7919) % 5000}`);
    texts.push('a', 'b');
    const positions = Int32Array.from(texts.keys());
    sortByText(positions, texts, 0, 5000, (a, b) => b - a);
    expect([...positions.subarray(5000)]).toEqual([5000, 5001]);
    for (let i = 1; i < 5000; i++) expect((texts[positions[i - 1] as number] as string) <= (texts[positions[i] as number] as string)).toBe(true);
  });

  it('keeps equal texts in tie-break order', () => {
    const texts = ['x', 'a', 'x', 'a', 'x'];
    const positions = Int32Array.from(texts.keys());
    sortByText(positions, texts, 0, 5, (a, b) => b - a);
    expect([...positions]).toEqual([3, 1, 4, 2, 0]);
  });
});
