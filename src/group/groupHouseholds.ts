import { checkOptionBag } from '../_internal/arguments.js';
import { at, itemAt } from '../_internal/at.js';
import { PadanError } from '../_internal/error.js';
import { int32Array, withTypedArena } from '../_internal/typedArena.js';
import { createUnionFind } from '../_internal/unionFind.js';
import type { DwellingRecord } from '../schema/dwelling.js';
import { validateBatch, type Rejection } from '../schema/validate.js';
import { assignHouseholds, buildHouseholds } from './_buildHouseholds.js';
import { canonicalOrder } from './_canonicalOrder.js';
import { checkPersonIndex, checkResolvedPersons } from './_checkInput.js';
import { joinByAddress, type Places } from './_joinByAddress.js';
import { matchDwellings, readDwellingRecords } from './_matchDwellings.js';
import type { PersonIndex } from './_personIndex.js';
import { continueResolutionArena, stepClock } from './_stage.js';
import type { FamilyGrouping, ResolvedPersons } from './familyTypes.js';
import { evidenceScore } from './householdRules.js';
import type { DwellingMatch, HouseholdGrouping, HouseholdLink, HouseholdStep } from './householdTypes.js';
import { buildPersonIndex } from './indexPersons.js';

export type { DwellingMatch, HouseholdEvidence, HouseholdGrouping, HouseholdLink, HouseholdStep, UnifiedHousehold } from './householdTypes.js';

/** Options of {@link groupHouseholds}. */
export interface GroupHouseholdsOptions {
  /** Validate dwelling records with the dwelling schema first (default true). */
  readonly validate?: boolean;
  /**
   * Link a dwelling record with no known KK and no known address by its head's name within the
   * village (default true). Turn off where names are too common to trust inside one village.
   */
  readonly matchHeadName?: boolean;
  /** The person index `groupFamilies` was given for these persons (see `indexPersons`); built here when left out. */
  readonly personIndex?: PersonIndex;
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
  checkOptionBag(options, 'groupHouseholds', { validate: 'boolean', matchHeadName: 'boolean', personIndex: 'object' });
  // Typed arrays from a few large buffers (see typedArena): one by one they set off full collections.
  const expectedBytes = HOUSEHOLD_ARENA_BYTES_PER_RECORD * ((persons?.records?.length ?? 0) + (Array.isArray(dwellingRecords) ? dwellingRecords.length : 0));
  return withTypedArena(expectedBytes, () => groupHouseholdsInArena(persons, families, dwellingRecords, options), continueResolutionArena(persons));
}

// Typed-array bytes per person and dwelling record: about 20 when groupFamilies indexed the person records
// (measured at 100k persons), about 200 when this call has to (a resolution object groupFamilies did not see).
const HOUSEHOLD_ARENA_BYTES_PER_RECORD = 224;

function groupHouseholdsInArena(
  persons: ResolvedPersons,
  families: FamilyGrouping,
  dwellingRecords: readonly unknown[],
  options: GroupHouseholdsOptions | undefined,
): HouseholdGrouping {
  checkResolvedPersons(persons, 'groupHouseholds');
  if (typeof options !== 'undefined' && (typeof options !== 'object' || options === null))
    throw new PadanError('invalid-config', 'groupHouseholds: options must be an object');
  const validate = options?.validate ?? true;
  const matchHeadName = options?.matchHeadName ?? true;
  if (typeof validate !== 'boolean' || typeof matchHeadName !== 'boolean')
    throw new PadanError('invalid-config', 'groupHouseholds: validate and matchHeadName must be booleans');
  if (typeof families !== 'object' || families === null || !(families.familyOf instanceof Int32Array) || families.familyOf.length !== persons.records.length) {
    throw new PadanError('invalid-argument', 'groupHouseholds: families must be the groupFamilies result for the same resolution');
  }
  if (!Array.isArray(dwellingRecords)) throw new PadanError('invalid-argument', 'groupHouseholds: dwellingRecords must be an array');
  const started = performance.now();
  const lap = stepClock<HouseholdStep>();

  let rejections: readonly Rejection[] = [];
  let valid: DwellingRecord[];
  if (validate) {
    const batch = validateBatch(dwellingRecords, 'dwelling');
    valid = batch.valid;
    rejections = batch.rejected;
  } else valid = dwellingRecords as DwellingRecord[];
  lap('validate');
  const order = canonicalOrder(valid);
  const dwellings = new Array<DwellingRecord>(order.length);
  for (let k = 0; k < order.length; k++) dwellings[k] = itemAt(valid, at(order, k));
  lap('order');

  const familyCount = families.families.length;
  const index = options?.personIndex ?? buildPersonIndex(persons, {});
  checkPersonIndex(index, persons, 'groupHouseholds');
  lap('index');
  const forest = createUnionFind(familyCount + dwellings.length);
  const links: HouseholdLink[] = [];
  // Family and dwelling records can add addresses; no more than one each.
  const places: Places = { nodeAt: int32Array(index.addresses.size + families.familyRecords.length + dwellings.length).fill(-1), forest, links };
  const latest = joinByAddress(persons, families, index, places);
  lap('join');
  const dwellingColumns = readDwellingRecords(persons, families, valid, index);
  lap('read');
  const matches = matchDwellings(persons, families, dwellings, dwellingColumns, order, index, places, matchHeadName);
  lap('match');
  const grouped = assignHouseholds(families, dwellings, forest);
  lap('assign');

  const householdOf = int32Array(persons.records.length);
  const familyOf = families.familyOf;
  for (let r = 0; r < householdOf.length; r++) householdOf[r] = at(grouped.householdOfFamily, at(familyOf, r));

  const dwellingMatches = new Array<DwellingMatch>(dwellings.length);
  for (let d = 0; d < dwellings.length; d++) {
    const by = itemAt(matches.by, d);
    dwellingMatches[d] = {
      dwelling: d,
      household: at(grouped.householdOfDwelling, d),
      by,
      familiesByKk: itemAt(matches.familiesByKk, d),
      unknownKks: at(matches.unknownKks, d),
      sameAddress: matches.sameAddress[d] === 1,
      head: at(matches.head, d),
      score: evidenceScore(by),
    };
  }

  const { households, dwellingsLinked } = buildHouseholds(persons.records, families, dwellings, grouped, latest, dwellingMatches);
  const stepMs = lap('build');
  return {
    households,
    householdOf,
    householdOfFamily: grouped.householdOfFamily,
    dwellingRecords: dwellings,
    householdOfDwelling: grouped.householdOfDwelling,
    dwellingMatches,
    links,
    rejections,
    report: {
      households: households.length,
      dwellingsLinked,
      dwellingsUnlinked: dwellings.length - dwellingsLinked,
      elapsedMs: performance.now() - started,
      stepMs,
    },
  };
}
