/**
 * Speed of padan's string comparators against the implementations a user would otherwise reach for:
 * `natural` (deep imports of its distance modules only — its package root loads dotenv and prints) and
 * `fastest-levenshtein`. Run: `npx tsx benchmarks/comparators.bench.ts`.
 *
 * Input: 100k seeded pairs of uppercase Indonesian names (4–25 characters): half a name and a typo'd
 * copy of it (substitution, deletion, insertion, adjacent swap, old spelling, Muhammad variant), half two
 * unrelated names, as blocking produces. Every implementation gets its own timing loop (so no call site
 * goes megamorphic), rounds are interleaved across implementations (so machine noise hits all alike),
 * after a warm-up; the median round is reported, in CPU time (see `now`). Results also go to benchmarks/results/comparators.json.
 *
 * The numbers back one decision: natural is the tests' oracle (a devDependency), not a runtime
 * dependency — padan's kernels are several times faster, and natural's unrestricted Damerau–Levenshtein
 * is wrong when the second string repeats a character.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { distance as fastestLevenshtein } from 'fastest-levenshtein';
import naturalJaroWinkler from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import naturalEdits from 'natural/lib/natural/distance/levenshtein_distance.js';
import { compareDates } from '../src/comparators/compareDates.js';
import { compareNik } from '../src/comparators/compareNik.js';
import { damerauLevenshteinDistance } from '../src/comparators/damerauLevenshteinDistance.js';
import { encodeDate } from '../src/comparators/encodeDate.js';
import { jaroWinklerCodes, jaroWinklerSimilarity } from '../src/comparators/jaroWinklerSimilarity.js';
import { levenshteinDistance } from '../src/comparators/levenshteinDistance.js';
import { nameSimilarity } from '../src/comparators/nameSimilarity.js';

const PAIR_COUNT = 100_000;
const ROUNDS = 15;
const TARGET_ROUND_MS = 150;

// A seeded generator (mulberry32): the same pairs on every run.
let seed = 0x4e414d45;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function pick<T>(items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

const GIVEN = [
  'MUHAMMAD',
  'AHMAD',
  'SITI',
  'NUR',
  'DEWI',
  'SRI',
  'BUDI',
  'AGUS',
  'EKO',
  'DWI',
  'RINA',
  'YULIANTI',
  'HENDRA',
  'WAHYU',
  'RIZKI',
  'PUTRI',
  'AYU',
  'INDAH',
  'FITRI',
  'ANDI',
  'JOKO',
  'SUSANTO',
  'RATNA',
  'LESTARI',
  'SUPARMAN',
  'SUGENG',
  'KARTINI',
  'HIDAYAT',
  'ABDUL',
  'RAHMAN',
  'NURHALIZA',
  'FAJAR',
  'YUSUF',
  'IRWAN',
  'DEDI',
  'SETIAWAN',
  'PRATAMA',
  'SAPUTRA',
  'KURNIAWAN',
  'WATI',
  'HANDAYANI',
  'SULISTYOWATI',
  'ISMAIL',
  'FARIDA',
  'ANISA',
  'ZAINAL',
  'ARIFIN',
  'MAULANA',
  'SYAHPUTRA',
  'NINGSIH',
  'RAHAYU',
  'HASANUDDIN',
];
const OLD_SPELLINGS: readonly (readonly [string, string])[] = [
  ['U', 'OE'],
  ['J', 'DJ'],
  ['Y', 'J'],
  ['C', 'TJ'],
  ['NY', 'NJ'],
  ['SY', 'SJ'],
  ['KH', 'CH'],
];
const MUHAMMAD_FORMS = ['MOHAMMAD', 'MUHAMAD', 'MOCH', 'MOH', 'MUH', 'MHD', 'M', 'MOHAMAD'];
const LETTERS = 'ABCDEGHIJKLMNOPRSTUWY';

function randomName(): string {
  for (;;) {
    const tokens = 1 + Math.floor(random() * 3);
    const name = Array.from({ length: tokens }, () => pick(GIVEN)).join(' ');
    if (name.length >= 4 && name.length <= 25) return name;
  }
}

function typo(name: string): string {
  const at = Math.floor(random() * name.length);
  const roll = random();
  if (roll < 0.25) return name.slice(0, at) + pick([...LETTERS]) + name.slice(at + 1);
  if (roll < 0.4) return name.slice(0, at) + name.slice(at + 1);
  if (roll < 0.55) return name.slice(0, at) + pick([...LETTERS]) + name.slice(at);
  if (roll < 0.7 && at + 1 < name.length) return name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2);
  if (roll < 0.85) {
    const [modern, old] = pick(OLD_SPELLINGS);
    return name.includes(modern) ? name.replace(modern, old) : name.replace(old, modern);
  }
  return name.startsWith('MUHAMMAD') ? name.replace('MUHAMMAD', pick(MUHAMMAD_FORMS)) : name.replace(' ', '');
}

const left: string[] = [];
const right: string[] = [];
for (let i = 0; i < PAIR_COUNT; i++) {
  const name = randomName();
  left.push(name);
  if (random() < 0.5) {
    let other = typo(name);
    if (random() < 0.3) other = typo(other);
    right.push(other.length >= 4 ? other.slice(0, 25) : name);
  } else {
    right.push(randomName());
  }
}
// Real input arrives flat (parsed from files); the typo'd strings above are ropes (cons strings), which
// every implementation would first have to flatten. A JSON round trip flattens them all.
const flatLeft: string[] = JSON.parse(JSON.stringify(left));
const flatRight: string[] = JSON.parse(JSON.stringify(right));
left.splice(0, PAIR_COUNT, ...flatLeft);
right.splice(0, PAIR_COUNT, ...flatRight);
// Features computed once per record, as the engine will: tokens, code units, encoded dates, NIKs.
const leftTokens = left.map((name) => name.split(' '));
const rightTokens = right.map((name) => name.split(' '));
const leftCodes = left.map((name) => Uint16Array.from(name, (ch) => ch.charCodeAt(0)));
const rightCodes = right.map((name) => Uint16Array.from(name, (ch) => ch.charCodeAt(0)));
const isoDate = (): string =>
  `${1940 + Math.floor(random() * 80)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
const leftDates = Int32Array.from({ length: PAIR_COUNT }, () => encodeDate(isoDate()));
const rightDates = leftDates.map((key, i) => (i % 2 === 0 ? key + (random() < 0.5 ? 1 : 0) : encodeDate(isoDate())));
const nik = (): string => Array.from({ length: 16 }, () => String(Math.floor(random() * 10))).join('');
const leftNiks = Array.from({ length: PAIR_COUNT }, nik);
const rightNiks = leftNiks.map((value, i) => (i % 2 === 0 ? value.slice(0, 15) + String(Math.floor(random() * 10)) : nik()));

// One loop per implementation; each returns a checksum so no call can be optimized away.
type Loop = (count: number) => number;
const loops: Record<string, Loop> = {
  'padan jaroWinklerSimilarity': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += jaroWinklerSimilarity(left[i]!, right[i]!);
    return sum;
  },
  'padan jaroWinklerSimilarity (boostThreshold 0)': (count) => {
    const options = { boostThreshold: 0 };
    let sum = 0;
    for (let i = 0; i < count; i++) sum += jaroWinklerSimilarity(left[i]!, right[i]!, options);
    return sum;
  },
  'padan Jaro–Winkler on pre-encoded Uint16Array': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const a = leftCodes[i]!;
      const b = rightCodes[i]!;
      sum += jaroWinklerCodes(a, a.length, b, b.length, 0.1, 4, 0.7);
    }
    return sum;
  },
  'natural JaroWinklerDistance': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += naturalJaroWinkler(left[i]!, right[i]!);
    return sum;
  },
  'padan levenshteinDistance': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += levenshteinDistance(left[i]!, right[i]!);
    return sum;
  },
  'fastest-levenshtein distance': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += fastestLevenshtein(left[i]!, right[i]!);
    return sum;
  },
  'natural LevenshteinDistance': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += naturalEdits.LevenshteinDistance(left[i]!, right[i]!);
    return sum;
  },
  'padan damerauLevenshteinDistance': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += damerauLevenshteinDistance(left[i]!, right[i]!);
    return sum;
  },
  'natural DamerauLevenshteinDistance': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += naturalEdits.DamerauLevenshteinDistance(left[i]!, right[i]!);
    return sum;
  },
  'padan damerauLevenshteinDistance (restricted)': (count) => {
    const options = { restricted: true };
    let sum = 0;
    for (let i = 0; i < count; i++) sum += damerauLevenshteinDistance(left[i]!, right[i]!, options);
    return sum;
  },
  'natural DamerauLevenshteinDistance (restricted)': (count) => {
    const options = { restricted: true };
    let sum = 0;
    for (let i = 0; i < count; i++) sum += naturalEdits.DamerauLevenshteinDistance(left[i]!, right[i]!, options);
    return sum;
  },
  'padan nameSimilarity (tokens)': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += nameSimilarity(leftTokens[i]!, rightTokens[i]!);
    return sum;
  },
  'padan compareDates (encoded)': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += compareDates(leftDates[i]!, rightDates[i]!).length;
    return sum;
  },
  'padan compareNik': (count) => {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += compareNik(leftNiks[i]!, rightNiks[i]!).length;
    return sum;
  },
};

/** Each padan entry and the references it is compared with (ratio = padan ops/s ÷ reference ops/s). */
const comparisons: readonly { metric: string; padan: string; references: readonly string[] }[] = [
  { metric: 'Jaro–Winkler', padan: 'padan jaroWinklerSimilarity', references: ['natural JaroWinklerDistance'] },
  { metric: 'Jaro–Winkler (natural semantics)', padan: 'padan jaroWinklerSimilarity (boostThreshold 0)', references: ['natural JaroWinklerDistance'] },
  {
    metric: 'Jaro–Winkler (pre-encoded)',
    padan: 'padan Jaro–Winkler on pre-encoded Uint16Array',
    references: ['padan jaroWinklerSimilarity', 'natural JaroWinklerDistance'],
  },
  { metric: 'Levenshtein', padan: 'padan levenshteinDistance', references: ['fastest-levenshtein distance', 'natural LevenshteinDistance'] },
  { metric: 'Damerau–Levenshtein (true)', padan: 'padan damerauLevenshteinDistance', references: ['natural DamerauLevenshteinDistance'] },
  {
    metric: 'Damerau–Levenshtein (OSA)',
    padan: 'padan damerauLevenshteinDistance (restricted)',
    references: ['natural DamerauLevenshteinDistance (restricted)', 'fastest-levenshtein distance'],
  },
  { metric: 'name (token alignment)', padan: 'padan nameSimilarity (tokens)', references: [] },
  { metric: 'date levels', padan: 'padan compareDates (encoded)', references: [] },
  { metric: 'NIK levels', padan: 'padan compareNik', references: [] },
];

