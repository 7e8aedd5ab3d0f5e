import { PadanError } from '../_internal/error.js';
import { redactIdentifiers } from '../_internal/redact.js';
import { CLIENT_SCRIPT } from './_clientScript.generated.js';
import { buildReportData, type BuildReportDataOptions, type ReportResolution } from './buildReportData.js';
import type { ReportData } from './reportData.js';

/** Options of {@link renderReport}. */
export type RenderReportOptions = BuildReportDataOptions;

const STYLE = `
:root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; }
body { margin: 0 auto; max-width: 1000px; padding: 16px 24px 64px; }
h1 { font-size: 1.5rem; margin: 8px 0 12px; }
header { display: flex; justify-content: space-between; align-items: baseline; gap: 16px; flex-wrap: wrap; }
.steward input { padding: 4px 6px; min-width: 220px; }
h2 { font-size: 1.15rem; margin: 20px 0 8px; }
h3 { font-size: 1rem; margin: 14px 0 6px; }
nav { display: flex; flex-wrap: wrap; gap: 4px; border-bottom: 2px solid #2166ac; margin-bottom: 12px; }
nav button { border: 1px solid #bbb; border-bottom: none; background: #f2f2f2; padding: 6px 12px; cursor: pointer; border-radius: 4px 4px 0 0; font-size: 0.95rem; }
nav button.active { background: #2166ac; color: #fff; border-color: #2166ac; }
table { border-collapse: collapse; margin: 8px 0; font-size: 0.88rem; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f6f6f6; }
.filters { display: flex; gap: 8px; margin: 8px 0; }
.filters input { flex: 1; padding: 5px 8px; }
.pager { margin: 6px 0; }
.detail { margin-top: 16px; border-top: 1px solid #ccc; }
.differs { color: #b2182b; font-weight: 600; }
.strip { display: inline-flex; gap: 1px; margin-left: 6px; font-family: ui-monospace, monospace; }
.strip .cell { width: 14px; text-align: center; border-radius: 2px; font-size: 0.8rem; }
.strip .region { background: #d1e5f0; } .strip .date { background: #fddbc7; } .strip .serial { background: #e0e0e0; }
.strip .cell.differs { background: #b2182b; color: #fff; }
.decide { margin: 12px 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.decide button { padding: 5px 10px; cursor: pointer; }
.decide button.chosen { outline: 3px solid #1b7837; }
.decide .why { min-width: 240px; padding: 4px 6px; }
textarea { width: 100%; font-family: ui-monospace, monospace; font-size: 0.8rem; }
.readout { margin: 8px 0; font-weight: 600; }
.warnings li { color: #b2182b; }
#threshold { width: 420px; vertical-align: middle; }
`;

/** JSON safe to place inside a <script> element: no `</script`, no `<!--`, no line separators. */
function scriptSafeJson(value: unknown): string {
  // Six significant digits are more than a chart or a steward can read, and halve the page's size.
  const compact = (_: string, v: unknown): unknown => (typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v) ? Number(v.toPrecision(6)) : v);
  return JSON.stringify(value, compact)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/**
 * Writes the page of a report from its data (see {@link buildReportData}): one self-contained HTML
 * file with every script and style inline, so it opens offline, from a file, on a closed network.
 *
 * @example
 * renderReportData(buildReportData(resolution)).startsWith('<!doctype html>') // → true
 */
export function renderReportData(data: ReportData): string {
  if (data === null || typeof data !== 'object' || data.format !== 'padan/report-data') {
    throw new PadanError('invalid-argument', 'renderReportData: expected the result of buildReportData');
  }
  // The client script is trusted code of ours, but a `</script` inside a string literal would still end the element.
  const script = CLIENT_SCRIPT.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'">
<title>${escapeHtml(redactIdentifiers(data.title))}</title>
<style>${STYLE}</style>
</head>
<body>
<div id="app"></div>
<script id="padan-data" type="application/json">${scriptSafeJson(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}

/**
 * Writes the steward report of a person resolution as one self-contained HTML page: the model's match
 * weights and m/u per level, the training report, blocking per rule with its largest blocks, the review
 * pairs (searchable; each opens a waterfall of its weights beside the two records, with how their NIK/KK
 * differ by part and position while both stay masked), clusters as graphs with the weakest link and
 * cannot-link refusals marked, the threshold chart with estimated precision and recall, and buttons whose
 * decisions export as a decision file for the entity store.
 *
 * @example
 * const html = renderReport(resolvePersons(records));
 * writeFileSync('report.html', html);
 */
export function renderReport(resolution: ReportResolution, options?: RenderReportOptions): string {
  return renderReportData(buildReportData(resolution, options));
}
