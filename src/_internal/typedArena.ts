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
 * Memory touched for the first time is the other cost: each fresh page is a fault, ~15 µs on the
 * virtual machines we measure on (`benchmarks/memory.bench.ts`), ~100 times writing it again. So a
 * stage's working space is taken apart from what it keeps: `temporaryInt32Array` … fill a region from
 * its top, kept arrays from its bottom, and when the arena ends the temporaries' pages, written and dead,
 * are the first memory the next arena hands out (the group stages run in what resolution worked in).
 *
 * Outside {@link withTypedArena} the allocators below are plain constructors. Arrays from an arena are
 * zero-filled like any new typed array; they keep their chunk alive while referenced.
 */

// Smaller arrays than this are cheaper as plain typed arrays (V8 keeps tiny ones on its own heap).
const MIN_ARENA_BYTES = 4096;
// V8 keeps a typed array of at most this many bytes on its own heap; a larger one gets an ArrayBuffer.
const ON_HEAP_BYTES = 64;
const MIN_CHUNK_BYTES = 1 << 20;
// Work expecting fewer bytes than this runs without an arena.
const SMALL_WORK_BYTES = 256 << 10;
// Larger chunks than this are not worth the risk of one huge allocation failing.
const MAX_CHUNK_BYTES = 1 << 30;

// Free space a finished arena leaves in pieces smaller than this is dropped: not worth a region.
const MIN_LEFTOVER_BYTES = 64 << 10;
// At most this many free regions are kept between arenas (each arena can split one in two).
const MAX_LEFTOVERS = 8;

/**
 * Free space of a chunk that arrays are carved from: kept arrays fill it upward from `low`,
 * temporaries downward from `high`. When the arena ends, `[low, end)` is free again, and the part the
 * temporaries wrote, `[high, end)`, becomes a region of its own for the next arena: written pages are
 * already given to the process, so it takes them first.
 */
interface Region {
  readonly chunk: ArrayBuffer;
  low: number;
  high: number;
  /** Where the free space ended when the arena began. */
  readonly end: number;
  /** Written before (by an earlier arena's temporaries): zeroed again as it is handed out. */
  readonly written: boolean;
}

interface Arena {
  readonly chunkBytes: number;
  /** The regions arrays are taken from, first fit in this order (written ones first); a fresh chunk is appended when none fits. */
  readonly regions: Region[];
}

let active: Arena | null = null;
// Inside `withWriteArena`: nested arenas carve from its arena, and arrays larger than ON_HEAP_BYTES do too.
let writing = false;
// A tail is taken at most once, through whichever reference reaches it first.
interface Claim {
  taken: boolean;
}
/** Free space a finished arena left: `[start, end)` of a chunk. */
interface Leftover<C> {
  readonly chunk: C;
  readonly start: number;
  readonly end: number;
  readonly written: boolean;
}
// The free space of the last finished arena, held only weakly.
let spare: { readonly leftovers: readonly Leftover<WeakRef<ArrayBuffer>>[]; readonly claim: Claim } | null = null;
// Free space left with results: held while the result lives.
const tails = new WeakMap<object, { readonly leftovers: readonly Leftover<ArrayBuffer>[]; readonly claim: Claim }>();

// Totals over the process, for the benchmarks that size arenas.
const totals = { chunks: 0, bytes: 0, reusedBytes: 0 };

// Tests set this: temporaries are overwritten with a pattern when their arena ends, so one still in use
// after it gives wrong results at once instead of only when the memory is next handed out; and arrays
// of any size come from the arena, so a test's few records are enough to show it.
let poisonTemporaries = false;

/**
 * Chunks allocated, bytes handed out, and bytes handed out again from memory earlier arenas' temporaries
 * wrote, by arenas so far in this process (benchmarks size arenas with it).
 */
export function typedArenaTotals(): { readonly chunks: number; readonly bytes: number; readonly reusedBytes: number } {
  return { ...totals };
}

