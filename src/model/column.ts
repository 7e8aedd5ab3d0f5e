import { checkString, checkStrings, invalidArgument } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import { StringInterner } from '../_internal/stringInterner.js';
import { float64Array, int32Array, temporaryFloat64Array, temporaryInt32Array, temporaryUint8Array, uint8Array } from '../_internal/typedArena.js';

/**
 * A prepared column: one field of every record, standardized once (not once per pair) into the forms
 * the comparison levels and blocking keys read. Indexes are record positions in canonical order.
 */
export interface PreparedColumn {
  /** `field|preparer`, the cache key under which comparisons and blocking rules share the column. */
  readonly key: string;
  /** Interned id of each record's prepared text (equal texts ⇔ equal ids); -1 where missing. Exact comparisons read only this. */
  readonly ids: Int32Array;
  /**
   * Prepared text of each distinct value, by id: `valueTexts[ids[record]]`. Kept per value, not per
   * record — most fields repeat, and a million pointer writes per column cost more than the work.
   */
  readonly valueTexts: readonly string[];
  /** Tokens of each distinct value, by id, for token-aware levels; null where the preparer makes none. */
  readonly valueTokens: readonly (readonly string[] | null)[];
  /**
   * A numeric form per record (a date as yyyymmdd…); 0 where missing or not numeric. Columns whose
   * values are all 0 may share one array of zeros: read it, never write it.
   */
  readonly numbers: Float64Array;
  /** Preparer-defined bits per record (e.g. "this NIK agrees with the record's own birth date and sex"); may be shared zeros like `numbers`. */
  readonly flags: Uint8Array;
  /** Share of non-missing records that carry each value id: the term frequency. */
  readonly frequencies: Float64Array;
  /** Σ frequency²: the chance that two random records agree on this field (see {@link agreementRateOf}). */
  readonly agreementRate: number;
  /** Number of distinct values. */
  readonly distinctValues: number;
}

/**
 * A column's agreement rate, Σ frequency² = Σ count² / present², from the integer sum of squared
 * value counts (exact in doubles up to 2^53, so for any column of fewer than 94 M records) divided
 * once. One rounding, in no particular order of the values: so a store that keeps the sum as values
 * come and go has the batch's rate to the bit without a pass over its values.
 *
 * @example
 * agreementRateOf(3 * 3 + 1 * 1, 4) // 0.625: values held by 3 and 1 of 4 records
 */
export function agreementRateOf(sumOfSquares: number, present: number): number {
  return present === 0 ? 0 : sumOfSquares / (present * present);
}

/** What a preparer returns for one record's value. Build it with {@link preparedValue}: one shape for all. */
export interface PreparedValue {
  readonly text: string;
  readonly tokens: readonly string[] | null;
  readonly number: number;
  readonly flags: number;
}

/**
 * A prepared value with every property set, in one order: a million of them pass through
 * `buildColumn`, and one object shape keeps its property reads monomorphic.
 */
export function preparedValue(text: string, tokens: readonly string[] | null = null, number = 0, flags = 0): PreparedValue {
  checkString(text, 'preparedValue', 'text');
  if (tokens !== null) checkStrings(tokens, 'preparedValue', 'tokens');
  if (typeof number !== 'number') throw invalidArgument('preparedValue', 'number', 'a number', number);
  if (!Number.isInteger(flags) || flags < 0 || flags > 255) throw invalidArgument('preparedValue', 'flags', 'a whole number 0 … 255', flags);
  return { text, tokens, number, flags };
}

/** `preparedValue` without the argument checks, for the built-in preparers (their arguments are their own). */
export function preparedValueOf(text: string, tokens: readonly string[] | null = null, number = 0, flags = 0): PreparedValue {
  return { text, tokens, number, flags };
}

/** Options of {@link buildColumn}. */
export interface BuildColumnOptions {
  /** Arrays of zeros (of the column's length) to share as `numbers` / `flags` when the column has none. */
  readonly zeros?: { readonly numbers: Float64Array; readonly flags: Uint8Array };
  /** Position `i` of the column is record `order[i]`; default: records in order. */
  readonly order?: Int32Array | undefined;
  /** Flag bits of each record (by record, like `slots`), added to its value's own. */
  readonly recordFlags?: Uint8Array | undefined;
}

