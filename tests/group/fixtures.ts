import type { ResolvedPersons } from '../../src/group/groupFamilies.js';
import type { DwellingRecord } from '../../src/schema/dwelling.js';
import type { FamilyRecord } from '../../src/schema/family.js';
import type { PersonRecord } from '../../src/schema/person.js';

// Synthetic people only: names are invented, identifiers are made-up digit strings.

/** A made-up 16-digit NIK for person number `i`. */
export const nik = (i: number): string => `3201014506${String(800000 + i).padStart(6, '0')}`;
/** A made-up 16-digit KK number for card number `i` (different cards differ in several digits). */
export const kk = (i: number): string => `3201${String(i % 100).padStart(2, '0')}0101${String(10 + (i % 90)).padStart(2, '0')}${String(i).padStart(4, '0')}`;

/** A complete dwelling address; `house` picks the street number. */
export const address = (house: number, village = '3201012001') => ({
  villageCode: village,
  rt: '003',
  rw: '005',
  street: `JL. MAWAR NO. ${house}`,
});

type PersonInput = Partial<PersonRecord> & Pick<PersonRecord, 'source' | 'recordId'>;

/** A person record with sensible defaults; override what a test is about. */
export function person(input: PersonInput): PersonRecord {
  const channel = input.source === 'dukcapil' ? ({ kind: 'registry' } as const) : ({ kind: 'survey' } as const);
  return { observedAt: '2024-01-01', name: 'SITI CONTOH', channel, ...input } as PersonRecord;
}

/** A family record with defaults. */
export function family(input: Partial<FamilyRecord> & Pick<FamilyRecord, 'source' | 'recordId' | 'kk'>): FamilyRecord {
  return { observedAt: '2024-01-01', channel: { kind: 'registry' }, ...input } as FamilyRecord;
}

/** A dwelling record with defaults. */
export function dwelling(input: Partial<DwellingRecord> & Pick<DwellingRecord, 'source' | 'recordId'>): DwellingRecord {
  return { observedAt: '2024-01-01', channel: { kind: 'survey' }, ...input } as DwellingRecord;
}

const keyOf = (r: { source: string; recordId: string }): string => `${r.source}\u0000${r.recordId}`;

/**
 * A stand-in for `resolvePersons` on exact data: records in canonical order, one person per
 * `extra.person` (else per NIK). Keeps the group tests about grouping, not about person matching.
 */
export function resolveExactly(input: readonly PersonRecord[]): ResolvedPersons {
  const records = [...input].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  // Like resolvePersons: the canonical position of each input record, in input order.
  const positionOf = new Map(records.map((record, position) => [record, position]));
  const readOrder = Int32Array.from(input, (record) => positionOf.get(record) as number);
  const index = new Map<string, number>();
  const clusters: { id: string; records: number[] }[] = [];
  const clusterOf = new Int32Array(records.length);
  records.forEach((record, r) => {
    const identity = String(record.extra?.['person'] ?? record.nik ?? keyOf(record));
    let c = index.get(identity);
    if (c === undefined) {
      c = clusters.length;
      index.set(identity, c);
      clusters.push({ id: `P-${identity}`, records: [] });
    }
    clusterOf[r] = c;
    clusters[c]?.records.push(r);
  });
  return { records, clusters, clusterOf, readOrder };
}

/** Deterministic Fisher–Yates shuffle. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
