/**
 * The fuzz benchmark: fast-check over every public entry point with hostile input, each slice in a
 * child process with a time limit, so aborts (V8 out of memory) and hangs are counted, not fatal.
 *
 *   npx tsx benchmarks/fuzz/run.ts                      # full: 10^6 inputs per cheap entry point, 10^4 per heavy one
 *   npx tsx benchmarks/fuzz/run.ts --cheap 2000 --heavy 20 --seed 17   # a short seeded slice (CI)
 *   npx tsx benchmarks/fuzz/run.ts --only parseNik,maskNik --jobs 2
 *   npx tsx benchmarks/fuzz/run.ts --list                # the entry points, one a line (to split a long run)
 *   npx tsx benchmarks/fuzz/run.ts --only … --out part-1.json   # then summarize.ts merges the parts
 *   npx tsx benchmarks/fuzz/run.ts --results-dir DIR --shard 0/2 --budget 60,120 --hang 60,600
 *       # a campaign in pieces: one result file per entry point in DIR, written as it goes; run it again
 *       # to resume (finished entry points are skipped); `summarize.ts DIR` merges every piece
 *
 * Counts per entry point: inputs, ok, typed errors (PadanError with a code), untyped throws, invariant
 * breaks (bounds, symmetry, records accounted for, corrupted state after a throw), hangs, crashes, and
 * leaks (a full NIK/KK in an error, a message, or a CLI output file other than the data product).
 * Writes `benchmarks/results/fuzz-<date>-<commit>.json` unless `--no-write`; exits 1 when any count
 * but inputs, ok and typed errors is not zero.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uncoveredExports } from './coverage.js';
import type { EntryPoint } from './entryPoints.js';
import { ALL_ENTRY_POINTS, scratchRoot, type Counts } from './worker.js';

export interface FuzzOptions {
  readonly cheap: number;
  readonly heavy: number;
  readonly seed: number;
  readonly jobs: number;
  readonly only?: readonly string[];
  /** An input running longer than this is a hang (cheap / heavy entry points). */
  readonly hangMs?: { readonly cheap: number; readonly heavy: number };
  /** Where each finding (entry point, seed, index, what happened) is appended as an NDJSON line. */
  readonly findings?: string;
  /** Seconds of wall time an entry point may take (cheap / heavy); it stops there, and says so. */
  readonly budgetS?: { readonly cheap: number; readonly heavy: number };
  /**
   * A folder with one result file per entry point (`<entry>.json`), written as it runs: a run that
   * stops (killed, machine restarted) resumes where each entry point was, finished ones are skipped,
   * and `summarize.ts <folder>` merges them. Runs of one campaign share a folder, seed and targets.
   */
  readonly resultsDir?: string;
  /** Run only shard `index` of `count` (entry points taken round-robin), to split a campaign across runs. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Environment for the workers (FUZZ_HUGE_WEIGHT, FUZZ_NEST_WEIGHT). */
  readonly env?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
}

export interface EntryResult extends Counts {
  readonly entry: string;
  readonly heavy: boolean;
  hangs: number;
  crashes: number;
  /** Wall-clock time, and the CPU time its workers reported (start-up included). */
  ms: number;
  cpuMs: number;
  /** Worker processes started (the first, restarts, and the one-input-a-line reruns that find a hang or crash). */
  processes: number;
  /** A worker went silent or died, but the rerun of its inputs one by one did not: the machine, not the input. */
  transient: number;
  /** The entry point stopped at its time budget before its input target. */
  budgetStopped: boolean;
  readonly examples: { kind: string; index: number; detail: string }[];
}

const here = dirname(fileURLToPath(import.meta.url));
const WORKER = join(here, 'worker.ts');

interface SliceEnd {
  readonly next: number;
  readonly outcome: 'done' | 'restart' | 'hang' | 'crash';
  /** The most inputs one progress report covered: how far past `next` a hang or crash may be. */
  readonly batch: number;
}

