/**
 * Dense ids for strings, in order of first appearance: an open-addressing table of typed arrays
 * keyed by a hash computed here, with the strings themselves in one array.
 *
 * At a million records this is about twice as fast as a `Map<string, number>`, and it makes no
 * garbage the size of the table each time it grows. Ids never depend on the hash, so the per-process
 * seed (which keeps crafted inputs from piling up on one slot) changes no result.
 */

import { int32Array, type Int32Allocator } from './typedArena.js';

const SEED = (Math.random() * 0x100000000) >>> 0;

/** A 32-bit hash of a string's code units (seeded per process: for lookups within it, never stored). */
export function hashText(text: string): number {
  let hash = SEED ^ 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

export class StringInterner {
  /** The interned strings, by id. */
  readonly values: string[] = [];
  private ids: Int32Array;
  private hashes: Int32Array;
  private mask: number;

  /** `allocate` makes the tables: `temporaryInt32Array` for an interner that is working space only. */
  constructor(
    expected = 16,
    private readonly allocate: Int32Allocator = int32Array,
  ) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.ids = allocate(capacity).fill(-1);
    this.hashes = allocate(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.values.length;
  }

  /** The id of `text`, a new one (the next integer) when it was not seen before. */
  intern(text: string): number {
    const hash = hashText(text);
    const { ids, hashes, mask, values } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = ids[slot] as number;
      if (id === -1) {
        const fresh = values.length;
        ids[slot] = fresh;
        hashes[slot] = hash;
        values.push(text);
        if (values.length * 2 > mask + 1) this.grow();
        return fresh;
      }
      if (hashes[slot] === hash && values[id] === text) return id;
    }
  }

  /** The id of `text`, or -1 when it was never interned. */
  find(text: string): number {
    const hash = hashText(text);
    const { ids, hashes, mask, values } = this;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = ids[slot] as number;
      if (id === -1) return -1;
      if (hashes[slot] === hash && values[id] === text) return id;
    }
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const mask = capacity - 1;
    const ids = this.allocate(capacity).fill(-1);
    const hashes = this.allocate(capacity);
    const oldIds = this.ids;
    const oldHashes = this.hashes;
    for (let old = 0; old < oldIds.length; old++) {
      const id = oldIds[old] as number;
      if (id === -1) continue;
      const hash = oldHashes[old] as number;
      let slot = hash & mask;
      while (ids[slot] !== -1) slot = (slot + 1) & mask;
      ids[slot] = id;
      hashes[slot] = hash;
    }
    this.ids = ids;
    this.hashes = hashes;
    this.mask = mask;
  }
}
