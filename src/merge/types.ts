/**
 * Shapes shared by the survivorship layer: the records it reads, the policy it obeys, and what it returns.
 *
 * The record types here are the minimal structure merge needs (docs/CONTRACTS.md). They are local because
 * `src/schema` is still being written; once its inferred `PersonRecord` / `FamilyRecord` / `DwellingRecord`
 * land, they satisfy `MergeRecord` structurally and can be passed straight in.
 */

/** Verification levels of the formal channel, lowest first (the order is the ranking `mostVerified` uses). */
export const VERIFICATION_LEVELS = Object.freeze(['village', 'district', 'regency', 'province', 'national'] as const);
/** A formal-channel verification level. */
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

/** How a record reached padan (docs/CONTRACTS.md, source envelope). */
export type MergeChannel =
  | { readonly kind: 'registry' }
  | { readonly kind: 'survey' }
  | { readonly kind: 'formal'; readonly verificationLevel: VerificationLevel }
  | {
      readonly kind: 'citizen';
      readonly action: 'proposal' | 'correction' | 'objection';
      readonly status: 'pending' | 'accepted' | 'rejected';
      readonly fields?: readonly string[] | undefined;
    };

/** The source envelope every record carries; merge reads nothing else unless a policy names it. */
export interface MergeRecord {
  readonly source: string;
  readonly recordId: string;
  /** ISO date `YYYY-MM-DD`; ISO strings order like dates, so they are compared as strings. */
  readonly observedAt: string;
  readonly channel: MergeChannel;
}

/** Envelope keys: never unified, never named by a policy. */
export type EnvelopeKey = keyof MergeRecord;

/** The fields of a record type a policy may name. */
export type MergeField<R> = Exclude<keyof R & string, EnvelopeKey>;

/** Identifies one record: the pair is unique and is the total order for every tie-break. */
export interface RecordRef {
  readonly source: string;
  readonly recordId: string;
}

/** One record's value for one field, as a rule sees it. */
export interface MergeCandidate<R extends MergeRecord = MergeRecord> {
  readonly value: unknown;
  readonly record: R;
}

// ---------------------------------------------------------------------------------------------------
// Rules: plain readonly data with a `kind` discriminant. Each narrows the candidate set or passes.

/** Prefer records from the earliest listed source; unlisted sources rank after every listed one. */
export interface SourcePriorityRule {
  readonly kind: 'source-priority';
  readonly sources: readonly string[];
}
/** Prefer the latest `observedAt`. */
export interface MostRecentRule {
  readonly kind: 'most-recent';
}
/** Prefer the value most records agree on (after normalisation). */
export interface MostFrequentRule {
  readonly kind: 'most-frequent';
}
/** Prefer the most specific value: more filled leaves, then longer text (a full date beats a year). */
export interface MostCompleteRule {
  readonly kind: 'most-complete';
  /** A boolean record field that, when true, marks this field's value as a placeholder (least specific). */
  readonly placeholderFlag?: string | undefined;
}
/** Prefer the highest formal-channel verification level (village < … < national); others rank lowest. */
export interface MostVerifiedRule {
  readonly kind: 'most-verified';
}
/**
 * A caller-defined rule. The function is not hashable, so the fingerprint covers `name` and `version`:
 * change the version whenever the function's behaviour changes.
 */
export interface CustomRule<R extends MergeRecord = MergeRecord> {
  readonly kind: 'custom';
  readonly name: string;
  readonly version: string;
  /** Returns the preferred subset of `candidates` (same objects); empty or all means "no preference". */
  readonly select: (candidates: readonly MergeCandidate<R>[], field: string) => readonly MergeCandidate<R>[];
}

/** Any survivorship rule. */
export type MergeRule<R extends MergeRecord = MergeRecord> =
  SourcePriorityRule | MostRecentRule | MostFrequentRule | MostCompleteRule | MostVerifiedRule | CustomRule<R>;

/** How values are normalised before they are compared (for agreement, frequency and conflicts). */
export type MergeNormalization =
  /** Deep equality; object keys holding null/undefined are ignored. */
  | 'exact'
  /** Strings trimmed, inner whitespace collapsed, lower-cased, NFC — also inside objects and arrays. */
  | 'text'
  /** Only the digits of a string (NIK/KK typed with separators). */
  | 'digits'
  /** Like `text`, and arrays compared as sets (member lists). */
  | 'set'
  /**
   * ISO dates of any precision (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`): compared exactly, but a less precise
   * date that the chosen one refines (`1980` beside `1980-05-06`) is a losing value, not a conflict.
   */
  | 'date';

/** How much a disagreement on a field matters to a data steward. */
export type ConflictSeverity = 'low' | 'medium' | 'high';

/** Rules for one field (share one object between fields to give a group the same rules). */
export interface FieldRules<R extends MergeRecord = MergeRecord> {
  /** Tried in order; each narrows the candidates or passes. Ties left at the end go to (source, recordId). */
  readonly rules: readonly MergeRule<R>[];
  /** Severity of a conflict on this field; default `medium`. */
  readonly severity?: ConflictSeverity | undefined;
  /** Default `exact`. */
  readonly normalize?: MergeNormalization | undefined;
}

/** Take this field from the same record that won `field` (keeps a value and its qualifier together). */
export interface FollowField<F extends string = string> {
  readonly follow: F;
}

/**
 * A survivorship policy: data, compiled once by `compilePolicy`.
 * `R` makes field names and custom rules type-checked against the record type.
 */
