/**
 * Records of a CSV or NDJSON file as an async iterable, streamed, with every physical line accounted
 * for: each item covers lines `line..endLine`, and the items of a file cover each of its lines exactly
 * once (a record, a blank line, or a line that could not be read, with why).
 *
 * CSV: the delimiter is detected from the header (`,` `;` tab `|`), UTF-8 with or without BOM or
 * Windows-1252 (detected and reported), CRLF, quoted cells holding delimiters, doubled quotes and line
 * breaks. A quote that never closes (`"Siti`) does not swallow the rows after it: when a quoted cell
 * spanning lines gives a row of the wrong width, its first line is refused and the lines after it are
 * read again as rows of their own. Headers map onto padan's fields through a column mapping; dotted
 * names nest (`address.rt`).
 */
import { PadanError } from '../_internal/error.js';
import { redactIdentifiers } from '../_internal/redact.js';
import type { Issue } from '../_internal/result.js';
import { mapColumns, type ColumnMapping } from './columnMapping.js';
import { forEachFileLine, readLines, type FileLine, type ReadLinesOptions } from './readLines.js';
import { readXlsxRows } from './readXlsxRows.js';

/** Why a line could not become a record. */
export type ReadIssueCode =
  'input/malformed-json' | 'input/malformed-csv' | 'input/unclosed-quote' | 'input/line-too-long' | 'input/not-an-object' | 'input/malformed-xlsx';

/** One item of a file: a record, a blank line, or lines that could not be read. */
export type ReadItem =
  | {
      readonly kind: 'record';
      readonly line: number;
      readonly endLine: number;
      readonly record: Record<string, unknown>;
      /** NDJSON: the line as read (trimmed), JSON of exactly `record`, for writers that pass records on unchanged. */
      readonly text?: string;
    }
  | { readonly kind: 'blank'; readonly line: number; readonly endLine: number }
  | { readonly kind: 'header'; readonly line: number; readonly endLine: number; readonly columns: readonly string[] }
  | { readonly kind: 'unreadable'; readonly line: number; readonly endLine: number; readonly issue: Issue<ReadIssueCode> };

/** What was learnt about a file while reading it (complete once the iteration ends). */
export interface FileFacts {
  format: 'csv' | 'ndjson' | 'xlsx';
  /** XLSX: the worksheet read (the first). */
  sheet?: string;
  /** The detected or given CSV delimiter. */
  delimiter?: string;
  /** CSV: the columns as written in the header. */
  columns?: readonly string[];
  /** CSV: the padan field each column was mapped to (`null`: kept under its own name). */
  fields?: readonly string[];
  /** `utf-8`, or `windows-1252` when the file (or some lines, see `linesNotUtf8`) were not UTF-8. */
  encoding: 'utf-8' | 'windows-1252';
  /** Lines read as Windows-1252 in a file otherwise UTF-8. */
  linesNotUtf8: number;
  /** Physical lines read. */
  lines: number;
}

/** Options of `readRecords`. */
export interface ReadRecordsOptions extends ReadLinesOptions {
  /** `'csv'`, `'ndjson'` or `'xlsx'`; default from the extension (`.csv`, `.tsv`, `.txt` are CSV, `.xlsx` XLSX). */
  readonly format?: 'csv' | 'ndjson' | 'xlsx';
  /** CSV delimiter; default detected from the header line. */
  readonly delimiter?: string;
  /** Source column names → padan field paths (see `columnMapping.ts`). */
  readonly mapping?: ColumnMapping;
  /** Most lines one quoted cell may span before its quote is taken as stray (default 20). */
  readonly maxRowLines?: number;
  /** Filled while reading: format, delimiter, columns, encoding, line count. */
  readonly facts?: FileFacts;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

/** The delimiter a header line uses: the candidate found most often outside quotes (comma on a tie or none). */
export function detectDelimiter(header: string): string {
  let best = ',';
  let bestCount = 0;
  for (const candidate of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (let i = 0; i < header.length; i += 1) {
      const c = header[i];
      if (c === '"') quoted = !quoted;
      else if (!quoted && c === candidate) count += 1;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Cells of one CSV row so far; `open` when the text ends inside a quoted cell. */
interface Split {
  readonly cells: string[];
  readonly open: boolean;
}

/** Splits CSV text (one or more lines joined by `\n`) into cells. */
export function splitCsv(text: string, delimiter: string): Split {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let startOfCell = true;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else quoted = false;
      } else cell += c;
      continue;
    }
    if (c === '"' && startOfCell && cell.trim() === '') {
      quoted = true;
      cell = '';
      startOfCell = false;
    } else if (c === delimiter) {
      cells.push(cell);
      cell = '';
      startOfCell = true;
    } else {
      cell += c;
      if (c !== ' ') startOfCell = false;
    }
  }
  cells.push(cell);
  return { cells, open: quoted };
}

function readIssue(code: ReadIssueCode, message: string): Issue<ReadIssueCode> {
  // Messages may quote the input, which may hold a NIK.
  return { code, path: [], message: redactIdentifiers(message), severity: 'error' };
}

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** A record from a row: empty cells left out, dotted field names nested. */
function rowRecord(fields: readonly string[], cells: readonly unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let c = 0; c < fields.length; c += 1) {
    const raw = cells[c];
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (value === '' || value === undefined || value === null) continue;
    const path = (fields[c] as string).split('.');
    let target = record;
    for (let p = 0; p < path.length - 1; p += 1) {
      const key = path[p] as string;
      const next = target[key];
      if (typeof next === 'object' && next !== null && !Array.isArray(next)) target = next as Record<string, unknown>;
      else target = target[key] = {} as Record<string, unknown>;
    }
    target[path[path.length - 1] as string] = cellValue(path, value);
  }
  return record;
}

