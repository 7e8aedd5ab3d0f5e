/**
 * How time and memory grow with size: runs benchmarks/run.ts for each size in its own child process
 * (so each peak RSS is that size's alone) and prints the growth between sizes.
 *
 *   npx tsx benchmarks/scaling.ts [--sizes 10k,100k,1m] [--noise default] [--seed 1] [--no-write] [--heap-mb 16384]
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { count, mib, seconds, table } from './_harness/format.js';
import { machineInfo } from './_harness/machine.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10k,100k,1m' },
    noise: { type: 'string', default: 'default' },
    seed: { type: 'string', default: '1' },
    'no-write': { type: 'boolean', default: false },
    // V8's default old-space limit (about 4 GiB) is below what 1M persons needs.
    'heap-mb': { type: 'string', default: '16384' },
  },
});

interface RunSummary {
  readonly resultFile: string | null;
  readonly result: {
    readonly scenario: { readonly name: string; readonly persons: number };
    readonly generation: { readonly ms: number; readonly personRecords: number };
    readonly pipeline: {
      readonly totalMs: number;
      readonly resolveMs: number;
      readonly recordsPerSecond: number;
      readonly maxRss: number;
      readonly peakSampledRss: number;
      readonly stages: readonly { readonly stage: string; readonly ms: number }[];
    };
    readonly resolution: { readonly candidatePairs: number };
    readonly quality: { readonly padan: { readonly overall: { readonly bcubed: { readonly f1: number } } } };
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const tsx = import.meta.resolve('tsx');
const machine = machineInfo();
console.log(
  `padan scaling · commit ${machine.commit}${machine.dirty ? ' (dirty)' : ''} · node ${machine.node} · ${machine.cpu} × ${machine.cores} cores · load ${machine.loadAverage.join(' / ')}`,
);

const runs: RunSummary['result'][] = [];
for (const size of values.sizes.split(',')) {
  const args = [
    `--max-old-space-size=${values['heap-mb']}`,
    '--import',
    tsx,
    join(here, 'run.ts'),
    '--persons',
    size,
    '--noise',
    values.noise,
    '--seed',
    values.seed,
    '--summary-json',
  ];
  if (values['no-write']) args.push('--no-write');
  process.stderr.write(`[scaling] ${size} persons …\n`);
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
  if (child.status !== 0) {
    console.error(`[scaling] ${size} failed (exit ${child.status ?? child.signal}); stopping`);
    break;
  }
  const output = child.stdout.trim().split('\n');
  const summary = JSON.parse(output.pop() ?? '') as RunSummary;
  // Each size's full table first, then the growth summary below.
  console.log(`${output.join('\n')}\n`);
  runs.push(summary.result);
  if (summary.resultFile !== null) process.stderr.write(`[scaling] ${summary.resultFile}\n`);
}

// Growth exponent k in time ∝ records^k between consecutive sizes: 1 is linear.
const exponent = (a: number, b: number, na: number, nb: number): string => (Math.log(b / a) / Math.log(nb / na)).toFixed(2);
const rows = runs.map((r, i) => {
  const previous = runs[i - 1];
  const n = r.generation.personRecords;
  return [
    r.scenario.name,
    count(n),
    seconds(r.generation.ms),
    seconds(r.pipeline.totalMs),
    count(r.pipeline.recordsPerSecond),
    previous === undefined ? '' : exponent(previous.pipeline.totalMs, r.pipeline.totalMs, previous.generation.personRecords, n),
    mib(r.pipeline.maxRss),
    previous === undefined ? '' : exponent(previous.pipeline.maxRss, r.pipeline.maxRss, previous.generation.personRecords, n),
    `${Math.round(r.pipeline.maxRss / n).toLocaleString('en')} B`,
    count(r.resolution.candidatePairs),
    r.quality.padan.overall.bcubed.f1.toFixed(3),
  ];
});
console.log(table(['scenario', 'records', 'generate', 'pipeline', 'records/s', 'time exp.', 'maxRSS', 'RSS exp.', 'RSS/record', 'pairs', 'B³ F1'], rows));
const stages = [...new Set(runs.flatMap((r) => r.pipeline.stages.map((s) => s.stage)))];
console.log();
console.log(
  table(
    ['stage', ...runs.map((r) => r.scenario.name)],
    stages.map((stage) => [stage, ...runs.map((r) => seconds(r.pipeline.stages.find((s) => s.stage === stage)?.ms ?? 0))]),
  ),
);
console.log('\ntime/RSS exponent: growth as records^k from the previous size (1.00 = linear); maxRSS includes generation.');
