/**
 * The steward report, tested as a person would use it: Debian's chromium (installed by .ci/run)
 * driven by playwright-core opens the report of a 10k-person run from a file, every tab draws its
 * charts without a console error, a pair is searched and opened, two decisions are made and exported,
 * and the exported file names the records. A second report with 10,000 review pairs and 100,000
 * clusters must show its first screen. Screenshots go to out/test-report/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePersons, type PersonResolution } from '../../src/resolve.js';
import { buildReportData } from '../../src/report/buildReportData.js';
import type { ReportData } from '../../src/report/reportData.js';
import { renderReport, renderReportData } from '../../src/report/renderReport.js';
import { restoreRecordRefs } from '../../src/report/restoreRecordRefs.js';
import { dtsenPersonPolicy } from '../../src/merge/dtsenPersonPolicy.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { readDecisions } from '../../src/store/decisions.js';
import { generateSources } from '../../src/synth/sources.js';

const CHROMIUM = process.env['PADAN_CHROMIUM'] ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// In CI the browser must be there (.ci/run installs it): a missing browser fails, never skips.
if (!available && process.env['CI'] !== undefined) throw new Error(`chromium not found at ${CHROMIUM}: .ci/run installs it`);
const OUT = join(process.cwd(), 'out', 'test-report');

let browser: Browser;
let resolution: PersonResolution;
let reportPath: string;
let records: unknown[];

async function openReport(path: string): Promise<{ page: Page; errors: string[]; ms: number }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  const started = performance.now();
  await page.goto(`file://${path}`, { timeout: 120_000 });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
  return { page, errors, ms: performance.now() - started };
}

/** Marks drawn in the visible panel's charts (bars, lines, dots). */
async function marksIn(page: Page, tab: string): Promise<number> {
  return page.locator(`#tab-${tab} svg :is(rect, path, circle, line)`).count();
}

