/**
 * One fuzz worker process: runs inputs [from, to) of one entry point and reports, as JSON lines on
 * stdout, what happened. Its parent (`run.ts`) watches it: a worker that goes silent is hung, one that
 * dies without a last word crashed (V8 abort, out of memory); the parent then finds the input and
 * carries on past it in a fresh process.
 *
 *   node --import tsx benchmarks/fuzz/worker.ts <entry> <seed> <from> <to> <verbose 0|1>
 *   node --import tsx benchmarks/fuzz/worker.ts --all <cheap inputs> <heavy inputs> <seed>   # the CI slice
 *   node --import tsx benchmarks/fuzz/worker.ts --repro <entry> <seed> <index>              # one input, described
 *
 * FUZZ_HUGE_WEIGHT / FUZZ_NEST_WEIGHT set how often huge strings and deep nests come up (1 = as in CI).
 */
import * as fc from './gen.js';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as T from '../../src/index.js';
import { api as padan } from './exports.js';
import { containsIdentifier, isOpaqueId } from '../../src/_internal/redact.js';
import { runCli } from '../../src/cli/runCli.js';
import { naturalEntityId } from '../../src/cluster/entityIds.js';
import { ENTRY_POINTS, PUBLIC_EXPORTS, STORE_WRITES, harnessClock, type EntryPoint, type FuzzContext } from './entryPoints.js';
import { fuzzProfile, hostileRecords, hostileString, writtenNik } from './hostile.js';
import { storeReportEntryPoints } from './storeReportEntryPoints.js';
import { engineEntryPoints } from './engineEntryPoints.js';

export interface Counts {
  inputs: number;
  ok: number;
  typedErrors: number;
  untypedThrows: number;
  invariantBreaks: number;
  leaks: number;
}

const TYPED_CODES = new Set([
  'invalid-argument',
  'invalid-input',
  'invalid-config',
  'invalid-model',
  'invalid-policy',
  'invalid-snapshot',
  'region-data-unavailable',
  'internal',
]);
// Text meant for people: a string under one of these keys, or in an array under one. Identifiers kept as
// data beside a message (an issue's recordId, a parsed NIK) are data, not messages (DESIGN.md invariant 6).
const MESSAGE_KEY = /^(?:message|messages|details?|reason|description|hint|summary)$/i;

/** CPU time of this process so far, start-up included. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return Math.round((usage.user + usage.system) / 1000);
}

function send(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Every string of a value under a message-like key (bounded walk, no recursion). */
function messageStrings(value: unknown, out: string[]): void {
  // Most results are numbers, strings or small flat values: no walk for those.
  if (typeof value !== 'object' || value === null) return;
  const stack: [unknown, boolean][] = [[value, false]];
  let budget = 200_000;
  const seen = new Set<object>();
  while (stack.length > 0 && budget-- > 0) {
    const [current, isMessage] = stack.pop() as [unknown, boolean];
    if (typeof current === 'string') {
      if (isMessage) out.push(current);
      continue;
    }
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (ArrayBuffer.isView(current)) continue;
    const inArray = Array.isArray(current);
    for (const key of Object.keys(current)) stack.push([(current as Record<string, unknown>)[key], MESSAGE_KEY.test(key) || (inArray && isMessage)]);
  }
}

/** An error's texts a person reads: message, string form, details and cause; its stack on every STACK_EVERY-th throw. */
function errorTexts(error: unknown, nth: number): string[] {
  const texts: string[] = [];
  if (error instanceof Error) {
    texts.push(error.message, String(error));
    if (nth % STACK_EVERY === 0 && error.stack) texts.push(error.stack);
    messageStrings((error as { details?: unknown }).details, texts);
    if ('cause' in error) texts.push(...errorTexts(error.cause, nth));
  } else {
    try {
      texts.push(String(error));
    } catch {
      /* a thrown value without a string form has no text to leak */
    }
  }
  return texts;
}

