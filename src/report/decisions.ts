/**
 * Decisions as the report page writes them: lines of the entity store's decision format
 * (docs/store.md, `padan/decision` version 1). Written here without the store's code because the page
 * runs in a browser; tests check that every line parses with the store's own reader.
 */

/** The decision kinds the page offers: the store's kinds. */
export type DecisionAction = 'confirm' | 'reject' | 'mustLink' | 'cannotLink' | 'unmerge';

/**
 * A record named by its source and ID. Where the ID itself looks like a NIK/KK (which the page must
 * not show), the page names it `#` + a hash of source and ID instead; `restoreRecordRefs` maps those
 * back to the record before the store applies the decisions.
 */
export interface ReportRecordKey {
  readonly source: string;
  readonly recordId: string;
}

/** Who decided, when and why. */
interface Meta {
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
  readonly why: string;
}

/** One decision made on the report page. */
export type ReportDecision =
  | (Meta & { readonly kind: 'confirm' | 'reject' | 'mustLink' | 'cannotLink'; readonly left: ReportRecordKey; readonly right: ReportRecordKey })
  | (Meta & { readonly kind: 'unmerge'; readonly entityId: string; readonly records: readonly ReportRecordKey[]; readonly rest?: readonly ReportRecordKey[] });

/**
 * One NDJSON line of the decision file the report exports. Pure: the report page runs it too.
 *
 * @example
 * decisionLine({ kind: 'confirm', left: { source: 'dtks', recordId: 'A' }, right: { source: 'p3ke', recordId: 'B' }, by: 'ani', at: '2026-12-07', why: 'same mother' })
 * // → '{"format":"padan/decision","version":1,"kind":"confirm","left":{…},"right":{…},"by":"ani","at":"2026-12-07","why":"same mother"}\n'
 */
export function decisionLine(decision: ReportDecision): string {
  return `${JSON.stringify({ format: 'padan/decision', version: 1, ...decision })}\n`;
}