export interface MergePolicy<R extends MergeRecord = MergeRecord> {
  /** A stable name, e.g. `dtsen-person`. */
  readonly name: string;
  /** Bumped whenever the policy's meaning changes; part of the fingerprint. */
  readonly version: string;
  /** Every field the unified record has, with its rules. */
  readonly fields: { readonly [K in MergeField<R>]?: FieldRules<R> | FollowField<MergeField<R>> };
  /**
   * Rules applied key by key to the caller-defined `extra` object, so no caller field is dropped.
   * Provenance and conflicts name such a field `extra.<key>`.
   */
  readonly extra?: FieldRules<R> | undefined;
}

// ---------------------------------------------------------------------------------------------------
// Output

/** Where one value came from. */
export interface ValueSource extends RecordRef {
  readonly observedAt: string;
}

/** A value that lost, and the record that carried it. */
export interface LosingValue extends ValueSource {
  readonly value: unknown;
}

/** Why one unified field has its value. */
export interface FieldProvenance {
  readonly value: unknown;
  /**
   * The rule that settled the value: `unanimous` (all candidates agree), `citizen-accepted`, a rule kind
   * (`source-priority`, `most-recent`, …), `custom:<name>`, `tie-break` (total order on source, recordId),
   * `follow:<field>`, or `missing` (no record has a value).
   */
  readonly rule: string;
  /** The record the value was taken from; null when missing. */
  readonly from: ValueSource | null;
  /** Every candidate whose value differs from the chosen one, in (source, recordId) order. */
  readonly losing: readonly LosingValue[];
}

/** A material disagreement between sources: one entry of a data steward's review queue. */
export interface MergeConflict {
  readonly field: string;
  readonly severity: ConflictSeverity;
  readonly chosen: unknown;
  readonly rule: string;
  readonly from: ValueSource | null;
  readonly alternatives: readonly LosingValue[];
}

/** A citizen submission recorded against the cluster. */
export interface CitizenSubmission extends ValueSource {
  readonly action: 'proposal' | 'correction' | 'objection';
  readonly status: 'pending' | 'accepted' | 'rejected';
  readonly fields: readonly string[];
}

/** A field a pending citizen submission disputes: the value stays, the field is flagged. */
export interface ContestedField {
  readonly field: string;
  readonly value: unknown;
  readonly proposals: readonly (LosingValue & { readonly action: CitizenSubmission['action'] })[];
}

/** The unified record: every policy field, null when no record has a value. */
export type UnifiedRecord<R> = { readonly [K in MergeField<R>]?: R[K] | null } & {
  readonly extra?: Readonly<Record<string, unknown>>;
};

/** What `mergeCluster` returns. */
export interface MergeResult<R extends MergeRecord = MergeRecord> {
  readonly unified: UnifiedRecord<R>;
  /** Keyed by field (`extra.<key>` for caller-defined fields). */
  readonly provenance: Readonly<Record<string, FieldProvenance>>;
  /** In field order. */
  readonly conflicts: readonly MergeConflict[];
  readonly contested: readonly ContestedField[];
  /** Every citizen submission in the cluster, whatever its status (rejected ones change nothing else). */
  readonly history: readonly CitizenSubmission[];
  /** The records merged (with their observation dates), in (source, recordId) order, duplicates removed. */
  readonly members: readonly ValueSource[];
  /** sha256 of the compiled policy, the merge algorithm version and the caller's model fingerprint. */
  readonly fingerprint: string;
}

// ---------------------------------------------------------------------------------------------------
// Minimal record shapes for the DTSEN default policies (docs/CONTRACTS.md). Replace with the inferred
// types from src/schema once they land; only the field names matter here.

/** Address as in docs/CONTRACTS.md. */
export interface MergeAddress {
  readonly provinceCode?: string | null;
  readonly regencyCode?: string | null;
  readonly districtCode?: string | null;
  readonly villageCode?: string | null;
  readonly rt?: string | null;
  readonly rw?: string | null;
  readonly street?: string | null;
  readonly postalCode?: string | null;
  readonly text?: string | null;
}

/** The person fields merge knows about. */
export interface MergePersonRecord extends MergeRecord {
  readonly nik?: string | null;
  readonly kk?: string | null;
  readonly name: string;
  /** Titles, honorifics and degrees kept apart from the name (`Hj.`, `S.Pd.`). */
  readonly titles?: readonly string[];
  readonly sex?: 'male' | 'female' | null;
  readonly birthDate?: string | null;
  readonly birthDatePlaceholder?: boolean;
  readonly birthPlace?: string | null;
  readonly motherName?: string | null;
  readonly relationship?: string | null;
  readonly maritalStatus?: string | null;
  readonly address?: MergeAddress | null;
  readonly deceased?: boolean | null;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** The family (KK) fields merge knows about. */
export interface MergeFamilyRecord extends MergeRecord {
  readonly kk: string;
  readonly headNik?: string | null;
  readonly headName?: string | null;
  readonly memberNiks?: readonly string[];
  readonly address?: MergeAddress | null;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** The dwelling (household) fields merge knows about. */
export interface MergeDwellingRecord extends MergeRecord {
  readonly dwellingId?: string | null;
  readonly headNik?: string | null;
  readonly headName?: string | null;
  readonly kks?: readonly string[];
  readonly address?: MergeAddress | null;
  /** Housing attributes (src/schema owns the shape); merged as one value so roof, wall and floor stay from one survey. */
  readonly housing?: Readonly<Record<string, unknown>> | null;
  readonly extra?: Readonly<Record<string, unknown>>;
}
