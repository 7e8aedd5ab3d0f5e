/**
 * The fuzz benchmark: fast-check over every public entry point with hostile input, each slice in a
 * child process with a time limit, so aborts (V8 out of memory) and hangs are counted, not fatal.
 *
 *   npx tsx benchmarks/fuzz/run.ts                      # full: 10^6 inputs per cheap entry point, 10^4 per heavy one
 *   npx tsx benchmarks/fuzz/run.ts --cheap 2000 --heavy 20 --seed 17   # a short seeded slice (CI)
 *   npx tsx benchmarks/fuzz/run.ts --only parseNik,maskNik --jobs 2
 *   npx tsx benchmarks/fuzz/run.ts --list                # the entry points, one a line (to split a long run)
 *   npx tsx benchmarks/fuzz/run.ts --only … --out part-1.json   # then summarize.ts merges the parts
 *
 * Counts per entry point: inputs, ok, typed errors (PadanError with a code), untyped throws, invariant
 * breaks (bounds, symmetry, records accounted for, corrupted state after a throw), hangs, crashes, and
 * leaks (a full NIK/KK in an error, a message, or a CLI output file other than the data product).
 * Writes `benchmarks/results/fuzz-<date>-<commit>.json` unless `--no-write`; exits 1 when any count
 * but inputs, ok and typed errors is not zero.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicFunctionNames, reportFunctionNames } from './entryPoints.js';
import { ALL_ENTRY_POINTS, CHUNK_CHEAP, CHUNK_HEAVY, type Counts } from './worker.js';

export interface FuzzOptions {
  readonly cheap: number;
  readonly heavy: number;
  readonly seed: number;
  readonly jobs: number;
  readonly only?: readonly string[];
  /** An input running longer than this is a hang (cheap / heavy entry points). */
  readonly hangMs?: { readonly cheap: number; readonly heavy: number };
  readonly log?: (line: string) => void;
}

export interface EntryResult extends Counts {
  readonly entry: string;
  readonly heavy: boolean;
  hangs: number;
  crashes: number;
  ms: number;
  readonly examples: { kind: string; index: number; detail: string }[];
}

const here = dirname(fileURLToPath(import.meta.url));
const WORKER = join(here, 'worker.ts');

interface SliceEnd {
  readonly next: number;
  readonly outcome: 'done' | 'restart' | 'hang' | 'crash';
}

/** Runs [from, to) in one child; resolves when it ends, with how far it got. */
function runSlice(entry: string, seed: number, from: number, to: number, verbose: boolean, silenceMs: number, result: EntryResult): Promise<SliceEnd> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=1536', '--stack-size=984', '--import', 'tsx', WORKER, entry, String(seed), String(from), String(to), verbose ? '1' : '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let next = from;
    let ended: SliceEnd['outcome'] | undefined;
    let timer = setTimeout(onSilence, silenceMs + 20_000); // start-up: building the context
    function onSilence(): void {
      ended = 'hang';
      child.kill('SIGKILL');
    }
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let message: { t: string; next?: number; counts?: Counts; kind?: string; index?: number; detail?: string };
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(onSilence, silenceMs);
      if (message.t === 'counts' && message.counts) {
        next = message.next as number;
        for (const key of Object.keys(message.counts) as (keyof Counts)[]) result[key] += message.counts[key];
      } else if (message.t === 'example' && result.examples.length < 20) {
        result.examples.push({ kind: message.kind as string, index: message.index as number, detail: message.detail as string });
      } else if (message.t === 'done') ended = 'done';
      else if (message.t === 'restart') ended = 'restart';
      else if (message.t === 'fatal') result.examples.push({ kind: 'fatal', index: next, detail: String(message.detail).slice(0, 400) });
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    child.on('close', () => {
      clearTimeout(timer);
      lines.close();
      if (ended === undefined) {
        ended = 'crash';
        if (result.examples.length < 20) result.examples.push({ kind: 'crash', index: next, detail: stderr.split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 400) });
      }
      resolve({ next, outcome: ended });
    });
  });
}

/** Fuzzes one entry point: chunked slices; on a hang or crash, finds the input in verbose mode and steps past it. */
async function fuzzEntry(name: string, heavy: boolean, total: number, options: FuzzOptions): Promise<EntryResult> {
  const result: EntryResult = { entry: name, heavy, inputs: 0, ok: 0, typedErrors: 0, untypedThrows: 0, invariantBreaks: 0, leaks: 0, hangs: 0, crashes: 0, ms: 0, examples: [] };
  const started = performance.now();
  // Generous: the machine is shared, and a real hang (a loop without end) runs over any limit.
  const hangMs = heavy ? (options.hangMs?.heavy ?? 120_000) : (options.hangMs?.cheap ?? 30_000);
  const chunk = heavy ? CHUNK_HEAVY : CHUNK_CHEAP;
  // One process per slice of this many inputs keeps a slow leak in one worker from spreading.
  const slice = heavy ? 2_000 : 200_000;
  let next = 0;
  let verbose = false;
  while (next < total) {
    const to = verbose ? Math.min(total, (Math.floor(next / chunk) + 1) * chunk) : Math.min(total, next + slice);
    const end = await runSlice(name, options.seed, next, to, verbose, verbose ? hangMs : hangMs * 4, result);
    if (end.outcome === 'done' || end.outcome === 'restart') {
      next = end.next;
      verbose = false;
    } else if (!verbose) {
      // Somewhere after end.next: run that chunk again one input at a time to find the culprit.
      next = end.next;
      verbose = true;
    } else {
      // Verbose mode: end.next is the input that started and never finished.
      if (end.outcome === 'hang') result.hangs++;
      else result.crashes++;
      if (result.examples.length < 20) result.examples.push({ kind: end.outcome, index: end.next, detail: `input ${end.next} (seed ${options.seed}) ${end.outcome === 'hang' ? `ran over ${hangMs} ms` : 'killed the process'}` });
      result.inputs++;
      next = end.next + 1;
      verbose = false;
    }
  }
  result.ms = Math.round(performance.now() - started);
  return result;
}

