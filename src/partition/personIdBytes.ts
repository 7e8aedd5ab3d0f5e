/**
 * Person IDs in the UTF-8 bytes of output files, without decoding them: a partition's outputs are
 * rewritten with global person IDs after the cross-partition merge, and only about one person in a
 * hundred changes ID, so the files are patched where they change instead of being decoded, matched
 * with a regular expression and encoded again. A person ID is `P` and 16 lowercase hex digits (the
 * entity-ID rule of cluster/entityIds.ts), every one the same length, so a replacement never moves
 * the bytes around it. The pattern is ASCII, and in UTF-8 no byte of a multi-byte character is
 * ASCII, so matching bytes finds exactly what matching the decoded text finds.
 */

import { PadanError } from '../_internal/error.js';

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const LETTER_P = 0x50;
/** `"P`, then 16 hex digits, then `"`. */
const QUOTED_ID_BYTES = 19;
const QUOTED_ID_START = Buffer.from('"P', 'latin1');
const LINE_ID_PREFIX = Buffer.from('{"id":"', 'latin1');

function isLowerHex(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66);
}

/** Whether `bytes[at..]` is `P` and 16 lowercase hex digits followed by a quote. */
function idThenQuoteAt(bytes: Uint8Array, at: number): boolean {
  if (at + 18 > bytes.length || bytes[at] !== LETTER_P || bytes[at + 17] !== QUOTE) return false;
  for (let i = at + 1; i < at + 17; i++) if (!isLowerHex(bytes[i] as number)) return false;
  return true;
}

/**
 * Where a file's person IDs change, to be written over its bytes as they are copied: ascending byte
 * offsets, and the ID (17 ASCII bytes, as long as the one it replaces) to write at each.
 */
export interface PersonIdPatches {
  readonly offsets: readonly number[];
  readonly ids: readonly string[];
}

function patchTo(from: string, to: string | undefined): string | undefined {
  if (to !== undefined && to.length !== from.length) throw new RangeError(`person ID ${to.slice(0, 1)}… is not ${from.length} characters`);
  return to;
}

/**
 * The patches that replace every quoted person ID (`"P…"`) that `remap` maps with the ID it maps to:
 * the same as `text.replace(/"(P[0-9a-f]{16})"/g, …)` on the decoded text (matches do not overlap,
 * scanning left to right), without decoding or copying the bytes.
 *
 * @example
 * quotedPersonIdPatches(Buffer.from('{"head":"P0000000000000001"}'), new Map([['P0000000000000001', 'P00000000000000ff']]))
 * // { offsets: [9], ids: ['P00000000000000ff'] }
 */
export function quotedPersonIdPatches(bytes: Buffer, remap: ReadonlyMap<string, string>): PersonIdPatches {
  const offsets: number[] = [];
  const ids: string[] = [];
  if (remap.size === 0) return { offsets, ids };
  for (let at = bytes.indexOf(QUOTED_ID_START, 0); at !== -1;) {
    if (!idThenQuoteAt(bytes, at + 1)) {
      at = bytes.indexOf(QUOTED_ID_START, at + 1);
      continue;
    }
    const from = bytes.toString('latin1', at + 1, at + 18);
    const to = patchTo(from, remap.get(from));
    if (to !== undefined) {
      offsets.push(at + 1);
      ids.push(to);
    }
    at = bytes.indexOf(QUOTED_ID_START, at + QUOTED_ID_BYTES);
  }
  return { offsets, ids };
}

/**
 * Writes patches over the bytes of a file that start at file offset `at` (a chunk of it): the parts
 * of every patch that fall inside, so a patch cut by a chunk's end is finished at the next chunk's start.
 *
 * @example
 * const chunk = Buffer.from('{"head":"P0000000000000001"}');
 * applyPersonIdPatches(chunk, 0, { offsets: [9], ids: ['P00000000000000ff'] });
 * chunk.toString() // '{"head":"P00000000000000ff"}'
 */
export function applyPersonIdPatches(bytes: Buffer, at: number, patches: PersonIdPatches): void {
  const { offsets, ids } = patches;
  const end = at + bytes.length;
  // The first patch that ends after `at` (IDs are at most a few dozen bytes: start a little before).
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((offsets[mid] as number) + (ids[mid] as string).length <= at) low = mid + 1;
    else high = mid;
  }
  for (let p = low; p < offsets.length; p++) {
    const offset = offsets[p] as number;
    if (offset >= end) break;
    const id = ids[p] as string;
    const from = Math.max(offset, at);
    const to = Math.min(offset + id.length, end);
    if (from < to) bytes.write(id.slice(from - offset, to - offset), from - at, to - from, 'latin1');
  }
}

