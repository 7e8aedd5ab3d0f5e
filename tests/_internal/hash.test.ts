import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash64, hash64Joined } from '../../src/_internal/hash.js';

describe('hash64', () => {
  it('gives the digits every earlier release gave: entity IDs are derived from it and must not move', () => {
    // Golden values, computed with the toString(16)/padStart implementation this one replaced.
    expect(hash64('')).toBe('ab3e7c0bb6e57c7d');
    expect(hash64('a')).toBe('1a80b1b375d02623');
    expect(hash64('family\u0000dtks\u0000R1')).toBe('b2fb9684f09869d3');
    expect(hash64('Ñandú ☃ 𝄞')).toBe('265c16247559a319');
    expect(hash64('\u0000\u0000')).toBe('18b6b1bd29848dfa');
  });

  it('is 16 lowercase hex digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(hash64(text)).toMatch(/^[0-9a-f]{16}$/);
      }),
    );
  });

  it('hash64Joined is hash64 of its two to four texts joined by NUL', () => {
    const part = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '\u0000', 'family'));
    fc.assert(
      fc.property(part, part, part, part, (a, b, c, d) => {
        expect(hash64Joined(a, b)).toBe(hash64(`${a}\u0000${b}`));
        expect(hash64Joined(a, b, c)).toBe(hash64(`${a}\u0000${b}\u0000${c}`));
        expect(hash64Joined(a, b, c, d)).toBe(hash64(`${a}\u0000${b}\u0000${c}\u0000${d}`));
      }),
      { numRuns: 500 },
    );
  });
});
