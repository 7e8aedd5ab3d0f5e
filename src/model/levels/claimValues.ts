import type { LevelBatch } from '../level.js';

/**
 * Makes `batch.values` belong to `owner` (a level kind's constant). The first level of a kind in a
 * run of pending pairs marks every pending pair's value as not computed (NaN); the next levels of that
 * kind find the values as the first one left them, so a similarity is computed once per pair, not
 * once per level. Pending pairs only shrink, so values computed for an earlier level still cover
 * every pair a later one sees.
 *
 * @example
 * claimValues(batch, SIMILARITIES, count);
 * // then per pending pair p: `batch.values[p]`, NaN until computed
 */
export function claimValues(batch: LevelBatch, owner: object, count: number): void {
  if (batch.owner === owner) return;
  const { pending, values } = batch;
  for (let i = 0; i < count; i++) values[pending[i] as number] = NaN;
  batch.owner = owner;
}

/**
 * A level kind's working memory for the whole comparison (e.g. a cache of values by pair of value
 * ids), created by `create` on first use; `key` is the kind's constant.
 *
 * @example
 * const cache = memoOf(batch, SIMILARITIES, pairCache);
 */
export function memoOf<Memo>(batch: LevelBatch, key: object, create: (batch: LevelBatch) => Memo): Memo {
  let memo = batch.memos.get(key) as Memo | undefined;
  if (memo === undefined) {
    memo = create(batch);
    batch.memos.set(key, memo);
  }
  return memo;
}
