import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';
import { generateSources } from '../../src/synth/sources.js';

// `padan resolve --partitioned` takes `padan resolve`'s input flags with their meaning (issue 21):
// the envelope of rows without one (--source, --channel, --observed-at) wherever records are
// validated, --delimiter and --max-line-bytes wherever files are read, the CSV header check, and
// --max-rejected. Both commands run on the same files; their outputs must be made of the same records.

let dir: string;

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

async function padan(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout = sink();
  const stderr = sink();
  const status = await runCli([...args, '--quiet'], { stdout: stdout.stream, stderr: stderr.stream });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

function ndjson(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Each group's records as `source/recordId`, sorted: what a person, family or household is made of. */
function groups(out: string, file: string, key: string): string[] {
  return ndjson(join(dir, out, file))
    .map((group) =>
      (group[key] as { source: string; recordId: string }[])
        .map((r) => `${r.source}/${r.recordId}`)
        .sort()
        .join(','),
    )
    .sort();
}

const CSV_COLUMNS = ['source', 'recordId', 'nik', 'kk', 'name', 'sex', 'birthDate', 'birthPlace', 'address.villageCode'] as const;

function csvCell(record: Record<string, unknown>, column: string): string {
  const value = column.startsWith('address.') ? (record['address'] as Record<string, unknown> | undefined)?.[column.slice(8)] : record[column];
  return value === undefined || value === null ? '' : String(value);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-partitioned-inputs-'));
  const byKind: Record<string, Record<string, unknown>[]> = { person: [], family: [], dwelling: [] };
  for (const item of generateSources({ persons: 300, seed: 17 })) byKind[item.kind]?.push({ ...item.record } as Record<string, unknown>);
  const persons = byKind['person'] as Record<string, unknown>[];
  // Rows without the envelope take the flags': no observedAt on every third, no channel on every
  // fourth, no source on DTKS rows (--source dtks gives it back).
  persons.forEach((record, i) => {
    if (i % 3 === 0) delete record['observedAt'];
    if (i % 4 === 0) delete record['channel'];
    if (record['source'] === 'dtks') delete record['source'];
  });
  // An unusable date is replaced by the file's (a warning, not a rejection); a row with neither name
  // nor NIK is refused; a line longer than --max-line-bytes is unreadable.
  const csvRows = persons.splice(0, 60);
  (persons[1] as Record<string, unknown>)['observedAt'] = '31-31-2024';
  (persons[2] as Record<string, unknown>)['birthDate'] = '1990-13-45';
  const lines = persons.map((record) => JSON.stringify(record));
  lines.push(JSON.stringify({ source: 'dtks', recordId: 'NO-NAME', observedAt: '2024-01-01' }));
  lines.push(JSON.stringify({ source: 'dtks', recordId: 'TOO-LONG', name: 'X'.repeat(5000) }));
  writeFileSync(join(dir, 'persons.ndjson'), `${lines.join('\n')}\n`);
  // A CSV with ';' and no observedAt or channel column: --delimiter and --observed-at read it.
  writeFileSync(
    join(dir, 'persons.csv'),
    `${[CSV_COLUMNS.join(';'), ...csvRows.map((record) => CSV_COLUMNS.map((column) => csvCell({ source: 'dtks', ...record }, column)).join(';'))].join('\n')}\n`,
  );
  // Families and dwellings without observedAt take the file's; a family without a KK is refused.
  const families = (byKind['family'] as Record<string, unknown>[]).map((record, i) => {
    if (i % 2 === 0) delete record['observedAt'];
    return record;
  });
  families.push({ source: 'dtks', recordId: 'NO-KK', observedAt: '2024-01-01', headName: 'SITI' });
  writeFileSync(join(dir, 'families.ndjson'), `${families.map((record) => JSON.stringify(record)).join('\n')}\n`);
  const dwellings = (byKind['dwelling'] as Record<string, unknown>[]).map((record, i) => {
    if (i % 2 === 1) delete record['observedAt'];
    return record;
  });
  writeFileSync(join(dir, 'dwellings.ndjson'), `${dwellings.map((record) => JSON.stringify(record)).join('\n')}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('padan resolve --partitioned takes the input flags of padan resolve', () => {
  it('gives the persons, families, households, rejections, warnings and exit code of padan resolve', async () => {
    const inputs = ['persons.ndjson', 'persons.csv', 'families.ndjson', 'dwellings.ndjson'].flatMap((file) => ['--in', join(dir, file)]);
    const flags = ['--source', 'dtks', '--channel', 'survey', '--observed-at', '2024-06-30', '--delimiter', ';', '--max-line-bytes', '4096'];
    const single = await padan(['resolve', ...inputs, ...flags, '--max-rejected', '0.001', '--out', join(dir, 'single')]);
    const partitioned = await padan([
      'resolve',
      '--partitioned',
      '--workers',
      '2',
      ...inputs,
      ...flags,
      '--max-rejected',
      '0.001',
      '--out',
      join(dir, 'partitioned'),
    ]);
    // Three records refused and one line unreadable, of about 1 000: above 0.1 %, so both exit 1, saying the same share.
    const share = (stderr: string): string | undefined => /(\d+\.\d)% of records were refused, above --max-rejected 0\.001/.exec(stderr)?.[1];
    expect(single.status).toBe(1);
    expect(partitioned.status).toBe(1);
    expect(share(single.stderr)).toBeDefined();
    expect(share(partitioned.stderr)).toBe(share(single.stderr));

    const persons = groups('partitioned', 'persons.ndjson', 'members');
    expect(persons).toEqual(groups('single', 'persons.ndjson', 'members'));
    // The envelope reached every record: DTKS rows have their source back, none was refused for it.
    expect(persons.join(',')).toContain('dtks/');
    expect(groups('partitioned', 'families.ndjson', 'familyRecords')).toEqual(groups('single', 'families.ndjson', 'familyRecords'));
    expect(groups('partitioned', 'households.ndjson', 'dwellingRecords')).toEqual(groups('single', 'households.ndjson', 'dwellingRecords'));

    // The same rejections, field for field (file, line, stage, record, issues with their messages).
    const rejections = (out: string): string[] =>
      readFileSync(join(dir, out, 'rejections.ndjson'), 'utf8')
        .split('\n')
        .sort();
    expect(rejections('partitioned')).toEqual(rejections('single'));
    expect(ndjson(join(dir, 'single', 'rejections.ndjson')).map((r) => [r.stage, (r.issues as { code: string }[])[0]?.code])).toEqual([
      ['validate', 'schema/required'],
      ['read', 'input/line-too-long'],
      ['validate', 'schema/required'],
    ]);

    const single_ = JSON.parse(readFileSync(join(dir, 'single', 'report.json'), 'utf8')) as {
      accounting: { byKind: unknown; unreadable: number };
      droppedFields: Record<string, Record<string, number>>;
    };
    const partitioned_ = JSON.parse(readFileSync(join(dir, 'partitioned', 'report.json'), 'utf8')) as {
      byKind: unknown;
      unreadable: number;
      droppedFields: unknown;
    };
    expect(partitioned_.byKind).toEqual(single_.accounting.byKind);
    expect(partitioned_.unreadable).toBe(single_.accounting.unreadable);
    // The unusable observedAt was replaced by the file's and the impossible birth date dropped, with
    // warnings: the same warnings in both.
    expect(Object.keys(single_.droppedFields).sort()).toEqual(['birthDate', 'observedAt']);
    expect(partitioned_.droppedFields).toEqual(single_.droppedFields);
  }, 300_000);

  it('refuses a CSV without a column every record needs, as padan resolve does, before splitting', async () => {
    const inputs = ['--in', join(dir, 'persons.csv'), '--delimiter', ';'];
    const single = await padan(['resolve', ...inputs, '--out', join(dir, 'refused-single')]);
    const partitioned = await padan(['resolve', '--partitioned', '--workers', '1', ...inputs, '--out', join(dir, 'refused-partitioned')]);
    expect(single.status).toBe(1);
    expect(partitioned.status).toBe(1);
    const message = 'no column gives observedAt for a person file';
    expect(single.stderr).toContain(message);
    expect(partitioned.stderr).toContain(message);
    expect(partitioned.stderr).toContain('--observed-at');
    // With the date given for the whole file, the same CSV is read.
    const given = await padan(['resolve', '--partitioned', '--workers', '1', ...inputs, '--observed-at', '2024-06-30', '--out', join(dir, 'given')]);
    expect(given.stderr).toBe('');
    expect(given.status).toBe(0);
    expect(groups('given', 'persons.ndjson', 'members').join(',').split(',')).toHaveLength(60);
  }, 120_000);
});
