import { at, atFloat64, itemAt } from '../_internal/at.js';
import { int32Array, uint8Array } from '../_internal/typedArena.js';
import { unite } from '../_internal/unionFind.js';
import type { DwellingRecord } from '../schema/dwelling.js';
import { createIdentifierTable, findIdentifier, internIdentifier } from './_identifierTable.js';
import { atAddress, type Places } from './_joinByAddress.js';
import { listOf } from './_listOf.js';
import { addressId, dayOfIso, villageNumber, type PersonIndex } from './_personIndex.js';
import type { FamilyGrouping, ResolvedPersons } from './familyTypes.js';
import { headNameKey } from './groupKeys.js';
import { dwellingEvidence, type HouseholdEvidence } from './householdRules.js';

/** The candidate record nearest in time: the person's family then, not before a split or after. */
function nearest(candidates: readonly number[], day: number, recordDay: Int32Array): number {
  let best = -1;
  let bestGap = Infinity;
  for (let k = 0; k < candidates.length; k++) {
    const r = itemAt(candidates, k);
    const gap = Math.abs(at(recordDay, r) - day);
    if (gap < bestGap) {
      bestGap = gap;
      best = r;
    }
  }
  return best;
}

/** How each dwelling record matched, as columns by dwelling position. */
export interface Matches {
  readonly by: (HouseholdEvidence | 'none')[];
  readonly familiesByKk: number[][];
  readonly unknownKks: Int32Array;
  readonly sameAddress: Uint8Array;
  readonly head: Int32Array;
}

/**
 * What the stage reads of each dwelling record, by position among the valid records (read order: one
 * pass where the records sit in memory, not scattered as they are sorted canonically).
 */
export interface DwellingColumns {
  /** Families whose KK each record lists, ascending: record d's are `family[familyStart[d] .. familyStart[d + 1])`. */
  readonly familyStart: Int32Array;
  readonly family: Int32Array;
  /** KK numbers each record lists that are on no known card. */
  readonly unknownKks: Int32Array;
  /** Dwelling address id of each record, -1 when incomplete. */
  readonly address: Int32Array;
  /** The person record its head NIK leads to (that person's record nearest in time), or -1. */
  readonly headRecord: Int32Array;
  /** 1 when the record has a head name and a village code to look the name up in. */
  readonly named: Uint8Array;
}

export function readDwellingRecords(
  persons: ResolvedPersons,
  families: FamilyGrouping,
  dwellings: readonly DwellingRecord[],
  index: PersonIndex,
): DwellingColumns {
  const m = dwellings.length;
  // The cards' KK numbers as a table (ids are card indexes), and the family of each card.
  const cardIds = createIdentifierTable(families.cards.length);
  const cardFamily = int32Array(families.cards.length);
  for (let card = 0; card < families.cards.length; card++) {
    const { kk, family } = itemAt(families.cards, card);
    internIdentifier(cardIds, kk);
    cardFamily[card] = family;
  }
  let capacity = 0;
  for (let d = 0; d < m; d++) capacity += itemAt(dwellings, d).kks?.length ?? 0;
  const columns: DwellingColumns = {
    familyStart: int32Array(m + 1),
    family: int32Array(capacity),
    unknownKks: int32Array(m),
    address: int32Array(m),
    headRecord: int32Array(m).fill(-1),
    named: uint8Array(m),
  };
  const { familyStart, family: listed } = columns;
  let count = 0;
  for (let d = 0; d < m; d++) {
    const dwelling = itemAt(dwellings, d);
    familyStart[d] = count;
    const from = count;
    let unknownKks = 0;
    const kks = dwelling.kks ?? [];
    for (let k = 0; k < kks.length; k++) {
      const card = findIdentifier(cardIds, itemAt(kks, k));
      if (card < 0) {
        unknownKks++;
        continue;
      }
      // Ascending and distinct, by insertion: a dwelling lists a KK or two.
      const family = at(cardFamily, card);
      let j = count;
      while (j > from && at(listed, j - 1) > family) j--;
      if (j > from && listed[j - 1] === family) continue;
      for (let i = count; i > j; i--) listed[i] = at(listed, i - 1);
      listed[j] = family;
      count++;
    }
    columns.unknownKks[d] = unknownKks;
    columns.address[d] = addressId(index.addresses, dwelling.address);
    if (dwelling.headNik) {
      const id = findIdentifier(index.niks, dwelling.headNik);
      const person = id < 0 ? -1 : at(index.clusterOfNik, id);
      if (person >= 0) columns.headRecord[d] = nearest(persons.clusters[person]?.records ?? [], dayOfIso(dwelling.observedAt), index.day);
    }
    if (dwelling.headName && dwelling.address?.villageCode) columns.named[d] = 1;
  }
  familyStart[m] = count;
  return columns;
}

