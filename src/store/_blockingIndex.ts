import { blockingKeyOf, blockReach, windowSortKey } from '../block/blockingKey.js';
import type { PreparedColumn } from '../model/column.js';
import type { CompiledBlockingRule } from '../model/compileModel.js';

/** Receives the pair changes an insertion causes under one rule (bit = 1 << rule index). */
export interface PairSink {
  added(left: number, right: number, bit: number): void;
  removed(left: number, right: number, bit: number): void;
}

/**
 * A growable blocking index: per rule, block key → member slots in window order (the rule's sort
 * key, then record key; see `block/blockingKey.ts`). It reproduces `blockRecords`' pair set as
 * records arrive: all-to-all in a block up to `maxBlockSize`, a sliding window of `window`
 * neighbours beyond. New members find their place by binary search, so an insertion into a large
 * block computes O(log size) sort keys, not one per member. An insertion adds the pairs of the new
 * records and removes the old pairs it pushes out of a window (so a candidate pair can disappear, as
 * it would in the batch run over the larger input).
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
      const orderKey = (slot: number): string => windowOrderKey(rule, columns, keys, slot);
      // One arriving slot is kept bare, as in `blocks`: most keys of a large insert arrive once.
      const touched = new Map<string, number | number[]>();
      for (const slot of slots) {
        const key = blockingKeyOf(rule, columns, slot);
        if (key === null) continue;
        const list = touched.get(key);
        if (list === undefined) touched.set(key, slot);
        else if (typeof list === 'number') touched.set(key, [list, slot]);
        else list.push(slot);
      }
      for (const [key, arriving] of touched) {
        const stored = blocks.get(key);
        if (stored === undefined) {
          // A new block (every block of a first load): no old member to merge with or push out.
          if (typeof arriving === 'number') blocks.set(key, arriving);
          else {
            const members = rule.sortBy.length === 0 ? arriving : sortInWindowOrder(arriving, orderKey);
            blocks.set(key, members);
            emitNewBlock(rule, members, bit, keys, sink);
          }
          continue;
        }
        if (typeof arriving === 'number' && (typeof stored === 'number' ? 2 : stored.length + 1) <= rule.maxBlockSize) {
          // One record joins a block that stays all-to-all (most joins): paired with every member, put in its place.
          insertIntoSmallBlock(blocks, key, stored, arriving, orderKey, bit, keys, sink);
          continue;
        }
        const incoming = typeof arriving === 'number' ? [arriving] : arriving;
        const old = typeof stored === 'number' ? [stored] : stored;
        const merged = mergeInOrder(old, incoming, orderKey);
        blocks.set(key, merged.members.length === 1 ? (merged.members[0] as number) : merged.members);
        emitChanges(rule, old, merged, bit, keys, sink);
      }
    }
  }

  /**
   * Takes slots out of their blocks (their values must still be in `columns`) and reports the pairs
   * between remaining members that the removal brings back: in a windowed block the neighbours of a
   * removed member move closer, and a block that shrinks to `maxBlockSize` turns all-to-all again.
   * The removed slots' own pairs are the caller's to drop; a pair reported here is in window order,
   * not necessarily smaller record key first.
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
        const reach = blockReach(rule, members.length);
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
      const probeOrder = rule.sortBy.length === 0 ? probeKey : `${windowSortKey(rule, columns, probe)}\u0000${probeKey}`;
      const low = lowerBound(members, probeOrder, (slot) => windowOrderKey(rule, columns, keys, slot));
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

/**
 * A member's place in window order: the rule's sort key, then its record key (the batch breaks sort
 * ties by canonical position, which is record-key order). A sort key holds no NUL, so the joined
 * text orders as the pair does.
 */
function windowOrderKey(rule: CompiledBlockingRule, columns: ReadonlyMap<string, PreparedColumn>, keys: readonly string[], slot: number): string {
  const key = keys[slot] as string;
  return rule.sortBy.length === 0 ? key : `${windowSortKey(rule, columns, slot)}\u0000${key}`;
}