/** A cell typed where the field wants it: `channel` as a kind or JSON, list fields split on `;` (`titles` also on `,`). */
function cellValue(path: readonly string[], value: unknown): unknown {
  const name = path[path.length - 1] as string;
  if (typeof value !== 'string') return value;
  if (path.length === 1 && name === 'channel') {
    if (!value.startsWith('{')) return { kind: value };
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  if ((path.length === 2 && path[0] === 'channel' && name === 'fields') || (path.length === 1 && (name === 'memberNiks' || name === 'kks'))) {
    return value
      .split(/[;|]/)
      .map((part) => part.trim())
      .filter((part) => part !== '');
  }
  // A person's titles, written as degrees are (`S.Pd., M.Pd.`): no title holds a comma.
  if (path.length === 1 && name === 'titles')
    return value
      .split(/[,;|]/)
      .map((part) => part.trim())
      .filter((part) => part !== '');
  return value;
}

/** Checks the header: no blank, reserved or repeated column (a repeated one would silently overwrite the first). */
function checkHeader(columns: readonly string[], fields: readonly string[], path: string): void {
  const seen = new Map<string, number>();
  for (let c = 0; c < fields.length; c += 1) {
    const field = fields[c] as string;
    const parts = field.split('.');
    if (columns[c]?.trim() === '' || parts.some((part) => part === '' || RESERVED.has(part))) {
      throw new PadanError(
        'invalid-input',
        `${path}: column ${c + 1} has an unusable name ${JSON.stringify(columns[c])} (columns seen: ${columns.join(', ')})`,
      );
    }
    const earlier = seen.get(field);
    if (earlier !== undefined) {
      throw new PadanError(
        'invalid-input',
        `${path}: columns ${earlier + 1} (${columns[earlier]}) and ${c + 1} (${columns[c]}) both give ${field}; the second would overwrite the first (columns seen: ${columns.join(', ')})`,
      );
    }
    seen.set(field, c);
  }
}

function formatOf(path: string, given: 'csv' | 'ndjson' | 'xlsx' | undefined): 'csv' | 'ndjson' | 'xlsx' {
  if (given !== undefined) return given;
  if (/\.xlsx$/i.test(path)) return 'xlsx';
  return /\.(csv|tsv|txt)$/i.test(path) ? 'csv' : 'ndjson';
}

/**
 * Streams the records of a CSV or NDJSON file (see the module comment for what is read and how).
 * Throws a `PadanError` (`invalid-input`) before the first record when the header cannot be used
 * (a repeated or unusable column name).
 *
 * @example
 * const facts = { } as FileFacts;
 * for await (const item of readRecords('dtks.csv', { facts })) {
 *   if (item.kind === 'record') batch.push(item.record);
 * }
 * facts.encoding // → 'utf-8'
 */
export async function* readRecords(path: string, options?: ReadRecordsOptions): AsyncGenerator<ReadItem> {
  const format = formatOf(path, options?.format);
  const facts: FileFacts = options?.facts ?? ({} as FileFacts);
  facts.format = format;
  facts.encoding = 'utf-8';
  facts.linesNotUtf8 = 0;
  facts.lines = 0;
  if (format === 'xlsx') {
    yield* xlsxItems(path, options, facts);
    return;
  }
  const lines = readLines(path, options);
  const count = (line: FileLine): void => countLine(facts, line);
  if (format === 'ndjson') {
    for await (const line of lines) {
      count(line);
      yield ndjsonItem(line);
    }
    return;
  }
  yield* csvItems(lines, path, options, facts, count);
}

/** Counts a line read into the file's facts. */
function countLine(facts: FileFacts, line: FileLine): void {
  facts.lines = line.line;
  if (line.kind === 'text' && line.decodedAs === 'windows-1252') {
    facts.linesNotUtf8 += 1;
    facts.encoding = 'windows-1252';
  }
}

/** Whether `readRecords` reads a file as NDJSON (by its `format` option, else its extension). */
export function isNdjsonFile(path: string, format?: 'csv' | 'ndjson' | 'xlsx'): boolean {
  return formatOf(path, format) === 'ndjson';
}

/**
 * The items `readRecords` yields for an NDJSON file, given synchronously, item by item: no promise
 * per line, for a caller with nothing to wait for between records (a partition split job).
 *
 * @example
 * const facts = {} as FileFacts;
 * forEachNdjsonItem('dukcapil.ndjson', (item) => { if (item.kind === 'record') count++; }, { facts });
 */
export function forEachNdjsonItem(path: string, onItem: (item: ReadItem) => void, options?: Omit<ReadRecordsOptions, 'format'>): void {
  const facts: FileFacts = options?.facts ?? ({} as FileFacts);
  facts.format = 'ndjson';
  facts.encoding = 'utf-8';
  facts.linesNotUtf8 = 0;
  facts.lines = 0;
  forEachFileLine(
    path,
    (line) => {
      countLine(facts, line);
      onItem(ndjsonItem(line));
    },
    options,
  );
}

function tooLong(line: { line: number; bytes: number }): ReadItem {
  return {
    kind: 'unreadable',
    line: line.line,
    endLine: line.line,
    issue: readIssue('input/line-too-long', `line ${line.line} is ${line.bytes} bytes long, above the limit (maxLineBytes); skipped`),
  };
}

function ndjsonItem(line: FileLine): ReadItem {
  if (line.kind === 'too-long') return tooLong(line);
  const text = line.text.trim();
  if (text === '') return { kind: 'blank', line: line.line, endLine: line.line };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', line: line.line, endLine: line.line, issue: readIssue('input/malformed-json', `line ${line.line} is not valid JSON`) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'unreadable', line: line.line, endLine: line.line, issue: readIssue('input/not-an-object', `line ${line.line} is JSON but not an object`) };
  }
  return { kind: 'record', line: line.line, endLine: line.line, record: value as Record<string, unknown>, text };
}

