import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvField } from '../../src/cli/writeLinks.js';
import {
  applyPersonIdPatches,
  linkPersonIdPatches,
  personLinesWithout,
  quotedPersonIdPatches,
  replaceQuotedPersonIds,
} from '../../src/partition/personIdBytes.js';

const PERSON_ID = /"(P[0-9a-f]{16})"/g;
const LINE_ID = /^\{"id":"(P[0-9a-f]{16})"/;

// Texts made of person IDs (a few, so they repeat), near misses, quotes and multi-byte characters.
const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 16, maxLength: 16 });
const id = fc.constantFrom('0000000000000001', '00000000000000ff', 'abcdef0123456789', '0123456789abcdef').map((digits) => `P${digits}`);
const piece = fc.oneof(
  id.map((value) => `"${value}"`),
  hex.map((digits) => `"P${digits}"`),
  id.map((value) => value.toUpperCase()),
  id.map((value) => `"${value.slice(0, 12)}"`),
  id.map((value) => `"${value}x"`),
  fc.constantFrom('"', '""', 'P', '"P', ',', 'é', '名', '😀', '\\"', ' '),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const text = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
const remapOf = fc
  .subarray(['P0000000000000001', 'P00000000000000ff', 'Pabcdef0123456789', 'P0123456789abcdef'])
  .chain((from) => fc.tuple(...from.map(() => hex)).map((to) => new Map(from.map((key, i) => [key, `P${to[i] as string}`]))));

describe('replaceQuotedPersonIds', () => {
  it('patches the bytes exactly where a regular expression on the decoded text replaces', () => {
    fc.assert(
      fc.property(text, remapOf, (input, remap) => {
        const bytes = Buffer.from(input, 'utf8');
        const count = replaceQuotedPersonIds(bytes, remap);
        let expected = 0;
        const replaced = input.replace(PERSON_ID, (whole, found: string) => {
          const to = remap.get(found);
          if (to === undefined) return whole;
          expected++;
          return `"${to}"`;
        });
        expect(bytes.toString('utf8')).toBe(Buffer.from(replaced, 'utf8').toString('utf8'));
        expect(count).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('replaces adjacent IDs, not the quote between them twice', () => {
    const bytes = Buffer.from('["P0000000000000001","P0000000000000001""P0000000000000001"]');
    expect(replaceQuotedPersonIds(bytes, new Map([['P0000000000000001', 'P00000000000000ff']]))).toBe(3);
    expect(bytes.toString()).toBe('["P00000000000000ff","P00000000000000ff""P00000000000000ff"]');
  });
});

describe('personLinesWithout', () => {
  it('keeps exactly the non-empty lines whose leading ID is not dropped, each ending in a newline', () => {
    const line = fc.oneof(
      fc.tuple(id, text).map(([value, rest]) => `{"id":"${value}"${rest.replace(/\n/g, '')}`),
      fc.tuple(hex, text).map(([digits, rest]) => `{"id":"P${digits}",${rest.replace(/\n/g, '')}`),
      text.map((rest) => rest.replace(/\n/g, '')),
      fc.constant(''),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.boolean(),
        fc.subarray(['P0000000000000001', 'P00000000000000ff', 'Pabcdef0123456789']),
        (lines, finalNewline, dropped) => {
          const input = lines.join('\n') + (finalNewline && lines.length > 0 ? '\n' : '');
          const drop = new Set(dropped);
          const { parts, kept } = personLinesWithout(Buffer.from(input, 'utf8'), (found) => drop.has(found));
          const expected = input
            .split('\n')
            .filter((candidate) => {
              if (candidate === '') return false;
              const found = LINE_ID.exec(candidate)?.[1];
              return found === undefined || !drop.has(found);
            })
            .map((candidate) => `${candidate}\n`);
          expect(Buffer.concat(parts).toString('utf8')).toBe(Buffer.from(expected.join(''), 'utf8').toString('utf8'));
          expect(kept).toBe(expected.length);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('applyPersonIdPatches', () => {
  it('gives the same bytes applied chunk by chunk, wherever the chunks are cut, as applied at once', () => {
    fc.assert(
      fc.property(text, remapOf, fc.array(fc.nat(), { maxLength: 6 }), (input, remap, cuts) => {
        const whole = Buffer.from(input, 'utf8');
        const patches = quotedPersonIdPatches(whole, remap);
        const bounds = [...new Set([0, ...cuts.map((cut) => cut % (whole.length + 1)), whole.length])].sort((a, b) => a - b);
        const pieces: Buffer[] = [];
        for (let i = 1; i < bounds.length; i++) {
          const piece = Buffer.from(whole.subarray(bounds[i - 1], bounds[i]));
          applyPersonIdPatches(piece, bounds[i - 1] as number, patches);
          pieces.push(piece);
        }
        replaceQuotedPersonIds(whole, remap);
        expect(Buffer.concat(pieces).equals(whole)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('linkPersonIdPatches', () => {
  const patched = (rows: string, remap: ReadonlyMap<string, string>): string => {
    const bytes = Buffer.from(rows, 'utf8');
    applyPersonIdPatches(bytes, 0, linkPersonIdPatches(bytes, remap));
    return bytes.toString('utf8');
  };

  it('remaps person IDs of links.csv rows whose quoted fields hold commas, quotes and line breaks', () => {
    const rows = ['dtks,1,P1,F1,H1,person', '"a,b","x\n,P1,F,H,person",P1,,,person', '"say ""P1""",P1,P2,,,person', 'bps,fam,,F1,H1,family', ''].join('\n');
    expect(patched(rows, new Map([['P1', 'PG']]))).toBe(
      ['dtks,1,PG,F1,H1,person', '"a,b","x\n,P1,F,H,person",PG,,,person', '"say ""P1""",P1,P2,,,person', 'bps,fam,,F1,H1,family', ''].join('\n'),
    );
  });

  it('replaces exactly the personId column of rows written as writeLinks writes them', () => {
    const field = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), id, fc.constantFrom('a,b', '"', 'x\ny', 'é,"P"', ''));
    const row = fc.record({ source: field, recordId: field, personId: fc.oneof(id, fc.constant('')), rest: fc.constantFrom(',F1,H1,person', ',,,family') });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), remapOf, (rows, remap) => {
        const line = (r: { source: string; recordId: string; personId: string; rest: string }, personId: string): string =>
          `${csvField(r.source)},${csvField(r.recordId)},${personId}${r.rest}\n`;
        expect(patched(rows.map((r) => line(r, r.personId)).join(''), remap)).toBe(rows.map((r) => line(r, remap.get(r.personId) ?? r.personId)).join(''));
      }),
      { numRuns: 300 },
    );
  });
});
