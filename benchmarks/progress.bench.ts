/**
 * What the progress hook costs: `resolvePersons` on generated person records (all fake:
 * `generateSources`, seed 1), without `onProgress`, with one (counting the events), and optionally a
 * baseline build of `resolve.ts` (the code before the hook), interleaved round by round so all see the
 * same load. Prints the median CPU time (`process.cpuUsage`, which a shared machine inflates less than
 * the wall clock) and wall time of each; asserts only that all three find the same clusters.
 *
 * Run: `node --expose-gc --max-old-space-size=6000 --import tsx benchmarks/progress.bench.ts [--records N] [--rounds R] [--baseline FILE]`
 *   git archive <commit> src | tar -x -C /tmp/padan-before && ln -s "$PWD/node_modules" /tmp/padan-before/
 *   … --baseline /tmp/padan-before/src/resolve.ts
 */
import { parseArgs } from 'node:util';
import { resolvePersons, type StageProgress } from '../src/resolve.js';
import { generateSources } from '../src/synth/sources.js';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    baseline: { type: 'string' },
  },
});
const wanted = Number(args.records);
const records: unknown[] = [];
for (const item of generateSources({ persons: Math.ceil(wanted / 2), seed: 1 })) {
  if (item.kind === 'person') records.push(item.record);
  if (records.length === wanted) break;
}
const baseline = args.baseline === undefined ? undefined : ((await import(args.baseline)) as { resolvePersons: typeof resolvePersons }).resolvePersons;

let events = 0;
const variants: [string, () => ReturnType<typeof resolvePersons>][] = [
  ['without onProgress', () => resolvePersons(records)],
  ['with onProgress', () => resolvePersons(records, { onProgress: (_: StageProgress) => void events++ })],
  ...(baseline === undefined ? [] : ([['baseline (no hook)', () => baseline(records)]] as [string, () => ReturnType<typeof resolvePersons>][])),
];
const cpu = new Map<string, number[]>(variants.map(([name]) => [name, []]));
const wall = new Map<string, number[]>(variants.map(([name]) => [name, []]));
let clusters: number | undefined;
for (let round = 0; round < Number(args.rounds); round++) {
  for (const [name, run] of variants) {
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.cpuUsage();
    const started = performance.now();
    const result = run();
    wall.get(name)?.push(performance.now() - started);
    const used = process.cpuUsage(before);
    cpu.get(name)?.push((used.user + used.system) / 1000);
    if (clusters === undefined) clusters = result.clusters.length;
    else if (clusters !== result.clusters.length) throw new Error(`${name} found ${result.clusters.length} clusters, not ${clusters}`);
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
console.log(
  `resolvePersons on ${records.length} records, ${args.rounds} interleaved rounds, load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`,
);
for (const [name] of variants)
  console.log(`  ${name.padEnd(20)} CPU median ${median(cpu.get(name) ?? []).toFixed(0)} ms · wall median ${median(wall.get(name) ?? []).toFixed(0)} ms`);
console.log(`  events heard per run: ${events / Number(args.rounds)}`);
