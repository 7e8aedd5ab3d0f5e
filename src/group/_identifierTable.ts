/**
 * Interning of 16-digit identifiers (NIK, KK) into dense int ids without string hashing: the digits
 * are read as two 8-digit ints and kept in an open-addressing table of typed arrays. A quarter of a
 * million `Map<string, …>` lookups on fresh strings cost far more than these reads, and allocate.
 */
export interface IdentifierTable {
  hi: Int32Array;
  lo: Int32Array;
  /** Dense id + 1 per slot; 0 marks an empty slot. */
  slot: Int32Array;
  /** The identifier text of each dense id. */
  readonly texts: string[];
}

/** An empty table sized for about `expected` identifiers. */
export function createIdentifierTable(expected: number): IdentifierTable {
  let size = 1024;
  while (size < expected * 2) size *= 2;
  return { hi: new Int32Array(size), lo: new Int32Array(size), slot: new Int32Array(size), texts: [] };
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

function home(table: IdentifierTable, hi: number, lo: number): number {
  let h = Math.imul(hi ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(lo, 0x85ebca6b);
  h ^= h >>> 15;
  return h & (table.slot.length - 1);
}

function grow(table: IdentifierTable): void {
  const { hi, lo, slot } = table;
  const size = slot.length * 2;
  table.hi = new Int32Array(size);
  table.lo = new Int32Array(size);
  table.slot = new Int32Array(size);
  for (let s = 0; s < slot.length; s++) {
    if (slot[s] === 0) continue;
    let at = home(table, hi[s] as number, lo[s] as number);
    while (table.slot[at] !== 0) at = (at + 1) & (size - 1);
    table.hi[at] = hi[s] as number;
    table.lo[at] = lo[s] as number;
    table.slot[at] = slot[s] as number;
  }
}

/** The id of an identifier, adding it when new; -1 when it is not 16 ASCII digits. */
export function internIdentifier(table: IdentifierTable, text: string): number {
  if (!parse(text)) return -1;
  const hi = parsedHi;
  const lo = parsedLo;
  const mask = table.slot.length - 1;
  let at = home(table, hi, lo);
  for (;;) {
    const id = table.slot[at] as number;
    if (id === 0) break;
    if (table.hi[at] === hi && table.lo[at] === lo) return id - 1;
    at = (at + 1) & mask;
  }
  const id = table.texts.length;
  table.texts.push(text);
  table.hi[at] = hi;
  table.lo[at] = lo;
  table.slot[at] = id + 1;
  if (table.texts.length * 2 > table.slot.length) grow(table);
  return id;
}

/** The id of an identifier already in the table, or -1. */
export function findIdentifier(table: IdentifierTable, text: string): number {
  if (!parse(text)) return -1;
  const mask = table.slot.length - 1;
  let at = home(table, parsedHi, parsedLo);
  for (;;) {
    const id = table.slot[at] as number;
    if (id === 0) return -1;
    if (table.hi[at] === parsedHi && table.lo[at] === parsedLo) return id - 1;
    at = (at + 1) & mask;
  }
}
