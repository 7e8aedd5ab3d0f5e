/** Draws a dwelling's housing attributes from the wealth-interpolated tables in housing.data.ts. */
import {
  COOKING_FUEL_ROWS,
  EXCRETA_ROWS,
  FLOOR_AREA_MEDIAN,
  FLOOR_ROWS,
  LIGHTING_ROWS,
  OWNERSHIP_ROWS,
  PLN_POWER_ROWS,
  ROOF_ROWS,
  TOILET_FACILITY_ROWS,
  TOILET_TYPE_ROWS,
  WALL_ROWS,
  WATER_ROWS,
  type HousingRow,
} from './housing.data.js';
import { nextFloat, nextNormal, type Random } from './random.js';
import type { SynthHousing } from './types.js';

function draw<Code extends string>(rng: Random, rows: readonly HousingRow<Code>[], wealth: number): Code {
  let total = 0;
  for (const [, poor, rich] of rows) total += poor + (rich - poor) * wealth;
  let target = nextFloat(rng) * total;
  for (const [code, poor, rich] of rows) {
    target -= poor + (rich - poor) * wealth;
    if (target < 0) return code;
  }
  return rows[rows.length - 1]![0];
}

/**
 * Housing attributes for a dwelling of the given wealth (0 poorest … 1 richest).
 *
 * @example
 * housingFor(createRandom(1), 0.05).floorMaterial // → often 'earth' or 'cement-brick'
 */
export function housingFor(rng: Random, wealth: number): SynthHousing {
  const median = FLOOR_AREA_MEDIAN[0] + (FLOOR_AREA_MEDIAN[1] - FLOOR_AREA_MEDIAN[0]) * wealth * wealth;
  const floorAreaM2 = Math.max(9, Math.round(median * Math.exp(nextNormal(rng, 0, 0.35))));
  const lightingSource = draw(rng, LIGHTING_ROWS, wealth);
  const toiletFacility = draw(rng, TOILET_FACILITY_ROWS, wealth);
  const housing: SynthHousing = {
    ownership: draw(rng, OWNERSHIP_ROWS, wealth),
    floorAreaM2,
    floorMaterial: draw(rng, FLOOR_ROWS, wealth),
    wallMaterial: draw(rng, WALL_ROWS, wealth),
    roofMaterial: draw(rng, ROOF_ROWS, wealth),
    drinkingWaterSource: draw(rng, WATER_ROWS, wealth),
    toiletFacility,
    lightingSource,
    cookingFuel: draw(rng, COOKING_FUEL_ROWS, wealth),
  };
  if (toiletFacility !== 'none') {
    housing.toiletType = draw(rng, TOILET_TYPE_ROWS, wealth);
    housing.excretaDisposal = draw(rng, EXCRETA_ROWS, wealth);
  }
  if (lightingSource === 'pln-metered') housing.plnPower = draw(rng, PLN_POWER_ROWS, wealth);
  return housing;
}
