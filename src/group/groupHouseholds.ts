import { PadanError } from '../_internal/error.js';
import { hash64 } from '../_internal/hash.js';
import type { DwellingRecord } from '../schema/dwelling.js';
import type { Address } from '../schema/fields.js';
import type { PersonRecord } from '../schema/person.js';
import { validateBatch, type Rejection } from '../schema/validate.js';
import { createIdentifierTable, findIdentifier, internIdentifier } from './_identifierTable.js';
import { addressId, dayOfIso, indexPersons } from './_personIndex.js';
import { createUnionFind, findRoot, unite } from '../_internal/unionFind.js';
import { canonicalOrder } from './_canonicalOrder.js';
import { collect, createDistinctSorted, takeDistinctSorted } from './_distinctSorted.js';
import { checkResolvedPersons } from './_checkInput.js';
import type { FamilyGrouping, ResolvedPersons } from './groupFamilies.js';

/** Options of {@link groupHouseholds}. */
export interface GroupHouseholdsOptions {
  /** Validate dwelling records with the dwelling schema first (default true). */
  readonly validate?: boolean;
  /**
   * Link a dwelling record with no known KK and no known address by its head's name within the
   * village (default true). Turn off where names are too common to trust inside one village.
   */
  readonly matchHeadName?: boolean;
}

/** Why two families, or a family and a dwelling record, were put in one household. */
export type HouseholdEvidence = 'address' | 'dwelling-kk' | 'head-nik' | 'head-name';

/** How one dwelling record was linked to a household. */
export interface DwellingMatch {
  /** Position in `grouping.dwellingRecords`. */
  readonly dwelling: number;
  readonly household: number;
  /** The strongest evidence that linked it, or `none` for a dwelling no person or family record matched. */
  readonly by: HouseholdEvidence | 'none';
  /** Family indexes whose KK the record lists. */
  readonly familiesByKk: readonly number[];
  /** KK numbers the record lists that are on no known card. */
  readonly unknownKks: number;
  /** Its address (village + RT/RW + street) is one a person or family record of the household has. */
  readonly sameAddress: boolean;
  /** Person cluster index its head NIK or head name led to, or -1. */
  readonly head: number;
  /** Evidence strength in [0, 1]: KK 1, address 0.9, head NIK 0.8, head name 0.6. */
  readonly score: number;
}

/** Two families put in one household, and why. */
export interface HouseholdLink {
  readonly left: number;
  readonly right: number;
  readonly by: 'address' | 'dwelling-kk';
  /** The dwelling record that listed both KKs, or -1. */
  readonly dwelling: number;
}

/** One household (rumah tangga): the families living in one dwelling. */
export interface UnifiedHousehold {
  /** Stable ID: derived from the household's first record in canonical (source, recordId) order. */
  readonly id: string;
  /** Family indexes (into `families.families`), ascending. */
  readonly families: readonly number[];
  /** Person cluster indexes, ascending. */
  readonly members: readonly number[];
  /** Positions of its dwelling records in `grouping.dwellingRecords`. */
  readonly dwellingRecords: readonly number[];
  /** Person cluster index of the household head, or -1. */
  readonly head: number;
  /** The most recently observed complete address, or null. */
  readonly address: Address | null;
}

/** The result of {@link groupHouseholds}. */
export interface HouseholdGrouping {
  readonly households: readonly UnifiedHousehold[];
  /** Household index of each person record. */
  readonly householdOf: Int32Array;
  /** Household index of each family. */
  readonly householdOfFamily: Int32Array;
  /** Valid dwelling records in canonical (source, recordId) order. */
  readonly dwellingRecords: readonly DwellingRecord[];
  /** Household index of each dwelling record. */
  readonly householdOfDwelling: Int32Array;
  readonly dwellingMatches: readonly DwellingMatch[];
  readonly links: readonly HouseholdLink[];
  readonly rejections: readonly Rejection[];
  readonly report: { readonly households: number; readonly dwellingsLinked: number; readonly dwellingsUnlinked: number; readonly elapsedMs: number };
}

