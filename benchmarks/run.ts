/**
 * Runs one benchmark scenario through the whole person pipeline and prints speed, memory, blocking
 * and quality against ground truth, with two baselines; writes everything as JSON to
 * benchmarks/results/<scenario>-<date>-<commit>.json so runs can be compared across commits.
 *
 *   npx tsx benchmarks/run.ts --scenario 100k          (10k, 100k, 1m; add -clean or -heavy)
 *   npx tsx benchmarks/run.ts --persons 50000 --noise heavy --seed 7 [--out DIR] [--no-write] [--quiet]
 *
 * --quiet drops the progress and the table; --summary-json ends stdout with one JSON line
 * `{ resultFile, result }` for scripts (benchmarks/scaling.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluateGroups, groupTimed } from './_harness/groups.js';
import { alignTruth, clusterBaseline, evaluateClustering, pairCompleteness, type QualityBreakdown } from './_harness/evaluate.js';
import { count, fixed, mib, percent, seconds, table } from './_harness/format.js';
import { machineInfo, startMemorySampler } from './_harness/machine.js';
import { createStageClock, mergePersons, resolveTimed } from './_harness/pipeline.js';
import { createProgress } from '../src/cli/progress.js';
import { generateScenario, resolveScenario } from './_harness/scenario.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    persons: { type: 'string' },
    noise: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    'summary-json': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'usage: npx tsx benchmarks/run.ts [--scenario 10k|100k|1m[-clean|-heavy]] [--persons N] [--noise default|clean|heavy] [--seed S] [--out DIR] [--no-write] [--quiet] [--summary-json]',
  );
  process.exit(0);
}

const scenario = resolveScenario({
  ...(values.scenario !== undefined ? { scenario: values.scenario } : {}),
  ...(values.persons !== undefined ? { persons: values.persons } : {}),
  ...(values.noise !== undefined ? { noise: values.noise } : {}),
  ...(values.seed !== undefined ? { seed: values.seed } : {}),
});
const machine = machineInfo();
const memory = startMemorySampler();
const progress = createProgress(
  ['generate', 'validate', 'prepare', 'block', 'compare', 'train', 'score', 'cluster', 'review+flags', 'merge', 'families', 'households', 'evaluate'],
  process.stderr,
  !values.quiet,
);
const clock = createStageClock(memory, progress);

// Generation -------------------------------------------------------------------------------------
const generated = clock.time('generate', () =>
  generateScenario(scenario, { keepGroups: true, onProgress: (n) => progress.update(`${count(n)} person records`) }),
);
const rssAfterGeneration = memory.sample();

// Resolution and merge (the measured pipeline) ------------------------------------------------------
const resolution = resolveTimed(generated.persons, clock);
const mergeTotals = clock.time('merge', () => mergePersons(resolution));
const groupings = groupTimed(resolution, generated.families, generated.dwellings, clock);
const pipelineStages = clock.timings.filter((t) => t.stage !== 'generate');
const resolveMs = pipelineStages.filter((t) => t.stage !== 'merge' && t.stage !== 'families' && t.stage !== 'households').reduce((sum, t) => sum + t.ms, 0);
const pipelineMs = pipelineStages.reduce((sum, t) => sum + t.ms, 0);
const peakPipelineRss = memory.peak();
const maxRss = memory.maxRss();

// Evaluation against truth (not timed as pipeline) ----------------------------------------------------
const evaluation = clock.time('evaluate', () => {
  const truth = alignTruth(resolution.records, generated.truths);
  const completeness = pairCompleteness(resolution.pairs.left, resolution.pairs.right, truth.personOf);
  const padan = evaluateClustering(resolution.clusterOf, truth);
  const baselines = {
    'exact-nik': evaluateClustering(clusterBaseline(resolution.records, 'exact-nik'), truth),
    'exact-nik+name-birth': evaluateClustering(clusterBaseline(resolution.records, 'exact-nik+name-birth'), truth),
  };
  return { unmatchedTruth: truth.unmatched, completeness, padan, baselines, groups: evaluateGroups(resolution, generated.truths, groupings) };
});
progress.done();
memory.stop();

const { report } = resolution;
const personRecords = generated.persons.length;
const result = {
  kind: 'padan/benchmark',
  version: 1,
  scenario,
  machine,
  generation: {
    ms: Math.round(clock.timings[0]?.ms ?? 0),
    personRecords,
    truePersons: generated.truePersons,
    recordsPerSecond: Math.round(personRecords / ((clock.timings[0]?.ms ?? 1) / 1000)),
    bySource: generated.counts,
    rssAfter: rssAfterGeneration,
  },
  pipeline: {
    stages: pipelineStages.map((t) => ({ stage: t.stage, ms: Math.round(t.ms), rssAfter: t.rssAfter })),
    resolveMs: Math.round(resolveMs),
    totalMs: Math.round(pipelineMs),
    recordsPerSecond: Math.round(personRecords / (pipelineMs / 1000)),
    resolveRecordsPerSecond: Math.round(personRecords / (resolveMs / 1000)),
    // Sampled at every stage boundary: the process peak (maxRss) includes generation too.
    peakSampledRss: peakPipelineRss,
    maxRss,
  },
  resolution: {
    recordsIn: report.recordsIn,
    recordsValid: report.recordsValid,
    rejected: report.rejected,
    persons: report.clusters,
    candidatePairs: report.candidatePairs,
    matchedPairs: report.matchedPairs,
    reductionRatio: report.reductionRatio,
    blocking: report.blocking,
    pairCompleteness: evaluation.completeness,
    training: report.training,
    reviewQueue: resolution.review.length,
    reviewByReason: countBy(resolution.review.map((r) => r.reason)),
    flags: countBy(resolution.flags.map((f) => f.code)),
  },
  merge: mergeTotals,
  quality: { padan: evaluation.padan, baselines: evaluation.baselines, unmatchedTruth: evaluation.unmatchedTruth },
  groups: {
    families: { ...evaluation.groups.families, report: groupings.families.report, rejected: groupings.families.rejections.length },
    households: { ...evaluation.groups.households, report: groupings.households.report, rejected: groupings.households.rejections.length },
  },
};

function countBy(items: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item] = (counts[item] ?? 0) + 1;
  return counts;
}

// Printing ------------------------------------------------------------------------------------------
const lines: string[] = [];
const say = (text = ''): number => lines.push(text);
say(`padan benchmark · scenario ${scenario.name} (${count(scenario.persons)} persons, noise ${scenario.noise}, seed ${scenario.seed})`);
say(
  `commit ${machine.commit}${machine.dirty ? ' (dirty)' : ''} · node ${machine.node} · ${machine.cpu} × ${machine.cores} cores · load ${machine.loadAverage.join(' / ')}`,
);
say();
say(
  `generation ${seconds(result.generation.ms)}: ${count(personRecords)} person records (${count(result.generation.recordsPerSecond)}/s) of ${count(generated.truePersons)} true persons · RSS after ${mib(rssAfterGeneration)}`,
);
say(
  table(
    ['source', 'persons', 'families', 'dwellings'],
    Object.keys(generated.counts)
      .sort()
      .map((s) => {
        const c = generated.counts[s] as { persons: number; families: number; dwellings: number };
        return [s, count(c.persons), count(c.families), count(c.dwellings)];
      }),
  ),
);
say();
say(
  table(
    ['stage', 'time', 'share', 'RSS after'],
    [...pipelineStages.map((t) => [t.stage, seconds(t.ms), percent(t.ms / pipelineMs, 0), mib(t.rssAfter)]), ['total', seconds(pipelineMs), '100%', '']],
  ),
);
say(
  `${count(result.pipeline.recordsPerSecond)} records/s end to end (${count(result.pipeline.resolveRecordsPerSecond)}/s resolution only) · ` +
    `peak RSS ${mib(peakPipelineRss)} sampled, maxRSS ${mib(maxRss)} (process, incl. generation)`,
);
say(
  `${count(report.clusters)} persons out of ${count(report.recordsValid)} valid records (${count(report.rejected)} rejected) · review queue ${count(resolution.review.length)} · ` +
    `${count(groupings.families.families.length)} families · ${count(groupings.households.households.length)} households`,
);
// Where the group stage's time goes (validation of family and dwelling records included), and its share of the person stage.
const steps = (stepMs: Readonly<Record<string, number>>): string =>
  Object.entries(stepMs)
    .map(([step, ms]) => `${step} ${seconds(ms)}`)
    .join(' · ');
const groupMs = pipelineStages.filter((t) => t.stage === 'families' || t.stage === 'households').reduce((sum, t) => sum + t.ms, 0);
say(`families: ${steps(groupings.families.report.stepMs)}`);
say(`households: ${steps(groupings.households.report.stepMs)}`);
say(`families + households ${seconds(groupMs)} = ${percent(groupMs / resolveMs, 1)} of the person stage (validate → review+flags, ${seconds(resolveMs)})`);
say();
say(
  table(
    ['blocking rule', 'blocks', 'largest', 'windowed', 'pairs', 'new pairs'],
    report.blocking.map((b) => [b.rule, count(b.blocks), count(b.largestBlock), count(b.windowedBlocks), count(b.pairsGenerated), count(b.pairsAdded)]),
  ),
);
const pc = evaluation.completeness;
say(
  `candidate pairs ${count(report.candidatePairs)} · reduction ratio ${report.reductionRatio.toFixed(6)} · ` +
    `pair completeness ${percent(pc.completeness, 2)} (${count(pc.truePairsProduced)} of ${count(pc.truePairs)} true pairs)`,
);
say();
const qualityRow = (name: string, q: QualityBreakdown): string[] => {
  const o = q.overall;
  return [
    name,
    fixed(o.pairwise.precision),
    fixed(o.pairwise.recall),
    fixed(o.pairwise.f1),
    fixed(o.bcubed.precision),
    fixed(o.bcubed.recall),
    fixed(o.bcubed.f1),
  ];
};
say(
  table(
    ['quality', 'pair P', 'pair R', 'pair F1', 'B³ P', 'B³ R', 'B³ F1'],
    [
      qualityRow('padan (DTSEN preset)', evaluation.padan),
      qualityRow('exact NIK', evaluation.baselines['exact-nik']),
      qualityRow('exact NIK + name/birth', evaluation.baselines['exact-nik+name-birth']),
    ],
  ),
);
say();
say(
  table(
    ['by NIK category', 'records', 'pair F1', 'B³ P', 'B³ R', 'B³ F1', 'exact NIK B³ F1', '+name/birth B³ F1'],
    (['valid', 'wrong', 'missing'] as const).map((c) => {
      const q = evaluation.padan.byNikCategory[c];
      return [
        `${c} NIK`,
        count(q.records),
        fixed(q.pairwise.f1),
        fixed(q.bcubed.precision),
        fixed(q.bcubed.recall),
        fixed(q.bcubed.f1),
        fixed(evaluation.baselines['exact-nik'].byNikCategory[c].bcubed.f1),
        fixed(evaluation.baselines['exact-nik+name-birth'].byNikCategory[c].bcubed.f1),
      ];
    }),
  ),
);
say();
say(
  table(
    ['by noise label', 'records', 'B³ P', 'B³ R', 'exact NIK B³ R'],
    Object.entries(evaluation.padan.byNoise)
      .sort((a, b) => a[1].bcubedRecall - b[1].bcubedRecall)
      .map(([label, q]) => [
        label,
        count(q.records),
        fixed(q.bcubedPrecision),
        fixed(q.bcubedRecall),
        fixed(evaluation.baselines['exact-nik'].byNoise[label]?.bcubedRecall ?? NaN),
      ]),
  ),
);
say();
const groupRow = (name: string, g: { predicted: number; truth: number; quality: QualityBreakdown['overall'] }): string[] => [
  name,
  count(g.predicted),
  count(g.truth),
  fixed(g.quality.pairwise.precision),
  fixed(g.quality.pairwise.recall),
  fixed(g.quality.bcubed.f1),
];
say(
  table(
    ['groups (over person records)', 'found', 'true', 'pair P', 'pair R', 'B³ F1'],
    [groupRow('families (KK)', evaluation.groups.families), groupRow('households (dwellings)', evaluation.groups.households)],
  ),
);

let resultFile: string | null = null;
if (!values['no-write']) {
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = resolve(values.out ?? join(here, 'results'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${scenario.name}-${machine.startedAt.slice(0, 10)}-${machine.commit}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  resultFile = file;
  say(`results: ${file}`);
}
if (!values.quiet) console.log(lines.join('\n'));
if (values['summary-json']) console.log(JSON.stringify({ resultFile, result }));
