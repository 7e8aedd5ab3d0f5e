import { describe, expect, it } from 'vitest';
import { pairCannotLink } from '../../src/cluster/cannotLinkPairs.js';
import type { PreparedColumn } from '../../src/model/column.js';
import { prepareColumns } from '../../src/comparisons/prepareColumns.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { levelOf } from '../../src/comparisons/comparePairs.js';
import { compileModel } from '../../src/model/compileModel.js';

// Protects the DTSEN preset's evidence of two people (issue 15): NIKs that differ only in the serial,
// each agreeing with its own record's birth date and sex, are twins or same-day siblings — a level of
// their own, and a cannot-link when the names differ too; a keying error elsewhere stays a typo.
// Synthetic NIKs only: 3201 01 (Kab. Bogor), born 05-07-1990 (45 = 5 + 40 for a woman), serial.
const compiled = compileModel(dtsenPersonModelSpec());
const nik = compiled.comparisons.findIndex((c) => c.name === 'nik');
const name = compiled.comparisons.findIndex((c) => c.name === 'name');

interface Side {
  readonly nik?: string;
  readonly name: string;
  readonly birthDate?: string;
  readonly sex?: 'male' | 'female';
}

function evidence(a: Side, b: Side): { nik: string; name: string; twoPeople: boolean } {
  const records = [a, b].map((side, i) => ({ source: 'dtks', recordId: String(i), ...side }));
  const columns = prepareColumns(records, compiled.columns);
  const vector = new Uint8Array(compiled.comparisons.length);
  compiled.comparisons.forEach((comparison, c) => {
    vector[c] = levelOf(comparison, columns.get(comparison.column) as PreparedColumn, 0, 1);
  });
  const labelOf = (c: number): string => compiled.comparisons[c]?.levels[vector[c] as number]?.label ?? '?';
  return { nik: labelOf(nik), name: labelOf(name), twoPeople: pairCannotLink(compiled.cannotLink, vector, 0) };
}

const TWINS = 'serial differs, both NIKs agree with their records (twins or siblings)';
const REUSED = 'exact, contradicted by a record (reused NIK?)';
const woman = { birthDate: '1990-07-05', sex: 'female' } as const;

describe('DTSEN preset: evidence of two people from the NIK (a cannot-link for any source)', () => {
  it.each([
    // [case, left, right, NIK level, two people]
    [
      'twins: serial 0001 vs 0002, each NIK agrees with its record, names differ',
      { nik: '3201014507900001', name: 'TITIN', ...woman },
      { nik: '3201014507900002', name: 'KOMANG', ...woman },
      TWINS,
      true,
    ],
    [
      'serial differs in two digits, names differ',
      { nik: '3201014507900001', name: 'NUR SITOMPUL', ...woman },
      { nik: '3201014507900112', name: 'WULAN', ...woman },
      TWINS,
      true,
    ],
    [
      'siblings on one placeholder date (1 January)',
      { nik: '3201014101100001', name: 'DWI', birthDate: '2010-01-01', sex: 'female' },
      { nik: '3201014101100002', name: 'SITI', birthDate: '2010-01-01', sex: 'female' },
      TWINS,
      true,
    ],
    [
      'a serial typo of one person: the same name',
      { nik: '3201014507900001', name: 'SITI AMINAH', ...woman },
      { nik: '3201014507900007', name: 'SITI AMINAH', ...woman },
      TWINS,
      false,
    ],
    [
      'a serial typo with a name typo',
      { nik: '3201014507900001', name: 'SITI AMINAH', ...woman },
      { nik: '3201014507900007', name: 'SITI AMINA', ...woman },
      TWINS,
      false,
    ],
    [
      'a typo in the district digits is still a typo',
      { nik: '3201014507900001', name: 'TITIN', ...woman },
      { nik: '3201024507900001', name: 'KOMANG', ...woman },
      'one-edit or transposition',
      false,
    ],
    [
      'a typo in the birth digits is still a typo',
      { nik: '3201014507900001', name: 'TITIN', ...woman },
      { nik: '3201014507910001', name: 'KOMANG', ...woman },
      'one-edit or transposition',
      false,
    ],
    [
      'serial differs but a record has no birth date to check: no verdict',
      { nik: '3201014507900001', name: 'TITIN' },
      { nik: '3201014507900002', name: 'KOMANG', ...woman },
      'one-edit or transposition',
      false,
    ],
    [
      'serial differs but a NIK contradicts its record: not the twins rule (the birth years, 22 apart, separate them)',
      { nik: '3201014507900001', name: 'TITIN', birthDate: '2012-03-04', sex: 'female' },
      { nik: '3201014507900002', name: 'KOMANG', ...woman },
      'one-edit or transposition',
      true,
    ],
    [
      'serial differs, a NIK contradicts its record, one birth year apart: no verdict',
      { nik: '3201014507900001', name: 'TITIN', birthDate: '1991-03-04', sex: 'female' },
      { nik: '3201014507900002', name: 'KOMANG', ...woman },
      'one-edit or transposition',
      false,
    ],
    [
      'the head’s NIK on a child’s record: one NIK, contradicted by the child’s birth date, names differ',
      { nik: '3201010507700001', name: 'BUDI SANTOSO', birthDate: '1970-07-05', sex: 'male' },
      { nik: '3201010507700001', name: 'DWI LESTARI', birthDate: '2008-02-11', sex: 'female' },
      REUSED,
      true,
    ],
    [
      'one NIK, a record’s birth date contradicts it, same name: one person with a wrong date',
      { nik: '3201010507700001', name: 'BUDI SANTOSO', birthDate: '1970-07-05', sex: 'male' },
      { nik: '3201010507700001', name: 'BUDI SANTOSO', birthDate: '1980-02-11', sex: 'male' },
      REUSED,
      false,
    ],
    [
      'one NIK, confirmed by both records',
      { nik: '3201010507700001', name: 'BUDI SANTOSO', birthDate: '1970-07-05', sex: 'male' },
      { nik: '3201010507700001', name: 'BUDI', birthDate: '1970-07-05', sex: 'male' },
      'exact, confirmed by both records’ birth date and sex',
      false,
    ],
  ] as const)('%s', (_, left, right, level, twoPeople) => {
    const found = evidence(left, right);
    expect(found.nik).toBe(level);
    expect(found.twoPeople).toBe(twoPeople);
    // Symmetric: which record is left does not matter.
    expect(evidence(right, left)).toEqual(found);
  });
});
