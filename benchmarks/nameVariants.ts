/**
 * How the DTSEN name comparison tells real variants of one name from the names of two people.
 * Seeded pairs are built from the synthetic name tables:
 * - same person: old spelling, Muhammad forms, titles and degrees, an initial, case and spacing, one
 *   typo in a long token, a dropped middle token;
 * - two people (hard negatives): gendered forms (-WAN / -WATI, -TO / -TI, -NO / -NI, -O / -I,
 *   PUTRA / PUTRI, SAPUTRA / SAPUTRI), birth-order names (EKA / DWI / TRI / CATUR, WAYAN / MADE /
 *   NYOMAN / KETUT …), twin names (HASAN / HUSEIN), different patronymics, siblings sharing a family
 *   name with other given names.
 * Each pair is compared by the preset's name comparison; "called same" is its exact or ≥ 0.94 level,
 * "called different" any level that speaks against a match (distinct names, other given names,
 * different).
 *
 *   npx tsx benchmarks/nameVariants.ts [--pairs 2000] [--seed 1] [--json]
 */
import { parseArgs } from 'node:util';
import type { PreparedColumn } from '../src/model/column.js';
import { prepareColumns } from '../src/comparisons/prepareColumns.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { levelOf } from '../src/comparisons/comparePairs.js';
import { compileModel } from '../src/model/compileModel.js';
import { drawName } from '../src/synth/names.js';
import { NAME_FLAVOURS, type NameFlavour } from '../src/synth/names.data.js';
import { chance, createRandom, nextFloat, pick } from '../src/synth/random.js';