/** The canaries: results that must not change, whatever a throw left behind (shared buffers …). */
const CANARIES: readonly [string, () => unknown][] = [
  ['jaroSimilarity', () => padan.jaroSimilarity('RIZKY', 'RIZKI')],
  ['jaroWinklerSimilarity long', () => padan.jaroWinklerSimilarity('MUHAMMAD RIZKY PRATAMA SAPUTRA WIJAYA', 'MUHAMAD RIZKI PRATAMA SAPUTRA WIJAYA')],
  ['levenshteinDistance', () => padan.levenshteinDistance('SUHARTO', 'SOEHARTO')],
  ['levenshteinDistance long', () => padan.levenshteinDistance('SITI NURHALIZA BINTI ABDUL RACHMAN SANTOSO', 'SITI NURHALIZAH BINTI ABDOEL RAHMAN SANTOSA')],
  ['damerauLevenshteinDistance', () => padan.damerauLevenshteinDistance('ABDUL RACHMAN', 'ABDLU RAHCMAN')],
  ['damerauLevenshteinDistance long', () => padan.damerauLevenshteinDistance('x'.repeat(40) + 'AB', 'x'.repeat(40) + 'BA', { restricted: true })],
  ['tokenSetSimilarity', () => padan.tokenSetSimilarity('SITI AMINAH', 'AMINAH NUR SITI')],
  ['nameSimilarity', () => padan.nameSimilarity(['M', 'RIZKI'], ['RIZKI', 'MUHAMMAD'])],
  ['parseNik', () => JSON.stringify(padan.parseNik('3201015205900001', { referenceDate: '2024-06-30' }))],
  ['standardizeName', () => padan.standardizeName('Hj.Siti Noer Djanah binti Abdoel Rachman, S.Pd.').canonical],
  ['standardizeAddress', () => JSON.stringify(padan.standardizeAddress('Jl. Mawar RT 07 RW 05'))],
  [
    'validatePerson',
    () =>
      JSON.stringify(padan.validatePerson({ source: 'dtks', recordId: 'A1', observedAt: '2024-03-01', channel: { kind: 'registry' }, name: 'Siti', sex: 'P' })),
  ],
  ['maskNik', () => padan.maskNik('3201-0152-0590-0001')],
];
const canaryValues = CANARIES.map(([, f]) => f());

function brokenCanary(): string | undefined {
  for (let i = 0; i < CANARIES.length; i++) {
    const [name, f] = CANARIES[i] as [string, () => unknown];
    let value: unknown;
    try {
      value = f();
    } catch (error) {
      value = `throws ${String(error)}`;
    }
    if (!Object.is(value, canaryValues[i])) return `state corrupted: ${name} now gives ${String(value).slice(0, 80)}`;
  }
  return undefined;
}

