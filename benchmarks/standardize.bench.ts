/**
 * Throughput of the name standardizer on 1M generated names (`npx tsx benchmarks/standardize.bench.ts`).
 * Names are synthetic: random picks from pools of common name words, titles, old spellings and degrees.
 */
import { indonesianPhoneticKey } from '../src/standardize/indonesianPhoneticKey.js';
import { standardizeName } from '../src/standardize/standardizeName.js';

const GIVEN = [
  'Ahmad',
  'SITI',
  'Budi',
  'dewi',
  'Rizky',
  'JOESOEF',
  'Nur',
  'Sri',
  'Agus',
  'Fitriyani',
  'Djoko',
  'Wahyu',
  'Chairul',
  "Ma'ruf",
  'Hidayat',
  'Aminah',
  'Slamet',
  'Tjipto',
  'Lestari',
  'Kurniawan',
  'Putri',
  'Syaiful',
];
const PREFIX = ['', '', '', '', 'H. ', 'Hj.', 'Drs. ', 'Ir. ', 'Bpk. ', 'Ibu ', 'Alm. ', 'Moch. ', 'M. ', 'Muhammad '];
const SUFFIX = ['', '', '', '', ', S.Pd.', ', S.E.', ' S.Kom', ', A.Md.', ' (Alm)', ' bin Abdoel Rachman', ' binti Hasan'];

/** A small deterministic generator (mulberry32), so every run measures the same names. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], next: () => number): T {
  return items[Math.floor(next() * items.length)] as T;
}

const COUNT = 1_000_000;
const next = random(42);
const names: string[] = new Array(COUNT);
for (let i = 0; i < COUNT; i++) {
  const words = 1 + Math.floor(next() * 3);
  let name = pick(PREFIX, next);
  for (let w = 0; w < words; w++) name += (w > 0 ? ' ' : '') + pick(GIVEN, next);
  names[i] = name + pick(SUFFIX, next);
}

function measure(label: string, run: (name: string) => unknown): void {
  for (let i = 0; i < 50_000; i++) run(names[i] as string); // warm-up
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < COUNT; i++) if (run(names[i] as string) !== undefined) sink++;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `${label.padEnd(24)} ${Math.round(COUNT / seconds)
      .toLocaleString('en-US')
      .padStart(12)} names/s  (${seconds.toFixed(2)} s, ${sink === COUNT ? 'ok' : 'sink mismatch'})`,
  );
}

// The hand-written baseline a user would otherwise write: clean only, no titles, spelling or tokens.
const NOT_LETTER = /[^A-Z ]+/g;
const SPACES = / {2,}/g;
measure('baseline regex clean', (name) => name.normalize('NFKC').toUpperCase().replace(NOT_LETTER, ' ').replace(SPACES, ' ').trim());
measure('standardizeName', (name) => standardizeName(name));
measure('indonesianPhoneticKey', (name) => indonesianPhoneticKey(name));