async function* csvItems(
  lines: AsyncGenerator<FileLine>,
  path: string,
  options: ReadRecordsOptions | undefined,
  facts: FileFacts,
  count: (line: FileLine) => void,
): AsyncGenerator<ReadItem> {
  const maxRowLines = options?.maxRowLines ?? 20;
  let delimiter = options?.delimiter;
  let fields: readonly string[] | undefined;
  let columns: readonly string[] = [];
  // Lines of a row still open (a quoted cell spanning lines), and lines given back to be read again.
  let open: { line: number; text: string }[] = [];
  const again: { line: number; text: string }[] = [];

  const header = (line: { line: number; text: string }): void => {
    delimiter ??= detectDelimiter(line.text);
    const split = splitCsv(line.text, delimiter);
    columns = split.cells.map((cell) => cell.trim());
    fields = mapColumns(columns, options?.mapping);
    checkHeader(columns, fields, path);
    facts.delimiter = delimiter;
    facts.columns = columns;
    facts.fields = fields;
  };

  /** Reads `pending` lines (joined) as a row; yields what it can decide and returns the lines to keep open. */
  function* settle(pending: { line: number; text: string }[], ended: boolean): Generator<ReadItem, { line: number; text: string }[]> {
    const first = pending[0] as { line: number; text: string };
    const last = pending[pending.length - 1] as { line: number; text: string };
    const text = pending.map((part) => part.text).join('\n');
    if (fields === undefined) {
      if (text.trim() === '') {
        yield { kind: 'blank', line: first.line, endLine: first.line };
        return [];
      }
      header(first);
      yield { kind: 'header', line: first.line, endLine: first.line, columns };
      return [];
    }
    const split = splitCsv(text, delimiter as string);
    if (split.open && !ended && pending.length < maxRowLines) return pending;
    if (!split.open && split.cells.length === 1 && (split.cells[0] as string).trim() === '') {
      yield { kind: 'blank', line: first.line, endLine: last.line };
      return [];
    }
    if (!split.open && split.cells.length === fields.length) {
      yield { kind: 'record', line: first.line, endLine: last.line, record: rowRecord(fields, split.cells) };
      return [];
    }
    if (pending.length > 1 || split.open) {
      // A quote that opened a cell and never closed where it should: refuse the line it started on, read
      // the lines it swallowed again.
      yield {
        kind: 'unreadable',
        line: first.line,
        endLine: first.line,
        issue: readIssue(
          'input/unclosed-quote',
          `line ${first.line} has a quote that does not close (a stray " in a cell?); the line is skipped and the lines after it read on their own`,
        ),
      };
      again.unshift(...pending.slice(1));
      return [];
    }
    const seen =
      split.cells.length === 1 && detectDelimiter(first.text) !== delimiter
        ? `; it looks separated by ${JSON.stringify(detectDelimiter(first.text))}, the header by ${JSON.stringify(delimiter)}`
        : '';
    yield {
      kind: 'unreadable',
      line: first.line,
      endLine: first.line,
      issue: readIssue(
        'input/malformed-csv',
        `line ${first.line} has ${split.cells.length} cells, the header has ${fields.length} (${columns.join(', ')})${seen}`,
      ),
    };
    return [];
  }

  /** Reads the lines given back and the open row; `ended`: no more lines will join the open row. */
  function* drain(ended: boolean): Generator<ReadItem, void> {
    while (again.length > 0) {
      open.push(again.shift() as { line: number; text: string });
      open = yield* settle(open, false);
    }
    while (ended && open.length > 0) {
      open = yield* settle(open, true);
      while (again.length > 0) {
        open.push(again.shift() as { line: number; text: string });
        open = yield* settle(open, false);
      }
    }
  }

  for await (const line of lines) {
    count(line);
    if (line.kind === 'too-long') {
      // No row continues across a line that is not kept: the open one is settled first.
      yield* drain(true);
      yield tooLong(line);
      continue;
    }
    again.push({ line: line.line, text: line.text });
    yield* drain(false);
  }
  yield* drain(true);
}

