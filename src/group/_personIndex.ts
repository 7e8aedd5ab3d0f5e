import { at, itemAt } from '../_internal/at.js';
import type { Address } from '../schema/fields.js';
import type { PersonRecord } from '../schema/person.js';
import { normalizeStreet } from './_addressKey.js';
import { namesOneDwelling } from './householdRules.js';
import type { IdentifierTable } from './_identifierTable.js';
import { int32Array } from '../_internal/typedArena.js';
import { hashText } from '../_internal/stringInterner.js';

/** What both group stages read of every person record, computed once per resolution (see indexPersons). */
export interface PersonIndex {
  /** Observation day of each record (days since 1970-01-01). */
  readonly day: Int32Array;
  /** Dwelling address id of each record (see `addresses`), -1 when incomplete. */
  readonly address: Int32Array;
  /** Address ids: shared with family and dwelling records so equal addresses get equal ids. */
  readonly addresses: AddressIds;
  /** The person records' NIKs (ids index `clusterOfNik`). */
  readonly niks: IdentifierTable;
  /** Person cluster of each NIK id; -1 when the NIK is on two persons (reused), so identifies neither. */
  readonly clusterOfNik: Int32Array;
  /** KK id of each record (see `kks`), -1 without a usable KK. */
  readonly kk: Int32Array;
  /** KK numbers of the person records, ids in order of first appearance in canonical order. Read-only: copy before adding. */
  readonly kks: IdentifierTable;
  /** Relationship bits of each record (REL_HEAD …, 0 when missing). */
  readonly rel: Uint8Array;
  /** Source id of each record: index into `sources`, in order of first appearance in read order. */
  readonly source: Int32Array;
  readonly sources: readonly string[];
  /**
   * Village code of each record as a number (the ten digits), -1 without one, -2 for a code that is
   * not ten ASCII digits (compare its text).
   */
  readonly village: Float64Array;
  /**
   * The records in read order, when the index was given them, and the read position of each canonical
   * position: the family-ID pass then reads records where they sit.
   */
  readonly recordsInReadOrder: readonly PersonRecord[] | undefined;
  readonly readPositionOf: Int32Array | undefined;
}

export const REL_HEAD = 1;
export const REL_SPOUSE = 2;
export const REL_CHILD = 4;
export const REL_OTHER = 8;

/** The relationship bit of a household relationship; 0 when missing. */
export function relationshipBit(relationship: string | null | undefined): number {
  switch (relationship) {
    case 'head':
      return REL_HEAD;
    case 'spouse':
      return REL_SPOUSE;
    case 'child':
    case 'child-in-law':
    case 'grandchild':
      return REL_CHILD;
    default:
      return relationship ? REL_OTHER : 0;
  }
}

/** A village code as a number when it is ten ASCII digits, -1 when missing, -2 otherwise. */
export function villageNumber(villageCode: string | null | undefined): number {
  if (!villageCode) return -1;
  if (villageCode.length !== 10) return -2;
  const high = digitsValue(villageCode, 0, 5);
  const low = digitsValue(villageCode, 5, 10);
  return high < 0 || low < 0 ? -2 : high * 100_000 + low;
}

/**
 * Interned dwelling addresses (village code + RT/RW + street), without building a key string per
 * record: the street (with its house number, nearly a dwelling key by itself) is looked up once, then
 * (street, village, RT/RW) as four ints in an open-addressing table of one typed array. A common
 * street name (a dusun without a house number) is on thousands of villages: a list per street would
 * be scanned once per record.
 */
