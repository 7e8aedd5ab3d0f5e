import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { validateDwelling, validateFamily } from '../../src/schema/validate.js';

// Synthetic records only.
const envelope = { source: 'dukcapil', recordId: 'K1', observedAt: '2024-01-05', channel: { kind: 'registry' } } as const;

describe('validateFamily', () => {
  it('normalizes the KK, head and members', () => {
    const result = validateFamily({
      ...envelope,
      kk: '1234-5678-9012-0007',
      headNik: '1234 5678 9012 3456',
      headName: ' Budi ',
      memberNiks: ['1234567890123456', '1234.5678.9012.3457'],
      address: { rw: 2 },
      rtRwLama: '01/02',
    });
    expect(result).toEqual({
      success: true,
      value: {
        ...envelope,
        kk: '1234567890120007',
        headNik: '1234567890123456',
        headName: 'Budi',
        memberNiks: ['1234567890123456', '1234567890123457'],
        address: { rw: '002' },
        extra: { rtRwLama: '01/02' },
      },
      warnings: [],
    });
  });

  it('requires a KK and reports bad members by index', () => {
    const result = validateFamily({ ...envelope, memberNiks: ['1234567890123456', '12'] });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['schema/required', ['kk']],
      ['schema/invalid-nik', ['memberNiks', 1]],
    ]);
  });

  it('warns about a member listed twice', () => {
    const result = validateFamily({ ...envelope, kk: '1234567890120007', memberNiks: ['1234567890123456', '1234 5678 9012 3456'] });
    expect(result.success && result.warnings.map((warning) => [warning.code, warning.path])).toEqual([['schema/duplicate-member', ['memberNiks', 1]]]);
  });

  it('throws on options it does not know', () => {
    expect(() => validateFamily(envelope, { checkNik: () => [] } as never)).toThrow(PadanError);
  });
});

describe('validateDwelling', () => {
  const dwelling = { ...envelope, source: 'housing', recordId: 'R9', channel: { kind: 'survey' } } as const;

  it('normalizes housing attributes from codes, Indonesian labels and numbers', () => {
    const result = validateDwelling({
      ...dwelling,
      dwellingId: ' B-0012 ',
      kks: ['1234567890120007'],
      housing: {
        ownership: 'Milik Sendiri',
        floorAreaM2: '36,5',
        floorMaterial: 'keramik',
        wallMaterial: 'tembok',
        roofMaterial: 'seng',
        drinkingWaterSource: 'air isi ulang',
        toiletFacility: 'private',
        toiletType: 'leher angsa',
        excretaDisposal: 'tangki septik',
        lightingSource: 'pln-metered',
        plnPower: '900 VA',
        cookingFuel: 'elpiji 3 kg',
      },
    });
    expect(result.success && result.value).toEqual({
      ...dwelling,
      dwellingId: 'B-0012',
      kks: ['1234567890120007'],
      housing: {
        ownership: 'owned',
        floorAreaM2: 36.5,
        floorMaterial: 'ceramic',
        wallMaterial: 'masonry',
        roofMaterial: 'zinc',
        drinkingWaterSource: 'refill',
        toiletFacility: 'private',
        toiletType: 'gooseneck',
        excretaDisposal: 'septic-tank',
        lightingSource: 'pln-metered',
        plnPower: 'va-900',
        cookingFuel: 'lpg-3kg',
      },
    });
  });

  it('accepts caller categories x-… and rejects unknown ones', () => {
    const ok = validateDwelling({ ...dwelling, housing: { roofMaterial: 'x-daun-nipah', cookingFuel: 'X-Pellet' } });
    expect(ok.success && ok.value.housing).toEqual({ roofMaterial: 'x-daun-nipah', cookingFuel: 'x-pellet' });
    const messy = { ...dwelling, housing: { roofMaterial: 'plastic', floorAreaM2: -4, colour: 'blue' } };
    const bad = validateDwelling(messy, { fieldProblems: 'reject' });
    expect(bad.success).toBe(false);
    if (bad.success) return;
    expect(bad.issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['schema/invalid-number', 'housing.floorAreaM2'],
      ['schema/invalid-category', 'housing.roofMaterial'],
      ['schema/unknown-field', 'housing.colour'],
    ]);
    // By default each unreadable field is dropped with a warning, its raw value kept for a steward.
    const kept = validateDwelling(messy);
    expect(kept.success).toBe(true);
    if (!kept.success) return;
    expect(kept.value.housing).toEqual({});
    expect(kept.value.extra?.['dropped']).toEqual({ 'housing.floorAreaM2': -4, 'housing.roofMaterial': 'plastic', 'housing.colour': 'blue' });
    expect(kept.warnings.map((issue) => [issue.code, issue.path.join('.'), issue.severity])).toEqual([
      ['schema/invalid-number', 'housing.floorAreaM2', 'warning'],
      ['schema/invalid-category', 'housing.roofMaterial', 'warning'],
      ['schema/unknown-field', 'housing.colour', 'warning'],
    ]);
  });

  it('accepts a dwelling with no housing attributes', () => {
    expect(validateDwelling({ ...dwelling, housing: null }).success).toBe(true);
  });
});