/** Makes every arena overwrite its temporaries when it ends (tests: a temporary used too late shows). */
export function setPoisonTemporaries(on: boolean): void {
  poisonTemporaries = on;
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

function regionOf(chunk: ArrayBuffer, start: number, end: number, written: boolean): Region {
  return { chunk, low: start, high: end, end, written };
}

/** Where an arena starts and leaves its chunk's tail (see {@link withTypedArena}). */
export interface ArenaOptions<T> {
  /** Start in the tail left with this object, when there is one. */
  readonly continues?: object;
  /** Leave the tail with the object this returns for the result, held as long as that object lives. */
  readonly leaveTailWith?: (result: T) => object;
}

function takeTail(continues: object | undefined): Region[] {
  const kept = continues === undefined ? undefined : tails.get(continues);
  if (kept !== undefined && !kept.claim.taken) {
    kept.claim.taken = true;
    return kept.leftovers.map((left) => regionOf(left.chunk, left.start, left.end, left.written));
  }
  const regions: Region[] = [];
  if (spare !== null && !spare.claim.taken) {
    spare.claim.taken = true;
    for (const left of spare.leftovers) {
      const chunk = left.chunk.deref();
      if (chunk !== undefined) regions.push(regionOf(chunk, left.start, left.end, left.written));
    }
  }
  return regions;
}

/**
 * What a finished arena leaves free: of each region, the part its temporaries wrote and the part
 * nothing touched; written parts first (largest first), then untouched ones in the order they were
 * used (the next arena goes on where this one stopped), at most a few (small ones dropped).
 */
function leftoversOf(arena: Arena): Leftover<ArrayBuffer>[] {
  const left: Leftover<ArrayBuffer>[] = [];
  for (const region of arena.regions) {
    const { chunk, low, high, end, written } = region;
    if (poisonTemporaries && high < end) new Uint8Array(chunk, high, end - high).fill(0xa5);
    if (written) left.push({ chunk, start: low, end, written });
    else {
      left.push({ chunk, start: high, end, written: true });
      left.push({ chunk, start: low, end: high, written: false });
    }
  }
  return left
    .filter((free) => free.end - free.start >= MIN_LEFTOVER_BYTES)
    .sort((a, b) => (a.written !== b.written ? (a.written ? -1 : 1) : a.written ? b.end - b.start - (a.end - a.start) : 0))
    .slice(0, MAX_LEFTOVERS);
}

/**
 * Runs `work` with typed arrays of at least a few kilobytes taken from chunks of about `expectedBytes`
 * (the expected total: one chunk when the guess is right, more when it is not), starting in the
 * free space left with `options.continues`, else in the spare free space of the previous arena while
 * there is some. Temporaries (`temporaryInt32Array` …) die when `work` returns: the memory they wrote is
 * what the next arena hands out first. Nests; synchronous.
 *
 * @example
 * const resolution = withTypedArena(records.length * 400, () => resolveAll(records), { leaveTailWith: (result) => result });
 * const families = withTypedArena(records.length * 200, () => group(resolution), { continues: resolution });
 */
export function withTypedArena<T>(expectedBytes: number, work: () => T, options?: ArenaOptions<T>): T {
  const previous = active;
  // Inside a write arena (see `withWriteArena`) every stage works in it.
  if (writing && previous !== null) return work();
  // Small work gains nothing from an arena, and a fresh chunk for each call costs more than the work
  // (the entity store groups a few records after every write): its arrays are plain.
  if (expectedBytes < SMALL_WORK_BYTES && (options?.continues === undefined || !tails.has(options.continues))) {
    active = null;
    try {
      return work();
    } finally {
      active = previous;
    }
  }
  const chunkBytes = Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, Math.ceil(expectedBytes / 8) * 8));
  const regions = takeTail(options?.continues);
  // Without a tail, the first chunk right away: the full collection it may start then runs beside the
  // work that follows (V8 marks concurrently), instead of interrupting it later.
  if (regions.length === 0) {
    const chunk = newChunk(chunkBytes);
    regions.push(regionOf(chunk, 0, chunk.byteLength, false));
  }
  const arena: Arena = { chunkBytes, regions };
  active = arena;
  let result: T;
  let left: Leftover<ArrayBuffer>[] = [];
  try {
    result = work();
  } finally {
    active = previous;
    left = leftoversOf(arena);
    spare = { leftovers: left.map((free) => ({ ...free, chunk: new WeakRef(free.chunk) })), claim: { taken: false } };
  }
  const leaveWith = options?.leaveTailWith?.(result);
  if (leaveWith !== undefined) {
    // Kept for the arenas that continue from the result: unrelated arenas take fresh chunks.
    tails.set(leaveWith, { leftovers: left, claim: spare.claim });
    spare = null;
  }
  return result;
}

// Where the last reservation starts, in the chunk `reserve` returned (saves an object per array).
let reservedAt = 0;

/**
 * Reserves `bytes` (a multiple of 8), zero-filled, in the first region with room, and returns its
 * chunk; it starts at `reservedAt`. Kept arrays fill a region upward, temporaries downward, so the
 * temporaries end up side by side for the next arena.
 */
