import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/runCli.js';

// The CLI's input side (issue 16): envelope flags, exit codes, --out checked first. Synthetic rows only.

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

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-inputs-'));
  // No source, channel or observedAt column: the file's are given by flags.
  writeFileSync(
    join(dir, 'export.csv'),
    [
      'recordId,nik,name,sex,birthDate,address.rt,address.rw',
      "R1,'3201015205900001,Siti Aminah,Perempuan,12-05-1990,RT 007,",
      'R2,3.20101E+15,Siti Aminah,2,12/05/1990,007/005,',
      'R3,,Budi Santoso,Laki - Laki,17 Agt 1985,RT07RW05,',
      'R4,3201011708850003,Budi Santoso,1,00-00-1985,x,RW 5',
    ].join('\n') + '\n',
  );
  writeFileSync(join(dir, 'nobody.csv'), 'recordId,name\nQ1,\nQ2,\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('padan resolve: inputs as ministries export them', () => {
  it('takes the envelope from flags and refuses no record for a field outside the identity rule', async () => {
    const out = join(dir, 'out');
    const run = await padan([
      'resolve',
      '--in',
      join(dir, 'export.csv'),
      '--out',
      out,
      '--source',
      'dtks',
      '--channel',
      'registry',
      '--observed-at',
      '2024-03-01T08:00:00+07:00',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      accounting: { invalid: number; resolved: number };
      droppedFields: Record<string, Record<string, number>>;
    };
    expect(report.accounting).toMatchObject({ invalid: 0, resolved: 4 });
    expect(report.droppedFields).toEqual({ nik: { 'nik/damaged-by-spreadsheet': 1 }, 'address.rt': { 'schema/invalid-rt-rw': 1 } });
    expect(run.stdout).toMatch(/dropped fields .*address\.rt 1, nik 1/);
    expect(run.stdout).not.toMatch(/(?<![\d.])\d{16}/);
  });

  it('exits 1 when no record resolves, and refuses rows without the envelope when no flag gives it', async () => {
    const nobody = await padan([
      'resolve',
      '--in',
      join(dir, 'nobody.csv'),
      '--out',
      join(dir, 'out-nobody'),
      '--source',
      'dtks',
      '--observed-at',
      '2024-03-01',
    ]);
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toMatch(/no person record was resolved/);
    const bare = await padan(['resolve', '--in', join(dir, 'export.csv'), '--out', join(dir, 'out-bare')]);
    expect(bare.status).toBe(1);
  });

  it('exits 1 above --max-rejected', async () => {
    writeFileSync(join(dir, 'half.csv'), 'recordId,name,nik\nH1,Siti,\nH2,,\n');
    const args = ['resolve', '--in', join(dir, 'half.csv'), '--out', join(dir, 'out-half'), '--source', 'dtks', '--observed-at', '2024-03-01'];
    expect((await padan(args)).status).toBe(0);
    const strict = await padan([...args, '--max-rejected', '0.25']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toMatch(/50\.0% of records were refused, above --max-rejected 0.25/);
  });

  it('checks --out before reading anything', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const run = await padan(['resolve', '--in', join(dir, 'does-not-exist.csv'), '--out', join(dir, 'a-file', 'sub')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cannot write to --out/);
  });

  it('reads a family file next to a person file, detecting its kind from its columns (regression: "name is required" on every line, exit 0)', async () => {
    writeFileSync(join(dir, 'kk.csv'), 'recordId;NO_KK;headNik;memberNiks\nK1;3201010501240007;3201015205900001;3201015205900001|3201011708850003\n');
    const out = join(dir, 'out-family');
    const run = await padan([
      'resolve',
      '--in',
      join(dir, 'export.csv'),
      '--in',
      join(dir, 'kk.csv'),
      '--out',
      out,
      '--source',
      'dtks',
      '--observed-at',
      '2024-03-01',
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/kk\.csv: family file \(detected\), delimiter ";"/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      inputs: { kind: string; kindFrom: string }[];
      accounting: { byKind: Record<string, { read: number; invalid: number }> };
    };
    expect(report.inputs.map((input) => [input.kind, input.kindFrom])).toEqual([
      ['person', 'detected'],
      ['family', 'detected'],
    ]);
    expect(report.accounting.byKind['family']).toEqual({ read: 1, invalid: 0, resolved: 1 });
    expect(readFileSync(join(out, 'families.ndjson'), 'utf8')).toContain('"recordId":"K1"');
  });

  it('stops on a header without a needed column, naming the columns it saw', async () => {
    writeFileSync(join(dir, 'semi.csv'), 'recordId;nama\nA1;Siti\n');
    const run = await padan([
      'resolve',
      '--in',
      join(dir, 'semi.csv'),
      '--out',
      join(dir, 'out-semi'),
      '--delimiter',
      ',',
      '--source',
      'dtks',
      '--observed-at',
      '2024-03-01',
    ]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/no column gives recordId, name or nik for a person file \(columns seen: "recordId;nama"; delimiter ","\)/);
  });
});
