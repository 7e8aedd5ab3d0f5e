import { int32Array } from './typedArena.js';

/** Union–find over dense int ids; the smaller root always wins, so the result does not depend on union order. */
export interface UnionFind {
  readonly parent: Int32Array;
}

/** A forest of `size` singletons. */
export function createUnionFind(size: number): UnionFind {
  const parent = int32Array(size);
  for (let i = 0; i < size; i++) parent[i] = i;
  return { parent };
}

/** The root of `x`, halving the path on the way. */
export function findRoot(forest: UnionFind, x: number): number {
  const parent = forest.parent;
  let node = x;
  while (parent[node] !== node) {
    const grand = parent[parent[node] as number] as number;
    parent[node] = grand;
    node = grand;
  }
  return node;
}

/** Joins the sets of `a` and `b`; returns false when they were already one. */
export function unite(forest: UnionFind, a: number, b: number): boolean {
  const ra = findRoot(forest, a);
  const rb = findRoot(forest, b);
  if (ra === rb) return false;
  // Smallest id as root: the roots (and so every label derived from them) are order-independent.
  if (ra < rb) forest.parent[rb] = ra;
  else forest.parent[ra] = rb;
  return true;
}
