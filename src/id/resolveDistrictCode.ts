import { checkString } from '../_internal/arguments.js';
import { loadRegions } from './regions.js';
import { RETIRED_REGENCIES } from './retiredRegencies.js';
import { normalizeIdentifier } from './normalizeIdentifier.js';

/**
 * The region a NIK or KK was issued in, as written in the number, with today's official names.
 * One frozen object per district code, shared by every parse result (no per-record allocation).
 */
export interface IdentifierRegion {
  /** `current`: the code is in today's list. `retired`: it was renumbered; see the successor codes. */
  readonly status: 'current' | 'retired';
  /** Codes as written in the identifier (digits, no dots). */
  readonly provinceCode: string;
  readonly regencyCode: string;
  readonly districtCode: string;
  /** Today's codes of the same place when `status` is `retired`, otherwise `null`. */
  readonly successorRegencyCode: string | null;
  readonly successorDistrictCode: string | null;
  /** Today's official names (of the successor, for retired codes). */
  readonly provinceName: string;
  readonly regencyName: string;
  /**
   * `null` only for a retired regency whose district suffix is not under the successor today: the
   * code is accepted (the regency was real) but the district cannot be named.
   */
  readonly districtName: string | null;
}

/** Why a district code was not found, most general level first. */
export type RegionMiss = 'unknown-province' | 'unknown-regency' | 'unknown-district';

interface RegionIndex {
  /** Province code (0–99) → 1 if official. */
  readonly provinces: Uint8Array;
  /** Regency code (0–9999) → successor regency code for retired ones, itself for current ones, -1 unknown. */
  readonly regencies: Int16Array;
  /** District code as an integer (0–999999) → region. */
  readonly districts: Map<number, IdentifierRegion>;
  readonly provinceNames: ReadonlyMap<string, string>;
  readonly regencyNames: ReadonlyMap<string, string>;
}

let index: RegionIndex | undefined;

function buildIndex(): RegionIndex {
  const table = loadRegions();
  const provinces = new Uint8Array(100);
  const regencies = new Int16Array(10000).fill(-1);
  const provinceNames = new Map<string, string>();
  const regencyNames = new Map<string, string>();
  for (const province of table.provinces.values()) {
    provinces[Number(province.code)] = 1;
    provinceNames.set(province.code, province.name);
  }
  for (const regency of table.regencies.values()) {
    regencies[Number(regency.code)] = Number(regency.code);
    regencyNames.set(regency.code, regency.name);
  }
  const districts = new Map<number, IdentifierRegion>();
  const byRegency = new Map<string, string[]>();
  for (const district of table.districts.values()) {
    const regencyCode = district.parentCode;
    const provinceCode = regencyCode.slice(0, 2);
    districts.set(
      Number(district.code),
      Object.freeze({
        status: 'current',
        provinceCode,
        regencyCode,
        districtCode: district.code,
        successorRegencyCode: null,
        successorDistrictCode: null,
        provinceName: provinceNames.get(provinceCode) ?? '',
        regencyName: regencyNames.get(regencyCode) ?? '',
        districtName: district.name,
      }),
    );
    let list = byRegency.get(regencyCode);
    if (!list) byRegency.set(regencyCode, (list = []));
    list.push(district.code);
  }
  for (const retired of RETIRED_REGENCIES) {
    const oldCode = Number(retired.code);
    // If a future list reuses an old code, today's meaning wins; and a successor we cannot find
    // would only produce nameless regions, so such an entry is skipped rather than guessed.
    if (regencies[oldCode] !== -1 || !regencyNames.has(retired.successorCode)) continue;
    regencies[oldCode] = Number(retired.successorCode);
    for (const successorDistrict of byRegency.get(retired.successorCode) ?? []) {
      const current = districts.get(Number(successorDistrict));
      if (!current) continue;
      const districtCode = retired.code + successorDistrict.slice(4);
      districts.set(Number(districtCode), retiredRegion(districtCode, current.districtCode, current.provinceName, current.regencyName, current.districtName));
    }
  }
  return { provinces, regencies, districts, provinceNames, regencyNames };
}

