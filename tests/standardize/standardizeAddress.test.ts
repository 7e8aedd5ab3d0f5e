import { describe, expect, it } from 'vitest';
import { loadRegions, loadVillages } from '../../src/id/regions.js';
import { normalizeRegionName, regionNameIndex } from '../../src/standardize/regionNameIndex.js';
import { standardizeAddress } from '../../src/standardize/standardizeAddress.js';
import { ADDRESS_TERMS } from '../../src/standardize/tables/addressTerms.js';

// Street names and house numbers are invented; region names are the official public ones.

describe('standardizeAddress: terms', () => {
  for (const term of ADDRESS_TERMS) {
    for (const form of term.forms) {
      it(`${form} → ${term.canonical}`, () => {
        const written = `${form.charAt(0)}${form.slice(1).toLowerCase()}. Mawar`;
        expect(standardizeAddress(written, { matchRegions: 'none' }).tokens[0]).toBe(term.canonical);
      });
    }
  }

  it('splits abbreviations glued to the next word and reads the street and house number', () => {
    const r = standardizeAddress('Jl.Mawar Indah No.012', { matchRegions: 'none' });
    expect(r.compared).toBe('JALAN MAWAR INDAH NO 12');
    expect(r.street).toBe('JALAN MAWAR INDAH');
    expect(r.houseNumber).toBe('12');
  });

  it('folds accents, full-width forms and zero-width characters', () => {
    expect(standardizeAddress('Jl. Séndang\u200bsari ＲＴ ３', { matchRegions: 'none' })).toMatchObject({ street: 'JALAN SENDANGSARI', rt: '003' });
  });

  it('reads a postal code', () => {
    expect(standardizeAddress('Gg. Melati 4, Kode Pos 16911', { matchRegions: 'none' }).postalCode).toBe('16911');
    expect(standardizeAddress('Gg. Melati 4 16911', { matchRegions: 'none' }).postalCode).toBe('16911');
  });
});

describe('standardizeAddress: RT/RW', () => {
  const forms: readonly [raw: string, rt: string, rw: string][] = [
    ['RT 003/RW 005', '003', '005'],
    ['RT.3 RW.5', '003', '005'],
    ['RT 03 RW 05', '003', '005'],
    ['003/005', '003', '005'],
    ['Rt3/Rw5', '003', '005'],
    ['RT003RW005', '003', '005'],
    ['RT/RW 003/005', '003', '005'],
    ['RT/RW: 3/5', '003', '005'],
    ['RTRW 03/05', '003', '005'],
    ['RT 3/5', '003', '005'],
    ['Rt. 012 Rw. 010', '012', '010'],
    ['Jl. Mawar No. 7 RT 1 RW 2 Kel. X', '001', '002'],
    ['Dusun Krajan 02/04', '002', '004'],
  ];
  for (const [raw, rt, rw] of forms) {
    it(`${raw} → ${rt}/${rw}`, () => {
      const r = standardizeAddress(raw, { matchRegions: 'none' });
      expect([r.rt, r.rw]).toEqual([rt, rw]);
    });
  }

  it('does not read a house number or a block as RT/RW', () => {
    expect(standardizeAddress('Jl. Mawar No. 12/3', { matchRegions: 'none' })).toMatchObject({ rt: null, rw: null, houseNumber: '12' });
    expect(standardizeAddress('Blok 4/5', { matchRegions: 'none' })).toMatchObject({ rt: null, rw: null });
    expect(standardizeAddress('RT 0 RW 1234', { matchRegions: 'none' })).toMatchObject({ rt: null, rw: null });
  });

  it('prefers the record’s own RT/RW, normalised', () => {
    expect(standardizeAddress({ rt: '3', rw: '05', text: 'RT 9 RW 9' }, { matchRegions: 'none' })).toMatchObject({ rt: '003', rw: '005' });
  });
});

