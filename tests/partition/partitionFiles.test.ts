import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { forEachLine, forEachPartitionLineBytes, LineWriter, originsFile, partitionFile, splitIntoPartitions } from '../../src/partition/partitionFiles.js';
import { personLinesWithout, quotedPersonIdPatches, replaceQuotedPersonIds } from '../../src/partition/personIdBytes.js';

const dir = mkdtempSync(join(tmpdir(), 'padan-partition-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('forEachLine', () => {
  it('gives every line once, joined across 4 MiB chunks, with CRLF and a last line without newline', () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `line ${i} ${'é'.repeat(i % 97)}`);
    const path = join(dir, 'lines.txt');
    writeFileSync(path, `${lines.slice(0, -1).join('\r\n')}\r\n${lines.at(-1) as string}`);
    const seen: string[] = [];
    const numbers: number[] = [];
    forEachLine(path, (line, n) => {
      seen.push(line);
      numbers.push(n);
    });
    expect(seen).toEqual(lines);
    expect(numbers[59_999]).toBe(60_000);
  });
});

describe('forEachPartitionLineBytes', () => {
  const work = join(dir, 'bytes');
  mkdirSync(join(work, 'partitions'), { recursive: true });
  writeFileSync(partitionFile(work, 'p', 'persons', 0), 'a\r\n\n  \nbb\n');
  writeFileSync(partitionFile(work, 'p', 'persons', 2), 'c\nd');
  const read = (stopAfter: number): string[] => {
    const seen: string[] = [];
    forEachPartitionLineBytes(work, 3, 'p', 'persons', (bytes, start, end) => {
      seen.push(bytes.toString('utf8', start, end));
      return seen.length < stopAfter;
    });
    return seen;
  };

  it('gives the non-blank lines of every piece in input order, CRLF removed, missing pieces skipped', () => {
    expect(read(Infinity)).toEqual(['a', 'bb', 'c', 'd']);
  });

  it('reads no further line, in this piece or a later one, once onLine returns false', () => {
    expect(read(1)).toEqual(['a']);
    expect(read(2)).toEqual(['a', 'bb']);
    expect(read(3)).toEqual(['a', 'bb', 'c']);
  });
});

