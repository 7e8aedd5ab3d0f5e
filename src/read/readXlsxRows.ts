/**
 * Rows of an XLSX workbook's first worksheet, streamed with exceljs' `WorkbookReader` (shared strings
 * cached, styles and hyperlinks skipped), each cell as a plain value: text, number, boolean, a date as
 * `YYYY-MM-DD`, a formula as its cached result. Numbers stay numbers, so a NIK Excel stored as a
 * number reaches validation as one and is flagged there (`nik/damaged-by-spreadsheet`).
 */
import type { Row } from 'exceljs';
import type { FileFacts } from './readRecords.js';

/** One worksheet row: its 1-based number and cells (index 0 is column A). */
export interface XlsxRow {
  readonly number: number;
  readonly cells: readonly unknown[];
}

function plain(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) {
    // Excel dates have no zone; exceljs gives them as UTC midnight (or a time of day on that date).
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'object') return value;
  const cell = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string; formula?: string; sharedFormula?: string };
  if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join('');
  if (cell.formula !== undefined || cell.sharedFormula !== undefined) return plain(cell.result);
  if (cell.error !== undefined) return undefined;
  if (cell.text !== undefined) return plain(cell.text);
  return String(value);
}

/**
 * Streams the rows of the first worksheet.
 *
 * @example
 * for await (const row of readXlsxRows('dtks.xlsx', facts)) console.log(row.number, row.cells);
 */
export async function* readXlsxRows(path: string, facts: FileFacts): AsyncGenerator<XlsxRow> {
  // Loaded on the first XLSX file, not with the readers: exceljs is a heavy import, and every CLI start
  // and every worker thread that reads only NDJSON or CSV would pay for it.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  for await (const worksheet of reader) {
    facts.sheet = (worksheet as unknown as { name?: string }).name ?? 'sheet1';
    for await (const row of worksheet as AsyncIterable<Row>) {
      // `row.values` is 1-based (index 0 empty) and sparse.
      const values = row.values as unknown[];
      const cells: unknown[] = [];
      for (let c = 1; c < values.length; c += 1) cells.push(plain(values[c]));
      yield { number: row.number, cells };
    }
    // The first worksheet only: the others are not read.
    break;
  }
}
