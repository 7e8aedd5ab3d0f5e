import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringInterner } from '../../src/_internal/stringInterner.js';

describe('StringInterner', () => {
  it('gives the ids a Map would: dense, in order of first appearance, equal strings equal ids', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 3 }), fc.string(), fc.constantFrom('', 'A', 'a', 'Ａ', '\u0000')), { maxLength: 3000 }), (texts) => {
        const interner = new StringInterner();
        const reference = new Map<string, number>();
        for (const text of texts) {
          if (!reference.has(text)) reference.set(text, reference.size);
          expect(interner.intern(text)).toBe(reference.get(text));
        }
        expect(interner.values).toEqual([...reference.keys()]);
        for (const text of texts) expect(interner.find(text)).toBe(reference.get(text));
        expect(interner.find('never interned \u0001')).toBe(-1);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every id through many growths', () => {
    const interner = new StringInterner(1);
    for (let i = 0; i < 50_000; i++) expect(interner.intern(`NIK${i}`)).toBe(i);
    for (let i = 0; i < 50_000; i += 997) expect(interner.intern(`NIK${i}`)).toBe(i);
    expect(interner.size).toBe(50_000);
  });
});
