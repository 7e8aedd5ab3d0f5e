import type { ColumnSource } from '../score/compileModel.js';
import { buildColumn, type PreparedColumn, type PreparedValue } from './column.js';

/**
 * Prepares every column a model needs, once per record: the standardization work that would
 * otherwise be repeated for every pair a record is in.
 *
 * @example
 * const columns = prepareColumns(records, compileModel(spec).columns);
 * textOf(columns.get('name|name')!, 0) // 'MUHAMMAD RIZKI'
 */
export function prepareColumns(records: readonly unknown[], sources: readonly ColumnSource[]): Map<string, PreparedColumn> {
  const columns = new Map<string, PreparedColumn>();
  for (const source of sources) {
    const { read, preparer } = source;
    const slots = new Int32Array(records.length);
    const distinct: (PreparedValue | null)[] = [];
    if (preparer.readsRecord) {
      // The value depends on sibling fields (a NIK checked against the record's birth date): one per record.
      for (let i = 0; i < records.length; i++) {
        const record = records[i];
        const value = preparer.prepare(read(record), record);
        slots[i] = value === null ? -1 : distinct.length;
        if (value !== null) distinct.push(value);
      }
    } else {
      // The value depends on the raw value alone: prepare each distinct raw value once.
      const slotOf = new Map<unknown, number>();
      for (let i = 0; i < records.length; i++) {
        const record = records[i];
        const raw = read(record);
        if (raw === null || raw === undefined) {
          slots[i] = -1;
          continue;
        }
        let slot = slotOf.get(raw);
        if (slot === undefined) {
          const value = preparer.prepare(raw, record);
          slot = value === null ? -1 : distinct.length;
          if (value !== null) distinct.push(value);
          slotOf.set(raw, slot);
        }
        slots[i] = slot;
      }
    }
    columns.set(source.key, buildColumn(source.key, distinct, slots));
  }
  return columns;
}