/** Runs [from, to) in one child; resolves when it ends, with how far it got. */
function runSlice(entry: string, options: FuzzOptions, from: number, to: number, verbose: boolean, silenceMs: number, result: EntryResult): Promise<SliceEnd> {
  return new Promise((resolve) => {
    result.processes++;
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=1536', '--stack-size=984', '--import', 'tsx', WORKER, entry, String(options.seed), String(from), String(to), verbose ? '1' : '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...options.env },
      },
    );
    let next = from;
    let batch = 0;
    let ended: SliceEnd['outcome'] | undefined;
    let timer = watchSilence(child, onSilence, silenceMs + 60_000); // start-up: loading padan, building the context
    function onSilence(): void {
      ended = 'hang';
      child.kill('SIGKILL');
    }
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let message: { t: string; next?: number; counts?: Counts; kind?: string; index?: number; detail?: string; cpuMs?: number };
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      if (ended === 'hang') return;
      timer.clear();
      timer = watchSilence(child, onSilence, silenceMs);
      if (message.t === 'counts' && message.counts) {
        next = message.next as number;
        batch = Math.max(batch, message.counts.inputs);
        for (const key of Object.keys(message.counts) as (keyof Counts)[]) result[key] += message.counts[key];
      } else if (message.t === 'example') {
        if (result.examples.length < 20)
          result.examples.push({ kind: message.kind as string, index: message.index as number, detail: message.detail as string });
        saveFinding(options, entry, message.kind as string, message.index as number, message.detail as string);
      } else if (message.t === 'done' || message.t === 'restart') {
        ended = message.t;
        result.cpuMs += message.cpuMs ?? 0;
      } else if (message.t === 'fatal') result.examples.push({ kind: 'fatal', index: next, detail: String(message.detail).slice(0, 400) });
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    child.on('close', () => {
      timer.clear();
      lines.close();
      if (ended === undefined) {
        ended = 'crash';
        if (verbose && result.examples.length < 20)
          result.examples.push({ kind: 'crash', index: next, detail: stderr.split('\n').filter(Boolean).slice(-3).join(' | ').slice(0, 400) });
      }
      resolve({ next, outcome: ended, batch });
    });
  });
}

