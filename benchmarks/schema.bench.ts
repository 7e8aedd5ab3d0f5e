/**
 * Throughput of person validation on generated records (all fake: `generateSources`, seed 7, person
 * records only): `validateBatch(records, 'person', { malformedIds: 'keep-in-extra' })` as the pipeline
 * calls it, on 1M records by default, then `validatePerson` against zod alone on a slice. Prints
 * records/s by wall clock and by CPU time (`process.cpuUsage`, which a shared machine inflates less),
 * medians over interleaved rounds; asserts nothing.
 *
 * Run: `node --expose-gc --max-old-space-size=8000 --import tsx benchmarks/schema.bench.ts [--count N] [--rounds R] [--baseline FILE]`
 *
 * `--baseline` races another build of `validate.ts` (e.g. the code before a change), interleaved with
 * this one so both see the same load:
 *   git archive <commit> src | tar -x -C /tmp/padan-before && ln -s "$PWD/node_modules" /tmp/padan-before/
 *   … --baseline /tmp/padan-before/src/schema/validate.ts
 */
import { parseArgs } from 'node:util';
import { personSchema } from '../src/schema/person.js';
import { validateBatch, validatePerson } from '../src/schema/validate.js';
import { generateSources } from '../src/synth/sources.js';

const { values: args } = parseArgs({
  options: { count: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '3' }, baseline: { type: 'string' } },
});
const COUNT = Number(args.count);
const ROUNDS = Number(args.rounds);

type ValidateBatch = typeof validateBatch;

function generatePersons(count: number): unknown[] {
  const records: unknown[] = [];
  // About 2.3 person records per person (several sources see each one): ask for enough, stop at `count`.
  for (const item of generateSources({ persons: Math.ceil(count / 2), seed: 7 })) {
    if (item.kind !== 'person') continue;
    records.push(item.record);
    if (records.length === count) break;
  }
  return records;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

interface Timing {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
}

function timeOnce(run: () => void): Timing {
  collectGarbage();
  const cpu = process.cpuUsage();
  const start = performance.now();
  run();
  const wallSeconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wallSeconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function rate(count: number, seconds: number): string {
  return `${Math.round(count / seconds).toLocaleString('en-US')}/s`;
}

function report(label: string, count: number, timings: readonly Timing[]): void {
  const wall = median(timings.map((t) => t.wallSeconds));
  const cpu = median(timings.map((t) => t.cpuSeconds));
  console.log(
    `${label}: median of ${timings.length}: wall ${wall.toFixed(2)} s (${rate(count, wall)}), CPU ${cpu.toFixed(2)} s (${rate(count, cpu)}), ` +
      `CPU per 1M ${((cpu / count) * 1e6).toFixed(2)} s`,
  );
}

const generationStart = performance.now();
const records = generatePersons(COUNT);
console.log(`generated ${records.length.toLocaleString('en-US')} person records in ${((performance.now() - generationStart) / 1000).toFixed(1)} s`);

const races: [string, ValidateBatch][] = [['validateBatch (this tree)', validateBatch]];
if (args.baseline !== undefined) {
  const baseline = (await import(args.baseline)) as { validateBatch: ValidateBatch };
  races.push([`validateBatch (${args.baseline})`, baseline.validateBatch]);
}
const options = { malformedIds: 'keep-in-extra' } as const;
const timings = new Map<string, Timing[]>(races.map(([label]) => [label, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  // Alternate the order so neither side always runs on a warmer (or busier) machine.
  const order = round % 2 === 0 ? races : [...races].reverse();
  for (const [label, run] of order) {
    let valid = 0;
    const timing = timeOnce(() => {
      valid = run(records, 'person', options).valid.length;
    });
    timings.get(label)?.push(timing);
    console.log(`  round ${round + 1} ${label}: wall ${timing.wallSeconds.toFixed(2)} s, CPU ${timing.cpuSeconds.toFixed(2)} s (${valid} valid)`);
  }
}
for (const [label, list] of timings) report(label, records.length, list);

// One record at a time: the fast path (zod only when it gives up) against zod alone.
const slice = records.slice(0, Math.min(records.length, 100_000));
const single: [string, (input: unknown) => unknown][] = [
  ['validatePerson (fast path, zod fallback)', (input) => validatePerson(input, options)],
  ['personSchema.safeParse (zod only)', (input) => personSchema.safeParse(input)],
];
for (const [label, validate] of single) {
  for (let i = 0; i < Math.min(slice.length, 5_000); i += 1) validate(slice[i]);
  report(label, slice.length, [timeOnce(() => slice.forEach((input) => validate(input)))]);
}
