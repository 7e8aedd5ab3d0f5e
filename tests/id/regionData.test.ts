import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { GENERATED, regionDataModule, VILLAGES_GENERATED, villageDataFile } from '../../scripts/buildRegionData.js';
import { loadRegions, loadVillages, type Region } from '../../src/id/regions.js';

// Protects the bundled region data: the committed files are what idn-area-data says today, every
// village decodes to the official CSV's code, district and name, and every region links to its parent.
describe('bundled region data', () => {
  it('matches the installed idn-area-data (npx tsx scripts/buildRegionData.ts rewrites it)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(regionDataModule());
    expect(readFileSync(VILLAGES_GENERATED, 'utf8')).toBe(villageDataFile());
  });

  it('links every district to a regency and every regency to a province', () => {
    const { provinces, regencies, districts } = loadRegions();
    expect(provinces.get('32')?.name).toBe('JAWA BARAT');
    expect(districts.size).toBeGreaterThan(7000);
    for (const district of districts.values()) expect(regencies.has(district.parentCode)).toBe(true);
    for (const regency of regencies.values()) expect(provinces.has(regency.parentCode)).toBe(true);
  });

  it('decodes to exactly the villages of the official CSV, each in a known district', () => {
    // Read here independently of the encoder: code and district with dots, the name after the second comma.
    const csv = readFileSync(createRequire(import.meta.url).resolve('idn-area-data/data/villages.csv'), 'utf8');
    const expected = new Map<string, Region>();
    for (const line of csv.split(/\r?\n/).slice(1)) {
      if (line === '') continue;
      const [code = '', district = ''] = line.split(',');
      const name = line.slice(code.length + district.length + 2).trim();
      expected.set(code.replaceAll('.', ''), { level: 'village', code: code.replaceAll('.', ''), parentCode: district.replaceAll('.', ''), name });
    }
    const villages = loadVillages();
    expect(villages.size).toBe(expected.size);
    expect([...villages.entries()]).toEqual([...expected.entries()]);
    const { districts } = loadRegions();
    for (const village of villages.values()) expect(districts.has(village.parentCode)).toBe(true);
  });
});
