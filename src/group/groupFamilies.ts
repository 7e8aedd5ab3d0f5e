import { PadanError } from '../_internal/error.js';
import { hash64 } from '../_internal/hash.js';
import { compareNik, type NikComparisonLevel } from '../comparators/compareNik.js';
import type { FamilyRecord } from '../schema/family.js';
import type { PersonRecord } from '../schema/person.js';
import { validateBatch, type Rejection } from '../schema/validate.js';
import { createIdentifierTable, findIdentifier, internIdentifier } from './_identifierTable.js';
import { addressId, dayOfIso, indexPersons, isoOfDay } from './_personIndex.js';
import { groupByKey } from './_csr.js';
import { canonicalOrder } from './_canonicalOrder.js';
import { collect, createDistinctSorted, takeDistinctSorted } from './_distinctSorted.js';
import { checkResolvedPersons } from './_checkInput.js';
import { createUnionFind, findRoot, unite } from '../_internal/unionFind.js';

/** What the group stage needs of a person resolution (a `PersonResolution` has all of it). */
export interface ResolvedPersons {
  /** Person records in canonical (source, recordId) order. */
  readonly records: readonly PersonRecord[];
  readonly clusters: readonly { readonly id: string; readonly records: readonly number[] }[];
  /** Person cluster index of each record. */
  readonly clusterOf: Int32Array;
}

/** Options of {@link groupFamilies}. */
export interface GroupFamiliesOptions {
  /** Validate family records with the family schema first (default true). */
  readonly validate?: boolean;
  /**
   * Share of members two KK cards must have in common to be one family (a typo of each other, or an
   * old and a reissued card). Measured against the smaller card for typos and against each card for
   * reissues. Default 0.5.
   */
  readonly minMemberOverlap?: number;
  /** A person seen on more cards than this links none of them: such a cluster is likely a mis-merge. Default 8. */
  readonly maxCardsPerPerson?: number;
}

/** How two KK cards that share members relate. */
export type FamilyLinkKind = 'kk-typo' | 'kk-reissue' | 'kk-split';

/** The evidence on two cards sharing members, and what was decided. */
export interface FamilyLink {
  /** Card indexes (into `grouping.cards`): the card first observed, and the other. */
  readonly older: number;
  readonly newer: number;
  readonly kind: FamilyLinkKind;
  /** True when the two cards were joined into one family (typo or reissue). */
  readonly joined: boolean;
  /** How the two KK numbers compare (`one-edit` / `transposition` back a typo). */
  readonly kkLevel: NikComparisonLevel;
  /** Person cluster indexes seen on both cards. */
  readonly sharedMembers: readonly number[];
  /** The newer card's head was the older card's head or spouse (reissue), not a child (split). */
  readonly headCarriedOver: boolean;
  /** Both cards were seen at one dwelling address. */
  readonly sameAddress: boolean;
  /** Both cards were current together: one source listed both, or the older was still seen after the newer appeared. */
  readonly concurrent: boolean;
  /** Shared members over all members of the two cards (Jaccard), in [0, 1]. */
  readonly score: number;
}

/** One KK number as the sources wrote it. */
export interface FamilyCard {
  readonly kk: string;
  /** Index of the unified family this card belongs to. */
  readonly family: number;
  /** Person cluster indexes seen on the card, ascending. */
  readonly members: readonly number[];
  /** Person cluster index of the head on the card, or -1. */
  readonly head: number;
  readonly firstObserved: string;
  readonly lastObserved: string;
  /** Person and family records carrying the number. */
  readonly recordCount: number;
  /** The card this number is a mistyping of, or -1. */
  readonly typoOf: number;
}

