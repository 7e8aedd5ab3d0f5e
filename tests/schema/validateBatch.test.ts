import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { validateBatch } from '../../src/schema/validate.js';

// Synthetic records only.
function person(recordId: string, extra: Record<string, unknown> = {}) {
  return { source: 'p3ke', recordId, observedAt: '2024-05-01', channel: { kind: 'survey' }, name: 'Dewi', ...extra };
}

describe('validateBatch', () => {
  it('puts every input in valid or rejected, with index and identity', () => {
    const inputs = [person('1'), person('2', { nik: '12' }), null, person('4', { birthDate: '2030' }), { source: 'P3KE', recordId: 5 }];
    const result = validateBatch(inputs, 'person', { fieldProblems: 'reject' });
    expect(result.valid.map((record) => record.recordId)).toEqual(['1', '4']);
    expect(result.validIndexes).toEqual([0, 3]);
    expect(result.rejected.map(({ index, source, recordId }) => ({ index, source, recordId }))).toEqual([
      { index: 1, source: 'p3ke', recordId: '2' },
      { index: 2, source: undefined, recordId: undefined },
      { index: 4, source: 'p3ke', recordId: '5' },
    ]);
    expect(result.rejected.every((rejection) => rejection.issues.some((issue) => issue.severity === 'error'))).toBe(true);
    expect(result.warnings).toEqual([
      expect.objectContaining({ index: 3, recordId: '4', warnings: [expect.objectContaining({ code: 'schema/born-after-observation' })] }),
    ]);
  });

  it('by default refuses only what cannot be identified, and counts dropped fields by field and code', () => {
    const inputs = [person('1'), person('2', { nik: '12' }), null, person('4', { birthDate: '2030' }), { source: 'P3KE', recordId: 5 }];
    const result = validateBatch(inputs, 'person');
    expect(result.valid.map((record) => record.recordId)).toEqual(['1', '2', '4']);
    expect(result.rejected.map(({ index }) => index)).toEqual([2, 4]);
    expect(result.dropped).toEqual({ nik: { 'schema/invalid-nik': 1 } });
    expect(result.valid[1]?.extra?.['dropped']).toEqual({ nik: '12' });
  });

  it('rejects records sharing an identity: all when they differ, the later ones when identical', () => {
    const differing = validateBatch([person('1'), person('1', { name: 'Rina' }), person('2')], 'person');
    expect(differing.valid.map((record) => record.recordId)).toEqual(['2']);
    expect(differing.rejected.map((rejection) => [rejection.index, rejection.issues[0]?.code])).toEqual([
      [0, 'schema/duplicate-record'],
      [1, 'schema/duplicate-record'],
    ]);
    // Order does not change which records survive.
    const reversed = validateBatch([person('2'), person('1', { name: 'Rina' }), person('1')], 'person');
    expect(reversed.valid.map((record) => record.recordId)).toEqual(['2']);

    const identical = validateBatch([person('1'), person('1', { name: ' Dewi ' })], 'person');
    expect(identical.valid).toHaveLength(1);
    expect(identical.rejected.map((rejection) => rejection.index)).toEqual([1]);
  });

  it('validates families and dwellings too', () => {
    const envelope = { source: 'housing', observedAt: '2024-01-01', channel: { kind: 'registry' } };
    expect(validateBatch([{ ...envelope, recordId: 'k', kk: '1234567890120007' }], 'family').valid).toHaveLength(1);
    expect(validateBatch([{ ...envelope, recordId: 'd', housing: { plnPower: 450 } }], 'dwelling').valid[0]?.housing).toEqual({ plnPower: 'va-450' });
  });

  it('throws on a config mistake before reading any record', () => {
    expect(() => validateBatch([person('1')], 'persons' as never)).toThrow(PadanError);
    expect(() => validateBatch([person('1')], 'toString' as never)).toThrow(PadanError);
    expect(() => validateBatch('rows' as never, 'person')).toThrow(PadanError);
    expect(() => validateBatch([], 'family', { malformedIds: 'keep-in-extra' })).toThrow(PadanError);
    expect(() => validateBatch([], 'person', { malformedIds: 'maybe' } as never)).toThrow(/malformedIds/);
  });
});
