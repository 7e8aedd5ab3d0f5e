import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapColumns } from '../../src/read/columnMapping.js';
import { readLines } from '../../src/read/readLines.js';
import { forEachNdjsonItem, readRecords, type FileFacts, type ReadItem } from '../../src/read/readRecords.js';
import { validateBatch } from '../../src/schema/validate.js';

// Streaming readers (issue 16, and the reader items of issue 17). Synthetic rows only.

let dir: string;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'padan-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(content: string | Buffer, extension = 'csv'): string {
  n += 1;
  const path = join(dir, `f${n}.${extension}`);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string, options?: Parameters<typeof readRecords>[1]): Promise<{ items: ReadItem[]; facts: FileFacts }> {
  const facts = {} as FileFacts;
  const items: ReadItem[] = [];
  for await (const item of readRecords(path, { ...options, facts })) items.push(item);
  return { items, facts };
}

function records(items: readonly ReadItem[]): Record<string, unknown>[] {
  return items.flatMap((item) => (item.kind === 'record' ? [item.record] : []));
}

/** Every line 1..lines is covered by exactly one item. */
function expectEveryLineOnce(items: readonly ReadItem[], lines: number): void {
  const covered = new Array<number>(lines + 1).fill(0);
  for (const item of items) for (let line = item.line; line <= item.endLine; line += 1) covered[line] = (covered[line] ?? 0) + 1;
  expect(covered.slice(1)).toEqual(new Array<number>(lines).fill(1));
}

describe('CSV files as exports write them', () => {
  it.each([
    [',', 'a,b\n1,2\n'],
    [';', 'a;b\n1;2\n'],
    ['\t', 'a\tb\n1\t2\n'],
    ['|', 'a|b\n1|2\n'],
  ])('detects the delimiter %j', async (delimiter, text) => {
    const { items, facts } = await readAll(file(text));
    expect(facts.delimiter).toBe(delimiter);
    expect(records(items)).toEqual([{ a: '1', b: '2' }]);
  });

  it('reads a BOM, CRLF, quoted delimiters, doubled quotes and quoted line breaks', async () => {
    const { items, facts } = await readAll(file('\ufeffname;address.text\r\n"Aminah; Siti";"Jl. ""Mawar""\r\nRT 1"\r\nBudi;x\r\n'));
    expect(facts.encoding).toBe('utf-8');
    expect(records(items)).toEqual([
      { name: 'Aminah; Siti', address: { text: 'Jl. "Mawar"\nRT 1' } },
      { name: 'Budi', address: { text: 'x' } },
    ]);
    expect(items.find((item) => item.kind === 'record')).toMatchObject({ line: 2, endLine: 3 });
    expectEveryLineOnce(items, facts.lines);
  });

  it('reads Windows-1252 / Latin-1 and reports it (regression: é became U+FFFD without a warning)', async () => {
    const latin = Buffer.from('name,birthPlace\nJos\xe9,Bekasi\nRen\xe9,Bogor\n', 'latin1');
    const { items, facts } = await readAll(file(latin));
    expect(records(items).map((record) => record['name'])).toEqual(['José', 'René']);
    expect(facts.encoding).toBe('windows-1252');
    // A UTF-8 file with one Latin-1 line past the sample: that line is converted and counted.
    const mixed = Buffer.concat([Buffer.from(`name\n${'Siti\n'.repeat(20_000)}`), Buffer.from('Andr\xe9\n', 'latin1')]);
    const late = await readAll(file(mixed));
    expect(records(late.items).at(-1)).toEqual({ name: 'André' });
    expect(late.facts.linesNotUtf8).toBe(1);
    expect(late.facts.encoding).toBe('windows-1252');
  });

  it('a stray quote does not swallow the rows after it (regression: 2 lines unaccounted)', async () => {
    const text = 'recordId,name,sex\nA1,"Siti,P\nA2,Budi,L\nA3,Dewi,P\n';
    const { items, facts } = await readAll(file(text));
    expect(records(items).map((record) => record['recordId'])).toEqual(['A2', 'A3']);
    const refused = items.filter((item) => item.kind === 'unreadable');
    expect(refused).toEqual([expect.objectContaining({ line: 2, endLine: 2, issue: expect.objectContaining({ code: 'input/unclosed-quote' }) })]);
    expectEveryLineOnce(items, facts.lines);
  });

  it('refuses a repeated column instead of letting it overwrite the first (regression)', async () => {
    await expect(readAll(file('recordId,name,NAMA\nA1,Siti,Aminah\n'))).rejects.toThrow(/columns 2 \(name\) and 3 \(NAMA\) both give name/);
    await expect(readAll(file('recordId,name,name\nA1,Siti,Aminah\n'))).rejects.toThrow(/both give name/);
  });

  it('caps the line length with a clear refusal, without holding the line (regression: 100 MB line, 3.5 GB)', async () => {
    const long = `name\n${'x'.repeat(300_000)}\nSiti\n`;
    const { items, facts } = await readAll(file(long), { maxLineBytes: 100_000 });
    expect(items.map((item) => item.kind)).toEqual(['header', 'unreadable', 'record']);
    expect(items[1]).toMatchObject({ line: 2, issue: { code: 'input/line-too-long' } });
    expect(facts.lines).toBe(3);
    const lines: string[] = [];
    for await (const line of readLines(file('y'.repeat(250_000)), { maxLineBytes: 1000 })) lines.push(line.kind);
    expect(lines).toEqual(['too-long']);
  });

  it('names the columns it saw when a row does not fit, and the delimiter the row seems to use', async () => {
    const { items } = await readAll(file('recordId,name\nA1;Siti\n'));
    const refused = items.find((item) => item.kind === 'unreadable');
    expect(refused?.kind === 'unreadable' && refused.issue.message).toBe(
      'line 2 has 1 cells, the header has 2 (recordId, name); it looks separated by ";", the header by ","',
    );
  });

  it('maps source column names onto padan fields', async () => {
    expect(mapColumns(['NAMA_LENGKAP', 'Tgl. Lahir', 'JENIS KELAMIN', 'NO_KK', 'RT/RW', 'desil', 'address.rt'])).toEqual([
      'name',
      'birthDate',
      'sex',
      'kk',
      'address.rtRw',
      'desil',
      'address.rt',
    ]);
    const { items } = await readAll(file('IDARTBDT,NAMA,JNSKEL,TGLLAHIR,RT_RW\n7,Siti,2,12-05-1990,003/005\n'), { mapping: { IDARTBDT: 'recordId' } });
    expect(records(items)).toEqual([{ recordId: '7', name: 'Siti', sex: '2', birthDate: '12-05-1990', address: { rtRw: '003/005' } }]);
  });
});