/**
 * Builds a column from distinct prepared values and each record's slot among them (-1 = missing).
 * Text ids are interned once per distinct value, not once per record: most fields repeat heavily
 * (villages, birth places, common names), so this is where preparing a million records saves most.
 *
 * With `order`, position `i` of the column is record `order[i]` (`slots` is by record); without, the
 * column follows `slots`. Either way ids are numbered by first appearance in column order, so they
 * never depend on the order records arrived in. Texts are interned in slot order (the order the
 * values were made, and sit in memory), then renumbered with integers only.
 */
export function buildColumn(key: string, distinct: readonly (PreparedValue | null)[], slots: Int32Array, options: BuildColumnOptions = {}): PreparedColumn {
  const { zeros, order, recordFlags } = options;
  const count = order?.length ?? slots.length;
  // Per slot: interned text (in slot order), number and flags — the per-record loop then touches no object.
  const textOfSlot = temporaryInt32Array(distinct.length).fill(-1);
  const interner = new StringInterner(Math.min(1024, distinct.length));
  const texts = interner.values;
  const tokens: (readonly string[] | null)[] = [];
  const slotNumbers = temporaryFloat64Array(distinct.length);
  const slotFlags = temporaryUint8Array(distinct.length);
  let anyNumber = false;
  let anyFlag = false;
  for (let slot = 0; slot < distinct.length; slot++) {
    const value = distinct[slot];
    if (value === null || value === undefined) continue;
    slotNumbers[slot] = value.number;
    slotFlags[slot] = value.flags;
    if (value.number !== 0) anyNumber = true;
    if (value.flags !== 0) anyFlag = true;
    const text = interner.intern(value.text);
    if (text === tokens.length) tokens.push(value.tokens);
    textOfSlot[slot] = text;
  }
  // A column without numbers (or flags) shares the caller's zeros instead of another million-entry array.
  const sharedNumbers = !anyNumber && zeros !== undefined && zeros.numbers.length === count;
  const sharedFlags = !anyFlag && recordFlags === undefined && zeros !== undefined && zeros.flags.length === count;
  const numbers = sharedNumbers ? zeros.numbers : float64Array(count);
  const flags = sharedFlags ? zeros.flags : uint8Array(count);
  const ids = int32Array(count);
  const idOfText = int32Array(texts.length).fill(-1);
  const valueTexts: string[] = [];
  const valueTokens: (readonly string[] | null)[] = [];
  const counts = temporaryFloat64Array(texts.length);
  let present = 0;
  for (let i = 0; i < count; i++) {
    const record = order === undefined ? i : (order[i] as number);
    const slot = slots[record] as number;
    const text = slot < 0 ? -1 : (textOfSlot[slot] as number);
    if (text < 0) {
      ids[i] = -1;
      continue;
    }
    let id = idOfText[text] as number;
    if (id < 0) {
      id = valueTexts.length;
      idOfText[text] = id;
      valueTexts.push(texts[text] as string);
      valueTokens.push(tokens[text] ?? null);
    }
    ids[i] = id;
    counts[id] = (counts[id] as number) + 1;
    present++;
    if (!sharedNumbers) numbers[i] = slotNumbers[slot] as number;
    if (!sharedFlags) flags[i] = recordFlags === undefined ? (slotFlags[slot] as number) : (slotFlags[slot] as number) | (recordFlags[record] as number);
  }
  const frequencies = float64Array(counts.length);
  let sumOfSquares = 0;
  for (let id = 0; id < counts.length; id++) {
    const count = counts[id] as number;
    frequencies[id] = count / present;
    sumOfSquares += count * count;
  }
  const agreementRate = agreementRateOf(sumOfSquares, present);
  const column: PreparedColumn = { key, ids, valueTexts, valueTokens, numbers, flags, frequencies, agreementRate, distinctValues: valueTexts.length };
  // The texts were hashed once here: kept, they answer "which value is this text?" without hashing them again.
  valueIndexes.set(column, new ColumnValueIndex(interner, idOfText));
  return column;
}

