/**
 * Where the fuzz campaign's CPU goes, per entry point: inputs per CPU-second, and how an input's time
 * splits between making it, the call, the harness's own work inside the call (a transaction's store
 * state), the leak scan, the invariant check and the canaries. With these rates it prints what the
 * campaign's full targets (10^6 inputs per cheap entry point, 10^4 per heavy one) cost in CPU-hours.
 *
 *   npx tsx benchmarks/fuzz/profile.ts                          # every entry point, ~1 CPU-s each (3 heavy)
 *   npx tsx benchmarks/fuzz/profile.ts --only compileModel,EntityStore.add --cpu 2,6 --seed 7
 *   npx tsx benchmarks/fuzz/profile.ts --huge 0.05 --nest 0.2 --out /tmp/profile.json   # the campaign's profile
 *
 * One process, one shared context (as a campaign worker has), entry points one after the other. Each
 * gets a warm-up (its first inputs, not counted), then runs in growing chunks until it has used its CPU
 * budget. Rates are CPU time (`process.cpuUsage`), so a loaded machine slows the run, not the figures,
 * much; the phase split is wall time (`performance.now()` around each phase).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fuzzProfile } from './hostile.js';
import { ALL_ENTRY_POINTS, buildContext, runWorker, zeroPhases, type PhaseTimes } from './worker.js';

export interface EntryProfile {
  readonly entry: string;
  readonly heavy: boolean;
  readonly inputs: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  /** Inputs per CPU-second. */
  readonly rate: number;
  /** CPU-seconds to reach the target (10^6 cheap, 10^4 heavy) at this rate. */
  readonly targetCpuS: number;
  readonly phases: PhaseTimes;
}

function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function argValue(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

const args = process.argv.slice(2);
// As a campaign's workers do (worker.ts): stacks unmapped unless FUZZ_STACK=1.
if (process.env.FUZZ_STACK !== '1') process.setSourceMapsEnabled(false);
const seed = Number(argValue(args, '--seed') ?? 7);
const [cheapBudget, heavyBudget] = (argValue(args, '--cpu') ?? '1,3').split(',').map(Number) as [number, number];
const only = argValue(args, '--only')?.split(',');
fuzzProfile.hugeWeight = Number(argValue(args, '--huge') ?? 0.05);
fuzzProfile.nestWeight = Number(argValue(args, '--nest') ?? 0.2);
const entries = ALL_ENTRY_POINTS.filter((e) => only === undefined || only.includes(e.name));
const context = buildContext();
const quiet = (): void => undefined;
const out: EntryProfile[] = [];
const pct = (part: number, whole: number): string => `${Math.round((100 * part) / Math.max(whole, 1e-9))}`.padStart(3);

console.log(
  `seed ${seed}, huge ${fuzzProfile.hugeWeight}, nest ${fuzzProfile.nestWeight}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('entry point                              kind    inputs  µs CPU/input  inputs/CPU-s  target CPU-s   % gen call harness scan check canary');
for (const entry of entries) {
  const budgetMs = (entry.heavy ? heavyBudget : cheapBudget) * 1000;
  // Warm-up: the first inputs (JIT, the pools of random strings), not counted.
  const warmStart = cpuNow();
  let next = 0;
  let chunk = 1;
  while (cpuNow() - warmStart < Math.min(300, budgetMs / 4) && next < 200) {
    await runWorker(entry.name, seed, next, next + chunk, { sink: quiet, reportMs: 1e9 }, context);
    next += chunk;
    chunk = Math.min(chunk * 2, 64);
  }
  const phases = zeroPhases();
  const cpuStart = cpuNow();
  const wallStart = performance.now();
  chunk = 1;
  while (cpuNow() - cpuStart < budgetMs) {
    await runWorker(entry.name, seed, next, next + chunk, { sink: quiet, reportMs: 1e9, profile: phases }, context);
    next += chunk;
    chunk = Math.min(chunk * 2, 4096);
  }
  const cpuMs = cpuNow() - cpuStart;
  const wallMs = performance.now() - wallStart;
  const rate = phases.inputs / (cpuMs / 1000);
  const target = entry.heavy ? 10_000 : 1_000_000;
  const profile: EntryProfile = {
    entry: entry.name,
    heavy: entry.heavy === true,
    inputs: phases.inputs,
    cpuMs: Math.round(cpuMs),
    wallMs: Math.round(wallMs),
    rate: Math.round(rate),
    targetCpuS: Math.round(target / rate),
    phases,
  };
  out.push(profile);
  const measured = phases.gen + phases.call + phases.harness + phases.scan + phases.check + phases.canary;
  console.log(
    `${entry.name.slice(0, 40).padEnd(40)} ${entry.heavy ? 'heavy' : 'cheap'} ${String(phases.inputs).padStart(9)} ${((1000 * cpuMs) / phases.inputs).toFixed(1).padStart(13)} ${String(profile.rate).padStart(13)} ${String(profile.targetCpuS).padStart(13)}   ${[
      phases.gen,
      phases.call,
      phases.harness,
      phases.scan,
      phases.check,
      phases.canary,
    ]
      .map((p) => pct(p, measured))
      .join('  ')}`,
  );
}
const hours = (heavy: boolean): number => out.filter((p) => p.heavy === heavy).reduce((sum, p) => sum + p.targetCpuS, 0) / 3600;
console.log(`full targets at these rates: cheap ${hours(false).toFixed(2)} CPU-h, heavy ${hours(true).toFixed(2)} CPU-h`);
const file = argValue(args, '--out');
if (file !== undefined)
  writeFileSync(
    file,
    `${JSON.stringify({ kind: 'padan/fuzz-profile', seed, huge: fuzzProfile.hugeWeight, nest: fuzzProfile.nestWeight, loadAverage: loadavg(), entries: out }, null, 2)}\n`,
  );
process.exit(0);
