import { describe, expect, it } from 'vitest';
import { checkNikConsistency } from '../../src/id/checkNikConsistency.js';
import { parseNik } from '../../src/id/parseNik.js';

// Synthetic: a woman born 12 May 1990, NIK issued in 32.01.01 (Cibinong, Kab. Bogor).
const nik = '3201015205900001';
const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('checkNikConsistency', () => {
  it('finds nothing when the record agrees', () => {
    expect(checkNikConsistency(nik, { birthDate: '1990-05-12', sex: 'female', address: { districtCode: '32.01.01' } })).toEqual([]);
  });

  it('compares only the known part of the birth date', () => {
    expect(checkNikConsistency(nik, { birthDate: '1990-05' })).toEqual([]);
    expect(checkNikConsistency(nik, { birthDate: '1990' })).toEqual([]);
    expect(codes(checkNikConsistency(nik, { birthDate: '1990-06' }))).toEqual(['nik/birth-date-mismatch']);
    expect(codes(checkNikConsistency(nik, { birthDate: '1991' }))).toEqual(['nik/birth-date-mismatch']);
    expect(codes(checkNikConsistency(nik, { birthDate: '1990-05-21' }))).toEqual(['nik/birth-date-mismatch']);
  });

  it('compares years on their last two digits (the only ones a NIK holds)', () => {
    expect(checkNikConsistency('3201011205200001', { birthDate: '1920-05-12' })).toEqual([]);
  });

  it('compares only the year of a placeholder birth date', () => {
    expect(checkNikConsistency(nik, { birthDate: '1990-07-01', birthDatePlaceholder: true })).toEqual([]);
    expect(codes(checkNikConsistency(nik, { birthDate: '1989-12-31', birthDatePlaceholder: true }))).toEqual(['nik/birth-date-mismatch']);
  });

  it('reports a sex mismatch', () => {
    expect(checkNikConsistency(nik, { sex: 'male' })).toMatchObject([{ code: 'nik/sex-mismatch', severity: 'warning', path: ['sex'] }]);
  });

  it('reports an address elsewhere as informational, at the most specific level known', () => {
    expect(codes(checkNikConsistency(nik, { address: { districtCode: '320102' } }))).toEqual(['nik/region-differs-from-address']);
    expect(checkNikConsistency(nik, { address: { regencyCode: '32.01' } })).toEqual([]);
    expect(checkNikConsistency(nik, { address: { provinceCode: '32' } })).toEqual([]);
    expect(checkNikConsistency(nik, { address: { provinceCode: '35' } })).toMatchObject([{ code: 'nik/region-differs-from-address', severity: 'warning' }]);
  });

  it('matches an address under the successor of a retired NIK region', () => {
    expect(checkNikConsistency('9101015205900001', { address: { districtCode: '930101' } })).toEqual([]);
    expect(checkNikConsistency('9101015205900001', { address: { provinceCode: '93' } })).toEqual([]);
  });

  it('accepts a parsed NIK and adds the record path and id', () => {
    const parsed = parseNik(nik);
    if (!parsed.success) throw new Error('fixture must parse');
    expect(checkNikConsistency(parsed.value, { sex: 'male' }, { path: ['persons', 3], recordId: 'r-9' })).toMatchObject([
      { code: 'nik/sex-mismatch', path: ['persons', 3, 'sex'], recordId: 'r-9' },
    ]);
  });

  it('says nothing about a malformed NIK (parseNik reports it)', () => {
    expect(checkNikConsistency('3201', { sex: 'male' })).toEqual([]);
  });

  it('never puts the full NIK in a message', () => {
    for (const issue of checkNikConsistency(nik, { birthDate: '1991-01-01', sex: 'male', address: { provinceCode: '35' } })) {
      expect(issue.message).not.toContain(nik);
    }
  });
});
