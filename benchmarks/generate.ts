/**
 * Writes a synthetic DTSEN dataset and prints what it wrote, the generation rate and peak memory.
 *
 *   npx tsx benchmarks/generate.ts --persons 100000 --seed 1 --out /tmp/x [--noise clean|default|heavy]
 *     [--reference-date 2025-06-30] [--provinces 32,51] [--sources dukcapil,dtks]
 */
import { parseArgs } from 'node:util';
import { writeSyntheticDataset } from '../src/synth/writeSyntheticDataset.js';
import type { NoisePreset } from '../src/synth/noise.data.js';
import type { SyntheticSource } from '../src/synth/types.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: '/tmp/padan-synth' },
    noise: { type: 'string', default: 'default' },
    'reference-date': { type: 'string' },
    provinces: { type: 'string' },
    sources: { type: 'string' },
    'shuffle-window': { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const persons = Number(values.persons);
const seed = /^\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
sampler.unref();

const summary = await writeSyntheticDataset(values.out, {
  persons,
  seed,
  noise: values.noise as NoisePreset,
  ...(values['reference-date'] ? { referenceDate: values['reference-date'] } : {}),
  ...(values.provinces ? { provinces: values.provinces.split(',') } : {}),
  ...(values['shuffle-window'] ? { shuffleWindow: Number(values['shuffle-window']) } : {}),
  ...(values.sources ? { sources: values.sources.split(',') as SyntheticSource[] } : {}),
  onProgress: (s) => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (!values.quiet) process.stderr.write(`\r${s.personRecords.toLocaleString('en')} person records, ${(s.elapsedMs / 1000).toFixed(1)} s`);
  },
});
peakRss = Math.max(peakRss, process.memoryUsage().rss);
if (!values.quiet) process.stderr.write('\n');

const seconds = summary.elapsedMs / 1000;
const pad = (s: string, n: number): string => s.padEnd(n);
const num = (n: number): string => n.toLocaleString('en').padStart(11);
console.log(`out ${summary.dir}  seed ${String(seed)}  noise ${values.noise}`);
console.log(`true persons observed ${summary.truePersons.toLocaleString('en')} (target ${persons.toLocaleString('en')})`);
console.log('\nsource        persons   families  dwellings');
for (const source of Object.keys(summary.persons).sort()) {
  console.log(`${pad(source, 11)}${num(summary.persons[source] ?? 0)}${num(summary.families[source] ?? 0)}${num(summary.dwellings[source] ?? 0)}`);
}
console.log(`${pad('total', 11)}${num(summary.personRecords)}`);
console.log('\nnoise / event label          records   share of person records');
for (const [label, count] of Object.entries(summary.noise).sort((a, b) => b[1] - a[1])) {
  console.log(`${pad(label, 26)}${num(count)}   ${((100 * count) / summary.personRecords).toFixed(2)}%`);
}
console.log(
  `\ntime ${seconds.toFixed(1)} s  ·  ${Math.round(persons / seconds).toLocaleString('en')} persons/s  ·  ` +
    `${Math.round(summary.personRecords / seconds).toLocaleString('en')} person records/s  ·  peak RSS ${(peakRss / 1048576).toFixed(0)} MiB`,
);
