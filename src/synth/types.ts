/**
 * Shapes of the synthetic population (the truth) and of the source records observed from it.
 * Record field names follow docs/CONTRACTS.md exactly; records are the *input* shape a caller would
 * feed padan (strings as written), not the schema's normalized output.
 */
import type {
  COOKING_FUELS,
  DRINKING_WATER_SOURCES,
  EXCRETA_DISPOSALS,
  FLOOR_MATERIALS,
  LIGHTING_SOURCES,
  OWNERSHIP_STATUSES,
  PLN_POWER_CLASSES,
  RELATIONSHIPS,
  ROOF_MATERIALS,
  TOILET_FACILITIES,
  TOILET_TYPES,
  WALL_MATERIALS,
  MARITAL_STATUSES,
} from '../schema/categories.js';
import type { NameFlavour } from './names.data.js';

export type Sex = 'male' | 'female';
export type Relationship = (typeof RELATIONSHIPS)[number];
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];

/** The seven sources the generator simulates. */
export type SyntheticSource = 'dukcapil' | 'dtks' | 'regsosek' | 'p3ke' | 'housing' | 'musrenbang' | 'citizen';

/** An address as records carry it (CONTRACTS.md). */
export interface SynthAddress {
  provinceCode?: string;
  regencyCode?: string;
  districtCode?: string;
  villageCode?: string;
  rt?: string;
  rw?: string;
  street?: string;
  postalCode?: string;
  text?: string;
}

/** Housing attributes, in the schema's lowercase codes (src/schema/categories.ts). */
export interface SynthHousing {
  ownership?: (typeof OWNERSHIP_STATUSES)[number];
  floorAreaM2?: number;
  floorMaterial?: (typeof FLOOR_MATERIALS)[number];
  wallMaterial?: (typeof WALL_MATERIALS)[number];
  roofMaterial?: (typeof ROOF_MATERIALS)[number];
  drinkingWaterSource?: (typeof DRINKING_WATER_SOURCES)[number];
  toiletFacility?: (typeof TOILET_FACILITIES)[number];
  toiletType?: (typeof TOILET_TYPES)[number];
  excretaDisposal?: (typeof EXCRETA_DISPOSALS)[number];
  lightingSource?: (typeof LIGHTING_SOURCES)[number];
  plnPower?: (typeof PLN_POWER_CLASSES)[number];
  cookingFuel?: (typeof COOKING_FUELS)[number];
}

/** One true person. Dates are ISO `YYYY-MM-DD`. */
export interface TruePerson {
  readonly id: string;
  /** The family at the reference date (after any split). */
  readonly familyId: string;
  readonly householdId: string;
  readonly flavour: NameFlavour;
  readonly name: string;
  readonly sex: Sex;
  readonly birthDate: string;
  /** Regency or city name as people write it (`BOGOR`, `SURABAYA`). */
  readonly birthPlace: string;
  readonly nik: string;
  /**
   * A second NIK from a duplicate registration (NIK ganda) at the household's new district after a
   * move: the registry then holds the person twice, and other sources may use either number.
   */
  readonly secondNik?: string;
  readonly motherName: string;
  /** Relationship to the head in `familyId`. */
  readonly relationship: Relationship;
  readonly maritalStatus: MaritalStatus;
  /** Title before the name (`H.`, `HJ.`, `DRS.`) that some sources print. */
  readonly titlePrefix?: string;
  /** Degree after the name (`S.PD`) that some sources print. */
  readonly titleSuffix?: string;
  readonly deathDate?: string;
  /** Person id of the twin sibling. */
  readonly twinOf?: string;
  /** Date this person joined `familyId` by marriage (before it they lived outside the population). */
  readonly joinedAt?: string;
  /** A KK split: before `splitDate` this person was a `child` in `formerFamilyId` / `formerHouseholdId`. */
  readonly formerFamilyId?: string;
  readonly formerHouseholdId?: string;
  readonly formerRelationship?: Relationship;
  readonly splitDate?: string;
  readonly fatherId?: string;
  readonly motherId?: string;
  readonly spouseId?: string;
}

