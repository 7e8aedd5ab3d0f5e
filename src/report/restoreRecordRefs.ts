import { reportRecordRef } from './buildReportData.js';
import type { ReportRecordKey } from './decisions.js';

type WithRefs = { readonly left?: ReportRecordKey; readonly right?: ReportRecordKey; readonly records?: readonly ReportRecordKey[]; readonly rest?: readonly ReportRecordKey[] };

/**
 * Gives back the real record keys of decisions exported from a report page: where a record's ID looks
 * like a NIK/KK, the page names it `#` + a hash of source and ID (it must not show the number), and
 * the store needs the ID itself. `records` are the records the report was made from (or the store's
 * `records()`); a `#` reference none of them matches is left as it is, and the store then holds the
 * decision until such a record arrives.
 *
 * @example
 * restoreRecordRefs([{ kind: 'cannotLink', left: { source: 'dtks', recordId: '#a1…' }, right, by, at, why }], await store.records())
 * // → [{ kind: 'cannotLink', left: { source: 'dtks', recordId: '3201…' }, … }]
 */
export function restoreRecordRefs<T extends WithRefs>(decisions: readonly T[], records: Iterable<{ readonly source: string; readonly recordId: string }>): T[] {
  const wanted = new Set<string>();
  const collect = (key: ReportRecordKey | undefined): void => {
    if (key !== undefined && key.recordId.startsWith('#')) wanted.add(`${key.source}\u0000${key.recordId}`);
  };
  for (const decision of decisions) {
    collect(decision.left);
    collect(decision.right);
    decision.records?.forEach(collect);
    decision.rest?.forEach(collect);
  }
  if (wanted.size === 0) return [...decisions];
  const found = new Map<string, string>();
  for (const record of records) {
    const ref = reportRecordRef(record.source, record.recordId);
    const key = `${record.source}\u0000${ref}`;
    if (ref !== record.recordId && wanted.has(key)) found.set(key, record.recordId);
  }
  const restore = (key: ReportRecordKey): ReportRecordKey => {
    const recordId = found.get(`${key.source}\u0000${key.recordId}`);
    return recordId === undefined ? key : { source: key.source, recordId };
  };
  return decisions.map((decision) => ({
    ...decision,
    ...(decision.left === undefined ? {} : { left: restore(decision.left) }),
    ...(decision.right === undefined ? {} : { right: restore(decision.right) }),
    ...(decision.records === undefined ? {} : { records: decision.records.map(restore) }),
    ...(decision.rest === undefined ? {} : { rest: decision.rest.map(restore) }),
  }));
}
