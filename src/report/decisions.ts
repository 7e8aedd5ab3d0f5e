/** A steward's decision as the report page records it. */
export type DecisionAction = 'confirm' | 'reject' | 'must-link' | 'cannot-link' | 'unmerge';

/** A record named by its source and its ID (or, where the ID looks like a NIK/KK, `#` + a hash of both). */
export interface ReportRecordKey {
  readonly source: string;
  readonly recordId: string;
}

/** One decision made on the report page. */
export interface ReportDecision {
  readonly action: DecisionAction;
  readonly records: readonly ReportRecordKey[];
  readonly by: string;
  /** ISO timestamp. */
  readonly at: string;
  readonly why?: string;
  /** For `unmerge`: the person the records are split off. */
  readonly entityId?: string;
}

/**
 * One NDJSON line of the decision file the report exports. Pure (the report page runs it too).
 *
 * @example
 * decisionLine({ action: 'confirm', records: [{ source: 'dtks', recordId: 'A' }, { source: 'p3ke', recordId: 'B' }], by: 'ani', at: '2026-12-07T00:00:00.000Z' })
 * // → '{"kind":"padan/decision","version":1,"action":"confirm",…}\n'
 */
export function decisionLine(decision: ReportDecision): string {
  return `${JSON.stringify({ kind: 'padan/decision', version: 1, ...decision })}\n`;
}
