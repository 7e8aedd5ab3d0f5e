/**
 * Families and households on top of a person resolution, timed as one stage each, and their quality
 * against the generator's truth (the true family and household of each person record when observed).
 */
import { groupFamilies, type FamilyGrouping } from '../../src/group/groupFamilies.js';
import { groupHouseholds, type HouseholdGrouping } from '../../src/group/groupHouseholds.js';
import { indexResolution, type PersonResolution } from '../../src/resolve.js';
import type { PersonTruth } from '../../src/synth/types.js';
import type { Quality } from '../quality.js';
import { contingency, qualityOf } from './evaluate.js';
import type { StageClock } from './pipeline.js';

/** Families and households of one resolution. */
export interface Groupings {
  readonly families: FamilyGrouping;
  readonly households: HouseholdGrouping;
}

/** Groups persons into families (KK cards) and households (dwellings), one clock stage each. */
export function groupTimed(resolution: PersonResolution, familyRecords: readonly unknown[], dwellingRecords: readonly unknown[], clock: StageClock): Groupings {
  // The person index is read once for both stages (as resolve does), timed with families as before.
  const { families, personIndex } = clock.time('families', () => {
    const index = indexResolution(resolution);
    return { families: groupFamilies(resolution, familyRecords, { personIndex: index }), personIndex: index };
  });
  const households = clock.time('households', () => groupHouseholds(resolution, families, dwellingRecords, { personIndex }));
  return { families, households };
}

/** Quality of one grouping level over person records. */
export interface GroupQuality {
  readonly predicted: number;
  readonly truth: number;
  readonly quality: Quality;
}

function denseLabels(values: readonly string[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(values, (value) => {
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size));
    return id;
  });
}

/** Scores the families and households each person record was put in against its true ones. */
export function evaluateGroups(
  resolution: PersonResolution,
  truths: readonly PersonTruth[],
  groupings: Groupings,
): { families: GroupQuality; households: GroupQuality } {
  const byKey = new Map<string, PersonTruth>();
  for (const truth of truths) byKey.set(`${truth.source}\u0000${truth.recordId}`, truth);
  const family: string[] = [];
  const household: string[] = [];
  resolution.records.forEach((record, r) => {
    const truth = byKey.get(`${record.source}\u0000${record.recordId}`);
    // A record without truth is alone in its own family and household.
    family.push(truth?.familyId ?? `\u0000${r}`);
    household.push(truth?.householdId ?? `\u0000${r}`);
  });
  const trueFamily = denseLabels(family);
  const trueHousehold = denseLabels(household);
  return {
    families: {
      predicted: groupings.families.families.length,
      truth: new Set(family).size,
      quality: qualityOf(contingency(groupings.families.familyOf, trueFamily)),
    },
    households: {
      predicted: groupings.households.households.length,
      truth: new Set(household).size,
      quality: qualityOf(contingency(groupings.households.householdOf, trueHousehold)),
    },
  };
}
