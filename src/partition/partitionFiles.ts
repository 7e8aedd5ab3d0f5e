import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PadanError } from '../_internal/error.js';
import type { ColumnMapping } from '../read/columnMapping.js';
import type { Issue } from '../_internal/result.js';
import { forEachNdjsonItem, isNdjsonFile, readRecords, type FileFacts, type ReadIssueCode, type ReadItem } from '../read/readRecords.js';
import { partitionOfRecord } from './partitionOfRecord.js';
import { applyPersonIdPatches, personLinesWithout, type PersonIdPatches } from './personIdBytes.js';

/** The kinds of record a partitioned run reads. */
export type PartitionRecordKind = 'persons' | 'families' | 'dwellings';

const KINDS: readonly PartitionRecordKind[] = ['persons', 'families', 'dwellings'];

/** One partition on disk: its name and how many records of each kind it holds. */
export interface PartitionEntry {
  readonly name: string;
  readonly persons: number;
  readonly families: number;
  readonly dwellings: number;
  /** Bytes of its person file. */
  readonly bytes: number;
}

/** A line that could not be read as a record. */
export interface UnreadableLine {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** The reader's issue (its code says why: malformed JSON or CSV, a line too long …). */
  readonly issue: Issue<ReadIssueCode>;
}

/** What `splitIntoPartitions` wrote: the input files, the partitions (largest first) and the unreadable lines. */
export interface PartitionManifest {
  readonly kind: 'padan/partitions';
  readonly version: 1;
  readonly inputs: Readonly<Record<PartitionRecordKind, readonly string[]>>;
  readonly partitions: readonly PartitionEntry[];
  readonly lines: number;
  readonly blankLines: number;
  readonly unreadable: readonly UnreadableLine[];
}

/** Input files of a partitioned run, by record kind (NDJSON). */
export interface PartitionInputs {
  readonly persons: readonly string[];
  readonly families?: readonly string[];
  readonly dwellings?: readonly string[];
}

/**
 * The file of one partition's records of one kind that came from one input file (its index among
 * all inputs, persons first): NDJSON, one record per line. Input files are split in parallel, each
 * into its own pieces; a partition's records are its pieces in input order.
 */
export function partitionFile(dir: string, partition: string, kind: PartitionRecordKind, fileIndex: number): string {
  return join(dir, 'partitions', `${partition}.${kind}.${fileIndex}.ndjson`);
}

/** Where each line of a partition's piece of one input file came from: (input file index, line number) pairs, Int32. */
export function originsFile(dir: string, partition: string, fileIndex: number): string {
  return join(dir, 'partitions', `${partition}.origins.${fileIndex}.bin`);
}

/** The manifest of a partitioned work folder. */
export function manifestFile(dir: string): string {
  return join(dir, 'manifest.json');
}

const CHUNK = 1 << 22;
let chunk: Buffer | null = null;

/**
 * Calls `onLine` with each line of a text file (UTF-8, `\n` or `\r\n`) and its 1-based number,
 * reading in 4 MiB chunks: memory stays flat whatever the file size. A line split across chunks is
 * joined first. (When the shared streaming readers land, this is the one place to switch.)
 */
export function forEachLine(path: string, onLine: (line: string, lineNumber: number) => void): void {
  const fd = openSync(path, 'r');
  // One chunk per thread, reused (partition files are many and small); a nested call makes its own.
  const buffer = chunk ?? Buffer.allocUnsafe(CHUNK);
  chunk = null;
  try {
    let carry: Buffer | null = null;
    let lineNumber = 0;
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      const filled = buffer.subarray(0, read);
      let start = 0;
      for (let i = filled.indexOf(10, 0); i !== -1; i = filled.indexOf(10, start)) {
        let piece: Buffer = filled.subarray(start, i);
        if (carry !== null) {
          piece = Buffer.concat([carry, piece]);
          carry = null;
        }
        const end = piece.length > 0 && piece[piece.length - 1] === 13 ? piece.length - 1 : piece.length;
        onLine(piece.toString('utf8', 0, end), ++lineNumber);
        start = i + 1;
      }
      if (start < read) {
        const rest = Buffer.from(filled.subarray(start));
        carry = carry === null ? rest : Buffer.concat([carry, rest]);
      }
    }
    if (carry !== null && carry.length > 0) {
      const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
      onLine(carry.toString('utf8', 0, end), ++lineNumber);
    }
  } finally {
    closeSync(fd);
    chunk = buffer;
  }
}

const WRITE_BUFFER_CAP = 1 << 16;

