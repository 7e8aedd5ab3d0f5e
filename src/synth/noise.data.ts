import { invalidArgument } from '../_internal/arguments.js';
/**
 * Noise kinds and their default per-record rates by source. Every applied noise is labelled in the
 * record's truth with the kind's name, so accuracy can be broken down by noise type.
 *
 * Rates are probabilities per person record (family-level kinds: per family observation). A kind
 * that does not apply to a record (no second token to drop, no title held, day > 12 for a
 * day/month swap) is skipped and not labelled, so realised rates run below the configured ones.
 */
import type { SyntheticSource } from './types.js';

/** Every configurable noise kind. */
export const NOISE_KINDS = Object.freeze([
  // names
  'name-typo', // keyboard-neighbour substitution, insertion, deletion or transposition
  'name-ocr', // 0/O, 1/I, 5/S, 8/B, rn/m confusions
  'name-old-spelling', // pre-1972 spelling: U→OE, J→DJ, Y→J, C→TJ, KH→CH, SY→SJ, NY→NJ
  'name-variant', // MUHAMMAD→MOH./M./MOCHAMAD…, SITI/SITTI, RIZKI/RIZKY, DH/D, TH/T, doubled letters
  'name-spacing', // NUR HAYATI ↔ NURHAYATI
  'name-title', // the person's real hajj title or degree printed (H., HJ., DRS., S.PD)
  'name-honorific', // BPK. / IBU / NY. / ALM. added
  'name-initial', // a token abbreviated to its initial: M. RIZKI, BUDI S.
  'name-swapped', // token order changed
  'name-token-dropped', // one token left out
  'name-case', // written in title or lower case
  // identifiers
  'nik-missing',
  'nik-typo', // one digit changed or two adjacent digits transposed
  'nik-excel', // last digit zeroed by a spreadsheet (16 digits > double precision)
  'nik-family-reuse', // the head's NIK on every member of the family (family-level)
  'nik-relative', // the NIK of a spouse, parent or child
  'nik-head', // the KK head's NIK typed on one other member's record (per record; off by default)
  'kk-missing', // family-level
  'kk-typo', // family-level
  // dates and other fields
  'birth-missing',
  'birth-placeholder', // 1 Jan / 1 Jul / 31 Dec of the right year
  'birth-year-only',
  'birth-day-month-swapped',
  'birth-year-off', // ±1 year
  'sex-missing',
  'sex-wrong',
  'birthplace-missing',
  'birthplace-variant', // typo, KAB./KOTA prefix, or the district name instead
  'mother-missing',
  'mother-variant', // the mother's name with a name noise applied
  'relationship-missing',
  'relationship-wrong',
  'address-partial', // village code or RT/RW missing, or free text only
  // staleness (only where an event happened before the observation)
  'address-stale', // kept the pre-move address after the household moved
  'deceased-kept', // a person who died before the observation still listed alive
] as const);

/** One noise kind. */
export type NoiseKind = (typeof NOISE_KINDS)[number];

/**
 * Labels that describe population events rather than injected noise; they appear in truth.noise too.
 * - `moved-old-address`: the record shows where the household lived before it moved
 * - `kk-old`: the record carries an earlier KK version of the person's family (reissued after a move
 *   or the head's death)
 * - `kk-split-before`: observed before the person's KK split: still in the parent family's KK
 * - `kk-split-after`: observed after the person's family split off from the parent family
 * - `deceased`: the person had died by the observation date (flagged or not)
 * - `twin`: the person has a twin in the same KK
 * - `nik-second`: the record carries the person's second NIK from a duplicate registration (NIK
 *   ganda) after a move; the registry then lists the person twice, once under each number
 */
export const EVENT_LABELS = Object.freeze(['moved-old-address', 'kk-old', 'kk-split-before', 'kk-split-after', 'deceased', 'twin', 'nik-second'] as const);

/** Per-kind rates. */
export type NoiseRates = Partial<Record<NoiseKind, number>>;

type Row = readonly [dukcapil: number, dtks: number, regsosek: number, p3ke: number, housing: number, musrenbang: number, citizen: number];