/** The first position in `members` (window order) whose order key is not below `key`. */
function lowerBound(members: readonly number[], key: string, orderKey: (slot: number) => string): number {
  let low = 0;
  let high = members.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (orderKey(members[middle] as number) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Adds one slot to a block that stays within `maxBlockSize` (so no pair leaves a window): pairs it
 * with every member and inserts it in window order, in place (a stored block of one becomes an array).
 */
function insertIntoSmallBlock(
  blocks: Map<string, number | number[]>,
  key: string,
  stored: number | number[],
  slot: number,
  orderKey: (slot: number) => string,
  bit: number,
  keys: readonly string[],
  sink: PairSink,
): void {
  const members = typeof stored === 'number' ? [stored] : stored;
  for (const member of members) addPair(sink, keys, slot, member, bit);
  const at = lowerBound(members, orderKey(slot), orderKey);
  if (typeof stored === 'number') blocks.set(key, at === 0 ? [slot, stored] : [stored, slot]);
  else members.splice(at, 0, slot);
}

/** Slots (in record-key order) sorted by their window order keys, each key computed once. */
function sortInWindowOrder(slots: readonly number[], orderKey: (slot: number) => string): number[] {
  const orderKeys = slots.map(orderKey);
  const positions = slots.map((_, i) => i);
  positions.sort((a, b) => ((orderKeys[a] as string) < (orderKeys[b] as string) ? -1 : (orderKeys[a] as string) > (orderKeys[b] as string) ? 1 : 0));
  return positions.map((i) => slots[i] as number);
}

/** Every pair of a new block (members in window order): all-to-all up to `maxBlockSize`, the window beyond. */
function emitNewBlock(rule: CompiledBlockingRule, members: readonly number[], bit: number, keys: readonly string[], sink: PairSink): void {
  const size = members.length;
  const reach = blockReach(rule, size);
  for (let m = 0; m < size; m++) {
    const a = members[m] as number;
    const last = Math.min(size - 1, m + reach);
    for (let n = m + 1; n <= last; n++) {
      const b = members[n] as number;
      // A pair's left is its smaller record key (a sorted block is not in record-key order).
      if ((keys[a] as string) < (keys[b] as string)) sink.added(a, b, bit);
      else sink.added(b, a, bit);
    }
  }
}

/** Merges new members into a block in window order, finding each place by binary search. */
function mergeInOrder(old: readonly number[], incoming: readonly number[], orderKey: (slot: number) => string): MergedBlock {
  const arriving = incoming.map((slot) => ({ slot, key: orderKey(slot) }));
  arriving.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const members: number[] = new Array(old.length + arriving.length);
  const isNew = new Uint8Array(members.length);
  const newPosition = new Int32Array(old.length);
  let i = 0;
  let m = 0;
  for (const { slot, key } of arriving) {
    // Old members before this one: a binary search over the rest of the old block.
    let low = i;
    let high = old.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (orderKey(old[middle] as number) < key) low = middle + 1;
      else high = middle;
    }
    for (; i < low; i++) {
      newPosition[i] = m;
      members[m++] = old[i] as number;
    }
    isNew[m] = 1;
    members[m++] = slot;
  }
  for (; i < old.length; i++) {
    newPosition[i] = m;
    members[m++] = old[i] as number;
  }
  return { members, isNew, newPosition };
}

/** Reports a pair with its smaller record key on the left (a sorted block is not in record-key order). */
function addPair(sink: PairSink, keys: readonly string[], a: number, b: number, bit: number): void {
  if ((keys[a] as string) < (keys[b] as string)) sink.added(a, b, bit);
  else sink.added(b, a, bit);
}

function emitChanges(rule: CompiledBlockingRule, old: readonly number[], merged: MergedBlock, bit: number, keys: readonly string[], sink: PairSink): void {
  const { members, isNew, newPosition } = merged;
  const size = members.length;
  const big = size > rule.maxBlockSize;
  const reach = blockReach(rule, size);
  for (let m = 0; m < size; m++) {
    if (isNew[m] === 0) continue;
    const from = Math.max(0, m - reach);
    const to = Math.min(size - 1, m + reach);
    for (let n = from; n <= to; n++) {
      if (n === m || (n < m && isNew[n] === 1)) continue;
      addPair(sink, keys, members[m] as number, members[n] as number, bit);
    }
  }
  if (!big || old.length < 2) return;
  // Old pairs pushed out of the window by the insertion (or by the block outgrowing all-to-all).
  const oldSize = old.length;
  const oldReach = blockReach(rule, oldSize);
  for (let i = 0; i < oldSize; i++) {
    const last = Math.min(oldSize - 1, i + oldReach);
    if (last <= i) continue;
    if ((newPosition[last] as number) - (newPosition[i] as number) <= rule.window) continue;
    for (let j = i + 1; j <= last; j++) {
      if ((newPosition[j] as number) - (newPosition[i] as number) <= rule.window) continue;
      const a = old[i] as number;
      const b = old[j] as number;
      if ((keys[a] as string) < (keys[b] as string)) sink.removed(a, b, bit);
      else sink.removed(b, a, bit);
    }
  }
}
