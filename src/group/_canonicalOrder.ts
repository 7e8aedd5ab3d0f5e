/**
 * Positions of records in canonical (source, recordId) order. Sorting the keys themselves with the
 * built-in comparison (UTF-16 code units, as `<` compares) avoids a JS comparator call per step; the
 * position rides along after a separator that sorts below any text, so ties stay in input order.
 */
export function canonicalOrder(records: readonly { readonly source: string; readonly recordId: string }[]): number[] {
  const keys = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as { readonly source: string; readonly recordId: string };
    keys[i] = `${record.source}\u0000${record.recordId}\u0000${String(i).padStart(10, '0')}`;
  }
  keys.sort();
  const order = new Array<number>(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    order[k] = Number(key.slice(key.length - 10));
  }
  return order;
}
