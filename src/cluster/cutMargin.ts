import { createUnionFind, findRoot } from '../_internal/unionFind.js';
import type { ClusterInput, Clustering } from './clusterRecords.js';

/**
 * How far the link weights of a clustering can move before {@link clusterRecords} could cut it
 * otherwise: a margin `G` such that, for any new weights each within `G / 2` of the old (strictly)
 * that keep every link a link and every other pair below `matchWeight`, `clusterRecords` returns the
 * same clusters, the same refused links and the same blocked links.
 *
 * Why only some gaps matter. Links between two final clusters were all refused or blocked (call them
 * cut links); links inside a final cluster (accepted, or skipped because their ends were joined
 * already) can never be refused in any order, since every state of the walk is then a refinement of
 * the final clusters, and those hold no conflict. So the order of two links inside clusters, or of
 * two cut links, changes nothing; a cut link `r` stays cut as long as the links inside clusters that
 * it needs to see its two sides conflict stay ahead of it. For each `r`, `need(r)` is the weight of
 * the lightest of those (the sweep below joins the inside links strongest first and notes when
 * `r`'s sides first conflict), and the margin is the smallest `need(r) − weight(r)`.
 *
 * A cut link may rest on inside links of its own weight that the walk takes first (by record
 * position): that holds for good where `fixedTie(u, r)` says the two weights are equal whatever the
 * frequencies (the same levels and values); then `r` needs only the heavier links that joined sets.
 *
 * Returns `Infinity` when no link is cut (any order gives the connected components), and 0 when a
 * cut rests on a tie that can part, or when the component has both a steward's cannot-link decision
 * and a refused link (a refusal could turn into a block): no bound.
 *
 * @example
 * // 0–1 strong, 1–2 weak: 0 and 2 hold two trusted values, so 1–2 is cut; it stays cut while 0–1 stays ahead.
 * const input = { recordCount: 3, left: Int32Array.of(0, 1), right: Int32Array.of(1, 2),
 *   weights: Float64Array.of(20, 15), matchWeight: 5, distinct: [Int32Array.of(7, -1, 8)] };
 * cutMargin(input, clusterRecords(input)) // 5
 */
export function cutMargin(input: ClusterInput, clustering: Clustering, fixedTie?: (a: number, b: number) => boolean): number {
  const { recordCount, left, right, weights, matchWeight, distinct } = input;
  const { clusterOf } = clustering;
  const inside: number[] = [];
  const cut: number[] = [];
  for (let p = 0; p < weights.length; p++) {
    if ((weights[p] as number) < matchWeight) continue;
    if (clusterOf[left[p] as number] === clusterOf[right[p] as number]) inside.push(p);
    else cut.push(p);
  }
  if (cut.length === 0) return Number.POSITIVE_INFINITY;
  const cannotLink = input.cannotLink;
  const decisions = cannotLink?.left.length ?? 0;
  if (decisions > 0 && clustering.refusedLinks.length > 0) return 0;
  const blocked = new Set(clustering.blockedLinks);
  inside.sort((a, b) => (weights[b] as number) - (weights[a] as number));

  const forest = createUnionFind(recordCount);
  const trusted = distinct.map((values) => Int32Array.from(values.subarray(0, recordCount)));
  const find = (record: number): number => findRoot(forest, record);
  const union = (a: number, b: number): boolean => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA === rootB) return false;
    forest.parent[rootB] = rootA;
    for (const values of trusted) if ((values[rootA] as number) < 0) values[rootA] = values[rootB] as number;
    return true;
  };
  /** Whether one of these pairs has an end in each of two sets. */
  const spans = (pairs: { readonly left: Int32Array; readonly right: Int32Array } | undefined, rootA: number, rootB: number): boolean => {
    if (pairs === undefined) return false;
    for (let i = 0; i < pairs.left.length; i++) {
      const x = find(pairs.left[i] as number);
      const y = find(pairs.right[i] as number);
      if ((x === rootA && y === rootB) || (x === rootB && y === rootA)) return true;
    }
    return false;
  };
  /** Whether the current sets of a cut link's ends would stop it as it was stopped (blocked by a decision, or refused). */
  const conflicts = (p: number): boolean => {
    const rootA = find(left[p] as number);
    const rootB = find(right[p] as number);
    if (blocked.has(p)) return spans(cannotLink, rootA, rootB);
    for (const values of trusted) {
      const a = values[rootA] as number;
      const b = values[rootB] as number;
      if (a >= 0 && b >= 0 && a !== b) return true;
    }
    return spans(input.separate, rootA, rootB);
  };

  const mustLink = input.mustLink;
  if (mustLink !== undefined) for (let m = 0; m < mustLink.left.length; m++) union(mustLink.left[m] as number, mustLink.right[m] as number);
  /** Whether inside link `u` comes before cut link `r` in the walk's order (equal weights: by record position). */
  const ahead = (u: number, r: number): boolean =>
    (left[u] as number) < (left[r] as number) || (left[u] === left[r] && (right[u] as number) < (right[r] as number));
  /** Whether the links of `level` that stay tied with `r` and ahead of it, with the sets so far, stop `r` (the sets are put back). */
  const stoppedByTies = (r: number, from: number, to: number): boolean => {
    if (fixedTie === undefined) return false;
    const parents = forest.parent.slice();
    const values = trusted.map((v) => v.slice());
    for (let k = from; k < to; k++) {
      const u = inside[k] as number;
      if (ahead(u, r) && fixedTie(u, r)) union(left[u] as number, right[u] as number);
    }
    const stopped = conflicts(r);
    forest.parent.set(parents);
    values.forEach((v, c) => (trusted[c] as Int32Array).set(v));
    return stopped;
  };

  let margin = Number.POSITIVE_INFINITY;
  // The lightest weight at which an inside link joined two sets so far: the cut links stopped now need links that heavy.
  let lightestJoin = Number.POSITIVE_INFINITY;
  let pending = cut.filter((p) => !conflicts(p));
  for (let i = 0; pending.length > 0;) {
    const level = i < inside.length ? (weights[inside[i] as number] as number) : Number.NEGATIVE_INFINITY;
    let end = i;
    while (end < inside.length && weights[inside[end] as number] === level) end++;
    // A cut link of this weight not stopped by the heavier links rests on a tie: it holds only if the
    // links of its weight that stop it stay ahead of it, their weights equal to its own at any frequencies.
    const still: number[] = [];
    for (const p of pending) {
      const weight = weights[p] as number;
      if (weight < level) still.push(p);
      else if (weight === level && stoppedByTies(p, i, end)) margin = Math.min(margin, lightestJoin - weight);
      else return 0;
    }
    pending = still;
    if (pending.length === 0 || end === i) break;
    // Every inside link of one weight at once: which of them the walk takes first is a tie order.
    let joined = false;
    for (; i < end; i++) if (union(left[inside[i] as number] as number, right[inside[i] as number] as number)) joined = true;
    if (!joined) continue;
    lightestJoin = level;
    pending = pending.filter((p) => {
      if (!conflicts(p)) return true;
      margin = Math.min(margin, level - (weights[p] as number));
      return false;
    });
  }
  // A cut link the links above it do not explain (cannot happen for a clustering of this input): no bound.
  return pending.length > 0 ? 0 : margin;
}
