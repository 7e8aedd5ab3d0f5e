import { checkObject, invalidArgument } from '../_internal/arguments.js';
import { checkIndex } from '../_internal/resolutionArguments.js';
import { PadanError } from '../_internal/error.js';
import type { DwellingMatch, HouseholdGrouping, HouseholdLink } from './groupHouseholds.js';

/** Why a household is what it is: the links between its families and how its dwelling records matched. */
export interface HouseholdExplanation {
  readonly id: string;
  readonly families: readonly number[];
  /** Family-to-family links (same address, or listed together on a dwelling record). */
  readonly links: readonly HouseholdLink[];
  readonly dwellings: readonly DwellingMatch[];
}

/**
 * Explains one household of a grouping: which families were put together and why, and on what
 * evidence each dwelling record joined it (its KKs, its address, its head's NIK or name).
 *
 * @example
 * const why = explainHousehold(households, households.householdOf[0]);
 * why.links     // [{ left: 0, right: 3, by: 'dwelling-kk', dwelling: 12 }]
 * why.dwellings // [{ by: 'dwelling-kk', familiesByKk: [0, 3], sameAddress: true, score: 1, … }]
 */
export function explainHousehold(grouping: HouseholdGrouping, household: number): HouseholdExplanation {
  checkObject(grouping, 'explainHousehold', 'grouping');
  if (!Array.isArray(grouping.households as unknown)) throw invalidArgument('explainHousehold', 'grouping', 'the result of groupHouseholds', grouping);
  checkIndex(household, grouping.households.length, 'explainHousehold', 'household');
  const unified = grouping.households[household];
  if (unified === undefined) throw new PadanError('invalid-argument', `explainHousehold: no household ${household}`);
  const links = grouping.links.filter((link) => grouping.householdOfFamily[link.left] === household);
  const dwellings = unified.dwellingRecords.map((d) => grouping.dwellingMatches[d] as DwellingMatch);
  return { id: unified.id, families: unified.families, links, dwellings };
}