// Columns: dukcapil (registry: clean), dtks (old, dirty), regsosek (survey: medium), p3ke (dirty),
// housing (dwelling list), musrenbang (formal updates), citizen (typed by citizens or desk staff).
const TABLE: Readonly<Record<NoiseKind, Row>> = {
  'name-typo': [0.004, 0.04, 0.025, 0.05, 0.04, 0.03, 0.06],
  'name-ocr': [0, 0.015, 0.004, 0.02, 0.01, 0.004, 0],
  'name-old-spelling': [0.004, 0.03, 0.015, 0.03, 0.02, 0.01, 0.01],
  'name-variant': [0.01, 0.08, 0.05, 0.08, 0.06, 0.05, 0.08],
  'name-spacing': [0.004, 0.04, 0.03, 0.05, 0.03, 0.03, 0.05],
  'name-title': [0.15, 0.35, 0.25, 0.3, 0.35, 0.4, 0.4],
  'name-honorific': [0, 0.01, 0, 0.02, 0.05, 0.03, 0.08],
  'name-initial': [0.002, 0.03, 0.02, 0.04, 0.03, 0.02, 0.03],
  'name-swapped': [0, 0.01, 0.005, 0.015, 0.01, 0.005, 0.01],
  'name-token-dropped': [0.003, 0.04, 0.03, 0.05, 0.04, 0.03, 0.05],
  'name-case': [0, 0, 0.02, 0, 0.05, 0.1, 0.4],
  'nik-missing': [0.004, 0.06, 0.03, 0.12, 0.1, 0.05, 0.25],
  'nik-typo': [0.001, 0.02, 0.01, 0.03, 0.02, 0.02, 0.04],
  'nik-excel': [0, 0.01, 0, 0.02, 0.01, 0, 0],
  'nik-family-reuse': [0, 0.02, 0.005, 0.04, 0, 0.01, 0.02],
  'nik-relative': [0, 0.01, 0.005, 0.015, 0.01, 0.005, 0.01],
  'nik-head': [0, 0, 0, 0, 0, 0, 0],
  'kk-missing': [0, 0.04, 0.03, 0.08, 0.15, 0.05, 0.3],
  'kk-typo': [0.001, 0.02, 0.01, 0.03, 0.02, 0.01, 0.03],
  'birth-missing': [0, 0.01, 0.005, 0.03, 0.1, 0.02, 0.1],
  'birth-placeholder': [0.005, 0.05, 0.03, 0.06, 0.05, 0.03, 0.05],
  'birth-year-only': [0, 0.02, 0.01, 0.03, 0.03, 0.01, 0.03],
  'birth-day-month-swapped': [0.001, 0.015, 0.01, 0.02, 0.015, 0.01, 0.02],
  'birth-year-off': [0.001, 0.02, 0.02, 0.03, 0.02, 0.01, 0.03],
  'sex-missing': [0, 0.01, 0.005, 0.02, 0.05, 0.01, 0.05],
  'sex-wrong': [0.0005, 0.005, 0.003, 0.008, 0.005, 0.003, 0.005],
  'birthplace-missing': [0, 0.05, 0.1, 0.1, 0.5, 0.1, 0.3],
  'birthplace-variant': [0.005, 0.04, 0.03, 0.05, 0.03, 0.03, 0.05],
  'mother-missing': [0.02, 0.3, 0.4, 0.35, 0.9, 0.3, 0.5],
  'mother-variant': [0.01, 0.06, 0.04, 0.08, 0.05, 0.04, 0.06],
  'relationship-missing': [0, 0.01, 0.01, 0.03, 0, 0.02, 0.1],
  'relationship-wrong': [0.002, 0.03, 0.02, 0.04, 0, 0.02, 0.03],
  'address-partial': [0, 0.05, 0.02, 0.08, 0.05, 0.05, 0.2],
  'address-stale': [0.05, 0.5, 0.05, 0.4, 0.2, 0.1, 0.1],
  'deceased-kept': [0.15, 0.6, 0.05, 0.5, 0.4, 0.1, 0.1],
};

const SOURCE_COLUMN: Readonly<Record<SyntheticSource, number>> = {
  dukcapil: 0, dtks: 1, regsosek: 2, p3ke: 3, housing: 4, musrenbang: 5, citizen: 6,
};

/**
 * The default rates of one source.
 *
 * @example
 * defaultNoiseRates('dtks')['nik-missing'] // → 0.06
 */
export function defaultNoiseRates(source: SyntheticSource): Record<NoiseKind, number> {
  if (typeof source !== 'string' || !Object.hasOwn(SOURCE_COLUMN, source)) throw invalidArgument('defaultNoiseRates', 'source', `one of ${Object.keys(SOURCE_COLUMN).join(', ')}`, source);
  const column = SOURCE_COLUMN[source];
  const rates = {} as Record<NoiseKind, number>;
  for (const kind of NOISE_KINDS) rates[kind] = TABLE[kind][column]!;
  return rates;
}

/** How each preset scales the default rates. */
export const NOISE_PRESET_SCALE = { clean: 0, default: 1, heavy: 2.5 } as const;

/** A noise preset name. */
export type NoisePreset = keyof typeof NOISE_PRESET_SCALE;