describe('standardizeAddress: region names', () => {
  it('normalises official names for matching', () => {
    expect(normalizeRegionName('KABUPATEN BOGOR')).toBe('BOGOR');
    expect(normalizeRegionName('Kota Adm. Jakarta Pusat')).toBe('JAKARTAPUSAT');
    expect(normalizeRegionName('KOTA ADMINISTRASI JAKARTA PUSAT')).toBe('JAKARTAPUSAT');
    expect(normalizeRegionName("Meunasah Pu'uk")).toBe('MEUNASAHPUUK');
    expect(normalizeRegionName('Sido Mulyo')).toBe(normalizeRegionName('SIDOMULYO'));
    expect(normalizeRegionName('Kota')).toBe('KOTA');
  });

  it('fills every code from labelled names that narrow each other', () => {
    const r = standardizeAddress('Jl. Mawar No. 5 RT.3 RW.5 Kel. Pakuan Kec. Bogor Selatan Kota Bogor');
    const village = loadVillages().get(r.villageCode ?? '');
    expect(village?.name.toUpperCase()).toBe('PAKUAN');
    expect(r).toMatchObject({ provinceCode: '32', regencyCode: '3271', districtCode: village?.parentCode, ambiguous: [] });
    expect(r.codesFromText).toEqual(['province', 'regency', 'district', 'village']);
  });

  it('indexes regencies by their name without KABUPATEN/KOTA', () => {
    expect(
      regionNameIndex('regency')
        .get('BOGOR')
        ?.map((r) => r.code),
    ).toEqual(['3201', '3271']);
  });

  it('tells a regency from the city of the same name by its label', () => {
    expect(standardizeAddress('Kab. Bogor').regencyCode).toBe('3201');
    expect(standardizeAddress('Kota Bogor').regencyCode).toBe('3271');
    expect(standardizeAddress('Kabupaten Bogor').regencyCode).toBe('3201');
  });

  it('returns candidates instead of guessing when a village name repeats', () => {
    const r = standardizeAddress('Desa Sidomulyo');
    expect(r.villageCode).toBeNull();
    const entry = r.ambiguous.find((a) => a.level === 'village');
    expect(entry?.candidateCount).toBeGreaterThan(20);
    expect(entry?.candidates).toHaveLength(20);
    const villages = loadVillages();
    for (const code of entry?.candidates ?? []) expect(normalizeRegionName(villages.get(code)?.name ?? '')).toBe('SIDOMULYO');
  });

  it('disambiguates a repeated village name with the codes the record has', () => {
    const villages = loadVillages();
    const sample = [...villages.values()].filter((v) => normalizeRegionName(v.name) === 'SIDOMULYO');
    // Pick a regency that holds exactly one Sidomulyo.
    const perRegency = new Map<string, number>();
    for (const v of sample) perRegency.set(v.code.slice(0, 4), (perRegency.get(v.code.slice(0, 4)) ?? 0) + 1);
    const regency = [...perRegency].find(([, n]) => n === 1)?.[0] as string;
    const expected = sample.find((v) => v.code.startsWith(regency));
    const r = standardizeAddress({ regencyCode: regency, text: 'Ds. Sidomulyo' });
    expect(r.villageCode).toBe(expected?.code);
    expect(r.districtCode).toBe(expected?.parentCode);
    expect(r.codesFromText).toEqual(['district', 'village']);
  });

  it('keeps the record’s codes and derives their parents', () => {
    const r = standardizeAddress({ districtCode: '32.01.01', text: 'Kab. Bandung' });
    expect(r).toMatchObject({ provinceCode: '32', regencyCode: '3201', districtCode: '320101' });
    expect(r.unmatched).toEqual([{ level: 'regency', name: 'BANDUNG' }]);
  });

  it('reports labelled names that match nothing', () => {
    expect(standardizeAddress('Kec. Xyzzyqwe').unmatched).toEqual([{ level: 'district', name: 'XYZZYQWE' }]);
  });

  it('matches unlabelled parts only when asked, and then only when unique', () => {
    const text = 'Jl. Melati 9, Kebayoran Baru, Jakarta Selatan';
    expect(standardizeAddress(text).districtCode).toBeNull();
    const r = standardizeAddress(text, { matchRegions: 'all' });
    expect(r.regencyCode).toBe('3174');
    expect(
      loadRegions()
        .districts.get(r.districtCode ?? '')
        ?.name.toUpperCase(),
    ).toBe('KEBAYORAN BARU');
  });

  it('loads no region table when matching is off', () => {
    const r = standardizeAddress('Desa Sidomulyo', { matchRegions: 'none' });
    expect(r.ambiguous).toEqual([]);
    expect(r.villageCode).toBeNull();
  });
});