/**
 * XLSX: the first worksheet, row by row (streamed); a row's number is its "line". The first non-empty
 * row is the header; rows the sheet leaves out (empty) are blank lines.
 */
async function* xlsxItems(path: string, options: ReadRecordsOptions | undefined, facts: FileFacts): AsyncGenerator<ReadItem> {
  let fields: readonly string[] | undefined;
  let columns: readonly string[] = [];
  let last = 0;
  for await (const row of readXlsxRows(path, facts)) {
    if (row.number > last + 1) yield { kind: 'blank', line: last + 1, endLine: row.number - 1 };
    last = row.number;
    facts.lines = row.number;
    const empty = row.cells.every((cell) => cell === undefined || cell === null || (typeof cell === 'string' && cell.trim() === ''));
    if (empty) {
      yield { kind: 'blank', line: row.number, endLine: row.number };
      continue;
    }
    if (fields === undefined) {
      columns = row.cells.map((cell) => (cell === undefined || cell === null ? '' : String(cell).trim()));
      while (columns.length > 0 && columns[columns.length - 1] === '') columns = columns.slice(0, -1);
      fields = mapColumns(columns, options?.mapping);
      checkHeader(columns, fields, path);
      facts.columns = columns;
      facts.fields = fields;
      yield { kind: 'header', line: row.number, endLine: row.number, columns };
      continue;
    }
    const beyond = row.cells.slice(fields.length).filter((cell) => cell !== undefined && cell !== null && String(cell).trim() !== '');
    if (beyond.length > 0) {
      yield {
        kind: 'unreadable',
        line: row.number,
        endLine: row.number,
        issue: readIssue('input/malformed-xlsx', `row ${row.number} has values beyond the ${fields.length} columns of the header (${columns.join(', ')})`),
      };
      continue;
    }
    yield { kind: 'record', line: row.number, endLine: row.number, record: rowRecord(fields, row.cells) };
  }
}