export interface AddressIds {
  /** Normalized street → street id. */
  readonly streets: Map<string, number>;
  /** Street as written → street id (-1 when it normalizes to nothing): most records write a street the way others did. */
  readonly rawStreets: Map<string, number>;
  /** Slots of ADDRESS_SLOT ints: street id, RT·1000 + RW, village code's first and last five digits, address id + 1 (0: empty). */
  slots: Int32Array;
  /**
   * The same addresses as written, street text hashed here rather than by a Map: records repeat a few
   * hundred thousand addresses, each in a fresh string whose hash the engine would compute in a runtime
   * call. Slots of ADDRESS_SLOT ints: village halves, RT·1000 + RW, street hash, address id + 2 (1: no
   * address, 0: empty); the street text of each slot in `writtenStreet`.
   */
  written: Int32Array;
  writtenStreet: string[];
  writtenCount: number;
  size: number;
  /** The last address looked up and its id: records of one household often come one after another. */
  last: { villageCode: unknown; rt: unknown; rw: unknown; street: unknown; id: number };
}

const ADDRESS_SLOT = 5;

/** An empty address table. */
export function createAddressIds(expected = 0): AddressIds {
  let capacity = 1024;
  while (capacity < expected * 2) capacity *= 2;
  return {
    streets: new Map(),
    rawStreets: new Map(),
    slots: int32Array(capacity * ADDRESS_SLOT),
    written: int32Array(capacity * ADDRESS_SLOT),
    writtenStreet: new Array<string>(capacity),
    writtenCount: 0,
    size: 0,
    last: { villageCode: undefined, rt: undefined, rw: undefined, street: undefined, id: -1 },
  };
}

