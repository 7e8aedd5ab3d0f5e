/**
 * Reads batch files into records for resolution, keeping where each record came from. Every line is
 * accounted for: a record, a header, a blank line, or a rejection with its file and line number.
 * The files are streamed (`src/read/readRecords.ts`); only the records are kept.
 */
import { PadanError } from '../_internal/error.js';
import type { Issue } from '../_internal/result.js';
import type { ColumnMapping } from '../read/columnMapping.js';
import { readRecords, type FileFacts, type ReadIssueCode } from '../read/readRecords.js';

/** The kinds of record file the CLI reads. */
export type RecordFileKind = 'person' | 'family' | 'dwelling';

/**
 * The kind of a file from its fields: housing attributes make a dwelling file, member NIKs or a head's
 * NIK without a person's own name or NIK make a family (KK) file, anything else a person file.
 *
 * @example
 * detectKind(['kk', 'headNik', 'memberNiks']) // → 'family'
 */
export function detectKind(fields: readonly string[]): RecordFileKind {
  const has = new Set(fields.map((field) => field.split('.')[0]));
  if (has.has('housing')) return 'dwelling';
  if ((has.has('memberNiks') || has.has('headNik') || has.has('headName')) && !has.has('name') && !has.has('nik')) return 'family';
  return 'person';
}

/** Options of {@link detectFileKind}. */
export interface DetectFileKindOptions {
  readonly mapping?: ColumnMapping;
  readonly delimiter?: string;
  readonly maxLineBytes?: number;
  /** The kind of the file when given (`--kind`): then only its columns are checked. */
  readonly kind?: RecordFileKind;
  /** Fields the envelope will get from elsewhere (CLI flags), as `readRecordFiles` takes them. */
  readonly envelopeGiven?: readonly ('source' | 'observedAt' | 'channel')[];
}

/**
 * The kind of a file as `readRecordFiles` detects it (CSV/XLSX: its header; NDJSON: its first
 * record), reading no further than that line: the partitioned run routes files before it splits them.
 * A file without a record is a person file. A CSV or XLSX header is checked as `readRecordFiles`
 * checks it: a header without a column every record of that kind needs is refused.
 *
 * @example
 * await detectFileKind('dtks.families.ndjson') // → 'family'
 */