/**
 * Links each dwelling record, in canonical order: by its KKs, its address, its head's NIK, else its
 * head's name in the village.
 */
export function matchDwellings(
  persons: ResolvedPersons,
  families: FamilyGrouping,
  dwellings: readonly DwellingRecord[],
  columns: DwellingColumns,
  order: Int32Array,
  index: PersonIndex,
  places: Places,
  matchHeadName: boolean,
): Matches {
  const { records, clusterOf } = persons;
  const familyOf = families.familyOf;
  const familyCount = families.families.length;
  const forest = places.forest;
  const matches: Matches = {
    by: new Array<HouseholdEvidence | 'none'>(dwellings.length),
    familiesByKk: new Array<number[]>(dwellings.length),
    unknownKks: int32Array(dwellings.length),
    sameAddress: uint8Array(dwellings.length),
    head: int32Array(dwellings.length).fill(-1),
  };
  const needName: number[] = [];
  for (let d = 0; d < dwellings.length; d++) {
    const read = at(order, d);
    const node = familyCount + d;
    const from = at(columns.familyStart, read);
    const to = at(columns.familyStart, read + 1);
    const familiesByKk = listOf(columns.family, from, to);
    for (const family of familiesByKk) {
      const first = itemAt(familiesByKk, 0);
      if (family !== first && unite(forest, first, family)) places.links.push({ left: first, right: family, by: 'dwelling-kk', dwelling: d });
      unite(forest, node, family);
    }
    const address = at(columns.address, read);
    const known = address >= 0 && at(places.nodeAt, address) >= 0;
    if (address >= 0) atAddress(places, address, node, d);
    const r = at(columns.headRecord, read);
    const by = dwellingEvidence({ listsKnownKk: familiesByKk.length > 0, atKnownAddress: known, headNikKnown: r >= 0, headNameFound: false });
    const head = r >= 0 ? at(clusterOf, r) : -1;
    if (by === 'head-nik') unite(forest, node, at(familyOf, r));
    // Nothing else placed it: its head's name in the village may, looked up below for all such records at once.
    if (by === 'none' && matchHeadName && columns.named[read] === 1) needName.push(d);
    matches.by[d] = by;
    matches.familiesByKk[d] = familiesByKk;
    matches.unknownKks[d] = at(columns.unknownKks, read);
    matches.sameAddress[d] = known ? 1 : 0;
    matches.head[d] = head;
  }

  // The name index costs a pass over the records: built only for the villages of dwellings nothing else placed.
  if (needName.length > 0) {
    const villages = new Set(needName.map((d) => itemAt(dwellings, d).address?.villageCode as string));
    // Villages as numbers, checked against the index's column: the records themselves are read only in those villages.
    const villageNumbers = new Set<number>();
    for (const village of villages) {
      const value = villageNumber(village);
      if (value >= 0) villageNumbers.add(value);
    }
    const recordVillage = index.village;
    const byName = new Map<string, number[]>();
    for (let r = 0; r < records.length; r++) {
      const value = atFloat64(recordVillage, r);
      if (value === -1 || (value >= 0 && !villageNumbers.has(value))) continue;
      const record = itemAt(records, r);
      const village = record.address?.villageCode;
      // A person known only by NIK has no name to look up by.
      if (!village || !villages.has(village) || !record.name) continue;
      const key = `${village}|${headNameKey(record.name)}`;
      const list = byName.get(key);
      if (list) list.push(r);
      else byName.set(key, [r]);
    }
    for (const d of needName) {
      const dwelling = itemAt(dwellings, d);
      const r = nearest(
        byName.get(`${dwelling.address?.villageCode as string}|${headNameKey(dwelling.headName as string)}`) ?? [],
        dayOfIso(dwelling.observedAt),
        index.day,
      );
      if (r < 0) continue;
      unite(forest, familyCount + d, at(familyOf, r));
      matches.by[d] = dwellingEvidence({ listsKnownKk: false, atKnownAddress: false, headNikKnown: false, headNameFound: true });
      matches.head[d] = at(clusterOf, r);
    }
  }
  return matches;
}
