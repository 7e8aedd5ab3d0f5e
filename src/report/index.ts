/**
 * `padan/report`: the steward report as one self-contained HTML page. Its own entry point, because the
 * page's script (charts included) is a few hundred kilobytes that the main entry should not carry.
 */
export { renderReport, renderReportData, type RenderReportOptions } from './renderReport.js';
export { buildReportData, reportRecordRef, type BuildReportDataOptions, type ReportResolution } from './buildReportData.js';
export type { ReportData, ReportCluster, ReportEdge, ReportIdentifierDifference, ReportLevel, ReportPair, ReportWeightBin } from './reportData.js';
export { type DecisionAction, type ReportDecision, type ReportRecordKey } from './decisions.js';
export { decisionLine } from './decisionLineChecked.js';
export {
  describeIdentifierDifference,
  type DescribeIdentifierDifferenceOptions,
  type IdentifierDifference,
  type IdentifierPart,
} from './describeIdentifierDifference.js';
export { restoreRecordRefs } from './restoreRecordRefs.js';