/** One family (keluarga) across sources and KK versions. */
export interface UnifiedFamily {
  /** Stable ID: derived from the family's first record in canonical (source, recordId) order. */
  readonly id: string;
  /** Its KK numbers, oldest version first; mistyped numbers are left out (see `cards`). */
  readonly kks: readonly string[];
  /** All its cards (indexes into `grouping.cards`), mistyped ones included. */
  readonly cards: readonly number[];
  /** Person cluster indexes of its members, ascending. */
  readonly members: readonly number[];
  /** Person cluster index of the head on its latest card, or -1. */
  readonly head: number;
  /** Positions of its person records in `resolution.records`. */
  readonly records: readonly number[];
  /** Positions of its family records in `grouping.familyRecords`. */
  readonly familyRecords: readonly number[];
}

/** A change of KK reported as an event, not a conflict. */
export type FamilyEvent =
  | {
      /** Pecah KK: members left the `from` family's card for a new card of another family. */
      readonly kind: 'split';
      readonly from: number;
      readonly to: number;
      readonly fromKk: string;
      readonly toKk: string;
      /** Person cluster indexes that moved. */
      readonly members: readonly number[];
      /** When the members were first seen on the new card. */
      readonly observedAt: string;
    }
  | {
      /** Cards merged: the `from` card ended as its members joined the `to` family's existing card. */
      readonly kind: 'merge';
      readonly from: number;
      readonly to: number;
      readonly fromKk: string;
      readonly toKk: string;
      readonly members: readonly number[];
      /** When the members were first seen on the `to` card. */
      readonly observedAt: string;
    }
  | {
      /** A new card for the same family (after a move, or the head's death). */
      readonly kind: 'reissue';
      readonly family: number;
      readonly fromKk: string;
      readonly toKk: string;
      readonly members: readonly number[];
      readonly observedAt: string;
    };

/** Counts and timing of one grouping. */
export interface FamilyGroupingReport {
  readonly cards: number;
  readonly families: number;
  readonly links: Readonly<Record<FamilyLinkKind, number>>;
  /** Person records without a KK, placed by their person's other records or their co-observed household. */
  readonly recordsWithoutKk: number;
  readonly elapsedMs: number;
}

/** The result of {@link groupFamilies}. */
export interface FamilyGrouping {
  readonly families: readonly UnifiedFamily[];
  /** Family index of each person record. */
  readonly familyOf: Int32Array;
  readonly cards: readonly FamilyCard[];
  /** Card index of each person record, -1 for a record without a usable KK. */
  readonly cardOf: Int32Array;
  /** Valid family records in canonical (source, recordId) order. */
  readonly familyRecords: readonly FamilyRecord[];
  /** Family index of each family record; -1 only for a malformed KK let through with `validate: false`. */
  readonly familyOfRecord: Int32Array;
  readonly rejections: readonly Rejection[];
  /** Every pair of cards that share members, with the evidence and the decision. */
  readonly links: readonly FamilyLink[];
  readonly events: readonly FamilyEvent[];
  readonly report: FamilyGroupingReport;
}

interface Config {
  readonly validate: boolean;
  readonly minMemberOverlap: number;
  readonly maxCardsPerPerson: number;
}

const REL_HEAD = 1;
const REL_SPOUSE = 2;
const REL_CHILD = 4;
const REL_OTHER = 8;

