/**
 * Person IDs in the UTF-8 bytes of output files, without decoding them: a partition's outputs are
 * rewritten with global person IDs after the cross-partition merge, and only about one person in a
 * hundred changes ID, so the files are patched where they change instead of being decoded, matched
 * with a regular expression and encoded again. A person ID is `P` and 16 lowercase hex digits (the
 * entity-ID rule of cluster/entityIds.ts), every one the same length, so a replacement never moves
 * the bytes around it. The pattern is ASCII, and in UTF-8 no byte of a multi-byte character is
 * ASCII, so matching bytes finds exactly what matching the decoded text finds.
 */

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
 * Replaces, in place, every quoted person ID (`"P…"`) that `remap` maps with the ID it maps to;
 * returns how many were replaced. The same as `text.replace(/"(P[0-9a-f]{16})"/g, …)` on the decoded
 * text: matches do not overlap, scanning left to right.
 *
 * @example
 * const bytes = Buffer.from('{"head":"P0000000000000001"}');
 * replaceQuotedPersonIds(bytes, new Map([['P0000000000000001', 'P00000000000000ff']])) // 1
 * bytes.toString() // '{"head":"P00000000000000ff"}'
 */
export function replaceQuotedPersonIds(bytes: Buffer, remap: ReadonlyMap<string, string>): number {
  let replaced = 0;
  if (remap.size === 0) return replaced;
  for (let at = bytes.indexOf(QUOTED_ID_START, 0); at !== -1;) {
    if (!idThenQuoteAt(bytes, at + 1)) {
      at = bytes.indexOf(QUOTED_ID_START, at + 1);
      continue;
    }
    const to = remap.get(bytes.toString('latin1', at + 1, at + 18));
    if (to !== undefined) {
      if (to.length !== 17) throw new RangeError(`person ID ${to.slice(0, 1)}… is not 17 characters`);
      bytes.write(to, at + 1, 17, 'latin1');
      replaced++;
    }
    at = bytes.indexOf(QUOTED_ID_START, at + QUOTED_ID_BYTES);
  }
  return replaced;
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
