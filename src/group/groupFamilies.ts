import { checkOptionBag } from '../_internal/arguments.js';
import { at, itemAt } from '../_internal/at.js';
import { PadanError } from '../_internal/error.js';
import { withTypedArena } from '../_internal/typedArena.js';
import type { FamilyRecord } from '../schema/family.js';
import { validateBatch, type Rejection } from '../schema/validate.js';
import { assignFamilies, placeRecordsWithoutKk } from './_assignFamilies.js';
import { buildCards, buildEvents, buildFamilies, createIsoCache, familyIds } from './_buildFamilies.js';
import { canonicalOrder } from './_canonicalOrder.js';
import { checkPersonIndex, checkResolvedPersons } from './_checkInput.js';
import { collectMembers } from './_collectMembers.js';
import { candidatePairs, linkCards } from './_linkCards.js';
import { observeCards } from './_observeCards.js';
import { readFamilyRecords } from './_readFamilyRecords.js';
import { continueResolutionArena, stepClock } from './_stage.js';
import { buildPersonIndex, type PersonIndex } from './indexPersons.js';
import type { FamilyGrouping, FamilyStep, ResolvedPersons } from './familyTypes.js';

export type {
  FamilyCard,
  FamilyEvent,
  FamilyGrouping,
  FamilyGroupingReport,
  FamilyLink,
  FamilyLinkKind,
  FamilyStep,
  ResolvedPersons,
  UnifiedFamily,
} from './familyTypes.js';

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
  /**
   * The person index of these persons (see `indexPersons`): pass the same one to `groupHouseholds`,
   * so the person records are read once for both. Built here when left out.
   */
  readonly personIndex?: PersonIndex;
}

/** The options, checked, with their defaults. */
export interface FamilyConfig {
  readonly validate: boolean;
  readonly personIndex: PersonIndex | undefined;
  readonly minMemberOverlap: number;
  readonly maxCardsPerPerson: number;
}

function readOptions(options: GroupFamiliesOptions | undefined): FamilyConfig {
  if (options === undefined) return { validate: true, minMemberOverlap: 0.5, maxCardsPerPerson: 8, personIndex: undefined };
  if (typeof options !== 'object' || options === null) throw new PadanError('invalid-config', 'groupFamilies: options must be an object');
  const { validate = true, minMemberOverlap = 0.5, maxCardsPerPerson = 8, personIndex } = options;
  if (typeof validate !== 'boolean') throw new PadanError('invalid-config', 'groupFamilies: validate must be a boolean');
  if (typeof minMemberOverlap !== 'number' || !(minMemberOverlap > 0 && minMemberOverlap <= 1)) {
    throw new PadanError('invalid-config', 'groupFamilies: minMemberOverlap must be a number in (0, 1]');
  }
  if (!Number.isInteger(maxCardsPerPerson) || maxCardsPerPerson < 2) {
    throw new PadanError('invalid-config', 'groupFamilies: maxCardsPerPerson must be an integer of at least 2');
  }
  return { validate, minMemberOverlap, maxCardsPerPerson, personIndex };
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
  checkOptionBag(options, 'groupFamilies', { validate: 'boolean', minMemberOverlap: 'number', maxCardsPerPerson: 'number', personIndex: 'object' });
  // Typed arrays from a few large buffers (see typedArena): one by one they set off full collections.
  const expectedBytes = FAMILY_ARENA_BYTES_PER_RECORD * ((persons?.records?.length ?? 0) + (Array.isArray(familyRecords) ? familyRecords.length : 0));
  return withTypedArena(expectedBytes, () => groupFamiliesInArena(persons, familyRecords, options), continueResolutionArena(persons));
}

// Typed-array bytes per person and family record (measured at 1M person records: about 190).
const FAMILY_ARENA_BYTES_PER_RECORD = 224;

function groupFamiliesInArena(persons: ResolvedPersons, familyRecords: readonly unknown[], options: GroupFamiliesOptions | undefined): FamilyGrouping {
  const config = readOptions(options);
  checkResolvedPersons(persons, 'groupFamilies');
  if (!Array.isArray(familyRecords)) throw new PadanError('invalid-argument', 'groupFamilies: familyRecords must be an array');
  const started = performance.now();
  const lap = stepClock<FamilyStep>();
  const { records, clusterOf } = persons;
  const clusterCount = persons.clusters.length;

  let rejections: readonly Rejection[] = [];
  let validFamilies: FamilyRecord[];
  if (config.validate) {
    const batch = validateBatch(familyRecords, 'family');
    validFamilies = batch.valid;
    rejections = batch.rejected;
  } else validFamilies = familyRecords as FamilyRecord[];
  lap('validate');
  const order = canonicalOrder(validFamilies);
  const families = new Array<FamilyRecord>(order.length);
  for (let k = 0; k < order.length; k++) families[k] = itemAt(validFamilies, at(order, k));
  lap('order');

  // Each step is its own function over typed columns: one function per hot loop is what the
  // optimizing compiler handles well, and no step allocates per record.
  const index = config.personIndex ?? buildPersonIndex(persons, {});
  checkPersonIndex(index, persons, 'groupFamilies');
  lap('index');
  const familyColumns = readFamilyRecords(validFamilies, index);
  lap('read');
  const seen = observeCards(clusterOf, index, familyColumns, order);
  const members = collectMembers(seen);
  const pairs = candidatePairs(members, clusterCount, config.maxCardsPerPerson);
  const linked = linkCards(seen, members, pairs, clusterCount, config);
  const placed = placeRecordsWithoutKk(persons, index, seen, linked.forest);
  lap('link');
  const assigned = assignFamilies(records, families, seen, placed.familyNode, linked.forest);
  lap('assign');
  const isoOf = createIsoCache();
  const cards = buildCards(seen, members, assigned, linked.typoOf, isoOf);
  const { ids, idRecords } = familyIds(records, families, assigned, index);
  const unified = buildFamilies(ids, idRecords, clusterOf, seen, members, assigned, linked.typoOf);
  const events = buildEvents(seen, assigned.cardFamily, linked, isoOf);

  const stepMs = lap('build');
  const grouping: FamilyGrouping = {
    families: unified,
    familyOf: assigned.familyOf,
    cards,
    cardOf: seen.cardOf,
    familyRecords: families,
    familyOfRecord: assigned.familyOfRecord,
    rejections,
    links: linked.links,
    events,
    report: {
      cards: seen.cardKk.length,
      families: unified.length,
      links: linked.linkCounts,
      recordsWithoutKk: placed.recordsWithoutKk,
      elapsedMs: performance.now() - started,
      stepMs,
    },
  };
  return grouping;
}
