/**
 * The robustness grid: the same code, no per-cell tuning, on generator settings far from the default.
 * Each cell generates its own population (50,000 persons by default), resolves it with the DTSEN
 * preset exactly as `resolvePersons` does for a caller, and scores the person clusters against the
 * ground truth: pairwise precision / recall / F1 and B-cubed F1. False pair links are broken down by
 * what the two records have in common, so a failing cell says what to fix.
 *
 *   npx tsx benchmarks/grid.ts                       (all cells, 50k persons each, seed 1)
 *   npx tsx benchmarks/grid.ts --cells twins,no-dukcapil --persons 20000 --seed 3 [--no-write] [--quiet]
 *
 * Writes benchmarks/results/grid-<size>-<date>-<commit>.json. The goal for every cell is pairwise
 * P ≥ 0.99 and R ≥ 0.97 (issue 15).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolvePersons } from '../src/resolve.js';
import type { ModelSpecInput, TrainedModel } from '../src/model/modelSpec.js';
import { SOURCE_ORDER } from '../src/synth/sources.data.js';
import type { GenerateSourcesOptions } from '../src/synth/sources.js';
import type { PersonTruth } from '../src/synth/types.js';
import { alignTruth, evaluateClustering } from './_harness/evaluate.js';
import { count, fixed, percent, seconds, table } from './_harness/format.js';
import { machineInfo } from './_harness/machine.js';
import { generateScenario, parseCount } from './_harness/scenario.js';

/** One grid cell: a generator setting and the truth label whose share shows the setting took hold. */
export interface GridCell {
  readonly name: string;
  readonly setting: string;
  readonly generator: Omit<GenerateSourcesOptions, 'persons' | 'seed'>;
  /** Truth label counted to report the realised share (of person records, or of true persons for population settings). */
  readonly label?: string;
}

/** The cells of issue 15, plus the default generator as a reference row. */
export const GRID_CELLS: readonly GridCell[] = [
  { name: 'default', setting: 'the default generator', generator: {} },
  { name: 'twins', setting: 'twins 3 % of births', generator: { twinRate: 0.03 }, label: 'twin' },
  {
    name: 'placeholder-dates',
    setting: 'placeholder birth date on 25 % of records',
    generator: { noise: { preset: 'default', rates: { 'birth-placeholder': 0.25 } } },
    label: 'birth-placeholder',
  },
  {
    name: 'nik-missing',
    setting: 'NIK missing on 40 % of records',
    generator: { noise: { preset: 'default', rates: { 'nik-missing': 0.4 } } },
    label: 'nik-missing',
  },
  {
    name: 'head-nik',
    setting: "head's NIK on 5 % of other members' records",
    generator: { noise: { preset: 'default', rates: { 'nik-head': 0.05 } } },
    label: 'nik-head',
  },
  { name: 'first-names-60', setting: 'a pool of 60 first names', generator: { firstNamePool: 60 } },
  { name: 'single-names', setting: '40 % single-word names', generator: { singleNameShare: 0.4 } },
  { name: 'no-dukcapil', setting: 'no Dukcapil (civil registry) source', generator: { sources: SOURCE_ORDER.filter((s) => s !== 'dukcapil') } },
];

/** The bar for every cell. */
export const GRID_GOAL = { precision: 0.99, recall: 0.97 } as const;

/** What two records of different persons that were put together have in common (the first that applies). */
export type FalsePairKind = 'twins' | 'head-nik' | 'family-nik' | 'other-wrong-nik' | 'placeholder-date' | 'same-family' | 'other';

const WRONG_NIK = ['nik-typo', 'nik-excel', 'nik-relative', 'nik-second'];

function falsePairKind(a: PersonTruth, b: PersonTruth): FalsePairKind {
  const has = (label: string): boolean => a.noise.includes(label) || b.noise.includes(label);
  if (a.noise.includes('twin') && b.noise.includes('twin') && a.familyId === b.familyId) return 'twins';
  if (has('nik-head')) return 'head-nik';
  if (has('nik-family-reuse')) return 'family-nik';
  if (WRONG_NIK.some(has)) return 'other-wrong-nik';
  if (has('birth-placeholder') || has('birth-year-only')) return 'placeholder-date';
  if (a.familyId === b.familyId || a.householdId === b.householdId) return 'same-family';
  return 'other';
}

/** False pair links by kind, enumerated inside predicted clusters (clusters above `cap` records are counted as `oversized`). */
export function falsePairsByKind(clusterOf: ArrayLike<number>, truths: readonly PersonTruth[], cap = 400): Record<FalsePairKind | 'oversized', number> {
  const members = new Map<number, number[]>();
  for (let r = 0; r < clusterOf.length; r++) {
    const c = clusterOf[r] as number;
    const list = members.get(c);
    if (list === undefined) members.set(c, [r]);
    else list.push(r);
  }
  const counts: Record<FalsePairKind | 'oversized', number> = {
    twins: 0,
    'head-nik': 0,
    'family-nik': 0,
    'other-wrong-nik': 0,
    'placeholder-date': 0,
    'same-family': 0,
    other: 0,
    oversized: 0,
  };
  for (const list of members.values()) {
    if (list.length < 2) continue;
    if (list.length > cap) {
      counts.oversized += (list.length * (list.length - 1)) / 2;
      continue;
    }
    for (let i = 0; i < list.length; i++) {
      const a = truths[list[i] as number] as PersonTruth;
      for (let j = i + 1; j < list.length; j++) {
        const b = truths[list[j] as number] as PersonTruth;
        if (a.personId !== b.personId) counts[falsePairKind(a, b)]++;
      }
    }
  }
  return counts;
}

