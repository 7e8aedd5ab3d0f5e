import { describe, expect, it } from 'vitest';
import type { PreparedColumn } from '../../src/model/column.js';
import { prepareColumns } from '../../src/comparisons/prepareColumns.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { levelOf } from '../../src/comparisons/comparePairs.js';
import { compileModel } from '../../src/model/compileModel.js';
import { distinctNameSignal } from '../../src/standardize/distinctNameSignal.js';
import { standardizeName } from '../../src/standardize/standardizeName.js';

// Protects issue 15's Indonesian distinct-name signals: names of two people that look alike (a
// gendered form, another birth-order name, a twin's name, another father, other given names beside a
// shared one) are told apart, and real variants of one name (spelling reform, Muhammad forms, titles,
// initials, typos) are not. Synthetic names only.
function signal(a: string, b: string) {
  const x = standardizeName(a);
  const y = standardizeName(b);
  return distinctNameSignal(x.canonicalTokens, y.canonicalTokens, x.patronymicTokens, y.patronymicTokens);
}

const compiled = compileModel(dtsenPersonModelSpec());
const comparison = compiled.comparisons.find((c) => c.name === 'name');

/** The DTSEN name comparison's level label for two raw names. */
function levelLabel(a: string, b: string): string {
  if (comparison === undefined) throw new Error('no name comparison');
  const records = [a, b].map((name, i) => ({ source: 's', recordId: String(i), name }));
  const column = prepareColumns(records, compiled.columns).get(comparison.column) as PreparedColumn;
  return comparison.levels[levelOf(comparison, column, 0, 1)]?.label ?? '?';
}

const TWO_PEOPLE = [
  // [a, b, signal]
  ['BUDI SETIAWAN', 'BUDI SETIAWATI', 'gendered-form'],
  ['SUGIARTO', 'SUGIARTI', 'gendered-form'],
  ['EKO SUPARNO', 'EKO SUPARNI', 'gendered-form'],
  ['SUHARJO', 'SUHARJI', 'gendered-form'],
  ['ADITYA PUTRA', 'ADITYA PUTRI', 'gendered-form'],
  ['RIZKI SAPUTRA', 'RIZKI SAPUTRI', 'gendered-form'],
  ['EKA LESTARI', 'DWI LESTARI', 'birth-order'],
  ['TRI WAHYUNI', 'CATUR WAHYUNI', 'birth-order'],
  ['I WAYAN SUDARMA', 'I MADE SUDARMA', 'birth-order'],
  ['I PUTU SUDARMA', 'I KADEK SUDARMA', 'birth-order'],
  ['NI NENGAH ARIANI', 'NI KOMANG ARIANI', 'birth-order'],
  ['I NYOMAN SUDARMA', 'I KETUT SUDARMA', 'birth-order'],
  ['HASAN BASRI', 'HUSEIN BASRI', 'twin-names'],
  ['MUHAMMAD HASAN', 'MUHAMMAD HUSAIN', 'twin-names'],
  ['AHMAD BIN ASHARI', 'Ahmad bin Asnawi', 'patronymic'],
  ['SITI BINTI SULAIMAN', 'SITI BINTI ABDULLAH', 'patronymic'],
  ['MARIA ANJELINA LOMI', 'FRANSISKA SELVIANA LOMI', 'other-given-names'],
  ['MUHAMMAD RIZKI', 'MUHAMMAD FAJAR', 'other-given-names'],
  ['ADI PURNOMO', 'BUDI PURNOMO', 'other-given-names'],
] as const;

const ONE_PERSON = [
  // [a, b] — variants of one name
  ['SITI NOER DJANAH', 'SITI NUR JANAH'], // spelling reform
  ['JOESOEF EFFENDI', 'YUSUF EFENDI'],
  ['TJAHJADI', 'CAHYADI'],
  ['MOCHAMAD RIZKI', 'MUHAMMAD RIZKI'], // Muhammad forms
  ['MOH. RIZKI', 'MUHAMMAD RIZKI'],
  ['H. AHMAD DAHLAN, S.PD', 'AHMAD DAHLAN'], // titles and degrees
  ['HJ. SITI AMINAH', 'SITI AMINAH'],
  ['M. RIZKI', 'MUHAMMAD RIZKI'], // initials
  ['BUDI S.', 'BUDI SANTOSO'],
  ['SITI AMINAH', 'SITI AMINA'], // typo
  ['CITRA DWI', 'CITRA WI'], // a dropped first letter
  ['TATI JAJAH', 'TATI YAYAH'], // old j for y
  ['NUR TRI', 'NUR DWI TR1'], // an OCR slip: TR1 is TRI, DWI an extra name
  ['SITI NURHALIZA', 'SITI NUR HALIZA'], // spacing
  ['AGUS SALIM HARAHAP', 'AGUS HARAHAP'], // a dropped middle name
  ['AHMAD BIN ARIF', 'AHMAD BIN ARIP'], // one father, two spellings
  ['AHMAD BIN ASHARI', 'AHMAD'], // a patronymic on one record only
  ['DEDO KURNIAWAN', 'DEDI KURNIAWAN'], // a short name's last letter: a typo as likely as a sister
  ['RIZKA AMELIA', 'RIZKI AMELIA'], // -A / -I is not a general gender rule
] as const;

describe('distinctNameSignal', () => {
  it.each(TWO_PEOPLE)('%s / %s → %s', (a, b, expected) => {
    expect(signal(a, b)).toBe(expected);
    expect(signal(b, a)).toBe(expected);
  });

  it.each(ONE_PERSON)('%s / %s → no signal', (a, b) => {
    expect(signal(a, b)).toBeNull();
    expect(signal(b, a)).toBeNull();
  });
});

describe('DTSEN name comparison', () => {
  it.each(TWO_PEOPLE)('%s / %s: counted against a match', (a, b) => {
    expect(levelLabel(a, b)).toMatch(/^(distinct names|a shared name, other given names)/);
  });

  it('AHMAD BIN ASHARI and Ahmad bin Asnawi are no longer exact (the patronymic is compared)', () => {
    expect(levelLabel('AHMAD BIN ASHARI', 'Ahmad bin Asnawi')).toMatch(/^distinct names/);
    expect(levelLabel('AHMAD BIN ASHARI', 'Ahmad bin Ashari')).toBe('exact');
  });

  it.each(ONE_PERSON.filter(([a]) => a !== 'DEDO KURNIAWAN' && a !== 'RIZKA AMELIA'))('%s / %s: a similarity level, not one against a match', (a, b) => {
    expect(levelLabel(a, b)).toMatch(/^(exact|name similarity ≥ 0\.\d+)$/);
  });
});
