/**
 * Parse rate of `parseNik` on 1M synthetic NIKs (real district codes, random dates and serials;
 * 10% written with separators, 5% invalid). Run: `npx tsx benchmarks/id.bench.ts`.
 * For comparison it also times the hand-written check a user would otherwise write (a regex and a
 * Date round-trip, no region tables), the baseline `parseNik` has to stay near.
 */
import { formatNik } from '../src/id/formatNik.js';
import { parseNik } from '../src/id/parseNik.js';
import { loadRegions } from '../src/id/regions.js';

const COUNT = 1_000_000;

// A seeded generator (mulberry32): the same NIKs on every run.
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const districts = [...loadRegions().districts.keys()];
const niks: string[] = new Array(COUNT);
for (let i = 0; i < COUNT; i++) {
  const date = new Date(Date.UTC(1930 + Math.floor(random() * 95), 0, 1) + Math.floor(random() * 365) * 86_400_000);
  let nik = formatNik({
    districtCode: districts[Math.floor(random() * districts.length)]!,
    birthDate: date.toISOString().slice(0, 10),
    sex: random() < 0.5 ? 'male' : 'female',
    serial: 1 + Math.floor(random() * 9999),
  });
  const roll = random();
  if (roll < 0.1) nik = `${nik.slice(0, 4)}.${nik.slice(4, 8)}.${nik.slice(8, 12)}.${nik.slice(12)}`;
  else if (roll < 0.15) nik = nik.slice(0, 8) + '13' + nik.slice(10); // month 13
  niks[i] = nik;
}

function baseline(nik: string): boolean {
  const digits = nik.replace(/[\s.-]/g, '');
  if (!/^\d{16}$/.test(digits)) return false;
  let day = Number(digits.slice(6, 8));
  if (day > 40) day -= 40;
  const month = Number(digits.slice(8, 10));
  const yy = Number(digits.slice(10, 12));
  const year = yy > 26 ? 1900 + yy : 2000 + yy;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function time(label: string, run: () => number): void {
  run(); // warm-up: JIT and region tables
  const start = process.hrtime.bigint();
  const accepted = run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = Math.round(COUNT / seconds).toLocaleString('en-US');
  console.log(`${label.padEnd(34)} ${rate.padStart(12)} parses/s  (${seconds.toFixed(3)} s, ${accepted.toLocaleString('en-US')} accepted)`);
}

time('parseNik (regions, issues)', () => {
  let accepted = 0;
  for (let i = 0; i < COUNT; i++) if (parseNik(niks[i]!, { referenceDate: '2025-06-30' }).success) accepted++;
  return accepted;
});
time('parseNik (default reference date)', () => {
  let accepted = 0;
  for (let i = 0; i < COUNT; i++) if (parseNik(niks[i]!).success) accepted++;
  return accepted;
});
time('hand-written regex + Date baseline', () => {
  let accepted = 0;
  for (let i = 0; i < COUNT; i++) if (baseline(niks[i]!)) accepted++;
  return accepted;
});