/** One KK version: a family gets a new card when it forms, moves, splits off or its head dies. */
export interface KkVersion {
  readonly kk: string;
  readonly issuedAt: string;
  readonly headId: string;
}

/** One true family (one KK, versioned). */
export interface TrueFamily {
  readonly id: string;
  readonly householdId: string;
  readonly memberIds: readonly string[];
  /** Oldest first; the KK at a date is the last version issued on or before it. */
  readonly kkHistory: readonly KkVersion[];
  /** Set for a family that split off (pecah KK) from `parentFamilyId` on its first KK's issue date. */
  readonly parentFamilyId?: string;
}

/** One true dwelling (rumah tangga), the household. */
export interface TrueDwelling {
  readonly id: string;
  readonly address: SynthAddress;
  /** Where the household lived before it moved here, and when it moved. */
  readonly previousAddress?: SynthAddress;
  readonly movedAt?: string;
  /** 0 = poorest, 1 = richest: drives welfare-list coverage and housing quality. */
  readonly wealth: number;
  readonly housing: SynthHousing;
  readonly familyIds: readonly string[];
}

/** One dwelling with everything living in it: the unit `generatePopulation` yields. */
export interface PopulationUnit {
  readonly dwelling: TrueDwelling;
  readonly families: readonly TrueFamily[];
  readonly persons: readonly TruePerson[];
}

/** The channel a record came through (CONTRACTS.md). */
export type SynthChannel =
  | { kind: 'registry' }
  | { kind: 'survey' }
  | { kind: 'formal'; verificationLevel: 'village' | 'district' | 'regency' | 'province' | 'national' }
  | {
      kind: 'citizen';
      action: 'proposal' | 'correction' | 'objection';
      status: 'pending' | 'accepted' | 'rejected';
      fields?: string[];
    };

interface Envelope {
  source: SyntheticSource;
  recordId: string;
  observedAt: string;
  channel: SynthChannel;
}

/** A person record as a source would deliver it. */
export interface SynthPersonRecord extends Envelope {
  nik?: string | null;
  kk?: string | null;
  name: string;
  sex?: Sex | null;
  birthDate?: string | null;
  birthDatePlaceholder?: boolean;
  birthPlace?: string | null;
  motherName?: string | null;
  relationship?: Relationship | null;
  maritalStatus?: MaritalStatus | null;
  address?: SynthAddress | null;
  deceased?: boolean | null;
  extra?: Record<string, unknown>;
}

/** A family (KK) record. */
export interface SynthFamilyRecord extends Envelope {
  kk: string;
  headNik?: string;
  headName?: string | null;
  memberNiks?: string[];
  address?: SynthAddress | null;
}

/** A dwelling record. */
export interface SynthDwellingRecord extends Envelope {
  dwellingId?: string;
  headNik?: string;
  headName?: string | null;
  kks?: string[];
  address?: SynthAddress | null;
  housing?: SynthHousing | null;
}

/** Ground truth of one person record (CONTRACTS.md), kept apart from the record. */
export interface PersonTruth {
  source: SyntheticSource;
  recordId: string;
  personId: string;
  /** The person's true family at `observedAt` (the parent family before a KK split). */
  familyId: string;
  /** The person's true household at `observedAt` (the parents' dwelling before a split-and-move). */
  householdId: string;
  noise: string[];
}

/** Ground truth of one family record. */
export interface FamilyTruth {
  source: SyntheticSource;
  recordId: string;
  familyId: string;
  householdId: string;
}

/** Ground truth of one dwelling record. */
export interface DwellingTruth {
  source: SyntheticSource;
  recordId: string;
  householdId: string;
}

/** One item of `generateSources`: a record and its truth. */
export type SyntheticItem =
  | { kind: 'person'; record: SynthPersonRecord; truth: PersonTruth }
  | { kind: 'family'; record: SynthFamilyRecord; truth: FamilyTruth }
  | { kind: 'dwelling'; record: SynthDwellingRecord; truth: DwellingTruth };
