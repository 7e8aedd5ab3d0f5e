/**
 * Sampling tables over the official region list, built once per process on first use (never at
 * import): province weights by population, regencies by size, villages per district.
 */
import { loadRegions, loadVillages, type Region } from '../id/regions.js';
import { NAME_FLAVOURS, type NameFlavour } from './names.data.js';
import { weightedTable, type WeightedTable } from './random.js';
import { CITY_DENSITY_FACTOR, MIGRANT_ORIGIN_WEIGHT, PROVINCE_FLAVOURS, PROVINCE_POPULATION } from './regionWeights.data.js';

/** The lookup tables the generator samples regions from. */
export interface SynthRegionIndex {
  readonly provinces: WeightedTable<string>;
  readonly regenciesByProvince: ReadonlyMap<string, WeightedTable<string>>;
  readonly districtsByRegency: ReadonlyMap<string, readonly string[]>;
  readonly villagesByDistrict: ReadonlyMap<string, readonly Region[]>;
  /** District code → a dense integer, for compact NIK/KK serial counters. */
  readonly districtNumber: ReadonlyMap<string, number>;
  readonly regencyName: ReadonlyMap<string, string>;
  readonly districtName: ReadonlyMap<string, string>;
  readonly migrantOrigins: WeightedTable<string>;
  readonly flavoursByProvince: ReadonlyMap<string, WeightedTable<NameFlavour>>;
}

let cached: SynthRegionIndex | undefined;

/** Regency or city name as people write a birth place: `KABUPATEN BOGOR` → `BOGOR`. */
export function birthPlaceName(regencyName: string): string {
  return regencyName.replace(/^(KABUPATEN|KOTA ADMINISTRASI|KOTA|KAB\.)\s+/, '').toUpperCase();
}

/**
 * Builds (once) and returns the region sampling tables.
 *
 * @example
 * synthRegionIndex().villagesByDistrict.get('320101')?.length // → number of villages in that district
 */
export function synthRegionIndex(): SynthRegionIndex {
  if (cached) return cached;
  const regions = loadRegions();
  const villagesByDistrict = new Map<string, Region[]>();
  for (const village of loadVillages().values()) {
    let list = villagesByDistrict.get(village.parentCode);
    if (!list) villagesByDistrict.set(village.parentCode, (list = []));
    list.push(village);
  }
  const districtsByRegency = new Map<string, string[]>();
  const districtNumber = new Map<string, number>();
  const districtName = new Map<string, string>();
  for (const district of regions.districts.values()) {
    districtNumber.set(district.code, districtNumber.size);
    districtName.set(district.code, district.name.toUpperCase());
    // Districts without villages cannot hold a dwelling address; they still count for NIKs.
    if (!villagesByDistrict.has(district.code)) continue;
    let list = districtsByRegency.get(district.parentCode);
    if (!list) districtsByRegency.set(district.parentCode, (list = []));
    list.push(district.code);
  }
  const regencyCodes = new Map<string, string[]>();
  const regencyWeights = new Map<string, number[]>();
  const regencyName = new Map<string, string>();
  for (const regency of regions.regencies.values()) {
    regencyName.set(regency.code, regency.name);
    const districts = districtsByRegency.get(regency.code);
    if (!districts) continue;
    const isCity = Number(regency.code.slice(2)) >= 71;
    let codes = regencyCodes.get(regency.parentCode);
    let weights = regencyWeights.get(regency.parentCode);
    if (!codes || !weights) {
      regencyCodes.set(regency.parentCode, (codes = []));
      regencyWeights.set(regency.parentCode, (weights = []));
    }
    codes.push(regency.code);
    // District count stands in for population size; cities are denser per district.
    weights.push(Math.sqrt(districts.length) * (isCity ? CITY_DENSITY_FACTOR : 1));
  }
  const regenciesByProvince = new Map<string, WeightedTable<string>>();
  for (const [province, codes] of regencyCodes) regenciesByProvince.set(province, weightedTable(codes, regencyWeights.get(province)!));
  const provinceCodes = [...regenciesByProvince.keys()].sort();
  const flavoursByProvince = new Map<string, WeightedTable<NameFlavour>>();
  for (const province of provinceCodes) {
    const mix = PROVINCE_FLAVOURS[province] ?? { islamic: 1 };
    const flavours = Object.keys(mix).filter((f): f is NameFlavour => f in NAME_FLAVOURS);
    flavoursByProvince.set(province, weightedTable(flavours, flavours.map((f) => mix[f] ?? 0)));
  }
  const origins = Object.keys(MIGRANT_ORIGIN_WEIGHT).filter((p) => regenciesByProvince.has(p));
  cached = {
    provinces: weightedTable(provinceCodes, provinceCodes.map((p) => PROVINCE_POPULATION[p] ?? 0.5)),
    regenciesByProvince,
    districtsByRegency,
    villagesByDistrict,
    districtNumber,
    regencyName,
    districtName,
    migrantOrigins: weightedTable(origins, origins.map((p) => MIGRANT_ORIGIN_WEIGHT[p] ?? 0)),
    flavoursByProvince,
  };
  return cached;
}
