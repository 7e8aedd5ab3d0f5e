/**
 * Merge speed: 1M persons' clusters (1–5 records each, seeded synthetic data) through `mergeCluster`
 * with the DTSEN person policy, raced against the hand-written baseline a ministry developer would
 * otherwise write (Dukcapil else newest, per field, no provenance).
 *
 *   npx tsx benchmarks/merge.bench.ts [clusters=1000000]
 *
 * Data is generated in chunks outside the timed region, so the numbers are merge time only.
 */
import { compilePolicy } from '../src/merge/compilePolicy.js';
import { dtsenPersonPolicy } from '../src/merge/dtsenPersonPolicy.js';
import { mergeCluster } from '../src/merge/mergeCluster.js';
import type { MergeChannel, MergePersonRecord } from '../src/merge/types.js';

const CLUSTERS = Number(process.argv[2] ?? 1_000_000);
const CHUNK = 50_000;
const SEED = 20_260_101;

// mulberry32: tiny, seeded, good enough for synthetic data.
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

// Invented names only.
const GIVEN = ['Siti', 'Budi', 'Agus', 'Dewi', 'Rina', 'Joko', 'Ayu', 'Eko', 'Wati', 'Muhammad', 'Moehammad', 'Nur'];
const FAMILY = ['Contoh', 'Sampel', 'Percobaan', 'Uji', 'Fiktif', 'Rekaan'];
const SOURCES = ['dukcapil', 'dtks', 'regsosek', 'p3ke', 'musrenbang', 'citizen'] as const;
const LEVELS = ['village', 'district', 'regency', 'province', 'national'] as const;
const DATES = ['2019-02-01', '2021-07-15', '2022-10-01', '2023-06-30', '2024-03-01'];
const REGISTRY: MergeChannel = { kind: 'registry' };
const SURVEY: MergeChannel = { kind: 'survey' };

function channelFor(source: string): MergeChannel {
  if (source === 'dukcapil') return REGISTRY;
  if (source === 'musrenbang') return { kind: 'formal', verificationLevel: pick(LEVELS) };
  if (source === 'citizen') {
    return { kind: 'citizen', action: 'correction', status: pick(['pending', 'accepted', 'rejected'] as const), fields: ['maritalStatus'] };
  }
  return SURVEY;
}

function makeCluster(personIndex: number): MergePersonRecord[] {
  const size = 1 + Math.floor(random() * 5);
  const birthYear = 1940 + Math.floor(random() * 80);
  const birthDate = `${birthYear}-${pad(1 + Math.floor(random() * 12), 2)}-${pad(1 + Math.floor(random() * 28), 2)}`;
  const nik = `3201${pad(personIndex % 100, 2)}${birthDate.slice(8, 10)}${birthDate.slice(5, 7)}${birthDate.slice(2, 4)}${pad(personIndex % 10_000, 4)}`;
  const name = `${pick(GIVEN)} ${pick(FAMILY)}`;
  const village = `320101${pad(1 + Math.floor(random() * 20), 4)}`;
  const records: MergePersonRecord[] = [];
  for (let i = 0; i < size; i++) {
    const source = i === 0 ? pick(SOURCES.slice(0, 4)) : pick(SOURCES);
    const noisy = random() < 0.2;
    records.push({
      source,
      recordId: `${personIndex}-${i}`,
      observedAt: pick(DATES),
      channel: channelFor(source),
      nik: random() < 0.1 ? null : noisy && random() < 0.3 ? `${nik.slice(0, 15)}9` : nik,
      kk: `3201010101${pad(personIndex % 1_000_000, 6)}`,
      name: noisy ? name.toUpperCase() : name,
      sex: random() < 0.5 ? 'female' : 'male',
      birthDate: noisy ? birthDate.slice(0, 4) : birthDate,
      birthDatePlaceholder: noisy && random() < 0.5,
      birthPlace: random() < 0.3 ? null : 'Bogor',
      motherName: random() < 0.5 ? null : 'Aminah Contoh',
      relationship: pick(['head', 'spouse', 'child'] as const),
      maritalStatus: pick(['single', 'married', 'widowed'] as const),
      address: noisy
        ? { provinceCode: '32', regencyCode: '3201' }
        : { provinceCode: '32', regencyCode: '3201', districtCode: '320101', villageCode: village, rt: '003', rw: '001' },
      deceased: false,
      ...(random() < 0.1 ? { extra: { desil: 1 + Math.floor(random() * 10) } } : {}),
    });
  }
  return records;
}

// The baseline: per field, Dukcapil's value if it has one, else the newest non-empty value.
const BASELINE_FIELDS = ['nik', 'kk', 'name', 'sex', 'birthDate', 'birthPlace', 'motherName', 'relationship', 'maritalStatus', 'address', 'deceased'] as const;
function baselineMerge(records: readonly MergePersonRecord[]): Record<string, unknown> {
  const unified: Record<string, unknown> = {};
  for (const field of BASELINE_FIELDS) {
    let best: MergePersonRecord | undefined;
    for (const record of records) {
      if (record[field] === null || record[field] === undefined) continue;
      if (
        best === undefined ||
        (record.source === 'dukcapil') > (best.source === 'dukcapil') ||
        (record.source === best.source && record.observedAt > best.observedAt)
      )
        best = record;
    }
    unified[field] = best === undefined ? null : best[field];
  }
  return unified;
}

const compiled = compilePolicy(dtsenPersonPolicy);
let mergeMs = 0;
let mergeCpuMs = 0;
let baselineMs = 0;
let records = 0;
let conflicts = 0;
let sink = 0;
if (process.argv[3] === 'profile') {
  // Merge the same clusters repeatedly so a CPU profile shows merge, not data generation.
  const clusters = Array.from({ length: CLUSTERS }, (_, i) => makeCluster(i));
  for (let round = 0; round < 5; round++) for (const cluster of clusters) mergeCluster(cluster, compiled);
  process.exit(0);
}
for (let done = 0; done < CLUSTERS; done += CHUNK) {
  const clusters: MergePersonRecord[][] = [];
  for (let i = done; i < Math.min(CLUSTERS, done + CHUNK); i++) clusters.push(makeCluster(i));
  for (const cluster of clusters) records += cluster.length;

  let start = performance.now();
  const cpuStart = process.cpuUsage();
  for (const cluster of clusters) {
    const result = mergeCluster(cluster, compiled);
    conflicts += result.conflicts.length;
  }
  mergeMs += performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  mergeCpuMs += (cpu.user + cpu.system) / 1000;

  start = performance.now();
  for (const cluster of clusters) sink += Object.keys(baselineMerge(cluster)).length;
  baselineMs += performance.now() - start;
}

const rate = (ms: number) => Math.round((records / ms) * 1000).toLocaleString('en-US');
console.log(`merge: ${CLUSTERS.toLocaleString('en-US')} clusters, ${records.toLocaleString('en-US')} records, seed ${SEED}`);
console.log(
  `  mergeCluster (DTSEN person policy): ${(mergeMs / 1000).toFixed(2)} s  ${rate(mergeMs)} records/s  (cpu ${(mergeCpuMs / 1000).toFixed(2)} s; ${conflicts.toLocaleString('en-US')} conflicts)`,
);
console.log(`  hand-written baseline (no provenance): ${(baselineMs / 1000).toFixed(2)} s  ${rate(baselineMs)} records/s`);
if (sink < 0) console.log(sink);
