import { at, itemAt } from '../_internal/at.js';
import { int32Array } from '../_internal/typedArena.js';
/**
 * Interning of 16-digit identifiers (NIK, KK) into dense int ids without string hashing: the digits
 * are read as two 8-digit ints and kept in an open-addressing table of typed arrays. A quarter of a
 * million `Map<string, …>` lookups on fresh strings cost far more than these reads, and allocate.
 */
export interface IdentifierTable {
  /**
   * Slots of three ints side by side (high 8 digits, low 8 digits, dense id + 1; 0 marks an empty
   * slot): a probe reads one cache line, not one per array.
   */
  slots: Int32Array;
  /** The identifier text of each dense id. */
  readonly texts: string[];
  /**
   * Identifiers the table starts with, looked up there first: ids `0 … base's count - 1` are its value
   * ids (their texts first in `texts`); the table's own slots hold only identifiers added after.
   */
  readonly base?: IdentifierBase | undefined;
}

/** Identifiers known before a table (a prepared column's values): text → id, -1 when absent. */
export interface IdentifierBase {
  find(text: string): number;
}

/**
 * An empty table sized for about `expected` identifiers, or one that starts with `base`'s identifiers
 * (`baseTexts`, by id): they are not interned again, and the table's own ids continue after them.
 */
export function createIdentifierTable(expected: number, base?: IdentifierBase, baseTexts: readonly string[] = []): IdentifierTable {
  let size = 1024;
  while (size < expected * 2) size *= 2;
  return { slots: int32Array(size * 3), texts: baseTexts.slice(), base };
}

/** A copy of a table that can be added to without changing the original. */
export function copyIdentifierTable(table: IdentifierTable): IdentifierTable {
  const slots = int32Array(table.slots.length);
  slots.set(table.slots);
  return { slots, texts: table.texts.slice(), base: table.base };
}

// Parsed halves of the last identifier read: module scratch so reading allocates nothing.
let parsedHi = 0;
let parsedLo = 0;

function parse(text: string): boolean {
  if (text.length !== 16) return false;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 8; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    hi = hi * 10 + d;
  }
  for (let i = 8; i < 16; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    lo = lo * 10 + d;
  }
  parsedHi = hi;
  parsedLo = lo;
  return true;
}

function home(hi: number, lo: number, mask: number): number {
  let h = Math.imul(hi ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b);
  h ^= h >>> 15;
  return h & mask;
}

function grow(table: IdentifierTable): void {
  const old = table.slots;
  const size = (old.length / 3) * 2;
  const mask = size - 1;
  const slots = int32Array(size * 3);
  for (let s = 0; s < old.length; s += 3) {
    if (old[s + 2] === 0) continue;
    let slot = home(at(old, s), at(old, s + 1), mask);
    while (slots[slot * 3 + 2] !== 0) slot = (slot + 1) & mask;
    slots[slot * 3] = at(old, s);
    slots[slot * 3 + 1] = at(old, s + 1);
    slots[slot * 3 + 2] = at(old, s + 2);
  }
  table.slots = slots;
}

/** The id of an identifier, adding it when new; -1 when it is not 16 ASCII digits. */
export function internIdentifier(table: IdentifierTable, text: string): number {
  if (table.base !== undefined) {
    const known = table.base.find(text);
    if (known >= 0) return known;
  }
  if (!parse(text)) return -1;
  const hi = parsedHi;
  const lo = parsedLo;
  const slots = table.slots;
  const mask = slots.length / 3 - 1;
  let slot = home(hi, lo, mask);
  for (;;) {
    const id = at(slots, slot * 3 + 2);
    if (id === 0) break;
    if (slots[slot * 3] === hi && slots[slot * 3 + 1] === lo) return id - 1;
    slot = (slot + 1) & mask;
  }
  const id = table.texts.length;
  table.texts.push(text);
  slots[slot * 3] = hi;
  slots[slot * 3 + 1] = lo;
  slots[slot * 3 + 2] = id + 1;
  if (table.texts.length * 2 > mask + 1) grow(table);
  return id;
}

/** The id of an identifier already in the table, or -1. */
export function findIdentifier(table: IdentifierTable, text: string): number {
  if (table.base !== undefined) {
    const known = table.base.find(text);
    if (known >= 0) return known;
  }
  if (!parse(text)) return -1;
  const slots = table.slots;
  const mask = slots.length / 3 - 1;
  let slot = home(parsedHi, parsedLo, mask);
  for (;;) {
    const id = at(slots, slot * 3 + 2);
    if (id === 0) return -1;
    if (slots[slot * 3] === parsedHi && slots[slot * 3 + 1] === parsedLo) return id - 1;
    slot = (slot + 1) & mask;
  }
}

/**
 * Renumbers a table's ids in order of first use in `ids` (a column of ids it gave out), rewriting the
 * column: a column interned in one order (where records sit in memory) then numbers its values as if
 * it had been interned in the column's order. Ids absent from the column keep their relative order, after.
 * For a table without a base (a base's ids are its own).
 */
export function renumberByFirstUse(table: IdentifierTable, ids: Int32Array): void {
  const count = table.texts.length;
  const rank = int32Array(count).fill(-1);
  let next = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = at(ids, i);
    if (id >= 0 && at(rank, id) < 0) rank[id] = next++;
  }
  for (let id = 0; id < count; id++) if (at(rank, id) < 0) rank[id] = next++;
  for (let i = 0; i < ids.length; i++) {
    const id = at(ids, i);
    if (id >= 0) ids[i] = at(rank, id);
  }
  const texts = table.texts.slice();
  for (let id = 0; id < count; id++) table.texts[at(rank, id)] = itemAt(texts, id);
  const slots = table.slots;
  for (let s = 2; s < slots.length; s += 3) {
    const stored = at(slots, s);
    if (stored !== 0) slots[s] = at(rank, stored - 1) + 1;
  }
}
