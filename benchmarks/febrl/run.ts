/**
 * Runs Febrl3 (dedupe) and Febrl4 (link A–B) and prints pairwise precision, recall and F1, the
 * training report and the trained weights; writes benchmarks/results/febrl-<date>-<commit>.json.
 *
 *   npx tsx benchmarks/febrl/run.ts [--no-write] [--weights]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fixed, table } from '../_harness/format.js';
import { machineInfo } from '../_harness/machine.js';
import { runFebrl3, runFebrl4, type FebrlResult } from './febrl.js';

const { values } = parseArgs({ options: { 'no-write': { type: 'boolean', default: false }, weights: { type: 'boolean', default: false } } });
const machine = machineInfo();
const results: FebrlResult[] = [];
for (const run of [runFebrl3, runFebrl4]) {
  const began = performance.now();
  const result = run();
  results.push(result);
  const t = result.training;
  process.stderr.write(
    `${result.dataset}: ${(performance.now() - began).toFixed(0)} ms · training ${t === null ? 'none' : `${t.iterations} iterations, converged ${t.converged}, match share ${t.candidateMatchProbability.toExponential(3)}`}\n`,
  );
  if (values.weights) {
    for (const comparison of result.model.parameters.comparisons) {
      for (const level of comparison.levels.slice(1)) {
        console.log(
          `  ${comparison.name.padEnd(14)} ${level.label.padEnd(28)} m ${level.mProbability.toFixed(4)}  u ${level.uProbability.toExponential(2)}  ${Math.log2(level.mProbability / level.uProbability).toFixed(2)} bits`,
        );
      }
    }
  }
}
console.log(`padan on Febrl · commit ${machine.commit}${machine.dirty ? ' (dirty)' : ''}`);
console.log(
  table(
    ['dataset', 'records', 'candidate pairs', 'P', 'R', 'F1', 'predicted', 'true'],
    results.map((r) => [
      r.dataset,
      String(r.records),
      String(r.candidatePairs),
      fixed(r.score.precision, 4),
      fixed(r.score.recall, 4),
      fixed(r.score.f1, 4),
      String(r.score.predictedPairs),
      String(r.score.truePairs),
    ]),
  ),
);
if (!values['no-write']) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `febrl-${machine.startedAt.slice(0, 10)}-${machine.commit}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { kind: 'padan/febrl', version: 1, machine, results: results.map(({ model, ...rest }) => ({ ...rest, parameters: model.parameters })) },
      null,
      2,
    ) + '\n',
  );
  console.log(`wrote ${file}`);
}