/**
 * Replaces, in place, every quoted person ID (`"P…"`) that `remap` maps with the ID it maps to;
 * returns how many were replaced (see {@link quotedPersonIdPatches}).
 *
 * @example
 * const bytes = Buffer.from('{"head":"P0000000000000001"}');
 * replaceQuotedPersonIds(bytes, new Map([['P0000000000000001', 'P00000000000000ff']])) // 1
 * bytes.toString() // '{"head":"P00000000000000ff"}'
 */
export function replaceQuotedPersonIds(bytes: Buffer, remap: ReadonlyMap<string, string>): number {
  const patches = quotedPersonIdPatches(bytes, remap);
  applyPersonIdPatches(bytes, 0, patches);
  return patches.offsets.length;
}

const COMMA = 0x2c;

/** The end of the CSV field of `bytes` that starts at `at` (RFC 4180: a quoted field ends at a lone quote). */
function csvFieldEnd(bytes: Buffer, at: number): number {
  if (bytes[at] !== QUOTE) {
    const comma = bytes.indexOf(COMMA, at);
    return comma < 0 ? bytes.length : comma;
  }
  let i = at + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, i);
    if (quote < 0) return bytes.length;
    if (bytes[quote + 1] !== QUOTE) return quote + 1;
    i = quote + 2;
  }
}

/**
 * The patches that replace the personId of every row of header-less links.csv bytes
 * (`source,recordId,personId,…`) that `remap` maps: what `remapLinkPersons` does to the decoded text.
 * Rows are read as CSV, so a quoted source or recordId holding commas, quotes or line breaks is skipped whole.
 *
 * @example
 * linkPersonIdPatches(Buffer.from('dtks,D-1,P0000000000000001,F1,H1,person\n'), new Map([['P0000000000000001', 'P00000000000000ff']]))
 * // { offsets: [10], ids: ['P00000000000000ff'] }
 */
export function linkPersonIdPatches(bytes: Buffer, remap: ReadonlyMap<string, string>): PersonIdPatches {
  const offsets: number[] = [];
  const ids: string[] = [];
  let at = 0;
  while (at < bytes.length && remap.size > 0) {
    const afterSource = csvFieldEnd(bytes, at);
    const personStart = csvFieldEnd(bytes, afterSource + 1) + 1;
    const personEnd = bytes.indexOf(COMMA, personStart);
    const rowEnd = bytes.indexOf(NEWLINE, personStart);
    if (personEnd < 0 || (rowEnd >= 0 && rowEnd < personEnd)) throw new PadanError('internal', 'links.csv: a row without a personId column');
    if (personEnd > personStart) {
      const from = bytes.toString('latin1', personStart, personEnd);
      const to = patchTo(from, remap.get(from));
      if (to !== undefined) {
        offsets.push(personStart);
        ids.push(to);
      }
    }
    at = rowEnd < 0 ? bytes.length : rowEnd + 1;
  }
  return { offsets, ids };
}

/**
 * The lines of an NDJSON persons file (each `{"id":"P…",…}`) without those whose ID `drop` accepts,
 * as byte ranges of `bytes` (no copy), with how many were kept. Empty lines are left out; the last
 * line gets its newline if it had none. The same as keeping the lines for which
 * `/^\{"id":"(P[0-9a-f]{16})"/` finds no ID or an ID `drop` refuses.
 *
 * @example
 * const { parts, kept } = personLinesWithout(readFileSync('persons.ndjson'), (id) => joined.has(id));
 * writeFileSync('global.persons.ndjson', Buffer.concat(parts))
 */
export function personLinesWithout(bytes: Buffer, drop: (personId: string) => boolean): { readonly parts: Buffer[]; readonly kept: number } {
  const parts: Buffer[] = [];
  let kept = 0;
  // Runs of kept lines are copied as one range.
  let runStart = -1;
  let runEnd = -1;
  let missingNewline = false;
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    const next = newline === -1 ? bytes.length : newline + 1;
    const empty = end === start;
    const idAt = start + LINE_ID_PREFIX.length;
    const dropped =
      !empty &&
      bytes.compare(LINE_ID_PREFIX, 0, LINE_ID_PREFIX.length, start, Math.min(idAt, end)) === 0 &&
      idThenQuoteAt(bytes, idAt) &&
      idAt + 18 <= end &&
      drop(bytes.toString('latin1', idAt, idAt + 17));
    if (empty || dropped) {
      if (runStart !== -1) parts.push(bytes.subarray(runStart, runEnd));
      runStart = -1;
    } else {
      if (runStart === -1) runStart = start;
      runEnd = next;
      missingNewline = newline === -1;
      kept++;
    }
    start = next;
  }
  if (runStart !== -1) parts.push(bytes.subarray(runStart, runEnd));
  if (missingNewline && runEnd === bytes.length) parts.push(Buffer.from('\n'));
  return { parts, kept };
}