/** The CLI as an entry point: hostile input files and arguments; every non-data output file is scanned. */
const CLI_ENTRY: EntryPoint = {
  name: 'padan resolve (CLI)',
  // The package's bin, not an export of an entry point.
  export: 'bin:padan',
  heavy: true,
  args: () =>
    fc
      .tuple(
        hostileRecords(10),
        fc.array(
          fc.oneof(
            hostileString,
            writtenNik.map((n) => JSON.stringify({ source: 'dtks', recordId: n, name: 'x', nik: n })),
          ),
          { maxLength: 3 },
        ),
        fc.constantFrom('ndjson', 'csv'),
        fc.option(
          fc.oneof(
            writtenNik.map((n) => `--${n}`),
            fc.constantFrom('--model', '--bogus'),
          ),
          { freq: 5 },
        ),
      )
      .map((a) => [...a]),
  check: (result) => {
    const malformed = (result as { malformed?: string[] }).malformed ?? [];
    return malformed.length === 0 ? undefined : `output file ${malformed[0]} has a line that is not JSON`;
  },
  call: async (args, ctx) => {
    const [records, rawLines, format, extra] = args as [unknown[], string[], string, string | null];
    const dir = mkdtempSync(join(ctx.tmpDir, 'cli-'));
    try {
      const file = join(dir, `in.${format}`);
      const lines = records.map((r) => {
        try {
          return JSON.stringify(r) ?? 'null';
        } catch {
          return '{}';
        }
      });
      writeFileSync(
        file,
        format === 'csv'
          ? `source,recordId,name,nik\n${rawLines.map((l) => l.replace(/\n/g, ' ')).join('\n')}\n`
          : [...lines, ...rawLines.map((l) => l.replace(/\n/g, ' '))].join('\n'),
      );
      let stdout = '';
      let stderr = '';
      const io = { stdout: { write: (s: string) => ((stdout += s), true) }, stderr: { write: (s: string) => ((stderr += s), true), isTTY: false } } as never;
      const argv = ['resolve', '--in', file, '--out', join(dir, 'out'), '--quiet', ...(extra ? [extra] : [])];
      const code = await runCli(argv, io);
      const texts = [stdout, stderr];
      // Output files padan writes as JSON / NDJSON must stay parseable after redaction.
      const malformed: string[] = [];
      let outFiles: string[] = [];
      try {
        outFiles = readdirSync(join(dir, 'out'));
      } catch {
        /* no output folder: the run was refused */
      }
      // persons, families, households and the links table are the data product: identifiers there are data (invariant 6). Everything else is scanned.
      for (const name of outFiles) {
        if (name === 'persons.ndjson' || name === 'families.ndjson' || name === 'households.ndjson' || name === 'links.csv') continue;
        const text = readFileSync(join(dir, 'out', name), 'utf8');
        // JSON files (report.json, NDJSON lines): their strings, keys and long integers; fractions
        // are probabilities, not identifiers. Anything that is not JSON is scanned as text.
        let whole: unknown;
        try {
          whole = JSON.parse(text);
        } catch {
          whole = undefined;
        }
        if (whole !== undefined) collectAllStrings(whole, texts);
        else {
          for (const line of text.split('\n')) {
            if (line.trim() === '') continue;
            try {
              collectAllStrings(JSON.parse(line), texts);
            } catch {
              texts.push(line);
              malformed.push(name);
            }
          }
        }
      }
      return { code, cliTexts: texts, malformed };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function collectAllStrings(value: unknown, out: string[]): void {
  const stack = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      if (!isOpaqueId(current)) out.push(current);
    } else if (typeof current === 'number' && Number.isInteger(current) && Math.abs(current) >= 1e11) out.push(String(current));
    else if (typeof current === 'object' && current !== null) {
      for (const key of Object.keys(current)) {
        out.push(key);
        stack.push((current as Record<string, unknown>)[key]);
      }
    }
  }
}

export const ALL_ENTRY_POINTS: readonly EntryPoint[] = [...ENTRY_POINTS, ...storeReportEntryPoints(), ...engineEntryPoints(), CLI_ENTRY];

/**
 * Where workers write their files (the CLI's input and output, synthetic datasets): `FUZZ_TMPDIR`
 * (run.ts makes one per run and removes it at the end, also what a killed worker left), else memory
 * (/dev/shm) where there is one, else the system's temporary folder. Files in memory cost no disk IO.
 */
export function scratchRoot(): string {
  const chosen = process.env.FUZZ_TMPDIR;
  if (chosen !== undefined && chosen !== '') return chosen;
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

export function buildContext(): FuzzContext {
  const persons: unknown[] = [];
  const families: unknown[] = [];
  const dwellings: unknown[] = [];
  for (const item of padan.generateSources({ persons: 40, seed: 17 })) {
    if (item.kind === 'person') persons.push(item.record);
    else if (item.kind === 'family') families.push(item.record);
    else dwellings.push(item.record);
  }
  const result = padan.resolve({ persons, families, dwellings }) as T.Resolution;
  const resolution = result.persons;
  const policy = padan.compilePolicy(padan.dtsenPersonPolicy) as unknown as T.CompiledPolicy<T.MergeRecord>;
  const tmpDir = mkdtempSync(join(scratchRoot(), 'padan-fuzz-'));
  mkdirSync(tmpDir, { recursive: true });
  let store: T.MemoryEntityStore | undefined;
  let storeUses = 0;
  let storeWrites = 0;
  let storeCalls = 0;
  return {
    resolution,
    result,
    model: resolution.model,
    policy,
    families,
    dwellings,
    tmpDir,
    refs: persons.slice(0, 30).map((p) => ({ source: (p as { source: string }).source, recordId: (p as { recordId: string }).recordId })),
    entityIds: [
      ...resolution.clusters.slice(0, 20).map((c) => c.id),
      ...persons.slice(0, 10).map((p) => naturalEntityId(`${(p as { source: string }).source}\u0000${(p as { recordId: string }).recordId}`)),
    ],
    store() {
      storeCalls++;
      // A fresh store now and then, so fuzzed batches do not pile up and refused writes stay cheap to roll back.
      if (store === undefined || ++storeUses > 200 || storeWrites >= STORE_WRITES) {
        const started = performance.now();
        store = padan.createEntityStore({ model: resolution.model, policy: padan.dtsenPersonPolicy }) as T.MemoryEntityStore;
        // The in-memory store's writes complete synchronously inside the returned Promise.
        void store.add(persons.slice(0, 30));
        storeUses = 0;
        storeWrites = 0;
        harnessClock.ms += performance.now() - started;
      }
      return store as T.MemoryEntityStore;
    },
    wrote() {
      storeWrites++;
    },
    get storeCalls() {
      return storeCalls;
    },
  };
}

/** How a worker reports: counts at most every `reportMs` (and at the end); one line per input when verbose. */
export interface WorkerOptions {
  readonly verbose?: boolean;
  readonly reportMs?: number;
  /** Leave (a clean `restart`) once the heap passes this, so a slow leak in one process does not spread. */
  readonly maxHeapMb?: number;
  /** Stop at the first report after this time (`performance.now()`), with `done` and `budget: true`. */
  readonly deadline?: number;
  /** Where the worker's lines go (default: stdout, for the parent process). */
  readonly sink?: (message: Record<string, unknown>) => void;
  /** When given, the wall time of each phase of each input is added here (profile.ts). */
  readonly profile?: PhaseTimes;
}

/**
 * Where a worker's time goes, summed over its inputs (milliseconds of wall time, `performance.now()`):
 * making the input, the call itself, the harness's own work inside a call (the store's state before
 * and after a transaction, `harnessMs`), scanning results and errors for identifiers, the entry's
 * invariant check, and the canaries.
 */
export interface PhaseTimes {
  inputs: number;
  gen: number;
  call: number;
  harness: number;
  scan: number;
  check: number;
  canary: number;
}

export function zeroPhases(): PhaseTimes {
  return { inputs: 0, gen: 0, call: 0, harness: 0, scan: 0, check: 0, canary: 0 };
}

/** The arguments of input `index` of an entry point: a pure function of (seed, entry point, index). */
export function inputOf(entry: EntryPoint, arbitrary: fc.Arbitrary<unknown[]>, seed: number, index: number): unknown[] {
  return arbitrary.generate(new fc.Rng(fc.inputSeed(seed, entry.name, index)));
}

// Canaries after every 512th throw and every 2,000 inputs: a broken one names the window the culprit is in.
const CANARY_EVERY_THROWS = 512;
const CANARY_EVERY_INPUTS = 2_000;
// Formatting a stack (through tsx's source maps) costs more than most calls; a sample of them is scanned.
const STACK_EVERY = 64;

export async function runWorker(
  entryName: string,
  seed: number,
  from: number,
  to: number,
  options: WorkerOptions = {},
  shared?: FuzzContext,
): Promise<'done' | 'restart'> {
  const entry = ALL_ENTRY_POINTS.find((e) => e.name === entryName);
  if (entry === undefined) throw new Error(`no entry point ${entryName}`);
  const context = shared ?? buildContext();
  const fn = PUBLIC_EXPORTS[entry.name];
  const call = entry.call ?? ((args: unknown[]) => (fn as (...a: unknown[]) => unknown)(...args));
  const arbitrary = entry.args(context);
  const verbose = options.verbose === true;
  const reportMs = options.reportMs ?? 500;
  const maxHeap = (options.maxHeapMb ?? 1024) * 1024 * 1024;
  const out = options.sink ?? send;
  const profile = options.profile;
  // Phase boundaries (profile.ts only): the clock is read only when profiling.
  let mark = 0;
  const lap = (phase: Exclude<keyof PhaseTimes, 'inputs'>): void => {
    if (profile === undefined) return;
    const now = performance.now();
    profile[phase] += now - mark;
    mark = now;
  };
  let counts: Counts = zero();
  let examples = 0;
  let throwsSinceCanary = 0;
  let canaryFrom = from;
  let lastReport = performance.now();
  const example = (kind: string, index: number, detail: string): void => {
    if (examples++ < 20) out({ t: 'example', kind, index, detail: detail.slice(0, process.env.FUZZ_STACK === '1' ? 1200 : 400) });
  };
  try {
    for (let i = from; i < to; i++) {
      if (profile !== undefined) {
        mark = performance.now();
        profile.inputs++;
      }
      const args = inputOf(entry, arbitrary, seed, i);
      lap('gen');
      if (verbose) out({ t: 'start', i });
      counts.inputs++;
      let threw = false;
      const harnessBefore = harnessClock.ms;
      try {
        let result = call(args, context);
        // Only padan's own promises are awaited: a returned object may carry a hostile `then` from its input.
        if (result instanceof Promise) result = await result;
        if (profile !== undefined) {
          lap('call');
          profile.call -= harnessClock.ms - harnessBefore;
          profile.harness += harnessClock.ms - harnessBefore;
        }
        counts.ok++;
        const texts: string[] = [];
        const cliTexts = (result as { cliTexts?: string[] } | null)?.cliTexts;
        if (cliTexts) texts.push(...cliTexts);
        else messageStrings(result, texts);
        for (const text of texts) {
          if (containsIdentifier(text)) {
            counts.leaks++;
            example('leak', i, text.slice(0, 200));
            break;
          }
        }
        lap('scan');
        let problem: string | undefined;
        try {
          problem = entry.check?.(result, args);
        } catch (error) {
          problem = `check threw ${String(error)}`;
        }
        if (problem !== undefined) {
          counts.invariantBreaks++;
          example('invariant', i, problem);
        }
        lap('check');
      } catch (error) {
        if (profile !== undefined) {
          lap('call');
          profile.call -= harnessClock.ms - harnessBefore;
          profile.harness += harnessClock.ms - harnessBefore;
        }
        threw = true;
        if (error instanceof padan.PadanError && TYPED_CODES.has((error as { code: string }).code)) counts.typedErrors++;
        else {
          counts.untypedThrows++;
          // FUZZ_STACK=1 adds where it was thrown (to find the line to fix).
          const where =
            process.env.FUZZ_STACK === '1'
              ? ` @ ${String((error as Error)?.stack ?? '')
                  .split('\n')
                  .slice(1, 5)
                  .map((l) => l.trim())
                  .join(' < ')}`
              : '';
          example('untyped', i, `${(error as Error)?.constructor?.name}: ${padan.redactIdentifiers(String((error as Error)?.message ?? error) + where)}`);
        }
        const texts = errorTexts(error, counts.untypedThrows + counts.typedErrors);
        const leaked = texts.find(containsIdentifier);
        if (leaked !== undefined) {
          counts.leaks++;
          example('leak', i, leaked.slice(0, 200));
        }
        lap('scan');
      }
      if ((threw && ++throwsSinceCanary >= CANARY_EVERY_THROWS) || i + 1 - canaryFrom >= CANARY_EVERY_INPUTS || i + 1 === to) {
        const broken = brokenCanary();
        if (broken !== undefined) {
          counts.invariantBreaks++;
          example('invariant', i, `${broken} (after an input in ${canaryFrom}–${i}: rerun them with --repro to find it)`);
          out({ t: 'counts', next: i + 1, counts });
          out({ t: 'restart', cpuMs: cpuMs() });
          return 'restart';
        }
        throwsSinceCanary = 0;
        canaryFrom = i + 1;
        lap('canary');
      }
      // The clock is cheap next to any input; a heavy entry point can take seconds per input.
      if (verbose || i + 1 === to || performance.now() - lastReport >= reportMs) {
        out({ t: 'counts', next: i + 1, counts });
        counts = zero();
        lastReport = performance.now();
        if (!verbose && i + 1 < to && process.memoryUsage().heapUsed > maxHeap) {
          out({ t: 'restart', cpuMs: cpuMs() });
          return 'restart';
        }
        if (options.deadline !== undefined && i + 1 < to && lastReport > options.deadline) {
          out({ t: 'done', cpuMs: cpuMs(), budget: true });
          return 'done';
        }
      }
    }
    out({ t: 'done', cpuMs: cpuMs() });
    return 'done';
  } finally {
    if (shared === undefined) rmSync(context.tmpDir, { recursive: true, force: true });
  }
}

/** Runs one input and prints what it is and what it gave, with the whole stack: for reproducing a finding. */
export async function reproduce(entryName: string, seed: number, index: number): Promise<void> {
  const entry = ALL_ENTRY_POINTS.find((e) => e.name === entryName);
  if (entry === undefined) throw new Error(`no entry point ${entryName}`);
  const context = buildContext();
  const args = inputOf(entry, entry.args(context), seed, index);
  console.log(`input ${index} of ${entry.name} (seed ${seed}):\n${describeValue(args)}`);
  const fn = PUBLIC_EXPORTS[entry.name];
  const started = performance.now();
  try {
    const result = await (entry.call ?? ((a: unknown[]) => (fn as (...x: unknown[]) => unknown)(...a)))(args, context);
    console.log(`returned after ${(performance.now() - started).toFixed(0)} ms: ${describeValue(result)}`);
    const problem = entry.check?.(result, args);
    if (problem !== undefined) console.log(`invariant: ${problem}`);
  } catch (error) {
    console.log(`threw after ${(performance.now() - started).toFixed(0)} ms: ${padan.redactIdentifiers(String((error as Error)?.stack ?? error))}`);
  }
  console.log(`canaries: ${brokenCanary() ?? 'intact'}`);
  rmSync(context.tmpDir, { recursive: true, force: true });
}

/** A bounded, readable picture of a value: long strings by length and start, deep nests by depth. */
export function describeValue(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value.length > 80 ? `<string of ${value.length}: ${JSON.stringify(value.slice(0, 24))}…>` : JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return '<function>';
  if (typeof value === 'symbol' || typeof value !== 'object' || value === null) return Object.is(value, -0) ? '-0' : String(value);
  let levels = 0;
  let inner: unknown = value;
  while (typeof inner === 'object' && inner !== null && levels < 100_000) {
    const keys = Object.keys(inner);
    if (keys.length !== 1 || !(Array.isArray(inner) ? keys[0] === '0' : keys[0] === 'a')) break;
    inner = (inner as Record<string, unknown>)[keys[0] as string];
    levels++;
  }
  if (levels > 8) return `<${levels} levels of ${Array.isArray(value) ? '[…]' : '{ a: … }'} around ${describeValue(inner, depth + 1)}>`;
  if (depth > 6) return Array.isArray(value) ? '[…]' : '{…}';
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as { length?: number }).length ?? '?'})`;
  if (Array.isArray(value))
    return `[${value
      .slice(0, 12)
      .map((v) => describeValue(v, depth + 1))
      .join(', ')}${value.length > 12 ? `, … ${value.length} in all` : ''}]`;
  const name = value.constructor?.name;
  const keys = Object.keys(value);
  const body = keys
    .slice(0, 16)
    .map((k) => `${JSON.stringify(k)}: ${describeValue((value as Record<string, unknown>)[k], depth + 1)}`)
    .join(', ');
  return `${name && name !== 'Object' ? `${name} ` : ''}{${body}${keys.length > 16 ? ', …' : ''}}`;
}
/**
 * Several entry points in one process, one after the other (a `begin` line before each): start-up is
 * paid once. Each runs [from, to) or until its time budget is spent. The parent restarts the rest in a
 * new process after a hang, a crash or a restart.
 */
export async function runMany(
  plan: readonly { readonly name: string; readonly from: number; readonly to: number; readonly budgetMs: number }[],
  seed: number,
): Promise<void> {
  const context = buildContext();
  for (const step of plan) {
    send({ t: 'begin', entry: step.name, cpuMs: cpuMs() });
    // After a restart (a broken canary, a full heap) the parent goes on in a fresh process.
    if ((await runWorker(step.name, seed, step.from, step.to, step.budgetMs > 0 ? { deadline: performance.now() + step.budgetMs } : {}, context)) === 'restart')
      return;
  }
  rmSync(context.tmpDir, { recursive: true, force: true });
  send({ t: 'all-done' });
}

/**
 * The CI slice: every entry point in one process, `cheap` inputs each (`heavy` for heavy ones), one
 * `{ t: 'entry', name, counts }` line per entry point. The parent's time limit catches a hang, and a
 * missing line names the entry point that crashed.
 */
export async function runAllInOneProcess(cheap: number, heavy: number, seed: number): Promise<void> {
  const saved = process.stdout.write.bind(process.stdout);
  const context = buildContext();
  for (const entry of ALL_ENTRY_POINTS) {
    const counts = zero();
    const examples: { kind: string; index: number; detail: string }[] = [];
    // runWorker speaks in lines; collect them for this entry point instead of passing them through.
    process.stdout.write = ((chunk: string) => {
      for (const line of String(chunk).split('\n')) {
        if (line === '') continue;
        const message = JSON.parse(line) as { t: string; counts?: Counts; kind?: string; index?: number; detail?: string };
        if (message.t === 'counts' && message.counts) for (const key of Object.keys(counts) as (keyof Counts)[]) counts[key] += message.counts[key];
        else if (message.t === 'example' && examples.length < 3)
          examples.push({ kind: message.kind as string, index: message.index as number, detail: message.detail as string });
      }
      return true;
    }) as typeof process.stdout.write;
    try {
      await runWorker(entry.name, seed, 0, entry.heavy ? heavy : cheap, { reportMs: 1e9 }, context);
    } finally {
      process.stdout.write = saved;
    }
    send({ t: 'entry', name: entry.name, counts, examples });
  }
  rmSync(context.tmpDir, { recursive: true, force: true });
  send({ t: 'done' });
}

export function zero(): Counts {
  return { inputs: 0, ok: 0, typedErrors: 0, untypedThrows: 0, invariantBreaks: 0, leaks: 0 };
}

if (process.argv[1]?.endsWith('worker.ts')) {
  const [entry, seed, from, to, verbose] = process.argv.slice(2);
  // tsx maps every stack it formats back to the sources, at ~0.4 ms a stack; the leak scan reads a
  // sample of stacks for what they carry (messages), not for line numbers. --repro and FUZZ_STACK=1 keep them.
  if (entry !== '--repro' && process.env.FUZZ_STACK !== '1') process.setSourceMapsEnabled(false);
  const huge = process.env.FUZZ_HUGE_WEIGHT;
  if (huge !== undefined) fuzzProfile.hugeWeight = Number(huge);
  const nestWeight = process.env.FUZZ_NEST_WEIGHT;
  if (nestWeight !== undefined) fuzzProfile.nestWeight = Number(nestWeight);
  const work =
    entry === '--all'
      ? runAllInOneProcess(Number(seed), Number(from), Number(to)) // --all <cheap> <heavy> <seed>
      : entry === '--repro'
        ? reproduce(seed as string, Number(from), Number(to)) // --repro <entry> <seed> <index>
        : entry === '--many'
          ? runMany(JSON.parse(seed as string), Number(from)) // --many <plan JSON> <seed>
          : runWorker(entry as string, Number(seed), Number(from), Number(to), { verbose: verbose === '1' });
  work.then(
    () => process.exit(0),
    (error) => {
      send({ t: 'fatal', detail: padan.redactIdentifiers(String(error?.stack ?? error)) });
      process.exit(2);
    },
  );
}
