import type { Address } from '../schema/fields.js';
import type { PersonRecord } from '../schema/person.js';
import { normalizeStreet } from './_addressKey.js';
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

/**
 * Interned dwelling addresses (village code + RT/RW + street), without building a key string per
 * record: the street (with its house number, nearly a dwelling key by itself) is looked up once, then
 * the few addresses on that street are told apart by village code and RT/RW as numbers.
 */
export interface AddressIds {
  /** Normalized street → street id. */
  readonly streets: Map<string, number>;
  /** Street as written → street id: most records write a street the way others did. */
  readonly rawStreets: Map<string, number>;
  /** Per street id: flat triples (village code, RT·1000 + RW, address id). */
  readonly onStreet: number[][];
  size: number;
}

/** An empty address table. */
export function createAddressIds(): AddressIds {
  return { streets: new Map(), rawStreets: new Map(), onStreet: [], size: 0 };
}

function digitsValue(text: string, length: number): number {
  if (text.length !== length) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The id of a dwelling address, adding it when new; -1 when a part is missing: a village and street
 * without RT/RW name too many houses to link households on.
 */
export function addressId(addresses: AddressIds, address: Address | null | undefined): number {
  if (address === null || address === undefined) return -1;
  const { villageCode, rt, rw, street } = address;
  if (!villageCode || !rt || !rw || !street) return -1;
  const village = digitsValue(villageCode, 10);
  const rtValue = digitsValue(rt, 3);
  const rwValue = digitsValue(rw, 3);
  if (village < 0 || rtValue < 0 || rwValue < 0) return -1;
  let streetId = addresses.rawStreets.get(street);
  if (streetId === undefined) {
    const normalized = normalizeStreet(street);
    streetId = normalized === '' ? -1 : addresses.streets.get(normalized);
    if (streetId === undefined) {
      streetId = addresses.streets.size;
      addresses.streets.set(normalized, streetId);
    }
    addresses.rawStreets.set(street, streetId);
  }
  if (streetId < 0) return -1;
  const rtRw = rtValue * 1000 + rwValue;
  let entries = addresses.onStreet[streetId];
  if (entries === undefined) {
    entries = [];
    addresses.onStreet[streetId] = entries;
  }
  for (let e = 0; e < entries.length; e += 3) if (entries[e] === village && entries[e + 1] === rtRw) return entries[e + 2] as number;
  const id = addresses.size++;
  entries.push(village, rtRw, id);
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
  const addresses = createAddressIds();
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
