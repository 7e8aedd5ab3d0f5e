/**
 * How far a long loop has got: `done` of `total` units (records, pairs …). Stages call it every
 * {@link PROGRESS_INTERVAL} units or so and last with `done === total`; `done` never goes back. A
 * caller that passes none pays one `undefined` check per chunk of the loop.
 */
export type ProgressCallback = (done: number, total: number) => void;

/** Units between two progress calls inside a loop: often enough for a bar, rare enough to cost nothing. */
export const PROGRESS_INTERVAL = 1 << 16;

/** Records between two progress calls in a loop that spends microseconds per record (validation, merging). */
export const PROGRESS_RECORDS = 4096;
