import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateSources } from '../../src/synth/sources.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

function padan(dir: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('padan report', () => {
  it('resolves the input and writes one self-contained page, printing no full NIK', () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-report-'));
    const lines: string[] = [];
    for (const item of generateSources({ persons: 80, seed: 9 })) if (item.kind === 'person') lines.push(JSON.stringify(item.record));
    writeFileSync(join(dir, 'persons.ndjson'), `${lines.join('\n')}\n`);
    const run = padan(dir, ['report', '--in', 'persons.ndjson', '--out', 'out/report.html', '--title', 'Uji']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/padan report: \d+ records, \d+ persons, \d+ review pairs → out\/report.html/);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('<title>Uji</title>');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\d{16}/);
  });

  it('explains itself and refuses a call without input or output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'padan-report-'));
    expect(padan(dir, ['report', '--help']).stdout).toMatch(/self-contained HTML/);
    const run = padan(dir, ['report', '--in', 'x.ndjson']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--out FILE/);
  });
});
