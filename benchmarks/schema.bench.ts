/**
 * Throughput of record validation on generated records (all fake: `generateSources`, seed 7):
 * `validateBatch(records, 'person', { malformedIds: 'keep-in-extra' })` as the pipeline calls it, on 1M
 * person records by default, then `validateBatch(…, 'family')` and `(…, 'dwelling')` on the family and
 * dwelling records the same generation yields (about 0.4 and 0.27 per person record / 2.3), then each
 * `validate…` one record at a time against zod alone on a slice. Prints records/s by wall clock and by
 * CPU time (`process.cpuUsage`, which a shared machine inflates less), medians over interleaved rounds;
 * asserts nothing, except that with `--baseline` both builds return the same batches.
 *
 * Run: `node --expose-gc --max-old-space-size=8000 --import tsx benchmarks/schema.bench.ts [--count N] [--rounds R] [--kinds person,family,dwelling] [--baseline FILE]`
 *
 * `--baseline` races another build of `validate.ts` (e.g. the code before a change), interleaved with
 * this one so both see the same load:
 *   git archive <commit> src | tar -x -C /tmp/padan-before && ln -s "$PWD/node_modules" /tmp/padan-before/
 *   … --baseline /tmp/padan-before/src/schema/validate.ts
 */
import { parseArgs } from 'node:util';
import { dwellingSchema } from '../src/schema/dwelling.js';
import { familySchema } from '../src/schema/family.js';
import { personSchema } from '../src/schema/person.js';
import { validateBatch, validateDwelling, validateFamily, validatePerson, type RecordKinds } from '../src/schema/validate.js';
import { generateSources } from '../src/synth/sources.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
    kinds: { type: 'string', default: 'person,family,dwelling' },
    baseline: { type: 'string' },
  },
});
const COUNT = Number(args.count);
const ROUNDS = Number(args.rounds);

type ValidateBatch = typeof validateBatch;

type Kind = keyof RecordKinds;
const KINDS = args.kinds.split(',') as Kind[];

/** Person records up to `count`, and the family and dwelling records of the same generation. */
function generateRecords(count: number): Record<Kind, unknown[]> {
  const records: Record<Kind, unknown[]> = { person: [], family: [], dwelling: [] };
  // About 2.3 person records per person (several sources see each one): ask for enough, stop at `count`.
  for (const item of generateSources({ persons: Math.ceil(count / 2), seed: 7 })) {
    if (item.kind === 'person' && records.person.length === count) continue;
    if (item.kind === 'person' || item.kind === 'family' || item.kind === 'dwelling') records[item.kind].push(item.record);
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
const generated = generateRecords(COUNT);
console.log(
  `generated ${KINDS.map((kind) => `${generated[kind].length.toLocaleString('en-US')} ${kind}`).join(', ')} records in ` +
    `${((performance.now() - generationStart) / 1000).toFixed(1)} s`,
);

const races: [string, ValidateBatch][] = [['validateBatch (this tree)', validateBatch]];
if (args.baseline !== undefined) {
  const baseline = (await import(args.baseline)) as { validateBatch: ValidateBatch };
  races.push([`validateBatch (${args.baseline})`, baseline.validateBatch]);
}
const personOptions = { malformedIds: 'keep-in-extra' } as const;
for (const kind of KINDS) {
  const records = generated[kind];
  const options = kind === 'person' ? personOptions : undefined;
  const timings = new Map<string, Timing[]>(races.map(([label]) => [label, []]));
  const outputs = new Map<string, string>();
  for (let round = 0; round < ROUNDS; round += 1) {
    // Alternate the order so neither side always runs on a warmer (or busier) machine.
    const order = round % 2 === 0 ? races : [...races].reverse();
    for (const [label, run] of order) {
      let result: ReturnType<ValidateBatch> | undefined;
      const timing = timeOnce(() => {
        result = run(records, kind, options);
      });
      timings.get(label)?.push(timing);
      // Same batches from both builds: values, key order, rejections and warnings.
      if (round === 0 && races.length > 1) outputs.set(label, JSON.stringify(result));
      console.log(
        `  round ${round + 1} ${kind} ${label}: wall ${timing.wallSeconds.toFixed(2)} s, CPU ${timing.cpuSeconds.toFixed(2)} s (${result?.valid.length} valid)`,
      );
    }
  }
  if (outputs.size > 1 && new Set(outputs.values()).size !== 1) throw new Error(`${kind}: the builds return different batches`);
  for (const [label, list] of timings) report(`${kind} ${label}`, records.length, list);
}

// One record at a time: the fast path (zod only when it gives up) against zod alone.
const single: Record<Kind, [string, (input: unknown) => unknown][]> = {
  person: [
    ['validatePerson (fast path, zod fallback)', (input) => validatePerson(input, personOptions)],
    ['personSchema.safeParse (zod only)', (input) => personSchema.safeParse(input)],
  ],
  family: [
    ['validateFamily (fast path, zod fallback)', (input) => validateFamily(input)],
    ['familySchema.safeParse (zod only)', (input) => familySchema.safeParse(input)],
  ],
  dwelling: [
    ['validateDwelling (fast path, zod fallback)', (input) => validateDwelling(input)],
    ['dwellingSchema.safeParse (zod only)', (input) => dwellingSchema.safeParse(input)],
  ],
};
for (const kind of KINDS) {
  const slice = generated[kind].slice(0, 100_000);
  for (const [label, validate] of single[kind]) {
    for (let i = 0; i < Math.min(slice.length, 5_000); i += 1) validate(slice[i]);
    report(label, slice.length, [timeOnce(() => slice.forEach((input) => validate(input)))]);
  }
}