function reserve(arena: Arena, bytes: number, temporary: boolean): ArrayBuffer {
  totals.bytes += bytes;
  const { regions } = arena;
  let region: Region | undefined;
  for (let i = 0; i < regions.length && region === undefined; i++) if ((regions[i] as Region).high - (regions[i] as Region).low >= bytes) region = regions[i];
  if (region === undefined) {
    const size = Math.max(arena.chunkBytes, bytes);
    const chunk = newChunk(size, bytes);
    region = regionOf(chunk, 0, chunk.byteLength, false);
    regions.push(region);
  }
  if (temporary) {
    region.high -= bytes;
    reservedAt = region.high;
  } else {
    reservedAt = region.low;
    region.low += bytes;
  }
  if (region.written && bytes > 0) {
    new Uint8Array(region.chunk, reservedAt, bytes).fill(0);
    totals.reusedBytes += bytes;
  }
  return region.chunk;
}

function arenaFor(bytes: number): Arena | null {
  // Checking, small arrays come from the arena too: a test's few records then exercise it.
  return active !== null && (bytes >= MIN_ARENA_BYTES || poisonTemporaries || (writing && bytes > ON_HEAP_BYTES)) ? active : null;
}

/**
 * Runs one small write of a long-lived structure (the entity store's) in an arena kept with `key`
 * from one write to the next: every typed array the write's stages take from the allocators below,
 * down to those just too large for V8's own heap, and the arenas of the stages it calls, are carved
 * from that arena's chunk. So a write allocates no ArrayBuffer of its own (a new chunk only when the
 * kept arrays of earlier writes have used the last one up). Why: next to a large heap, V8 pays for
 * every ArrayBuffer allocated — each counts as external memory, whose growth drives incremental
 * marking of the whole heap in steps taken at the allocations — and a store write that re-derives a
 * few records' families made hundreds of small ones (at 300 k persons: ~130 ms of a single add).
 * The write's temporaries die when it ends, as in any arena. Nests (an inner call runs in the outer).
 *
 * @example
 * const key = {};
 * const changes = withWriteArena(key, 4 << 20, () => engine.mutate(plan));
 */
export function withWriteArena<T>(key: object, chunkBytes: number, work: () => T): T {
  if (writing) return work();
  writing = true;
  try {
    return withTypedArena(Math.max(chunkBytes, SMALL_WORK_BYTES), work, { continues: key, leaveTailWith: () => key });
  } finally {
    writing = false;
  }
}

/** How a structure allocates its arrays: `int32Array`, or `temporaryInt32Array` for working space. */
export type Int32Allocator = (length: number) => Int32Array;

// One body per array type; `temporary` says which end of a region it is taken from (see `reserve`).
function newInt32Array(length: number, temporary: boolean): Int32Array {
  const bytes = Math.ceil((length * 4) / 8) * 8;
  const arena = arenaFor(bytes);
  return arena === null ? new Int32Array(length) : new Int32Array(reserve(arena, bytes, temporary), reservedAt, length);
}

function newFloat64Array(length: number, temporary: boolean): Float64Array {
  const bytes = length * 8;
  const arena = arenaFor(bytes);
  return arena === null ? new Float64Array(length) : new Float64Array(reserve(arena, bytes, temporary), reservedAt, length);
}

function newUint8Array(length: number, temporary: boolean): Uint8Array {
  const bytes = Math.ceil(length / 8) * 8;
  const arena = arenaFor(bytes);
  return arena === null ? new Uint8Array(length) : new Uint8Array(reserve(arena, bytes, temporary), reservedAt, length);
}

/** A zero-filled Int32Array of `length`, from the active arena when there is one. */
export function int32Array(length: number): Int32Array {
  return newInt32Array(length, false);
}

/** A zero-filled Float64Array of `length`, from the active arena when there is one. */
export function float64Array(length: number): Float64Array {
  return newFloat64Array(length, false);
}

/** A zero-filled Uint8Array of `length`, from the active arena when there is one. */
export function uint8Array(length: number): Uint8Array {
  return newUint8Array(length, false);
}

/**
 * A zero-filled Int32Array that nothing reads once the active arena ends (its memory then goes to the
 * next arena, overwritten): working space of a stage, never part of what it returns or caches.
 */
export function temporaryInt32Array(length: number): Int32Array {
  return newInt32Array(length, true);
}

/** A zero-filled Float64Array that nothing reads once the active arena ends (see {@link temporaryInt32Array}). */
export function temporaryFloat64Array(length: number): Float64Array {
  return newFloat64Array(length, true);
}

/** A zero-filled Uint8Array that nothing reads once the active arena ends (see {@link temporaryInt32Array}). */
export function temporaryUint8Array(length: number): Uint8Array {
  return newUint8Array(length, true);
}
