/**
 * Matching any tabular records with padan's engine, without the DTSEN preset: patients of two clinics
 * with a name, a city, a date of birth and some national ID. The model spec is plain JSON; the data is
 * generated here from a seed (no real person is in it).
 */
import type { ModelSpecInput } from 'padan';

/** The model: four comparisons, each an ordered list of levels, three blocking rules, a training seed. */
export const clinicModel: ModelSpecInput = {
  kind: 'padan/model-spec',
  version: 1,
  name: 'clinic-patients',
  recordKey: { source: 'system', id: 'id' },
  comparisons: [
    {
      name: 'national-id',
      field: 'nationalId',
      prepare: 'identifier',
      levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'damerau-levenshtein', maxDistance: 1 }, { kind: 'else' }],
    },
    {
      name: 'name',
      field: 'fullName',
      prepare: 'text',
      levels: [
        { kind: 'null' },
        { kind: 'exact', termFrequency: true },
        { kind: 'jaro-winkler', threshold: 0.92 },
        { kind: 'jaro-winkler', threshold: 0.8 },
        { kind: 'else' },
      ],
    },
    {
      name: 'dob',
      field: 'dob',
      prepare: 'date',
      levels: [
        { kind: 'null' },
        { kind: 'date', outcomes: ['exact'] },
        { kind: 'date', outcomes: ['day-month-swapped', 'one-component-different'] },
        { kind: 'else' },
      ],
    },
    {
      name: 'city',
      field: 'city',
      prepare: 'text',
      levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }],
    },
  ],
  blocking: {
    rules: [
      { name: 'id', on: [{ field: 'nationalId', prepare: 'identifier' }] },
      {
        name: 'dob+city',
        on: [
          { field: 'dob', prepare: 'date' },
          { field: 'city', prepare: 'text' },
        ],
      },
      {
        name: 'surname+year',
        on: [
          { field: 'fullName', prepare: 'text', transform: 'last-token' },
          { field: 'dob', prepare: 'date', transform: 'year' },
        ],
      },
    ],
  },
  training: { seed: { comparison: 'national-id', matchLevels: [1] } },
  // Weights include the prior (the chance that two random records match): 0 bits is match probability 0.5.
  decision: { matchWeight: 0, reviewWeight: -4 },
};

/** One clinic's row: its own column names, nothing padan-specific. */
export interface PatientRow {
  readonly system: 'clinic-a' | 'clinic-b';
  readonly id: string;
  readonly fullName: string;
  readonly dob: string;
  readonly city: string;
  readonly nationalId: string | null;
}

/**
 * A seeded population of `patients` seen by two clinics: every patient at clinic A, about 70% also at
 * clinic B, where a fifth have a typo in the name and a fifth no national ID. Returns the rows and the
 * number of true patients among them.
 */
export function clinicRows(patients = 400, seed = 20261129): { rows: PatientRow[]; patients: number } {
  const first = ['ANA', 'BUDI', 'CITRA', 'DEDI', 'EKA', 'FAJAR', 'GITA', 'HADI', 'INDAH', 'JOKO'];
  const last = ['SANTOSO', 'WIJAYA', 'PRATAMA', 'LESTARI', 'HIDAYAT', 'KUSUMA', 'SARI', 'NUGROHO'];
  const cities = ['BANDUNG', 'SURABAYA', 'MEDAN', 'MAKASSAR'];
  let state = seed;
  const random = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const rows: PatientRow[] = [];
  for (let p = 0; p < patients; p++) {
    const person = {
      fullName: `${pick(first)} ${pick(last)}`,
      dob: `19${60 + Math.floor(random() * 40)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
      city: pick(cities),
      nationalId: String(100000000 + p * 7919),
    };
    rows.push({ system: 'clinic-a', id: `A${p}`, ...person });
    if (random() < 0.7) {
      const typo = random() < 0.2 ? person.fullName.replace(/A/, 'E') : person.fullName;
      rows.push({ system: 'clinic-b', id: `B${p}`, ...person, fullName: typo, nationalId: random() < 0.2 ? null : person.nationalId });
    }
  }
  return { rows, patients };
}
