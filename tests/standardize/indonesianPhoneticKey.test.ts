import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indonesianPhoneticKey } from '../../src/standardize/indonesianPhoneticKey.js';
import { PHONETIC_DIGRAPHS, PHONETIC_LETTERS } from '../../src/standardize/tables/phonetic.js';
import { DISTINCT_NAMES } from './fixtures/distinctNames.js';

/** Groups of spellings of one name, as they appear across registers. */
const VARIANT_GROUPS: readonly (readonly string[])[] = [
  ['SYAIFUL', 'SAIFUL', 'SYAIPUL', 'SAIPUL'],
  ['YUSUF', 'JOESOEF', 'YUSUP', 'JUSUF'],
  ['FITRIANI', 'FITRIYANI'],
  ['HIDAYAT', 'HIDAYATT'],
  ['KHAIRUL', 'CHAIRUL', 'HAIRUL'],
  ['NURHAYATI', 'NOERHAJATI', 'NURHAYATI'],
  ['DEWI', 'DEWY'],
  ['RIZKI', 'RIZKY', 'RISKI', 'RIZQI', 'RISKY'],
  ['ZULKIFLI', 'ZULKIPLI', 'DZULKIFLI'],
  ['FAHRUL', 'FACHRUL', 'FAKHRUL'],
  ['MUHAMMAD', 'MOHAMMAD', 'MUHAMAD', 'MOCHAMMAD', 'MOCH'],
  ['AHMAD', 'ACHMAD', 'AHMAT'],
  ['SUKARNO', 'SOEKARNO'],
  ['RAMADHAN', 'RAMADAN'],
  ['FATIMAH', 'FATIMA', 'FATHIMAH'],
  ['SHOLEH', 'SOLEH'],
  ['RAHMAT', 'RACHMAT', 'RAKHMAT', 'RAHMAD'],
  ['NOVI', 'NOFI', 'NOVY'],
  ['WIJAYA', 'WIDJAJA', 'WIJAYA'],
  ['CANDRA', 'CHANDRA'],
];

describe('indonesianPhoneticKey', () => {
  for (const group of VARIANT_GROUPS) {
    it(`one key for ${group.join(' / ')}`, () => {
      const keys = new Set(group.map((name) => indonesianPhoneticKey(name)));
      expect([...keys]).toHaveLength(1);
    });
  }

  it('has an example for each letter and digraph rule', () => {
    const examples = VARIANT_GROUPS.flat().join(' ');
    for (const pair of Object.keys(PHONETIC_DIGRAPHS).filter((p) => p !== 'GH' && p !== 'PH')) {
      expect(examples).toContain(pair);
    }
    for (const letter of Object.keys(PHONETIC_LETTERS).filter((l) => l !== 'X')) expect(examples).toContain(letter);
  });

  it('keeps distinct common names apart (collision rate under 3%)', () => {
    expect(new Set(DISTINCT_NAMES).size).toBe(DISTINCT_NAMES.length);
    const byKey = new Map<string, string[]>();
    for (const name of DISTINCT_NAMES) {
      const key = indonesianPhoneticKey(name);
      byKey.set(key, [...(byKey.get(key) ?? []), name]);
    }
    const colliding = [...byKey.values()].filter((names) => names.length > 1).flat();
    expect(colliding.length / DISTINCT_NAMES.length).toBeLessThan(0.03);
  });

  it('joins more variants than Soundex while merging fewer distinct names than it', () => {
    const require = createRequire(import.meta.url);
    const SoundEx = require('natural/lib/natural/phonetics/soundex') as new () => { process(s: string): string };
    const soundex = new SoundEx();
    const groupsJoined = (key: (s: string) => string): number => VARIANT_GROUPS.filter((g) => new Set(g.map(key)).size === 1).length;
    const collisions = (key: (s: string) => string): number => DISTINCT_NAMES.length - new Set(DISTINCT_NAMES.map(key)).size;
    const ours = (s: string): string => indonesianPhoneticKey(s);
    const theirs = (s: string): string => soundex.process(s);
    expect(groupsJoined(ours)).toBeGreaterThan(groupsJoined(theirs));
    expect(collisions(ours)).toBeLessThan(collisions(theirs));
  });

  it('keys every word of a name, after titles and patronymic are removed', () => {
    expect(indonesianPhoneticKey('H. Rizky Fachrul bin Joesoef')).toBe('RISKI PAHRUL');
    expect(indonesianPhoneticKey('rizky')).toBe(indonesianPhoneticKey('RIZKI'));
  });

  it('returns uppercase letters and spaces only', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (raw) => {
        expect(indonesianPhoneticKey(raw)).toMatch(/^[A-Z ]*$/);
      }),
    );
  });

  it('honours maxTokenKeyLength', () => {
    expect(indonesianPhoneticKey('NURHAYATI', { maxTokenKeyLength: 4 })).toBe('NURH');
  });
});
