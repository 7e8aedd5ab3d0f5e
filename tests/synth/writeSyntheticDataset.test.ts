import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticDataset } from '../../src/synth/writeSyntheticDataset.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

describe('writeSyntheticDataset', () => {
  it('writes records per source, the truth apart, and a manifest; identical for the same seed', async () => {
    const a = mkdtempSync(join(tmpdir(), 'padan-synth-'));
    const b = mkdtempSync(join(tmpdir(), 'padan-synth-'));
    dirs.push(a, b);
    const summary = await writeSyntheticDataset(a, { seed: 3, persons: 800 });
    await writeSyntheticDataset(b, { seed: 3, persons: 800 });
    const files = readdirSync(a).sort();
    expect(files).toEqual(readdirSync(b).sort());
    for (const f of files.filter((f) => f.endsWith('.ndjson'))) expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
    expect(files).toContain('truth.persons.ndjson');
    expect(files).toContain('dukcapil.persons.ndjson');
    expect(files).toContain('manifest.json');

    const truth = lines(join(a, 'truth.persons.ndjson')).map((l) => JSON.parse(l) as { source: string; recordId: string });
    const truthKeys = new Set(truth.map((t) => `${t.source}|${t.recordId}`));
    expect(truthKeys.size).toBe(truth.length);
    let records = 0;
    for (const f of files.filter((f) => f.endsWith('.persons.ndjson') && !f.startsWith('truth.'))) {
      for (const line of lines(join(a, f))) {
        const record = JSON.parse(line) as { source: string; recordId: string; personId?: unknown };
        expect(truthKeys.has(`${record.source}|${record.recordId}`)).toBe(true);
        expect(record.personId).toBeUndefined();
        records++;
      }
    }
    expect(records).toBe(truth.length);
    expect(summary.personRecords).toBe(truth.length);
    expect(summary.truePersons).toBeGreaterThanOrEqual(800);
    const manifest = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8')) as { options: { seed: number } };
    expect(manifest.options.seed).toBe(3);
  });
});
