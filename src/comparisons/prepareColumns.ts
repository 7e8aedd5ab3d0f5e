import type { ColumnSource } from '../score/compileModel.js';
import { buildColumn, type PreparedColumn, type PreparedValue } from './column.js';
import { StringInterner } from '../_internal/stringInterner.js';
import { float64Array, int32Array, uint8Array } from '../_internal/typedArena.js';

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
  const slots = int32Array(records.length);
  const recordFlags = uint8Array(records.length);
  const zeros = { numbers: float64Array(count), flags: uint8Array(count) };
  // Raw values interned once per field, shared by the columns that prepare it differently (a name
  // standardized, and its phonetic key); dropped after the field's last column.
  const usesLeft = new Map<string, number>();
  for (const source of sources) if (source.preparer.cacheKey === undefined) usesLeft.set(source.field, (usesLeft.get(source.field) ?? 0) + 1);
  const rawValues = new Map<string, RawValues>();
  for (const source of sources) {
    let distinct: (PreparedValue | null)[];
    if (source.preparer.cacheKey === undefined) {
      let raw = rawValues.get(source.field);
      if (raw === undefined) {
        raw = internRawValues(records, source);
        rawValues.set(source.field, raw);
      }
      distinct = prepareFromRaw(records, source, raw, slots, recordFlags);
      const left = (usesLeft.get(source.field) as number) - 1;
      usesLeft.set(source.field, left);
      if (left === 0) rawValues.delete(source.field);
    } else {
      distinct = prepareByKey(records, source, slots, recordFlags);
    }
    const flagsByRecord = source.preparer.recordFlags === undefined ? undefined : recordFlags;
    columns.set(source.key, buildColumn(source.key, distinct, slots, { zeros, order, recordFlags: flagsByRecord }));
  }
  return columns;
}

/** A field's distinct raw values (null and undefined excluded), each record's index among them (-1: none) and the first record carrying each. */
interface RawValues {
  readonly index: Int32Array;
  readonly values: unknown[];
  readonly firstRecord: number[];
}

function internRawValues(records: readonly unknown[], source: ColumnSource): RawValues {
  const { read } = source;
  const index = int32Array(records.length);
  const values: unknown[] = [];
  const firstRecord: number[] = [];
  // Raw values are nearly always strings: a typed-array table for those, a Map for anything else.
  const strings = new StringInterner(1024);
  let stringIndex = int32Array(0);
  let others: Map<unknown, number> | null = null;
  for (let i = 0; i < records.length; i++) {
    const raw = read(records[i]);
    if (raw === null || raw === undefined) {
      index[i] = -1;
      continue;
    }
    let known: number;
    if (typeof raw === 'string') {
      const before = strings.size;
      const id = strings.intern(raw);
      if (id === before) {
        // A string not seen before: the next raw value.
        stringIndex = appendInt(stringIndex, id, values.length);
        values.push(raw);
        firstRecord.push(i);
      }
      known = stringIndex[id] as number;
    } else {
      others ??= new Map();
      const seen = others.get(raw);
      if (seen === undefined) {
        known = values.length;
        others.set(raw, known);
        values.push(raw);
        firstRecord.push(i);
      } else known = seen;
    }
    index[i] = known;
  }
  return { index, values, firstRecord };
}

/** Sets `array[at] = value`, growing the array (doubling) when `at` is past its end. */
function appendInt(array: Int32Array, at: number, value: number): Int32Array {
  let grown = array;
  if (at >= array.length) {
    grown = new Int32Array(Math.max(1024, array.length * 2));
    grown.set(array);
  }
  grown[at] = value;
  return grown;
}

/**
 * Prepares a column whose values depend on the raw value alone: once per distinct raw value, then
 * each record's slot (-1: missing) by integers only; per-record flags where the preparer has them.
 */
function prepareFromRaw(records: readonly unknown[], source: ColumnSource, raw: RawValues, slots: Int32Array, recordFlags: Uint8Array): (PreparedValue | null)[] {
  const { preparer } = source;
  const distinct: (PreparedValue | null)[] = [];
  const slotOfRaw = int32Array(raw.values.length);
  for (let r = 0; r < raw.values.length; r++) {
    const value = preparer.prepare(raw.values[r], records[raw.firstRecord[r] as number]);
    slotOfRaw[r] = value === null ? -1 : distinct.length;
    if (value !== null) distinct.push(value);
  }
  const flagRecord = preparer.recordFlags;
  for (let i = 0; i < records.length; i++) {
    const r = raw.index[i] as number;
    const slot = r < 0 ? -1 : (slotOfRaw[r] as number);
    slots[i] = slot;
    if (flagRecord !== undefined && slot >= 0) recordFlags[i] = flagRecord(distinct[slot] as PreparedValue, records[i]);
  }
  return distinct;
}

/**
 * Prepares a column whose values depend on the record too, once per distinct cache key: each
 * record's slot among the distinct prepared values (-1: missing), and per-record flags.
 */
function prepareByKey(records: readonly unknown[], source: ColumnSource, slots: Int32Array, recordFlags: Uint8Array): (PreparedValue | null)[] {
  const { read, preparer } = source;
  const { cacheKey, recordFlags: flagRecord } = preparer;
  const distinct: (PreparedValue | null)[] = [];
  // The -1 slot remembers keys whose value prepares to nothing.
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
