import type { ColumnSource } from '../score/compileModel.js';
import { buildColumn, type PreparedColumn, type PreparedValue } from './column.js';

/**
 * Prepares every column a model needs, once per record: the standardization work that would
 * otherwise be repeated for every pair a record is in.
 *
 * `order` (optional) lists, for each output position, the index in `records` of the record that
 * goes there: columns come out in that order while the records are read in the order they are
 * given. Records sit in memory roughly in the order they were made, so reading them in that order is
 * about twice as fast at a million records as reading them in a sorted order. Without `order` the
 * columns follow `records`.
 *
 * @example
 * const columns = prepareColumns(records, compileModel(spec).columns);
 * textOf(columns.get('name|name')!, 0) // 'MUHAMMAD RIZKI'
 */
export function prepareColumns(records: readonly unknown[], sources: readonly ColumnSource[], order?: Int32Array): Map<string, PreparedColumn> {
  const count = order?.length ?? records.length;
  const columns = new Map<string, PreparedColumn>();
  // Shared by every column: the scratch slots and record flags (by record), and the zeros of columns
  // without numbers or flags.
  const slots = new Int32Array(records.length);
  const recordFlags = new Uint8Array(records.length);
  const zeros = { numbers: new Float64Array(count), flags: new Uint8Array(count) };
  for (const source of sources) {
    const distinct = prepareSlots(records, source, slots, recordFlags);
    const flagsByRecord = source.preparer.recordFlags === undefined ? undefined : recordFlags;
    columns.set(source.key, buildColumn(source.key, distinct, slots, { zeros, order, recordFlags: flagsByRecord }));
  }
  return columns;
}

/**
 * Prepares one column: each record's slot among the distinct prepared values (-1: missing), those
 * values, and — for preparers that flag records — each record's own flag bits.
 */
function prepareSlots(records: readonly unknown[], source: ColumnSource, slots: Int32Array, recordFlags: Uint8Array): (PreparedValue | null)[] {
  const { read, preparer } = source;
  const { cacheKey, recordFlags: flagRecord } = preparer;
  const distinct: (PreparedValue | null)[] = [];
  // One preparation per distinct raw value (or cache key): the -1 slot remembers values that prepare to nothing.
  const slotOf = new Map<unknown, number>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const raw = read(record);
    if (raw === null || raw === undefined) {
      slots[i] = -1;
      continue;
    }
    const key = cacheKey === undefined ? raw : cacheKey(raw, record);
    let slot = slotOf.get(key);
    if (slot === undefined) {
      const value = preparer.prepare(raw, record);
      slot = value === null ? -1 : distinct.length;
      if (value !== null) distinct.push(value);
      slotOf.set(key, slot);
    }
    slots[i] = slot;
    if (flagRecord !== undefined && slot >= 0) recordFlags[i] = flagRecord(distinct[slot] as PreparedValue, record);
  }
  return distinct;
}
