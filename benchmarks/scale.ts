/**
 * The out-of-core, partitioned run end to end (validate → persons → families → households) on a
 * synthetic dataset written to disk once by benchmarks/generate.ts (generation is not counted):
 * stage times, peak RSS of the process (the coordinator and its worker threads together), and
 * optionally pairwise quality against the dataset's truth.
 *
 *   npx tsx benchmarks/generate.ts --persons 1000000 --out /tmp/p1m
 *   node --import tsx benchmarks/scale.ts --data /tmp/p1m [--workers 2] [--evaluate] [--no-write] [--provenance summary|full|none]
 *     [--link-shard-mb N] [--max-partition-records N]
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runPartitioned } from '../src/cli/partitioned.js';
import { forEachLine } from '../src/partition/partitionFiles.js';
import type { ProvenanceDetail } from '../src/cli/writeOutputs.js';
import { contingency, qualityOf } from './_harness/evaluate.js';
import { machineInfo } from './_harness/machine.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    workers: { type: 'string', default: '2' },
    out: { type: 'string' },
    evaluate: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    // As `padan resolve` writes persons.ndjson by default.
    provenance: { type: 'string', default: 'summary' },
    // MiB of cross-partition rows per link job (runPartitioned's linkShardBytes).
    'link-shard-mb': { type: 'string' },
    // Person records above which a regency is resolved as its districts (runPartitioned's maxPartitionRecords).
    'max-partition-records': { type: 'string' },
  },
});
if (values.data === undefined)
  throw new Error(
    'usage: benchmarks/scale.ts --data DIR (from benchmarks/generate.ts) [--workers N] [--evaluate] [--no-write] [--provenance summary|full|none] [--link-shard-mb N] [--max-partition-records N]',
  );
if (!['summary', 'full', 'none'].includes(values.provenance)) throw new Error('--provenance must be summary, full or none');
const data = values.data;
const manifest = JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')) as {
  options: { persons: number; seed: number; noise: string };
  personRecords?: number;
};
const files = readdirSync(data).filter((file) => !file.startsWith('truth.'));
const pick = (kind: string): string[] => files.filter((file) => file.endsWith(`.${kind}.ndjson`)).map((file) => join(data, file));
const machine = machineInfo();
const out = values.out ?? mkdtempSync(join(tmpdir(), 'padan-scale-'));
const log = (text: string): void => void process.stderr.write(`[scale] ${text}\n`);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
const stages: { stage: string; ms: number; rssAfter: number }[] = [];
const report = await runPartitioned({
  persons: pick('persons'),
  families: pick('families'),
  dwellings: pick('dwellings'),
  out,
  workers: Number(values.workers),
  provenance: values.provenance as ProvenanceDetail,
  ...(values['link-shard-mb'] === undefined ? {} : { linkShardBytes: Number(values['link-shard-mb']) * 2 ** 20 }),
  ...(values['max-partition-records'] === undefined ? {} : { maxPartitionRecords: Number(values['max-partition-records']) }),
  onStage: (stage, phase, ms) => {
    if (phase !== 'end') return;
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    stages.push({ stage, ms: Math.round(ms), rssAfter: rss });
    log(`${stage} ${(ms / 1000).toFixed(1)} s · rss ${(rss / 2 ** 20).toFixed(0)} MiB · load ${loadavg()[0]?.toFixed(1)}`);
  },
});
clearInterval(sampler);
const maxRss = process.resourceUsage().maxRSS * 1024;
log(
  `total ${(report.totalMs / 1000).toFixed(1)} s · CPU ${(report.cpuMs / 1000).toFixed(1)} s · peak RSS ${(Math.max(maxRss, peakRss) / 2 ** 30).toFixed(2)} GiB`,
);
log(
  `CPU by stage (s): ${Object.entries(report.stageCpuMs)
    .map(([stage, ms]) => `${stage} ${(ms / 1000).toFixed(1)}`)
    .join(' · ')}`,
);

let quality = null;
if (values.evaluate) {
  // Truth and prediction as labels per record key: not part of the measured run.
  const truthOf = new Map<string, string>();
  forEachLine(join(data, 'truth.persons.ndjson'), (line) => {
    if (line === '') return;
    const truth = JSON.parse(line) as { source: string; recordId: string; personId: string };
    truthOf.set(`${truth.source}\u0000${truth.recordId}`, truth.personId);
  });
  const predicted: number[] = [];
  const actual: number[] = [];
  const trueLabel = new Map<string, number>();
  let person = 0;
  forEachLine(join(out, 'persons.ndjson'), (line) => {
    if (line === '') return;
    const { members } = JSON.parse(line) as { members: { source: string; recordId: string }[] };
    for (const member of members) {
      const truth = truthOf.get(`${member.source}\u0000${member.recordId}`) ?? `unknown-${predicted.length}`;
      let label = trueLabel.get(truth);
      if (label === undefined) trueLabel.set(truth, (label = trueLabel.size));
      predicted.push(person);
      actual.push(label);
    }
    person++;
  });
  quality = qualityOf(contingency(Int32Array.from(predicted), Int32Array.from(actual)));
  log(`pairwise F1 ${quality.pairwise.f1.toFixed(5)} (precision ${quality.pairwise.precision.toFixed(5)}, recall ${quality.pairwise.recall.toFixed(5)})`);
}

const result = {
  kind: 'padan/benchmark-scale',
  version: 1,
  dataset: { dir: data, ...manifest.options, personRecords: report.lines },
  machine: { ...machine, loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100) },
  workers: Number(values.workers),
  provenance: values.provenance,
  maxPartitionRecords: values['max-partition-records'] === undefined ? null : Number(values['max-partition-records']),
  totalMs: report.totalMs,
  recordsPerSecond: Math.round(report.lines / (report.totalMs / 1000)),
  peakRss: Math.max(maxRss, peakRss),
  stages,
  report,
  quality,
};
if (values.out === undefined) rmSync(out, { recursive: true, force: true });
console.log(JSON.stringify(result, null, 2));
if (!values['no-write']) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const size = manifest.options.persons >= 1e6 ? `${manifest.options.persons / 1e6}m` : `${manifest.options.persons / 1e3}k`;
  const limit = values['max-partition-records'] === undefined ? '' : `-max${values['max-partition-records']}`;
  const file = join(dir, `scale-${size}${limit}-${new Date().toISOString().slice(0, 10)}-${machine.commit}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(file);
}
