import { int32Array } from '../_internal/typedArena.js';

/**
 * The `(source, recordId)` index `validateBatch` uses to find records sharing an identity.
 *
 * Why not a `Map`: on a million records a `Map` keyed by identity strings (or one map of ids per
 * source) is the slowest part of validation after parsing itself: each entry is a heap allocation in
 * a table that keeps growing and rehashing. Here the table is one preallocated `Int32Array` of
 * (hash, slot) pairs with linear probing; the strings are compared only when the hashes agree, so
 * the answer is exactly that of comparing `(source, recordId)` pairs.
 */

/** A record as the index sees it. */
interface Identified {
  readonly source: string;
  readonly recordId: string;
}

const EMPTY = 0;

/** FNV-1a over the UTF-16 code units of `text`, continuing from `hash`. */
function hashText(hash: number, text: string): number {
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

/** Finds the first record with each identity; holds at most `capacity` records. */
export class IdentityIndex {
  /** Pairs `(hash, slot + 1)`; a zero hash marks an empty entry (real hashes are made odd). */
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly records: readonly Identified[];
  private lastSource: string | undefined;
  private lastSourceHash = 0;

  /** `records[slot]` must be the record of every slot passed to `firstSlot`. */
  constructor(records: readonly Identified[], capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.table = int32Array(size * 2);
    this.mask = size - 1;
    this.records = records;
  }

  /**
   * The slot of the first record with the identity of `records[slot]`, or -1 when it is the first (it
   * is then indexed).
   */
  firstSlot(slot: number): number {
    const record = this.records[slot] as Identified;
    const source = record.source;
    const recordId = record.recordId;
    if (source !== this.lastSource) {
      // Sources come in runs, so the source part of the hash is usually reused.
      this.lastSource = source;
      this.lastSourceHash = Math.imul(hashText(0x811c9dc5, source) ^ 0xffff, 0x01000193);
    }
    let hash = hashText(this.lastSourceHash, recordId);
    hash = (hash ^ (hash >>> 15)) | 1;
    const table = this.table;
    const mask = this.mask;
    for (let position = hash & mask; ; position = (position + 1) & mask) {
      const stored = table[position * 2] as number;
      if (stored === EMPTY) {
        table[position * 2] = hash;
        table[position * 2 + 1] = slot + 1;
        return -1;
      }
      if (stored === hash) {
        const first = (table[position * 2 + 1] as number) - 1;
        const other = this.records[first] as Identified;
        if (other.recordId === recordId && other.source === source) return first;
      }
    }
  }
}
