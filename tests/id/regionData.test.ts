import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED, regionDataModule } from '../../scripts/buildRegionData.js';
import { loadRegions } from '../../src/id/regions.js';

// Protects the bundled region codes: the committed module is what idn-area-data says today, and
// every district parses with its regency and province.
describe('bundled region data', () => {
  it('matches the installed idn-area-data (npx tsx scripts/buildRegionData.ts rewrites it)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(regionDataModule());
  });

  it('links every district to a regency and every regency to a province', () => {
    const { provinces, regencies, districts } = loadRegions();
    expect(provinces.get('32')?.name).toBe('JAWA BARAT');
    expect(districts.size).toBeGreaterThan(7000);
    for (const district of districts.values()) expect(regencies.has(district.parentCode)).toBe(true);
    for (const regency of regencies.values()) expect(provinces.has(regency.parentCode)).toBe(true);
  });
});