function relationshipBit(relationship: string | null | undefined): number {
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

function readOptions(options: GroupFamiliesOptions | undefined): Config {
  if (options === undefined) return { validate: true, minMemberOverlap: 0.5, maxCardsPerPerson: 8 };
  if (typeof options !== 'object' || options === null) throw new PadanError('invalid-config', 'groupFamilies: options must be an object');
  const { validate = true, minMemberOverlap = 0.5, maxCardsPerPerson = 8 } = options;
  if (typeof validate !== 'boolean') throw new PadanError('invalid-config', 'groupFamilies: validate must be a boolean');
  if (typeof minMemberOverlap !== 'number' || !(minMemberOverlap > 0 && minMemberOverlap <= 1)) {
    throw new PadanError('invalid-config', 'groupFamilies: minMemberOverlap must be a number in (0, 1]');
  }
  if (!Number.isInteger(maxCardsPerPerson) || maxCardsPerPerson < 2) {
    throw new PadanError('invalid-config', 'groupFamilies: maxCardsPerPerson must be an integer of at least 2');
  }
  return { validate, minMemberOverlap, maxCardsPerPerson };
}


function recordKey(record: { readonly source: string; readonly recordId: string }): string {
  return `${record.source}\u0000${record.recordId}`;
}

/**
 * Links KK cards into families after person resolution: the same number is the same card; a one-typo
 * number sharing most members is the same card mistyped; an older and a newer card sharing most
 * members and never current together are one family's versions (a reissue after a move or the head's
 * death); cards sharing only some members, both current, are a split (pecah KK), reported as an event.
 * Person records without a KK join the family their person's nearest-dated record is on.
 *
 * @example
 * const persons = resolvePersons(personRecords);
 * const grouping = groupFamilies(persons, familyRecords);
 * grouping.families[grouping.familyOf[0]].kks // ['3201011503150001', '3201012208210004']
 * grouping.events // [{ kind: 'split', fromKk: '…', toKk: '…', members: [12, 13], … }]
 */
export function groupFamilies(persons: ResolvedPersons, familyRecords: readonly unknown[] = [], options?: GroupFamiliesOptions): FamilyGrouping {
  const config = readOptions(options);
  checkResolvedPersons(persons, 'groupFamilies');
  if (!Array.isArray(familyRecords)) throw new PadanError('invalid-argument', 'groupFamilies: familyRecords must be an array');
  const started = performance.now();
  const { records, clusterOf } = persons;
  const n = records.length;
  const clusterCount = persons.clusters.length;

  let rejections: readonly Rejection[] = [];
  let validFamilies: FamilyRecord[];
  if (config.validate) {
    const batch = validateBatch(familyRecords, 'family');
    validFamilies = batch.valid;
    rejections = batch.rejected;
  } else validFamilies = familyRecords as FamilyRecord[];
  const families = canonicalOrder(validFamilies).map((i) => validFamilies[i] as FamilyRecord);

  // Source bits: two cards listed by one source are both current, so never versions of one family.
  const sourceBits = new Map<string, number>();
  let lastSource = '';
  let lastBit = 0;
  const bitOf = (source: string): number => {
    // Records come sorted by source: most lookups repeat the last one.
    if (source === lastSource) return lastBit;
    let bit = sourceBits.get(source);
    if (bit === undefined) {
      // Past 30 sources the rest share one bit: that only makes a reissue harder to accept.
      bit = 1 << Math.min(sourceBits.size, 30);
      sourceBits.set(source, bit);
    }
    lastSource = source;
    lastBit = bit;
    return bit;
  };

  const index = indexPersons(records, clusterOf, persons);
  const cardTable = createIdentifierTable(n >> 2);
  const cardKk = cardTable.texts;

  // Observations: one per (card, person) sighting, from person records and family records' member lists.
  let capacity = n;
  for (const family of families) capacity += (family.memberNiks?.length ?? 0) + 1;
  const obsCard = new Int32Array(capacity);
  const obsCluster = new Int32Array(capacity);
  const obsRel = new Uint8Array(capacity);
  const obsAddress = new Int32Array(capacity);
  const obsDay = new Int32Array(capacity);
  let obsCount = 0;

  const cardOf = new Int32Array(n).fill(-1);
  const recordDay = index.day;
  const cardFirst: number[] = [];
  const cardLast: number[] = [];
  const cardSources: number[] = [];
  const cardRecords: number[] = [];
  const touchCard = (card: number, day: number, bit: number): void => {
    if (card === cardFirst.length) {
      cardFirst.push(day);
      cardLast.push(day);
      cardSources.push(bit);
      cardRecords.push(1);
      return;
    }
    if (day < (cardFirst[card] as number)) cardFirst[card] = day;
    if (day > (cardLast[card] as number)) cardLast[card] = day;
    cardSources[card] = (cardSources[card] as number) | bit;
    cardRecords[card] = (cardRecords[card] as number) + 1;
  };

  // A NIK on two persons (reused for a family) identifies neither: its cluster is -1.
  const clusterOfNik = (nik: string): number => {
    const id = findIdentifier(index.niks, nik);
    return id < 0 ? -1 : (index.clusterOfNik[id] as number);
  };
  for (let r = 0; r < n; r++) {
    const record = records[r] as PersonRecord;
    const kk = record.kk;
    if (typeof kk !== 'string') continue;
    const card = internIdentifier(cardTable, kk);
    if (card < 0) continue;
    const day = recordDay[r] as number;
    const cluster = clusterOf[r] as number;
    cardOf[r] = card;
    touchCard(card, day, bitOf(record.source));
    obsCard[obsCount] = card;
    obsCluster[obsCount] = cluster;
    obsRel[obsCount] = relationshipBit(record.relationship);
    obsAddress[obsCount] = index.address[r] as number;
    obsDay[obsCount] = day;
    obsCount++;
  }

  const familyRecordCard = new Int32Array(families.length);
  for (let f = 0; f < families.length; f++) {
    const family = families[f] as FamilyRecord;
    const card = internIdentifier(cardTable, family.kk);
    familyRecordCard[f] = card;
    // Only unvalidated input can carry a malformed number: such a record joins no family.
    if (card < 0) continue;
    const day = dayOfIso(family.observedAt);
    touchCard(card, day, bitOf(family.source));
    const address = addressId(index.addresses, family.address);
    const head = family.headNik ? clusterOfNik(family.headNik) : -1;
    for (const nik of family.memberNiks ?? []) {
      const cluster = clusterOfNik(nik);
      if (cluster < 0) continue;
      obsCard[obsCount] = card;
      obsCluster[obsCount] = cluster;
      obsRel[obsCount] = cluster === head ? REL_HEAD : 0;
      obsAddress[obsCount] = address;
      obsDay[obsCount] = day;
      obsCount++;
    }
    if (head >= 0 && !(family.memberNiks ?? []).includes(family.headNik as string)) {
      obsCard[obsCount] = card;
      obsCluster[obsCount] = head;
      obsRel[obsCount] = REL_HEAD;
      obsAddress[obsCount] = address;
      obsDay[obsCount] = day;
      obsCount++;
    }
  }
  const cardCount = cardKk.length;

  // Observations grouped by card, then each card's members de-duplicated.
  const { start: obsStart, items: obsByCard } = groupByKey(obsCount, cardCount, (o) => obsCard[o] as number);

  const memberStart = new Int32Array(cardCount + 1);
  const memberCluster = new Int32Array(obsCount);
  const memberRel = new Uint8Array(obsCount);
  const memberCard = new Int32Array(obsCount);
  // The first day each person was seen on each card: who moved from which card to which, and when.
  const memberFirstDay = new Int32Array(obsCount);
  const cardHead = new Int32Array(cardCount).fill(-1);
  // Each card's distinct dwelling addresses, flat: those of card c are cardAddress[addressStart[c] .. addressStart[c + 1]).
  const addressStart = new Int32Array(cardCount + 1);
  const cardAddress = new Int32Array(obsCount);
  let addressCount = 0;
  let memberCount = 0;
  let widest = 0;
  for (let card = 0; card < cardCount; card++) widest = Math.max(widest, (obsStart[card + 1] as number) - (obsStart[card] as number));
  const sightings = new Float64Array(widest);
  const places = new Float64Array(widest);
  for (let card = 0; card < cardCount; card++) {
    memberStart[card] = memberCount;
    addressStart[card] = addressCount;
    const from = obsStart[card] as number;
    const to = obsStart[card + 1] as number;
    let placeCount = 0;
    for (let i = from; i < to; i++) {
      const o = obsByCard[i] as number;
      // Cluster in the high bits, sighting in the low: one numeric sort groups a card's sightings by person.
      sightings[i - from] = (obsCluster[o] as number) * 4_194_304 + (i - from);
      if ((obsAddress[o] as number) >= 0) places[placeCount++] = obsAddress[o] as number;
    }
    const sorted = sightings.subarray(0, to - from).sort();
    let headVotes = 0;
    let runVotes = 0;
    for (let k = 0; k < sorted.length; k++) {
      const value = sorted[k] as number;
      const cluster = Math.floor(value / 4_194_304);
      const o = obsByCard[from + (value - cluster * 4_194_304)] as number;
      if (memberCount === (memberStart[card] as number) || memberCluster[memberCount - 1] !== cluster) {
        memberCluster[memberCount] = cluster;
        memberCard[memberCount] = card;
        memberRel[memberCount] = 0;
        memberFirstDay[memberCount] = obsDay[o] as number;
        memberCount++;
        runVotes = 0;
      }
      memberRel[memberCount - 1] = (memberRel[memberCount - 1] as number) | (obsRel[o] as number);
      if ((obsDay[o] as number) < (memberFirstDay[memberCount - 1] as number)) memberFirstDay[memberCount - 1] = obsDay[o] as number;
      if (obsRel[o] === REL_HEAD) {
        runVotes++;
        // Most head sightings wins; ties go to the lower cluster index (the earlier person).
        if (runVotes > headVotes) {
          headVotes = runVotes;
          cardHead[card] = cluster;
        }
      }
    }
    const placesSorted = places.subarray(0, placeCount).sort();
    for (let k = 0; k < placeCount; k++) {
      if (k > 0 && placesSorted[k] === placesSorted[k - 1]) continue;
      cardAddress[addressCount++] = placesSorted[k] as number;
    }
  }
  addressStart[cardCount] = addressCount;
  memberStart[cardCount] = memberCount;

  // Cards of each person cluster (member entries are in card order, so each list is ascending).
  const byPerson = groupByKey(memberCount, clusterCount, (m) => memberCluster[m] as number);
  const personCardStart = byPerson.start;
  const personCards = byPerson.items.map((m) => memberCard[m] as number);

  // Candidate card pairs: those sharing a person. Keyed by an int so no pair allocates.
  const shared = new Map<number, number>();
  for (let c = 0; c < clusterCount; c++) {
    const from = personCardStart[c] as number;
    const to = personCardStart[c + 1] as number;
    if (to - from < 2 || to - from > config.maxCardsPerPerson) continue;
    for (let i = from; i < to; i++) {
      for (let j = i + 1; j < to; j++) {
        const key = (personCards[i] as number) * cardCount + (personCards[j] as number);
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const pairKeys = Float64Array.from(shared.keys()).sort();

  const forest = createUnionFind(cardCount + clusterCount);
  const typoOf = new Int32Array(cardCount).fill(-1);
  const links: FamilyLink[] = [];
  const sharedAt: number[] = [];
  const eventOf: PendingEvent[] = [];
  const linkCounts: Record<FamilyLinkKind, number> = { 'kk-typo': 0, 'kk-reissue': 0, 'kk-split': 0 };
  for (const key of pairKeys) {
    const a = Math.floor(key / cardCount);
    const b = key - a * cardCount;
    const aFirst = cardFirst[a] as number;
    const bFirst = cardFirst[b] as number;
    const aIsOlder = aFirst < bFirst || (aFirst === bFirst && ((cardLast[a] as number) < (cardLast[b] as number) || ((cardLast[a] as number) === (cardLast[b] as number) && (cardKk[a] as string) < (cardKk[b] as string))));
    const older = aIsOlder ? a : b;
    const newer = aIsOlder ? b : a;
    const sharedMembers = intersectMembers(memberCluster, memberStart, older, newer, sharedAt);
    const s = sharedMembers.length;
    const olderSize = (memberStart[older + 1] as number) - (memberStart[older] as number);
    const newerSize = (memberStart[newer + 1] as number) - (memberStart[newer] as number);
    const kkLevel = compareNik(cardKk[older], cardKk[newer]);
    const sameAddress = intersects(cardAddress, addressStart, older, newer);
    const newHead = cardHead[newer] as number;
    const headRel = newHead >= 0 ? memberRelOf(memberCluster, memberRel, memberStart, older, newHead) : 0;
    const headCarriedOver = (headRel & (REL_HEAD | REL_SPOUSE)) !== 0 && (headRel & REL_CHILD) === 0;
    // A mistyped number comes from another source than the right one: one source listing both
    // numbers lists two cards (new cards of one district and day are one serial apart).
    const sameSource = ((cardSources[older] as number) & (cardSources[newer] as number)) !== 0;
    const typo = (kkLevel === 'one-edit' || kkLevel === 'transposition') && !sameSource;
    const concurrent = sameSource || (cardLast[older] as number) >= (cardFirst[newer] as number);
    let kind: FamilyLinkKind;
    if (typo && s >= config.minMemberOverlap * Math.min(olderSize, newerSize)) kind = 'kk-typo';
    else if (!concurrent && s >= config.minMemberOverlap * olderSize && s >= config.minMemberOverlap * newerSize) kind = 'kk-reissue';
    else kind = 'kk-split';
    const joined = kind !== 'kk-split';
    if (joined) unite(forest, older, newer);
    else eventOf.push(moveBetween(older, newer, sharedAt, memberFirstDay, cardFirst, cardLast, links.length));
    if (kind === 'kk-typo') {
      // The number on fewer records is the mistyped one.
      const olderRecords = cardRecords[older] as number;
      const newerRecords = cardRecords[newer] as number;
      const minor = newerRecords < olderRecords || (newerRecords === olderRecords && (cardKk[newer] as string) > (cardKk[older] as string)) ? newer : older;
      if ((typoOf[minor] as number) < 0) typoOf[minor] = minor === newer ? older : newer;
    }
    linkCounts[kind]++;
    links.push({
      older,
      newer,
      kind,
      joined,
      kkLevel,
      sharedMembers,
      headCarriedOver,
      sameAddress,
      concurrent,
      score: s / (olderSize + newerSize - s),
    });
  }

  // Records without a KK: the card of their person's nearest-dated record with one.
  const clusterRecords = persons.clusters;
  const familyNode = new Int32Array(n);
  let recordsWithoutKk = 0;
  const orphanGroups = new Map<string, number>();
  for (let r = 0; r < n; r++) {
    const card = cardOf[r] as number;
    if (card >= 0) {
      familyNode[r] = card;
      continue;
    }
    recordsWithoutKk++;
    const cluster = clusterOf[r] as number;
    const day = recordDay[r] as number;
    let best = -1;
    let bestGap = Infinity;
    for (const other of clusterRecords[cluster]?.records ?? []) {
      const otherCard = cardOf[other] as number;
      if (otherCard < 0) continue;
      const gap = Math.abs((recordDay[other] as number) - day);
      if (gap < bestGap) {
        bestGap = gap;
        best = otherCard;
      }
    }
    if (best >= 0) {
      familyNode[r] = best;
      continue;
    }
    // A person on no card at all: one family per person, joined with others on the same record sheet.
    const node = cardCount + cluster;
    familyNode[r] = node;
    const record = records[r] as PersonRecord;
    const address = index.address[r] as number;
    if (address < 0) continue;
    const sheet = `${record.source}\u0000${record.observedAt}\u0000${address}`;
    const first = orphanGroups.get(sheet);
    if (first === undefined) orphanGroups.set(sheet, node);
    else unite(forest, first, node);
  }

  // Families in order of their first record, so indexes and IDs do not depend on input order.
  const familyOfRoot = new Int32Array(cardCount + clusterCount).fill(-1);
  const familyOf = new Int32Array(n);
  const familyKeys: string[] = [];
  const familyRecordsList: number[][] = [];
  for (let r = 0; r < n; r++) {
    const root = findRoot(forest, familyNode[r] as number);
    let family = familyOfRoot[root] as number;
    if (family < 0) {
      family = familyKeys.length;
      familyOfRoot[root] = family;
      familyKeys.push(recordKey(records[r] as PersonRecord));
      familyRecordsList.push([]);
    }
    familyOf[r] = family;
    (familyRecordsList[family] as number[]).push(r);
  }
  const familyOfRecord = new Int32Array(families.length);
  const familyFamilyRecords: number[][] = familyRecordsList.map(() => []);
  for (let f = 0; f < families.length; f++) {
    if ((familyRecordCard[f] as number) < 0) {
      familyOfRecord[f] = -1;
      continue;
    }
    const root = findRoot(forest, familyRecordCard[f] as number);
    let family = familyOfRoot[root] as number;
    if (family < 0) {
      family = familyKeys.length;
      familyOfRoot[root] = family;
      familyKeys.push(recordKey(families[f] as FamilyRecord));
      familyRecordsList.push([]);
      familyFamilyRecords.push([]);
    }
    familyOfRecord[f] = family;
    (familyFamilyRecords[family] as number[]).push(f);
  }

  const familyCards: number[][] = familyKeys.map(() => []);
  const cardFamily = new Int32Array(cardCount);
  for (let card = 0; card < cardCount; card++) {
    const family = familyOfRoot[findRoot(forest, card)] as number;
    cardFamily[card] = family;
    (familyCards[family] as number[]).push(card);
  }

  const cards: FamilyCard[] = [];
  for (let card = 0; card < cardCount; card++) {
    cards.push({
      kk: cardKk[card] as string,
      family: cardFamily[card] as number,
      members: Array.from(memberCluster.subarray(memberStart[card] as number, memberStart[card + 1] as number)),
      head: cardHead[card] as number,
      firstObserved: isoOfDay(cardFirst[card] as number),
      lastObserved: isoOfDay(cardLast[card] as number),
      recordCount: cardRecords[card] as number,
      typoOf: typoOf[card] as number,
    });
  }

  const unified: UnifiedFamily[] = [];
  const members = createDistinctSorted();
  for (let family = 0; family < familyKeys.length; family++) {
    const familyCardList = familyCards[family] as number[];
    const versions = familyCardList.filter((card) => (typoOf[card] as number) < 0);
    versions.sort((x, y) => (cardFirst[x] as number) - (cardFirst[y] as number) || ((cardKk[x] as string) < (cardKk[y] as string) ? -1 : 1));
    for (const r of familyRecordsList[family] as number[]) collect(members, clusterOf[r] as number);
    for (const card of familyCardList) for (let m = memberStart[card] as number; m < (memberStart[card + 1] as number); m++) collect(members, memberCluster[m] as number);
    let head = -1;
    for (let v = versions.length - 1; v >= 0 && head < 0; v--) head = cardHead[versions[v] as number] as number;
    unified.push({
      // The kind is in the hashed text so a family and its first record's person never share an ID's digits.
      id: `F${hash64(`family\u0000${familyKeys[family] as string}`)}`,
      kks: versions.map((card) => cardKk[card] as string),
      cards: familyCardList,
      members: takeDistinctSorted(members),
      head,
      records: familyRecordsList[family] as number[],
      familyRecords: familyFamilyRecords[family] as number[],
    });
  }

  const events: FamilyEvent[] = [];
  const skipped = (card: number): boolean => (typoOf[card] as number) >= 0;
  for (const link of links) {
    if (link.kind !== 'kk-reissue' || skipped(link.older) || skipped(link.newer)) continue;
    events.push({
      kind: 'reissue',
      family: cardFamily[link.older] as number,
      fromKk: cardKk[link.older] as string,
      toKk: cardKk[link.newer] as string,
      members: link.sharedMembers,
      observedAt: isoOfDay(cardFirst[link.newer] as number),
    });
  }
  for (const move of eventOf) {
    // A mistyped card repeats what its right number already says.
    if (skipped(move.from) || skipped(move.to) || cardFamily[move.from] === cardFamily[move.to]) continue;
    events.push({
      kind: move.kind,
      from: cardFamily[move.from] as number,
      to: cardFamily[move.to] as number,
      fromKk: cardKk[move.from] as string,
      toKk: cardKk[move.to] as string,
      members: (links[move.link] as FamilyLink).sharedMembers,
      observedAt: isoOfDay(move.day),
    });
  }

  return {
    families: unified,
    familyOf,
    cards,
    cardOf,
    familyRecords: families,
    familyOfRecord,
    rejections,
    links,
    events,
    report: { cards: cardCount, families: unified.length, links: linkCounts, recordsWithoutKk, elapsedMs: performance.now() - started },
  };
}

/** Person clusters on both cards; `at` receives the member-entry index pairs (a, b) of each. */
function intersectMembers(memberCluster: Int32Array, memberStart: Int32Array, a: number, b: number, at: number[]): number[] {
  const out: number[] = [];
  at.length = 0;
  let i = memberStart[a] as number;
  let j = memberStart[b] as number;
  const iEnd = memberStart[a + 1] as number;
  const jEnd = memberStart[b + 1] as number;
  while (i < iEnd && j < jEnd) {
    const x = memberCluster[i] as number;
    const y = memberCluster[j] as number;
    if (x === y) {
      out.push(x);
      at.push(i, j);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

interface PendingEvent {
  readonly kind: 'split' | 'merge';
  readonly from: number;
  readonly to: number;
  readonly day: number;
  readonly link: number;
}

/**
 * Which way members moved between two cards of different families, and what that was: the card
 * most shared members were on first is `from`. Members going to a card that did not exist before
 * is a split (pecah KK); a card that ends as its members join an existing card is a merge.
 */
function moveBetween(older: number, newer: number, at: readonly number[], firstDay: Int32Array, cardFirst: readonly number[], cardLast: readonly number[], link: number): PendingEvent {
  let forward = 0;
  for (let k = 0; k < at.length; k += 2) {
    const onOlder = firstDay[at[k] as number] as number;
    const onNewer = firstDay[at[k + 1] as number] as number;
    if (onOlder < onNewer) forward++;
    else if (onOlder > onNewer) forward--;
  }
  const from = forward >= 0 ? older : newer;
  const to = from === older ? newer : older;
  const toSide = from === older ? 1 : 0;
  let day = Infinity;
  for (let k = toSide; k < at.length; k += 2) day = Math.min(day, firstDay[at[k] as number] as number);
  const fromContinues = (cardLast[from] as number) >= day;
  const toExisted = (cardFirst[to] as number) < day;
  return { kind: toExisted && !fromContinues ? 'merge' : 'split', from, to, day, link };
}

function memberRelOf(memberCluster: Int32Array, memberRel: Uint8Array, memberStart: Int32Array, card: number, cluster: number): number {
  for (let m = memberStart[card] as number; m < (memberStart[card + 1] as number); m++) if (memberCluster[m] === cluster) return memberRel[m] as number;
  return 0;
}

function intersects(values: Int32Array, start: Int32Array, a: number, b: number): boolean {
  let i = start[a] as number;
  let j = start[b] as number;
  const iEnd = start[a + 1] as number;
  const jEnd = start[b + 1] as number;
  while (i < iEnd && j < jEnd) {
    const x = values[i] as number;
    const y = values[j] as number;
    if (x === y) return true;
    if (x < y) i++;
    else j++;
  }
  return false;
}
