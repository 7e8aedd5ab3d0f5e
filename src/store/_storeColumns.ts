import { agreementRateOf, textOf, tokensOf, type PreparedColumn } from '../model/column.js';
import { prepareColumns } from '../comparisons/prepareColumns.js';
import type { ColumnSource } from '../model/compileModel.js';
import { grownCapacity } from './_capacity.js';

/**
 * One prepared column that grows as records arrive. It has the exact shape of a batch
 * `PreparedColumn`, so the engine's level tests, blocking transforms, `termFrequencyAdjustment` and
 * `explainPair` read it unchanged; indexes are store slots (arrival order), not canonical positions.
 */
export class GrowableColumn implements PreparedColumn {
  readonly key: string;
  /** Prepared text and tokens of each distinct value, by id (one scratch entry past the last for a probe). */
  valueTexts: string[] = [];
  valueTokens: (readonly string[] | null)[] = [];
  ids: Int32Array;
  numbers: Float64Array;
  flags: Uint8Array;
  frequencies: Float64Array;
  /** Σ count² over values: exact in doubles (at most 16 M records). */
  sumOfSquares = 0;
  /** Σ count² / present², as the batch computes it (`agreementRateOf`): exact, kept at every change of counts. */
  agreementRate = 0;
  /**
   * `frequencies` are kept on demand: a change of counts marks them stale, `freshen` makes one
   * value's frequency current (one division, as the batch's) and `ensureExact` all of them.
   */
  private stale = false;
  distinctValues = 0;
  /** Whether a term-frequency level reads this column: only then are frequencies kept current. */
  readonly termFrequency: boolean;
  readonly idOf = new Map<string, number>();
  counts: Int32Array;
  present = 0;
  /** 1 for values whose count changed since `clearTouched` (their pairs' term-frequency weights moved unevenly). */
  touched: Uint8Array;
  /** Per touched value: its count before the change (see `touch`). */
  countBefore: Int32Array;
  private touchedIds: number[] = [];
  /**
   * Holders of each value, for term-frequency columns: a list per value threaded through the slots
   * (`holderHead[value]`, `holderNext[slot]`, -1 ends), so that the pairs a changed count moves are
   * found from the value rather than by a pass over every pair.
   */
  holderHead: Int32Array;
  holderNext: Int32Array;

  constructor(key: string, termFrequency: boolean, capacity: number) {
    this.key = key;
    this.termFrequency = termFrequency;
    this.ids = new Int32Array(capacity);
    this.numbers = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.frequencies = new Float64Array(capacity);
    this.counts = new Int32Array(capacity);
    this.touched = new Uint8Array(capacity);
    this.countBefore = new Int32Array(capacity);
    this.holderHead = new Int32Array(capacity).fill(-1);
    this.holderNext = new Int32Array(capacity).fill(-1);
  }

  /** Makes the frequency of a slot's value current (the batch's division: count / present). */
  freshen(slot: number): void {
    const id = this.ids[slot] as number;
    if (id >= 0 && this.stale) this.frequencies[id] = (this.counts[id] as number) / this.present;
  }

  /** After a change of counts: the agreement rate again (one division), the frequencies stale. */
  countsChanged(): void {
    this.agreementRate = agreementRateOf(this.sumOfSquares, this.present);
    this.stale = true;
  }

  /** Makes every frequency current (a pass over the values), if a change of counts made them stale. */
  ensureExact(): void {
    if (!this.stale) return;
    const present = this.present;
    const frequencies = this.frequencies;
    const counts = this.counts;
    for (let id = 0; id < this.distinctValues; id++) frequencies[id] = present === 0 ? 0 : (counts[id] as number) / present;
    this.stale = false;
  }

  /** Values whose count changed since `clearTouched`. */
  get touchedValues(): readonly number[] {
    return this.touchedIds;
  }

  /** Calls `visit` with every slot holding `id` (term-frequency columns only). */
  forEachHolder(id: number, visit: (slot: number) => void): void {
    for (let slot = this.holderHead[id] as number; slot >= 0; slot = this.holderNext[slot] as number) visit(slot);
  }

  private link(id: number, slot: number): void {
    this.holderNext[slot] = this.holderHead[id] as number;
    this.holderHead[id] = slot;
  }

  private unlink(id: number, slot: number): void {
    let previous = -1;
    for (let at = this.holderHead[id] as number; at >= 0; at = this.holderNext[at] as number) {
      if (at !== slot) {
        previous = at;
        continue;
      }
      const after = this.holderNext[at] as number;
      if (previous < 0) this.holderHead[id] = after;
      else this.holderNext[previous] = after;
      return;
    }
  }

  /** Counts `slot` as a holder of `id`. */
  addHolder(id: number, slot: number): void {
    if (this.termFrequency) this.link(id, slot);
  }

  /** Stops counting `slot` as a holder of `id`. */
  removeHolder(id: number, slot: number): void {
    if (this.termFrequency) this.unlink(id, slot);
  }

  /** Marks a value whose count is about to change (its count before the first change is kept). */
  touch(id: number): void {
    if (this.touched[id] === 1) return;
    this.touched[id] = 1;
    this.countBefore[id] = this.counts[id] as number;
    this.touchedIds.push(id);
  }

