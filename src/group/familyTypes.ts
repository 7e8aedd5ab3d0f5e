import type { NikComparisonLevel } from '../comparators/compareNik.js';
import type { FamilyRecord } from '../schema/family.js';
import type { PersonRecord } from '../schema/person.js';
import type { Rejection } from '../schema/validate.js';
import type { FamilyLinkKind } from './familyRules.js';
import type { GroupIdRecord } from './groupIds.js';

// The values groupFamilies takes and returns (re-exported there): kept apart so the stage's machinery
// files can build them without importing the stage.

export type { FamilyLinkKind } from './familyRules.js';

/** What the group stage needs of a person resolution (a `PersonResolution` has all of it). */
export interface ResolvedPersons {
  /** Person records in canonical (source, recordId) order. */
  readonly records: readonly PersonRecord[];
  readonly clusters: readonly { readonly id: string; readonly records: readonly number[] }[];
  /** Person cluster index of each record. */
  readonly clusterOf: Int32Array;
  /**
   * Positions into `records` in the order the records were given (optional; a `PersonResolution`
   * has it). Records are read in this order, where they sit in memory: at a million records about
   * three times faster than in canonical order. Results never depend on it.
   */
  readonly readOrder?: Int32Array;
}

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
  /** Stable ID: derived from its oldest person or family record, `idRecord` (the entity-ID rule, see groupIds.ts). */
  readonly id: string;
  /** The record the ID derives from: first observed, then kind (`family` before `person`), then source and recordId. */
  readonly idRecord: GroupIdRecord;
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
  /** Milliseconds per step: validating family records, ordering them, indexing person records (shared with groupHouseholds), reading family records, linking cards, numbering families, building the output. */
  readonly stepMs: Readonly<Record<FamilyStep, number>>;
}

/** The steps of {@link groupFamilies}, in order. */
export type FamilyStep = 'validate' | 'order' | 'index' | 'read' | 'link' | 'assign' | 'build';

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
