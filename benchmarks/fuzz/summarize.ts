/**
 * Merges fuzz result files (one per part of a long run, `run.ts --out`) into one, and prints the
 * README table: inputs per entry point and every count that must be zero.
 *
 *   npx tsx benchmarks/fuzz/summarize.ts benchmarks/results/fuzz-part-*.json --out benchmarks/results/fuzz-<date>-<commit>.json
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntryResult } from './run.js';

interface FuzzFile {
  readonly kind: 'padan/fuzz';
  readonly commit: string;
  readonly node: string;
  readonly options: { cheap: number; heavy: number; seed: number; jobs: number };
  readonly seconds: number;
  readonly uncovered: string[];
  readonly results: EntryResult[];
}

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const files = args.filter((arg, i) => !arg.startsWith('--') && (outAt < 0 || i !== outAt + 1)); // no --out: keep every file
/** A run's file, or a campaign folder of per-entry files (`run.ts --results-dir`) read as one part. */
function readPart(path: string): FuzzFile {
  if (!statSync(path).isDirectory()) return JSON.parse(readFileSync(path, 'utf8')) as FuzzFile;
  const saved = readdirSync(path)
    .filter((name) => name.endsWith('.json'))
    .map(
      (name) =>
        JSON.parse(readFileSync(join(path, name), 'utf8')) as {
          seed: number;
          total: number;
          commit: string;
          huge: number;
          nest: number;
          loadAverage: number[];
          finished: boolean;
          result: EntryResult;
        },
    );
  const first = saved[0];
  const unfinished = saved.filter((entry) => !entry.finished).map((entry) => entry.result.entry);
  if (unfinished.length > 0) console.log(`not finished yet: ${unfinished.join(', ')}`);
  return {
    kind: 'padan/fuzz',
    commit: [...new Set(saved.map((entry) => entry.commit))].join('+'),
    node: process.version,
    options: {
      cheap: Math.max(0, ...saved.filter((e) => !e.result.heavy).map((e) => e.total)),
      heavy: Math.max(0, ...saved.filter((e) => e.result.heavy).map((e) => e.total)),
      seed: first?.seed ?? 0,
      jobs: 0,
    },
    seconds: saved.reduce((sum, entry) => sum + entry.result.ms / 1000, 0),
    uncovered: [],
    results: saved.map((entry) => entry.result),
  };
}
const parts = files.map(readPart);
const commits = [...new Set(parts.map((p) => p.commit))];
const results = parts.flatMap((p) => p.results);
const seconds = parts.reduce((s, p) => s + p.seconds, 0);
const sum = (key: keyof EntryResult, list = results): number => list.reduce((s, r) => s + (r[key] as number), 0);
const merged = {
  kind: 'padan/fuzz',
  commit: commits.join('+'),
  node: parts[0]?.node,
  options: parts[0]?.options,
  seconds,
  parts: files.length,
  uncovered: parts[0]?.uncovered ?? [],
  results,
};
if (out !== undefined) writeFileSync(out, `${JSON.stringify(merged, null, 2)}\n`);

const cheap = results.filter((r) => !r.heavy);
const heavy = results.filter((r) => r.heavy);
const cpu = (list: EntryResult[]): number => list.reduce((s, r) => s + (r.cpuMs ?? 0), 0) / 1000;
const row = (label: string, list: EntryResult[]): string =>
  `| ${label} | ${list.length} | ${list.length === 0 ? 0 : Math.min(...list.map((r) => r.inputs)).toLocaleString('en')} | ${sum('inputs', list).toLocaleString('en')} | ${Math.round(cpu(list)).toLocaleString('en')} | ${sum('typedErrors', list).toLocaleString('en')} | ${sum('untypedThrows', list)} | ${sum('invariantBreaks', list)} | ${sum('hangs', list)} | ${sum('crashes', list)} | ${sum('leaks', list)} |`;
console.log(`commit ${merged.commit}, ${files.length} part(s), ${Math.round(seconds)} s, seed ${merged.options?.seed}`);
console.log('| entry points | count | inputs each (least) | inputs | CPU-s | typed errors | untyped throws | invariant breaks | hangs | crashes | leaks |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
console.log(row('cheap', cheap));
console.log(row('heavy', heavy));
const short = results.filter((r) => r.inputs < (r.heavy ? (merged.options?.heavy ?? 0) : (merged.options?.cheap ?? 0)));
if (short.length > 0) console.log(`short of the target (time budget): ${short.map((r) => `${r.entry} ${r.inputs.toLocaleString('en')}`).join(', ')}`);
for (const r of results) {
  const bad = r.untypedThrows + r.invariantBreaks + r.hangs + r.crashes + r.leaks;
  if (bad > 0)
    console.log(
      `FAIL ${r.entry}: ${JSON.stringify({ untyped: r.untypedThrows, invariant: r.invariantBreaks, hangs: r.hangs, crashes: r.crashes, leaks: r.leaks })} ${r.examples
        .slice(0, 2)
        .map((e) => `${e.kind}@${e.index}: ${e.detail}`)
        .join(' / ')}`,
    );
}
if (args.includes('--per-entry')) {
  console.log('\n| entry point | kind | inputs | inputs / CPU-s | typed errors | failures |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results)
    console.log(
      `| ${r.entry} | ${r.heavy ? 'heavy' : 'cheap'} | ${r.inputs.toLocaleString('en')} | ${r.cpuMs ? Math.round(r.inputs / (r.cpuMs / 1000)).toLocaleString('en') : '—'} | ${r.typedErrors.toLocaleString('en')} | ${r.untypedThrows + r.invariantBreaks + r.hangs + r.crashes + r.leaks} |`,
    );
}