  clearTouched(): void {
    for (const id of this.touchedIds) this.touched[id] = 0;
    this.touchedIds = [];
  }

  ensureRecords(capacity: number): void {
    if (capacity <= this.ids.length) return;
    const size = grownCapacity(capacity, this.ids.length);
    this.ids = grow(this.ids, size, Int32Array);
    this.numbers = grow(this.numbers, size, Float64Array);
    this.flags = grow(this.flags, size, Uint8Array);
    this.holderNext = grow(this.holderNext, size, Int32Array);
  }

  ensureValues(capacity: number): void {
    if (capacity <= this.frequencies.length) return;
    const size = grownCapacity(capacity, this.frequencies.length);
    this.frequencies = grow(this.frequencies, size, Float64Array);
    this.counts = grow(this.counts, size, Int32Array);
    this.touched = grow(this.touched, size, Uint8Array);
    this.countBefore = grow(this.countBefore, size, Int32Array);
    const head = new Int32Array(size).fill(-1);
    head.set(this.holderHead);
    this.holderHead = head;
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number, Type: new (size: number) => T): T {
  const grown = new Type(size);
  grown.set(array);
  return grown;
}

/** The prepared columns of every stored record, plus one scratch slot for a lookup probe. */
export class StoreColumns {
  readonly columns = new Map<string, GrowableColumn>();
  readonly sources: readonly ColumnSource[];
  count = 0;

  constructor(sources: readonly ColumnSource[], termFrequencyColumns: ReadonlySet<string>) {
    this.sources = sources;
    for (const source of sources) this.columns.set(source.key, new GrowableColumn(source.key, termFrequencyColumns.has(source.key), 1024));
  }

  /**
   * Prepares and appends records (already in canonical order among themselves) at slots
   * `count … count + n − 1`, then brings the value counts and agreement rates up to date.
   */
  append(records: readonly unknown[]): void {
    const start = this.count;
    const end = start + records.length;
    const prepared = prepareColumns(records, this.sources);
    for (const [key, column] of this.columns) {
      const local = prepared.get(key) as PreparedColumn;
      column.ensureRecords(end + 1);
      const globalOf = new Int32Array(local.distinctValues).fill(-1);
      for (let i = 0; i < records.length; i++) {
        const slot = start + i;
        const text = textOf(local, i);
        column.numbers[slot] = local.numbers[i] as number;
        column.flags[slot] = local.flags[i] as number;
        const localId = local.ids[i] as number;
        if (localId < 0 || text === null) {
          column.ids[slot] = -1;
          continue;
        }
        let id = globalOf[localId] as number;
        if (id < 0) {
          const known = column.idOf.get(text);
          if (known === undefined) {
            id = column.distinctValues++;
            column.ensureValues(column.distinctValues + 1);
            column.idOf.set(text, id);
            column.valueTexts[id] = text;
            column.valueTokens[id] = tokensOf(local, i);
          } else id = known;
          globalOf[localId] = id;
        }
        column.ids[slot] = id;
        column.addHolder(id, slot);
        column.touch(id);
        column.sumOfSquares += 2 * (column.counts[id] as number) + 1;
        column.counts[id] = (column.counts[id] as number) + 1;
        column.present++;
      }
      column.countsChanged();
    }
    this.count = end;
  }

  /**
   * Takes dead slots out of the value counts (their ids become -1, so they equal nothing) and
   * brings the agreement rates up to date: a value no record holds any more adds nothing to the sum
   * of squared counts, exactly as if the batch had never seen it.
   */
  remove(slots: readonly number[]): void {
    for (const column of this.columns.values()) {
      for (const slot of slots) {
        const id = column.ids[slot] as number;
        if (id < 0) continue;
        column.ids[slot] = -1;
        column.removeHolder(id, slot);
        column.touch(id);
        column.sumOfSquares -= 2 * (column.counts[id] as number) - 1;
        column.counts[id] = (column.counts[id] as number) - 1;
        column.present--;
      }
      column.countsChanged();
    }
  }

  /**
   * Writes a probe record into the scratch slot `count` without counting it: values the store has
   * never seen get a temporary id with frequency 0, so they equal nothing and weigh nothing.
   */
  setProbe(record: unknown): number {
    const slot = this.count;
    const prepared = prepareColumns([record], this.sources);
    for (const [key, column] of this.columns) {
      const local = prepared.get(key) as PreparedColumn;
      column.ensureRecords(slot + 1);
      column.ensureValues(column.distinctValues + 1);
      const text = textOf(local, 0);
      column.numbers[slot] = local.numbers[0] as number;
      column.flags[slot] = local.flags[0] as number;
      if (text === null || (local.ids[0] as number) < 0) column.ids[slot] = -1;
      else {
        const known = column.idOf.get(text);
        if (known === undefined) {
          column.ids[slot] = column.distinctValues;
          column.frequencies[column.distinctValues] = 0;
          // The scratch value entry: the next new value of an add overwrites it.
          column.valueTexts[column.distinctValues] = text;
          column.valueTokens[column.distinctValues] = tokensOf(local, 0);
        } else column.ids[slot] = known;
      }
    }
    return slot;
  }

  /** The columns as the engine's functions take them. */
  view(): ReadonlyMap<string, PreparedColumn> {
    return this.columns;
  }
}