describe('LineWriter', () => {
  it('writes every text in order, whatever its size and characters, and appends whole files counting their lines', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'binary', minLength: 20_000, maxLength: 40_000 })), {
          maxLength: 30,
        }),
        (texts) => {
          run += 1;
          const path = join(dir, `writer-${run}.txt`);
          const writer = new LineWriter(path);
          for (const text of texts) writer.write(text);
          const tail = join(dir, `tail-${run}.txt`);
          writeFileSync(tail, 'a\nbé\n');
          expect(writer.append(tail)).toBe(2);
          writer.close();
          // Each text encoded on its own (a lone surrogate becomes U+FFFD, as in any UTF-8 write).
          expect(readFileSync(path).equals(Buffer.concat([...texts.map((text) => Buffer.from(text)), Buffer.from('a\nbé\n')]))).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('LineWriter splicing person IDs (the write stage of a partitioned run)', () => {
  // Person lines of every length, one longer than the 4 MiB chunk, so lines and IDs are cut by chunk ends.
  const ids = Array.from({ length: 50 }, (_, i) => `P${i.toString(16).padStart(16, '0')}`);
  const lines = Array.from({ length: 3_000 }, (_, i) => {
    const id = ids[i % ids.length] as string;
    const filler = i === 1_500 ? 'x'.repeat(5 << 20) : 'é'.repeat((i * 7919) % 3_001);
    return `{"id":"${id}","head":"${ids[(i * 31) % ids.length] as string}","text":"${filler}"}`;
  });
  const bytes = Buffer.from(`${lines.join('\n')}\n\n${lines[0] as string}`);
  const path = join(dir, 'spliced.ndjson');
  writeFileSync(path, bytes);
  const remap = new Map(ids.filter((_, i) => i % 3 === 0).map((id) => [id, `P${'f'.repeat(15)}${id.slice(-1)}`]));

  it('appends a file with its patches written over it as the same bytes patched at once', () => {
    const out = join(dir, 'spliced-patched.ndjson');
    const writer = new LineWriter(out);
    writer.write('before\n');
    expect(writer.append(path, quotedPersonIdPatches(bytes, remap))).toBe(lines.length + 1);
    writer.close();
    const expected = Buffer.from(bytes);
    expect(replaceQuotedPersonIds(expected, remap)).toBeGreaterThan(1_000);
    expect(readFileSync(out).equals(Buffer.concat([Buffer.from('before\n'), expected]))).toBe(true);
  });

  it('appends the person lines but the dropped ones, as personLinesWithout keeps them', () => {
    const out = join(dir, 'spliced-without.ndjson');
    const writer = new LineWriter(out);
    const drop = (id: string): boolean => remap.has(id);
    const kept = writer.appendPersonLinesWithout(path, drop);
    writer.close();
    const expected = personLinesWithout(bytes, drop);
    expect(kept).toBe(expected.kept);
    expect(readFileSync(out).equals(Buffer.concat(expected.parts))).toBe(true);
  });
});

describe('splitIntoPartitions', () => {
  it('streams records into partition files, keeps origins, masks unreadable lines', async () => {
    const persons = join(dir, 'persons.ndjson');
    const families = join(dir, 'families.ndjson');
    const a = '{"source":"dtks","recordId":"1","address":{"villageCode":"3201012001"}}';
    const b = '{"source":"dtks","recordId":"2","nik":"3171014101900001"}';
    const c = '{"source":"dtks","recordId":"3","name":"SITI"}';
    writeFileSync(persons, `${a}\n\n${b}\n{"nik":"3171014101900001", oops\n${c}\n[1]\n`);
    writeFileSync(families, '{"source":"dukcapil","recordId":"k1","kk":"3201010101200001"}\n');
    const work = join(dir, 'work');
    const manifest = await splitIntoPartitions({ persons: [persons], families: [families] }, work);
    expect(manifest.partitions.map((p) => [p.name, p.persons, p.families])).toEqual([
      ['3171', 1, 0],
      ['3201', 1, 1],
      ['unplaced', 1, 0],
    ]);
    expect(manifest.lines).toBe(7);
    expect(manifest.blankLines).toBe(1);
    expect(manifest.unreadable.map((u) => u.line)).toEqual([4, 6]);
    expect(JSON.stringify(manifest.unreadable)).not.toMatch(/\d{16}/);
    expect(readFileSync(partitionFile(work, '3201', 'persons', 0), 'utf8')).toBe(`${a}\n`);
    expect(readFileSync(partitionFile(work, '3201', 'families', 1), 'utf8')).toContain('"k1"');
    // Origins: (file index, line number) per person line of the partition.
    const bytes = readFileSync(originsFile(work, '3171', 0));
    expect([...new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)]).toEqual([0, 3]);
  });

  it('reads CSV through the column mapping, with origins counted in physical lines', async () => {
    const csv = join(dir, 'dtks.csv');
    writeFileSync(csv, 'source;recordId;address.villageCode;name\ndtks;1;3201012001;SITI\n\ndtks;2;3171010001;"BUDI; S.Pd."\ndtks;3\n');
    const work = join(dir, 'work-csv');
    const manifest = await splitIntoPartitions({ persons: [csv] }, work);
    expect(manifest.partitions.map((p) => [p.name, p.persons])).toEqual([
      ['3171', 1],
      ['3201', 1],
    ]);
    expect(manifest.lines).toBe(5);
    expect(manifest.blankLines).toBe(1);
    expect(manifest.unreadable.map((u) => u.line)).toEqual([5]);
    expect(JSON.parse(readFileSync(partitionFile(work, '3171', 'persons', 0), 'utf8'))).toEqual({
      source: 'dtks',
      recordId: '2',
      address: { villageCode: '3171010001' },
      name: 'BUDI; S.Pd.',
    });
    const bytes = readFileSync(originsFile(work, '3171', 0));
    expect([...new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)]).toEqual([0, 4]);
  });
});
