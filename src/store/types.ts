/**
 * Shapes the entity store takes and returns. Records are identified by (source, recordId) throughout:
 * positions shift as records arrive, keys do not.
 */
import type { CompiledPolicy } from '../merge/compilePolicy.js';
import type { MergePersonRecord, MergePolicy, MergeResult } from '../merge/types.js';
import type { PersonRecord } from '../schema/person.js';
import type { SchemaIssue } from '../schema/issues.js';
import type { PairExplanation } from '../score/explainPair.js';
import type { TrainedModel } from '../score/modelSpec.js';

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
}

/** Options of `EntityStore#add`. */
export interface AddRecordsOptions {
  /** Override the store's `validate` setting for this batch (snapshots reload already-validated records). */
  readonly validate?: boolean;
}

/** A record `add` did not take, and why. */
export interface StoreRejection {
  /** Position in the batch given to `add`. */
  readonly index: number;
  readonly source?: string;
  readonly recordId?: string;
  /** `invalid`: schema issues (see `issues`); `duplicate-record`: the (source, recordId) is already stored or repeated in the batch. */
  readonly reason: 'invalid' | 'duplicate-record';
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

/** What one `add` changed. Entities whose records did not change are not mentioned. */
export interface StoreChanges {
  /** Entities made only of new records. */
  readonly created: readonly { readonly id: string; readonly records: readonly StoreRecordRef[] }[];
  /**
   * New records joining one existing entity. `previousId` is set when a new record has a smaller
   * (source, recordId) than every old one, so the entity's ID moves to it (the old ID becomes an alias).
   */
  readonly attached: readonly { readonly id: string; readonly previousId?: string; readonly records: readonly StoreRecordRef[] }[];
  /** Existing entities joined into one; `id` survives by the rule in `rule`, `retired` become aliases of it. */
  readonly merged: readonly {
    readonly id: string;
    readonly retired: readonly string[];
    readonly records: readonly StoreRecordRef[];
    readonly rule: 'smallest-record-key';
  }[];
  /** Existing entities whose records now form several entities (the part holding the ID's record keeps the ID). */
  readonly split: readonly { readonly id: string; readonly into: readonly string[] }[];
  /** Unified fields that changed, for entities that existed before (compared with the entity they continue). */
  readonly fields: readonly FieldChange[];
  /** Review items that are new (or changed reason) after this batch. */
  readonly review: readonly StoreReviewItem[];
  readonly rejected: readonly StoreRejection[];
  readonly report: {
    readonly recordsIn: number;
    readonly recordsAdded: number;
    readonly pairsAdded: number;
    readonly pairsRemoved: number;
    readonly pairsRescored: number;
    readonly recordsReclustered: number;
    readonly elapsedMs: number;
    /** Time per step of the add: prepare features, block, compare + score new pairs, rescore term-frequency pairs, cluster, merge, review. */
    readonly stageMs: Readonly<Record<'prepare' | 'block' | 'score' | 'rescore' | 'cluster' | 'merge' | 'review', number>>;
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