/** CPU time (ms) a child process has used, from /proc; undefined where there is no /proc. */
function childCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks (USER_HZ, 100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Calls `onHang` when a child stays silent for `limitMs` of its own CPU time: a worker that a loaded
 * machine starves (nice 19 beside other work) is slow, not hung, and is given more wall time, up to
 * ten times the limit; one that burns the limit in CPU without a word is hung. Without /proc the
 * limit is wall time.
 */
function watchSilence(child: ChildProcess, onHang: () => void, limitMs: number): { clear(): void } {
  const startCpu = childCpuMs(child.pid);
  const startWall = performance.now();
  let timer: NodeJS.Timeout;
  const check = (): void => {
    const cpu = childCpuMs(child.pid);
    const usedCpu = cpu === undefined || startCpu === undefined ? Infinity : cpu - startCpu;
    if (usedCpu >= limitMs || performance.now() - startWall >= 10 * limitMs) onHang();
    else timer = setTimeout(check, Math.max(1_000, limitMs - usedCpu));
  };
  timer = setTimeout(check, limitMs);
  return { clear: () => clearTimeout(timer) };
}

function saveFinding(options: FuzzOptions, entry: string, kind: string, index: number, detail: string): void {
  if (options.findings === undefined) return;
  // The input depends on the generation weights too: the repro line carries them.
  const weights = Object.entries(options.env ?? {})
    .filter(([, value]) => value !== undefined && value !== '1')
    .map(([key, value]) => `${key}=${value} `)
    .join('');
  const repro = `${weights}npx tsx benchmarks/fuzz/worker.ts --repro '${entry}' ${options.seed} ${index}`;
  appendFileSync(options.findings, `${JSON.stringify({ entry, seed: options.seed, index, kind, detail, repro })}\n`);
}

interface Planned {
  readonly entry: EntryPoint;
  readonly total: number;
  readonly budgetMs: number;
  readonly result: EntryResult;
  next: number;
  spentMs: number;
  finished: boolean;
  /** When its result file was last written (`performance.now()`). */
  savedAt: number;
}

/** The result file of an entry point in a campaign folder. */
function resultFile(dir: string, entry: string): string {
  return join(dir, `${entry.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
}

/** What a campaign folder keeps per entry point: its result so far and where to go on. */
interface SavedEntry {
  readonly kind: 'padan/fuzz-entry';
  readonly seed: number;
  readonly total: number;
  readonly next: number;
  readonly spentMs: number;
  readonly finished: boolean;
  readonly commit: string;
  readonly loadAverage: number[];
  readonly huge: number;
  readonly nest: number;
  readonly result: EntryResult;
}

let commitOfRun: string | undefined;
function currentCommit(): string {
  if (commitOfRun === undefined) {
    try {
      commitOfRun = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', cwd: here }).trim();
    } catch {
      commitOfRun = 'unknown';
    }
  }
  return commitOfRun;
}

/** Writes an entry point's result file (at most every 15 s unless `force`). */
function persist(plan: Planned, options: FuzzOptions, force: boolean): void {
  if (options.resultsDir === undefined) return;
  const now = performance.now();
  if (!force && now - plan.savedAt < 15_000) return;
  plan.savedAt = now;
  const saved: SavedEntry = {
    kind: 'padan/fuzz-entry',
    seed: options.seed,
    total: plan.total,
    next: plan.next,
    spentMs: Math.round(plan.spentMs),
    finished: plan.finished,
    commit: currentCommit(),
    loadAverage: loadavg(),
    huge: Number(options.env?.FUZZ_HUGE_WEIGHT ?? 1),
    nest: Number(options.env?.FUZZ_NEST_WEIGHT ?? 1),
    result: { ...plan.result, ms: Math.round(plan.spentMs) },
  };
  const file = resultFile(options.resultsDir, plan.entry.name);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(saved, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Picks up an entry point's saved result (same seed and target): finished, or where to go on. */
function resume(plan: Planned, options: FuzzOptions): void {
  if (options.resultsDir === undefined) return;
  let saved: SavedEntry;
  try {
    saved = JSON.parse(readFileSync(resultFile(options.resultsDir, plan.entry.name), 'utf8')) as SavedEntry;
  } catch {
    return;
  }
  if (saved.kind !== 'padan/fuzz-entry' || saved.seed !== options.seed || saved.total !== plan.total) return;
  Object.assign(plan.result, saved.result, { examples: [...saved.result.examples] });
  plan.next = saved.next;
  plan.spentMs = saved.spentMs;
  // An entry point its budget stopped goes on when this run gives it a larger budget (a top-up pass).
  const extended = saved.result.budgetStopped && saved.spentMs < plan.budgetMs;
  plan.finished = saved.finished && !extended;
  if (extended) plan.result.budgetStopped = false;
}

/**
 * Runs a list of entry points in long-lived workers (`worker.ts --many`): start-up is paid once per
 * process, not per entry point. A worker that goes silent or dies is killed; the inputs since its last
 * report are rerun one a line in a fresh worker to name the input; then a new worker takes the rest.
 */
async function runJob(plan: Planned[], options: FuzzOptions): Promise<void> {
  for (;;) {
    const rest = plan.filter((p) => !p.finished);
    if (rest.length === 0) return;
    let current: Planned | undefined;
    let beginCpu = 0;
    let beginAt = 0;
    let batch = 0;
    const outcome = await new Promise<'all-done' | 'restart' | 'hang' | 'crash'>((resolve) => {
      const steps = rest.map((p) => ({
        name: p.entry.name,
        from: p.next,
        to: p.total,
        budgetMs: Number.isFinite(p.budgetMs) ? Math.max(1_000, p.budgetMs - p.spentMs) : -1,
      }));
      const child = spawn(
        process.execPath,
        ['--max-old-space-size=1536', '--stack-size=984', '--import', 'tsx', WORKER, '--many', JSON.stringify(steps), String(options.seed)],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, ...options.env },
        },
      );
      let ended: 'all-done' | 'restart' | 'hang' | undefined;
      const hangMsOf = (p: Planned | undefined) => (p?.entry.heavy ? (options.hangMs?.heavy ?? 120_000) : (options.hangMs?.cheap ?? 20_000));
      // Start-up (loading padan, building the context) gets the heavy hang limit on top: a loaded machine is slow at it.
      let timer = watchSilence(child, onSilence, 120_000 + (options.hangMs?.heavy ?? 0));
      function onSilence(): void {
        ended = 'hang';
        child.kill('SIGKILL');
      }
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        let message: {
          t: string;
          entry?: string;
          next?: number;
          counts?: Counts;
          kind?: string;
          index?: number;
          detail?: string;
          cpuMs?: number;
          budget?: boolean;
        };
        try {
          message = JSON.parse(line);
        } catch {
          return;
        }
        if (ended === 'hang') return;
        timer.clear();
        timer = watchSilence(child, onSilence, hangMsOf(current));
        if (message.t === 'begin') {
          current = plan.find((p) => p.entry.name === message.entry);
          if (current) current.result.processes++;
          beginCpu = message.cpuMs ?? 0;
          beginAt = performance.now();
          batch = 0;
          timer.clear();
          timer = watchSilence(child, onSilence, hangMsOf(current));
        } else if (current === undefined) {
          if (message.t === 'all-done') ended = 'all-done';
        } else if (message.t === 'counts' && message.counts) {
          current.next = message.next as number;
          batch = Math.max(batch, message.counts.inputs);
          for (const key of Object.keys(message.counts) as (keyof Counts)[]) current.result[key] += message.counts[key];
          // Time spent so far counts towards the budget if the run stops here and resumes.
          const spent = current.spentMs;
          current.spentMs = spent + (performance.now() - beginAt);
          persist(current, options, false);
          current.spentMs = spent;
        } else if (message.t === 'example') {
          if (current.result.examples.length < 20)
            current.result.examples.push({ kind: message.kind as string, index: message.index as number, detail: message.detail as string });
          saveFinding(options, current.entry.name, message.kind as string, message.index as number, message.detail as string);
        } else if (message.t === 'done' || message.t === 'restart') {
          current.result.cpuMs += (message.cpuMs ?? 0) - beginCpu;
          current.spentMs += performance.now() - beginAt;
          if (message.t === 'done') {
            current.finished = true;
            current.result.budgetStopped = message.budget === true;
            current.result.ms = Math.round(current.spentMs);
            persist(current, options, true);
            options.log?.(formatRow(current.result));
          } else ended = 'restart';
          current = undefined;
        } else if (message.t === 'fatal') current.result.examples.push({ kind: 'fatal', index: current.next, detail: String(message.detail).slice(0, 400) });
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr = (stderr + chunk).slice(-4000);
      });
      child.on('close', () => {
        timer.clear();
        lines.close();
        if (ended === undefined && current === undefined && stderr !== '')
          options.log?.(`worker ended between entry points: ${stderr.split('\n').slice(-3).join(' | ')}`);
        resolve(ended ?? 'crash');
      });
    });
    if (outcome === 'all-done' || outcome === 'restart') continue;
    // A hang or crash inside `current` (or at start-up, before any entry point began).
    const suspect = current ?? rest[0];
    if (suspect === undefined) return;
    suspect.spentMs += beginAt > 0 ? performance.now() - beginAt : 0;
    const hangMs = suspect.entry.heavy ? (options.hangMs?.heavy ?? 120_000) : (options.hangMs?.cheap ?? 20_000);
    // Rerun the inputs since the last report one a line: the input that starts and never ends is the one.
    const windowEnd = Math.min(suspect.total, suspect.next + Math.max(64, 4 * batch));
    let from = suspect.next;
    while (from < windowEnd) {
      const end = await runSlice(suspect.entry.name, options, from, windowEnd, true, hangMs, suspect.result);
      if (end.outcome === 'done' || end.outcome === 'restart') {
        if (end.outcome === 'done') suspect.result.transient++;
        from = end.next;
        if (end.outcome === 'done') break;
        continue;
      }
      if (end.outcome === 'hang') suspect.result.hangs++;
      else suspect.result.crashes++;
      const detail = `input ${end.next} (seed ${options.seed}) ${end.outcome === 'hang' ? `ran over ${hangMs} ms` : 'killed the process'}`;
      if (suspect.result.examples.length < 20) suspect.result.examples.push({ kind: end.outcome, index: end.next, detail });
      saveFinding(options, suspect.entry.name, end.outcome, end.next, detail);
      suspect.result.inputs++;
      from = end.next + 1;
      break;
    }
    suspect.next = from;
    if (suspect.next >= suspect.total) {
      suspect.finished = true;
      suspect.result.ms = Math.round(suspect.spentMs);
      options.log?.(formatRow(suspect.result));
    }
    persist(suspect, options, true);
  }
}

export async function runFuzz(given: FuzzOptions): Promise<EntryResult[]> {
  // One scratch folder for the run's workers (in memory where there is /dev/shm), removed at the end
  // with whatever a killed worker left in it.
  const scratch = mkdtempSync(join(scratchRoot(), 'padan-fuzz-run-'));
  try {
    return await runFuzzIn({ ...given, env: { ...given.env, FUZZ_TMPDIR: scratch } });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function runFuzzIn(options: FuzzOptions): Promise<EntryResult[]> {
  const shard = options.shard;
  const entries = ALL_ENTRY_POINTS.filter((e) => !options.only || options.only.includes(e.name)).filter(
    (_, i) => shard === undefined || i % shard.count === shard.index,
  );
  if (options.resultsDir !== undefined) mkdirSync(options.resultsDir, { recursive: true });
  const plans: Planned[] = entries.map((entry) => ({
    entry,
    total: entry.heavy ? options.heavy : options.cheap,
    budgetMs: (entry.heavy ? options.budgetS?.heavy : options.budgetS?.cheap) ?? Infinity,
    result: {
      entry: entry.name,
      heavy: entry.heavy === true,
      inputs: 0,
      ok: 0,
      typedErrors: 0,
      untypedThrows: 0,
      invariantBreaks: 0,
      leaks: 0,
      hangs: 0,
      crashes: 0,
      ms: 0,
      cpuMs: 0,
      processes: 0,
      transient: 0,
      budgetStopped: false,
      examples: [],
    },
    next: 0,
    spentMs: 0,
    finished: false,
    savedAt: 0,
  }));
  for (const plan of plans) if (Number.isFinite(plan.budgetMs)) (plan as { budgetMs: number }).budgetMs *= 1000;
  for (const plan of plans) {
    resume(plan, options);
    if (plan.finished) options.log?.(`${formatRow(plan.result)}  (from ${options.resultsDir})`);
  }
  // Jobs take every n-th entry point, so each gets a share of the cheap and the heavy ones.
  const jobs = Math.max(1, options.jobs);
  await Promise.all(
    Array.from({ length: jobs }, (_, j) =>
      runJob(
        plans.filter((_, i) => i % jobs === j),
        options,
      ),
    ),
  );
  return plans.map((p) => p.result);
}

export function failures(result: EntryResult): number {
  return result.untypedThrows + result.invariantBreaks + result.leaks + result.hangs + result.crashes;
}

function formatRow(r: EntryResult): string {
  const rank = (kind: string) => ['leak', 'crash', 'hang', 'invariant', 'fatal'].indexOf(kind) >>> 0;
  const shown = [...r.examples].sort((a, b) => rank(a.kind) - rank(b.kind));
  const bad =
    failures(r) > 0
      ? `  ← ${shown
          .slice(0, process.env.FUZZ_STACK === '1' ? 8 : 2)
          .map((e) => `${e.kind}@${e.index}: ${e.detail}`)
          .join(process.env.FUZZ_STACK === '1' ? '\n    ' : ' / ')}`
      : '';
  return `${r.entry.padEnd(34)} ${String(r.inputs).padStart(8)} inputs  ok ${String(r.ok).padStart(8)}  typed ${String(r.typedErrors).padStart(8)}  untyped ${r.untypedThrows}  invariant ${r.invariantBreaks}  leaks ${r.leaks}  hangs ${r.hangs}  crashes ${r.crashes}  ${(r.ms / 1000).toFixed(1)} s, ${(r.cpuMs / 1000).toFixed(1)} CPU-s, ${Math.round(r.inputs / Math.max(0.001, r.cpuMs / 1000))} inputs/CPU-s${bad}`;
}

/** Functions, classes and schemas of the package's entry points that no fuzz entry exercises (`subpath name`). */
export function uncovered(): string[] {
  return uncoveredExports(ALL_ENTRY_POINTS).map((e) => `${e.subpath} ${e.name}`);
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
    ...(argValue(args, '--budget')
      ? {
          budgetS: {
            cheap: Number((argValue(args, '--budget') as string).split(',')[0]),
            heavy: Number((argValue(args, '--budget') as string).split(',')[1] ?? (argValue(args, '--budget') as string).split(',')[0]),
          },
        }
      : {}),
    ...(argValue(args, '--findings') ? { findings: argValue(args, '--findings') as string } : {}),
    ...(argValue(args, '--results-dir') ? { resultsDir: argValue(args, '--results-dir') as string } : {}),
    ...(argValue(args, '--shard')
      ? { shard: { index: Number((argValue(args, '--shard') as string).split('/')[0]), count: Number((argValue(args, '--shard') as string).split('/')[1]) } }
      : {}),
    ...(argValue(args, '--hang')
      ? {
          hangMs: {
            cheap: Number((argValue(args, '--hang') as string).split(',')[0]) * 1000,
            heavy: Number((argValue(args, '--hang') as string).split(',')[1] ?? (argValue(args, '--hang') as string).split(',')[0]) * 1000,
          },
        }
      : {}),
    // --huge W / --nest W: how often huge strings and deep nests come up (1 = the CI slice's rate).
    env: { FUZZ_HUGE_WEIGHT: argValue(args, '--huge') ?? '1', FUZZ_NEST_WEIGHT: argValue(args, '--nest') ?? '1' },
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
    writeFileSync(
      file,
      `${JSON.stringify({ kind: 'padan/fuzz', commit, node: process.version, options: { cheap: options.cheap, heavy: options.heavy, seed: options.seed, jobs: options.jobs, huge: Number(options.env?.FUZZ_HUGE_WEIGHT), nest: Number(options.env?.FUZZ_NEST_WEIGHT) }, seconds, loadAverage: loadavg(), uncovered: missing, results }, null, 2)}\n`,
    );
    console.log(`wrote ${file}`);
  }
  process.exitCode = bad > 0 ? 1 : 0;
}
