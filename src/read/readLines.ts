/**
 * Physical lines of a file, streamed: split on bytes (LF, with CRLF's CR dropped), each line decoded on
 * its own, so a file of any size is read in constant memory and every line has its number.
 *
 * Encoding: UTF-8 with or without BOM. A file whose first 64 KiB are not valid UTF-8 is read as
 * Windows-1252 (a superset of Latin-1's printable characters, what Excel saves as "CSV" on Windows);
 * a later line that is not valid UTF-8 is read as Windows-1252 too. Both are reported, never turned into
 * U+FFFD in silence.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';

/** Options of `readLines`. */
export interface ReadLinesOptions {
  /**
   * Longest line accepted, in bytes (default 4 MiB). A longer line is not kept in memory: it is skipped
   * to its end and reported as `too-long`, so a 100 MB file with no line break cannot exhaust memory.
   */
  readonly maxLineBytes?: number;
  /** `'auto'` (default), or force `'utf-8'` / `'windows-1252'`. */
  readonly encoding?: 'auto' | 'utf-8' | 'windows-1252';
}

/** One physical line: its 1-based number and its text, or why it has no text. */
export type FileLine =
  | { readonly kind: 'text'; readonly line: number; readonly text: string; readonly decodedAs: 'utf-8' | 'windows-1252' }
  | { readonly kind: 'too-long'; readonly line: number; readonly bytes: number };

const SAMPLE_BYTES = 64 * 1024;
const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

/** Whether `bytes` is valid UTF-8, ignoring a multi-byte character cut off at the end. */
function isUtf8(bytes: Uint8Array, cutAtEnd: boolean): boolean {
  let end = bytes.length;
  if (cutAtEnd) {
    // Step back over an incomplete last character (at most 3 continuation bytes after a lead byte).
    let back = end - 1;
    while (back >= 0 && end - back <= 4 && ((bytes[back] as number) & 0xc0) === 0x80) back -= 1;
    if (back >= 0 && (bytes[back] as number) >= 0xc0) end = back;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * Cuts chunks of a file into lines (see the module comment): what the streamed and the synchronous
 * readers share, so both give the same lines. Chunks must not be reused by the caller: a line cut
 * across chunks keeps views of both until it ends.
 */
class LineSplitter {
  private readonly maxLineBytes: number;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private readonly latin = new TextDecoder('windows-1252');
  private fileEncoding: 'utf-8' | 'windows-1252' | undefined;
  private line = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;
  private first = true;

  constructor(options: ReadLinesOptions | undefined) {
    this.maxLineBytes = options?.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.fileEncoding = options?.encoding === 'auto' ? undefined : options?.encoding;
  }

  private decode(bytes: Uint8Array): FileLine {
    this.line += 1;
    const line = this.line;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 13) end -= 1;
    const body = bytes.subarray(0, end);
    if (this.fileEncoding === 'windows-1252') return { kind: 'text', line, text: this.latin.decode(body), decodedAs: 'windows-1252' };
    try {
      return { kind: 'text', line, text: this.utf8.decode(body), decodedAs: 'utf-8' };
    } catch {
      return { kind: 'text', line, text: this.latin.decode(body), decodedAs: 'windows-1252' };
    }
  }

  /** The lines a chunk ends; the encoding is detected from the first `SAMPLE_BYTES` of the first chunk. */
  push(chunk: Buffer, onLine: (line: FileLine) => void): void {
    let data: Buffer = chunk;
    if (this.first) {
      this.first = false;
      if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
        data = data.subarray(3);
        this.fileEncoding ??= 'utf-8';
      }
      this.fileEncoding ??= isUtf8(data, data.length === SAMPLE_BYTES) ? 'utf-8' : 'windows-1252';
    }
    let start = 0;
    for (;;) {
      const newline = data.indexOf(10, start);
      const end = newline === -1 ? data.length : newline;
      if (this.skipping) {
        this.pendingBytes += end - start;
      } else if (this.pendingBytes + (end - start) > this.maxLineBytes) {
        this.skipping = true;
        this.pending = [];
        this.pendingBytes += end - start;
      } else if (end > start) {
        this.pending.push(data.subarray(start, end));
        this.pendingBytes += end - start;
      }
      if (newline === -1) break;
      if (this.skipping) {
        this.line += 1;
        onLine({ kind: 'too-long', line: this.line, bytes: this.pendingBytes });
      } else {
        onLine(this.decode(this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes)));
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = false;
      start = newline + 1;
    }
  }

  /** The last line, when the file does not end with a line break. */
  end(onLine: (line: FileLine) => void): void {
    if (this.skipping) {
      this.line += 1;
      onLine({ kind: 'too-long', line: this.line, bytes: this.pendingBytes });
    } else if (this.pendingBytes > 0) {
      onLine(this.decode(this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending, this.pendingBytes)));
    }
  }
}

/**
 * Streams the lines of a file. Lines are numbered from 1; a last line without a line break counts; a
 * file's UTF-8 BOM is dropped.
 *
 * @example
 * for await (const line of readLines('dtks.csv')) if (line.kind === 'text') console.log(line.line, line.text);
 */
export async function* readLines(path: string, options?: ReadLinesOptions): AsyncGenerator<FileLine> {
  const splitter = new LineSplitter(options);
  let lines: FileLine[] = [];
  const keep = (line: FileLine): void => void lines.push(line);
  const stream = createReadStream(path, { highWaterMark: SAMPLE_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    splitter.push(chunk, keep);
    const ready = lines;
    lines = [];
    yield* ready;
  }
  splitter.end(keep);
  yield* lines;
}

/** Bytes a synchronous read asks for after the first `SAMPLE_BYTES` (a fresh buffer each: lines keep views of it). */
const SYNC_CHUNK_BYTES = 1 << 20;

/**
 * The lines `readLines` streams, read synchronously: no promise per line, for a caller that has
 * nothing to wait for between lines (a partition split job on its own thread).
 *
 * @example
 * forEachFileLine('dtks.ndjson', (line) => { if (line.kind === 'text') count++; });
 */
export function forEachFileLine(path: string, onLine: (line: FileLine) => void, options?: ReadLinesOptions): void {
  const splitter = new LineSplitter(options);
  const fd = openSync(path, 'r');
  try {
    // The first read is the sample the encoding is detected from, as the stream's first chunk.
    for (let size = SAMPLE_BYTES; ; size = SYNC_CHUNK_BYTES) {
      const buffer = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const read = readSync(fd, buffer, filled, size - filled, null);
        if (read === 0) break;
        filled += read;
      }
      if (filled === 0) break;
      splitter.push(buffer.subarray(0, filled), onLine);
      if (filled < size) break;
    }
    splitter.end(onLine);
  } finally {
    closeSync(fd);
  }
}
