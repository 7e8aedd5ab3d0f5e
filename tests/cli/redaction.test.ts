import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containsIdentifier } from '../../src/_internal/redact.js';
import { runCli } from '../../src/cli/runCli.js';
import { generateSources } from '../../src/synth/sources.js';
import type { SynthPersonRecord } from '../../src/synth/types.js';

const dir = mkdtempSync(join(tmpdir(), 'padan-cli-leak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI files when a source uses the NIK as its recordId', () => {
  it('review.ndjson, rejections.ndjson, report.json and stdout hold no full NIK (regression: 10 and 90 in a 2,000-person run)', async () => {
    const records: SynthPersonRecord[] = [];
    for (const item of generateSources({ persons: 300, seed: 5 })) if (item.kind === 'person') records.push(item.record);
    // Every record's recordId is its NIK written another way; some records are invalid so that they are rejected.
    const lines = records.map((r, i) => {
      const id = r.nik ? (i % 3 === 0 ? r.nik.replace(/(\d{4})/g, '$1/') : i % 3 === 1 ? r.nik.replace(/(\d{4})/g, '$1\t') : r.nik) : `R${i}`;
      return JSON.stringify(i % 17 === 0 ? { ...r, recordId: id, birthDate: '1990-13-45', sex: 'constructor' } : { ...r, recordId: id });
    });
    writeFileSync(join(dir, 'in.ndjson'), `${lines.join('\n')}\n`);
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true) } } as never;
    const code = await runCli(['resolve', '--in', join(dir, 'in.ndjson'), '--out', join(dir, 'out'), '--quiet'], io);
    expect(code).toBe(0);
    const review = readFileSync(join(dir, 'out', 'review.ndjson'), 'utf8');
    const rejections = readFileSync(join(dir, 'out', 'rejections.ndjson'), 'utf8');
    expect(rejections.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    expect(review.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    // People's text: stdout and stderr whole.
    for (const text of [stdout, stderr]) expect(containsIdentifier(text)).toBe(false);
    // The files are JSON, and stay JSON after redaction (every line parses): every string, every key and
    // every long integer in them is free of identifiers. Fractions are probabilities and weights, data
    // that no source can put a NIK into (and a few do look like one after the point by chance).
    const report = readFileSync(join(dir, 'out', 'report.json'), 'utf8');
    for (const value of [...review.split('\n').filter(Boolean), ...rejections.split('\n').filter(Boolean), report].map((text) => JSON.parse(text) as unknown)) {
      JSON.stringify(value, function (key, item: unknown) {
        expect(containsIdentifier(key), key).toBe(false);
        if (typeof item === 'string') expect(containsIdentifier(item), item).toBe(false);
        if (typeof item === 'number' && Number.isInteger(item)) expect(containsIdentifier(String(item)), String(item)).toBe(false);
        return item;
      });
    }
    // The data product keeps them (DESIGN.md invariant 6).
    expect(containsIdentifier(readFileSync(join(dir, 'out', 'persons.ndjson'), 'utf8'))).toBe(true);
  });
});
