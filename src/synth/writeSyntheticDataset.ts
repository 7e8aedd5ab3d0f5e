/**
 * Writes a synthetic dataset to a folder as NDJSON: one file per source and record kind, the truth
 * beside them, and a manifest. Streams: memory stays bounded whatever the size.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePopulationOptions } from './population.js';
import { createRandom, nextInt, type Random } from './random.js';
import { generateSources, type GenerateSourcesOptions } from './sources.js';
import type { SyntheticItem, SyntheticSource } from './types.js';

/** Options of `writeSyntheticDataset`. */
export interface WriteSyntheticDatasetOptions extends GenerateSourcesOptions {
  /** Called every `progressEvery` person records with the running summary. */
  readonly onProgress?: (summary: SyntheticDatasetSummary) => void;
  readonly progressEvery?: number;
  /**
   * Records are shuffled within windows of this many lines per file, so file order does not group a
   * household's records together. Default 4096; 0 keeps generation order.
   */
  readonly shuffleWindow?: number;
}

/** What was written. */
export interface SyntheticDatasetSummary {
  readonly dir: string;
  /** Person records per source. */
  readonly persons: Record<string, number>;
  readonly families: Record<string, number>;
  readonly dwellings: Record<string, number>;
  /** Person records carrying each noise label. */
  readonly noise: Record<string, number>;
  readonly personRecords: number;
  /** Distinct true persons observed. */
  readonly truePersons: number;
  readonly files: readonly string[];
  readonly elapsedMs: number;
}

interface OutFile {
  readonly fd: number;
  lines: string[];
}

const FLUSH_LINES = 4096;

function flush(file: OutFile, rng: Random | undefined): void {
  if (file.lines.length === 0) return;
  const lines = file.lines;
  if (rng) {
    for (let i = lines.length - 1; i > 0; i--) {
      const j = nextInt(rng, 0, i);
      const t = lines[i]!;
      lines[i] = lines[j]!;
      lines[j] = t;
    }
  }
  writeSync(file.fd, lines.join('\n') + '\n');
  file.lines = [];
}

/**
 * Generates sources and writes `<source>.persons.ndjson`, `<source>.families.ndjson`,
 * `<source>.dwellings.ndjson`, `truth.persons.ndjson` (the CONTRACTS.md truth lines),
 * `truth.families.ndjson`, `truth.dwellings.ndjson` and `manifest.json` into `dir`.
 *
 * @example
 * const summary = await writeSyntheticDataset('/tmp/synth', { seed: 1, persons: 100_000 });
 * summary.persons.dukcapil // → about 99,000
 */
export async function writeSyntheticDataset(dir: string, options: WriteSyntheticDatasetOptions = {}): Promise<SyntheticDatasetSummary> {
  const started = performance.now();
  const resolved = resolvePopulationOptions(options);
  mkdirSync(dir, { recursive: true });
  const files = new Map<string, OutFile>();
  const window = options.shuffleWindow ?? FLUSH_LINES;
  // Shuffling uses its own stream, so the records themselves do not depend on the window.
  const shuffleRng = window > 0 ? createRandom(resolved.seed, 3) : undefined;
  const limit = window > 0 ? window : FLUSH_LINES;
  const fileFor = (name: string): OutFile => {
    let file = files.get(name);
    if (!file) {
      file = { fd: openSync(join(dir, name), 'w'), lines: [] };
      files.set(name, file);
    }
    return file;
  };
  const write = (name: string, value: unknown): OutFile => {
    const file = fileFor(name);
    file.lines.push(JSON.stringify(value));
    return file;
  };
  const persons: Record<string, number> = {};
  const families: Record<string, number> = {};
  const dwellings: Record<string, number> = {};
  const noise: Record<string, number> = {};
  // A bitset of observed person numbers: 10 million persons in 1.25 MB.
  let observedBits = new Uint8Array(1 << 17);
  let truePersons = 0;
  let personRecords = 0;
  const every = options.progressEvery ?? 100_000;
  const summary = (): SyntheticDatasetSummary => ({
    dir,
    persons,
    families,
    dwellings,
    noise,
    personRecords,
    truePersons,
    files: [...files.keys()].sort(),
    elapsedMs: performance.now() - started,
  });
  try {
    for (const item of generateSources(options) as Iterable<SyntheticItem>) {
      const source: SyntheticSource = item.record.source;
      let record: OutFile;
      let truth: OutFile;
      if (item.kind === 'person') {
        record = write(`${source}.persons.ndjson`, item.record);
        truth = write('truth.persons.ndjson', item.truth);
        persons[source] = (persons[source] ?? 0) + 1;
        for (const label of item.truth.noise) noise[label] = (noise[label] ?? 0) + 1;
        const n = Number(item.truth.personId.slice(1));
        if (n >> 3 >= observedBits.length) {
          const grown = new Uint8Array(Math.max(observedBits.length * 2, (n >> 3) + 1));
          grown.set(observedBits);
          observedBits = grown;
        }
        if ((observedBits[n >> 3]! & (1 << (n & 7))) === 0) {
          observedBits[n >> 3]! |= 1 << (n & 7);
          truePersons++;
        }
        personRecords++;
        if (options.onProgress && personRecords % every === 0) options.onProgress(summary());
      } else if (item.kind === 'family') {
        record = write(`${source}.families.ndjson`, item.record);
        truth = write('truth.families.ndjson', item.truth);
        families[source] = (families[source] ?? 0) + 1;
      } else {
        record = write(`${source}.dwellings.ndjson`, item.record);
        truth = write('truth.dwellings.ndjson', item.truth);
        dwellings[source] = (dwellings[source] ?? 0) + 1;
      }
      if (record.lines.length >= limit) flush(record, shuffleRng);
      // Truth files are not shuffled against their records (they are joined by recordId), but flushing
      // them in big blocks keeps writes cheap.
      if (truth.lines.length >= limit * 4) flush(truth, undefined);
    }
    for (const [name, file] of files) flush(file, name.startsWith('truth.') ? undefined : shuffleRng);
  } finally {
    for (const file of files.values()) closeSync(file.fd);
  }
  const result = summary();
  const { onProgress: _p, ...plain } = options;
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ generator: 'padan/synth', options: { ...plain, ...resolved }, ...result, elapsedMs: Math.round(result.elapsedMs) }, null, 2) + '\n',
  );
  return result;
}
