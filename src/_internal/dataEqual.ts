const TRACK_PAIRS_AFTER = 64;

/**
 * Deep equality of untrusted record data (values parsed from JSON/CSV, or handed in by a caller).
 *
 * Why not a general deep-equal: those call a value's own `valueOf`/`toString` when it has one, so a
 * record field `{ valueOf: 1 }` crashed validation and merging with a TypeError; they recurse, so deep
 * nesting overflows the stack; and they loop on cycles. This one reads only own enumerable
 * properties, never calls a method of the values, walks an explicit stack and treats a pair it is
 * already comparing as equal (which is what two isomorphic cyclic structures are).
 *
 * Equal means: the same primitive (`NaN` equals `NaN`), or two arrays of the same length with equal
 * items, or two `Date`s with the same time, or two other objects with the same prototype and the
 * same own enumerable keys with equal values.
 */
export function dataEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b;
  const left: object[] = [a];
  const right: object[] = [b];
  // Record values are small: pairs are remembered only past a few dozen objects, so the common case
  // allocates nothing and a cycle still ends.
  let visits = 0;
  let seen: Map<object, Set<object>> | undefined;
  while (left.length > 0) {
    const x = left.pop() as object;
    const y = right.pop() as object;
    if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
    if (++visits > TRACK_PAIRS_AFTER) {
      let pairs = (seen ??= new Map()).get(x);
      if (pairs?.has(y)) continue;
      if (pairs === undefined) seen.set(x, (pairs = new Set<object>()));
      pairs.add(y);
    }
    if (x instanceof Date) {
      if (!sameValue(Date.prototype.getTime.call(x), Date.prototype.getTime.call(y as Date))) return false;
      continue;
    }
    const keysX = Object.keys(x);
    const keysY = Object.keys(y);
    if (keysX.length !== keysY.length) return false;
    if (Array.isArray(x) && x.length !== (y as unknown[]).length) return false;
    for (const key of keysX) {
      if (!Object.prototype.hasOwnProperty.call(y, key)) return false;
      const valueX = (x as Record<string, unknown>)[key];
      const valueY = (y as Record<string, unknown>)[key];
      if (valueX === valueY) continue;
      if (typeof valueX !== 'object' || typeof valueY !== 'object' || valueX === null || valueY === null) {
        if (sameValue(valueX, valueY)) continue;
        return false;
      }
      left.push(valueX);
      right.push(valueY);
    }
  }
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}