/** Runs one cell and returns its scores. */
export function runCell(cell: GridCell, persons: number, seed: number, model?: TrainedModel | ModelSpecInput) {
  const began = performance.now();
  const generated = generateScenario({ name: cell.name, persons, noise: 'default', seed }, { generator: cell.generator });
  const generatedAt = performance.now();
  const resolution = resolvePersons(generated.persons, model === undefined ? {} : { model });
  const resolvedAt = performance.now();
  const byRecord = new Map(generated.truths.map((t) => [`${t.source}\u0000${t.recordId}`, t]));
  const truths = resolution.records.map((r) => byRecord.get(`${r.source}\u0000${r.recordId}`) as PersonTruth);
  const truth = alignTruth(resolution.records, generated.truths);
  const quality = evaluateClustering(resolution.clusterOf, truth, { byNoise: false });
  const labelled = cell.label === undefined ? undefined : generated.truths.filter((t) => t.noise.includes(cell.label as string)).length;
  const training = resolution.report.training;
  return {
    cell: cell.name,
    setting: cell.setting,
    generator: cell.generator,
    personRecords: generated.persons.length,
    truePersons: generated.truePersons,
    realisedShare: labelled === undefined ? null : { label: cell.label, records: labelled, share: labelled / generated.persons.length },
    pairwise: quality.overall.pairwise,
    bcubed: quality.overall.bcubed,
    byNikCategory: quality.byNikCategory,
    falsePairs: falsePairsByKind(resolution.clusterOf, truths),
    candidatePairs: resolution.report.candidatePairs,
    training,
    meetsGoal: quality.overall.pairwise.precision >= GRID_GOAL.precision && quality.overall.pairwise.recall >= GRID_GOAL.recall,
    ms: { generate: Math.round(generatedAt - began), resolve: Math.round(resolvedAt - generatedAt) },
  };
}

/** One cell's result. */
export type GridCellResult = ReturnType<typeof runCell>;

/** The README table of a grid run. */
export function gridTable(results: readonly GridCellResult[]): string {
  return table(
    ['cell: setting', 'records', 'P', 'R', 'F1', 'B³ F1', 'false pairs', 'goal'],
    results.map((r) => [
      `${r.cell}: ${r.setting}` + (r.realisedShare === null ? '' : ` (${percent(r.realisedShare.share)} of records labelled)`),
      count(r.personRecords),
      fixed(r.pairwise.precision, 4),
      fixed(r.pairwise.recall, 4),
      fixed(r.pairwise.f1, 4),
      fixed(r.bcubed.f1, 4),
      count(r.pairwise.predictedPairs - r.pairwise.truePositives),
      r.meetsGoal ? 'met' : 'not met',
    ]),
  );
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: {
      persons: { type: 'string', default: '50000' },
      seed: { type: 'string', default: '1' },
      cells: { type: 'string' },
      out: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(
      `usage: npx tsx benchmarks/grid.ts [--persons 50000] [--seed 1] [--cells ${GRID_CELLS.map((c) => c.name).join(',')}] [--out DIR] [--no-write] [--quiet]`,
    );
    process.exit(0);
  }
  const persons = parseCount(values.persons);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got "${values.seed}"`);
  const wanted = values.cells?.split(',').map((s) => s.trim());
  for (const name of wanted ?? [])
    if (!GRID_CELLS.some((c) => c.name === name)) throw new Error(`unknown cell "${name}" (${GRID_CELLS.map((c) => c.name).join(', ')})`);
  const cells = GRID_CELLS.filter((c) => wanted === undefined || wanted.includes(c.name));
  const machine = machineInfo();
  const results: GridCellResult[] = [];
  for (const cell of cells) {
    if (!values.quiet) process.stderr.write(`${cell.name}: ${cell.setting} … `);
    const result = runCell(cell, persons, seed);
    results.push(result);
    if (!values.quiet) {
      const fp = Object.entries(result.falsePairs)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${k} ${count(n)}`)
        .join(', ');
      process.stderr.write(
        `P ${fixed(result.pairwise.precision, 4)} R ${fixed(result.pairwise.recall, 4)} F1 ${fixed(result.pairwise.f1, 4)} · ${seconds(result.ms.generate + result.ms.resolve)}` +
          (fp === '' ? '\n' : ` · false pairs: ${fp}\n`),
      );
    }
  }
  console.log(`padan robustness grid · ${count(persons)} persons per cell · seed ${seed} · commit ${machine.commit}${machine.dirty ? ' (dirty)' : ''}`);
  console.log(gridTable(results));
  const met = results.filter((r) => r.meetsGoal).length;
  console.log(`goal P ≥ ${GRID_GOAL.precision} and R ≥ ${GRID_GOAL.recall}: met on ${met} of ${results.length} cells`);
  if (!values['no-write']) {
    const here = dirname(fileURLToPath(import.meta.url));
    const dir = values.out ?? join(here, 'results');
    mkdirSync(dir, { recursive: true });
    const size = persons % 1000 === 0 ? `${persons / 1000}k` : String(persons);
    const file = join(dir, `grid-${size}-${machine.startedAt.slice(0, 10)}-${machine.commit}${wanted === undefined ? '' : '-partial'}.json`);
    writeFileSync(file, JSON.stringify({ kind: 'padan/grid', version: 1, persons, seed, machine, goal: GRID_GOAL, cells: results }, null, 2) + '\n');
    console.log(`wrote ${file}`);
  }
}
