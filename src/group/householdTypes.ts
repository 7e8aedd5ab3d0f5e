import type { DwellingRecord } from '../schema/dwelling.js';
import type { Address } from '../schema/fields.js';
import type { Rejection } from '../schema/validate.js';
import type { GroupIdRecord } from './groupIds.js';
import type { HouseholdEvidence } from './householdRules.js';

// The values groupHouseholds returns (re-exported there): kept apart so the stage's machinery files
// can build them without importing the stage.

export type { HouseholdEvidence } from './householdRules.js';

/** The steps of {@link groupHouseholds}, in order. */
export type HouseholdStep = 'validate' | 'order' | 'index' | 'join' | 'read' | 'match' | 'assign' | 'build';

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
  /** Stable ID: derived from its oldest person, family or dwelling record, `idRecord` (the entity-ID rule, see groupIds.ts). */
  readonly id: string;
  /** The record the ID derives from: the oldest of its families' `idRecord`s and its dwelling records (a dwelling record first on one day). */
  readonly idRecord: GroupIdRecord;
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
  readonly report: {
    readonly households: number;
    readonly dwellingsLinked: number;
    readonly dwellingsUnlinked: number;
    readonly elapsedMs: number;
    /** Milliseconds per step: validating dwelling records, ordering them, indexing person records (done once per resolution), joining families by address, reading dwelling records, matching dwellings, numbering households, building the output. */
    readonly stepMs: Readonly<Record<HouseholdStep, number>>;
  };
}
