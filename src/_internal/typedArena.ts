/**
 * Large typed arrays carved out of a few big ArrayBuffers while a pipeline runs.
 *
 * Why: V8 counts ArrayBuffer memory as "external", and every 64 MB of external growth since the
 * last full collection starts another full collection. A million-record resolution keeps hundreds of
 * megabytes of typed arrays (columns, keys, pairs), so allocating them one by one set off a full
 * collection every few arrays — each one re-marking the caller's million records, seconds apiece.
 * Carved from big chunks, the same arrays cost one collection per chunk.
 *
 * Chunks are generous: pages of a fresh ArrayBuffer that are never written are never committed by
 * the operating system, so an unused tail costs address space, not memory. The tail of an arena's
 * last chunk is handed to the next arena, held only weakly in between: once nothing uses the chunk,
 * the collector frees it as usual. A full collection in between clears a weak hold, and the next
 * arena's fresh chunk then sets off one more full collection; so an arena can also leave its tail with
 * its result (a resolution), held as long as that lives — its arrays keep the chunk alive anyway — for
 * the arenas that continue from it (families, households).
 *
 * Outside {@link withTypedArena} the allocators below are plain constructors. Arrays from an arena are
 * zero-filled like any new typed array; they keep their chunk alive while referenced.
 */

// Smaller arrays than this are cheaper as plain typed arrays (V8 keeps tiny ones on its own heap).
const MIN_ARENA_BYTES = 4096;
const MIN_CHUNK_BYTES = 1 << 20;
// Larger chunks than this are not worth the risk of one huge allocation failing.
const MAX_CHUNK_BYTES = 1 << 30;

interface Arena {
  readonly chunkBytes: number;
  chunk: ArrayBuffer;
  offset: number;
}

let active: Arena | null = null;
// A tail is taken at most once, through whichever reference reaches it first.
interface Claim {
  taken: boolean;
}
// The unused tail of the last finished arena's chunk: [chunk, first free byte].
let spare: { readonly chunk: WeakRef<ArrayBuffer>; readonly offset: number; readonly claim: Claim } | null = null;
// Tails left with results: held while the result lives.
const tails = new WeakMap<object, { readonly chunk: ArrayBuffer; readonly offset: number; readonly claim: Claim }>();

// Totals over the process, for the benchmarks that size arenas.
const totals = { chunks: 0, bytes: 0 };

/** Chunks allocated and bytes handed out by arenas so far in this process (benchmarks size arenas with it). */
export function typedArenaTotals(): { readonly chunks: number; readonly bytes: number } {
  return { ...totals };
}

/**
 * A fresh chunk of `bytes`, or of as much as the system grants (halving down to `least`) where
 * address space is tight (strict overcommit, 32-bit limits): a smaller chunk only means more chunks.
 */
function newChunk(bytes: number, least = MIN_CHUNK_BYTES): ArrayBuffer {
  totals.chunks++;
  for (let size = bytes; ; size = Math.max(least, Math.ceil(size / 2 / 8) * 8)) {
    try {
      return new ArrayBuffer(size);
    } catch (error) {
      if (!(error instanceof RangeError) || size <= least) throw error;
    }
  }
}

/** Where an arena starts and leaves its chunk's tail (see {@link withTypedArena}). */
export interface ArenaOptions<T> {
  /** Start in the tail left with this object, when there is one. */
  readonly continues?: object;
  /** Leave the tail with the object this returns for the result, held as long as that object lives. */
  readonly leaveTailWith?: (result: T) => object;
}

function takeTail(continues: object | undefined): { readonly chunk: ArrayBuffer; readonly offset: number } | null {
  const kept = continues === undefined ? undefined : tails.get(continues);
  if (kept !== undefined && !kept.claim.taken && kept.chunk.byteLength - kept.offset >= MIN_CHUNK_BYTES) {
    kept.claim.taken = true;
    return kept;
  }
  const chunk = spare?.chunk.deref();
  if (spare !== null && chunk !== undefined && !spare.claim.taken && chunk.byteLength - spare.offset >= MIN_CHUNK_BYTES) {
    spare.claim.taken = true;
    return { chunk, offset: spare.offset };
  }
  return null;
}

/**
 * Runs `work` with typed arrays of at least a few kilobytes taken from chunks of about `expectedBytes`
 * (the expected total: one chunk when the guess is right, more when it is not), starting in the
 * tail left with `options.continues`, else in the spare tail of the previous arena's chunk while
 * there is one. Nests; synchronous.
 *
 * @example
 * const resolution = withTypedArena(records.length * 400, () => resolveAll(records), { leaveTailWith: (result) => result });
 * const families = withTypedArena(records.length * 200, () => group(resolution), { continues: resolution });
 */
export function withTypedArena<T>(expectedBytes: number, work: () => T, options?: ArenaOptions<T>): T {
  const previous = active;
  const chunkBytes = Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, Math.ceil(expectedBytes / 8) * 8));
  const tail = takeTail(options?.continues);
  // Without a tail, the first chunk right away: the full collection it may start then runs beside the
  // work that follows (V8 marks concurrently), instead of interrupting it later.
  active = tail !== null ? { chunkBytes, chunk: tail.chunk, offset: tail.offset } : { chunkBytes, chunk: newChunk(chunkBytes), offset: 0 };
  const arena = active;
  let result: T;
  try {
    result = work();
  } finally {
    active = previous;
    spare = { chunk: new WeakRef(arena.chunk), offset: arena.offset, claim: { taken: false } };
  }
  const leaveWith = options?.leaveTailWith?.(result);
  if (leaveWith !== undefined) {
    // Kept for the arenas that continue from the result: unrelated arenas take fresh chunks.
    tails.set(leaveWith, { chunk: arena.chunk, offset: arena.offset, claim: spare.claim });
    spare = null;
  }
  return result;
}

/** Reserves `bytes` (a multiple of 8) in the arena; the reserved bytes start at `arena.offset - bytes` of the returned chunk. */
function reserve(arena: Arena, bytes: number): ArrayBuffer {
  totals.bytes += bytes;
  if (arena.offset + bytes > arena.chunk.byteLength) {
    arena.chunk = newChunk(Math.max(arena.chunkBytes, bytes), bytes);
    arena.offset = 0;
  }
  arena.offset += bytes;
  return arena.chunk;
}

function arenaFor(bytes: number): Arena | null {
  return active !== null && bytes >= MIN_ARENA_BYTES ? active : null;
}

/** A zero-filled Int32Array of `length`, from the active arena when there is one. */
export function int32Array(length: number): Int32Array {
  const bytes = Math.ceil((length * 4) / 8) * 8;
  const arena = arenaFor(bytes);
  if (arena === null) return new Int32Array(length);
  const chunk = reserve(arena, bytes);
  return new Int32Array(chunk, arena.offset - bytes, length);
}

/** A zero-filled Float64Array of `length`, from the active arena when there is one. */
export function float64Array(length: number): Float64Array {
  const bytes = length * 8;
  const arena = arenaFor(bytes);
  if (arena === null) return new Float64Array(length);
  const chunk = reserve(arena, bytes);
  return new Float64Array(chunk, arena.offset - bytes, length);
}

/** A zero-filled Uint8Array of `length`, from the active arena when there is one. */
export function uint8Array(length: number): Uint8Array {
  const bytes = Math.ceil(length / 8) * 8;
  const arena = arenaFor(bytes);
  if (arena === null) return new Uint8Array(length);
  const chunk = reserve(arena, bytes);
  return new Uint8Array(chunk, arena.offset - bytes, length);
}
