/**
 * A small RFC 4180 CSV reader for batch input: a header row, comma-separated cells, double-quoted
 * cells that may hold commas, doubled quotes and line breaks. Dotted headers build nested objects
 * (`address.villageCode`, `channel.kind`), so a flat spreadsheet export maps onto the record shape.
 */

/** One CSV row: its cells and the lines it spans (1-based, counting the header). */
export interface CsvRow {
  readonly line: number;
  /** Last line of the row: later than `line` when a quoted cell holds a line break. */
  readonly endLine: number;
  readonly cells: readonly string[];
}

/**
 * Splits CSV text into rows of cells. A quoted cell may span lines; the row keeps the line it started on.
 *
 * @example
 * parseCsvRows('a,b\n1,"x, y"\n') // [{ line: 1, endLine: 1, cells: ['a', 'b'] }, { line: 2, endLine: 2, cells: ['1', 'x, y'] }]
 */
export function parseCsvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = (): void => {
    cells.push(cell);
    // A row of one empty cell is a blank line: skipped here, counted by the caller from line numbers.
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, endLine: line, cells });
    cells = [];
    cell = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

const BOOLEAN_FIELDS = new Set(['birthDatePlaceholder', 'deceased']);
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

function typedCell(path: readonly string[], value: string): unknown {
  const name = path[path.length - 1] as string;
  if (path.length === 1 && BOOLEAN_FIELDS.has(name)) {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    return value;
  }
  if (path.length === 1 && name === 'channel') return value.startsWith('{') ? JSON.parse(value) : { kind: value };
  if (path.length === 2 && path[0] === 'channel' && name === 'fields')
    return value
      .split(';')
      .map((f) => f.trim())
      .filter((f) => f !== '');
  return value;
}

/**
 * Turns one data row into a record using the header: empty cells are left out, dotted headers nest,
 * `channel` may be a bare kind (`registry`) or JSON. Throws a plain `Error` when a cell cannot be read.
 *
 * @example
 * csvRecord(['name', 'address.rt'], ['SITI', '003']) // { name: 'SITI', address: { rt: '003' } }
 */
export function csvRecord(header: readonly string[], cells: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let c = 0; c < header.length; c++) {
    const value = (cells[c] ?? '').trim();
    if (value === '') continue;
    const path = (header[c] as string).trim().split('.');
    if (path.some((part) => part === '' || RESERVED.has(part))) throw new Error(`unusable column name "${header[c]}"`);
    let target = record;
    for (let p = 0; p < path.length - 1; p++) {
      const key = path[p] as string;
      const next = target[key];
      if (next === undefined) target = target[key] = {} as Record<string, unknown>;
      else if (typeof next === 'object' && next !== null && !Array.isArray(next)) target = next as Record<string, unknown>;
      else throw new Error(`column "${header[c]}" nests under a column that holds a value`);
    }
    target[path[path.length - 1] as string] = typedCell(path, value);
  }
  return record;
}