export async function runFuzz(options: FuzzOptions): Promise<EntryResult[]> {
  const entries = ALL_ENTRY_POINTS.filter((e) => !options.only || options.only.includes(e.name));
  const queue = [...entries];
  const results: EntryResult[] = [];
  const work = async (): Promise<void> => {
    for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
      const result = await fuzzEntry(entry.name, entry.heavy === true, entry.heavy ? options.heavy : options.cheap, options);
      results.push(result);
      options.log?.(formatRow(result));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs) }, work));
  return results.sort((a, b) => entries.findIndex((e) => e.name === a.entry) - entries.findIndex((e) => e.name === b.entry));
}

export function failures(result: EntryResult): number {
  return result.untypedThrows + result.invariantBreaks + result.leaks + result.hangs + result.crashes;
}

function formatRow(r: EntryResult): string {
  const rank = (kind: string) => ['leak', 'crash', 'hang', 'invariant', 'fatal'].indexOf(kind) >>> 0;
  const shown = [...r.examples].sort((a, b) => rank(a.kind) - rank(b.kind));
  const bad = failures(r) > 0 ? `  ← ${shown.slice(0, process.env.FUZZ_STACK === "1" ? 8 : 2).map((e) => `${e.kind}@${e.index}: ${e.detail}`).join(process.env.FUZZ_STACK === '1' ? '\n    ' : ' / ')}` : '';
  return `${r.entry.padEnd(34)} ${String(r.inputs).padStart(8)} inputs  ok ${String(r.ok).padStart(8)}  typed ${String(r.typedErrors).padStart(8)}  untyped ${r.untypedThrows}  invariant ${r.invariantBreaks}  leaks ${r.leaks}  hangs ${r.hangs}  crashes ${r.crashes}  ${(r.ms / 1000).toFixed(1)} s${bad}`;
}

/** Public functions and classes of src/index.ts that no entry point exercises. */
export function uncovered(): string[] {
  const covered = new Set(ALL_ENTRY_POINTS.map((e) => e.name.replace(/^report\./, '').split(/[.( ]/)[0]));
  covered.add('EntityStore');
  covered.add('MemoryEntityStore'); // its methods are entry points (EntityStore.add, .lookup, .resolveId); createEntityStore builds it
  return [...publicFunctionNames(), ...reportFunctionNames()].filter((name) => !covered.has(name));
}

function argValue(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

if (process.argv[1]?.endsWith('run.ts')) {
  const args = process.argv.slice(2);
  const options: FuzzOptions = {
    cheap: Number(argValue(args, '--cheap') ?? 1_000_000),
    heavy: Number(argValue(args, '--heavy') ?? 10_000),
    seed: Number(argValue(args, '--seed') ?? 17),
    jobs: Number(argValue(args, '--jobs') ?? Math.min(2, availableParallelism())),
    ...(argValue(args, '--only') ? { only: (argValue(args, '--only') as string).split(',') } : {}),
    log: (line) => console.log(line),
  };
  if (args.includes('--list')) {
    for (const entry of ALL_ENTRY_POINTS) console.log(`${entry.heavy ? 'heavy' : 'cheap'}\t${entry.name}`);
    process.exit(0);
  }
  const missing = uncovered();
  if (missing.length > 0) console.log(`not fuzzed: ${missing.join(', ')}`);
  const started = Date.now();
  const results = await runFuzz(options);
  const seconds = (Date.now() - started) / 1000;
  const total = results.reduce((s, r) => s + r.inputs, 0);
  const bad = results.reduce((s, r) => s + failures(r), 0);
  console.log(`${results.length} entry points, ${total} inputs, ${bad} failures, ${seconds.toFixed(0)} s (seed ${options.seed}, jobs ${options.jobs})`);
  if (!args.includes('--no-write')) {
    let commit = 'unknown';
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      /* not a git checkout */
    }
    const dir = join(here, '..', 'results');
    mkdirSync(dir, { recursive: true });
    const file = argValue(args, '--out') ?? join(dir, `fuzz-${new Date().toISOString().slice(0, 10)}-${commit}.json`);
    writeFileSync(file, `${JSON.stringify({ kind: 'padan/fuzz', commit, node: process.version, options: { cheap: options.cheap, heavy: options.heavy, seed: options.seed, jobs: options.jobs }, seconds, uncovered: missing, results }, null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
  process.exitCode = bad > 0 ? 1 : 0;
}
