/**
 * Named benchmark scenarios (size × noise) and in-memory generation of their records and truth.
 */
import { generateSources, type GenerateSourcesOptions } from '../../src/synth/sources.js';
import { NOISE_PRESET_SCALE, type NoisePreset } from '../../src/synth/noise.data.js';
import type { PersonTruth, SynthDwellingRecord, SynthFamilyRecord, SynthPersonRecord } from '../../src/synth/types.js';

/** A scenario: how many true persons, which noise preset, which seed. */
export interface Scenario {
  readonly name: string;
  readonly persons: number;
  readonly noise: NoisePreset;
  readonly seed: number;
}

const SIZE = /^(\d+(?:\.\d+)?)(k|m)?$/i;

/** Reads `1000`, `10k`, `1.5m` as a count. */
export function parseCount(text: string): number {
  const match = SIZE.exec(text.trim());
  if (match === null) throw new Error(`not a count: "${text}" (use e.g. 10000, 10k, 1m)`);
  const unit = match[2]?.toLowerCase();
  return Math.round(Number(match[1]) * (unit === 'k' ? 1e3 : unit === 'm' ? 1e6 : 1));
}

function sizeName(persons: number): string {
  if (persons >= 1e6 && persons % 1e6 === 0) return `${persons / 1e6}m`;
  if (persons >= 1e3 && persons % 1e3 === 0) return `${persons / 1e3}k`;
  return String(persons);
}

/** Whether `value` names a noise preset (`clean`, `default`, `heavy`). */
export function isNoisePreset(value: string): value is NoisePreset {
  return Object.hasOwn(NOISE_PRESET_SCALE, value);
}

/**
 * Builds a scenario from `--scenario 100k[-heavy]` or from explicit persons/noise/seed; the name is
 * `<size>` for default noise and `<size>-<noise>` otherwise, so result files sort by scenario.
 */
export function resolveScenario(options: { scenario?: string; persons?: string; noise?: string; seed?: string }): Scenario {
  let persons = 100_000;
  let noise: string = options.noise ?? 'default';
  if (options.scenario !== undefined) {
    const [size = '', preset] = options.scenario.split('-');
    persons = parseCount(size);
    if (preset !== undefined) noise = preset;
  }
  if (options.persons !== undefined) persons = parseCount(options.persons);
  if (!isNoisePreset(noise)) throw new Error(`unknown noise preset "${noise}" (${Object.keys(NOISE_PRESET_SCALE).join(', ')})`);
  if (!(persons > 0)) throw new Error('persons must be positive');
  const seed = options.seed === undefined ? 1 : Number(options.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got "${options.seed}"`);
  const name = noise === 'default' ? sizeName(persons) : `${sizeName(persons)}-${noise}`;
  return { name, persons, noise, seed };
}

/** A generated population held in memory, records in generation order. */
export interface GeneratedScenario {
  readonly persons: SynthPersonRecord[];
  /** `truths[i]` is the truth of `persons[i]`. */
  readonly truths: PersonTruth[];
  readonly families: SynthFamilyRecord[];
  readonly dwellings: SynthDwellingRecord[];
  /** Records per source and kind. */
  readonly counts: Readonly<Record<string, { persons: number; families: number; dwellings: number }>>;
  readonly truePersons: number;
  readonly generationMs: number;
}

/** Generates a scenario's records into memory; `onProgress` is called every 50,000 person records. */
export function generateScenario(
  scenario: Scenario,
  options?: {
    keepGroups?: boolean;
    onProgress?: (personRecords: number) => void;
    /** Generator settings beyond size, seed and noise preset (a robustness-grid cell); `noise` here replaces the preset. */
    generator?: Omit<GenerateSourcesOptions, 'persons' | 'seed'>;
  },
): GeneratedScenario {
  const started = performance.now();
  const persons: SynthPersonRecord[] = [];
  const truths: PersonTruth[] = [];
  const families: SynthFamilyRecord[] = [];
  const dwellings: SynthDwellingRecord[] = [];
  const counts: Record<string, { persons: number; families: number; dwellings: number }> = {};
  const seen = new Set<string>();
  const keepGroups = options?.keepGroups ?? false;
  for (const item of generateSources({ noise: scenario.noise, ...options?.generator, persons: scenario.persons, seed: scenario.seed })) {
    const count = (counts[item.record.source] ??= { persons: 0, families: 0, dwellings: 0 });
    if (item.kind === 'person') {
      persons.push(item.record);
      truths.push(item.truth);
      seen.add(item.truth.personId);
      count.persons++;
      if (options?.onProgress !== undefined && persons.length % 50_000 === 0) options.onProgress(persons.length);
    } else if (item.kind === 'family') {
      count.families++;
      if (keepGroups) families.push(item.record);
    } else {
      count.dwellings++;
      if (keepGroups) dwellings.push(item.record);
    }
  }
  return { persons, truths, families, dwellings, counts, truePersons: seen.size, generationMs: performance.now() - started };
}
