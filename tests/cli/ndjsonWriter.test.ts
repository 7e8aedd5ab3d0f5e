import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redactedJson } from '../../src/_internal/redact.js';
import { createNdjsonWriter } from '../../src/cli/writeOutputs.js';

// Protects the bytes of every NDJSON output (persons, review, rejections): the writer encodes lines
// into a reused buffer, so a line that fills it, one larger than it, and multi-byte text must come
// out exactly as one `JSON.stringify` per line would write them.
const dir = mkdtempSync(join(tmpdir(), 'padan-ndjson-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function written(values: readonly unknown[], redact: boolean): { text: string; lines: number } {
  const path = join(dir, `${redact ? 'redacted' : 'plain'}.ndjson`);
  const writer = createNdjsonWriter(path, { redact });
  for (const value of values) writer.write(value);
  const lines = writer.close();
  return { text: readFileSync(path, 'utf8'), lines };
}

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('ÄÖÜ', 'Ñ 🙂', 'NIK 3201015205900001', '\u2028'));

describe('createNdjsonWriter', () => {
  it('writes each value as its JSON on one line, whatever its size and characters', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.jsonValue(), fc.record({ name: text, note: text }), text), { maxLength: 30 }), fc.boolean(), (values, redact) => {
        const { text: file, lines } = written(values, redact);
        const json = (value: unknown): string => (redact ? redactedJson(value) : JSON.stringify(value));
        expect(file).toBe(values.map((value) => `${json(value)}\n`).join(''));
        expect(lines).toBe(values.length);
      }),
      { numRuns: 60 },
    );
  });

  it('writes lines that fill the buffer, and lines longer than it, in order', () => {
    // 1 MiB buffer: ASCII lines just below and above it, and a multi-byte one (3 bytes per unit).
    const values = ['a'.repeat((1 << 20) - 10), 'b', 'c'.repeat((1 << 20) + 5), 'é'.repeat(400_000), '€'.repeat(350_000), { x: 'd' }];
    const { text: file, lines } = written(values, false);
    expect(file).toBe(values.map((value) => `${JSON.stringify(value)}\n`).join(''));
    expect(lines).toBe(values.length);
  });
});
