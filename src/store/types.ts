/**
 * Shapes the entity store takes and returns. Records are identified by (source, recordId) throughout:
 * positions shift as records arrive, keys do not.
 */
import type { DwellingInput, FamilyInput, PersonInput } from '../schema/inputs.js';
import type { CompiledPolicy } from '../merge/compilePolicy.js';
import type { MergePersonRecord, MergePolicy, MergeResult } from '../merge/types.js';
import type { PersonRecord } from '../schema/person.js';
import type { FamilyRecord } from '../schema/family.js';
import type { DwellingRecord } from '../schema/dwelling.js';
import type { Address } from '../schema/fields.js';
import type { SchemaIssue } from '../schema/issues.js';
import type { PairExplanation } from '../score/explainPair.js';
import type { TrainedModel } from '../model/modelSpec.js';
import type { ModelRegistry } from '../model/modelRegistry.js';
import type { StewardDecision } from './decisions.js';

/** Identifies one record. */
export interface StoreRecordRef {
  readonly source: string;
  readonly recordId: string;
}

/** Options of `createEntityStore`. */
export interface CreateEntityStoreOptions {
  /** A trained model (`resolvePersons(...).model` or a stored JSON copy). Fixed for the store's life. */
  readonly model: TrainedModel;
  /** Survivorship policy for unified values (e.g. `dtsenPersonPolicy`), raw or compiled. */
  readonly policy: MergePolicy<MergePersonRecord> | CompiledPolicy<MergePersonRecord>;
  /** Validate and normalize added records with the person schema (default true). */
  readonly validate?: boolean;
  /** The caller's own preparers, level kinds and key transforms the model names (see `createModelRegistry`). */
  readonly registry?: ModelRegistry;
}

/**
 * The kinds of record a store holds: person records (matched into persons), and family (KK) and
 * dwelling records, which families and households are grouped from with the persons.
 */
export type StoreRecordKind = 'person' | 'family' | 'dwelling';

/** Options of `EntityStore#add`. */
export interface AddRecordsOptions {
  /** Override the store's `validate` setting for this batch (snapshots reload already-validated records). */
  readonly validate?: boolean;
  /** What the records are (default `person`); each kind has its own (source, recordId) keys. */
  readonly kind?: StoreRecordKind;
}

/** Options of `EntityStore#history`. */
export interface HistoryOptions {
  /** The kind of the record (default `person`). */
  readonly kind?: StoreRecordKind;
}

/** Options of `EntityStore#withdraw`. */
export interface WithdrawOptions {
  /** Who withdrew the record (audit log; default `'source'`). */
  readonly by?: string;
  /** When, ISO 8601 (audit log; default none: the store reads no clock). */
  readonly at?: string;
  /** The kind of the record (default `person`). */
  readonly kind?: StoreRecordKind;
}

/** A record `add` did not take, and why. */
export interface StoreRejection {
  /** Position in the batch given to `add`. */
  readonly index: number;
  readonly source?: string;
  readonly recordId?: string;
  /**
   * `invalid`: schema issues (see `issues`); `stale-version`: the record is known with a later or
   * equal `observedAt` (reported, not applied); `duplicate-record`: the batch holds two different
   * versions of one (source, recordId) with the same `observedAt` (the first is kept).
   */
  readonly reason: 'invalid' | 'stale-version' | 'duplicate-record';
  readonly issues: readonly SchemaIssue[];
}

/** A pair a data steward should look at. */
export interface StoreReviewItem {
  readonly left: StoreRecordRef;
  readonly right: StoreRecordRef;
  /** Current entity IDs of the two records. */
  readonly leftEntity: string;
  readonly rightEntity: string;
  readonly matchWeight: number;
  readonly matchProbability: number;
  /** As in `resolvePersons`: between the thresholds, or a match refused by a distinctness constraint. */
  readonly reason: 'uncertain' | 'conflicting-identifiers';
}