const { values } = parseArgs({
  options: { pairs: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' }, json: { type: 'boolean', default: false } },
});
const perKind = Number(values.pairs);
const rng = createRandom(Number(values.seed), 7);
const flavours = Object.keys(NAME_FLAVOURS) as NameFlavour[];

function baseName(sex: 'male' | 'female' = chance(rng, 0.5) ? 'male' : 'female'): string {
  return drawName(rng, pick(rng, flavours), sex, 1950 + Math.floor(nextFloat(rng) * 70), {}).name;
}

const OLD_SPELLING: readonly [string, string][] = [
  ['U', 'OE'],
  ['J', 'DJ'],
  ['C', 'TJ'],
  ['Y', 'J'],
  ['KH', 'CH'],
  ['SY', 'SJ'],
  ['NY', 'NJ'],
];
const MUHAMMAD = ['MUHAMMAD', 'MOHAMMAD', 'MOCHAMAD', 'MUHAMAD', 'MOH.', 'M.', 'MUH.', 'MOCH.'];
const TITLES_BEFORE = ['H.', 'HJ.', 'DRS.', 'IR.', 'BPK.', 'IBU', 'NY.', 'SDR.'];
const TITLES_AFTER = [', S.PD', ', S.E', ', S.H', ', A.MD', ', S.KOM'];

/** Same-person variants: [kind, make(name) → variant or null when the kind does not apply]. */
const SAME: readonly [string, (name: string) => [string, string] | null][] = [
  [
    'old spelling',
    (n) => {
      const [modern, old] = pick(rng, OLD_SPELLING);
      return n.includes(modern) ? [n, n.replaceAll(modern, old)] : null;
    },
  ],
  [
    'Muhammad form',
    (n) => {
      const rest = n.split(' ').slice(1).join(' ') || baseName('male');
      return [`${pick(rng, MUHAMMAD)} ${rest}`, `${pick(rng, MUHAMMAD)} ${rest}`];
    },
  ],
  ['title or degree', (n) => [n, chance(rng, 0.5) ? `${pick(rng, TITLES_BEFORE)} ${n}` : `${n}${pick(rng, TITLES_AFTER)}`]],
  [
    'initial',
    (n) => {
      const tokens = n.split(' ');
      if (tokens.length < 2) return null;
      const i = 1 + Math.floor(nextFloat(rng) * (tokens.length - 1));
      return [n, tokens.map((t, j) => (j === i ? `${t[0]}.` : t)).join(' ')];
    },
  ],
  ['case and spacing', (n) => [n, ` ${n.toLowerCase().replaceAll(' ', '  ')} `]],
  [
    'typo in a long token',
    (n) => {
      const tokens = n.split(' ');
      const i = tokens.findIndex((t) => t.length >= 6);
      if (i < 0) return null;
      const t = tokens[i] as string;
      const at = 2 + Math.floor(nextFloat(rng) * (t.length - 3));
      const letter = String.fromCharCode(65 + Math.floor(nextFloat(rng) * 26));
      if (letter === t[at]) return null;
      tokens[i] = t.slice(0, at) + letter + t.slice(at + 1);
      return [n, tokens.join(' ')];
    },
  ],
  [
    'middle token dropped',
    (n) => {
      const tokens = n.split(' ');
      return tokens.length < 3 ? null : [n, [tokens[0], ...tokens.slice(2)].join(' ')];
    },
  ],
];

const GENDERED: readonly [string, string][] = [
  ['WAN', 'WATI'],
  ['TO', 'TI'],
  ['NO', 'NI'],
];
const ORDER_JAVANESE = ['EKA', 'DWI', 'TRI', 'CATUR'];
const ORDER_BALINESE = [['WAYAN', 'PUTU', 'GEDE'], ['MADE', 'KADEK', 'NENGAH'], ['NYOMAN', 'KOMANG'], ['KETUT']];

/** Two people: [kind, make() → a pair]. */
const DIFFERENT: readonly [string, () => [string, string] | null][] = [
  [
    'gendered form',
    () => {
      const n = baseName('male');
      const tokens = n.split(' ');
      for (let i = tokens.length - 1; i >= 0; i--) {
        const t = tokens[i] as string;
        for (const [male, female] of GENDERED) {
          if (t.endsWith(male) && t.length - male.length >= 3) {
            const sister = [...tokens];
            sister[i] = t.slice(0, t.length - male.length) + female;
            return [n, sister.join(' ')];
          }
        }
      }
      const word = pick(rng, [
        ['PUTRA', 'PUTRI'],
        ['SAPUTRA', 'SAPUTRI'],
      ] as const);
      return [`${tokens[0]} ${word[0]}`, `${tokens[0]} ${word[1]}`];
    },
  ],
  [
    'birth order',
    () => {
      const rest = baseName();
      if (chance(rng, 0.5)) {
        const [x, y] = twoOf(ORDER_JAVANESE);
        return [`${x} ${rest}`, `${y} ${rest}`];
      }
      const [x, y] = twoOf(ORDER_BALINESE);
      return [`I ${pick(rng, x)} ${rest}`, `I ${pick(rng, y)} ${rest}`];
    },
  ],
  [
    'twin names',
    () => {
      const rest = baseName('male').split(' ').slice(-1)[0] as string;
      return chance(rng, 0.5) ? [`HASAN ${rest}`, `HUSEIN ${rest}`] : [`MUHAMMAD HASAN ${rest}`, `MUHAMMAD HUSAIN ${rest}`];
    },
  ],
  [
    'patronymic',
    () => {
      const given = baseName('male').split(' ')[0] as string;
      const [a, b] = [baseName('male').split(' ')[0] as string, baseName('male').split(' ')[0] as string];
      return a === b ? null : [`${given} BIN ${a}`, `${given} bin ${b}`];
    },
  ],
  [
    'siblings sharing a family name',
    () => {
      const surname = pick(rng, ['LOMI', 'WENDA', 'SIREGAR', 'NAINGGOLAN', 'POLII', 'FERNANDEZ', 'HARAHAP', 'SIMANJUNTAK']);
      const a = baseName().split(' ')[0] as string;
      const b = baseName().split(' ')[0] as string;
      return a === b ? null : [`${a} ${surname}`, `${b} ${surname}`];
    },
  ],
];

function twoOf<T>(items: readonly T[]): [T, T] {
  const i = Math.floor(nextFloat(rng) * items.length);
  let j = Math.floor(nextFloat(rng) * (items.length - 1));
  if (j >= i) j++;
  return [items[i] as T, items[j] as T];
}

function collect<T>(make: () => T | null, count: number): T[] {
  const out: T[] = [];
  for (let attempts = 0; out.length < count && attempts < count * 50; attempts++) {
    const made = make();
    if (made !== null) out.push(made);
  }
  return out;
}

const compiled = compileModel(dtsenPersonModelSpec());
const name = compiled.comparisons.find((c) => c.name === 'name');
if (name === undefined) throw new Error('the DTSEN preset has no name comparison');
const SAME_LEVELS = new Set(
  name.levels.map((l, i) => (l.spec.kind === 'exact' || (l.spec.kind === 'name' && (l.spec['threshold'] as number) >= 0.94) ? i : -1)),
);
const DIFFERENT_LEVELS = new Set(name.levels.map((l, i) => (l.spec.kind === 'distinct-names' || l.spec.kind === 'else' ? i : -1)));

function levelsOf(pairs: readonly [string, string][]): number[] {
  const records = pairs.flatMap(([a, b], i) => [
    { source: 's', recordId: `${i}a`, name: a },
    { source: 's', recordId: `${i}b`, name: b },
  ]);
  const column = prepareColumns(records, compiled.columns).get(name!.column) as PreparedColumn;
  return pairs.map((_, i) => levelOf(name!, column, 2 * i, 2 * i + 1));
}

interface Row {
  kind: string;
  pairs: number;
  same: number;
  different: number;
}
const rows: { same: Row[]; different: Row[] } = { same: [], different: [] };
for (const [kind, make] of SAME) {
  const pairs = collect(() => make(baseName()), perKind);
  const levels = levelsOf(pairs);
  rows.same.push({
    kind,
    pairs: pairs.length,
    same: levels.filter((l) => SAME_LEVELS.has(l)).length,
    different: levels.filter((l) => DIFFERENT_LEVELS.has(l)).length,
  });
}
for (const [kind, make] of DIFFERENT) {
  const pairs = collect(make, perKind);
  const levels = levelsOf(pairs);
  rows.different.push({
    kind,
    pairs: pairs.length,
    same: levels.filter((l) => SAME_LEVELS.has(l)).length,
    different: levels.filter((l) => DIFFERENT_LEVELS.has(l)).length,
  });
}
const total = (list: Row[], key: 'same' | 'different'): number => list.reduce((s, r) => s + r[key], 0) / list.reduce((s, r) => s + r.pairs, 0);
const summary = { sameCalledSame: total(rows.same, 'same'), hardNegativesCalledDifferent: total(rows.different, 'different') };

if (values.json) console.log(JSON.stringify({ rows, summary }));
else {
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  console.log('same person            pairs  called same  called different');
  for (const r of rows.same)
    console.log(`${r.kind.padEnd(22)} ${String(r.pairs).padStart(6)}  ${pct(r.same / r.pairs).padStart(11)}  ${pct(r.different / r.pairs).padStart(17)}`);
  console.log('\ntwo people (hard)      pairs  called same  called different');
  for (const r of rows.different)
    console.log(`${r.kind.padEnd(22)} ${String(r.pairs).padStart(6)}  ${pct(r.same / r.pairs).padStart(11)}  ${pct(r.different / r.pairs).padStart(17)}`);
  console.log(
    `\nsame-person variants called same: ${pct(summary.sameCalledSame)} · hard negatives called different: ${pct(summary.hardNegativesCalledDifferent)}`,
  );
}
