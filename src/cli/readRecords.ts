/**
 * Reads batch files into records for resolution, keeping where each record came from. Every line is
 * accounted for: a record, a blank line, or a rejection with its file and line number.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { redactIdentifiers } from '../_internal/redact.js';
import type { Issue } from '../_internal/result.js';
import { csvRecord, parseCsvRows } from './parseCsv.js';

/** Where one input record came from. */
export interface RecordOrigin {
  readonly file: string;
  /** 1-based line number (for CSV, the line the row starts on). */
  readonly line: number;
}

/** A line that could not become a record. */
export interface ReadRejection extends RecordOrigin {
  readonly issues: readonly Issue<'input/malformed-json' | 'input/malformed-csv'>[];
}

/** What was read from one file. */
export interface FileSummary {
  readonly file: string;
  readonly format: 'ndjson' | 'csv';
  readonly lines: number;
  readonly records: number;
  readonly blankLines: number;
  readonly unreadable: number;
}

/** Records of every file, in file then line order, with their origins. */
export interface ReadResult {
  readonly records: unknown[];
  /** `origins[i]` is where `records[i]` came from. */
  readonly origins: RecordOrigin[];
  readonly rejections: ReadRejection[];
  readonly files: FileSummary[];
}

function issue(code: 'input/malformed-json' | 'input/malformed-csv', message: string): Issue<'input/malformed-json' | 'input/malformed-csv'> {
  // Parser messages quote the input, which may hold a NIK.
  return { code, path: [], message: redactIdentifiers(message), severity: 'error' };
}

async function readNdjson(file: string, into: ReadResult): Promise<FileSummary> {
  let lines = 0;
  let records = 0;
  let blankLines = 0;
  let unreadable = 0;
  const reader = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const text of reader) {
    lines++;
    const trimmed = lines === 1 ? text.replace(/^\ufeff/, '').trim() : text.trim();
    if (trimmed === '') {
      blankLines++;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      unreadable++;
      into.rejections.push({ file, line: lines, issues: [issue('input/malformed-json', `line ${lines} is not valid JSON`)] });
      continue;
    }
    records++;
    into.records.push(value);
    into.origins.push({ file, line: lines });
  }
  return { file, format: 'ndjson', lines, records, blankLines, unreadable };
}

function readCsv(file: string, into: ReadResult): FileSummary {
  const text = readFileSync(file, 'utf8');
  const rows = parseCsvRows(text);
  const lines = text === '' ? 0 : text.split(/\r\n|\r|\n/).length - (/(\r\n|\r|\n)$/.test(text) ? 1 : 0);
  const header = rows[0]?.cells ?? [];
  let records = 0;
  let unreadable = 0;
  let rowLines = 0;
  for (const row of rows) rowLines += row.endLine - row.line + 1;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r] as (typeof rows)[number];
    if (row.cells.length !== header.length) {
      unreadable++;
      into.rejections.push({
        file,
        line: row.line,
        issues: [issue('input/malformed-csv', `line ${row.line} has ${row.cells.length} cells, the header has ${header.length}`)],
      });
      continue;
    }
    try {
      into.records.push(csvRecord(header, row.cells));
    } catch (error) {
      unreadable++;
      into.rejections.push({ file, line: row.line, issues: [issue('input/malformed-csv', `line ${row.line}: ${(error as Error).message}`)] });
      continue;
    }
    records++;
    into.origins.push({ file, line: row.line });
  }
  // Lines in no row (the header is a row) are blank.
  return { file, format: 'csv', lines, records, blankLines: Math.max(0, lines - rowLines), unreadable };
}

/**
 * Reads NDJSON files (one JSON record per line) and CSV files (`.csv`: a header row, dotted column
 * names for nested fields).
 *
 * @example
 * const { records, origins, rejections } = await readRecordFiles(['dtks.ndjson', 'musdes.csv']);
 */
export async function readRecordFiles(files: readonly string[]): Promise<ReadResult> {
  const result: ReadResult = { records: [], origins: [], rejections: [], files: [] };
  for (const file of files) {
    const summary = /\.csv$/i.test(file) ? readCsv(file, result) : await readNdjson(file, result);
    result.files.push(summary);
  }
  return result;
}
