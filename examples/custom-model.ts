/**
 * Matching any tabular records with padan's engine, without the DTSEN preset: a list of people with a
 * name, an address, a date of birth and some national ID, from two systems. Run:
 *   npx tsx examples/custom-model.ts
 * The data is generated here from a seed: no real person is in it.
 */
import { explainPair, resolvePersons, serializeModel, type ModelSpecInput } from '../src/index.js';

const spec: ModelSpecInput = {
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
      levels: [{ kind: 'null' }, { kind: 'exact', termFrequency: true }, { kind: 'jaro-winkler', threshold: 0.92 }, { kind: 'jaro-winkler', threshold: 0.8 }, { kind: 'else' }],
    },
    {
      name: 'dob',
      field: 'dob',
      prepare: 'date',
      levels: [{ kind: 'null' }, { kind: 'date', outcomes: ['exact'] }, { kind: 'date', outcomes: ['day-month-swapped', 'one-component-different'] }, { kind: 'else' }],
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
      { name: 'dob+city', on: [{ field: 'dob', prepare: 'date' }, { field: 'city', prepare: 'text' }] },
      { name: 'surname+year', on: [{ field: 'fullName', prepare: 'text', transform: 'last-token' }, { field: 'dob', prepare: 'date', transform: 'year' }] },
    ],
  },
  training: { seed: { comparison: 'national-id', matchLevels: [1] } },
  // Weights include the prior (the chance that two random records match): 0 bits is match probability 0.5.
  decision: { matchWeight: 0, reviewWeight: -4 },
};

// A seeded toy population seen by two systems, the second with typos and missing IDs.
const first = ['ANA', 'BUDI', 'CITRA', 'DEDI', 'EKA', 'FAJAR', 'GITA', 'HADI', 'INDAH', 'JOKO'];
const last = ['SANTOSO', 'WIJAYA', 'PRATAMA', 'LESTARI', 'HIDAYAT', 'KUSUMA', 'SARI', 'NUGROHO'];
const cities = ['BANDUNG', 'SURABAYA', 'MEDAN', 'MAKASSAR'];
let state = 20261129;
const random = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const rows: Record<string, unknown>[] = [];
for (let p = 0; p < 400; p++) {
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

const resolution = resolvePersons(rows, { model: spec, validate: false });
console.log(`${rows.length} records → ${resolution.clusters.length} patients`);
const link = resolution.links[0] as number;
const why = explainPair(resolution, resolution.pairs.left[link] as number, resolution.pairs.right[link] as number);
console.log(why.comparisons.map((c) => `${c.comparison}: ${c.label} (${c.weight.toFixed(1)})`).join(', '));
console.log(`model JSON: ${serializeModel(resolution.model).length} bytes`);
