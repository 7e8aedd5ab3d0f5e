/**
 * The report page's script: reads the embedded report data and draws the tabs. Bundled with
 * Observable Plot into one inline script (scripts/buildReportClient.ts); runs offline, from file://.
 * Lists are paginated and tabs drawn when first opened, so a report with 10,000 review pairs and
 * 100,000 clusters opens as fast as a small one.
 */
import * as Plot from '@observablehq/plot';
import type { ReportData, ReportPair, ReportCluster, ReportEdge } from '../reportData.js';
import { decisionLine, type DecisionAction, type ReportDecision, type ReportRecordKey } from '../decisions.js';

const PAGE_SIZE = 50;

const data = JSON.parse((document.getElementById('padan-data') as HTMLScriptElement).textContent ?? '{}') as ReportData;
const decisions: ReportDecision[] = [];

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function bits(weight: number): string {
  return `${weight >= 0 ? '+' : ''}${weight.toFixed(2)}`;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function table(headers: readonly string[], rows: readonly (readonly (Node | string | number)[])[], className = ''): HTMLTableElement {
  return element(
    'table',
    { class: className },
    element('thead', {}, element('tr', {}, ...headers.map((h) => element('th', {}, h)))),
    element('tbody', {}, ...rows.map((row) => element('tr', {}, ...row.map((cell) => element('td', {}, typeof cell === 'number' ? String(cell) : cell))))),
  );
}

function nameOf(record: number): string {
  const row = data.records[record] ?? [];
  const nameColumn = data.fields.indexOf('name');
  return (nameColumn >= 0 ? row[nameColumn] : null) ?? `${row[0] ?? ''}/${row[1] ?? ''}`;
}

// ——— tabs ———

const tabs: { id: string; title: string; draw: (panel: HTMLElement) => void }[] = [
  { id: 'overview', title: 'Overview', draw: drawOverview },
  { id: 'model', title: 'Model', draw: drawModel },
  { id: 'blocking', title: 'Blocking', draw: drawBlocking },
  { id: 'pairs', title: `Review pairs (${count(data.pairs.length)})`, draw: drawPairs },
  { id: 'clusters', title: `Clusters (${count(data.clusters.length)})`, draw: drawClusters },
  { id: 'thresholds', title: 'Thresholds', draw: drawThresholds },
  { id: 'decisions', title: 'Decisions (0)', draw: drawDecisions },
];
const drawn = new Set<string>();
const panels = new Map<string, HTMLElement>();
const tabButtons = new Map<string, HTMLButtonElement>();

function showTab(id: string): void {
  for (const [tabId, panel] of panels) panel.hidden = tabId !== id;
  for (const [tabId, button] of tabButtons) button.classList.toggle('active', tabId === id);
  const panel = panels.get(id);
  const tab = tabs.find((t) => t.id === id);
  if (panel !== undefined && tab !== undefined && !drawn.has(id)) {
    drawn.add(id);
    tab.draw(panel);
  }
}

function start(): void {
  const root = document.getElementById('app') as HTMLElement;
  const name = element('input', { type: 'text', id: 'steward-name', placeholder: 'your name (signs your decisions)' });
  name.addEventListener('input', () => {
    steward.name = name.value.trim();
  });
  root.append(element('header', {}, element('h1', {}, data.title), element('label', { class: 'steward' }, 'Steward: ', name)));
  const nav = element('nav', { role: 'tablist' });
  for (const tab of tabs) {
    const button = element('button', { type: 'button', role: 'tab', 'data-tab': tab.id }, tab.title);
    button.addEventListener('click', () => showTab(tab.id));
    tabButtons.set(tab.id, button);
    nav.append(button);
    const panel = element('section', { id: `tab-${tab.id}`, role: 'tabpanel' });
    panel.hidden = true;
    panels.set(tab.id, panel);
  }
  root.append(nav, ...panels.values());
  showTab('overview');
  document.body.dataset['ready'] = 'true';
}

// ——— overview ———

function drawOverview(panel: HTMLElement): void {
  const s = data.summary;
  panel.append(
    element(
      'p',
      { class: 'lead' },
      `Model “${data.model.name}” (fingerprint ${data.model.fingerprint}). A pair is a match at ${bits(data.model.matchWeight)} bits and goes to review from ${bits(data.model.reviewWeight)} bits.`,
    ),
    table(
      ['records in', 'resolved', 'refused', 'persons', 'of 2+ records', 'candidate pairs', 'matched pairs', 'review pairs', 'reduction ratio'],
      [
        [
          count(s.recordsIn),
          count(s.records),
          count(s.rejected),
          count(s.clusters),
          count(s.multiRecordClusters),
          count(s.candidatePairs),
          count(s.matchedPairs),
          count(s.reviewPairs),
          data.blocking.reductionRatio.toFixed(6),
        ],
      ],
      'summary',
    ),
    element('h2', {}, 'Match weight of each comparison level'),
    weightChart(),
  );
}

function levelRows(): { comparison: string; label: string; weight: number; m: number; u: number }[] {
  const rows: { comparison: string; label: string; weight: number; m: number; u: number }[] = [];
  for (const comparison of data.model.comparisons) {
    comparison.levels.forEach((level, l) => {
      if (l === 0) return; // the null level: no evidence, weight 0
      rows.push({ comparison: comparison.name, label: `${l}. ${level.label}`, weight: level.weight, m: level.mProbability, u: level.uProbability });
    });
  }
  return rows;
}

function weightChart(): Element {
  const rows = levelRows();
  return Plot.plot({
    marginLeft: 330,
    width: 900,
    height: rows.length * 18 + 60,
    x: { label: 'match weight (bits) →', grid: true },
    y: { label: null, domain: rows.map((r) => `${r.comparison} · ${r.label}`) },
    color: { type: 'diverging', scheme: 'RdBu', domain: [-10, 10] },
    marks: [Plot.barX(rows, { y: (r) => `${r.comparison} · ${r.label}`, x: 'weight', fill: 'weight', tip: true }), Plot.ruleX([0])],
  }) as Element;
}

// ——— model ———

function drawModel(panel: HTMLElement): void {
  panel.append(element('h2', {}, 'Match weights (bits)'), weightChart());
  const rows = levelRows();
  const long = rows.flatMap((r) => [
    { key: `${r.comparison} · ${r.label}`, probability: 'm (among matches)', value: r.m },
    { key: `${r.comparison} · ${r.label}`, probability: 'u (among non-matches)', value: r.u },
  ]);
  panel.append(
    element('h2', {}, 'm and u probabilities'),
    Plot.plot({
      marginLeft: 330,
      width: 900,
      height: rows.length * 30 + 60,
      x: { label: 'probability →', domain: [0, 1], grid: true },
      y: { label: null, domain: rows.map((r) => `${r.comparison} · ${r.label}`) },
      fy: { axis: null },
      color: { legend: true, domain: ['m (among matches)', 'u (among non-matches)'], range: ['#1b7837', '#b2182b'] },
      marks: [Plot.barX(long, { y: 'key', x: 'value', fill: 'probability', tip: true, dy: 0, insetTop: 2, insetBottom: 2, fillOpacity: 0.7 })],
    }) as Element,
    element('h2', {}, 'Training'),
  );
  const training = data.training;
  if (training === null) {
    panel.append(element('p', {}, 'The model was given trained; it was not trained on this input.'));
    return;
  }
  const warnings = Array.isArray(training['warnings']) ? (training['warnings'] as unknown[]) : [];
  const scalar = Object.entries(training).filter(([, value]) => typeof value !== 'object' || value === null);
  panel.append(
    table(
      ['item', 'value'],
      scalar.map(([key, value]) => [key, typeof value === 'number' ? String(Number(value.toPrecision(6))) : String(value)]),
      'training',
    ),
  );
  if (warnings.length > 0) {
    panel.append(
      element('h3', {}, 'Warnings'),
      element('ul', { class: 'warnings' }, ...warnings.map((w) => element('li', {}, typeof w === 'string' ? w : JSON.stringify(w)))),
    );
  }
}

// ——— blocking ———

function drawBlocking(panel: HTMLElement): void {
  const rules = data.blocking.rules;
  panel.append(
    element(
      'p',
      {},
      `${count(data.blocking.candidatePairs)} candidate pairs; reduction ratio ${data.blocking.reductionRatio.toFixed(6)} (the share of all possible pairs never compared).`,
    ),
    Plot.plot({
      marginLeft: 260,
      width: 900,
      height: rules.length * 26 + 60,
      x: { label: 'pairs →', grid: true },
      y: { label: null },
      color: { legend: true, domain: ['added by this rule', 'also produced by an earlier rule'], range: ['#2166ac', '#92c5de'] },
      marks: [
        Plot.barX(
          rules.flatMap((r) => [
            { rule: r.rule, kind: 'added by this rule', pairs: Number(r['pairsAdded'] ?? 0) },
            { rule: r.rule, kind: 'also produced by an earlier rule', pairs: Number(r['pairsGenerated'] ?? 0) - Number(r['pairsAdded'] ?? 0) },
          ]),
          { y: 'rule', x: 'pairs', fill: 'kind', tip: true },
        ),
      ],
    }) as Element,
    table(
      ['rule', 'records keyed', 'blocks', 'largest block', 'windowed blocks', 'pairs generated', 'pairs added'],
      rules.map((r) => [
        r.rule,
        count(Number(r['recordsKeyed'] ?? 0)),
        count(Number(r['blocks'] ?? 0)),
        count(Number(r['largestBlock'] ?? 0)),
        count(Number(r['windowedBlocks'] ?? 0)),
        count(Number(r['pairsGenerated'] ?? 0)),
        count(Number(r['pairsAdded'] ?? 0)),
      ]),
    ),
    element('h2', {}, 'Largest blocks'),
  );
  for (const rule of rules) {
    panel.append(
      element('h3', {}, rule.rule),
      table(
        ['key', 'records'],
        rule.largestBlocks.map((b) => [b.key, count(b.size)]),
        'blocks',
      ),
    );
  }
}

// ——— pairs ———

function recordTable(left: number, right: number): HTMLTableElement {
  const a = data.records[left] ?? [];
  const b = data.records[right] ?? [];
  return table(
    ['field', 'left record', 'right record'],
    data.fields.map((field, f) => {
      const x = a[f] ?? '—';
      const y = b[f] ?? '—';
      const row: (string | Node)[] = [field, x, y];
      if (x !== y) row[0] = element('span', { class: 'differs' }, field);
      return row;
    }),
    'records',
  );
}

function identifierStrip(pair: ReportPair): Node {
  const box = element('div', { class: 'identifiers' });
  for (const difference of pair.identifiers) {
    const strip = element('span', { class: 'strip', 'aria-label': `${difference.comparison} difference` });
    for (let position = 1; position <= 16; position++) {
      const part = position <= 6 ? 'region' : position <= 12 ? 'date' : 'serial';
      const differs = difference.positions.includes(position);
      strip.append(element('span', { class: `cell ${part}${differs ? ' differs' : ''}`, title: `position ${position} (${part})` }, differs ? '≠' : '·'));
    }
    box.append(
      element('div', {}, element('strong', {}, `${difference.comparison}: `), difference.summary, ' ', difference.outcome === 'different' ? strip : ''),
    );
  }
  return box;
}

function waterfall(pair: ReportPair): Element {
  const steps: { step: string; from: number; to: number; weight: number }[] = [];
  let total = data.model.priorWeight;
  steps.push({ step: 'prior', from: 0, to: total, weight: total });
  data.model.comparisons.forEach((comparison, c) => {
    const level = pair.levels[c] ?? 0;
    const weight = (comparison.levels[level]?.weight ?? 0) + (pair.termFrequencyAdjustments[c] ?? 0);
    const label = `${comparison.name}: ${comparison.levels[level]?.label ?? ''}`;
    steps.push({ step: label, from: total, to: total + weight, weight });
    total += weight;
  });
  steps.push({ step: 'final match weight', from: 0, to: total, weight: total });
  return Plot.plot({
    marginBottom: 150,
    width: 900,
    height: 420,
    x: { label: null, domain: steps.map((s) => s.step), tickRotate: -35 },
    y: { label: '↑ cumulative match weight (bits)', grid: true },
    color: { type: 'diverging', scheme: 'RdBu', domain: [-10, 10] },
    marks: [
      Plot.barY(steps, { x: 'step', y1: 'from', y2: 'to', fill: 'weight', tip: true }),
      Plot.ruleY([0]),
      Plot.ruleY([data.model.matchWeight], { stroke: '#1b7837', strokeDasharray: '4 3' }),
      Plot.text(steps, { x: 'step', y: 'to', text: (s: { weight: number }) => bits(s.weight), dy: -8, fontSize: 10 }),
    ],
  }) as Element;
}

function decisionButtons(left: number, right: number): HTMLElement {
  const box = element('div', { class: 'decide' });
  const why = element('input', { type: 'text', placeholder: 'why (optional)', class: 'why' });
  const actions: [DecisionAction, string][] = [
    ['confirm', 'Confirm match'],
    ['reject', 'Reject match'],
    ['mustLink', 'Must link'],
    ['cannotLink', 'Cannot link'],
  ];
  box.append(why);
  for (const [action, text] of actions) {
    const button = element('button', { type: 'button', 'data-action': action }, text);
    button.addEventListener('click', () => {
      recordPairDecision(action as 'confirm' | 'reject' | 'mustLink' | 'cannotLink', left, right, why.value);
      box.querySelectorAll('button').forEach((b) => b.classList.toggle('chosen', b === button));
    });
    box.append(button);
  }
  return box;
}

function drawPairs(panel: HTMLElement): void {
  const search = element('input', { type: 'search', placeholder: 'search names, sources, record IDs…', id: 'pair-search' });
  const reason = element(
    'select',
    { id: 'pair-reason' },
    element('option', { value: '' }, 'all reasons'),
    element('option', { value: 'uncertain' }, 'uncertain'),
    element('option', { value: 'conflicting-identifiers' }, 'conflicting identifiers'),
  );
  const list = element('div', { class: 'list' });
  const detail = element('div', { class: 'detail', id: 'pair-detail' });
  panel.append(element('div', { class: 'filters' }, search, reason), list, detail);
  const texts = data.pairs.map((pair) => [...(data.records[pair.left] ?? []), ...(data.records[pair.right] ?? [])].join(' ').toLowerCase());
  let page = 0;
  const render = (): void => {
    const query = search.value.trim().toLowerCase();
    const matching: number[] = [];
    data.pairs.forEach((pair, i) => {
      if (reason.value !== '' && pair.reason !== reason.value) return;
      if (query !== '' && !(texts[i] as string).includes(query)) return;
      matching.push(i);
    });
    list.replaceChildren(
      pager(matching.length, page, (p) => {
        page = p;
        render();
      }),
      table(
        ['#', 'weight (bits)', 'probability', 'left', 'right', 'reason', ''],
        matching.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((i) => {
          const pair = data.pairs[i] as ReportPair;
          const open = element('button', { type: 'button', class: 'open-pair', 'data-pair': String(i) }, 'open');
          open.addEventListener('click', () => openPair(detail, i));
          return [String(i + 1), bits(pair.matchWeight), percent(pair.matchProbability), nameOf(pair.left), nameOf(pair.right), pair.reason, open];
        }),
        'pairs',
      ),
    );
  };
  search.addEventListener('input', () => {
    page = 0;
    render();
  });
  reason.addEventListener('change', () => {
    page = 0;
    render();
  });
  render();
}

function openPair(detail: HTMLElement, index: number): void {
  const pair = data.pairs[index] as ReportPair;
  detail.replaceChildren(
    element('h2', {}, `Pair ${index + 1}: ${bits(pair.matchWeight)} bits (${percent(pair.matchProbability)})`),
    element('div', { class: 'waterfall' }, waterfall(pair)),
    identifierStrip(pair),
    recordTable(pair.left, pair.right),
    decisionButtons(pair.left, pair.right),
  );
  detail.scrollIntoView({ block: 'start' });
}

function pager(total: number, page: number, go: (page: number) => void): HTMLElement {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const previous = element('button', { type: 'button', class: 'previous' }, '‹ previous');
  const next = element('button', { type: 'button', class: 'next' }, 'next ›');
  previous.disabled = page === 0;
  next.disabled = page >= pages - 1;
  previous.addEventListener('click', () => go(page - 1));
  next.addEventListener('click', () => go(page + 1));
  return element('div', { class: 'pager' }, previous, ` page ${page + 1} of ${pages} · ${count(total)} items `, next);
}

// ——— clusters ———

function weakestLink(cluster: ReportCluster): ReportEdge | null {
  let weakest: ReportEdge | null = null;
  for (const edge of cluster.edges) if (edge.kind === 'link' && (weakest === null || edge.matchWeight < weakest.matchWeight)) weakest = edge;
  return weakest;
}

function drawClusters(panel: HTMLElement): void {
  const search = element('input', { type: 'search', placeholder: 'search names, record IDs, person IDs…', id: 'cluster-search' });
  const order = element(
    'select',
    { id: 'cluster-order' },
    element('option', { value: 'weakest' }, 'weakest link first'),
    element('option', { value: 'size' }, 'largest first'),
    element('option', { value: 'refused' }, 'with cannot-link refusals first'),
  );
  const list = element('div', { class: 'list' });
  const detail = element('div', { class: 'detail', id: 'cluster-detail' });
  panel.append(element('div', { class: 'filters' }, search, order), list, detail);
  const weakest = data.clusters.map((cluster) => weakestLink(cluster)?.matchWeight ?? Infinity);
  const refused = data.clusters.map((cluster) => cluster.edges.some((edge) => edge.kind === 'refused'));
  let texts: string[] | null = null;
  let page = 0;
  const render = (): void => {
    const query = search.value.trim().toLowerCase();
    if (query !== '' && texts === null)
      texts = data.clusters.map((cluster) => [cluster.id, ...cluster.records.flatMap((r) => data.records[r] ?? [])].join(' ').toLowerCase());
    const matching: number[] = [];
    for (let i = 0; i < data.clusters.length; i++) if (query === '' || (texts as string[])[i]!.includes(query)) matching.push(i);
    const by = order.value;
    matching.sort((a, b) =>
      by === 'size'
        ? data.clusters[b]!.records.length - data.clusters[a]!.records.length || a - b
        : by === 'refused'
          ? Number(refused[b]) - Number(refused[a]) || weakest[a]! - weakest[b]! || a - b
          : weakest[a]! - weakest[b]! || a - b,
    );
    list.replaceChildren(
      pager(matching.length, page, (p) => {
        page = p;
        render();
      }),
      table(
        ['person ID', 'records', 'weakest link (bits)', 'cannot-link refusals', ''],
        matching.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((i) => {
          const cluster = data.clusters[i] as ReportCluster;
          const open = element('button', { type: 'button', class: 'open-cluster', 'data-cluster': String(i) }, 'open');
          open.addEventListener('click', () => openCluster(detail, i));
          return [cluster.id, String(cluster.records.length), Number.isFinite(weakest[i]) ? bits(weakest[i] as number) : '—', refused[i] ? 'yes' : '', open];
        }),
        'clusters',
      ),
    );
  };
  search.addEventListener('input', () => {
    page = 0;
    render();
  });
  order.addEventListener('change', () => {
    page = 0;
    render();
  });
  render();
}

function openCluster(detail: HTMLElement, index: number): void {
  const cluster = data.clusters[index] as ReportCluster;
  const inside = new Set(cluster.records);
  const outside = [...new Set(cluster.edges.flatMap((e) => [e.left, e.right]).filter((r) => !inside.has(r)))];
  const nodes = [...cluster.records, ...outside];
  // Members on a circle, records of other persons (cannot-link refusals) on an outer ring.
  const position = new Map<number, { x: number; y: number }>();
  cluster.records.forEach((record, i) => {
    const angle = (2 * Math.PI * i) / cluster.records.length - Math.PI / 2;
    position.set(record, { x: Math.cos(angle), y: Math.sin(angle) });
  });
  outside.forEach((record, i) => {
    const angle = (2 * Math.PI * (i + 0.5)) / Math.max(1, outside.length) - Math.PI / 2;
    position.set(record, { x: 1.8 * Math.cos(angle), y: 1.8 * Math.sin(angle) });
  });
  const weakest = weakestLink(cluster);
  const edges = cluster.edges.map((edge) => ({
    ...edge,
    x1: position.get(edge.left)!.x,
    y1: position.get(edge.left)!.y,
    x2: position.get(edge.right)!.x,
    y2: position.get(edge.right)!.y,
    role: edge.kind === 'refused' ? 'cannot-link refusal' : edge === weakest ? 'weakest link' : edge.kind === 'link' ? 'link' : 'other candidate pair',
    mid: { x: (position.get(edge.left)!.x + position.get(edge.right)!.x) / 2, y: (position.get(edge.left)!.y + position.get(edge.right)!.y) / 2 },
  }));
  const points = nodes.map((record) => ({ record, ...position.get(record)!, member: inside.has(record), label: nameOf(record) }));
  const extent = outside.length > 0 ? 2.3 : 1.5;
  detail.replaceChildren(
    element('h2', {}, `Person ${cluster.id}: ${cluster.records.length} records`),
    element(
      'div',
      { class: 'graph' },
      Plot.plot({
        width: 700,
        height: 520,
        x: { axis: null, domain: [-extent, extent] },
        y: { axis: null, domain: [-extent, extent] },
        color: {
          legend: true,
          domain: ['link', 'weakest link', 'other candidate pair', 'cannot-link refusal'],
          range: ['#2166ac', '#f4a582', '#bababa', '#b2182b'],
        },
        marks: [
          Plot.link(
            edges.filter((e) => e.role !== 'cannot-link refusal'),
            {
              x1: 'x1',
              y1: 'y1',
              x2: 'x2',
              y2: 'y2',
              stroke: 'role',
              strokeWidth: (e: { role: string }) => (e.role === 'weakest link' ? 4 : 2),
              title: (e: { matchWeight: number; role: string }) => `${e.role}: ${bits(e.matchWeight)} bits`,
            },
          ),
          Plot.link(
            edges.filter((e) => e.role === 'cannot-link refusal'),
            {
              x1: 'x1',
              y1: 'y1',
              x2: 'x2',
              y2: 'y2',
              stroke: 'role',
              strokeWidth: 2,
              strokeDasharray: '6 4',
              title: (e: { matchWeight: number; role: string }) => `${e.role}: ${bits(e.matchWeight)} bits`,
            },
          ),
          Plot.text(edges, {
            x: (e: { mid: { x: number } }) => e.mid.x,
            y: (e: { mid: { y: number } }) => e.mid.y,
            text: (e: { matchWeight: number }) => bits(e.matchWeight),
            fontSize: 10,
            fill: '#333',
          }),
          Plot.dot(points, { x: 'x', y: 'y', r: 9, fill: (p: { member: boolean }) => (p.member ? '#4393c3' : '#fddbc7'), stroke: '#333', title: 'label' }),
          Plot.text(points, { x: 'x', y: 'y', text: 'label', dy: -16, fontSize: 11 }),
        ],
      }) as Element,
    ),
    table(
      data.fields,
      nodes.map((record) => (data.records[record] ?? []).map((value) => value ?? '—')),
      'records',
    ),
  );
  if (cluster.records.length >= 2) {
    const split = element('div', { class: 'decide' }, 'Split a record off this person: ');
    for (const record of cluster.records) {
      const button = element('button', { type: 'button', 'data-action': 'unmerge' }, nameOf(record));
      button.addEventListener('click', () =>
        recordDecision({
          kind: 'unmerge',
          entityId: cluster.id,
          records: [keyOf(record)],
          rest: cluster.records.filter((r) => r !== record).map(keyOf),
          ...meta(''),
        }),
      );
      split.append(button);
    }
    detail.append(split);
  }
  detail.scrollIntoView({ block: 'start' });
}

// ——— thresholds ———

interface ThresholdPoint {
  threshold: number;
  precision: number;
  recall: number;
  pairsAbove: number;
  truePrecision?: number;
  trueRecall?: number;
}

function thresholdCurve(): ThresholdPoint[] {
  const bins = data.weights.bins;
  const points: ThresholdPoint[] = [];
  let pairsAbove = 0;
  let expectedAbove = 0;
  let trueAbove = 0;
  for (let b = bins.length - 1; b >= 0; b--) {
    const bin = bins[b]!;
    pairsAbove += bin.pairs;
    expectedAbove += bin.expectedMatches;
    trueAbove += bin.trueMatches ?? 0;
    const point: ThresholdPoint = {
      threshold: bin.from,
      precision: pairsAbove === 0 ? 1 : expectedAbove / pairsAbove,
      recall: data.weights.expectedMatches === 0 ? 0 : expectedAbove / data.weights.expectedMatches,
      pairsAbove,
    };
    if (data.weights.trueMatches !== undefined) {
      point.truePrecision = pairsAbove === 0 ? 1 : trueAbove / pairsAbove;
      point.trueRecall = data.weights.trueMatches === 0 ? 0 : trueAbove / data.weights.trueMatches;
    }
    points.push(point);
  }
  return points.reverse();
}

function drawThresholds(panel: HTMLElement): void {
  const bins = data.weights.bins;
  if (bins.length === 0) {
    panel.append(element('p', {}, 'No candidate pairs.'));
    return;
  }
  const curve = thresholdCurve();
  const labelled = data.weights.trueMatches !== undefined;
  const slider = element('input', {
    type: 'range',
    id: 'threshold',
    min: String(bins[0]!.from),
    max: String(bins[bins.length - 1]!.from + data.weights.binWidth),
    step: String(data.weights.binWidth),
    value: String(data.model.matchWeight),
  });
  const readout = element('div', { class: 'readout', id: 'threshold-readout' });
  const charts = element('div', { class: 'charts' });
  panel.append(
    element(
      'p',
      {},
      'Precision and recall are estimated from the model: each candidate pair counts as a match with its match probability, so recall is relative to the matches among candidate pairs (pairs that blocking never produced are not counted).' +
        (labelled ? ' Measured values from the labels given are drawn dashed.' : ''),
    ),
    element('label', { for: 'threshold' }, 'threshold (bits): '),
    slider,
    readout,
    charts,
  );
  const lines = curve.flatMap((p) => [
    { threshold: p.threshold, measure: 'precision (estimated)', value: p.precision },
    { threshold: p.threshold, measure: 'recall (estimated)', value: p.recall },
    ...(labelled
      ? [
          { threshold: p.threshold, measure: 'precision (labels)', value: p.truePrecision ?? 0 },
          { threshold: p.threshold, measure: 'recall (labels)', value: p.trueRecall ?? 0 },
        ]
      : []),
  ]);
  const update = (): void => {
    const threshold = Number(slider.value);
    const current = data.model.matchWeight;
    let changed = 0;
    let newlyMatched = 0;
    for (const bin of bins) {
      const low = Math.min(threshold, current);
      const high = Math.max(threshold, current);
      if (bin.from >= low && bin.from < high) {
        changed += bin.pairs;
        if (threshold < current) newlyMatched += bin.pairs;
      }
    }
    const point = curve.find((p) => p.threshold >= threshold) ?? curve[curve.length - 1]!;
    readout.textContent =
      `At ${bits(threshold)} bits: estimated precision ${percent(point.precision)}, recall ${percent(point.recall)}, ${count(point.pairsAbove)} pairs matched. ` +
      (changed === 0
        ? 'No pair changes decision against the model’s threshold.'
        : `${count(changed)} pairs change decision against the model’s threshold (${bits(current)}): ${count(newlyMatched)} newly matched, ${count(changed - newlyMatched)} no longer matched.`);
    charts.replaceChildren(
      Plot.plot({
        width: 900,
        height: 260,
        x: { label: 'match weight (bits) →' },
        y: { label: '↑ candidate pairs', type: 'symlog', grid: true },
        marks: [
          Plot.rectY(bins, { x1: 'from', x2: (b: { from: number }) => b.from + data.weights.binWidth, y: 'pairs', fill: '#92c5de', tip: true }),
          Plot.rectY(bins, {
            x1: 'from',
            x2: (b: { from: number }) => b.from + data.weights.binWidth,
            y: 'expectedMatches',
            fill: '#2166ac',
            fillOpacity: 0.6,
          }),
          Plot.ruleX([threshold], { stroke: '#b2182b', strokeWidth: 2 }),
          Plot.ruleX([current], { stroke: '#333', strokeDasharray: '4 3' }),
        ],
      }) as Element,
      Plot.plot({
        width: 900,
        height: 280,
        x: { label: 'threshold (bits) →' },
        y: { label: '↑ share', domain: [0, 1], grid: true },
        color: { legend: true },
        marks: [
          Plot.line(
            lines.filter((d) => !d.measure.includes('labels')),
            { x: 'threshold', y: 'value', stroke: 'measure' },
          ),
          Plot.line(
            lines.filter((d) => d.measure.includes('labels')),
            { x: 'threshold', y: 'value', stroke: 'measure', strokeDasharray: '5 3' },
          ),
          Plot.ruleX([threshold], { stroke: '#b2182b', strokeWidth: 2 }),
        ],
      }) as Element,
    );
  };
  slider.addEventListener('input', update);
  update();
}

// ——— decisions ———

let decisionsPanel: HTMLElement | null = null;
const steward = { name: '' };

function keyOf(record: number): ReportRecordKey {
  return { source: data.records[record]?.[0] ?? '', recordId: data.recordRefs[record] ?? '' };
}

function meta(why: string): { by: string; at: string; why: string } {
  return {
    by: steward.name === '' ? 'steward' : steward.name,
    at: new Date().toISOString(),
    why: why.trim() === '' ? 'decided in the steward report' : why.trim(),
  };
}

function recordPairDecision(kind: 'confirm' | 'reject' | 'mustLink' | 'cannotLink', left: number, right: number, why: string): void {
  recordDecision({ kind, left: keyOf(left), right: keyOf(right), ...meta(why) });
}

function recordDecision(decision: ReportDecision): void {
  decisions.push(decision);
  const button = tabButtons.get('decisions');
  if (button !== undefined) button.textContent = `Decisions (${decisions.length})`;
  if (decisionsPanel !== null) renderDecisions(decisionsPanel);
}

function exportText(): string {
  return decisions.map((d) => decisionLine(d)).join('');
}

function renderDecisions(panel: HTMLElement): void {
  const download = element('button', { type: 'button', id: 'export-decisions' }, 'Export decisions (NDJSON)');
  download.disabled = decisions.length === 0;
  download.addEventListener('click', () => {
    const blob = new Blob([exportText()], { type: 'application/x-ndjson' });
    const link = element('a', { href: URL.createObjectURL(blob), download: 'decisions.ndjson' });
    document.body.append(link);
    link.click();
    link.remove();
  });
  panel.replaceChildren(
    element(
      'p',
      {},
      'Decisions made on this page, in the order made. Export them and give the file to the entity store (readReportDecisions, then store.decide), which applies them: they outrank the model and survive retraining.',
    ),
    download,
    table(
      ['#', 'decision', 'records', 'why'],
      decisions.map((d, i) => [
        String(i + 1),
        d.kind,
        (d.kind === 'unmerge' ? [...d.records, { source: '↔', recordId: '' }, ...(d.rest ?? [])] : [d.left, d.right])
          .map((r) => `${r.source}/${r.recordId}`)
          .join(' · '),
        d.why,
      ]),
      'decisions',
    ),
    element('textarea', { id: 'decisions-text', readonly: 'readonly', rows: '8' }, exportText()),
  );
}

function drawDecisions(panel: HTMLElement): void {
  decisionsPanel = panel;
  renderDecisions(panel);
}

start();
