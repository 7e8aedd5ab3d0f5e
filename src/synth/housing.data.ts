/**
 * Housing attribute distributions for the synthetic dwellings, in src/schema's category codes.
 * Each row is `[code, weight for the poorest dwellings, weight for the richest]`; a dwelling's
 * weights are interpolated by its wealth (0 poorest … 1 richest). Rough shapes from Susenas-style
 * tables, not official figures: enough that poor dwellings look poor and attributes correlate.
 */
import type { SynthHousing } from './types.js';

/** One category row: code, weight at wealth 0, weight at wealth 1. */
export type HousingRow<Code extends string> = readonly [code: Code, poor: number, rich: number];

type Attr<K extends keyof SynthHousing> = readonly HousingRow<NonNullable<SynthHousing[K]> & string>[];

export const OWNERSHIP_ROWS: Attr<'ownership'> = [
  ['owned', 78, 82], ['contract', 4, 7], ['rent', 5, 5], ['rent-free', 12, 3], ['official', 0.2, 2], ['other', 1, 0.5],
];
export const FLOOR_ROWS: Attr<'floorMaterial'> = [
  ['marble-granite', 0, 6], ['ceramic', 20, 80], ['parquet-vinyl-carpet', 1, 3], ['tile-terrazzo', 6, 5],
  ['wood', 14, 3], ['cement-brick', 32, 4], ['bamboo', 4, 0], ['earth', 22, 0.2], ['other', 1, 0.2],
];
export const WALL_ROWS: Attr<'wallMaterial'> = [
  ['masonry', 45, 97], ['plastered-bamboo-wire', 6, 0.5], ['wood-board', 25, 2.5], ['woven-bamboo', 16, 0],
  ['log', 2, 0], ['bamboo', 5, 0], ['other', 1, 0],
];
export const ROOF_ROWS: Attr<'roofMaterial'> = [
  ['concrete', 0.5, 12], ['clay-tile', 45, 65], ['asbestos', 10, 8], ['zinc', 36, 15], ['wood-shingle', 2, 0.5],
  ['bamboo', 1, 0], ['thatch', 5, 0], ['other', 0.5, 0],
];
export const WATER_ROWS: Attr<'drinkingWaterSource'> = [
  ['bottled', 1, 20], ['refill', 20, 45], ['piped', 8, 15], ['borehole', 15, 12], ['protected-well', 22, 6],
  ['unprotected-well', 10, 0.5], ['protected-spring', 10, 1], ['unprotected-spring', 6, 0], ['surface-water', 4, 0],
  ['rainwater', 3, 0.5], ['other', 1, 0],
];
export const TOILET_FACILITY_ROWS: Attr<'toiletFacility'> = [
  ['private', 55, 98], ['shared', 15, 1.5], ['communal', 6, 0.3], ['public', 6, 0.2], ['unused', 2, 0], ['none', 16, 0],
];
export const TOILET_TYPE_ROWS: Attr<'toiletType'> = [
  ['gooseneck', 70, 99], ['pour-flush-covered', 8, 0.5], ['pour-flush-uncovered', 8, 0.3], ['pit', 14, 0.2],
];
export const EXCRETA_ROWS: Attr<'excretaDisposal'> = [
  ['septic-tank', 50, 93], ['treatment-plant', 0.5, 4], ['water-body', 18, 1], ['pit', 20, 1.5], ['open-ground', 9, 0],
  ['other', 2.5, 0.5],
];
export const LIGHTING_ROWS: Attr<'lightingSource'> = [
  ['pln-metered', 75, 99.5], ['pln-unmetered', 16, 0.3], ['non-pln', 6, 0.2], ['non-electric', 3, 0],
];
export const PLN_POWER_ROWS: Attr<'plnPower'> = [
  ['va-450', 60, 2], ['va-900', 36, 30], ['va-1300', 3.5, 40], ['va-2200', 0.5, 18], ['va-above-2200', 0, 10],
];
export const COOKING_FUEL_ROWS: Attr<'cookingFuel'> = [
  ['electricity', 0.5, 4], ['lpg-5.5kg', 0.5, 8], ['lpg-12kg', 0.5, 15], ['lpg-3kg', 70, 65], ['city-gas', 0, 3],
  ['biogas', 0.2, 0.2], ['kerosene', 2, 0.2], ['briquette', 0.2, 0], ['charcoal', 1, 0.2], ['firewood', 25, 0.5],
  ['other', 0.3, 0.1], ['no-cooking', 1, 4],
];

/** Floor area in m²: log-normal-ish median by wealth extremes. */
export const FLOOR_AREA_MEDIAN: readonly [poor: number, rich: number] = [30, 110];