/**
 * Appends text to one file through a byte buffer: few syscalls, bounded memory. Text is encoded as it
 * arrives, so the strings die young (a split holds a writer per partition; queued strings would live
 * until the file is closed and be copied by every collection in between). The buffer starts small and
 * grows to its cap: most partition pieces are small.
 */
export class LineWriter {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(1 << 12);
  private at = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    const most = text.length * 3;
    if (this.at + most > this.buffer.length) {
      if (this.buffer.length < WRITE_BUFFER_CAP && this.at + most <= WRITE_BUFFER_CAP) {
        const grown = Buffer.allocUnsafe(WRITE_BUFFER_CAP);
        this.buffer.copy(grown, 0, 0, this.at);
        this.buffer = grown;
      } else {
        this.flush();
        if (most > this.buffer.length) {
          writeSync(this.fd, text);
          return;
        }
      }
    }
    this.at += this.buffer.write(text, this.at);
  }
  flush(): void {
    if (this.at > 0) writeSync(this.fd, this.buffer, 0, this.at);
    this.at = 0;
  }
  /**
   * Appends a whole file's bytes (lines, each ending in a newline) and returns its line count; with
   * `patches`, person IDs are written over the bytes as they pass (see `applyPersonIdPatches`).
   */
  append(path: string, patches?: PersonIdPatches): number {
    this.flush();
    const fd = openSync(path, 'r');
    // The thread's chunk, as forEachLine's (a nested reader makes its own).
    const buffer = chunk ?? Buffer.allocUnsafe(CHUNK);
    chunk = null;
    let lines = 0;
    let at = 0;
    try {
      for (;;) {
        const read = readSync(fd, buffer, 0, CHUNK, null);
        if (read === 0) break;
        // Count in the bytes read only: the rest of the chunk is stale.
        const filled = buffer.subarray(0, read);
        if (patches !== undefined) applyPersonIdPatches(filled, at, patches);
        at += read;
        for (let i = filled.indexOf(10, 0); i !== -1; i = filled.indexOf(10, i + 1)) lines++;
        writeSync(this.fd, filled);
      }
    } finally {
      closeSync(fd);
      chunk = buffer;
    }
    return lines;
  }

  /**
   * Appends the lines of an NDJSON persons file but those whose leading ID `drop` accepts, as
   * `personLinesWithout` keeps them (empty lines left out, the last one ended), reading in chunks;
   * returns how many lines were kept.
   */
  appendPersonLinesWithout(path: string, drop: (personId: string) => boolean): number {
    this.flush();
    const fd = openSync(path, 'r');
    let buffer = chunk ?? Buffer.allocUnsafe(CHUNK);
    chunk = null;
    let kept = 0;
    // Bytes of a line the last read cut, moved to the buffer's start.
    let carried = 0;
    const writeLines = (bytes: Buffer): void => {
      const lines = personLinesWithout(bytes, drop);
      for (const part of lines.parts) writeSync(this.fd, part);
      kept += lines.kept;
    };
    try {
      for (;;) {
        if (carried === buffer.length) {
          // One line longer than the buffer: a larger one (not the thread's shared chunk).
          const grown = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(grown, 0, 0, carried);
          buffer = grown;
        }
        const read = readSync(fd, buffer, carried, buffer.length - carried, null);
        const filled = carried + read;
        if (read === 0) {
          if (filled > 0) writeLines(buffer.subarray(0, filled));
          break;
        }
        const lastNewline = buffer.lastIndexOf(10, filled - 1);
        if (lastNewline < 0) {
          carried = filled;
          continue;
        }
        writeLines(buffer.subarray(0, lastNewline + 1));
        carried = buffer.copy(buffer, 0, lastNewline + 1, filled);
      }
    } finally {
      closeSync(fd);
      if (buffer.length === CHUNK) chunk = buffer;
    }
    return kept;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * Appends Int32 values to one file through a buffer that starts small and grows to its cap: a split
 * holds one per partition per input file, most of them small.
 */
class BufferedInts {
  private readonly fd: number;
  private buffer = new Int32Array(256);
  private at = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(a: number, b: number): void {
    if (this.at + 2 > this.buffer.length) {
      if (this.buffer.length < 1 << 16) {
        const grown = new Int32Array(this.buffer.length * 4);
        grown.set(this.buffer);
        this.buffer = grown;
      } else this.flush();
    }
    this.buffer[this.at++] = a;
    this.buffer[this.at++] = b;
  }
  flush(): void {
    if (this.at > 0) writeSync(this.fd, new Uint8Array(this.buffer.buffer, 0, this.at * 4));
    this.at = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Options of {@link splitIntoPartitions} and {@link splitInputFile}. */
export interface SplitIntoPartitionsOptions {
  /** The partition of a record; default `partitionOfRecord`. */
  readonly partitionOf?: (record: unknown) => string;
  /** CSV and XLSX column names → padan field paths (see `columnMapping.ts`). */
  readonly mapping?: ColumnMapping;
  /** CSV delimiter (default detected), as `readRecords` takes it. */
  readonly delimiter?: string;
  /** Longest line read (default `readRecords`'); a longer one is unreadable. */
  readonly maxLineBytes?: number;
}

/** What splitting one input file wrote. */
export interface SplitPiece {
  readonly fileIndex: number;
  readonly kind: PartitionRecordKind;
  /** Records written per partition. */
  readonly counts: Readonly<Record<string, number>>;
  readonly lines: number;
  readonly blankLines: number;
  readonly unreadable: readonly UnreadableLine[];
}

/**
 * Streams one input file (NDJSON, CSV or XLSX, by extension; see `readRecords`) into its pieces of
 * the partition files (see `partitionFile`), with each person line's origin beside it: only the
 * reader's buffer and the write buffers are in memory, whatever the file's size. One job of a
 * partitioned run; files split in parallel write disjoint pieces.
 *
 * @example
 * const piece = await splitInputFile('dtks.csv', 'persons', 0, '/tmp/work');
 * piece.counts['3201'] // records of regency 3201 in dtks.csv
 */
export async function splitInputFile(
  path: string,
  kind: PartitionRecordKind,
  fileIndex: number,
  dir: string,
  options?: SplitIntoPartitionsOptions,
): Promise<SplitPiece> {
  const partitionOf = options?.partitionOf ?? partitionOfRecord;
  mkdirSync(join(dir, 'partitions'), { recursive: true });
  const files = new Map<string, LineWriter>();
  const origins = new Map<string, BufferedInts>();
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  const unreadable: UnreadableLine[] = [];
  let blankLines = 0;
  const facts = {} as FileFacts;
  const take = (item: ReadItem): void => {
    if (item.kind === 'blank') {
      blankLines += item.endLine - item.line + 1;
      return;
    }
    // Reader messages name the line, never its content: nothing to mask.
    if (item.kind === 'unreadable') unreadable.push({ file: path, line: item.line, message: item.issue.message, issue: item.issue });
    if (item.kind !== 'record') return;
    const { record } = item;
    const partition = partitionOf(record);
    let file = files.get(partition);
    if (file === undefined) files.set(partition, (file = new LineWriter(partitionFile(dir, partition, kind, fileIndex))));
    // An NDJSON line is written as read (it parsed to exactly this record): no second serialization.
    file.write(`${item.text ?? JSON.stringify(record)}\n`);
    counts[partition] = (counts[partition] ?? 0) + 1;
    let origin = origins.get(partition);
    if (origin === undefined) origins.set(partition, (origin = new BufferedInts(originsFile(dir, partition, fileIndex))));
    origin.write(fileIndex, item.line);
  };
  const maxLineBytes = options?.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {};
  try {
    // NDJSON is read synchronously (the same items, without a promise per line); CSV and XLSX streamed.
    if (isNdjsonFile(path)) forEachNdjsonItem(path, take, { facts, ...maxLineBytes });
    else {
      for await (const item of readRecords(path, {
        facts,
        ...(options?.mapping !== undefined ? { mapping: options.mapping } : {}),
        ...(options?.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
        ...maxLineBytes,
      }))
        take(item);
    }
  } finally {
    for (const file of files.values()) file.close();
    for (const origin of origins.values()) origin.close();
  }
  return { fileIndex, kind, counts, lines: facts.lines, blankLines, unreadable };
}

/** The input files of a run in file-index order, each with its record kind. */
export function inputFiles(inputs: PartitionInputs): { path: string; kind: PartitionRecordKind; fileIndex: number }[] {
  const all: Record<PartitionRecordKind, readonly string[]> = { persons: inputs.persons, families: inputs.families ?? [], dwellings: inputs.dwellings ?? [] };
  return KINDS.flatMap((kind) => all[kind].map((path) => ({ path, kind }))).map((file, fileIndex) => ({ ...file, fileIndex }));
}

/** The manifest of the pieces of every input file (given in any order): written, and returned. */
export function writeManifest(dir: string, inputs: PartitionInputs, pieces: readonly SplitPiece[]): PartitionManifest {
  const counts = new Map<string, Record<PartitionRecordKind, number>>();
  const ordered = [...pieces].sort((a, b) => a.fileIndex - b.fileIndex);
  for (const piece of ordered) {
    for (const [partition, n] of Object.entries(piece.counts)) {
      let count = counts.get(partition);
      if (count === undefined) counts.set(partition, (count = { persons: 0, families: 0, dwellings: 0 }));
      count[piece.kind] += n;
    }
  }
  const partitions: PartitionEntry[] = [...counts.entries()]
    .map(([name, count]) => ({ name, ...count, bytes: 0 }))
    .sort((a, b) => b.persons - a.persons || (a.name < b.name ? -1 : 1));
  const manifest: PartitionManifest = {
    kind: 'padan/partitions',
    version: 1,
    inputs: { persons: inputs.persons, families: inputs.families ?? [], dwellings: inputs.dwellings ?? [] },
    partitions,
    lines: ordered.reduce((n, piece) => n + piece.lines, 0),
    blankLines: ordered.reduce((n, piece) => n + piece.blankLines, 0),
    unreadable: ordered.flatMap((piece) => piece.unreadable),
  };
  writeFileAtomic(manifestFile(dir), `${JSON.stringify(manifest)}\n`);
  return manifest;
}

/**
 * Streams input files into partition files under `dir/partitions/` one after the other (a
 * partitioned run splits them in parallel, as jobs) and writes the manifest.
 *
 * @example
 * const manifest = await splitIntoPartitions({ persons: ['dtks.csv', 'dukcapil.ndjson'] }, '/tmp/work');
 * manifest.partitions[0] // { name: '3171', persons: 52311, … } (largest first)
 */
export async function splitIntoPartitions(inputs: PartitionInputs, dir: string, options?: SplitIntoPartitionsOptions): Promise<PartitionManifest> {
  const pieces: SplitPiece[] = [];
  for (const file of inputFiles(inputs)) pieces.push(await splitInputFile(file.path, file.kind, file.fileIndex, dir, options));
  return writeManifest(dir, inputs, pieces);
}

/** Calls `onLine` with each line of a partition's records of one kind, piece by piece in input order. */
export function forEachPartitionLine(dir: string, inputCount: number, partition: string, kind: PartitionRecordKind, onLine: (line: string) => void): void {
  for (let fileIndex = 0; fileIndex < inputCount; fileIndex++) {
    const path = partitionFile(dir, partition, kind, fileIndex);
    if (existsSync(path)) forEachLine(path, onLine);
  }
}

/**
 * Calls `onLine` with each non-blank line of a partition's records of one kind as a byte range of a
 * piece (`\r\n` or `\n` removed), piece by piece in input order: the lines `forEachPartitionLine`
 * gives, undecoded, for a job that copies some of them and needs none of them as text. When `onLine`
 * returns `false` no further line is read (nor any later piece): a job that wants only its first
 * lines stops there.
 */
export function forEachPartitionLineBytes(
  dir: string,
  inputCount: number,
  partition: string,
  kind: PartitionRecordKind,
  onLine: (bytes: Buffer, start: number, end: number) => boolean | void,
): void {
  for (let fileIndex = 0; fileIndex < inputCount; fileIndex++) {
    const path = partitionFile(dir, partition, kind, fileIndex);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    for (let start = 0; start < bytes.length;) {
      const newline = bytes.indexOf(10, start);
      const next = newline === -1 ? bytes.length : newline + 1;
      let end = newline === -1 ? bytes.length : newline;
      if (end > start && bytes[end - 1] === 13) end--;
      let blank = true;
      for (let i = start; i < end && blank; i++) {
        const byte = bytes[i] as number;
        if (byte !== 32 && byte !== 9 && byte !== 13) blank = false;
      }
      if (!blank && onLine(bytes, start, end) === false) return;
      start = next;
    }
  }
}

/** The origins of a partition's lines of one kind, (file index, line number) pairs in the order of its lines. */
export function readPartitionOrigins(dir: string, inputCount: number, partition: string, kind: PartitionRecordKind = 'persons'): Int32Array {
  const parts: Buffer[] = [];
  for (let fileIndex = 0; fileIndex < inputCount; fileIndex++) {
    // A file index belongs to one kind: its origins are this kind's when its piece is.
    if (!existsSync(partitionFile(dir, partition, kind, fileIndex))) continue;
    const path = originsFile(dir, partition, fileIndex);
    if (existsSync(path)) parts.push(readFileSync(path));
  }
  const bytes = Buffer.concat(parts);
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Writes a file under a temporary name and renames it: a reader (or a retried job) never sees half a file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** What subdividing one partition wrote: records per part and kind. */
export interface SubdividedPartition {
  readonly partition: string;
  readonly parts: Readonly<Record<string, Readonly<Record<PartitionRecordKind, number>>>>;
}

/**
 * Rewrites one partition's pieces as pieces of its parts (`partOf` names a record's part): every
 * kind, every input file, each line with its origin, in the same order. The partition's own pieces
 * are left in place, so a job that dies half-way can run again; the coordinator removes them once the
 * manifest names the parts (see {@link subdivideManifest}). Memory: one line and a write buffer per part.
 *
 * @example
 * subdividePartition('/tmp/work', 3, '3201', (record) => districtPartitionOfRecord(record, '3201'))
 * // → { partition: '3201', parts: { '320101': { persons: 5120, families: 800, dwellings: 610 }, … } }
 */
export function subdividePartition(dir: string, inputCount: number, partition: string, partOf: (record: unknown) => string): SubdividedPartition {
  const parts: Record<string, Record<PartitionRecordKind, number>> = Object.create(null) as Record<string, Record<PartitionRecordKind, number>>;
  for (const kind of KINDS) {
    for (let fileIndex = 0; fileIndex < inputCount; fileIndex++) {
      const path = partitionFile(dir, partition, kind, fileIndex);
      if (!existsSync(path)) continue;
      const origins = existsSync(originsFile(dir, partition, fileIndex)) ? readFileSync(originsFile(dir, partition, fileIndex)) : null;
      const originOf = origins === null ? null : new Int32Array(origins.buffer.slice(origins.byteOffset, origins.byteOffset + origins.byteLength));
      const files = new Map<string, LineWriter>();
      const partOrigins = new Map<string, BufferedInts>();
      let at = 0;
      try {
        forEachLine(path, (line) => {
          if (line.trim() === '') return;
          const name = partOf(JSON.parse(line) as unknown);
          if (name === partition) throw new PadanError('internal', `subdividing partition ${partition}: a part must have a name of its own`);
          let file = files.get(name);
          if (file === undefined) files.set(name, (file = new LineWriter(partitionFile(dir, name, kind, fileIndex))));
          file.write(`${line}\n`);
          const count = (parts[name] ??= { persons: 0, families: 0, dwellings: 0 });
          count[kind]++;
          if (originOf !== null) {
            let origin = partOrigins.get(name);
            if (origin === undefined) partOrigins.set(name, (origin = new BufferedInts(originsFile(dir, name, fileIndex))));
            origin.write(originOf[at * 2] as number, originOf[at * 2 + 1] as number);
          }
          at++;
        });
      } finally {
        for (const file of files.values()) file.close();
        for (const origin of partOrigins.values()) origin.close();
      }
    }
  }
  return { partition, parts };
}

/**
 * The manifest with each subdivided partition replaced by its parts (largest first, as
 * `writeManifest` orders them): written, and returned. Then the subdivided partitions' pieces are removed.
 */
export function subdivideManifest(dir: string, manifest: PartitionManifest, subdivided: readonly SubdividedPartition[]): PartitionManifest {
  const replaced = new Set(subdivided.map((s) => s.partition));
  const partitions: PartitionEntry[] = [
    ...manifest.partitions.filter((entry) => !replaced.has(entry.name)),
    ...subdivided.flatMap((s) => Object.entries(s.parts).map(([name, count]) => ({ name, ...count, bytes: 0 }))),
  ].sort((a, b) => b.persons - a.persons || (a.name < b.name ? -1 : 1));
  const names = new Set<string>();
  for (const entry of partitions) {
    if (names.has(entry.name)) throw new PadanError('internal', `subdividing: part ${entry.name} is also a partition`);
    names.add(entry.name);
  }
  const result: PartitionManifest = { ...manifest, partitions };
  writeFileAtomic(manifestFile(dir), `${JSON.stringify(result)}\n`);
  const inputCount = manifest.inputs.persons.length + manifest.inputs.families.length + manifest.inputs.dwellings.length;
  for (const partition of replaced) {
    for (let fileIndex = 0; fileIndex < inputCount; fileIndex++) {
      for (const kind of KINDS) rmSync(partitionFile(dir, partition, kind, fileIndex), { force: true });
      rmSync(originsFile(dir, partition, fileIndex), { force: true });
    }
  }
  return result;
}
