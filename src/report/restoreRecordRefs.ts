import { PadanError } from '../_internal/error.js';
import { reportRecordRef } from './buildReportData.js';
import type { ReportRecordKey } from './decisions.js';

type WithRefs = {
  readonly left?: ReportRecordKey;
  readonly right?: ReportRecordKey;
  readonly records?: readonly ReportRecordKey[];
  readonly rest?: readonly ReportRecordKey[];
};

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
  checkRestoreInput(decisions, records);
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
    if (!isKey(record)) throw new PadanError('invalid-argument', 'restoreRecordRefs: every record must have a string source and recordId');
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

const isKey = (key: unknown): boolean =>
  typeof key === 'object' && key !== null && typeof (key as ReportRecordKey).source === 'string' && typeof (key as ReportRecordKey).recordId === 'string';

/** Checks the decisions' record keys and the records before anything is restored. */
function checkRestoreInput(decisions: unknown, records: unknown): void {
  if (!Array.isArray(decisions)) throw new PadanError('invalid-argument', 'restoreRecordRefs: decisions must be an array');
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i] as Record<string, unknown> | null;
    const lists = typeof d === 'object' && d !== null ? [d.records, d.rest] : [];
    const valid =
      typeof d === 'object' &&
      d !== null &&
      (d.left === undefined || isKey(d.left)) &&
      (d.right === undefined || isKey(d.right)) &&
      lists.every((list) => list === undefined || (Array.isArray(list) && list.every(isKey)));
    if (!valid) throw new PadanError('invalid-argument', `restoreRecordRefs: decisions[${i}] must name records as { source, recordId } (strings)`);
  }
  if (typeof records !== 'object' || records === null || typeof (records as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new PadanError('invalid-argument', 'restoreRecordRefs: records must be an iterable of { source, recordId }');
  }
}
