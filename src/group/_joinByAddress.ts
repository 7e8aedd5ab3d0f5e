import { at, atFloat64, itemAt } from '../_internal/at.js';
import { float64Array, int32Array, uint8Array } from '../_internal/typedArena.js';
import { unite, type UnionFind } from '../_internal/unionFind.js';
import { addressId, type PersonIndex } from './_personIndex.js';
import type { FamilyGrouping, ResolvedPersons } from './familyTypes.js';
import type { HouseholdLink } from './householdTypes.js';

/** The first node (family or dwelling record) seen at each address id, -1 for none yet. */
export interface Places {
  readonly nodeAt: Int32Array;
  readonly forest: UnionFind;
  readonly links: HouseholdLink[];
}

/** Puts `node` in the household of the first node seen at `address`; a link between families is recorded. */
export function atAddress(places: Places, address: number, node: number, dwelling: number): void {
  const first = at(places.nodeAt, address);
  if (first < 0) places.nodeAt[address] = node;
  else if (first !== node && unite(places.forest, first, node) && dwelling < 0)
    places.links.push({ left: Math.min(first, node), right: Math.max(first, node), by: 'address', dwelling: -1 });
}

/** Each family's most recently observed complete address. */
export interface LatestAddress {
  /** The person record it is on, -1 for none: read only for the household's chosen family, not on every later sighting. */
  readonly record: Int32Array;
  readonly day: Float64Array;
}

/**
 * Families seen at one dwelling address share the dwelling. Records placed in a family without a KK
 * of their own are left out: a wrong placement would weld two dwellings together.
 */
export function joinByAddress(persons: ResolvedPersons, families: FamilyGrouping, index: PersonIndex, places: Places): LatestAddress {
  const { records } = persons;
  const { familyOf, cardOf } = families;
  const familyCount = families.families.length;
  // Families with no card at all only have their records' addresses to go on.
  const cardless = uint8Array(familyCount);
  for (let f = 0; f < familyCount; f++) if (itemAt(families.families, f).cards.length === 0) cardless[f] = 1;
  const latest: LatestAddress = { record: int32Array(familyCount).fill(-1), day: float64Array(familyCount).fill(-Infinity) };
  const recordAddress = index.address;
  const recordDay = index.day;
  for (let r = 0; r < records.length; r++) {
    const address = at(recordAddress, r);
    const family = at(familyOf, r);
    if (address < 0 || (at(cardOf, r) < 0 && cardless[family] === 0)) continue;
    const day = at(recordDay, r);
    if (day > atFloat64(latest.day, family)) {
      latest.day[family] = day;
      latest.record[family] = r;
    }
    atAddress(places, address, family, -1);
  }
  const familyRecords = families.familyRecords;
  // groupFamilies interned these addresses in the same index: each is looked up, not added.
  for (let position = 0; position < familyRecords.length; position++) {
    const address = addressId(index.addresses, itemAt(familyRecords, position).address);
    const family = at(families.familyOfRecord, position);
    if (address >= 0 && family >= 0) atAddress(places, address, family, -1);
  }
  return latest;
}
