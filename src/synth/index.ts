/**
 * padan/synth — a synthetic DTSEN population with ground truth, from a seed: for demos, tests and
 * benchmarks, never real data. Its own entry point so that `import 'padan'` carries none of it
 * (its name and region tables, and `node:fs` for `writeSyntheticDataset`).
 */
export { generatePopulation, type GeneratePopulationOptions } from './population.js';
export { generateSources, type GenerateSourcesOptions } from './sources.js';
export { writeSyntheticDataset, type WriteSyntheticDatasetOptions, type SyntheticDatasetSummary } from './writeSyntheticDataset.js';
export { NOISE_KINDS, EVENT_LABELS, defaultNoiseRates, type NoiseKind, type NoiseRates, type NoisePreset } from './noise.data.js';
export type { NoiseOption } from './noise.js';
export type {
  PopulationUnit,
  TruePerson,
  TrueFamily,
  TrueDwelling,
  KkVersion,
  SyntheticItem,
  SyntheticSource,
  SynthPersonRecord,
  SynthFamilyRecord,
  SynthDwellingRecord,
  PersonTruth,
  FamilyTruth,
  DwellingTruth,
} from './types.js';
