/**
 * Output files for families (KK) and households (dwellings): one NDJSON line each, members named by
 * their person IDs so the lines join with persons.ndjson.
 */
import type { FamilyGrouping } from '../group/groupFamilies.js';
import type { HouseholdGrouping } from '../group/groupHouseholds.js';
import type { PersonResolution } from '../resolve.js';
import { createNdjsonWriter } from './writeOutputs.js';

const personId = (resolution: PersonResolution, cluster: number): string | null => resolution.clusters[cluster]?.id ?? null;

/** Writes `{ id, kks, head, members, familyRecords }` per family; returns how many. */
export function writeFamilies(path: string, resolution: PersonResolution, grouping: FamilyGrouping): number {
  const writer = createNdjsonWriter(path);
  let lines = 0;
  try {
    for (const family of grouping.families) {
      writer.write({
        id: family.id,
        kks: family.kks,
        head: family.head >= 0 ? personId(resolution, family.head) : null,
        members: family.members.map((m) => personId(resolution, m)),
        familyRecords: family.familyRecords.map((r) => {
          const record = grouping.familyRecords[r];
          return { source: record?.source, recordId: record?.recordId };
        }),
      });
    }
  } finally {
    lines = writer.close();
  }
  return lines;
}

/** Writes `{ id, families, head, members, address, dwellingRecords }` per household; returns how many. */
export function writeHouseholds(path: string, resolution: PersonResolution, families: FamilyGrouping, grouping: HouseholdGrouping): number {
  const writer = createNdjsonWriter(path);
  let lines = 0;
  try {
    for (const household of grouping.households) {
      writer.write({
        id: household.id,
        families: household.families.map((f) => families.families[f]?.id ?? null),
        head: household.head >= 0 ? personId(resolution, household.head) : null,
        members: household.members.map((m) => personId(resolution, m)),
        address: household.address,
        dwellingRecords: household.dwellingRecords.map((r) => {
          const record = grouping.dwellingRecords[r];
          return { source: record?.source, recordId: record?.recordId };
        }),
      });
    }
  } finally {
    lines = writer.close();
  }
  return lines;
}
