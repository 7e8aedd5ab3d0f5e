import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';
import { csvField } from '../../src/cli/writeLinks.js';
import { generateSources } from '../../src/synth/index.js';

// Protects the CLI's join table and output sizes (issue 23): links.csv accounts for every resolved
// record of every kind with the IDs of persons.ndjson, families.ndjson and households.ndjson, and
// --provenance trims persons.ndjson without changing the unified records.
const root = resolve(import.meta.dirname, '../..');

function io(): { stdout: PassThrough; stderr: NodeJS.WriteStream; text: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stdout, stderr: new PassThrough() as unknown as NodeJS.WriteStream, text: () => text };
}

function dataset(): string {
  const dir = mkdtempSync(join(tmpdir(), 'padan-cli-out-'));
  const lines: Record<string, string[]> = { person: [], family: [], dwelling: [] };
  for (const item of generateSources({ persons: 150, seed: 21 })) lines[item.kind]?.push(JSON.stringify(item.record));
  for (const [kind, rows] of Object.entries(lines)) writeFileSync(join(dir, `${kind}.ndjson`), `${rows.join('\n')}\n`);
  return dir;
}

function readNdjson(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

describe('padan resolve outputs', () => {
  const input = dataset();
  const run = async (out: string, ...flags: string[]): Promise<void> => {
    const streams = io();
    const code = await runCli(
      [
        'resolve',
        '--in',
        join(input, 'person.ndjson'),
        '--in',
        join(input, 'family.ndjson'),
        '--in',
        join(input, 'dwelling.ndjson'),
        '--out',
        out,
        '--quiet',
        ...flags,
      ],
      streams,
    );
    expect(code, streams.text()).toBe(0);
  };

  it('writes links.csv: one row per resolved record, IDs that join with the other outputs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'padan-cli-links-'));
    await run(out);
    const [header, ...rows] = readFileSync(join(out, 'links.csv'), 'utf8').trimEnd().split('\n').map(parseCsvLine);
    expect(header).toEqual(['source', 'recordId', 'personId', 'familyId', 'householdId', 'recordKind']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { accounting: { byKind: Record<string, { resolved: number }> } };
    const byKind = (kind: string) => rows.filter((row) => row[5] === kind);
    for (const kind of ['person', 'family', 'dwelling']) expect(byKind(kind).length).toBe(report.accounting.byKind[kind]?.resolved);
    const keys = rows.map((row) => `${row[5]}|${row[0]}|${row[1]}`);
    expect(new Set(keys).size).toBe(keys.length);

    const persons = new Set(readNdjson(join(out, 'persons.ndjson')).map((p) => p.id));
    const families = new Set(readNdjson(join(out, 'families.ndjson')).map((f) => f.id));
    const households = new Set(readNdjson(join(out, 'households.ndjson')).map((h) => h.id));
    for (const row of byKind('person')) expect(persons.has(row[2])).toBe(true);
    for (const row of rows) {
      if (row[3] !== '') expect(families.has(row[3])).toBe(true);
      if (row[4] !== '') expect(households.has(row[4])).toBe(true);
    }
    expect(byKind('person').filter((row) => row[3] !== '').length).toBeGreaterThan(0);
    expect(byKind('family').every((row) => row[3] !== '')).toBe(true);
  });

  it('trims provenance with --provenance summary (default) and none, keeping unified records', async () => {
    const sizes: Record<string, number> = {};
    const unified: Record<string, string> = {};
    for (const level of ['full', 'summary', 'none']) {
      const out = mkdtempSync(join(tmpdir(), `padan-cli-${level}-`));
      await run(out, '--provenance', level);
      const text = readFileSync(join(out, 'persons.ndjson'), 'utf8');
      sizes[level] = text.length;
      const persons = readNdjson(join(out, 'persons.ndjson'));
      unified[level] = JSON.stringify(persons.map((p) => [p.id, p.unified, p.conflicts]));
      if (level === 'none') expect(persons.every((p) => p.provenance === undefined && p.history === undefined)).toBe(true);
      if (level === 'summary') {
        for (const person of persons) {
          const members = person.members as unknown[];
          for (const entry of Object.values(person.provenance as Record<string, { from: number | null; losing: number }>)) {
            expect(typeof entry.losing).toBe('number');
            if (entry.from !== null) expect(members[entry.from]).toBeDefined();
          }
        }
      }
    }
    expect(unified.summary).toBe(unified.full);
    expect(unified.none).toBe(unified.full);
    expect(sizes.none).toBeLessThan(sizes.summary as number);
    expect(sizes.summary).toBeLessThan(sizes.full as number);
    const streams = io();
    expect(
      await runCli(['resolve', '--in', join(input, 'person.ndjson'), '--out', mkdtempSync(join(tmpdir(), 'padan-cli-bad-')), '--provenance', 'some'], streams),
    ).toBe(2);
  });

  it('quotes CSV fields only when needed and never alters them', () => {
    expect(['A1', 'a,b', 'say "x"', '-5', '=1+1'].map(csvField)).toEqual(['A1', '"a,b"', '"say ""x"""', '-5', '=1+1']);
  });

  it('--help cites only docs that ship in the package', () => {
    const streams = io();
    void runCli(['--help'], streams);
    const files = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[] }).files;
    for (const [doc] of streams.text().matchAll(/docs\/[\w.]+\.md/g))
      expect(files.some((pattern) => pattern === doc || (pattern === 'docs/*.md' && /^docs\/[^/]+\.md$/.test(doc)))).toBe(true);
  });
});