describe('titles in a column of their own', () => {
  it('reads a GELAR column as a list, and validation adds the titles written in the name after it', async () => {
    const { items } = await readAll(file('IDARTBDT;NAMA;GELAR\n7;Hj. Siti Aminah;S.Pd., M.Pd.\n8;Budi;\n'), { mapping: { IDARTBDT: 'recordId' } });
    expect(records(items)).toEqual([
      { recordId: '7', name: 'Hj. Siti Aminah', titles: ['S.Pd.', 'M.Pd.'] },
      { recordId: '8', name: 'Budi' },
    ]);
    const batch = validateBatch(records(items), 'person', { defaults: { source: 'dtks', observedAt: '2024-03-01' } });
    expect(batch.valid.map((record) => [record.name, record.titles])).toEqual([
      ['Siti Aminah', ['S.Pd.', 'M.Pd.', 'Hj.']],
      ['Budi', undefined],
    ]);
  });
});

describe('NDJSON files', () => {
  it('accounts for every line: records, blank lines, broken JSON, non-objects', async () => {
    const { items, facts } = await readAll(file('{"a":1}\n\n{broken\n[1]\r\n{"b":2}', 'ndjson'));
    expect(items.map((item) => item.kind)).toEqual(['record', 'blank', 'unreadable', 'unreadable', 'record']);
    expectEveryLineOnce(items, facts.lines);
  });

  it('gives each record its line as read, which parses to exactly the record (what the partition split writes)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('', ' ', '\t'),
        async (objects, pad) => {
          const { items } = await readAll(file(objects.map((o) => `${pad}${JSON.stringify(o)}${pad}\r\n`).join(''), 'ndjson'));
          const read = items.flatMap((item) => (item.kind === 'record' ? [item] : []));
          expect(read.length).toBe(objects.length);
          for (const item of read) {
            expect(item.text).toBeDefined();
            expect(item.text).not.toMatch(/^\s|\s$/);
            expect(JSON.parse(item.text as string)).toEqual(item.record);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

/** The synchronous reader's items and facts for a file. */
function readAllSync(path: string, options?: Parameters<typeof forEachNdjsonItem>[2]): { items: ReadItem[]; facts: FileFacts } {
  const facts = {} as FileFacts;
  const items: ReadItem[] = [];
  forEachNdjsonItem(path, (item) => items.push(item), { ...options, facts });
  return { items, facts };
}

describe('NDJSON read synchronously (the partition split)', () => {
  const line = fc.oneof(
    fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }).map((o) => Buffer.from(JSON.stringify(o), 'utf8')),
    fc.constantFrom('', ' ', '{broken', '[1]', '"text"', '{"name":"Siti"}\r', '\ufeff{"a":1}').map((text) => Buffer.from(text, 'utf8')),
    fc.constantFrom('{"name":"José"}', 'é').map((text) => Buffer.from(text, 'latin1')),
    fc.integer({ min: 1, max: 300 }).map((n) => Buffer.from(`{"long":"${'x'.repeat(n)}"}`, 'utf8')),
  );

  it('gives the items and facts the streamed reader gives, whatever the lines, encoding and line limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(undefined, 40),
        async (lines, eol, bom, lastBreak, maxLineBytes) => {
          const body = Buffer.concat(lines.flatMap((bytes, i) => (i < lines.length - 1 || lastBreak ? [bytes, Buffer.from(eol)] : [bytes])));
          const path = file(bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body, 'ndjson');
          const options = maxLineBytes === undefined ? {} : { maxLineBytes };
          expect(readAllSync(path, options)).toEqual(await readAll(path, options));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the same items for a file of many chunks, lines cut at every chunk boundary', async () => {
    // Lines of varied lengths run across the 64 KiB sample and the 1 MiB reads; a Latin-1 line after the sample.
    const parts: Buffer[] = [];
    let size = 0;
    for (let i = 0; size < 2_300_000; i++) {
      const text = i === 3000 ? Buffer.from('{"name":"Désirée"}\n', 'latin1') : Buffer.from(`{"i":${i},"pad":"${'y'.repeat((i * 7919) % 997)}"}\n`, 'utf8');
      parts.push(text);
      size += text.length;
    }
    const path = file(Buffer.concat(parts), 'ndjson');
    const sync = readAllSync(path);
    expect(sync).toEqual(await readAll(path));
    expect(sync.facts.linesNotUtf8).toBe(1);
    expect(sync.items.filter((item) => item.kind === 'record').length).toBe(parts.length);
  });
});

describe('properties', () => {
  it('no input line is ever unaccounted for, whatever the quotes, delimiters and encoding', async () => {
    // `,` in a cell stands for the file's delimiter.
    const cell = fc.constantFrom('', 'Siti', '"Siti', 'a,b', '"x, y"', '"multi\nline"', '"', '""', ' ', 'é', '\ufeff');
    const row = fc.array(cell, { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('utf-8', 'utf-8 with BOM', 'windows-1252'),
        async (rows, eol, delimiter, encoding) => {
          const text = [['a', 'b', 'c'], ...rows].map((cells) => cells.map((cell) => cell.replaceAll(',', delimiter)).join(delimiter)).join(eol) + eol;
          const bytes =
            encoding === 'windows-1252'
              ? Buffer.from(text.replaceAll('\ufeff', ''), 'latin1')
              : Buffer.from(encoding === 'utf-8' ? text : `\ufeff${text}`, 'utf8');
          const { items, facts } = await readAll(file(bytes));
          expect(facts.lines).toBe(text.split('\n').length - 1);
          expectEveryLineOnce(items, facts.lines);
        },
      ),
      { numRuns: 300 },
    );
  });
});
