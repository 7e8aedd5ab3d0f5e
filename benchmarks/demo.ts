/**
 * The demo: generate a multi-source synthetic DTSEN population, resolve it with the DTSEN preset,
 * merge each person with the DTSEN survivorship policy, print a short summary and write the results.
 *
 *   npm run demo [-- --persons 100000 --seed 1 --noise default|clean|heavy --out out/demo --quiet]
 *
 * Writes to the output folder: persons.ndjson (unified persons with provenance and conflicts),
 * review.ndjson (pairs for a data steward, NIK/KK masked, with explanations), rejections.ndjson,
 * families.ndjson and households.ndjson (members by person ID), model.json (the trained model,
 * reusable with `padan resolve --model`) and summary.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createProgress } from '../src/cli/progress.js';
import { writeFamilies, writeHouseholds } from '../src/cli/writeGroups.js';
import { writeNdjson, writePersons, writeReview } from '../src/cli/writeOutputs.js';
import { serializeModel } from '../src/model/serializeModel.js';
import { evaluateGroups, groupTimed } from './_harness/groups.js';
import { alignTruth, clusterBaseline, evaluateClustering } from './_harness/evaluate.js';
import { count, fixed, mib, seconds, table } from './_harness/format.js';
import { machineInfo, startMemorySampler } from './_harness/machine.js';
import { createStageClock, resolveTimed } from './_harness/pipeline.js';
import { generateScenario, resolveScenario } from './_harness/scenario.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    noise: { type: 'string', default: 'default' },
    out: { type: 'string', default: join('out', 'demo') },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run demo -- [--persons 100000] [--seed 1] [--noise default|clean|heavy] [--out out/demo] [--quiet]');
  process.exit(0);
}

const scenario = resolveScenario({ persons: values.persons, seed: values.seed, noise: values.noise });
const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const machine = machineInfo();
const memory = startMemorySampler();
const progress = createProgress(
  [
    'generate',
    'validate',
    'prepare',
    'block',
    'compare',
    'train',
    'score',
    'cluster',
    'review+flags',
    'merge',
    'families',
    'households',
    'write review',
    'evaluate',
  ],
  process.stderr,
  !values.quiet,
);
const clock = createStageClock(memory, progress);
const began = performance.now();

const generated = clock.time('generate', () =>
  generateScenario(scenario, { keepGroups: true, onProgress: (n) => progress.update(`${count(n)} person records`) }),
);
const resolution = resolveTimed(generated.persons, clock);
const merged = clock.time('merge', () => writePersons(join(out, 'persons.ndjson'), resolution));
const groupings = groupTimed(resolution, generated.families, generated.dwellings, clock);
writeFamilies(join(out, 'families.ndjson'), resolution, groupings.families);
writeHouseholds(join(out, 'households.ndjson'), resolution, groupings.families, groupings.households);
const reviewLines = clock.time('write review', () => writeReview(join(out, 'review.ndjson'), resolution));
writeNdjson(join(out, 'rejections.ndjson'), resolution.rejections);
writeFileSync(join(out, 'model.json'), serializeModel(resolution.model));
const quality = clock.time('evaluate', () => {
  const truth = alignTruth(resolution.records, generated.truths);
  return {
    padan: evaluateClustering(resolution.clusterOf, truth, { byNoise: false }),
    exactNik: evaluateClustering(clusterBaseline(resolution.records, 'exact-nik'), truth, { byNoise: false }),
    groups: evaluateGroups(resolution, generated.truths, groupings),
  };
});
const totalMs = performance.now() - began;
progress.done();
memory.stop();

const { report } = resolution;
const reviewByReason = { uncertain: 0, 'conflicting-identifiers': 0 };
for (const item of resolution.review) reviewByReason[item.reason]++;
const stageMs = Object.fromEntries(clock.timings.map((t) => [t.stage, Math.round(t.ms)]));
const sources = Object.keys(generated.counts).sort();
const total = { persons: 0, families: 0, dwellings: 0 };
const rows = sources.map((source) => {
  const c = generated.counts[source] as typeof total;
  total.persons += c.persons;
  total.families += c.families;
  total.dwellings += c.dwellings;
  return [source, count(c.persons), count(c.families), count(c.dwellings)];
});
rows.push(['total', count(total.persons), count(total.families), count(total.dwellings)]);
const summary = {
  kind: 'padan/demo-summary',
  version: 1,
  scenario,
  machine,
  sources: generated.counts,
  recordsIn: total,
  truePersons: generated.truePersons,
  personsOut: report.clusters,
  rejected: report.rejected,
  candidatePairs: report.candidatePairs,
  conflicts: merged.conflicts,
  personsWithConflicts: merged.personsWithConflicts,
  contestedFields: merged.contestedFields,
  mergePolicyFingerprint: merged.fingerprint,
  reviewQueue: reviewLines,
  reviewByReason,
  quality: { padan: quality.padan, baselineExactNik: quality.exactNik },
  stageMs,
  totalMs: Math.round(totalMs),
  maxRss: memory.maxRss(),
  families: { ...quality.groups.families, events: countKinds(groupings.families.events), rejected: groupings.families.rejections.length },
  households: {
    ...quality.groups.households,
    dwellingsUnlinked: groupings.households.report.dwellingsUnlinked,
    rejected: groupings.households.rejections.length,
  },
  files: ['persons.ndjson', 'families.ndjson', 'households.ndjson', 'review.ndjson', 'rejections.ndjson', 'model.json', 'summary.json'],
};
function countKinds(items: readonly { kind: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return counts;
}

writeFileSync(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

const q = quality.padan.overall;
const b = quality.exactNik.overall;
const lines = [
  `padan demo · ${count(scenario.persons)} synthetic persons (seed ${scenario.seed}, noise ${scenario.noise})`,
  '',
  table(['records in', 'persons', 'families', 'dwellings'], rows),
  '',
  `persons out   ${count(report.clusters)} from ${count(report.recordsValid)} person records (${count(generated.truePersons)} true persons) · ${count(report.rejected)} rejected`,
  `conflicts     high ${count(merged.conflicts.high)} · medium ${count(merged.conflicts.medium)} · low ${count(merged.conflicts.low)} (in ${count(merged.personsWithConflicts)} persons) · ${count(merged.contestedFields)} fields contested by citizens`,
  `review queue  ${count(reviewLines)} pairs (${count(reviewByReason.uncertain)} uncertain, ${count(reviewByReason['conflicting-identifiers'])} refused by conflicting NIKs)`,
  `quality       pairwise P ${fixed(q.pairwise.precision)} R ${fixed(q.pairwise.recall)} F1 ${fixed(q.pairwise.f1)} · B³ F1 ${fixed(q.bcubed.f1)}` +
    `   (exact-NIK matching: pairwise F1 ${fixed(b.pairwise.f1)}, B³ F1 ${fixed(b.bcubed.f1)})`,
  `time          ${clock.timings.map((t) => `${t.stage} ${seconds(t.ms)}`).join(' · ')}`,
  `              total ${seconds(totalMs)} · peak RSS ${mib(memory.maxRss())} · ${machine.cores} cores, load ${machine.loadAverage[0]}`,
  `families      ${count(groupings.families.families.length)} (true ${count(quality.groups.families.truth)}, B³ F1 ${fixed(quality.groups.families.quality.bcubed.f1)}) · ` +
    `${
      Object.entries(summary.families.events)
        .map(([k, v]) => `${count(v)} ${k}`)
        .join(', ') || 'no'
    } KK events`,
  `households    ${count(groupings.households.households.length)} (true ${count(quality.groups.households.truth)}, B³ F1 ${fixed(quality.groups.households.quality.bcubed.f1)}) · ` +
    `${count(groupings.households.report.dwellingsLinked)} dwelling records linked, ${count(groupings.households.report.dwellingsUnlinked)} unlinked`,
  '',
  `wrote ${out}/: ${summary.files.join(', ')}`,
];
console.log(lines.join('\n'));
