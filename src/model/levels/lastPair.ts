import type { PreparedColumn } from '../column.js';

/**
 * A one-entry memo of the last pair a level kind computed on. A comparison tries its levels in order
 * on the same pair — "similarity ≥ 0.94?", then "≥ 0.86?", then "≥ 0.72?" — so the expensive part
 * (a similarity, a NIK or date outcome) is computed once per pair instead of once per level.
 */
export interface LastPair<Value> {
  column: PreparedColumn | null;
  left: number;
  right: number;
  value: Value;
}

/** A fresh memo holding `initial` for no pair. */
export function lastPair<Value>(initial: Value): LastPair<Value> {
  return { column: null, left: -1, right: -1, value: initial };
}

/** Whether the memo holds this pair's value. */
export function holds<Value>(memo: LastPair<Value>, column: PreparedColumn, left: number, right: number): boolean {
  return memo.column === column && memo.left === left && memo.right === right;
}

/** Stores this pair's value and returns it. */
export function remember<Value>(memo: LastPair<Value>, column: PreparedColumn, left: number, right: number, value: Value): Value {
  memo.column = column;
  memo.left = left;
  memo.right = right;
  memo.value = value;
  return value;
}
