/**
 * How each simulated source observes the population: who it covers, when, and how.
 * Coverage is a step function of dwelling wealth (0 poorest … 1 richest): `[upToWealth, probability]`
 * rows, first match wins. Windows are in years before the reference date.
 */
import type { SyntheticSource } from './types.js';

/** One source's observation profile. */
export interface SourceProfile {
  /** Record id prefix. */
  readonly prefix: string;
  /** Observation window: from `window[0]` to `window[1]` years before the reference date. */
  readonly window: readonly [number, number];
  /** Dwelling coverage by wealth. */
  readonly coverage: readonly (readonly [upToWealth: number, probability: number])[];
  /** Probability that one present member is left out of an observed family. */
  readonly memberOmission: number;
  /** Emits a family (KK) record per observed family. */
  readonly familyRecords: boolean;
  /** Emits a dwelling record per observed dwelling. */
  readonly dwellingRecords: boolean;
  /** Only the household head is recorded (dwelling lists). */
  readonly headOnly: boolean;
}

/** The order sources are simulated in (it fixes the PRNG sequence: keep it stable). */
export const SOURCE_ORDER: readonly SyntheticSource[] = ['dukcapil', 'dtks', 'regsosek', 'p3ke', 'housing', 'musrenbang', 'citizen'];

/** Profiles of the seven sources. */
export const SOURCE_PROFILES: Readonly<Record<SyntheticSource, SourceProfile>> = {
  // Civil registry extract: everyone, as of (nearly) the reference date.
  dukcapil: { prefix: 'DK', window: [0.05, 0], coverage: [[1, 1]], memberOmission: 0.015, familyRecords: true, dwellingRecords: false, headOnly: false },
  // Welfare register: the poorer half, last updated years ago, with inclusion errors above it.
  dtks: { prefix: 'DTKS', window: [4.5, 1.5], coverage: [[0.4, 0.85], [0.5, 0.7], [0.6, 0.25], [1, 0.03]], memberOmission: 0.04, familyRecords: true, dwellingRecords: false, headOnly: false },
  // Socio-economic registration (Regsosek, Oct–Nov 2022 for a mid-2025 reference): broad.
  regsosek: { prefix: 'RS', window: [2.75, 2.6], coverage: [[1, 0.88]], memberOmission: 0.03, familyRecords: false, dwellingRecords: true, headOnly: false },
  // Extreme-poverty list: the poorest ~10%, with some leakage.
  p3ke: { prefix: 'P3KE', window: [3.3, 2.9], coverage: [[0.1, 0.85], [0.2, 0.15], [1, 0.004]], memberOmission: 0.05, familyRecords: false, dwellingRecords: false, headOnly: false },
  // Housing ministry dwelling list (uninhabitable houses, aid recipients): head and dwelling only.
  housing: { prefix: 'RTLH', window: [2, 0.5], coverage: [[0.35, 0.35], [1, 0.04]], memberOmission: 0, familyRecords: false, dwellingRecords: true, headOnly: true },
  // Formal updates from village deliberations: a small sample, more where something changed.
  musrenbang: { prefix: 'MUS', window: [1, 0.02], coverage: [[1, 0.02]], memberOmission: 0.02, familyRecords: false, dwellingRecords: false, headOnly: false },
  // Citizen proposals and objections: small.
  citizen: { prefix: 'USL', window: [0.5, 0.01], coverage: [[0.5, 0.02], [1, 0.008]], memberOmission: 0, familyRecords: false, dwellingRecords: false, headOnly: false },
};

/** Verification levels of formal updates, with their shares (most stop at the village). */
export const VERIFICATION_LEVEL_WEIGHTS = { village: 35, district: 25, regency: 20, province: 12, national: 8 } as const;

/** Citizen submission statuses, with their shares. */
export const CITIZEN_STATUS_WEIGHTS = { pending: 45, accepted: 35, rejected: 20 } as const;

/** At most this many sources observe one person (the rest are dropped, registry last). */
export const MAX_SOURCES_PER_PERSON = 5;
