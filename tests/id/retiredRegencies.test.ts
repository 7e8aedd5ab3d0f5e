import { describe, expect, it } from 'vitest';
import { loadRegions } from '../../src/id/regions.js';
import { resolveDistrictCode } from '../../src/id/resolveDistrictCode.js';
import { RETIRED_REGENCIES } from '../../src/id/retiredRegencies.js';

// Protects the data file: every mapping points at a real regency with the same name.
const RENAMED: Record<string, string> = { 'POLEWALI MAMASA': 'POLEWALI MANDAR', 'MAMUJU UTARA': 'PASANGKAYU' };
const bare = (name: string) => name.replace(/^(KAB\.|KABUPATEN|KOTA)\s+/, '').trim();

describe('RETIRED_REGENCIES', () => {
  const { regencies } = loadRegions();

  it("lists each old code once, none of them in today's list", () => {
    const codes = RETIRED_REGENCIES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(regencies.has(code)).toBe(false);
  });

  it('points every old code at a current regency of the same name (or a documented rename) and kind', () => {
    for (const retired of RETIRED_REGENCIES) {
      const successor = regencies.get(retired.successorCode);
      expect(successor, retired.code).toBeDefined();
      const oldName = bare(retired.name);
      expect(bare(successor!.name)).toBe(RENAMED[oldName] ?? oldName);
      expect(retired.name.startsWith('KOTA')).toBe(successor!.name.startsWith('KOTA'));
      // Cities keep the 7x numbering, regencies 0x–6x.
      expect(retired.code.slice(2, 3) === '7').toBe(retired.successorCode.slice(2, 3) === '7');
    }
  });

  it('resolves districts under retired codes through resolveDistrictCode', () => {
    expect(resolveDistrictCode('92.01.01')).toMatchObject({ status: 'retired', successorDistrictCode: '960101' });
    expect(resolveDistrictCode('32.01.01')).toMatchObject({ status: 'current', successorDistrictCode: null });
    expect(resolveDistrictCode('99.01.01')).toBeUndefined();
    expect(resolveDistrictCode('3201')).toBeUndefined();
  });
});
