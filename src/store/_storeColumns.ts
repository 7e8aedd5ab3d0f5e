import { textOf, tokensOf, type PreparedColumn } from '../model/column.js';
import { prepareColumns } from '../comparisons/prepareColumns.js';
import type { ColumnSource } from '../model/compileModel.js';

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
  /** Σ count² over values: exact in doubles (at most 16 M records), so the approximate rate needs no pass. */
  sumOfSquares = 0;
  /**
   * Lazy columns (the store engine's) keep the exact agreement rate and `frequencies` only on
   * demand: a change of counts marks them stale, `ensureExact` brings them back (a pass over the
   * values), and `freshen` makes one value's frequency current (one division, as the batch's).
   */
  readonly lazy: boolean;
  private exactRate = 0;
  private stale = false;
  /** Values whose place in `order` may have changed since the last exact pass. */
  pendingOrder: number[] = [];
  /** The record keys of the slots (the engine's array), for the deferred ordering of values. */
  keys: readonly string[] = [];
  distinctValues = 0;
  /** Whether a term-frequency level reads this column: only then are frequencies kept current. */
  readonly termFrequency: boolean;
  readonly idOf = new Map<string, number>();
  counts: Int32Array;
  present = 0;
  /** Per value id: the slot of its holder with the smallest record key (its first occurrence in canonical order). */
  firstSlot: Int32Array;
  /** Value ids by the record key of their first occurrence: the order the batch run assigns ids in. */
  order: Int32Array = new Int32Array(0);
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

  constructor(key: string, termFrequency: boolean, capacity: number, lazy = false) {
    this.key = key;
    this.termFrequency = termFrequency;
    this.lazy = lazy;
    this.ids = new Int32Array(capacity);
    this.numbers = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.frequencies = new Float64Array(capacity);
    this.counts = new Int32Array(capacity);
    this.firstSlot = new Int32Array(capacity);
    this.touched = new Uint8Array(capacity);
    this.countBefore = new Int32Array(capacity);
    this.holderHead = new Int32Array(capacity).fill(-1);
    this.holderNext = new Int32Array(capacity).fill(-1);
  }

  /** Σ frequency² summed as the batch sums it (values by first occurrence in canonical order): exact. */
  get agreementRate(): number {
    if (this.stale) this.ensureExact();
    return this.exactRate;
  }

  set agreementRate(rate: number) {
    this.exactRate = rate;
  }

  /**
   * Σ count² / present²: the agreement rate without a pass over the values. It differs from the
   * exact rate only by rounding — at most {@link approximationBound} bits once in a log2.
   */
  approximateAgreementRate(): number {
    return this.present === 0 ? 0 : this.sumOfSquares / (this.present * this.present);
  }

  /**
   * The most `log2(rate)` can differ between the approximate and the exact agreement rate: a sum of
   * n rounded terms is within (n + 4)·2⁻⁵³ relative of its real value (doubled for safety).
   */
  approximationBound(): number {
    return (((this.distinctValues + 4) * 2 * Math.pow(2, -53)) / Math.LN2) * 2;
  }

  /** Makes the frequency of a slot's value current (the batch's division: count / present). */
  freshen(slot: number): void {
    const id = this.ids[slot] as number;
    if (id >= 0 && this.stale) this.frequencies[id] = (this.counts[id] as number) / this.present;
  }

  /** Marks the exact rate and frequencies stale (lazy columns) or recomputes them now. */
  countsChanged(changed: readonly number[]): void {
    for (const id of changed) this.pendingOrder.push(id);
    this.stale = true;
    if (!this.lazy) this.ensureExact();
  }

  /** Recomputes the value order, every frequency and the exact agreement rate (a pass over the values) if stale. */
  ensureExact(): void {
    if (!this.stale) return;
    const changed = this.pendingOrder;
    this.pendingOrder = [];
    refreshFrequencies(this, changed, this.keys);
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
    const size = Math.max(capacity, this.ids.length * 2);
    this.ids = grow(this.ids, size, Int32Array);
    this.numbers = grow(this.numbers, size, Float64Array);
    this.flags = grow(this.flags, size, Uint8Array);
    this.holderNext = grow(this.holderNext, size, Int32Array);
  }

  ensureValues(capacity: number): void {
    if (capacity <= this.frequencies.length) return;
    const size = Math.max(capacity, this.frequencies.length * 2);
    this.frequencies = grow(this.frequencies, size, Float64Array);
    this.counts = grow(this.counts, size, Int32Array);
    this.firstSlot = grow(this.firstSlot, size, Int32Array);
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

  /** `lazy`: exact agreement rates and frequencies on demand (see `GrowableColumn.lazy`). */
  constructor(sources: readonly ColumnSource[], termFrequencyColumns: ReadonlySet<string>, options?: { readonly lazy?: boolean }) {
    this.sources = sources;
    for (const source of sources)
      this.columns.set(source.key, new GrowableColumn(source.key, termFrequencyColumns.has(source.key), 1024, options?.lazy === true));
  }

  /**
   * Prepares and appends records (already in canonical order among themselves) at slots
   * `count … count + n − 1`, then brings term frequencies up to date. `keys` holds every slot's
   * record key, the new ones included.
   */
  append(records: readonly unknown[], keys: readonly string[]): void {
    const start = this.count;
    const end = start + records.length;
    const prepared = prepareColumns(records, this.sources);
    for (const [key, column] of this.columns) {
      const local = prepared.get(key) as PreparedColumn;
      column.ensureRecords(end + 1);
      const globalOf = new Int32Array(local.distinctValues).fill(-1);
      const changed: number[] = [];
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
            column.firstSlot[id] = -1;
          } else id = known;
          globalOf[localId] = id;
        }
        column.ids[slot] = id;
        column.addHolder(id, slot);
        column.touch(id);
        column.sumOfSquares += 2 * (column.counts[id] as number) + 1;
        column.counts[id] = (column.counts[id] as number) + 1;
        column.present++;
        const first = column.firstSlot[id] as number;
        if (first < 0 || (keys[slot] as string) < (keys[first] as string)) {
          column.firstSlot[id] = slot;
          if (column.termFrequency) changed.push(id);
        }
      }
      column.keys = keys;
      if (column.termFrequency) column.countsChanged(changed);
    }
    this.count = end;
  }

  /**
   * Takes dead slots out of the value counts (their ids become -1, so they equal nothing) and
   * brings term frequencies up to date: a value's first holder moves to its next holder in record-key
   * order, and a value no record holds any more leaves the sum, exactly as if the batch had never seen it.
   */
  remove(slots: readonly number[], keys: readonly string[]): void {
    for (const column of this.columns.values()) {
      const lostFirst = new Set<number>();
      const changed: number[] = [];
      for (const slot of slots) {
        const id = column.ids[slot] as number;
        if (id < 0) continue;
        column.ids[slot] = -1;
        column.removeHolder(id, slot);
        column.touch(id);
        column.sumOfSquares -= 2 * (column.counts[id] as number) - 1;
        column.counts[id] = (column.counts[id] as number) - 1;
        column.present--;
        if (column.counts[id] === 0) {
          column.firstSlot[id] = -1;
          column.frequencies[id] = 0;
          lostFirst.delete(id);
          changed.push(id);
        } else if (column.firstSlot[id] === slot) lostFirst.add(id);
      }
      if (!column.termFrequency) {
        for (const id of lostFirst) column.firstSlot[id] = -1;
        continue;
      }
      // A value that lost its first holder: the next is the smallest record key among its holders.
      for (const id of lostFirst) {
        let first = -1;
        for (let slot = column.holderHead[id] as number; slot >= 0; slot = column.holderNext[slot] as number) {
          if (first < 0 || (keys[slot] as string) < (keys[first] as string)) first = slot;
        }
        column.firstSlot[id] = first;
        changed.push(id);
      }
      column.keys = keys;
      column.countsChanged(changed);
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

// Frequencies and Σ frequency² are computed exactly as `buildColumn` does over the whole batch — the
// same divisions, summed in the same order (values by first occurrence in canonical order) — so that
// every term-frequency adjustment, hence every match weight, is bit-identical to the batch run's.
function refreshFrequencies(column: GrowableColumn, changed: readonly number[], keys: readonly string[]): void {
  if (changed.length > 0) {
    // A value may be listed more than once (changes gathered over several writes): the set dedupes.
    const keyOf = (id: number): string => keys[column.firstSlot[id] as number] as string;
    const moving = new Set(changed);
    const incoming = [...moving]
      .filter((id) => (column.counts[id] as number) > 0)
      .sort((a, b) => {
        const ka = keyOf(a);
        const kb = keyOf(b);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
    // The values that keep their place, in order (an integer pass), then each moving value placed by
    // binary search on its first holder's key and the runs between copied whole.
    const previous = column.order;
    const isMoving = new Uint8Array(column.distinctValues);
    for (const id of moving) isMoving[id] = 1;
    const rest = new Int32Array(previous.length);
    let restSize = 0;
    for (let i = 0; i < previous.length; i++) {
      const id = previous[i] as number;
      if (isMoving[id] === 0) rest[restSize++] = id;
    }
    const order = new Int32Array(restSize + incoming.length);
    let size = 0;
    let from = 0;
    for (const id of incoming) {
      const key = keyOf(id);
      let low = from;
      let high = restSize;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (keyOf(rest[middle] as number) < key) low = middle + 1;
        else high = middle;
      }
      order.set(rest.subarray(from, low), size);
      size += low - from;
      from = low;
      order[size++] = id;
    }
    order.set(rest.subarray(from, restSize), size);
    column.order = order;
  }
  const present = column.present;
  let agreementRate = 0;
  if (present === 0) {
    column.agreementRate = 0;
    return;
  }
  const order = column.order;
  for (let i = 0; i < order.length; i++) {
    const id = order[i] as number;
    const frequency = (column.counts[id] as number) / present;
    column.frequencies[id] = frequency;
    agreementRate += frequency * frequency;
  }
  column.agreementRate = agreementRate;
}
