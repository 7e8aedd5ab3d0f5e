import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';
import { readRecords, type FileFacts } from '../../src/read/readRecords.js';
import { parseNik } from '../../src/id/parseNik.js';

// Issue 16's "done when": a realistic export (DTKS-style columns, semicolons, Windows-1252, CRLF, a quoted
// line break) with every form mixed in one file, as CSV and as XLSX, resolves with 0 records refused and
// every dropped field reported. Synthetic names and digits only. The forms, row by row (IDARTBDT):
// RT/RW `RT 007` 1001, `RT.07` 1002, `07/05` 1003, `RT07RW05` 1004, `RT: 7` 1005, `007/005` 1006,
//   `RT 07/RW 05` 1007; dates ISO 1015, `DD-MM-YYYY` 1001, `DD/MM/YYYY` 1002, `DD.MM.YYYY` 1003,
//   `YYYYMMDD` 1004, `17 Agustus 1945` 1005, `17 Agt 1945` 1006, `17-Ags-45` 1007, an Excel day number
//   1008, a year 1009, a year-month 1010, `00-00-1975` 1011, `01-01-1975` 1012, only sensible swapped 1013;
// observedAt with a time and zone 1002, `DD-MM-YYYY` 1003; sex `PEREMPUAN`, `Laki - Laki`, `2`, `1`, `P`,
//   `laki laki`, `LAKI-LAKI`; NIK/KK in scientific notation 1003/1005, with `.0` 1004, with Excel's `'`
//   1002/1007; a NIK whose district the bundled tables do not list 1015 (kept: `nik/unlisted-region` is a
//   warning); birth place `KAB. BOGOR` / `BOGOR` / `KOTA BOGOR`; titles 1001 and 1015; junk to drop 1014.

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
  const status = await runCli(['resolve', '--in', file, '--out', out, '--mapping', 'dtks', '--source', 'dtks', '--quiet'], {
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Record<string, unknown>;
  return { status, stdout: stdout.text(), stderr: stderr.text(), report };
}

interface PersonLine {
  readonly members: readonly { source: string; recordId: string }[];
  readonly unified: Record<string, unknown>;
  readonly provenance: Record<string, { rule: string; from: number | null }>;
}

/** The unified person of the record with IDARTBDT `recordId`. */
function personOf(out: string, recordId: string): PersonLine {
  const lines = readFileSync(join(out, 'persons.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as PersonLine);
  const found = lines.find((line) => line.members.some((member) => member.recordId === recordId));
  if (found === undefined) throw new Error(`no person holds record ${recordId}`);
  return found;
}

/** Titles apart from the unified name, with provenance (issue 16, "Names"); the NIK the tables do not list, kept. */
function expectNamesAndNiks(out: string): void {
  expect(personOf(out, '1001')).toMatchObject({
    unified: { name: 'SITI AMINAH', titles: ['Hj.', 'S.Pd.'] },
    provenance: { name: { from: 0 }, titles: { from: 0 } },
  });
  expect(personOf(out, '1015')).toMatchObject({
    unified: { name: 'AHMAD FAUZI', titles: ['Drs.', 'H.', 'M.Si.'], nik: '3201992902880011', birthDate: '1988-02-29' },
  });
  expect(personOf(out, '1002').unified['titles']).toBeNull();
  const unlisted = parseNik('3201992902880011', { referenceDate: '2024-03-01' });
  expect(unlisted.success && unlisted.warnings.map((warning) => warning.code)).toEqual(['nik/unlisted-region']);
}

/** The fixture as a workbook, cells typed as Excel holds them: numbers, dates, a NIK Excel turned into a number. */
async function writeWorkbook(path: string): Promise<void> {
  const rows: unknown[][] = [];
  const facts = {} as FileFacts;
  for await (const item of readRecords(FIXTURE, { facts, mapping: { IDARTBDT: 'IDARTBDT' } })) {
    if (item.kind === 'header') rows.push([...item.columns]);
    if (item.kind === 'record')
      rows.push(
        (facts.fields ?? []).map(
          (field) => field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], item.record) ?? null,
        ),
      );
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
    expect(run.report['accounting']).toMatchObject({ unreadable: 0, invalid: 0, resolved: 15 });
    expect(run.report['droppedFields']).toEqual(EXPECTED_DROPS);
    const [input] = run.report['inputs'] as {
      encoding: string;
      delimiter: string;
      kind: string;
      kindFrom: string;
      lines: number;
      blankLines: number;
      records: number;
    }[];
    expect(input).toMatchObject({ encoding: 'windows-1252', delimiter: ';', kind: 'person', kindFrom: 'detected', records: 15 });
    // Every line accounted for: the header, 15 records (one spans two lines).
    expect(input?.lines).toBe(17);
    expect(run.stdout).toMatch(/person file \(detected\), 17 lines read as Windows-1252, delimiter ";"/);
    const persons = readFileSync(join(dir, 'csv', 'persons.ndjson'), 'utf8');
    expect(persons).toContain('ANDRÉ KUSUMA');
    expectNamesAndNiks(join(dir, 'csv'));
  });

  it('XLSX: the same export as a workbook resolves the same way', async () => {
    const path = join(dir, 'export.xlsx');
    await writeWorkbook(path);
    const run = await resolveFile(path, join(dir, 'xlsx'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.report['accounting']).toMatchObject({ unreadable: 0, invalid: 0, resolved: 15 });
    expect(run.report['droppedFields']).toEqual(EXPECTED_DROPS);
    expectNamesAndNiks(join(dir, 'xlsx'));
  });

  it("the README's walkthrough shows what the CLI prints for this file", async () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const block = /```sh\n(npx padan resolve --in tests\/fixtures\/messy-export\.csv[^\n]*)\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const shown = (block?.[2] ?? '')
      .split('\n')
      .filter((line) => line.startsWith('# '))
      .map((line) => line.slice(2));
    expect(shown.length).toBeGreaterThan(3);
    const stdout = sink();
    const args = (block?.[1] ?? '')
      .split(' ')
      .slice(2)
      .map((arg) => (arg === 'out/messy' ? join(dir, 'readme') : arg));
    expect(await runCli([...args, '--quiet'], { stdout: stdout.stream, stderr: sink().stream })).toBe(0);
    const printed = stdout.text().split('\n');
    for (const line of shown.filter((text) => !text.startsWith('{'))) expect(printed).toContain(line);
    // The persons.ndjson line it shows.
    const unified = shown.find((text) => text.startsWith('{'));
    expect(unified).toBeDefined();
    const person = personOf(join(dir, 'readme'), '1001').unified;
    const expected = JSON.parse(unified ?? '{}') as Record<string, unknown>;
    expect(Object.fromEntries(Object.keys(expected).map((key) => [key, person[key]]))).toEqual(expected);
  });
});
