import { checkString } from '../_internal/arguments.js';
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
  checkString(name, 'normalizeRegionName', 'the name');
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
    if (start >= 0) {
      word += upper.slice(start, i);
      start = -1;
    }
    if (c === 39 || c === 96 || c === 0x2019) continue; // apostrophes join: PU'UK → PUUK
    if (word !== '') {
      words.push(word);
      word = '';
    }
  }
  let first = 0;
  while (first < words.length - 1 && prefixes.has(words[first] as string)) first++;
  return words.slice(first).join('');
}

/**
 * Regions of one level by name key, and by `<ancestor code>|<name key>` for the ancestors a record
 * usually knows (a village by its regency or district), so a scoped lookup reads a short list instead
 * of filtering a name shared by a hundred villages.
 */
export type RegionNameMap = ReadonlyMap<string, readonly Region[]>;

/** Ancestor code lengths indexed per level. */
const SCOPES: Readonly<Record<RegionLevel, readonly number[]>> = {
  province: [],
  regency: [2],
  district: [2, 4],
  village: [4, 6],
};

function add(map: Map<string, Region[]>, key: string, region: Region): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [region]);
  else list.push(region);
}

function buildMap(level: RegionLevel, regions: Iterable<Region>): Map<string, Region[]> {
  const map = new Map<string, Region[]>();
  for (const region of regions) {
    const key = normalizeRegionName(region.name);
    add(map, key, region);
    for (const length of SCOPES[level]) add(map, `${region.code.slice(0, length)}|${key}`, region);
  }
  return map;
}

/**
 * The regions of `level` whose name key is `key`, within the deepest of `ancestorCodes` that the
 * index is scoped by (or nationwide when there is none).
 *
 * @example
 * regionsNamed('village', 'SIDOMULYO', ['35', '3509']) // → the Sidomulyo villages of regency 3509
 */
export function regionsNamed(level: RegionLevel, key: string, ancestorCodes: readonly (string | null)[]): readonly Region[] {
  const index = regionNameIndex(level);
  const scopes = SCOPES[level];
  let best: string | null = null;
  for (const code of ancestorCodes) {
    if (code !== null && scopes.includes(code.length) && (best === null || code.length > best.length)) best = code;
  }
  return index.get(best === null ? key : `${best}|${key}`) ?? [];
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
    village ??= buildMap('village', loadVillages().values());
    return village;
  }
  if (upper === undefined) {
    const regions = loadRegions();
    const province = buildMap('province', regions.provinces.values());
    for (const [alias, official] of Object.entries(PROVINCE_ALIASES)) {
      const target = province.get(normalizeRegionName(official));
      if (target !== undefined) province.set(normalizeRegionName(alias), target);
    }
    upper = {
      province,
      regency: buildMap('regency', regions.regencies.values()),
      district: buildMap('district', regions.districts.values()),
    };
  }
  return upper[level];
}
