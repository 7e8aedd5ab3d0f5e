import { describe, expect, it } from 'vitest';
import { validateBatch, validateDwelling, validatePerson } from '../../src/schema/index.js';

const person = (extra: Record<string, unknown>) => ({
  source: 'dtks',
  recordId: 'A1',
  observedAt: '2024-03-01',
  channel: { kind: 'registry' },
  name: 'Siti Aminah',
  ...extra,
});

describe('hostile values in records', () => {
  it('refuses prototype keys as categories (regression: sex "constructor" became Object)', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      // Under the strict contract the record is refused; by default the field is dropped, never an Object.
      const sex = validatePerson(person({ sex: key }), { fieldProblems: 'reject' });
      expect(sex.success).toBe(false);
      const dropped = validatePerson(person({ sex: key }));
      expect(dropped.success && dropped.value.sex).toBeUndefined();
      if (!sex.success) expect(sex.issues.map((issue) => issue.code)).toEqual(['schema/invalid-sex']);
      for (const field of ['maritalStatus', 'relationship']) {
        const result = validatePerson(person({ [field]: key }), { fieldProblems: 'reject' });
        expect(result.success, `${field}: ${key}`).toBe(false);
        if (!result.success) expect(result.issues[0]?.path).toEqual([field]);
      }
    }
  });

  it('refuses prototype keys in every housing category', () => {
    const fields = [
      'ownership',
      'floorMaterial',
      'wallMaterial',
      'roofMaterial',
      'drinkingWaterSource',
      'toiletType',
      'excretaDisposal',
      'lightingSource',
      'cookingFuel',
    ];
    const dwelling = (housing: Record<string, unknown>) =>
      validateDwelling(
        { source: 'housing', recordId: 'R1', observedAt: '2024-03-01', channel: { kind: 'survey' }, address: { street: 'Jl. Mawar' }, housing },
        { fieldProblems: 'reject' },
      );
    expect(dwelling({ ownership: 'owned' }).success).toBe(true);
    for (const field of fields) {
      for (const key of ['constructor', '__proto__']) {
        const result = dwelling({ [field]: key });
        expect(result.success, `${field}: ${key}`).toBe(false);
        if (!result.success) expect(result.issues.map((issue) => issue.path)).toEqual([['housing', field]]);
      }
    }
  });

  it('compares records with nested valueOf / toString keys (regression: TypeError in validateBatch)', () => {
    const a = person({ meta: { valueOf: 1, toString: 2 } });
    const { valid, rejected } = validateBatch([a, { ...a }, { ...a, meta: { valueOf: 3 } }], 'person');
    expect(valid).toHaveLength(0);
    expect(rejected.map((r) => r.issues[0]?.code)).toEqual(['schema/duplicate-record', 'schema/duplicate-record', 'schema/duplicate-record']);
    const twins = validateBatch([a, { ...a }], 'person');
    expect(twins.valid).toHaveLength(1);
    expect(twins.rejected[0]?.issues[0]?.message).toContain('exact duplicate');
  });
});

describe('dropped-field counts', () => {
  it('count fields named like Object.prototype members as their own entries', () => {
    const records = ['constructor', '__proto__', 'toString'].map((key, i) => ({
      source: 'dtks',
      recordId: `B${i}`,
      observedAt: '2024-03-01',
      channel: { kind: 'registry' },
      name: 'Siti',
      extra: { [key]: 1 },
      [key]: 2,
    }));
    const result = validateBatch(
      records.map((r) => JSON.parse(JSON.stringify(r)) as unknown),
      'person',
    );
    expect(result.valid.length + result.rejected.length).toBe(3);
    expect(Object.getPrototypeOf(result.dropped)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['schema/extra-conflict']).toBeUndefined();
  });
});
