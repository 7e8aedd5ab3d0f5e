import { PadanError } from '../_internal/error.js';
import { parseDecision } from '../store/decisions.js';
import { decisionLine as pageDecisionLine, type ReportDecision } from './decisions.js';

/**
 * One NDJSON line of the decision file the report exports, for a decision built in code: checked as
 * the store will read it, so a bad value throws `PadanError('invalid-argument')` here rather than a
 * TypeError (a bigint) or a line the store refuses later. The page itself writes lines with the
 * unchecked `decisions.ts` version, which carries no store code into the browser.
 *
 * @example
 * decisionLine({ kind: 'confirm', left: { source: 'dtks', recordId: 'A' }, right: { source: 'p3ke', recordId: 'B' }, by: 'ani', at: '2026-12-07', why: 'same mother' })
 * // → '{"format":"padan/decision","version":1,"kind":"confirm","left":{…},"right":{…},"by":"ani","at":"2026-12-07","why":"same mother"}\n'
 */
export function decisionLine(decision: ReportDecision): string {
  const parsed = parseDecision(typeof decision === 'object' && decision !== null ? { format: 'padan/decision', version: 1, ...decision } : decision);
  if (!parsed.success)
    throw new PadanError('invalid-argument', `decisionLine: not a valid decision: ${parsed.issues.map((issue) => issue.message).join('; ')}`);
  return pageDecisionLine(decision);
}