describe.skipIf(!available)('the steward report in a browser', () => {
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    records = [];
    for (const item of generateSources({ persons: 10_000, seed: 22 })) if (item.kind === 'person') records.push(item.record);
    resolution = resolvePersons(records);
    reportPath = join(OUT, 'report-10k.html');
    writeFileSync(reportPath, renderReport(resolution, { title: 'padan report — 10,000 synthetic persons' }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every tab without a console error', async () => {
    const { page, errors } = await openReport(reportPath);
    expect(await marksIn(page, 'overview')).toBeGreaterThan(20);
    await page.screenshot({ path: join(OUT, 'overview.png') });
    for (const tab of ['model', 'blocking', 'thresholds']) {
      await page.click(`nav button[data-tab="${tab}"]`);
      expect(await marksIn(page, tab), `${tab} draws its charts`).toBeGreaterThan(5);
      await page.screenshot({ path: join(OUT, `${tab}.png`), fullPage: true });
    }
    // The threshold slider tells how many pairs change decision.
    await page.locator('#threshold').fill(String(resolution.model.spec.decision.matchWeight + 5));
    expect(await page.locator('#threshold-readout').textContent()).toMatch(/pairs change decision/);

    await page.click('nav button[data-tab="clusters"]');
    await page.selectOption('#cluster-order', 'refused');
    await page.locator('button.open-cluster').first().click();
    expect(await page.locator('#cluster-detail svg circle').count()).toBeGreaterThanOrEqual(2);
    await (await page.$('#cluster-detail'))!.screenshot({ path: join(OUT, 'cluster.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('finds a pair, opens its waterfall, makes two decisions and exports them', async () => {
    const { page, errors } = await openReport(reportPath);
    await page.fill('#steward-name', 'ani (desa)');
    await page.click('nav button[data-tab="pairs"]');
    const uncertain = resolution.review.findIndex((item) => item.reason === 'uncertain');
    expect(uncertain).toBeGreaterThanOrEqual(0);
    const item = resolution.review[uncertain]!;
    const name = String((resolution.records[item.left] as { name: string }).name);
    await page.fill('#pair-search', name.toLowerCase());
    const rows = page.locator('#tab-pairs table.pairs tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text.toUpperCase()).toContain(name.toUpperCase());

    await rows.first().locator('button.open-pair').click();
    // A bar per comparison, the prior and the total.
    expect(await page.locator('#pair-detail .waterfall svg rect').count()).toBeGreaterThanOrEqual(resolution.model.spec.comparisons.length + 2);
    await (await page.$('#pair-detail'))!.screenshot({ path: join(OUT, 'pair.png') });
    await page.fill('#pair-detail input.why', 'same mother, same village');
    await page.click('#pair-detail button[data-action="confirm"]');

    await page.fill('#pair-search', '');
    await page.selectOption('#pair-reason', 'conflicting-identifiers');
    const refused = page.locator('#tab-pairs table.pairs tbody tr');
    const second = (await refused.count()) > 0 ? refused.first() : page.locator('#tab-pairs table.pairs tbody tr').first();
    if ((await refused.count()) === 0) await page.selectOption('#pair-reason', '');
    await second.locator('button.open-pair').click();
    await page.click('#pair-detail button[data-action="cannotLink"]');

    await page.click('nav button[data-tab="decisions"]');
    expect(await page.locator('nav button[data-tab="decisions"]').textContent()).toBe('Decisions (2)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-decisions')]);
    const path = join(OUT, 'decisions.ndjson');
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line['kind'])).toEqual(['confirm', 'cannotLink']);
    const first = lines[0] as { format: string; left: unknown; right: unknown; why: string; by: string };
    expect(first.format).toBe('padan/decision');
    expect(first.why).toBe('same mother, same village');
    expect(first.by).toBe('ani (desa)');
    const left = resolution.records[item.left] as { source: string; recordId: string };
    const right = resolution.records[item.right] as { source: string; recordId: string };
    expect([first.left, first.right]).toEqual([
      { source: left.source, recordId: left.recordId },
      { source: right.source, recordId: right.recordId },
    ]);
    expect(readFileSync(path, 'utf8')).not.toMatch(/(?<![\w.])\d{16}(?!\d)/);
    expect(errors).toEqual([]);
    await page.context().close();

    // The exported file goes back into an entity store holding the same records, and outranks the model.
    const store = createEntityStore({ model: resolution.model, policy: dtsenPersonPolicy });
    await store.add(records);
    const read = await readDecisions(readFileSync(path, 'utf8').split('\n'));
    expect(read.errors).toEqual([]);
    const decisions = restoreRecordRefs(read.decisions, await store.records());
    const { outcomes } = await store.decide(decisions);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
    expect(await store.entityOfRecord(left)).toBe(await store.entityOfRecord(right));
    const cut = decisions[1]!;
    if (cut.kind === 'unmerge') throw new Error('expected a pair decision');
    expect(await store.entityOfRecord(cut.left)).not.toBe(await store.entityOfRecord(cut.right));
    const key = (ref: { source: string; recordId: string }): string => `${ref.source}/${ref.recordId}`;
    const decided = new Set([`${key(left)}|${key(right)}`, `${key(cut.left)}|${key(cut.right)}`]);
    for (const item of await store.review())
      expect(decided.has(`${key(item.left)}|${key(item.right)}`) || decided.has(`${key(item.right)}|${key(item.left)}`)).toBe(false);
  });

  it('opens a report of 10,000 review pairs and 100,000 clusters at its first screen', async () => {
    const small = buildReportData(resolution);
    const data = scaledUp(small, 10_000, 100_000);
    const path = join(OUT, 'report-large.html');
    const html = renderReportData(data);
    writeFileSync(path, html);
    const { page, errors, ms } = await openReport(path);
    console.log(`large report: ${(html.length / 1024 / 1024).toFixed(1)} MiB, first screen in ${ms.toFixed(0)} ms`);
    for (const tab of ['pairs', 'clusters']) {
      await page.click(`nav button[data-tab="${tab}"]`);
      expect(await page.locator(`#tab-${tab} .pager`).textContent()).toMatch(tab === 'pairs' ? /10,000 items/ : /100,000 items/);
    }
    await page.fill('#cluster-search', 'zzz-no-such-name');
    expect(await page.locator('#tab-clusters .pager').textContent()).toMatch(/ 0 items/);
    expect(errors).toEqual([]);
    await page.context().close();
    // A time limit for a shared CI machine, not a speed assertion: the first-screen time is logged above
    // and measured in benchmarks/; under heavy load building and rendering 100,000 clusters takes minutes.
  }, 300_000);
});

/** The data of a small report with its pairs and clusters repeated up to the given counts. */
function scaledUp(data: ReportData, pairs: number, clusters: number): ReportData {
  const records = [...data.records];
  const refs = [...data.recordRefs];
  const copyRecord = (record: number, copy: number): number => {
    const row = [...(data.records[record] ?? [])];
    row[1] = `${row[1] ?? ''}-${copy}`;
    records.push(row);
    refs.push(`${data.recordRefs[record] ?? ''}-${copy}`);
    return records.length - 1;
  };
  const manyPairs = Array.from({ length: pairs }, (_, i) => {
    const pair = data.pairs[i % data.pairs.length]!;
    return i < data.pairs.length ? pair : { ...pair, left: copyRecord(pair.left, i), right: copyRecord(pair.right, i) };
  });
  const manyClusters = Array.from({ length: clusters }, (_, i) => {
    const cluster = data.clusters[i % data.clusters.length]!;
    if (i < data.clusters.length) return cluster;
    const map = new Map(cluster.records.map((r) => [r, copyRecord(r, i)]));
    return {
      id: `${cluster.id}-${i}`,
      records: cluster.records.map((r) => map.get(r)!),
      edges: cluster.edges.filter((e) => map.has(e.left) && map.has(e.right)).map((e) => ({ ...e, left: map.get(e.left)!, right: map.get(e.right)! })),
    };
  });
  return {
    ...data,
    records,
    recordRefs: refs,
    pairs: manyPairs,
    clusters: manyClusters,
    summary: { ...data.summary, reviewPairs: pairs, multiRecordClusters: clusters },
  };
}
