import { loadRegions, loadVillages, type Region, type RegionLevel } from '../id/regions.js';
import { PROVINCE_ALIASES, REGION_NAME_PREFIXES } from './tables/addressTerms.js';

const prefixes: ReadonlySet<string> = new Set(REGION_NAME_PREFIXES);

/**
 * The matching key of a region name: uppercase letters and digits only, administrative prefixes
 * (KABUPATEN, KOTA, ADMINISTRASI …) removed, spaces removed so "SIDO MULYO" meets "SIDOMULYO".
 *
 * @example
 * normalizeRegionName('KOTA ADMINISTRASI JAKARTA PUSAT') // → 'JAKARTAPUSAT'
 * normalizeRegionName("Meunasah Pu'uk")                  // → 'MEUNASAHPUUK'
 */
export function normalizeRegionName(name: string): string {
  const upper = name.toUpperCase();
  const words: string[] = [];
  let word = '';
  let start = -1;
  for (let i = 0; i <= upper.length; i++) {
    const c = i < upper.length ? upper.charCodeAt(i) : 32;
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) { word += upper.slice(start, i); start = -1; }
    if (c === 39 || c === 96 || c === 0x2019) continue; // apostrophes join: PU'UK → PUUK
    if (word !== '') { words.push(word); word = ''; }
  }
  let first = 0;
  while (first < words.length - 1 && prefixes.has(words[first] as string)) first++;
  return words.slice(first).join('');
}

/** Regions of one level by name key. */
export type RegionNameMap = ReadonlyMap<string, readonly Region[]>;

function buildMap(regions: Iterable<Region>): Map<string, Region[]> {
  const map = new Map<string, Region[]>();
  for (const region of regions) {
    const key = normalizeRegionName(region.name);
    const list = map.get(key);
    if (list === undefined) map.set(key, [region]);
    else list.push(region);
  }
  return map;
}

let upper: { province: RegionNameMap; regency: RegionNameMap; district: RegionNameMap } | undefined;
let village: RegionNameMap | undefined;

/**
 * The name index of one level, built once on first use and cached. Villages load separately (84,000
 * entries), only when a village name is looked up.
 *
 * @example
 * regionNameIndex('regency').get('BOGOR')?.map((r) => r.code) // → ['3201', '3271']
 */
export function regionNameIndex(level: RegionLevel): RegionNameMap {
  if (level === 'village') {
    village ??= buildMap(loadVillages().values());
    return village;
  }
  if (upper === undefined) {
    const regions = loadRegions();
    const province = buildMap(regions.provinces.values());
    for (const [alias, official] of Object.entries(PROVINCE_ALIASES)) {
      const target = province.get(normalizeRegionName(official));
      if (target !== undefined) province.set(normalizeRegionName(alias), target);
    }
    upper = {
      province,
      regency: buildMap(regions.regencies.values()),
      district: buildMap(regions.districts.values()),
    };
  }
  return upper[level];
}