/** One unified field whose value changed. */
export interface FieldChange {
  readonly id: string;
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * What a write changed among families or households (IDs by the entity-ID rule, docs/store.md).
 * Groups the write did not reach are not mentioned.
 */
export interface StoreGroupChanges {
  /** Groups made only of records that were in no group before. */
  readonly created: readonly string[];
  /**
   * Groups that continue one group and differ from it (records, KK numbers, members, head, address
   * or families); `previousId` when an older record arrived and gave it its ID (the old ID is an alias).
   */
  readonly changed: readonly { readonly id: string; readonly previousId?: string }[];
  /** Groups joined into one; `retired` IDs become aliases of `id`. */
  readonly merged: readonly { readonly id: string; readonly retired: readonly string[] }[];
  /** A group whose records now form several; the part holding its ID-giving record keeps the ID. */
  readonly split: readonly { readonly id: string; readonly into: readonly string[] }[];
  /** Groups left with no record (their records withdrawn): their IDs resolve as `withdrawn`. */
  readonly retired: readonly { readonly id: string; readonly reason: 'withdrawn' }[];
}

/**
 * A change of KK the group stage reads from the cards (the batch's `FamilyEvent`), with families
 * and persons by ID: a split (pecah KK), cards merged, or a card reissued to the same family.
 */
export type StoreFamilyEvent =
  | {
      readonly kind: 'split' | 'merge';
      /** The family the members left and the one they joined. */
      readonly from: string;
      readonly to: string;
      readonly fromKk: string;
      readonly toKk: string;
      /** Person IDs that moved, ascending. */
      readonly members: readonly string[];
      readonly observedAt: string;
    }
  | {
      readonly kind: 'reissue';
      readonly family: string;
      readonly fromKk: string;
      readonly toKk: string;
      readonly members: readonly string[];
      readonly observedAt: string;
    };

/** What one `add` changed. Entities whose records did not change are not mentioned. */
export interface StoreChanges {
  /** Entities made only of new records. */
  readonly created: readonly { readonly id: string; readonly records: readonly StoreRecordRef[] }[];
  /**
   * New records joining one existing entity. `previousId` is set when a new record has a smaller
   * (source, recordId) than every old one, so the entity's ID moves to it (the old ID becomes an alias).
   */
  readonly attached: readonly { readonly id: string; readonly previousId?: string; readonly records: readonly StoreRecordRef[] }[];
  /** Existing entities joined into one; `id` survives by the entity-ID rule (docs/store.md), `retired` become aliases of it. */
  readonly merged: readonly {
    readonly id: string;
    readonly retired: readonly string[];
    readonly records: readonly StoreRecordRef[];
    readonly rule: 'older-id';
  }[];
  /** Existing entities whose records now form several entities (the part holding the ID's record keeps the ID). */
  readonly split: readonly { readonly id: string; readonly into: readonly string[] }[];
  /** Entities that lost their last record (every record withdrawn): their IDs resolve as `withdrawn`. */
  readonly retired: readonly { readonly id: string; readonly reason: 'withdrawn' }[];
  /** Unified fields that changed, for entities that existed before (compared with the entity they continue). */
  readonly fields: readonly FieldChange[];
  /** Known records replaced by a later version (`observedAt` before → after). */
  readonly versions: readonly { readonly record: StoreRecordRef; readonly from: string; readonly to: string }[];
  /** Records withdrawn from matching (kept in their history). */
  readonly withdrawn: readonly StoreRecordRef[];
  /** Review items that are new (or changed reason) after this batch. */
  readonly review: readonly StoreReviewItem[];
  /** Families the write re-derived, and the KK events (splits, merges, reissues) it brought. */
  readonly families: StoreGroupChanges & { readonly events: readonly StoreFamilyEvent[] };
  /** Households the write re-derived. */
  readonly households: StoreGroupChanges;
  readonly rejected: readonly StoreRejection[];
  readonly report: {
    readonly recordsIn: number;
    /** New records (a (source, recordId) the store did not hold). */
    readonly recordsAdded: number;
    /** Later versions of known records that replaced the current version. */
    readonly versionsApplied: number;
    /** Byte-identical re-sends of the current version (no-ops). */
    readonly unchanged: number;
    readonly pairsAdded: number;
    readonly pairsRemoved: number;
    readonly pairsRescored: number;
    readonly recordsReclustered: number;
    readonly elapsedMs: number;
    /** Time per step of the add: prepare features, block, compare + score new pairs, rescore term-frequency pairs, cluster, merge, review, re-derive families and households. */
    readonly stageMs: Readonly<Record<'prepare' | 'block' | 'score' | 'rescore' | 'cluster' | 'merge' | 'review' | 'group', number>>;
  };
}

/** One stored entity with its unified record. */
export interface StoredEntity {
  readonly id: string;
  /** Its records, in (source, recordId) order. */
  readonly records: readonly PersonRecord[];
  readonly merge: MergeResult<MergePersonRecord>;
}

/** Options of `EntityStore#lookup`. */
export interface LookupOptions {
  /** At most this many entities (default 5). */
  readonly limit?: number;
  /** Include the comparison-by-comparison explanation of each entity's best pair (default true). */
  readonly explain?: boolean;
}

/** One candidate entity for a looked-up record. */
export interface LookupCandidate {
  readonly id: string;
  /** The entity's record that scored best against the probe. */
  readonly record: StoreRecordRef;
  readonly matchWeight: number;
  readonly matchProbability: number;
  /** `match` at or above the model's match weight, `review` at or above its review weight. */
  readonly decision: 'match' | 'review' | 'non-match';
  readonly explanation?: PairExplanation;
}

/** What `EntityStore#lookup` returns. */
export interface LookupResult {
  /** Best first. */
  readonly candidates: readonly LookupCandidate[];
  /** Stored records the probe was compared with. */
  readonly compared: number;
}

/** A stored record's versions, oldest first, and whether it is withdrawn. */
export interface RecordHistory<R = PersonRecord> {
  readonly record: StoreRecordRef;
  /** Every version the store accepted, in `observedAt` order; the last is current unless withdrawn. */
  readonly versions: readonly R[];
  /** Set when the record is withdrawn from matching. */
  readonly withdrawn?: { readonly reason: string; readonly by: string; readonly at?: string };
}

/**
 * What an entity ID stands for now. A live ID resolves to itself; a retired ID resolves to the
 * entity that absorbed it (following later merges) or says every record of it was withdrawn.
 */
export type IdResolution =
  | { readonly status: 'live'; readonly id: string }
  | { readonly status: 'merged'; readonly id: string; readonly into: string }
  | { readonly status: 'withdrawn'; readonly id: string };

/** What `EntityStore#decide` did with one decision. */
export interface DecisionOutcome {
  readonly id: string;
  readonly decision: StewardDecision;
  /** `applied`; `duplicate`: the same decision was applied before (no-op); `refused`: it conflicts (see `explanation`). */
  readonly status: 'applied' | 'duplicate' | 'refused';
  readonly explanation?: string;
}

/** What `EntityStore#decide` returns: one outcome per decision, in order, and what the applied ones changed. */
export interface DecideResult {
  readonly outcomes: readonly DecisionOutcome[];
  readonly changes: StoreChanges;
}

/** One entry of the audit log (exported with `auditLog()` as NDJSON lines). */
export type AuditEntry =
  | {
      readonly seq: number;
      readonly op: 'decision';
      readonly id: string;
      readonly status: DecisionOutcome['status'];
      readonly decision: StewardDecision;
      readonly explanation?: string;
    }
  | {
      readonly seq: number;
      readonly op: 'withdraw';
      /** Set for a family or dwelling record. */
      readonly kind?: 'family' | 'dwelling';
      readonly record: StoreRecordRef;
      readonly reason: string;
      readonly by: string;
      readonly at?: string;
      readonly retired: readonly string[];
    }
  | {
      readonly seq: number;
      readonly op: 'add';
      /** Set for family or dwelling records. */
      readonly kind?: 'family' | 'dwelling';
      readonly recordsAdded: number;
      readonly versionsApplied: number;
      readonly unchanged: number;
      readonly rejected: number;
      readonly created: number;
      readonly merged: number;
      readonly split: number;
    };

/** One family (keluarga) as the store keeps it: what `groupFamilies` gives over the store's records, persons by ID. */
export interface StoredFamily {
  readonly id: string;
  /** Its KK numbers, oldest version first (mistyped numbers left out). */
  readonly kks: readonly string[];
  /** Its person records and family (KK) records, in (source, recordId) order. */
  readonly records: readonly StoreRecordRef[];
  readonly familyRecords: readonly StoreRecordRef[];
  /** Person IDs of its members, ascending. */
  readonly members: readonly string[];
  /** Person ID of the head on its latest card, or null. */
  readonly head: string | null;
}

/** One household (rumah tangga) as the store keeps it: what `groupHouseholds` gives, families and persons by ID. */
export interface StoredHousehold {
  readonly id: string;
  /** Family IDs, ascending. */
  readonly families: readonly string[];
  /** Person IDs of its members, ascending. */
  readonly members: readonly string[];
  /** Its dwelling records, in (source, recordId) order. */
  readonly dwellingRecords: readonly StoreRecordRef[];
  /** Person ID of the household head, or null. */
  readonly head: string | null;
  /** The most recently observed complete address, or null. */
  readonly address: Address | null;
}

/** Counts of a store. */
export interface StoreStats {
  /** Records in matching (current versions, withdrawn ones excluded). */
  readonly records: number;
  readonly entities: number;
  readonly withdrawn: number;
  /** Superseded versions kept in history. */
  readonly superseded: number;
  readonly decisions: number;
  readonly aliases: number;
}

/**
 * The entity store contract (docs/store.md): every operation returns a Promise, so the in-memory
 * store and the PostgreSQL store implement the same interface and pass the same conformance suite
 * (`tests/store/conformance.ts`). Writes (`add`, `withdraw`, `decide`) are transactional: each
 * applies completely or leaves the store as it was.
 */
export interface EntityStore {
  readonly kind: 'padan/entity-store';
  readonly model: TrainedModel;
  /** sha256 of the trained model's canonical JSON. */
  readonly modelFingerprint: string;
  /** The compiled merge policy's fingerprint. */
  readonly policyFingerprint: string;

