/**
 * Sampling tables over the official region list, built once per process on first use (never at
 * import): province weights by population, regencies by size, villages per district.
 */
import { loadRegions, loadVillages, type Region } from '../id/regions.js';
import { resolveDistrictCode } from '../id/resolveDistrictCode.js';
import { RETIRED_REGENCIES } from '../id/retiredRegencies.js';
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
  /** Regency code → its name as written for a birth place. */
  readonly birthPlace: ReadonlyMap<string, string>;
  readonly districtName: ReadonlyMap<string, string>;
  readonly migrantOrigins: WeightedTable<string>;
  readonly flavoursByProvince: ReadonlyMap<string, WeightedTable<NameFlavour>>;
  /**
   * Today's regency code → the code it had before a renumbering and the first ISO date the new code
   * was used. NIKs and KKs issued before that keep the old code forever.
   */
  readonly predecessor: ReadonlyMap<string, { readonly code: string; readonly since: string }>;
}

/**
 * The code a district had on `isoDate` if its regency was renumbered since (and the old district code
 * is one `parseNik` accepts), else the code itself.
 *
 * @example
 * codeIssuedAt(synthRegionIndex(), '930101', '2015-01-01') // → '910101' (Merauke before Papua Selatan)
 */
export function codeIssuedAt(index: SynthRegionIndex, districtCode: string, isoDate: string): string {
  const old = index.predecessor.get(districtCode.slice(0, 4));
  if (!old || isoDate >= old.since) return districtCode;
  const candidate = old.code + districtCode.slice(4);
  let ok = acceptedRetired.get(candidate);
  if (ok === undefined) {
    ok = resolveDistrictCode(candidate)?.status === 'retired';
    acceptedRetired.set(candidate, ok);
  }
  return ok ? candidate : districtCode;
}

const acceptedRetired = new Map<string, boolean>();

// When each renumbering took effect for identifiers (the year in the regulation's citation; the
// Papua provinces from mid-2022, Kalimantan Utara's codes from the 2013 list). Older splits predate
// the national NIK and are left out, as src/id does.
const RENUMBERED_SINCE: readonly (readonly [RegExp, string])[] = [
  [/Papua|2022/, '2022-07-25'],
  [/Kalimantan Utara|2012/, '2013-01-01'],
];

let cached: SynthRegionIndex | undefined;

/**
 * Regency or city name as people write a birth place.
 *
 * @example
 * birthPlaceName('KABUPATEN BOGOR') // → 'BOGOR'
 */
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
  const birthPlace = new Map<string, string>();
  for (const regency of regions.regencies.values()) {
    regencyName.set(regency.code, regency.name);
    birthPlace.set(regency.code, birthPlaceName(regency.name));
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
    flavoursByProvince.set(
      province,
      weightedTable(
        flavours,
        flavours.map((f) => mix[f] ?? 0),
      ),
    );
  }
  const predecessor = new Map<string, { code: string; since: string }>();
  for (const retired of RETIRED_REGENCIES) {
    const since = RENUMBERED_SINCE.find(([re]) => re.test(retired.retiredBy))?.[1];
    if (since !== undefined) predecessor.set(retired.successorCode, { code: retired.code, since });
  }
  const origins = Object.keys(MIGRANT_ORIGIN_WEIGHT).filter((p) => regenciesByProvince.has(p));
  cached = {
    provinces: weightedTable(
      provinceCodes,
      provinceCodes.map((p) => PROVINCE_POPULATION[p] ?? 0.5),
    ),
    regenciesByProvince,
    districtsByRegency,
    villagesByDistrict,
    districtNumber,
    regencyName,
    birthPlace,
    districtName,
    migrantOrigins: weightedTable(
      origins,
      origins.map((p) => MIGRANT_ORIGIN_WEIGHT[p] ?? 0),
    ),
    flavoursByProvince,
    predecessor,
  };
  return cached;
}
