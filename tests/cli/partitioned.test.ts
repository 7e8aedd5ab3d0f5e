import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsIdentifier } from '../../src/_internal/redact.js';
import { partitionedResolve } from '../../src/cli/partitionedCommand.js';
import { generateSources } from '../../src/synth/sources.js';
import type { SynthPersonRecord } from '../../src/synth/types.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

const KIND_RUN = { model: undefined, workers: '1', queue: undefined, workDir: undefined, saveModel: undefined, quiet: true } as const;

let dir: string;
let niks: string[];
let validRecords: number;

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

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-partitioned-'));
  const records: SynthPersonRecord[] = [];
  for (const item of generateSources({ persons: 300, seed: 17 })) if (item.kind === 'person') records.push(item.record);
  validRecords = records.length;
  niks = [...new Set(records.flatMap((r) => (r.nik ? [r.nik.replace(/\D/g, '')] : [])))];
  const half = Math.floor(records.length / 2);
  writeFileSync(
    join(dir, 'a.ndjson'),
    `${records
      .slice(0, half)
      .map((r) => JSON.stringify(r))
      .join('\n')}\n`,
  );
  // A malformed line holding a NIK, a blank line, and a record the schema refuses.
  writeFileSync(
    join(dir, 'b.ndjson'),
    [
      ...records.slice(half).map((r) => JSON.stringify(r)),
      `{"source":"dtks","recordId":"broken","nik":"${niks[0]}", "name": `,
      '',
      // No recordId: it cannot be identified, so it is refused (other bad fields are only dropped).
      JSON.stringify({ source: 'dtks', observedAt: '2024-01-01', name: 'TANPA ID', nik: niks[1] }),
      // A source that uses the NIK as its record ID, without name or NIK: refused, and the rejection
      // file must mask the ID (regression: the partitioned path wrote it in full).
      JSON.stringify({ source: 'dtks', recordId: (niks[2] as string).replace(/(\d{4})(?=\d)/g, '$1\t'), observedAt: '2024-01-01' }),
    ].join('\n') + '\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('padan resolve --partitioned', () => {
  it('resolves by region on a worker pool: every record in one person or the rejections, nothing printed in full', () => {
    const run = padan([
      'resolve',
      '--partitioned',
      '--in',
      'a.ndjson',
      '--in',
      'b.ndjson',
      '--out',
      'out',
      '--workers',
      '2',
      '--save-model',
      'model.json',
      '--quiet',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/padan resolve --partitioned: \d+ lines in \d+ partitions/);
    const persons = ndjson(join(dir, 'out', 'persons.ndjson')) as { id: string; members: { source: string; recordId: string }[] }[];
    const members = persons.flatMap((p) => p.members.map((m) => `${m.source}/${m.recordId}`));
    expect(new Set(members).size).toBe(members.length);
    expect(members.length).toBe(validRecords);
    expect(new Set(persons.map((p) => p.id)).size).toBe(persons.length);
    const rejections = ndjson(join(dir, 'out', 'rejections.ndjson'));
    expect(rejections.map((r) => r.line)).toEqual([half(), half() + 2, half() + 3]);
    const rejectionText = readFileSync(join(dir, 'out', 'rejections.ndjson'), 'utf8');
    expect(rejectionText).not.toMatch(/\d{16}/);
    expect(containsIdentifier(rejectionText)).toBe(false);
    expect(rejectionText).toContain(`${(niks[2] as string).slice(0, 4)}**********`);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as {
      lines: number;
      recordsValid: number;
      rejected: number;
      unreadable: number;
    };
    expect(report.recordsValid + report.rejected + report.unreadable + 1).toBe(report.lines);
    expect(containsIdentifier(readFileSync(join(dir, 'out', 'report.json'), 'utf8'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).kind).toBe('padan/model');
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\d{16}/);
  });

  it('writes links.csv with the global person IDs of persons.ndjson, and summary provenance by default', () => {
    const run = padan(['resolve', '--partitioned', '--in', 'a.ndjson', '--in', 'b.ndjson', '--out', 'links-out', '--workers', '2', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const persons = ndjson(join(dir, 'links-out', 'persons.ndjson')) as {
      id: string;
      members: { source: string; recordId: string }[];
      provenance: Record<string, { losing: unknown }>;
    }[];
    const personOf = new Map(persons.flatMap((p) => p.members.map((m) => [`${m.source}/${m.recordId}`, p.id] as const)));
    const [header, ...rows] = readFileSync(join(dir, 'links-out', 'links.csv'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','));
    expect(header).toEqual(['source', 'recordId', 'personId', 'familyId', 'householdId', 'recordKind']);
    // One row per resolved record, each naming the person persons.ndjson puts it in, IDs joined across partitions included.
    expect(rows).toHaveLength(validRecords);
    for (const row of rows) expect(row[2]).toBe(personOf.get(`${row[0]}/${row[1]}`));
    const report = JSON.parse(readFileSync(join(dir, 'links-out', 'report.json'), 'utf8')) as { cross: { remappedClusters: number } };
    expect(report.cross.remappedClusters).toBeGreaterThan(0);
    const families = new Set(ndjson(join(dir, 'links-out', 'families.ndjson')).map((f) => f.id));
    expect(rows.filter((row) => row[3] !== '').length).toBeGreaterThan(0);
    for (const row of rows) if (row[3] !== '') expect(families.has(row[3])).toBe(true);
    for (const person of persons) for (const entry of Object.values(person.provenance)) expect(typeof entry.losing).toBe('number');
    expect(run.stdout).toContain('links.csv');
  });

  it('reads CSV input through the column mapping', () => {
    writeFileSync(
      join(dir, 'x.csv'),
      [
        'SUMBER;ID;NAMA;TGL_LAHIR;DESA;observedAt;channel.kind',
        'dtks;1;SITI AMINAH;1990-04-01;3201012001;2024-01-01;registry',
        'dtks;2;SITI AMINAH;1990-04-01;3201012001;2024-01-01;registry',
        'dtks;3;BUDI;1985-01-02;3171010001;2024-01-01;registry',
        '',
      ].join('\n'),
    );
    const run = padan([
      'resolve',
      '--partitioned',
      '--in',
      'x.csv',
      '--out',
      'out2',
      '--workers',
      '1',
      '--quiet',
      '--map',
      'SUMBER=source',
      '--map',
      'ID=recordId',
      '--map',
      'NAMA=name',
      '--map',
      'TGL_LAHIR=birthDate',
      '--map',
      'DESA=address.villageCode',
      '--provenance',
      'none',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const persons = ndjson(join(dir, 'out2', 'persons.ndjson')) as { members: unknown[] }[];
    expect(persons.flatMap((p) => p.members)).toHaveLength(3);
    expect(persons.every((p) => !('provenance' in p) && !('history' in p))).toBe(true);
    expect(
      readFileSync(join(dir, 'out2', 'links.csv'), 'utf8')
        .trimEnd()
        .split('\n'),
    ).toHaveLength(4);
    expect(readFileSync(join(dir, 'out2', 'rejections.ndjson'), 'utf8')).toBe('');
  });

  it('treats family and dwelling files as families and dwellings, as padan resolve does (regression: all read as persons)', async () => {
    const lines: Record<string, string[]> = { person: [], family: [], dwelling: [] };
    for (const item of generateSources({ persons: 300, seed: 17 })) lines[item.kind]?.push(JSON.stringify(item.record));
    for (const [kind, records] of Object.entries(lines)) writeFileSync(join(dir, `kind-${kind}.ndjson`), `${records.join('\n')}\n`);
    const files = ['--in', 'kind-person.ndjson', '--in', 'kind-family.ndjson', '--in', 'kind-dwelling.ndjson'];
    const partitioned = padan(['resolve', '--partitioned', ...files, '--out', 'kinds-p', '--workers', '1', '--quiet']);
    expect(partitioned.stderr).toBe('');
    expect(partitioned.status).toBe(0);
    expect(partitioned.stdout).toContain('kind-family.ndjson: family file (detected)');
    expect(partitioned.stdout).toContain('kind-dwelling.ndjson: dwelling file (detected)');
    const single = padan(['resolve', ...files, '--out', 'kinds-s', '--quiet']);
    expect(single.status).toBe(0);
    // Persons hold only person records; families and households group the same source records as the
    // single-process run (their IDs are minted differently, so compare what they are made of).
    const members = (out: string): string[] =>
      (ndjson(join(dir, out, 'persons.ndjson')) as { members: { source: string; recordId: string }[] }[])
        .map((p) =>
          p.members
            .map((m) => `${m.source}/${m.recordId}`)
            .sort()
            .join(','),
        )
        .sort();
    const groups = (out: string, file: string, key: string): string[] =>
      ndjson(join(dir, out, file))
        .map((g) =>
          (g[key] as { source: string; recordId: string }[])
            .map((r) => `${r.source}/${r.recordId}`)
            .sort()
            .join(','),
        )
        .sort();
    expect(members('kinds-p').flatMap((m) => m.split(','))).toHaveLength(lines.person?.length ?? 0);
    expect(members('kinds-p')).toEqual(members('kinds-s'));
    const families = groups('kinds-p', 'families.ndjson', 'familyRecords');
    expect(families.filter((f) => f !== '').length).toBeGreaterThan(0);
    expect(families).toEqual(groups('kinds-s', 'families.ndjson', 'familyRecords'));
    const households = groups('kinds-p', 'households.ndjson', 'dwellingRecords');
    expect(households.filter((h) => h !== '').length).toBeGreaterThan(0);
    expect(households).toEqual(groups('kinds-s', 'households.ndjson', 'dwellingRecords'));

    // A family file alone has no persons to group on: refused before anything is split.
    await expect(
      partitionedResolve(
        { ...KIND_RUN, inputs: [join(dir, 'kind-family.ndjson')], out: join(dir, 'kinds-f') },
        { stdout: process.stdout, stderr: process.stderr },
      ),
    ).rejects.toThrow('needs at least one person file');
  }, 600_000);

  it('padan worker without --queue says what it needs', () => {
    const run = padan(['worker']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('worker needs --queue');
  });
});

/** Line numbers in b.ndjson of the malformed line and the rejected record (after the second half). */
function half(): number {
  return validRecords - Math.floor(validRecords / 2) + 1;
}