function retiredRegion(
  districtCode: string,
  successorDistrictCode: string,
  provinceName: string,
  regencyName: string,
  districtName: string | null,
): IdentifierRegion {
  return Object.freeze({
    status: 'retired',
    provinceCode: districtCode.slice(0, 2),
    regencyCode: districtCode.slice(0, 4),
    districtCode,
    successorRegencyCode: successorDistrictCode.slice(0, 4),
    successorDistrictCode,
    provinceName,
    regencyName,
    districtName,
  });
}

/** The cached index, built from the official tables on first use. @internal */
export function regionIndex(): RegionIndex {
  index ??= buildIndex();
  return index;
}

const unverifiedCache = new Map<number, IdentifierRegion>();

/**
 * Looks a six-digit district code (as an integer) up, for the parsers' hot path. Returns the shared
 * region, or why it is unknown. @internal
 */
export function lookupDistrict(districtKey: number): IdentifierRegion | RegionMiss {
  const regions = regionIndex();
  const found = regions.districts.get(districtKey);
  if (found) return found;
  if (regions.provinces[(districtKey / 10000) | 0] !== 1) return 'unknown-province';
  const regencyKey = (districtKey / 100) | 0;
  const successor = regions.regencies[regencyKey] ?? -1;
  if (successor === -1) return 'unknown-regency';
  const suffix = districtKey % 100;
  if (successor === regencyKey || suffix === 0) return 'unknown-district';
  // A retired regency whose suffix is not under the successor today (a district split or renamed
  // since): the number was issued by a real regency, so accept it without a district name.
  let region = unverifiedCache.get(districtKey);
  if (!region) {
    const districtCode = String(districtKey).padStart(6, '0');
    const successorRegencyCode = String(successor).padStart(4, '0');
    region = retiredRegion(
      districtCode,
      successorRegencyCode + districtCode.slice(4),
      regions.provinceNames.get(successorRegencyCode.slice(0, 2)) ?? '',
      regions.regencyNames.get(successorRegencyCode) ?? '',
      null,
    );
    unverifiedCache.set(districtKey, region);
  }
  return region;
}

const unlistedCache = new Map<number, IdentifierRegion>();

/**
 * The region of a structurally valid district code the bundled tables do not list (a district or regency
 * created after them, or a mistyped one): the codes as written, the names known above it, no district
 * name. `undefined` for a province that is not official or a regency or district part `00`. @internal
 */
export function unlistedDistrict(districtKey: number): IdentifierRegion | undefined {
  const regions = regionIndex();
  const provinceKey = (districtKey / 10000) | 0;
  if (regions.provinces[provinceKey] !== 1 || ((districtKey / 100) | 0) % 100 === 0 || districtKey % 100 === 0) return undefined;
  let region = unlistedCache.get(districtKey);
  if (!region) {
    const districtCode = String(districtKey).padStart(6, '0');
    region = Object.freeze({
      status: 'current' as const,
      provinceCode: districtCode.slice(0, 2),
      regencyCode: districtCode.slice(0, 4),
      districtCode,
      successorRegencyCode: null,
      successorDistrictCode: null,
      provinceName: regions.provinceNames.get(districtCode.slice(0, 2)) ?? '',
      regencyName: regions.regencyNames.get(districtCode.slice(0, 4)) ?? '',
      districtName: null,
    });
    unlistedCache.set(districtKey, region);
  }
  return region;
}

/**
 * Resolves a district code (six digits, dots allowed) to its region, following renumberings:
 * a retired code resolves with `status: 'retired'` and its successor. `undefined` when unknown.
 *
 * @example
 * resolveDistrictCode('91.01.01')
 * // → { status: 'retired', districtCode: '910101', successorDistrictCode: '930101',
 * //     regencyName: 'KABUPATEN MERAUKE', districtName: 'Merauke', … }
 */
export function resolveDistrictCode(code: string): IdentifierRegion | undefined {
  checkString(code, 'resolveDistrictCode', 'code');
  const digits = normalizeIdentifier(code);
  if (digits.length !== 6 || !/^\d{6}$/.test(digits)) return undefined;
  const found = lookupDistrict(Number(digits));
  return typeof found === 'string' ? undefined : found;
}
