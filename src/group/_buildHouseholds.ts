import { at, atFloat64, itemAt } from '../_internal/at.js';
import { PadanError } from '../_internal/error.js';
import { int32Array } from '../_internal/typedArena.js';
import { findRoot, type UnionFind } from '../_internal/unionFind.js';
import type { DwellingRecord } from '../schema/dwelling.js';
import type { PersonRecord } from '../schema/person.js';
import { groupByKey } from './_csr.js';
import { collect, createDistinctSorted, takeDistinctSorted } from './_distinctSorted.js';
import type { LatestAddress } from './_joinByAddress.js';
import { listOf } from './_listOf.js';
import type { FamilyGrouping, UnifiedFamily } from './familyTypes.js';
import { compareGroupRecordAge, naturalHouseholdId, type GroupIdRecord } from './groupIds.js';
import { householdHead } from './householdRules.js';
import type { DwellingMatch, UnifiedHousehold } from './householdTypes.js';

/** Households numbered in order of their first family (then dwelling), with their families and dwellings as flat lists. */
export interface AssignedHouseholds {
  readonly count: number;
  readonly householdOfFamily: Int32Array;
  readonly householdOfDwelling: Int32Array;
  readonly familyStart: Int32Array;
  readonly familyList: Int32Array;
  readonly dwellingStart: Int32Array;
  readonly dwellingList: Int32Array;
}

export function assignHouseholds(families: FamilyGrouping, dwellings: readonly DwellingRecord[], forest: UnionFind): AssignedHouseholds {
  const familyCount = families.families.length;
  // Households in order of their first family (then dwelling), so indexes and IDs do not depend on input order.
  const householdOfRoot = int32Array(familyCount + dwellings.length).fill(-1);
  let count = 0;
  const householdOfFamily = int32Array(familyCount);
  for (let f = 0; f < familyCount; f++) {
    const root = findRoot(forest, f);
    let household = at(householdOfRoot, root);
    if (household < 0) {
      household = count++;
      householdOfRoot[root] = household;
    }
    householdOfFamily[f] = household;
  }
  const householdOfDwelling = int32Array(dwellings.length);
  for (let d = 0; d < dwellings.length; d++) {
    const root = findRoot(forest, familyCount + d);
    let household = at(householdOfRoot, root);
    if (household < 0) {
      household = count++;
      householdOfRoot[root] = household;
    }
    householdOfDwelling[d] = household;
  }
  const byFamily = groupByKey(householdOfFamily, familyCount, count);
  const byDwelling = groupByKey(householdOfDwelling, dwellings.length, count);
  return {
    count,
    householdOfFamily,
    householdOfDwelling,
    familyStart: byFamily.start,
    familyList: byFamily.items,
    dwellingStart: byDwelling.start,
    dwellingList: byDwelling.items,
  };
}

export function buildHouseholds(
  records: readonly PersonRecord[],
  families: FamilyGrouping,
  dwellings: readonly DwellingRecord[],
  grouped: AssignedHouseholds,
  latest: LatestAddress,
  dwellingMatches: readonly DwellingMatch[],
): { households: UnifiedHousehold[]; dwellingsLinked: number } {
  const households = new Array<UnifiedHousehold>(grouped.count);
  const members = createDistinctSorted();
  let dwellingsLinked = 0;
  for (let h = 0; h < grouped.count; h++) {
    const familyFrom = at(grouped.familyStart, h);
    const familyTo = at(grouped.familyStart, h + 1);
    const heading: UnifiedFamily[] = [];
    const headingDwellings: DwellingMatch[] = [];
    let addressRecord = -1;
    let addressDay = -Infinity;
    for (let k = familyFrom; k < familyTo; k++) {
      const f = at(grouped.familyList, k);
      const family = families.families[f];
      if (family === undefined) continue;
      const familyMembers = family.members;
      for (let m = 0; m < familyMembers.length; m++) collect(members, itemAt(familyMembers, m));
      heading.push(family);
      if (at(latest.record, f) >= 0 && atFloat64(latest.day, f) > addressDay) {
        addressRecord = at(latest.record, f);
        addressDay = atFloat64(latest.day, f);
      }
    }
    const dwellingFrom = at(grouped.dwellingStart, h);
    const dwellingTo = at(grouped.dwellingStart, h + 1);
    for (let k = dwellingFrom; k < dwellingTo; k++) {
      const match = dwellingMatches[at(grouped.dwellingList, k)];
      if (match !== undefined) headingDwellings.push(match);
      if (familyTo > familyFrom) dwellingsLinked++;
    }
    const idRecord = oldestRecord(families, dwellings, grouped, h);
    households[h] = {
      id: naturalHouseholdId(idRecord),
      idRecord,
      families: listOf(grouped.familyList, familyFrom, familyTo),
      members: takeDistinctSorted(members),
      dwellingRecords: listOf(grouped.dwellingList, dwellingFrom, dwellingTo),
      head: householdHead(heading, headingDwellings),
      address: addressRecord < 0 ? null : (itemAt(records, addressRecord).address ?? null),
    };
  }
  return { households, dwellingsLinked };
}

/** A household's ID-giving record: the oldest of its families' ID-giving records and its dwelling records (see groupIds.ts). */
function oldestRecord(families: FamilyGrouping, dwellings: readonly DwellingRecord[], grouped: AssignedHouseholds, h: number): GroupIdRecord {
  let oldest: GroupIdRecord | undefined;
  for (let k = at(grouped.familyStart, h); k < at(grouped.familyStart, h + 1); k++) {
    const candidate = itemAt(families.families, at(grouped.familyList, k)).idRecord;
    if (oldest === undefined || compareGroupRecordAge(candidate, oldest) < 0) oldest = candidate;
  }
  for (let k = at(grouped.dwellingStart, h); k < at(grouped.dwellingStart, h + 1); k++) {
    const dwelling = itemAt(dwellings, at(grouped.dwellingList, k));
    const candidate: GroupIdRecord = { kind: 'dwelling', source: dwelling.source, recordId: dwelling.recordId, observedAt: dwelling.observedAt };
    if (oldest === undefined || compareGroupRecordAge(candidate, oldest) < 0) oldest = candidate;
  }
  if (oldest === undefined) throw new PadanError('internal', 'groupHouseholds: a household has no record');
  return oldest;
}
