import type { PreparedColumn } from '../model/column.js';
import type { CompiledBlockingRule } from '../model/compileModel.js';

/** Receives the pair changes an insertion causes under one rule (bit = 1 << rule index). */
export interface PairSink {
  added(left: number, right: number, bit: number): void;
  removed(left: number, right: number, bit: number): void;
}

/** The blocking key of one record under one rule, exactly as `blockRecords` builds it; null if a part is missing. */
export function blockingKeyOf(rule: CompiledBlockingRule, columns: ReadonlyMap<string, PreparedColumn>, slot: number): string | null {
  let key = '';
  for (let p = 0; p < rule.parts.length; p++) {
    const part = rule.parts[p] as CompiledBlockingRule['parts'][number];
    const value = part.transform(columns.get(part.column) as PreparedColumn, slot);
    if (value === null) return null;
    key = p === 0 ? value : `${key}\u0001${value}`;
  }
  return key;
}

/**
 * A growable blocking index: per rule, block key → member slots in canonical (record key) order. It
 * reproduces `blockRecords`' pair set as records arrive: all-to-all in a block up to `maxBlockSize`,
 * a sliding window of `window` neighbours beyond. An insertion adds the pairs of the new records and
 * removes the old pairs it pushes out of a window (so a candidate pair can disappear, as it would in
 * the batch run over the larger input).
 */
export class BlockingIndex {
  readonly rules: readonly CompiledBlockingRule[];
  /** A block of one record is stored as the bare slot: most blocks are singletons, and an array each would double the index. */
  readonly blocks: Map<string, number | number[]>[];

  constructor(rules: readonly CompiledBlockingRule[]) {
    this.rules = rules;
    this.blocks = rules.map(() => new Map<string, number | number[]>());
  }

  /** Indexes new slots (given in canonical order) and reports every pair added or removed. */
  insert(slots: readonly number[], columns: ReadonlyMap<string, PreparedColumn>, keys: readonly string[], sink: PairSink): void {
    for (let r = 0; r < this.rules.length; r++) {
      const rule = this.rules[r] as CompiledBlockingRule;
      const blocks = this.blocks[r] as Map<string, number | number[]>;
      const bit = 1 << r;
      const touched = new Map<string, number[]>();
      for (const slot of slots) {
        const key = blockingKeyOf(rule, columns, slot);
        if (key === null) continue;
        const list = touched.get(key);
        if (list === undefined) touched.set(key, [slot]);
        else list.push(slot);
      }
      for (const [key, incoming] of touched) {
        const stored = blocks.get(key);
        const old = stored === undefined ? [] : typeof stored === 'number' ? [stored] : stored;
        const merged = mergeByKey(old, incoming, keys);
        blocks.set(key, merged.members.length === 1 ? (merged.members[0] as number) : merged.members);
        emitChanges(rule, old, merged, bit, sink);
      }
    }
  }

  /**
   * Takes slots out of their blocks (their values must still be in `columns`) and reports the pairs
   * between remaining members that the removal brings back: in a windowed block the neighbours of a
   * removed member move closer, and a block that shrinks to `maxBlockSize` turns all-to-all again.
   * The removed slots' own pairs are the caller's to drop.
   */
  remove(slots: readonly number[], columns: ReadonlyMap<string, PreparedColumn>, added: PairSink['added']): void {
    for (let r = 0; r < this.rules.length; r++) {
      const rule = this.rules[r] as CompiledBlockingRule;
      const blocks = this.blocks[r] as Map<string, number | number[]>;
      const bit = 1 << r;
      const touched = new Map<string, Set<number>>();
      for (const slot of slots) {
        const key = blockingKeyOf(rule, columns, slot);
        if (key === null) continue;
        const gone = touched.get(key);
        if (gone === undefined) touched.set(key, new Set([slot]));
        else gone.add(slot);
      }
      for (const [key, gone] of touched) {
        const stored = blocks.get(key);
        if (stored === undefined) continue;
        const old = typeof stored === 'number' ? [stored] : stored;
        const members: number[] = [];
        const oldPosition: number[] = [];
        for (let i = 0; i < old.length; i++) {
          if (gone.has(old[i] as number)) continue;
          members.push(old[i] as number);
          oldPosition.push(i);
        }
        if (members.length === 0) blocks.delete(key);
        else blocks.set(key, members.length === 1 ? (members[0] as number) : members);
        if (old.length <= rule.maxBlockSize) continue; // all-to-all before: every remaining pair existed
        const reach = members.length > rule.maxBlockSize ? rule.window : members.length;
        for (let i = 0; i < members.length; i++) {
          const last = Math.min(members.length - 1, i + reach);
          for (let j = i + 1; j <= last; j++) {
            if ((oldPosition[j] as number) - (oldPosition[i] as number) > rule.window) added(members[i] as number, members[j] as number, bit);
          }
        }
      }
    }
  }

