import type { PersonRecord } from '../schema/person.js';
import { createAddressKeys, type AddressKeys } from './_addressKey.js';
import { createIdentifierTable, internIdentifier, type IdentifierTable } from './_identifierTable.js';

/** What both group stages read of every person record, computed once per resolution. */
export interface PersonIndex {
  /** Observation day of each record (days since 1970-01-01). */
  readonly day: Int32Array;
  /** Dwelling address id of each record (see `addresses`), -1 when incomplete. */
  readonly address: Int32Array;
  /** Address ids: shared with family and dwelling records so equal addresses get equal ids. */
  readonly addresses: AddressIds;
  /** NIK id of each record, -1 when missing. */
  readonly nik: Int32Array;
  readonly niks: IdentifierTable;
  /** Person cluster of each NIK id; -1 when the NIK is on two persons (reused), so identifies neither. */
  readonly clusterOfNik: Int32Array;
}

/** Interned dwelling address keys. */
export interface AddressIds {
  readonly keys: AddressKeys;
  readonly ids: Map<string, number>;
}

/** The id of an address, adding it when new; -1 when incomplete. */
export function addressId(addresses: AddressIds, address: PersonRecord['address']): number {
  const key = addresses.keys.keyOf(address);
  if (key === null) return -1;
  let id = addresses.ids.get(key);
  if (id === undefined) {
    id = addresses.ids.size;
    addresses.ids.set(key, id);
  }
  return id;
}

/**
 * Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), by arithmetic: no Date
 * object, no string map. Missing month or day count as July and the 1st.
 */
export function dayOfIso(iso: string): number {
  const year = Number(iso.slice(0, 4));
  const month = iso.length >= 7 ? (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48) : 7;
  const day = iso.length >= 10 ? (iso.charCodeAt(8) - 48) * 10 + (iso.charCodeAt(9) - 48) : 1;
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** ISO `YYYY-MM-DD` of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

// Keyed by the resolution object: groupHouseholds reuses what groupFamilies read. A resolution is
// read-only, so the index cannot go stale; the weak map lets it go with the resolution.
const cache = new WeakMap<object, PersonIndex>();

/** The index of a resolution's person records, built on first use. */
export function indexPersons(records: readonly PersonRecord[], clusterOf: Int32Array, owner: object): PersonIndex {
  const cached = cache.get(owner);
  if (cached !== undefined && cached.day.length === records.length) return cached;
  const n = records.length;
  const day = new Int32Array(n);
  const address = new Int32Array(n);
  const nik = new Int32Array(n);
  const niks = createIdentifierTable(n);
  const addresses: AddressIds = { keys: createAddressKeys(), ids: new Map() };
  let clusterOfNik = new Int32Array(Math.max(16, n >> 1)).fill(-2);
  let lastDate = '';
  let lastDay = 0;
  for (let r = 0; r < n; r++) {
    const record = records[r] as PersonRecord;
    // Records come sorted by source, and a source observes on few days: most dates repeat the last.
    const date = record.observedAt;
    if (date !== lastDate) {
      lastDate = date;
      lastDay = dayOfIso(date);
    }
    day[r] = lastDay;
    address[r] = addressId(addresses, record.address);
    const id = typeof record.nik === 'string' ? internIdentifier(niks, record.nik) : -1;
    nik[r] = id;
    if (id < 0) continue;
    if (id >= clusterOfNik.length) {
      const grown = new Int32Array(clusterOfNik.length * 2).fill(-2);
      grown.set(clusterOfNik);
      clusterOfNik = grown;
    }
    const cluster = clusterOf[r] as number;
    const seen = clusterOfNik[id] as number;
    if (seen === -2) clusterOfNik[id] = cluster;
    else if (seen !== cluster) clusterOfNik[id] = -1;
  }
  const index: PersonIndex = { day, address, addresses, nik, niks, clusterOfNik: clusterOfNik.subarray(0, niks.texts.length) };
  cache.set(owner, index);
  return index;
}