const EVIDENCE_SCORE: Readonly<Record<HouseholdEvidence | 'none', number>> = { 'dwelling-kk': 1, address: 0.9, 'head-nik': 0.8, 'head-name': 0.6, none: 0 };

function recordKey(record: { readonly source: string; readonly recordId: string }): string {
  return `${record.source}\u0000${record.recordId}`;
}

function nameKey(name: string): string {
  return name.toUpperCase().replace(/[^A-Z]+/g, ' ').trim();
}

/**
 * Groups families into households (a dwelling can hold several KKs) and links dwelling records to
 * them: families seen at one dwelling address, or listed together by a dwelling record, are one
 * household; a dwelling record joins by its KKs, else its address, else its head's NIK, else its
 * head's name in the same village. A family is always in exactly one household.
 *
 * @example
 * const persons = resolvePersons(personRecords);
 * const families = groupFamilies(persons, familyRecords);
 * const households = groupHouseholds(persons, families, dwellingRecords);
 * households.households[households.householdOf[0]].families // [0, 3]: two KKs under one roof
 * households.dwellingMatches[0] // { by: 'dwelling-kk', familiesByKk: [0, 3], score: 1, … }
 */
export function groupHouseholds(
  persons: ResolvedPersons,
  families: FamilyGrouping,
  dwellingRecords: readonly unknown[] = [],
  options?: GroupHouseholdsOptions,
): HouseholdGrouping {
  checkResolvedPersons(persons, 'groupHouseholds');
  if (typeof options !== 'undefined' && (typeof options !== 'object' || options === null)) throw new PadanError('invalid-config', 'groupHouseholds: options must be an object');
  const validate = options?.validate ?? true;
  const matchHeadName = options?.matchHeadName ?? true;
  if (typeof validate !== 'boolean' || typeof matchHeadName !== 'boolean') throw new PadanError('invalid-config', 'groupHouseholds: validate and matchHeadName must be booleans');
  if (typeof families !== 'object' || families === null || !(families.familyOf instanceof Int32Array) || families.familyOf.length !== persons.records.length) {
    throw new PadanError('invalid-argument', 'groupHouseholds: families must be the groupFamilies result for the same resolution');
  }
  if (!Array.isArray(dwellingRecords)) throw new PadanError('invalid-argument', 'groupHouseholds: dwellingRecords must be an array');
  const started = performance.now();

  let rejections: readonly Rejection[] = [];
  let valid: DwellingRecord[];
  if (validate) {
    const batch = validateBatch(dwellingRecords, 'dwelling');
    valid = batch.valid;
    rejections = batch.rejected;
  } else valid = dwellingRecords as DwellingRecord[];
  const dwellings = canonicalOrder(valid).map((i) => valid[i] as DwellingRecord);

  const { records, clusterOf } = persons;
  const { familyOf, cardOf } = families;
  const familyCount = families.families.length;
  const n = records.length;
  const index = indexPersons(records, clusterOf, persons);
  const forest = createUnionFind(familyCount + dwellings.length);
  const links: HouseholdLink[] = [];

  // Families with no card at all only have their records' addresses to go on.
  const cardless = new Uint8Array(familyCount);
  for (let f = 0; f < familyCount; f++) if ((families.families[f]?.cards.length ?? 0) === 0) cardless[f] = 1;

  // Families seen at one dwelling address share the dwelling. Records placed in a family without a
  // KK of their own are left out: a wrong placement would weld two dwellings together.
  const nodeAtAddress: number[] = [];
  const latestAddress = new Array<Address | null>(familyCount).fill(null);
  const latestDay = new Float64Array(familyCount).fill(-Infinity);
  const atAddress = (address: number, node: number, dwelling: number): void => {
    const first = nodeAtAddress[address];
    if (first === undefined) nodeAtAddress[address] = node;
    else if (first !== node && unite(forest, first, node) && dwelling < 0) links.push({ left: Math.min(first, node), right: Math.max(first, node), by: 'address', dwelling: -1 });
  };
  for (let r = 0; r < n; r++) {
    const address = index.address[r] as number;
    const family = familyOf[r] as number;
    if (address < 0 || ((cardOf[r] as number) < 0 && cardless[family] === 0)) continue;
    const day = index.day[r] as number;
    if (day > (latestDay[family] as number)) {
      latestDay[family] = day;
      latestAddress[family] = (records[r] as PersonRecord).address ?? null;
    }
    atAddress(address, family, -1);
  }
  families.familyRecords.forEach((record, position) => {
    const address = addressId(index.addresses, record.address);
    const family = families.familyOfRecord[position] as number;
    if (address >= 0 && family >= 0) atAddress(address, family, -1);
  });

  const cardIds = createIdentifierTable(families.cards.length);
  for (const card of families.cards) internIdentifier(cardIds, card.kk);

  // The candidate record nearest in time: the person's family then, not before a split or after.
  const nearest = (candidates: readonly number[], day: number): number => {
    let best = -1;
    let bestGap = Infinity;
    for (const r of candidates) {
      const gap = Math.abs((index.day[r] as number) - day);
      if (gap < bestGap) {
        bestGap = gap;
        best = r;
      }
    }
    return best;
  };

  const pending: { by: HouseholdEvidence | 'none'; familiesByKk: number[]; unknownKks: number; sameAddress: boolean; head: number }[] = [];
  const needName: number[] = [];
  for (let d = 0; d < dwellings.length; d++) {
    const dwelling = dwellings[d] as DwellingRecord;
    const node = familyCount + d;
    const familiesByKk: number[] = [];
    let unknownKks = 0;
    for (const kk of dwelling.kks ?? []) {
      const card = findIdentifier(cardIds, kk);
      if (card < 0) {
        unknownKks++;
        continue;
      }
      const family = families.cards[card]?.family as number;
      if (!familiesByKk.includes(family)) familiesByKk.push(family);
    }
    familiesByKk.sort((a, b) => a - b);
    const first = familiesByKk[0];
    for (const family of familiesByKk) {
      if (family !== first && unite(forest, first as number, family)) links.push({ left: first as number, right: family, by: 'dwelling-kk', dwelling: d });
      unite(forest, node, family);
    }
    const address = addressId(index.addresses, dwelling.address);
    const known = address >= 0 && nodeAtAddress[address] !== undefined;
    if (address >= 0) atAddress(address, node, d);
    let by: HouseholdEvidence | 'none' = familiesByKk.length > 0 ? 'dwelling-kk' : known ? 'address' : 'none';
    let head = -1;
    if (dwelling.headNik) {
      const id = findIdentifier(index.niks, dwelling.headNik);
      const person = id < 0 ? -1 : (index.clusterOfNik[id] as number);
      const r = person < 0 ? -1 : nearest(persons.clusters[person]?.records ?? [], dayOfIso(dwelling.observedAt));
      if (r >= 0) {
        head = clusterOf[r] as number;
        if (by === 'none') {
          unite(forest, node, familyOf[r] as number);
          by = 'head-nik';
        }
      }
    }
    if (head < 0 && by === 'none' && matchHeadName && dwelling.headName && dwelling.address?.villageCode) needName.push(d);
    pending.push({ by, familiesByKk, unknownKks, sameAddress: known, head });
  }

  // The name index costs a pass over the records: built only for the villages of dwellings nothing else placed.
  if (needName.length > 0) {
    const villages = new Set(needName.map((d) => (dwellings[d] as DwellingRecord).address?.villageCode as string));
    const byName = new Map<string, number[]>();
    for (let r = 0; r < n; r++) {
      const record = records[r] as PersonRecord;
      const village = record.address?.villageCode;
      if (!village || !villages.has(village)) continue;
      const key = `${village}|${nameKey(record.name)}`;
      const list = byName.get(key);
      if (list) list.push(r);
      else byName.set(key, [r]);
    }
    for (const d of needName) {
      const dwelling = dwellings[d] as DwellingRecord;
      const r = nearest(byName.get(`${dwelling.address?.villageCode as string}|${nameKey(dwelling.headName as string)}`) ?? [], dayOfIso(dwelling.observedAt));
      if (r < 0) continue;
      unite(forest, familyCount + d, familyOf[r] as number);
      pending[d] = { ...(pending[d] as (typeof pending)[number]), by: 'head-name', head: clusterOf[r] as number };
    }
  }

  // Households in order of their first family (then dwelling), so indexes and IDs do not depend on input order.
  const householdOfRoot = new Int32Array(familyCount + dwellings.length).fill(-1);
  const householdOfFamily = new Int32Array(familyCount);
  const householdKeys: string[] = [];
  const householdFamilies: number[][] = [];
  const householdDwellings: number[][] = [];
  const newHousehold = (root: number, key: string): number => {
    const index = householdKeys.length;
    householdOfRoot[root] = index;
    householdKeys.push(key);
    householdFamilies.push([]);
    householdDwellings.push([]);
    return index;
  };
  for (let f = 0; f < familyCount; f++) {
    const root = findRoot(forest, f);
    let household = householdOfRoot[root] as number;
    if (household < 0) household = newHousehold(root, families.families[f]?.id as string);
    householdOfFamily[f] = household;
    (householdFamilies[household] as number[]).push(f);
  }
  const householdOfDwelling = new Int32Array(dwellings.length);
  for (let d = 0; d < dwellings.length; d++) {
    const root = findRoot(forest, familyCount + d);
    let household = householdOfRoot[root] as number;
    if (household < 0) household = newHousehold(root, `dwelling\u0000${recordKey(dwellings[d] as DwellingRecord)}`);
    householdOfDwelling[d] = household;
    (householdDwellings[household] as number[]).push(d);
  }

  const householdOf = new Int32Array(n);
  for (let r = 0; r < n; r++) householdOf[r] = householdOfFamily[familyOf[r] as number] as number;

  const dwellingMatches: DwellingMatch[] = pending.map((match, d) => ({
    dwelling: d,
    household: householdOfDwelling[d] as number,
    ...match,
    score: EVIDENCE_SCORE[match.by],
  }));

  const households: UnifiedHousehold[] = [];
  const members = createDistinctSorted();
  let dwellingsLinked = 0;
  for (let h = 0; h < householdKeys.length; h++) {
    const familyList = householdFamilies[h] as number[];
    let head = -1;
    let headSize = -1;
    let address: Address | null = null;
    let addressDay = -Infinity;
    for (const f of familyList) {
      const family = families.families[f];
      if (family === undefined) continue;
      for (const m of family.members) collect(members, m);
      // The head of the largest family heads the household unless a dwelling record names one.
      if (family.head >= 0 && family.members.length > headSize) {
        head = family.head;
        headSize = family.members.length;
      }
      if (latestAddress[f] !== null && (latestDay[f] as number) > addressDay) {
        address = latestAddress[f] as Address;
        addressDay = latestDay[f] as number;
      }
    }
    const dwellingList = householdDwellings[h] as number[];
    for (const d of dwellingList) {
      const match = dwellingMatches[d];
      if (match !== undefined && match.head >= 0 && match.by !== 'none') head = match.head;
      if (familyList.length > 0) dwellingsLinked++;
    }
    households.push({
      // The kind is in the hashed text so a household and its first family never share an ID's digits.
      id: `H${hash64(`household\u0000${householdKeys[h] as string}`)}`,
      families: familyList,
      members: takeDistinctSorted(members),
      dwellingRecords: dwellingList,
      head,
      address,
    });
  }

  return {
    households,
    householdOf,
    householdOfFamily,
    dwellingRecords: dwellings,
    householdOfDwelling,
    dwellingMatches,
    links,
    rejections,
    report: { households: households.length, dwellingsLinked, dwellingsUnlinked: dwellings.length - dwellingsLinked, elapsedMs: performance.now() - started },
  };
}
