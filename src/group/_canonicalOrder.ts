/**
 * Positions of records in canonical (source, recordId) order: ascending by `source + NUL + recordId`
 * as `<` compares (UTF-16 code units), ties in input order. One key string per record and a sort of
 * positions: no padded position text to build per record and parse back.
 */
export function canonicalOrder(records: readonly { readonly source: string; readonly recordId: string }[]): number[] {
  const n = records.length;
  const keys = new Array<string>(n);
  const order = new Array<number>(n);
  let plain = true;
  for (let i = 0; i < n; i++) {
    const record = records[i] as { readonly source: string; readonly recordId: string };
    const key = `${record.source}\u0000${record.recordId}`;
    // A NUL inside a source or ID would make one key a prefix of another in a way the position-suffixed
    // keys below order differently: such input keeps the old way.
    if (key.indexOf('\u0000') !== record.source.length || key.indexOf('\u0000', record.source.length + 1) >= 0) plain = false;
    keys[i] = key;
    order[i] = i;
  }
  if (!plain) return orderBySuffixedKeys(records);
  order.sort((a, b) => {
    const x = keys[a] as string;
    const y = keys[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  return order;
}

/** The same order by sorting `source NUL recordId NUL position` texts; exact for any text. */
function orderBySuffixedKeys(records: readonly { readonly source: string; readonly recordId: string }[]): number[] {
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
