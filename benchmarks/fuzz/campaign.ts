/**
 * One campaign from several result folders (`run.ts --results-dir`) of the same seed: per entry point
 * the saved result with the most inputs, or the folder `--prefer` names for it (a rerun on fixed
 * code). Prints the README row of the campaign and what is short of its target; `--into DIR` copies
 * the chosen files there, for `summarize.ts DIR --out benchmarks/results/fuzz-<date>-<commit>.json`.
 *
 *   npx tsx benchmarks/fuzz/campaign.ts /work/data/fuzz-s12 /work/data/fuzz-s12-fix \
 *     --prefer compilePolicy=/work/data/fuzz-s12-fix --into /tmp/fuzz-final --list /work/data/fuzz-list.txt
 *
 * `--list` is the `cheap|heavy<TAB>name` list of every entry point the campaign covers: an entry point
 * in it with no result counts as not started. Input i is a pure function of (seed, entry, i) whatever
 * the commit, so folders of different commits of the same seed and generation add up.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { EntryResult } from './run.js';

interface Saved {
  readonly seed: number;
  readonly next: number;
  readonly commit: string;
  readonly loadAverage: readonly number[];
  readonly result: EntryResult;
}

const args = process.argv.slice(2);
const valuesOf = (flag: string): string[] => args.flatMap((arg, i) => (args[i - 1] === flag ? [arg] : []));
const flags = new Set(['--prefer', '--into', '--list']);
const folders = args.filter((arg, i) => !arg.startsWith('--') && !flags.has(args[i - 1] ?? ''));
const prefer = new Map(valuesOf('--prefer').map((item) => item.split('=') as [string, string]));
const into = valuesOf('--into')[0];
const listFile = valuesOf('--list')[0];

const best = new Map<string, { file: string; saved: Saved }>();
for (const folder of folders) {
  for (const name of readdirSync(folder).filter((file) => file.endsWith('.json'))) {
    const file = join(folder, name);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
    const entry = saved.result.entry;
    const wanted = prefer.get(entry);
    if (wanted !== undefined && wanted.replace(/\/$/, '') !== folder.replace(/\/$/, '')) continue;
    const current = best.get(entry);
    if (current === undefined || saved.next > current.saved.next) best.set(entry, { file, saved });
  }
}
const seeds = new Set([...best.values()].map((item) => item.saved.seed));
if (seeds.size > 1) throw new Error(`folders of different seeds: ${[...seeds].join(', ')}`);

const listed = (listFile === undefined ? [] : readFileSync(listFile, 'utf8').split('\n'))
  .map((line) => line.split('\t'))
  .filter((cells) => cells.length === 2)
  .map(([kind, name]) => ({ heavy: kind === 'heavy', name: (name as string).trim() }));
const all = listed.length > 0 ? listed : [...best.values()].map((item) => ({ heavy: item.saved.result.heavy, name: item.saved.result.entry }));

if (into !== undefined) {
  mkdirSync(into, { recursive: true });
  for (const { file } of best.values()) copyFileSync(file, join(into, basename(file)));
}

const fmt = (n: number): string => n.toLocaleString('en');
const results = [...best.values()].map((item) => item.saved.result);
const commits = [...new Set([...best.values()].map((item) => item.saved.commit))].sort();
const loads = [...best.values()].flatMap((item) => item.saved.loadAverage);
const sum = (list: EntryResult[], key: keyof EntryResult): number => list.reduce((s, r) => s + (r[key] as number), 0);
const part = (heavy: boolean) => {
  const wanted = all.filter((e) => e.heavy === heavy);
  const got = results.filter((r) => r.heavy === heavy);
  const target = heavy ? 10_000 : 1_000_000;
  return {
    count: wanted.length,
    started: got.length,
    least: got.length === 0 ? 0 : Math.min(...got.map((r) => r.inputs)),
    inputs: sum(got, 'inputs'),
    cpuS: Math.round(sum(got, 'cpuMs') / 1000),
    short: wanted.map((e) => ({ name: e.name, inputs: best.get(e.name)?.saved.result.inputs ?? 0 })).filter((e) => e.inputs < target),
  };
};
const cheap = part(false);
const heavy = part(true);
const total = (key: keyof EntryResult): number => sum(results, key);
const who = (p: ReturnType<typeof part>, kind: string): string =>
  p.started === p.count ? `${p.count} ${kind}` : `${p.started} of ${p.count} ${kind} (${p.count - p.started} not started)`;
console.log(`seed ${[...seeds][0]}, folders: ${folders.join(', ')}`);
console.log(
  `| campaign (seed ${[...seeds][0]}), load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}, commits ${commits.join(' + ')} ` +
    `| ${who(cheap, 'cheap')} / ${who(heavy, 'heavy')} | ${fmt(cheap.least)} / ${fmt(heavy.least)} | ${fmt(cheap.inputs)} / ${fmt(heavy.inputs)} ` +
    `| ${fmt(cheap.cpuS)} / ${fmt(heavy.cpuS)} | ${total('untypedThrows')} | ${total('invariantBreaks')} | ${total('hangs')} | ${total('crashes')} | ${total('leaks')} |`,
);
console.log(`cheap at 10⁶: ${cheap.count - cheap.short.length} of ${cheap.count}; heavy at 10⁴: ${heavy.count - heavy.short.length} of ${heavy.count}`);
const describe = (list: { name: string; inputs: number }[]): string =>
  list.map((e) => (e.inputs === 0 ? `\`${e.name}\` not started` : `\`${e.name}\` ${fmt(e.inputs)}`)).join(', ') || 'none';
console.log(`short (cheap): ${describe(cheap.short)}`);
console.log(`short (heavy): ${describe(heavy.short)}`);
for (const [commit, count] of commits.map((c) => [c, [...best.values()].filter((item) => item.saved.commit === c).length] as const)) {
  console.log(`from ${commit}: ${count} entry points`);
}
for (const r of results) {
  const bad = r.untypedThrows + r.invariantBreaks + r.hangs + r.crashes + r.leaks;
  if (bad > 0) console.log(`FAIL ${r.entry}: ${bad} (see ${best.get(r.entry)?.file})`);
}