function digitsValue(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function addressSlot(street: number, rtRw: number, villageHigh: number, villageLow: number, mask: number): number {
  let h = Math.imul(street ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(rtRw, 0x85ebca6b) ^ Math.imul(villageHigh, 0xc2b2ae35) ^ Math.imul(villageLow, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h & mask;
}

function growAddressIds(addresses: AddressIds): void {
  const old = addresses.slots;
  const capacity = (old.length / ADDRESS_SLOT) * 2;
  const slots = int32Array(capacity * ADDRESS_SLOT);
  const mask = capacity - 1;
  for (let s = 0; s < old.length; s += ADDRESS_SLOT) {
    if (old[s + 4] === 0) continue;
    let slot = addressSlot(at(old, s), at(old, s + 1), at(old, s + 2), at(old, s + 3), mask);
    while (slots[slot * ADDRESS_SLOT + 4] !== 0) slot = (slot + 1) & mask;
    slots.set(old.subarray(s, s + ADDRESS_SLOT), slot * ADDRESS_SLOT);
  }
  addresses.slots = slots;
}

function internStreet(addresses: AddressIds, street: string): number {
  let id = addresses.rawStreets.get(street);
  if (id === undefined) {
    const normalized = normalizeStreet(street);
    id = normalized === '' ? -1 : addresses.streets.get(normalized);
    if (id === undefined) {
      id = addresses.streets.size;
      addresses.streets.set(normalized, id);
    }
    addresses.rawStreets.set(street, id);
  }
  return id;
}

function growWritten(addresses: AddressIds): void {
  const old = addresses.written;
  const oldStreet = addresses.writtenStreet;
  const capacity = (old.length / ADDRESS_SLOT) * 2;
  const written = int32Array(capacity * ADDRESS_SLOT);
  const writtenStreet = new Array<string>(capacity);
  const mask = capacity - 1;
  for (let s = 0; s < old.length / ADDRESS_SLOT; s++) {
    const base = s * ADDRESS_SLOT;
    if (old[base + 4] === 0) continue;
    let slot = addressSlot(at(old, base + 3), at(old, base + 2), at(old, base), at(old, base + 1), mask);
    while (written[slot * ADDRESS_SLOT + 4] !== 0) slot = (slot + 1) & mask;
    written.set(old.subarray(base, base + ADDRESS_SLOT), slot * ADDRESS_SLOT);
    writtenStreet[slot] = itemAt(oldStreet, s);
  }
  addresses.written = written;
  addresses.writtenStreet = writtenStreet;
}

/** The id of (normalized street, village, RT/RW), adding it when new; -1 when the street normalizes to nothing. */
function internAddress(addresses: AddressIds, street: string, rtRw: number, villageHigh: number, villageLow: number): number {
  const streetKey = internStreet(addresses, street);
  if (streetKey < 0) return -1;
  const slots = addresses.slots;
  const mask = slots.length / ADDRESS_SLOT - 1;
  let slot = addressSlot(streetKey, rtRw, villageHigh, villageLow, mask);
  for (;;) {
    const base = slot * ADDRESS_SLOT;
    const stored = at(slots, base + 4);
    if (stored === 0) break;
    if (slots[base] === streetKey && slots[base + 1] === rtRw && slots[base + 2] === villageHigh && slots[base + 3] === villageLow) return stored - 1;
    slot = (slot + 1) & mask;
  }
  const id = addresses.size++;
  const base = slot * ADDRESS_SLOT;
  slots[base] = streetKey;
  slots[base + 1] = rtRw;
  slots[base + 2] = villageHigh;
  slots[base + 3] = villageLow;
  slots[base + 4] = id + 1;
  if (addresses.size * 2 > mask + 1) growAddressIds(addresses);
  return id;
}

/**
 * The id of a dwelling address, adding it when new; -1 when a part is missing: a village and street
 * without RT/RW name too many houses to link households on.
 */
export function addressId(addresses: AddressIds, address: Address | null | undefined): number {
  if (address === null || address === undefined) return -1;
  const { villageCode, rt, rw, street } = address;
  const last = addresses.last;
  if (villageCode === last.villageCode && rt === last.rt && rw === last.rw && street === last.street) return last.id;
  const id = lookUpAddress(addresses, address);
  last.villageCode = villageCode;
  last.rt = rt;
  last.rw = rw;
  last.street = street;
  last.id = id;
  return id;
}

function lookUpAddress(addresses: AddressIds, address: Address): number {
  if (!namesOneDwelling(address)) return -1;
  const { villageCode, rt, rw, street } = address;
  const villageHigh = digitsValue(villageCode, 0, 5);
  const villageLow = digitsValue(villageCode, 5, 10);
  const rtValue = digitsValue(rt, 0, 3);
  const rwValue = digitsValue(rw, 0, 3);
  if (villageHigh < 0 || villageLow < 0 || rtValue < 0 || rwValue < 0) return -1;
  const rtRw = rtValue * 1000 + rwValue;
  const streetHash = hashText(street);
  const written = addresses.written;
  const mask = written.length / ADDRESS_SLOT - 1;
  let slot = addressSlot(streetHash, rtRw, villageHigh, villageLow, mask);
  for (;;) {
    const base = slot * ADDRESS_SLOT;
    const stored = at(written, base + 4);
    if (stored === 0) break;
    if (
      written[base] === villageHigh &&
      written[base + 1] === villageLow &&
      written[base + 2] === rtRw &&
      written[base + 3] === streetHash &&
      addresses.writtenStreet[slot] === street
    )
      return stored - 2;
    slot = (slot + 1) & mask;
  }
  const id = internAddress(addresses, street, rtRw, villageHigh, villageLow);
  const base = slot * ADDRESS_SLOT;
  written[base] = villageHigh;
  written[base + 1] = villageLow;
  written[base + 2] = rtRw;
  written[base + 3] = streetHash;
  written[base + 4] = id + 2;
  addresses.writtenStreet[slot] = street;
  if (++addresses.writtenCount * 2 > mask + 1) growWritten(addresses);
  return id;
}

/**
 * Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), by arithmetic
 * (Hinnant's days_from_civil). Missing month or day count as July and the 1st.
 */
export function dayOfIso(iso: string): number {
  const year = (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + (iso.charCodeAt(3) - 48);
  const month = iso.length >= 7 ? (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48) : 7;
  const date = iso.length >= 10 ? (iso.charCodeAt(8) - 48) * 10 + (iso.charCodeAt(9) - 48) : 1;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + date - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** ISO `YYYY-MM-DD` of a day number (Hinnant's civil_from_days: no Date object per card). */
export function isoOfDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const date = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${month < 10 ? '0' : ''}${month}-${date < 10 ? '0' : ''}${date}`;
}
