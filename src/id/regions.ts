import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PadanError } from '../_internal/error.js';

/**
 * The official administrative regions of Indonesia (Kepmendagri codes), read from the
 * `idn-area-data` package on first use — never at import. Codes are digit strings without dots:
 * province `32`, regency `3201`, district `320101`, village `3201012001`.
 *
 * `idn-area-data` is a runtime dependency rather than a copy: its data is ODbL-licensed and kept
 * current by its maintainer, and reading it lazily keeps `import 'padan'` free of file reads.
 */

export type RegionLevel = 'province' | 'regency' | 'district' | 'village';

/** One administrative region. `parentCode` is empty for provinces. */
export interface Region {
  readonly level: RegionLevel;
  readonly code: string;
  readonly parentCode: string;
  readonly name: string;
}

/** Provinces, regencies and districts keyed by code (villages load separately: they are 30× larger). */
export interface RegionTable {
  readonly provinces: ReadonlyMap<string, Region>;
  readonly regencies: ReadonlyMap<string, Region>;
  readonly districts: ReadonlyMap<string, Region>;
}

let table: RegionTable | undefined;
let villages: ReadonlyMap<string, Region> | undefined;

function readAreaCsv(area: 'provinces' | 'regencies' | 'districts' | 'villages'): string {
  try {
    const require = createRequire(import.meta.url);
    return readFileSync(require.resolve(`idn-area-data/data/${area}.csv`), 'utf8');
  } catch (cause) {
    throw new PadanError(
      'region-data-unavailable',
      `could not read the official ${area} list from the idn-area-data package: ${(cause as Error).message}`,
    );
  }
}

function parseAreaCsv(level: RegionLevel, text: string): Map<string, Region> {
  const regions = new Map<string, Region>();
  const lines = text.split(/\r?\n/);
  // Header: code,name (provinces) or code,parent_code,name. Names may contain commas? They do not in
  // the published files, but only the first one or two commas are treated as separators anyway.
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const first = line.indexOf(',');
    const code = line.slice(0, first).replaceAll('.', '');
    let parentCode = '';
    let name: string;
    if (level === 'province') {
      name = line.slice(first + 1);
    } else {
      const second = line.indexOf(',', first + 1);
      parentCode = line.slice(first + 1, second).replaceAll('.', '');
      name = line.slice(second + 1);
    }
    regions.set(code, { level, code, parentCode, name: name.trim() });
  }
  return regions;
}

/**
 * The province, regency and district tables, loaded and cached on first call.
 *
 * @example
 * loadRegions().districts.get('320101')?.name // → the district's official name
 */
export function loadRegions(): RegionTable {
  table ??= {
    provinces: parseAreaCsv('province', readAreaCsv('provinces')),
    regencies: parseAreaCsv('regency', readAreaCsv('regencies')),
    districts: parseAreaCsv('district', readAreaCsv('districts')),
  };
  return table;
}

/**
 * All villages (desa/kelurahan), keyed by their 10-digit code, loaded and cached on first call
 * (about 84,000 entries).
 *
 * @example
 * loadVillages().get('3201012001')?.parentCode // → '320101'
 */
export function loadVillages(): ReadonlyMap<string, Region> {
  villages ??= parseAreaCsv('village', readAreaCsv('villages'));
  return villages;
}