export async function detectFileKind(file: string, options?: DetectFileKindOptions): Promise<RecordFileKind> {
  const facts = {} as FileFacts;
  for await (const item of readRecords(file, {
    ...(options?.mapping !== undefined ? { mapping: options.mapping } : {}),
    ...(options?.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
    ...(options?.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {}),
    facts,
  })) {
    if (item.kind === 'header') {
      const kind = options?.kind ?? detectKind(facts.fields ?? []);
      checkColumns(file, kind, facts, options?.envelopeGiven ?? []);
      return kind;
    }
    if (item.kind === 'record') return options?.kind ?? detectKind(Object.keys(item.record));
  }
  return options?.kind ?? 'person';
}

/** Where one input record came from. */
export interface RecordOrigin {
  readonly file: string;
  /** 1-based line number (for CSV, the line the row starts on). */
  readonly line: number;
}

/** A line that could not become a record. */
export interface ReadRejection extends RecordOrigin {
  readonly issues: readonly Issue<ReadIssueCode>[];
}

/** What was read from one file. */
export interface FileSummary {
  readonly file: string;
  /** What the file holds, and whether that was given (`--kind`) or detected from its columns. */
  readonly kind: RecordFileKind;
  readonly kindFrom: 'given' | 'detected';
  readonly format: 'ndjson' | 'csv' | 'xlsx';
  /** `utf-8`, or `windows-1252` when some or all lines were not UTF-8 (converted; see `linesNotUtf8`). */
  readonly encoding: 'utf-8' | 'windows-1252';
  readonly linesNotUtf8: number;
  readonly delimiter?: string;
  /** CSV: each column as written → the padan field it was read into. */
  readonly columns?: Readonly<Record<string, string>>;
  readonly lines: number;
  readonly records: number;
  /** Blank lines, and a CSV file's header line. */
  readonly blankLines: number;
  readonly unreadable: number;
}

/** Records of one kind, in file then line order, with their origins. */
export interface KindRecords {
  readonly records: unknown[];
  /** `origins[i]` is where `records[i]` came from. */
  readonly origins: RecordOrigin[];
}

/** Records of every file, in file then line order, with their origins. */
export interface ReadResult extends KindRecords {
  readonly families: KindRecords;
  readonly dwellings: KindRecords;
  readonly rejections: ReadRejection[];
  readonly files: FileSummary[];
}

/** Options of `readRecordFiles`. */
export interface ReadRecordFilesOptions {
  /** The kind of every file; default detected per file from its columns (NDJSON: its first record's fields). */
  readonly kind?: RecordFileKind;
  /** Fields the envelope will get from elsewhere (CLI flags): a CSV without such a column is fine. */
  readonly envelopeGiven?: readonly ('source' | 'observedAt' | 'channel')[];
  readonly mapping?: ColumnMapping;
  readonly delimiter?: string;
  readonly maxLineBytes?: number;
}

/**
 * Reads NDJSON files (one JSON record per line) and CSV files (`.csv`, `.tsv`, `.txt`: a header row;
 * delimiter, BOM and encoding detected; column names mapped onto padan's fields).
 *
 * @example
 * const { records, origins, rejections } = await readRecordFiles(['dtks.ndjson', 'musdes.csv']);
 */
export async function readRecordFiles(files: readonly string[], options?: ReadRecordFilesOptions): Promise<ReadResult> {
  const result: ReadResult = {
    records: [],
    origins: [],
    families: { records: [], origins: [] },
    dwellings: { records: [], origins: [] },
    rejections: [],
    files: [],
  };
  for (const file of files) {
    const facts = {} as FileFacts;
    let records = 0;
    let blankLines = 0;
    let unreadable = 0;
    let kind = options?.kind;
    let into: KindRecords | undefined;
    for await (const item of readRecords(file, {
      ...(options?.mapping !== undefined ? { mapping: options.mapping } : {}),
      ...(options?.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
      ...(options?.maxLineBytes !== undefined ? { maxLineBytes: options.maxLineBytes } : {}),
      facts,
    })) {
      if (item.kind === 'header') {
        kind ??= detectKind(facts.fields ?? []);
        checkColumns(file, kind, facts, options?.envelopeGiven ?? []);
      }
      if (item.kind === 'record') {
        kind ??= detectKind(Object.keys(item.record));
        into ??= kind === 'person' ? result : kind === 'family' ? result.families : result.dwellings;
        records += 1;
        into.records.push(item.record);
        into.origins.push({ file, line: item.line });
      } else if (item.kind === 'unreadable') {
        unreadable += item.endLine - item.line + 1;
        result.rejections.push({ file, line: item.line, issues: [item.issue] });
      } else {
        blankLines += item.endLine - item.line + 1;
      }
    }
    const columns = facts.columns === undefined ? undefined : Object.fromEntries(facts.columns.map((column, c) => [column, facts.fields?.[c] ?? column]));
    result.files.push({
      file,
      kind: kind ?? 'person',
      kindFrom: options?.kind !== undefined ? 'given' : 'detected',
      format: facts.format,
      encoding: facts.encoding,
      linesNotUtf8: facts.linesNotUtf8,
      ...(facts.delimiter !== undefined ? { delimiter: facts.delimiter } : {}),
      ...(columns !== undefined ? { columns } : {}),
      lines: facts.lines,
      records,
      blankLines,
      unreadable,
    });
  }
  return result;
}

/** The fields a file of each kind cannot do without, beyond the envelope. */
const NEEDED: Readonly<Record<RecordFileKind, readonly (readonly string[])[]>> = {
  person: [['recordId'], ['name', 'nik']],
  family: [['recordId'], ['kk']],
  dwelling: [['recordId'], ['kk']],
};

/**
 * Refuses a CSV whose header lacks a column every record needs (so that not every row is refused for
 * it), naming the columns it saw: the usual sign of a wrong delimiter or an unmapped column name.
 */
function checkColumns(file: string, kind: RecordFileKind, facts: FileFacts, envelopeGiven: readonly string[]): void {
  const fields = new Set((facts.fields ?? []).map((field) => field.split('.')[0]));
  const missing: string[] = [];
  for (const anyOf of [...NEEDED[kind], ['source'], ['observedAt']]) {
    if (anyOf.some((field) => fields.has(field) || envelopeGiven.includes(field))) continue;
    missing.push(anyOf.join(' or '));
  }
  if (missing.length === 0) return;
  const columns = (facts.columns ?? []).map((column) => JSON.stringify(column)).join(', ');
  const flags = missing.filter((field) => field === 'source' || field === 'observedAt').map((field) => (field === 'source' ? '--source' : '--observed-at'));
  throw new PadanError(
    'invalid-input',
    `${file}: no column gives ${missing.join(', ')} for a ${kind} file (columns seen: ${columns}; delimiter ${JSON.stringify(facts.delimiter)}). ` +
      `Map a column with --map COLUMN=field or --mapping FILE${flags.length > 0 ? `, or give ${flags.join(' / ')} for the whole file` : ''}.`,
  );
}

/**
 * Fills the file's envelope (`--source`, `--channel`, `--observed-at`) into family and dwelling
 * records that lack it, in place, and takes a record without a channel as a registry record (persons
 * take the envelope as `resolvePersons`' `defaults`).
 *
 * @example
 * const families = [{ recordId: 'K1', kk: '3201…' }];
 * fillEnvelope(families, { source: 'dtks' }); // families[0] → { recordId: 'K1', kk: '3201…', source: 'dtks', channel: { kind: 'registry' } }
 */
export function fillEnvelope(records: unknown[], defaults: { readonly source?: string; readonly channel?: unknown; readonly observedAt?: string }): void {
  const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as Record<string, unknown>;
    if (typeof record !== 'object' || record === null) continue;
    for (const key of ['source', 'channel', 'observedAt'] as const) if (defaults[key] !== undefined && blank(record[key])) record[key] = defaults[key];
    if (blank(record['channel'])) record['channel'] = { kind: 'registry' };
  }
}