/**
 * Text → value id of a prepared column: the table `buildColumn` interned the column's texts with,
 * kept rather than built again by a stage that looks values up by text (the group stages look up the
 * NIKs and KK numbers of family and dwelling records among the person records').
 */
export class ColumnValueIndex {
  constructor(
    private readonly texts: StringInterner,
    private readonly idOfText: Int32Array,
  ) {}

  /** The value id of a prepared text, or -1 when no record of the column has it. */
  find(text: string): number {
    const id = this.texts.find(text);
    return id < 0 ? -1 : (this.idOfText[id] as number);
  }
}

const valueIndexes = new WeakMap<PreparedColumn, ColumnValueIndex>();

/** The value index of a column: the one `buildColumn` kept, or (for a column made elsewhere) one built from `valueTexts`. */
export function valueIndexOf(column: PreparedColumn): ColumnValueIndex {
  let index = valueIndexes.get(column);
  if (index === undefined) {
    const texts = new StringInterner(column.valueTexts.length);
    const idOfText = int32Array(column.valueTexts.length);
    for (let id = 0; id < column.valueTexts.length; id++) {
      const before = texts.size;
      const text = texts.intern(column.valueTexts[id] as string);
      // A repeated text (a hand-made column) keeps its first id.
      if (text === before) idOfText[text] = id;
    }
    index = new ColumnValueIndex(texts, idOfText.subarray(0, texts.size));
    valueIndexes.set(column, index);
  }
  return index;
}

/** A copy of a column with other term frequencies (and the same value index). */
export function withFrequencies(column: PreparedColumn, frequencies: Float64Array, agreementRate: number): PreparedColumn {
  const copy: PreparedColumn = { ...column, frequencies, agreementRate };
  const index = valueIndexes.get(column);
  if (index !== undefined) valueIndexes.set(copy, index);
  return copy;
}

/**
 * Throws unless `columns` is a Map holding, under each of `keys`, a prepared column with at least
 * `records` entries (what `prepareColumns` returned for the same model and records).
 */
export function checkColumns(columns: unknown, keys: Iterable<string>, records: number, fn: string): asserts columns is ReadonlyMap<string, PreparedColumn> {
  if (!(columns instanceof Map)) throw invalidArgument(fn, 'columns', 'the Map prepareColumns returns', columns);
  for (const key of keys) {
    const column: unknown = columns.get(key);
    if (!isPreparedColumn(column))
      throw new PadanError('invalid-argument', `${fn}: columns has no prepared column "${key}" (prepare the columns of this model)`);
    if (column.ids.length < records)
      throw new PadanError('invalid-argument', `${fn}: column "${key}" holds ${column.ids.length} records, fewer than ${records}`);
  }
}

/** Whether a value has the shape of a prepared column (its arrays of the right types, of one length). */
function isPreparedColumn(value: unknown): value is PreparedColumn {
  if (typeof value !== 'object' || value === null) return false;
  const column = value as Partial<PreparedColumn>;
  return (
    column.ids instanceof Int32Array &&
    Array.isArray(column.valueTexts) &&
    Array.isArray(column.valueTokens) &&
    column.numbers instanceof Float64Array &&
    column.flags instanceof Uint8Array &&
    column.frequencies instanceof Float64Array
  );
}

/** A record's prepared text, or null where missing (for a caller's key transforms; checks its arguments). */
export function textOf(column: PreparedColumn, record: number): string | null {
  if (!isPreparedColumn(column)) throw invalidArgument('textOf', 'column', 'a prepared column', column);
  if (!Number.isInteger(record) || record < 0 || record >= column.ids.length)
    throw new PadanError('invalid-argument', `textOf: record must be a record index below ${column.ids.length}`);
  return textAt(column, record);
}

/** `textOf` without the argument checks, for padan's own per-pair and per-record loops. */
export function textAt(column: PreparedColumn, record: number): string | null {
  const id = column.ids[record] as number;
  return id < 0 ? null : (column.valueTexts[id] as string);
}

/** A record's prepared tokens, or null where missing or the preparer makes none. */
export function tokensOf(column: PreparedColumn, record: number): readonly string[] | null {
  const id = column.ids[record] as number;
  return id < 0 ? null : (column.valueTokens[id] ?? null);
}
