import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSources } from '../../src/synth/sources.js';
import type { SynthPersonRecord } from '../../src/synth/types.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
// Resolved here, not from the temp dir the CLI runs in (which has no node_modules).
const TSX = import.meta.resolve('tsx');

let dir: string;
let niks: string[];

function padan(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function ndjson(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectNoFullNik(text: string): void {
  for (const nik of niks) expect(text.includes(nik), 'a full NIK was printed').toBe(false);
  // Any 16-digit run at all is suspect in printed output, except the fraction of a float (a match
  // probability such as 0.7336507984223891 has 16 digits after its point).
  expect(text).not.toMatch(/(?<![\d.])\d{16}/);
}

// A tiny fixture: a seeded population split by source into two NDJSON files, plus a CSV file, a
// malformed JSON line (holding a NIK), a blank line and a record the schema rejects.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-cli-'));
  const records: SynthPersonRecord[] = [];
  for (const item of generateSources({ persons: 60, seed: 11 })) if (item.kind === 'person') records.push(item.record);
  niks = [...new Set(records.flatMap((r) => (r.nik ? [r.nik.replace(/\D/g, '')] : [])))];
  const registry = records.filter((r) => r.source === 'dukcapil');
  const others = records.filter((r) => r.source !== 'dukcapil');
  const leaky = `{"source":"dtks","recordId":"broken","nik":"${niks[0]}", "name": `;
  writeFileSync(join(dir, 'dukcapil.ndjson'), `${registry.map((r) => JSON.stringify(r)).join('\n')}\n`);
  writeFileSync(
    join(dir, 'others.ndjson'),
    [
      ...others.slice(0, 5).map((r) => JSON.stringify(r)),
      leaky,
      '',
      // Neither a name nor a NIK: the one kind of record the identity rule refuses here.
      JSON.stringify({ source: 'dtks', recordId: 'no-identity', observedAt: '2024-01-01', name: ' ', sex: 'P' }),
      ...others.slice(5).map((r) => JSON.stringify(r)),
    ].join('\n') + '\n',
  );
  const person = registry[0] as SynthPersonRecord;
  writeFileSync(
    join(dir, 'desk.csv'),
    'source,recordId,observedAt,channel,nik,name,sex,birthDate,address.villageCode\n' +
      `citizen-desk,c1,2025-01-05,survey,${person.nik},"${person.name}",${person.sex},${person.birthDate},${person.address?.villageCode ?? ''}\n` +
      'citizen-desk,c2,2025-01-05,survey\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('padan resolve', () => {
  let first: ReturnType<typeof padan>;
  beforeAll(() => {
    first = padan(['resolve', '--in', 'dukcapil.ndjson', '--in', 'others.ndjson', '--in', 'desk.csv', '--out', 'out', '--save-model', 'model.json']);
  });

  it('exits 0, writes the four outputs and prints no full NIK', () => {
    expect(first.stderr.includes('unexpected error')).toBe(false);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/records resolved into \d+ persons/);
    expectNoFullNik(first.stdout + first.stderr);
    for (const file of ['persons.ndjson', 'review.ndjson', 'rejections.ndjson', 'report.json', '../model.json']) {
      expect(() => readFileSync(join(dir, 'out', file))).not.toThrow();
    }
  });

  it('accounts for every input line: each record in exactly one person or a rejection with its line', () => {
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as {
      inputs: { file: string; lines: number; records: number; blankLines: number; unreadable: number; invalid: number; resolved: number }[];
      accounting: { lines: number; blankLines: number; unreadable: number; recordsRead: number; invalid: number; resolved: number };
      persons: number;
    };
    const { accounting } = report;
    expect(accounting.unreadable).toBe(2);
    expect(accounting.invalid).toBe(1);
    for (const input of report.inputs.filter((i) => i.file.endsWith('.ndjson'))) {
      expect(input.lines).toBe(input.blankLines + input.unreadable + input.records);
    }
    expect(accounting.recordsRead).toBe(accounting.invalid + accounting.resolved);

    const persons = ndjson(join(dir, 'out', 'persons.ndjson'));
    expect(persons.length).toBe(report.persons);
    const members = persons.flatMap((p) => (p['members'] as { source: string; recordId: string }[]).map((m) => `${m.source}/${m.recordId}`));
    expect(new Set(members).size).toBe(members.length);
    expect(members.length).toBe(accounting.resolved);
    expect(members).toContain('citizen-desk/c1');

    const rejections = ndjson(join(dir, 'out', 'rejections.ndjson'));
    expect(rejections.map((r) => [r['file'], r['line'], r['stage']])).toEqual([
      ['others.ndjson', 6, 'read'],
      ['others.ndjson', 8, 'validate'],
      ['desk.csv', 3, 'read'],
    ]);
    expectNoFullNik(JSON.stringify(rejections));
  });

  it('merges the CSV desk record into the registry person it describes', () => {
    const persons = ndjson(join(dir, 'out', 'persons.ndjson'));
    const desk = persons.find((p) => (p['members'] as { recordId: string }[]).some((m) => m.recordId === 'c1'));
    expect((desk?.['members'] as { source: string }[]).map((m) => m.source)).toContain('dukcapil');
  });

  it('masks NIK and KK in the review queue and explains each pair', () => {
    for (const item of ndjson(join(dir, 'out', 'review.ndjson'))) {
      expect(item['explanation']).toHaveProperty('comparisons');
      expectNoFullNik(JSON.stringify(item));
    }
  });

  it('reuses a saved model as is and gives the same persons', () => {
    const again = padan([
      'resolve',
      '--in',
      'dukcapil.ndjson',
      '--in',
      'others.ndjson',
      '--in',
      'desk.csv',
      '--out',
      'out2',
      '--model',
      'model.json',
      '--quiet',
    ]);
    expect(again.status).toBe(0);
    expect(again.stderr).toBe('');
    const report = JSON.parse(readFileSync(join(dir, 'out2', 'report.json'), 'utf8')) as { model: { trainedOnThisInput: boolean } };
    expect(report.model.trainedOnThisInput).toBe(false);
    expect(readFileSync(join(dir, 'out2', 'persons.ndjson'), 'utf8')).toBe(readFileSync(join(dir, 'out', 'persons.ndjson'), 'utf8'));
  });
});

describe('padan usage', () => {
  it('prints help and exits 0', () => {
    const help = padan(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('padan resolve --in FILE');
  });

  it('exits 2 on a usage mistake and 1 on a missing file, naming the problem without leaking', () => {
    const unknown = padan(['resolve', '--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--bogus');
    const missing = padan(['resolve', '--in', `${niks[0]}.ndjson`, '--out', 'x']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('cannot read input');
    expectNoFullNik(missing.stderr + missing.stdout);
  });
});