/**
 * Milliseconds of CPU time this process has used. On a machine shared with other jobs, wall-clock
 * rounds measure the scheduler as much as the code; CPU time counts only the cycles the loop got.
 */
function now(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

// Warm-up, then size each implementation's round to about TARGET_ROUND_MS (natural's edit distances
// would need seconds for all 100k pairs; a prefix of the same pairs keeps the mix).
const counts: Record<string, number> = {};
for (const [name, loop] of Object.entries(loops)) {
  loop(Math.min(PAIR_COUNT, 5000));
  const start = now();
  loop(2000);
  const perPair = (now() - start) / 2000;
  counts[name] = Math.max(2000, Math.min(PAIR_COUNT, Math.round(TARGET_ROUND_MS / perPair)));
  loop(counts[name]!);
}

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(loops).map((name) => [name, []]));
let checksum = 0;
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, loop] of Object.entries(loops)) {
    const count = counts[name]!;
    const start = now();
    checksum += loop(count);
    samples[name]!.push(count / ((now() - start) / 1000));
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}
const opsPerSecond: Record<string, number> = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, Math.round(median(values))]));

const format = (ops: number): string => `${(ops / 1e6).toFixed(2)} M/s`;
const lines: string[] = [];
lines.push(`| metric | implementation | comparisons/s | padan ÷ reference |`);
lines.push(`| --- | --- | ---: | --- |`);
const rows: { metric: string; implementation: string; opsPerSecond: number; ratios: Record<string, number> }[] = [];
for (const { metric, padan, references } of comparisons) {
  const ops = opsPerSecond[padan]!;
  const ratios: Record<string, number> = {};
  for (const reference of references) ratios[reference] = Number((ops / opsPerSecond[reference]!).toFixed(2));
  const ratioText = references.map((reference) => `${ratios[reference]}× ${reference}`).join(', ') || '—';
  lines.push(`| ${metric} | ${padan} | ${format(ops)} | ${ratioText} |`);
  rows.push({ metric, implementation: padan, opsPerSecond: ops, ratios });
}
for (const reference of new Set(comparisons.flatMap((c) => c.references))) {
  if (reference.startsWith('padan')) continue;
  lines.push(`| (reference) | ${reference} | ${format(opsPerSecond[reference]!)} | |`);
}
console.log(`${PAIR_COUNT.toLocaleString('en-US')} name pairs, median of ${ROUNDS} interleaved rounds (CPU time), Node ${process.version}`);
console.log(lines.join('\n'));

const output = resolve(import.meta.dirname, 'results/comparators.json');
mkdirSync(dirname(output), { recursive: true });
writeFileSync(
  output,
  `${JSON.stringify(
    {
      benchmark: 'comparators',
      node: process.version,
      pairs: PAIR_COUNT,
      rounds: ROUNDS,
      note: 'median comparisons per CPU-second over interleaved rounds; ratios are padan ÷ reference; measured on 2 shared cores',
      opsPerSecond,
      comparisons: rows,
      checksum: Math.round(checksum),
    },
    null,
    2,
  )}\n`,
);
