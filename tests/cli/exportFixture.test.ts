import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';
import { readRecords, type FileFacts } from '../../src/read/readRecords.js';

// Issue 16's "done when": a realistic export (DTKS-style columns, semicolons, Windows-1252, CRLF, a quoted
// line break) with every form mixed in one file, as CSV and as XLSX, resolves with 0 records refused and
// every dropped field reported. Synthetic names and digits only.

const FIXTURE = fileURLToPath(new URL('../fixtures/messy-export.csv', import.meta.url));
let dir: string;

const EXPECTED_DROPS = {
  nik: { 'nik/damaged-by-spreadsheet': 2 },
  kk: { 'nik/damaged-by-spreadsheet': 1 },
  sex: { 'schema/invalid-sex': 1 },
  birthDate: { 'schema/invalid-date': 1 },
  maritalStatus: { 'schema/invalid-category': 1 },
  'address.rt': { 'schema/invalid-rt-rw': 1 },
};

function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

async function resolveFile(file: string, out: string): Promise<{ status: number; stdout: string; stderr: string; report: Record<string, unknown> }> {
  const stdout = sink();
  const stderr = sink();
  const status = await runCli(['resolve', '--in', file, '--out', out, '--mapping', 'dtks', '--source', 'dtks', '--quiet'], { stdout: stdout.stream, stderr: stderr.stream });
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Record<string, unknown>;
  return { status, stdout: stdout.text(), stderr: stderr.text(), report };
}

/** The fixture as a workbook, cells typed as Excel holds them: numbers, dates, a NIK Excel turned into a number. */
async function writeWorkbook(path: string): Promise<void> {
  const rows: unknown[][] = [];
  const facts = {} as FileFacts;
  for await (const item of readRecords(FIXTURE, { facts, mapping: { IDARTBDT: 'IDARTBDT' } })) {
    if (item.kind === 'header') rows.push([...item.columns]);
    if (item.kind === 'record') rows.push((facts.fields ?? []).map((field) => field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], item.record) ?? null));
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('DTKS');
  for (const [index, row] of rows.entries()) {
    if (index > 0) {
      const cells = row as (unknown | null)[];
      // Excel's own types: an ISO date cell becomes a date, a day number a number, and one NIK typed in as a number.
      if (cells[6] === '1992-05-15') cells[6] = new Date(Date.UTC(1992, 4, 15));
      if (cells[6] === '29373') cells[6] = 29373;
      if (cells[1] === '3.20101E+15') cells[1] = 3201015205900001;
      if (typeof cells[9] === 'string' && /^\d+$/.test(cells[9])) cells[9] = Number(cells[9]);
    }
    sheet.addRow(row);
  }
  await workbook.xlsx.writeFile(path);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-export-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a realistic messy export', () => {
  it('CSV: 0 records refused, every dropped field reported, Windows-1252 and ; detected', async () => {
    const run = await resolveFile(FIXTURE, join(dir, 'csv'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.report['accounting']).toMatchObject({ unreadable: 0, invalid: 0, resolved: 14 });
    expect(run.report['droppedFields']).toEqual(EXPECTED_DROPS);
    const [input] = run.report['inputs'] as { encoding: string; delimiter: string; kind: string; kindFrom: string; lines: number; blankLines: number; records: number }[];
    expect(input).toMatchObject({ encoding: 'windows-1252', delimiter: ';', kind: 'person', kindFrom: 'detected', records: 14 });
    // Every line accounted for: the header, 14 records (one spans two lines).
    expect(input?.lines).toBe(16);
    expect(run.stdout).toMatch(/person file \(detected\), 16 lines read as Windows-1252, delimiter ";"/);
    const persons = readFileSync(join(dir, 'csv', 'persons.ndjson'), 'utf8');
    expect(persons).toContain('ANDRÉ KUSUMA');
  });

  it('XLSX: the same export as a workbook resolves the same way', async () => {
    const path = join(dir, 'export.xlsx');
    await writeWorkbook(path);
    const run = await resolveFile(path, join(dir, 'xlsx'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.report['accounting']).toMatchObject({ unreadable: 0, invalid: 0, resolved: 14 });
    expect(run.report['droppedFields']).toEqual(EXPECTED_DROPS);
  });
});