  /**
   * Slots a probe (in the scratch slot, with record key `probeKey`) would be paired with if it were
   * inserted: its whole block, or its window neighbours in a block that would exceed `maxBlockSize`.
   */
  candidates(probe: number, probeKey: string, columns: ReadonlyMap<string, PreparedColumn>, keys: readonly string[], into: Set<number>): void {
    for (let r = 0; r < this.rules.length; r++) {
      const rule = this.rules[r] as CompiledBlockingRule;
      const key = blockingKeyOf(rule, columns, probe);
      if (key === null) continue;
      const stored = (this.blocks[r] as Map<string, number | number[]>).get(key);
      if (stored === undefined) continue;
      if (typeof stored === 'number') {
        into.add(stored);
        continue;
      }
      const members = stored;
      if (members.length + 1 <= rule.maxBlockSize) {
        for (const slot of members) into.add(slot);
        continue;
      }
      let low = 0;
      let high = members.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((keys[members[middle] as number] as string) < probeKey) low = middle + 1;
        else high = middle;
      }
      const from = Math.max(0, low - rule.window);
      const to = Math.min(members.length, low + rule.window);
      for (let m = from; m < to; m++) into.add(members[m] as number);
    }
  }
}

interface MergedBlock {
  readonly members: number[];
  /** 1 where the member is new. */
  readonly isNew: Uint8Array;
  /** New position of each old member. */
  readonly newPosition: Int32Array;
}

function mergeByKey(old: readonly number[], incoming: readonly number[], keys: readonly string[]): MergedBlock {
  const members: number[] = new Array(old.length + incoming.length);
  const isNew = new Uint8Array(members.length);
  const newPosition = new Int32Array(old.length);
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < old.length || j < incoming.length) {
    const takeOld = j >= incoming.length || (i < old.length && (keys[old[i] as number] as string) < (keys[incoming[j] as number] as string));
    if (takeOld) {
      newPosition[i] = m;
      members[m++] = old[i++] as number;
    } else {
      isNew[m] = 1;
      members[m++] = incoming[j++] as number;
    }
  }
  return { members, isNew, newPosition };
}

function emitChanges(rule: CompiledBlockingRule, old: readonly number[], merged: MergedBlock, bit: number, sink: PairSink): void {
  const { members, isNew, newPosition } = merged;
  const size = members.length;
  const big = size > rule.maxBlockSize;
  const reach = big ? rule.window : size;
  for (let m = 0; m < size; m++) {
    if (isNew[m] === 0) continue;
    const from = Math.max(0, m - reach);
    const to = Math.min(size - 1, m + reach);
    for (let n = from; n <= to; n++) {
      if (n === m || (n < m && isNew[n] === 1)) continue;
      if (n < m) sink.added(members[n] as number, members[m] as number, bit);
      else sink.added(members[m] as number, members[n] as number, bit);
    }
  }
  if (!big || old.length < 2) return;
  // Old pairs pushed out of the window by the insertion (or by the block outgrowing all-to-all).
  const oldSize = old.length;
  const oldReach = oldSize > rule.maxBlockSize ? rule.window : oldSize;
  for (let i = 0; i < oldSize; i++) {
    const last = Math.min(oldSize - 1, i + oldReach);
    if (last <= i) continue;
    if ((newPosition[last] as number) - (newPosition[i] as number) <= rule.window) continue;
    for (let j = i + 1; j <= last; j++) {
      if ((newPosition[j] as number) - (newPosition[i] as number) > rule.window) sink.removed(old[i] as number, old[j] as number, bit);
    }
  }
}
