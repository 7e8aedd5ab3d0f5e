import { orderBySourceAndId } from '../_internal/orderBySourceAndId.js';
import { StringInterner } from '../_internal/stringInterner.js';
import { int32Array } from '../_internal/typedArena.js';

/**
 * Positions of records in canonical (source, recordId) order: ascending by the text `source NUL
 * recordId NUL position` (UTF-16 code units; the zero-padded position breaks ties in input order).
 * Bucketed by source and sorted by recordId (see orderBySourceAndId), which is that order whenever no
 * source or recordId holds a NUL; when one does, the texts are built and sorted as defined.
 */
export function canonicalOrder(records: readonly { readonly source: string; readonly recordId: string }[]): Int32Array {
  const n = records.length;
  const ids = new Array<string>(n);
  const sourceRank = int32Array(n);
  const sources = new StringInterner(16);
  let nul = false;
  for (let i = 0; i < n; i++) {
    const record = records[i] as { readonly source: string; readonly recordId: string };
    ids[i] = record.recordId;
    const before = sources.size;
    sourceRank[i] = sources.intern(record.source);
    if ((sources.size > before && record.source.includes('\u0000')) || record.recordId.includes('\u0000')) nul = true;
  }
  return nul ? orderBySuffixedKeys(records) : orderBySourceAndId(sourceRank, sources.values, ids, byPosition);
}

function byPosition(a: number, b: number): number {
  return a - b;
}

/** The same order by sorting `source NUL recordId NUL position` texts; exact for any text. */
function orderBySuffixedKeys(records: readonly { readonly source: string; readonly recordId: string }[]): Int32Array {
  const keys = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as { readonly source: string; readonly recordId: string };
    keys[i] = `${record.source}\u0000${record.recordId}\u0000${String(i).padStart(10, '0')}`;
  }
  keys.sort();
  const order = int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    order[k] = Number(key.slice(key.length - 10));
  }
  return order;
}