  /**
   * New records and new versions of known records (same source/recordId, later observedAt): person
   * records, or with `{ kind: 'family' }` / `{ kind: 'dwelling' }` KK and dwelling records. Every write
   * re-derives the families and households it reaches.
   */
  add(records: readonly PersonInput[], options?: AddRecordsOptions): Promise<StoreChanges>;
  add(records: readonly FamilyInput[], options: AddRecordsOptions & { readonly kind: 'family' }): Promise<StoreChanges>;
  add(records: readonly DwellingInput[], options: AddRecordsOptions & { readonly kind: 'dwelling' }): Promise<StoreChanges>;
  add(records: readonly unknown[], options?: AddRecordsOptions): Promise<StoreChanges>;
  /** Removes a record (of `options.kind`, default person) from matching; it stays in its history. Unknown or already withdrawn: a PadanError. */
  withdraw(source: string, recordId: string, reason: string, options?: WithdrawOptions): Promise<StoreChanges>;
  /** Applies steward decisions in order (a decision file replays through here); conflicts are refused, not thrown. */
  decide(decisions: StewardDecision | readonly StewardDecision[]): Promise<DecideResult>;

  entity(id: string): Promise<StoredEntity | undefined>;
  resolveId(id: string): Promise<IdResolution | undefined>;
  entityOfRecord(ref: StoreRecordRef): Promise<string | undefined>;
  entities(): Promise<{ readonly id: string; readonly records: readonly StoreRecordRef[] }[]>;
  review(): Promise<StoreReviewItem[]>;
  lookup(record: PersonInput, options?: LookupOptions): Promise<LookupResult>;
  lookup(record: unknown, options?: LookupOptions): Promise<LookupResult>;
  history(ref: StoreRecordRef): Promise<RecordHistory | undefined>;
  history(ref: StoreRecordRef, options: { readonly kind: 'family' }): Promise<RecordHistory<FamilyRecord> | undefined>;
  history(ref: StoreRecordRef, options: { readonly kind: 'dwelling' }): Promise<RecordHistory<DwellingRecord> | undefined>;
  history(ref: StoreRecordRef, options?: HistoryOptions): Promise<RecordHistory<PersonRecord | FamilyRecord | DwellingRecord> | undefined>;
  /** Every family, by ID (the batch's `groupFamilies` over the store's records). */
  families(): Promise<StoredFamily[]>;
  /** One family; retired IDs resolve (see `resolveId`). */
  family(id: string): Promise<StoredFamily | undefined>;
  /** Every household, by ID (the batch's `groupHouseholds`). */
  households(): Promise<StoredHousehold[]>;
  /** One household; retired IDs resolve. */
  household(id: string): Promise<StoredHousehold | undefined>;
  /** The KK splits, merges and reissues the cards show now, by KK numbers. */
  familyEvents(): Promise<StoreFamilyEvent[]>;
  /** Current versions of the records in matching, in (source, recordId) order. */
  records(): Promise<PersonRecord[]>;
  /** Applied decisions, in the order applied (what a rebuilt store replays). */
  decisions(): Promise<StewardDecision[]>;
  /** Every write, in order: decisions (applied, duplicate, refused), withdrawals, adds. */
  auditLog(): Promise<AuditEntry[]>;
  stats(): Promise<StoreStats>;
}
