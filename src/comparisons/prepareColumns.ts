import type { ColumnSource } from '../score/compileModel.js';
import { buildColumn, type PreparedColumn, type PreparedValue } from './column.js';

/**
 * Prepares every column a model needs, once per record: the standardization work that would
 * otherwise be repeated for every pair a record is in.
 *
 * @example
 * const columns = prepareColumns(records, compileModel(spec).columns);
 * columns.get('name|name')?.texts[0] // 'MUHAMMAD RIZKI'
 */
export function prepareColumns(records: readonly unknown[], sources: readonly ColumnSource[]): Map<string, PreparedColumn> {
  const columns = new Map<string, PreparedColumn>();
  const values: (PreparedValue | null)[] = new Array(records.length);
  for (const source of sources) {
    const { read, preparer } = source;
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      values[i] = preparer.prepare(read(record), record);
    }
    columns.set(source.key, buildColumn(source.key, values));
  }
  return columns;
}
