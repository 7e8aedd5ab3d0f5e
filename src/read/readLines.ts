/**
 * Physical lines of a file, streamed: split on bytes (LF, with CRLF's CR dropped), each line decoded on
 * its own, so a file of any size is read in constant memory and every line has its number.
 *
 * Encoding: UTF-8 with or without BOM. A file whose first 64 KiB are not valid UTF-8 is read as
 * Windows-1252 (a superset of Latin-1's printable characters, what Excel saves as "CSV" on Windows);
 * a later line that is not valid UTF-8 is read as Windows-1252 too. Both are reported, never turned into
 * U+FFFD in silence.
 */
import { createReadStream } from 'node:fs';

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
 * Streams the lines of a file. Lines are numbered from 1; a last line without a line break counts; a
 * file's UTF-8 BOM is dropped.
 *
 * @example
 * for await (const line of readLines('dtks.csv')) if (line.kind === 'text') console.log(line.line, line.text);
 */
export async function* readLines(path: string, options?: ReadLinesOptions): AsyncGenerator<FileLine> {
  const maxLineBytes = options?.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const latin = new TextDecoder('windows-1252');
  let fileEncoding: 'utf-8' | 'windows-1252' | undefined = options?.encoding === 'auto' ? undefined : options?.encoding;
  let line = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let first = true;

  const decode = (bytes: Uint8Array): FileLine => {
    line += 1;
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 13) end -= 1;
    const body = bytes.subarray(0, end);
    if (fileEncoding === 'windows-1252') return { kind: 'text', line, text: latin.decode(body), decodedAs: 'windows-1252' };
    try {
      return { kind: 'text', line, text: utf8.decode(body), decodedAs: 'utf-8' };
    } catch {
      return { kind: 'text', line, text: latin.decode(body), decodedAs: 'windows-1252' };
    }
  };

  const stream = createReadStream(path, { highWaterMark: SAMPLE_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let data: Buffer = chunk;
    if (first) {
      first = false;
      if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
        data = data.subarray(3);
        fileEncoding ??= 'utf-8';
      }
      fileEncoding ??= isUtf8(data, data.length === SAMPLE_BYTES) ? 'utf-8' : 'windows-1252';
    }
    let start = 0;
    for (;;) {
      const newline = data.indexOf(10, start);
      const end = newline === -1 ? data.length : newline;
      if (skipping) {
        pendingBytes += end - start;
      } else if (pendingBytes + (end - start) > maxLineBytes) {
        skipping = true;
        pending = [];
        pendingBytes += end - start;
      } else if (end > start) {
        pending.push(data.subarray(start, end));
        pendingBytes += end - start;
      }
      if (newline === -1) break;
      if (skipping) {
        line += 1;
        yield { kind: 'too-long', line, bytes: pendingBytes };
      } else {
        yield decode(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes));
      }
      pending = [];
      pendingBytes = 0;
      skipping = false;
      start = newline + 1;
    }
  }
  if (skipping) {
    line += 1;
    yield { kind: 'too-long', line, bytes: pendingBytes };
  } else if (pendingBytes > 0) {
    yield decode(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes));
  }
}
