import { PadanError } from '../_internal/error.js';
import { withWriteArena } from '../_internal/typedArena.js';
import { dataEqual } from '../_internal/dataEqual.js';
import { canonicalJson, fingerprint } from '../_internal/hash.js';
import { pairCannotLink } from '../cluster/cannotLinkPairs.js';
import type { PreparedColumn } from '../model/column.js';
import { clusterRecords, type ClusterInput } from '../cluster/clusterRecords.js';
import { cutMargin } from '../cluster/cutMargin.js';
import { assignEntityIds, entityIdRank, type EntityIdAssignment, type EntityIdMember } from '../cluster/entityIds.js';
import { reviewOrder, reviewReasonOf, type ReviewReason } from '../cluster/reviewReason.js';
import { compilePolicy, type CompiledPolicy } from '../merge/compilePolicy.js';
import { mergeCluster } from '../merge/mergeCluster.js';
import type { MergePersonRecord, MergeResult } from '../merge/types.js';
import type { PersonRecord } from '../schema/person.js';
import { validateBatch, validatePerson } from '../schema/validate.js';
import { makeIssue, type SchemaIssue } from '../schema/issues.js';
import { comparePairs } from '../comparisons/comparePairs.js';
import { compileModel, type CompiledModel } from '../model/compileModel.js';
import { explainPair } from '../score/explainPair.js';
import type { TrainedModel } from '../model/modelSpec.js';
import { matchProbability, scorePairs, termFrequencyAdjustment, weightTable, type WeightTable } from '../score/scorePairs.js';
import { blockingKeyOf, windowSortKey } from '../block/blockingKey.js';
import { grownCapacity } from './_capacity.js';
import { BlockingIndex } from './_blockingIndex.js';
import { PairStore } from './_pairStore.js';
import { RescoreQueue } from './_rescoreQueue.js';
import { StoreColumns, type GrowableColumn } from './_storeColumns.js';
import { DecisionSet, decisionId, maskKey, parseDecision, type StewardDecision } from './decisions.js';
import { GroupState, NO_GROUP_CHANGES, type GroupAlias, type GroupKind, type GroupSnapshot } from './_groups.js';
import type { DwellingRecord } from '../schema/dwelling.js';
import type { FamilyRecord } from '../schema/family.js';
import type {
  AddRecordsOptions,
  AuditEntry,
  HistoryOptions,
  StoredFamily,
  StoredHousehold,
  StoreFamilyEvent,
  StoreRecordKind,
  DecideResult,
  DecisionOutcome,
  IdResolution,
  RecordHistory,
  StoreStats,
  WithdrawOptions,
  CreateEntityStoreOptions,
  FieldChange,
  LookupCandidate,
  LookupOptions,
  LookupResult,
  StoreChanges,
  StoredEntity,
  StoreRecordRef,
  StoreRejection,
  StoreReviewItem,
} from './types.js';

interface TrustedConstraint {
  readonly column: GrowableColumn;
  readonly sources: ReadonlySet<string>;
}

interface NewCluster {
  /** Its records, in record-key order. */
  readonly slots: readonly number[];
  /** Distinct old entity numbers among its records (a new version counts with its old version's entity). */
  readonly previous: readonly number[];
}

/** A record's versions and withdrawal. */
interface History {
  readonly versions: PersonRecord[];
  withdrawn?: { readonly reason: string; readonly by: string; readonly at?: string };
}

type Alias = { readonly into: string } | { readonly withdrawn: true };

/** What one mutation of the matching state is asked to do. */
interface MutationPlan {
  /** Records taking a new slot (new records, new versions, re-activated records). */
  readonly fresh: { key: string; record: PersonRecord }[];
  /** Slots leaving matching (replaced versions, withdrawals). */
  readonly remove: readonly number[];
  /** Keys among the removed that are withdrawn (not replaced): their entity's ID-giving record may move. */
  readonly withdrawn: ReadonlySet<string>;
  /** Slots to re-cluster because a decision names them. */
  readonly seeds: readonly number[];
}

type MutationReport = { -readonly [K in keyof StoreChanges['report']]: StoreChanges['report'][K] };

/** What the version/dedupe step decided for one batch. */
interface VersionPlan {
  readonly fresh: { key: string; record: PersonRecord }[];
  readonly remove: number[];
  readonly versions: { record: StoreRecordRef; from: string; to: string }[];
  /** Per record key, the versions applied (oldest first): they join the history after the mutation. */
  readonly accepted: [string, PersonRecord[]][];
  readonly recordsAdded: number;
  readonly unchanged: number;
  /** (record key, observedAt) offered earlier than the key's first-seen date. */
  readonly older: [string, string][];
}

/** The working set of one mutation, which its steps read and extend. */
interface Mutation {
  readonly plan: MutationPlan;
  readonly report: MutationReport;
  /** Adds the time since the last lap to a stage of the report. */
  readonly lap: (stage: keyof typeof EMPTY_STAGES) => void;
  /** Slots whose link component is re-clustered. */
  readonly seeds: number[];
  /** Slots this mutation added (new records and new versions). */
  readonly freshSlots: number[];
  /** Pairs whose place in the review queue is re-decided. */
  readonly reviewCheck: Set<number>;
  /** Pairs made by this mutation, scored in the score step. */
  readonly createdPairs: number[];
  /** Entities retired because their last record was withdrawn. */
  readonly retired: { id: string; reason: 'withdrawn' }[];
  /** Per comparison: its term-frequency column's agreement rate and count before the change. */
  readonly frequenciesBefore: readonly ({ rate: number; present: number } | null)[];
  /** Record key of a replaced version → the entity the version was in. */
  inheritOf: Map<string, number> | null;
  /** Whether the drift has no finite bound for this change (a column emptied or filled): rescore all. */
  rescoreAll: boolean;
  /** Per comparison: the values whose count changed that are common enough to go in the drift (see `measureDrift`). */
  absorbed: (ReadonlySet<number> | null)[];
  /** Marks the slots re-clustering reached (`visitMark`). */
  readonly epoch: number;
  readonly components: number[][];
  /** Links clustering refused (two trusted values): review items `conflicting-identifiers`. */
  readonly refused: Set<number>;
  readonly clusters: NewCluster[];
  readonly withDecisions: boolean;
}

/** Options of the engine: the store's, plus a hook the transaction tests use to throw at every step. */
export interface StoreEngineOptions extends CreateEntityStoreOptions {
  readonly onStep?: (step: string) => void;
  /** The count from which a value is common (see COMMON_VALUE_COUNT); tests lower it so that the per-value drifts decide nearly everything. */
  readonly commonValueCount?: number;
}

/** Stand-ins for the envelope a bare lookup probe lacks, only so that it can be normalized. */
const PROBE_ENVELOPE: readonly (readonly [string, unknown])[] = [
  ['source', 'lookup'],
  ['recordId', 'probe'],
  ['observedAt', '2000-01-01'],
  ['channel', { kind: 'registry' }],
];

const EMPTY_REPORT = {
  recordsIn: 0,
  recordsAdded: 0,
  versionsApplied: 0,
  unchanged: 0,
  pairsAdded: 0,
  pairsRemoved: 0,
  pairsRescored: 0,
  recordsReclustered: 0,
  elapsedMs: 0,
};

const EMPTY_STAGES = { prepare: 0, block: 0, score: 0, rescore: 0, cluster: 0, merge: 0, review: 0, group: 0 };

/**
 * A value held by at least this many records has its count change go in the drift rather than its
 * holders' pairs rescored one by one (the shift is then at most log2(33/32), under 0.05 bits).
 */
const COMMON_VALUE_COUNT = 32;

/** Value-drift queue keys: comparison · 2^25 + value id (value ids stay below MAX_RECORDS). */
const VALUE_KEY_STRIDE = 2 ** 25;

/** Writes of at most this many records (added, removed or re-clustered by a decision) work in the store's write arena. */
const WRITE_ARENA_RECORDS = 10_000;

/** The write arena's chunk: a write's kept typed arrays use it up, then the next one is allocated. */
const WRITE_ARENA_BYTES = 8 << 20;

/** Packed pair keys ((left·stride + right)·32 + rule) must stay below 2^53. */
const MAX_RECORDS = 16_000_000;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Step validate of an add, shared by the in-memory and PostgreSQL stores: the person schema (unless
 * `validate` is false); refused records become rejections with their issues.
 */
export function validateStoreInput(
  input: readonly unknown[],
  validate: boolean,
): { valid: readonly PersonRecord[]; validIndexes: readonly number[]; rejected: StoreRejection[] };
export function validateStoreInput(
  input: readonly unknown[],
  validate: boolean,
  kind: StoreRecordKind,
): { valid: readonly (PersonRecord | FamilyRecord | DwellingRecord)[]; validIndexes: readonly number[]; rejected: StoreRejection[] };
export function validateStoreInput(
  input: readonly unknown[],
  validate: boolean,
  kind: StoreRecordKind = 'person',
): { valid: readonly (PersonRecord | FamilyRecord | DwellingRecord)[]; validIndexes: readonly number[]; rejected: StoreRejection[] } {
  if (!validate) return checkEnvelopes(input);
  const batch = kind === 'person' ? validateBatch(input, 'person', { malformedIds: 'keep-in-extra' }) : validateBatch(input, kind);
  const rejected: StoreRejection[] = batch.rejected.map((rejection) => ({
    index: rejection.index,
    ...(rejection.source === undefined ? {} : { source: rejection.source }),
    ...(rejection.recordId === undefined ? {} : { recordId: rejection.recordId }),
    reason: 'invalid',
    issues: rejection.issues,
  }));
  return { valid: batch.valid, validIndexes: batch.validIndexes, rejected };
}

/**
 * With `validate: false` the caller vouches for the records' fields, but the store still needs to
 * identify each one: a record that is not an object, or lacks a non-empty string `source` or
 * `recordId`, is refused as `invalid` with an issue naming the field (before: an untyped TypeError
 * deep in the write). Nothing else is checked, so the option keeps its speed.
 */
function checkEnvelopes(input: readonly unknown[]): { valid: readonly PersonRecord[]; validIndexes: readonly number[]; rejected: StoreRejection[] } {
  const valid: PersonRecord[] = [];
  const validIndexes: number[] = [];
  const rejected: StoreRejection[] = [];
  for (let index = 0; index < input.length; index++) {
    const record = input[index];
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      rejected.push({ index, reason: 'invalid', issues: [makeIssue('schema/not-an-object', [], 'a record must be an object', 'error')] });
      continue;
    }
    const { source, recordId } = record as { source?: unknown; recordId?: unknown };
    const issues: SchemaIssue[] = [];
    for (const [field, value] of [
      ['source', source],
      ['recordId', recordId],
    ] as const)
      if (typeof value !== 'string' || value === '')
        issues.push(
          makeIssue(value === undefined || value === null ? 'schema/required' : 'schema/invalid-type', [field], `${field} must be a non-empty string`, 'error'),
        );
    if (issues.length === 0) {
      valid.push(record as PersonRecord);
      validIndexes.push(index);
    } else
      rejected.push({
        index,
        ...(typeof source === 'string' && source !== '' ? { source } : {}),
        ...(typeof recordId === 'string' && recordId !== '' ? { recordId } : {}),
        reason: 'invalid',
        issues,
      });
  }
  return { valid, validIndexes, rejected };
}

/**
 * A lookup probe as the store matches it, shared by the in-memory and PostgreSQL stores: normalized
 * like an added record when it passes the person schema (and `validate` is on), else as given. A bare
 * probe (a desk's query, without the envelope) is normalized too, so `17-08-1980` or `RT 007` find
 * what the stored ISO date and RT meet; the envelope it lacks is not added to it.
 */
export function normalizeLookupProbe(input: unknown, validate: boolean): unknown {
  if (!validate) return input;
  const given = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
  const lacking = given === undefined ? [] : PROBE_ENVELOPE.filter(([key]) => given[key] === undefined || given[key] === null || given[key] === '');
  const checked = validatePerson(lacking.length === 0 ? input : { ...given, ...Object.fromEntries(lacking) }, { malformedIds: 'keep-in-extra' });
  if (!checked.success) return input;
  if (lacking.length === 0) return checked.value;
  const bare: Record<string, unknown> = { ...checked.value };
  for (const [key] of lacking) delete bare[key];
  return bare;
}

/** The fields of two unified records, in name order (most often the same keys on both sides). */
function unifiedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const fields = Object.keys(after);
  for (const field of Object.keys(before)) if (!Object.hasOwn(after, field)) fields.push(field);
  return fields.sort(compareText);
}

/**
 * Resolved person state that grows batch by batch. With a fixed model, any split of the input into
 * batches, in any order, ends in the same entities, IDs and unified values as one `resolvePersons`
 * run over everything:
 *
 * - Records are kept by (source, recordId); blocking, comparison and scoring are the engine's own
 *   functions run over growable columns, and the blocking index reproduces the batch's pair set
 *   (including the sliding window of oversized blocks, which can drop an old pair).
 * - Term frequencies are recomputed like the batch's, and pairs that use them rescored, so every
 *   match weight is bit-identical to the batch run's.
 * - Only the link components a batch touches are re-clustered, with the batch's `clusterRecords`
 *   (strongest link first, ties by record key, distinct trusted NIKs): clusters of untouched
 *   components cannot differ.
 *
 * **IDs.** An entity's ID is `P` + hash64 of its smallest record key — the rule `resolvePersons`
 * uses, so it never depends on arrival order. When entities merge the one holding the smallest
 * record key keeps its ID; the others are retired. A retired ID stays an alias: `resolveId` and
 * `entity` return the entity that now holds the record the ID was derived from.
 *
 * @example
 * const store = createEntityStore({ model: resolution.model, policy: dtsenPersonPolicy });
 * store.add(firstBatch).created.length // new persons
 * store.add(objections).attached      // records that joined known persons
 * store.lookup(record).candidates[0]  // { id: 'P…', matchWeight: 23.1, decision: 'match', … }
 */
export class StoreEngine {
  readonly model: TrainedModel;
  /** sha256 of the trained model's canonical JSON. */
  readonly modelFingerprint: string;
  /** The compiled merge policy's fingerprint. */
  readonly policyFingerprint: string;
  private readonly compiled: CompiledModel;
  private readonly policy: CompiledPolicy<MergePersonRecord>;
  private readonly table: WeightTable;
  private readonly validate: boolean;
  private readonly matchWeight: number;
  private readonly reviewWeight: number;
  private readonly columns: StoreColumns;
  private readonly index: BlockingIndex;
  private readonly pairs: PairStore;
  private readonly trusted: readonly TrustedConstraint[];
  /** Per comparison: its column when a level of it applies term frequencies. */
  private readonly termFrequencyColumns: readonly (GrowableColumn | null)[];
  private readonly keys: string[] = [];
  private readonly stored: PersonRecord[] = [];
  private readonly slotOfKey = new Map<string, number>();
  private entityOf = new Int32Array(1024);
  /** 1 for slots whose link component holds two different trusted values: there link order matters. */
  private constrained = new Uint8Array(1024);
  /** Scratch: the epoch of the last mutation whose re-clustering reached a slot. */
  private visitMark = new Int32Array(1024);
  private visitEpoch = 0;
  /** Scratch: a slot's index within the component being clustered. */
  private localIndex = new Int32Array(1024);
  private readonly entityIds: string[] = [];
  private readonly entityMembers: (number[] | null)[] = [];
  private readonly freeEntities: number[] = [];
  /** Per entity number: the record key its ID belongs to (docs/store.md, the entity-ID rule). */
  private readonly entityAnchors: string[] = [];
  private readonly entityById = new Map<string, number>();
  private readonly aliases = new Map<string, Alias>();
  private readonly reviewOf = new Map<number, ReviewReason>();
  /** Per pair: 1 when a level it is at applies term frequencies (its weight moves with them). */
  private usesTermFrequency = new Uint8Array(1024);
  /** Term-frequency pairs by the drift at which they could reach a threshold (see `drift`). */
  private readonly rescoreQueue = new RescoreQueue();
  /** Live term-frequency pairs (the queue is rebuilt when its stale entries outgrow them). */
  private termFrequencyPairCount = 0;
  /**
   * Per slot of a constrained component: the margin of its cut (`cutMargin`) when it was last cut,
   * and per link of such a component its exact weight then. While every link is within half the
   * margin of that weight, re-clustering the component would cut it the same.
   */
  private cutMarginOf = new Float64Array(1024);
  private cutWeight = new Float64Array(1024);
  /** Slots whose `constrained` flag is 1. */
  private readonly constrainedSlots = new Set<number>();
  /**
   * Constrained components (by one member slot) by the drift at which two of their links could swap
   * order: half the smallest gap between their exact link weights past the drift they were clustered
   * at (each link moves at most the drift). Then the component is re-clustered; before, its cut stands.
   */
  private readonly reorderQueue = new RescoreQueue(1024, true);
  /**
   * Per comparison and value id: the sum of the shifts (|log2| of each change's count ratio) of a
   * common value's count (see `measureDrift`). A change of a common value moves only the pairs that
   * read it, so it is not charged to every pair through `drift`: a pair that read such a value when
   * it was scored is within `drift − exactAt` plus the growth of this sum since then of its exact
   * weight, and each value keeps its own queues of the pairs and components it can move.
   */
  private readonly valueDrift: Float64Array[];
  /** Per comparison and common value: its term-frequency pairs by the value drift at which they are due (tag: the pair's `exactAt` then). */
  private readonly valuePairQueues: (RescoreQueue | undefined)[][];
  /** Per comparison and common value: constrained components (a member slot) by the value drift at which two links could swap (tag: the epoch they were clustered at). */
  private readonly valueComponentQueues: (RescoreQueue | undefined)[][];
  /**
   * Per pair: how many parts its slack to the nearest threshold is shared in (the drift and each
   * common value it reads): it is due when any of them has moved by its share.
   */
  private pairShare = new Uint16Array(1024);
  /** Entries in the per-value queues and the global reorder queue, and the count that triggers their compaction. */
  private queuedEntries = 0;
  private queuedLimit = 65_536;
  /** Scratch for `commonValuesOf`. */
  private readonly commonScratch: number[] = [];
  /**
   * Term-frequency drift: the sum, over every change of the stored records, of the most any
   * term-frequency adjustment of a pair whose values' counts did not change can have moved (the
   * shift is the same for all such pairs: log2 of the agreement-rate ratio plus log2 of the
   * record-count ratio, per comparison). A pair last scored exactly at drift d is within
   * `drift − d` bits of its exact weight, so only pairs that close to a threshold are rescored.
   */
  private drift = 0;
  /** 1 for slots no longer in matching (a replaced version or a withdrawn record). */
  private dead = new Uint8Array(1024);
  private liveRecords = 0;
  private readonly histories = new Map<string, History>();
  /** Per record key: the earliest observedAt ever offered for it (its age for the entity-ID rule). */
  private readonly firstSeen = new Map<string, string>();
  /** During a mutation: live slots whose first-seen date moved earlier (their cluster's ID is re-decided). */
  private rankChanged = new Set<number>();
  readonly decisionSet = new DecisionSet();
  /** Family and dwelling records, and the families and households of every record (see _groups.ts). */
  private readonly groups: GroupState;
  readonly audit: AuditEntry[] = [];
  private readonly onStep: ((step: string) => void) | undefined;
  private readonly commonValueCount: number;
  /** Holds the write arena between writes (see `mutate`). */
  private readonly writeArenaKey = {};
  /** During a mutation: new slots of new versions → the entity their previous version was in. */
  private inherited = new Map<number, number>();
  /** During a mutation: members of entities that lost records, before they lost them. */
  private membersBefore = new Map<number, readonly number[]>();
  /** Writes that reached their first change of state (see `mutations`). */
  private mutationCount = 0;

  constructor(options: StoreEngineOptions) {
    const model = options?.model;
    if ((model as { kind?: unknown } | undefined)?.kind !== 'padan/model') {
      throw new PadanError('invalid-argument', 'createEntityStore: `model` must be a trained model (kind "padan/model")');
    }
    this.model = model;
    this.compiled = compileModel(model.spec, options.registry === undefined ? undefined : { registry: options.registry });
    this.modelFingerprint = fingerprint(model);
    const policy = options.policy as CompiledPolicy<MergePersonRecord> | Parameters<typeof compilePolicy<MergePersonRecord>>[0];
    this.policy =
      (policy as { kind?: unknown })?.kind === 'compiled-merge-policy'
        ? (policy as CompiledPolicy<MergePersonRecord>)
        : compilePolicy(policy as Parameters<typeof compilePolicy<MergePersonRecord>>[0], { modelFingerprint: this.modelFingerprint });
    this.policyFingerprint = this.policy.fingerprint;
    this.table = weightTable(model, this.compiled);
    this.validate = options.validate !== false;
    this.matchWeight = model.spec.decision.matchWeight;
    this.reviewWeight = model.spec.decision.reviewWeight;
    const tfKeys = new Set<string>();
    this.compiled.comparisons.forEach((comparison, c) => {
      if (this.table.termFrequencyLevels[c] !== null) tfKeys.add(comparison.column);
    });
    this.columns = new StoreColumns(this.compiled.columns, tfKeys);
    this.termFrequencyColumns = this.compiled.comparisons.map((comparison, c) =>
      this.table.termFrequencyLevels[c] !== null ? (this.columns.columns.get(comparison.column) as GrowableColumn) : null,
    );
    this.trusted = this.compiled.distinct.map((constraint) => ({
      column: this.columns.columns.get(constraint.column) as GrowableColumn,
      sources: constraint.trustedSources,
    }));
    // A pair remembers its rules in a 31-bit mask.
    if (this.compiled.blockingRules.length > 31) throw new PadanError('invalid-model', 'EntityStore: at most 31 blocking rules');
    this.valueDrift = this.compiled.comparisons.map(() => new Float64Array(0));
    this.valuePairQueues = this.compiled.comparisons.map(() => []);
    this.valueComponentQueues = this.compiled.comparisons.map(() => []);
    this.index = new BlockingIndex(this.compiled.blockingRules);
    this.pairs = new PairStore(this.compiled.comparisons.length);
    this.onStep = options.onStep;
    this.commonValueCount = options.commonValueCount ?? COMMON_VALUE_COUNT;
    this.groups = new GroupState({
      slotOf: (key) => this.slotOfKey.get(key),
      keyAt: (slot) => this.keys[slot] as string,
      recordAt: (slot) => this.stored[slot] as PersonRecord,
      isLive: (slot) => slot < this.keys.length && this.dead[slot] === 0,
      entitySlots: (slot) => this.entityMembers[this.entityOf[slot] as number] as number[],
      entityAt: (slot) => this.entityOf[slot] as number,
      entityIdAt: (slot) => this.entityIds[this.entityOf[slot] as number] as string,
      firstSeenAt: (slot) => this.firstSeen.get(this.keys[slot] as string) ?? '',
      liveCount: () => this.liveRecords,
      liveSlots: () => [...this.slotOfKey.values()],
      slotCount: () => this.keys.length,
    });
  }

  /** Records in matching. */
  get recordCount(): number {
    return this.liveRecords;
  }

  private step(name: string): void {
    if (this.onStep !== undefined) this.onStep(name);
  }

  /**
   * How many writes reached their first change of state. A write that throws with this count
   * unchanged was refused before it changed anything (bad arguments, an unknown record, an invalid
   * decision): the store needs no rollback. Every write calls `touch` before its first change.
   */
  get mutations(): number {
    return this.mutationCount;
  }

  private touch(): void {
    this.mutationCount++;
  }

  /** Current entities. */
  get entityCount(): number {
    return this.entityById.size;
  }

  private keyOf(record: unknown): string {
    return `${String(this.compiled.readSource(record))}\u0000${String(this.compiled.readId(record))}`;
  }

  private refOf(slot: number): StoreRecordRef {
    const record = this.stored[slot] as PersonRecord;
    return { source: String(this.compiled.readSource(record)), recordId: String(this.compiled.readId(record)) };
  }

  private trustedValue(constraint: TrustedConstraint, slot: number): number {
    return constraint.sources.has(String(this.compiled.readSource(this.stored[slot]))) ? (constraint.column.ids[slot] as number) : -1;
  }

  /**
   * Resolves a batch against everything stored and returns what changed. A record whose
   * (source, recordId) is stored is a new version when its `observedAt` is later: it replaces the
   * current version (kept in the history) and is re-scored and re-clustered. An earlier or equal
   * `observedAt` is rejected as `stale-version`; a byte-identical re-send is a no-op (`unchanged`).
   *
   * @example
   * const changes = engine.add(records);
   * changes.versions // [{ record: { source: 'dtks', recordId: 'D-17' }, from: '2025-01-10', to: '2025-04-10' }]
   */
  add(input: readonly unknown[], options?: AddRecordsOptions): StoreChanges {
    const started = performance.now();
    if (!Array.isArray(input)) throw new PadanError('invalid-argument', 'EntityStore#add: input must be an array of records');
    const kind = recordKindOf(options?.kind, 'EntityStore#add');
    if (kind !== 'person') return this.addGroupRecords(kind, input, options, started);
    const { valid, validIndexes, rejected } = validateStoreInput(input, options?.validate ?? this.validate);
    this.step('validate');
    const plan = this.planVersions(valid, validIndexes, rejected);
    this.touch();
    const seeds = this.recordFirstSeen(plan.older);
    let changes: StoreChanges;
    try {
      changes = this.mutate({ fresh: plan.fresh, remove: plan.remove, withdrawn: new Set(), seeds }, started);
    } finally {
      this.rankChanged = new Set();
    }
    this.appendHistories(plan.accepted);
    const { versions, recordsAdded, unchanged } = plan;
    const report = { ...changes.report, recordsIn: input.length, recordsAdded, versionsApplied: versions.length, unchanged };
    const result: StoreChanges = { ...changes, versions, rejected, report };
    this.audit.push({
      seq: this.audit.length + 1,
      op: 'add',
      recordsAdded,
      versionsApplied: versions.length,
      unchanged,
      rejected: rejected.length,
      created: result.created.length,
      merged: result.merged.length,
      split: result.split.length,
    });
    return result;
  }

  /**
   * Family (KK) or dwelling records: validated with their schema, versions planned as for persons, then
   * the families and households they reach re-derived. Person entities do not change.
   */
  private addGroupRecords(kind: 'family' | 'dwelling', input: readonly unknown[], options: AddRecordsOptions | undefined, started: number): StoreChanges {
    const { valid, validIndexes, rejected } = validateStoreInput(input, options?.validate ?? this.validate, kind);
    this.step('validate');
    const plan = this.groups.planVersions(kind, valid as readonly (FamilyRecord | DwellingRecord)[], validIndexes, rejected);
    const groupStarted = performance.now();
    this.touch();
    const groups = this.groups.addRecords(kind, plan);
    this.step('group');
    const stageMs = { ...EMPTY_STAGES, group: performance.now() - groupStarted };
    const { versions, recordsAdded, unchanged } = plan;
    const report = {
      recordsIn: input.length,
      recordsAdded,
      versionsApplied: versions.length,
      unchanged,
      pairsAdded: 0,
      pairsRemoved: 0,
      pairsRescored: 0,
      recordsReclustered: 0,
      elapsedMs: performance.now() - started,
      stageMs,
    };
    const result: StoreChanges = {
      created: [],
      attached: [],
      merged: [],
      split: [],
      retired: [],
      fields: [],
      review: [],
      withdrawn: [],
      versions,
      rejected,
      ...groups,
      report,
    };
    this.audit.push({
      seq: this.audit.length + 1,
      op: 'add',
      kind,
      recordsAdded,
      versionsApplied: versions.length,
      unchanged,
      rejected: rejected.length,
      created: groups.families.created.length,
      merged: groups.families.merged.length,
      split: groups.families.split.length,
    });
    return result;
  }

  /**
   * Step version/dedupe: per record key, the offered versions by observedAt then batch position. A
   * byte-identical re-send is a no-op, an earlier or equal observedAt is rejected, a later one
   * replaces the current version (whose slot leaves matching).
   */
  private planVersions(valid: readonly PersonRecord[], validIndexes: readonly number[], rejected: StoreRejection[]): VersionPlan {
    const byKey = new Map<string, { index: number; record: PersonRecord; observedAt: string }[]>();
    const older: [string, string][] = [];
    for (let i = 0; i < valid.length; i++) {
      const record = valid[i] as PersonRecord;
      const key = this.keyOf(record);
      const item = { index: validIndexes[i] as number, record, observedAt: observedAtOf(record) };
      // Every version offered counts for the record's age, even one not applied: so no arrival order changes an ID.
      const seen = this.firstSeen.get(key);
      if (seen === undefined || item.observedAt < seen) older.push([key, item.observedAt]);
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [item]);
      else list.push(item);
    }
    const fresh: { key: string; record: PersonRecord }[] = [];
    const remove: number[] = [];
    const versions: { record: StoreRecordRef; from: string; to: string }[] = [];
    const accepted: [string, PersonRecord[]][] = [];
    let recordsAdded = 0;
    let unchanged = 0;
    for (const [key, list] of byKey) {
      list.sort((a, b) => compareText(a.observedAt, b.observedAt) || a.index - b.index);
      const history = this.histories.get(key);
      let current = history === undefined ? undefined : (history.versions[history.versions.length - 1] as PersonRecord);
      let currentAt = current === undefined ? undefined : observedAtOf(current);
      const taken: PersonRecord[] = [];
      let sameBatchAt: string | undefined;
      for (const item of list) {
        const ref = { source: String(this.compiled.readSource(item.record)), recordId: String(this.compiled.readId(item.record)) };
        // Byte-identical (deep-equal data) to the current version: a re-send, a no-op.
        if (current !== undefined && item.observedAt === currentAt && dataEqual(item.record, current)) {
          unchanged++;
          continue;
        }
        if (currentAt !== undefined && item.observedAt <= currentAt) {
          rejected.push({ index: item.index, ...ref, reason: item.observedAt === sameBatchAt ? 'duplicate-record' : 'stale-version', issues: [] });
          continue;
        }
        if (current !== undefined) versions.push({ record: ref, from: currentAt as string, to: item.observedAt });
        taken.push(item.record);
        current = item.record;
        currentAt = item.observedAt;
        sameBatchAt = item.observedAt;
      }
      if (taken.length === 0) continue;
      accepted.push([key, taken]);
      const slot = this.slotOfKey.get(key);
      if (slot !== undefined) remove.push(slot);
      else if (history === undefined) recordsAdded++;
      fresh.push({ key, record: current as PersonRecord });
    }
    rejected.sort((a, b) => a.index - b.index);
    fresh.sort((a, b) => compareText(a.key, b.key));
    versions.sort((a, b) => compareText(`${a.record.source}\u0000${a.record.recordId}`, `${b.record.source}\u0000${b.record.recordId}`));
    return { fresh, remove, versions, accepted, recordsAdded, unchanged, older };
  }

  /**
   * Every version offered counts for a record's age (first seen), even one not applied, so that no
   * arrival order changes an ID. Returns the live slots whose age moved earlier: their clusters' IDs
   * are re-decided.
   */
  private recordFirstSeen(older: readonly (readonly [string, string])[]): number[] {
    const seeds: number[] = [];
    for (const [key, at] of older) {
      const seen = this.firstSeen.get(key);
      if (seen === undefined || at < seen) this.firstSeen.set(key, at);
      const slot = this.slotOfKey.get(key);
      if (slot !== undefined && seen !== undefined) {
        seeds.push(slot);
        this.rankChanged.add(slot);
      }
    }
    return seeds;
  }

  /** Step commit (histories): applied versions join their records' histories, after the matching state. */
  private appendHistories(accepted: readonly (readonly [string, PersonRecord[]])[]): void {
    for (const [key, taken] of accepted) {
      const history = this.histories.get(key);
      if (history === undefined) this.histories.set(key, { versions: taken });
      else {
        history.versions.push(...taken);
        delete history.withdrawn;
      }
    }
  }

  /**
   * Takes a record out of matching; it stays in its history. Its entity is re-clustered (it may split);
   * an entity that loses its last record is retired and its ID resolves as `withdrawn`.
   *
   * @example
   * engine.withdraw('dtks', 'D-17', 'moved out of the province').retired // [{ id: 'P3f…', reason: 'withdrawn' }]
   */
  withdraw(source: string, recordId: string, reason: string, options?: WithdrawOptions): StoreChanges {
    const started = performance.now();
    if (typeof source !== 'string' || typeof recordId !== 'string' || typeof reason !== 'string' || reason.trim() === '') {
      throw new PadanError('invalid-argument', 'EntityStore#withdraw: source, recordId and a non-empty reason must be strings');
    }
    const kind = recordKindOf(options?.kind, 'EntityStore#withdraw');
    const by = options?.by ?? 'source';
    if (kind !== 'person') {
      // An unknown or withdrawn record is refused (thrown) before anything changes.
      if (this.groups.slotOf(kind, source, recordId) !== undefined) this.touch();
      const groups = this.groups.withdraw(kind, source, recordId, reason, by, options?.at, maskKey);
      const ref = { source, recordId };
      this.audit.push({
        seq: this.audit.length + 1,
        op: 'withdraw',
        kind,
        record: ref,
        reason,
        by,
        ...(options?.at === undefined ? {} : { at: options.at }),
        retired: [...groups.families.retired.map((item) => item.id), ...groups.households.retired.map((item) => item.id)],
      });
      const report = { ...EMPTY_REPORT, elapsedMs: performance.now() - started, stageMs: { ...EMPTY_STAGES } };
      return {
        created: [],
        attached: [],
        merged: [],
        split: [],
        retired: [],
        fields: [],
        review: [],
        versions: [],
        rejected: [],
        withdrawn: [ref],
        ...groups,
        report,
      };
    }
    const key = `${source}\u0000${recordId}`;
    const slot = this.slotOfKey.get(key);
    if (slot === undefined) {
      const known = this.histories.get(key);
      throw new PadanError('invalid-argument', `EntityStore#withdraw: record ${maskKey(key)} is ${known === undefined ? 'not stored' : 'already withdrawn'}`);
    }
    this.touch();
    const changes = this.mutate({ fresh: [], remove: [slot], withdrawn: new Set([key]), seeds: [] }, started);
    const history = this.histories.get(key) as History;
    history.withdrawn = { reason, by, ...(options?.at === undefined ? {} : { at: options.at }) };
    const ref = { source, recordId };
    this.audit.push({
      seq: this.audit.length + 1,
      op: 'withdraw',
      record: ref,
      reason,
      by,
      ...(options?.at === undefined ? {} : { at: options.at }),
      retired: changes.retired.map((item) => item.id),
    });
    return { ...changes, withdrawn: [ref] };
  }

  /**
   * Applies steward decisions in order. Each is checked against the decisions before it: a
   * conflict is refused with an explanation (not thrown), a repeat is a no-op. Applied decisions
   * re-cluster the records they name, outranking the model.
   *
   * @example
   * engine.decide([{ kind: 'cannotLink', left, right, by: 'ayu', at: '2026-03-31', why: 'twins' }]).outcomes[0].status // 'applied'
   */
  decide(input: StewardDecision | readonly StewardDecision[]): DecideResult {
    const started = performance.now();
    const list = Array.isArray(input) ? (input as readonly StewardDecision[]) : [input as StewardDecision];
    const parsed: StewardDecision[] = [];
    for (let i = 0; i < list.length; i++) {
      const result = parseDecision(list[i]);
      if (!result.success) {
        throw new PadanError(
          'invalid-argument',
          `EntityStore#decide: decision ${i} is invalid: ${result.issues.map((item) => item.message).join('; ')}`,
          result.issues.map((item) => item.message),
        );
      }
      parsed.push(result.value);
    }
    const outcomes: DecisionOutcome[] = [];
    const seedKeys = new Set<string>();
    // Conflicts are checked against a scratch copy so that a throw below leaves the set untouched.
    const pending = new DecisionSet();
    for (const decision of this.decisionSet.list()) pending.add(decision);
    for (const given of parsed) {
      // An unmerge without `rest` (as the steward report writes it) is completed from the entity now.
      let decision = given;
      if (given.kind === 'unmerge' && given.rest === undefined) {
        const current = this.currentId(given.entityId);
        const split = new Set(given.records.map((ref) => `${ref.source}\u0000${ref.recordId}`));
        const members = current === undefined ? [] : (this.entityMembers[this.entityById.get(current) as number] as number[]);
        const rest = members.filter((slot) => !split.has(this.keys[slot] as string)).map((slot) => this.refOf(slot));
        if (rest.length === 0) {
          outcomes.push({
            id: decisionId(given),
            decision: given,
            status: 'refused',
            explanation: `refused: entity ${given.entityId} holds no other record to keep apart`,
          });
          continue;
        }
        // In the canonical form (key order, sorted refs) a decision read back from a file or table has.
        const completed = parseDecision({ ...given, rest });
        if (!completed.success) throw new PadanError('internal', 'EntityStore#decide: a completed unmerge does not parse');
        decision = completed.value;
      }
      const id = decisionId(decision);
      if (pending.has(id)) {
        outcomes.push({ id, decision, status: 'duplicate' });
        continue;
      }
      const explanation = pending.conflict(decision);
      if (explanation !== undefined) {
        outcomes.push({ id, decision, status: 'refused', explanation: `refused: ${explanation}` });
        continue;
      }
      pending.add(decision, id);
      outcomes.push({ id, decision, status: 'applied' });
      for (const key of pending.keysOf(decision)) seedKeys.add(key);
    }
    const seeds: number[] = [];
    for (const key of seedKeys) {
      const slot = this.slotOfKey.get(key);
      if (slot !== undefined) seeds.push(slot);
    }
    const previous = this.decisionSet;
    this.touch();
    // The clustering reads `this.decisionSet`: install the new set, restore it on a throw.
    (this as { decisionSet: DecisionSet }).decisionSet = pending;
    let changes: StoreChanges;
    try {
      changes = this.mutate({ fresh: [], remove: [], withdrawn: new Set(), seeds }, started);
    } catch (error) {
      (this as { decisionSet: DecisionSet }).decisionSet = previous;
      throw error;
    }
    for (const outcome of outcomes) {
      this.audit.push({
        seq: this.audit.length + 1,
        op: 'decision',
        id: outcome.id,
        status: outcome.status,
        decision: outcome.decision,
        ...(outcome.explanation === undefined ? {} : { explanation: outcome.explanation }),
      });
    }
    return { outcomes, changes };
  }

  /**
   * The one mutation of the matching state, as named steps: remove → block → score → rescore →
   * cluster → IDs, merge and commit (`applyClusters`) → review. Each step reads and extends the
   * mutation's working set `m` (seeds to re-cluster, pairs to re-check for review).
   */
  private mutate(plan: MutationPlan, started: number): StoreChanges {
    this.touch();
    // A small write works in the store's own arena (no ArrayBuffer per typed array; see withWriteArena); a big one as a batch does.
    if (plan.fresh.length + plan.remove.length + plan.seeds.length <= WRITE_ARENA_RECORDS) {
      return withWriteArena(this.writeArenaKey, WRITE_ARENA_BYTES, () => this.mutateNow(plan, started));
    }
    return this.mutateNow(plan, started);
  }

  private mutateNow(plan: MutationPlan, started: number): StoreChanges {
    const stageMs = { ...EMPTY_STAGES };
    const report: MutationReport = { ...EMPTY_REPORT, stageMs };
    const empty = {
      created: [],
      attached: [],
      merged: [],
      split: [],
      retired: [],
      fields: [],
      review: [],
      rejected: [],
      versions: [],
      withdrawn: [],
      ...NO_GROUP_CHANGES,
    };
    const changesCounts = plan.fresh.length > 0 || plan.remove.length > 0;
    if (!changesCounts && plan.seeds.length === 0) {
      report.elapsedMs = performance.now() - started;
      return { ...empty, report };
    }
    let mark = performance.now();
    const m: Mutation = {
      plan,
      report,
      lap: (stage) => {
        const now = performance.now();
        stageMs[stage] += now - mark;
        mark = now;
      },
      seeds: [...plan.seeds],
      freshSlots: [],
      reviewCheck: new Set(),
      createdPairs: [],
      retired: [],
      frequenciesBefore: this.termFrequencyColumns.map((column) => (column === null ? null : { rate: column.agreementRate, present: column.present })),
      inheritOf: null,
      rescoreAll: false,
      absorbed: [],
      epoch: ++this.visitEpoch,
      components: [],
      refused: new Set(),
      clusters: [],
      withDecisions: this.decisionSet.list().length > 0,
    };
    this.inherited = new Map();
    this.membersBefore = new Map();

    if (plan.remove.length > 0) this.removeSlots(m);
    this.step('remove');
    this.insertSlots(m);
    this.step('block');
    m.lap('block');
    if (changesCounts) this.measureDrift(m);
    this.scoreNewPairs(m);
    this.step('score');
    m.lap('score');
    if (changesCounts) this.rescoreTermFrequencies(m);
    for (const column of this.termFrequencyColumns) column?.clearTouched();
    this.step('rescore');
    m.lap('rescore');
    this.reclusterTouched(m);
    this.step('cluster');
    m.lap('cluster');
    // IDs (the entity-ID rule), merge (unified records and field changes), commit (install entities).
    const changes = this.applyClusters(m.clusters);
    for (const item of m.retired) changes.retired.push(item);
    changes.retired.sort((a, b) => compareText(a.id, b.id));
    m.lap('merge');
    const review = this.updateReview(m);
    this.step('review');
    m.lap('review');
    // Families and households where the persons changed (group/ applied to that part only).
    const groups = this.groups.afterPersons({
      fresh: m.freshSlots,
      changed: changes.changedSlots,
      removed: plan.remove,
      withdrawn: plan.withdrawn,
      aged: this.rankChanged,
    });
    this.step('group');
    m.lap('group');
    this.inherited = new Map();
    this.membersBefore = new Map();

    report.elapsedMs = performance.now() - started;
    const { changedSlots: _slots, ...personChanges } = changes;
    return { ...personChanges, review, rejected: [], versions: [], withdrawn: [], ...groups, report };
  }

  /** Step remove: drops the slots' pairs, takes them out of blocks, value counts and entities; an entity left with no record is retired. */
  private removeSlots(m: Mutation): void {
    const { plan, report, seeds, createdPairs, retired } = m;
    const { remove } = plan;
    const pairs = this.pairs;
    const matchWeight = this.matchWeight;
    const replacedEntity = new Map<string, number>();
    const dropped = new Set<number>();
    for (const slot of remove) {
      const key = this.keys[slot] as string;
      for (let p = pairs.head[slot] as number; p >= 0; p = pairs.next(p, slot)) {
        const other = pairs.left[p] === slot ? (pairs.right[p] as number) : (pairs.left[p] as number);
        // A link, or a cannot-link pair (which may be all that kept two link-connected clusters apart).
        if ((pairs.weight[p] as number) >= matchWeight || this.isCannotLink(p)) seeds.push(other);
        dropped.add(p);
      }
      if (this.decisionSet.list().length > 0) {
        for (const otherKey of this.decisionSet.mustLinked(key)) {
          const other = this.slotOfKey.get(otherKey);
          if (other !== undefined) seeds.push(other);
        }
      }
      if (!plan.withdrawn.has(key)) replacedEntity.set(key, this.entityOf[slot] as number);
    }
    const reAdded: [number, number, number][] = [];
    this.index.remove(remove, this.columns.view(), (left, right, bit) => reAdded.push([left, right, bit]));
    for (const p of dropped) {
      this.reviewOf.delete(p);
      pairs.unlink(p);
      report.pairsRemoved++;
    }
    for (const [a, b, bit] of reAdded) {
      const [left, right] = (this.keys[a] as string) < (this.keys[b] as string) ? [a, b] : [b, a];
      const p = pairs.find(left, right);
      if (p >= 0) pairs.mask[p] = (pairs.mask[p] as number) | bit;
      else createdPairs.push(pairs.create(left, right, bit));
    }
    this.columns.remove(remove);
    for (const slot of remove) {
      const key = this.keys[slot] as string;
      const e = this.entityOf[slot] as number;
      this.dead[slot] = 1;
      this.entityOf[slot] = -1;
      this.constrainedSlots.delete(slot);
      this.slotOfKey.delete(key);
      this.liveRecords--;
      if (e < 0) continue;
      const members = this.entityMembers[e] as number[];
      if (!this.membersBefore.has(e)) this.membersBefore.set(e, [...members]);
      const left = members.filter((member) => member !== slot);
      this.entityMembers[e] = left;
      for (const member of left) seeds.push(member);
      if (plan.withdrawn.has(key) && this.entityAnchors[e] === key) {
        if (left.length > 0) {
          let oldest = left[0] as number;
          for (const member of left) if (this.rankOf(member) < this.rankOf(oldest)) oldest = member;
          this.entityAnchors[e] = this.keys[oldest] as string;
        } else {
          // Every record withdrawn: the entity is retired, its ID resolves as withdrawn.
          const id = this.entityIds[e] as string;
          this.entityById.delete(id);
          this.aliases.set(id, { withdrawn: true });
          this.entityMembers[e] = null;
          this.freeEntities.push(e);
          retired.push({ id, reason: 'withdrawn' });
        }
      }
    }
    m.inheritOf = replacedEntity;
  }

  /** Step block: new slots, their prepared features, and the candidate pairs blocking gives them (and the window pairs they push out). */
  private insertSlots(m: Mutation): void {
    const { report, seeds, createdPairs } = m;
    const { fresh } = m.plan;
    const pairs = this.pairs;
    const matchWeight = this.matchWeight;
    const start = this.keys.length;
    const end = start + fresh.length;
    const newSlots: number[] = [];
    for (let i = 0; i < fresh.length; i++) {
      const { key, record } = fresh[i] as (typeof fresh)[number];
      this.keys.push(key);
      this.stored.push(record);
      this.slotOfKey.set(key, start + i);
      newSlots.push(start + i);
      m.freshSlots.push(start + i);
      const e = m.inheritOf?.get(key);
      if (e !== undefined && e >= 0) this.inherited.set(start + i, e);
    }
    this.liveRecords += fresh.length;
    this.pairs.ensureSlots(end + 1);
    this.growSlots(end + 1);
    for (const slot of newSlots) {
      this.entityOf[slot] = -1;
      this.dead[slot] = 0;
      seeds.push(slot);
    }
    m.lap('prepare');
    if (fresh.length > 0) {
      this.columns.append(fresh.map((item) => item.record));
      // A pair the insertion adds has a new record, so it can only exist if another rule of this same
      // batch made it too. Emitted pairs are packed as (left·stride + right)·32 + rule into one typed
      // array and sorted, so duplicates meet: no per-pair object, no Map (which caps at 2^24 entries and
      // a big batch emits more), no scan of a record's pair list (quadratic in windowed blocks).
      const stride = end + 1;
      if (stride > MAX_RECORDS) throw new PadanError('invalid-argument', `EntityStore holds at most ${MAX_RECORDS} record versions`);
      let emitted = new Float64Array(Math.max(1024, fresh.length * 8));
      let emittedCount = 0;
      this.index.insert(newSlots, this.columns.view(), this.keys, {
        added: (left, right, bit) => {
          if (emittedCount === emitted.length) {
            const grown = new Float64Array(emitted.length * 2);
            grown.set(emitted);
            emitted = grown;
          }
          emitted[emittedCount++] = (left * stride + right) * 32 + (31 - Math.clz32(bit));
        },
        removed: (left, right, bit) => {
          const p = pairs.find(left, right);
          if (p < 0) return;
          const mask = (pairs.mask[p] as number) & ~bit;
          pairs.mask[p] = mask;
          if (mask !== 0) return;
          // A link, or a cannot-link pair (which may be all that kept two link-connected clusters apart).
          if ((pairs.weight[p] as number) >= matchWeight || this.isCannotLink(p)) seeds.push(left, right);
          this.reviewOf.delete(p);
          pairs.unlink(p);
          report.pairsRemoved++;
        },
      });
      const sorted = emitted.subarray(0, emittedCount).sort();
      let distinct = 0;
      for (let i = 0; i < emittedCount; i++) if (i === 0 || Math.floor((sorted[i] as number) / 32) !== Math.floor((sorted[i - 1] as number) / 32)) distinct++;
      pairs.reserve(distinct);
      for (let i = 0; i < emittedCount;) {
        const pairKey = Math.floor((sorted[i] as number) / 32);
        let mask = 0;
        for (; i < emittedCount && Math.floor((sorted[i] as number) / 32) === pairKey; i++) mask |= 1 << ((sorted[i] as number) % 32);
        createdPairs.push(pairs.create(Math.floor(pairKey / stride), pairKey % stride, mask));
      }
    }
    report.pairsAdded = createdPairs.length;
  }

  /** The uniform term-frequency shift of this change (see `drift`), before any pair is scored. A change from or to an empty column has no finite bound: then every pair is rescored. */
  private measureDrift(m: Mutation): void {
    let shift = 0;
    this.termFrequencyColumns.forEach((column, c) => {
      const before = m.frequenciesBefore[c];
      if (column === null || before === null || before === undefined) return;
      const moved = Math.abs(Math.log2(column.agreementRate / before.rate) + Math.log2(column.present / before.present));
      if (Number.isFinite(moved)) shift += moved;
      else m.rescoreAll = true;
      // A common value's count moves the adjustment of the pairs that read it by at most log2 of the
      // count's ratio (a frequency is count / present, the present part is in `moved`): that goes in
      // the value's own drift, so its many holders' pairs are not each rescored, and the pairs that
      // do not read it are not charged. A rare value's pairs are rescored (pairsToRescore).
      let absorbed: Set<number> | null = null;
      for (const id of column.touchedValues) {
        const from = column.countBefore[id] as number;
        const to = column.counts[id] as number;
        if (Math.min(from, to) < this.commonValueCount) continue;
        this.addValueDrift(c, id, Math.abs(Math.log2(to / from)));
        (absorbed ??= new Set()).add(id);
      }
      m.absorbed[c] = absorbed;
    });
    // A margin for the rounding of the logarithms (weights are sums of a few terms); it also makes
    // the drift grow at every change, so no pair scored before this mutation looks scored in it
    // (see `pairsToRescore`).
    this.drift += shift + 1e-9;
  }

  /** Step score: compares and scores the new pairs with the engine's own functions (a pair a removal brought back in a window may have died again under the insertion: skipped). */
  private scoreNewPairs(m: Mutation): void {
    const { seeds, reviewCheck, createdPairs } = m;
    const pairs = this.pairs;
    const matchWeight = this.matchWeight;
    const reviewWeight = this.reviewWeight;
    const live = createdPairs.filter((p) => pairs.mask[p] !== 0);
    if (live.length > 0) {
      const left = Int32Array.from(live, (p) => pairs.left[p] as number);
      const right = Int32Array.from(live, (p) => pairs.right[p] as number);
      this.freshen(left);
      this.freshen(right);
      const vectors = comparePairs(this.compiled.comparisons, this.columns.view(), left, right);
      const weights = scorePairs(this.table, this.compiled, this.columns.view(), left, right, vectors);
      const width = pairs.width;
      if (this.usesTermFrequency.length < pairs.count) {
        const grown = new Uint8Array(grownCapacity(pairs.count, this.usesTermFrequency.length));
        grown.set(this.usesTermFrequency);
        this.usesTermFrequency = grown;
      }
      for (let i = 0; i < live.length; i++) {
        const p = live[i] as number;
        let usesTermFrequency = 0;
        for (let c = 0; c < width; c++) {
          const level = vectors.levels[i * width + c] as number;
          pairs.levels[p * width + c] = level;
          if (this.table.termFrequencyLevels[c]?.[level] === 1) usesTermFrequency = 1;
        }
        this.usesTermFrequency[p] = usesTermFrequency;
        this.termFrequencyPairCount += usesTermFrequency;
      }
      this.reserveQueues(live);
      for (let i = 0; i < live.length; i++) {
        const p = live[i] as number;
        const weight = weights[i] as number;
        this.setExact(p, weight);
        if (weight >= matchWeight || this.isCannotLink(p)) seeds.push(left[i] as number, right[i] as number);
        if (weight >= reviewWeight) reviewCheck.add(p);
      }
    }
  }

  /**
   * Sizes the queues a batch's new pairs go in before they are pushed (see `schedulePair`), so that
   * a queue grows once per batch, to its size, rather than by doubling: fewer and smaller typed
   * arrays for the collector (a first batch of a million persons pushes tens of millions of entries
   * into tens of thousands of value queues).
   */
  private reserveQueues(live: readonly number[]): void {
    const perValue = new Map<number, number>();
    const common = this.commonScratch;
    let termFrequencyPairs = 0;
    for (const p of live) {
      if (this.usesTermFrequency[p] !== 1) continue;
      termFrequencyPairs++;
      common.length = 0;
      this.commonValuesOf(p, common);
      for (let i = 0; i < common.length; i += 2) {
        const key = (common[i] as number) * VALUE_KEY_STRIDE + (common[i + 1] as number);
        perValue.set(key, (perValue.get(key) ?? 0) + 1);
      }
    }
    this.rescoreQueue.reserve(this.rescoreQueue.length + termFrequencyPairs);
    for (const [key, count] of perValue) {
      const queue = this.valueQueue(this.valuePairQueues, Math.floor(key / VALUE_KEY_STRIDE), key % VALUE_KEY_STRIDE);
      queue.reserve(queue.length + count);
    }
  }

  /** Step rescore: term frequencies changed, so the old pairs that use them and could change a decision get their exact weight (see `pairsToRescore`). */
  private rescoreTermFrequencies(m: Mutation): void {
    // Constrained components whose links may have changed order since they were cut.
    while (this.reorderQueue.length > 0 && this.reorderQueue.peek() <= this.drift) {
      const tag = this.reorderQueue.peekTag();
      const slot = this.reorderQueue.pop();
      this.queuedEntries--;
      if (this.isClusteredAt(slot, tag)) m.seeds.push(slot);
    }
    // And those a common value whose count changed can reorder.
    m.absorbed.forEach((common, c) => {
      if (common === null || common === undefined) return;
      for (const value of common) {
        for (const slot of this.popValueQueue(this.valueComponentQueues, c, value)) m.seeds.push(slot);
      }
    });
    const { report, seeds, reviewCheck } = m;
    const pairs = this.pairs;
    const matchWeight = this.matchWeight;
    const reviewWeight = this.reviewWeight;
    for (const p of this.pairsToRescore(m.rescoreAll, m.absorbed)) {
      const before = pairs.weight[p] as number;
      this.freshenPair(p);
      this.setExact(p, this.scoreStoredPair(p, this.termFrequencyColumns));
      const after = pairs.weight[p] as number;
      if (after === before) continue;
      report.pairsRescored++;
      const wasLink = before >= matchWeight;
      const isLink = after >= matchWeight;
      // Without a constraint in the component, clusters are its connected components and link
      // order is irrelevant; with one, a reordering can move the cut, unless the link is still within its component's margin.
      if (wasLink !== isLink || (isLink && this.constrained[pairs.left[p] as number] === 1 && !this.keepsCut(p, after))) {
        seeds.push(pairs.left[p] as number, pairs.right[p] as number);
      }
      if (wasLink !== isLink || before >= reviewWeight !== after >= reviewWeight) reviewCheck.add(p);
    }
    // A first batch leaves no stale entry behind (each pair is scored once): its queues start out as if compacted.
    if (this.liveRecords === m.freshSlots.length && m.plan.remove.length === 0) this.queuedLimit = Math.max(this.queuedLimit, 2 * this.queuedEntries + 65_536);
    else if (this.queuedEntries > this.queuedLimit) this.compactQueues();
  }

  /** Step cluster: re-clusters the link components the change touched, exactly as the batch would (steward must-links join components too). */
  private reclusterTouched(m: Mutation): void {
    const { report, seeds, components, refused, clusters, withDecisions, epoch } = m;
    const pairs = this.pairs;
    const matchWeight = this.matchWeight;
    const visited = this.visitMark;
    for (const seed of seeds) {
      if (visited[seed] === epoch || this.dead[seed] === 1) continue;
      visited[seed] = epoch;
      const component = [seed];
      for (let q = 0; q < component.length; q++) {
        const slot = component[q] as number;
        for (let p = pairs.head[slot] as number; p >= 0; p = pairs.next(p, slot)) {
          if ((pairs.weight[p] as number) < matchWeight) continue;
          const other = pairs.left[p] === slot ? (pairs.right[p] as number) : (pairs.left[p] as number);
          if (visited[other] === epoch) continue;
          visited[other] = epoch;
          component.push(other);
        }
        if (withDecisions) {
          for (const otherKey of this.decisionSet.mustLinked(this.keys[slot] as string)) {
            const other = this.slotOfKey.get(otherKey);
            if (other === undefined || visited[other] === epoch) continue;
            visited[other] = epoch;
            component.push(other);
          }
        }
      }
      components.push(component);
    }
    for (const component of components) {
      report.recordsReclustered += component.length;
      this.clusterComponent(component, refused, clusters);
    }
  }

  /** Step review: the review queue around re-clustered records and pairs that crossed a threshold; returns the items that changed. */
  private updateReview(m: Mutation): StoreReviewItem[] {
    const { reviewCheck, components, refused, withDecisions, epoch } = m;
    const pairs = this.pairs;
    const thresholds = { matchWeight: this.matchWeight, reviewWeight: this.reviewWeight };
    for (const component of components) {
      for (const slot of component) {
        for (let p = pairs.head[slot] as number; p >= 0; p = pairs.next(p, slot)) reviewCheck.add(p);
      }
    }
    const review: StoreReviewItem[] = [];
    for (const p of reviewCheck) {
      const before = this.reviewOf.get(p);
      const weight = pairs.weight[p] as number;
      const left = pairs.left[p] as number;
      const right = pairs.right[p] as number;
      let after: ReviewReason | undefined;
      // A dead pair or one a steward decided leaves the queue; a match between records not re-clustered
      // now keeps its reason (whether clustering refused it is known only for re-clustered records).
      if (pairs.mask[p] === 0) after = undefined;
      else if (withDecisions && this.decisionSet.decided(this.keys[left] as string, this.keys[right] as string)) after = undefined;
      else if (weight >= thresholds.matchWeight && this.visitMark[left] !== epoch) after = before;
      else after = reviewReasonOf(weight, refused.has(p), this.entityOf[left] === this.entityOf[right], thresholds);
      if (after === undefined) this.reviewOf.delete(p);
      else {
        this.reviewOf.set(p, after);
        if (after !== before) review.push(this.reviewItem(p, after));
      }
    }
    sortReview(review);
    return review;
  }

  private growSlots(size: number): void {
    if (size <= this.entityOf.length) return;
    const capacity = grownCapacity(size, this.entityOf.length);
    const entityOf = new Int32Array(capacity);
    entityOf.set(this.entityOf);
    this.entityOf = entityOf;
    const constrained = new Uint8Array(capacity);
    constrained.set(this.constrained);
    this.constrained = constrained;
    const margins = new Float64Array(capacity);
    margins.set(this.cutMarginOf);
    this.cutMarginOf = margins;
    const dead = new Uint8Array(capacity);
    dead.set(this.dead);
    this.dead = dead;
    this.localIndex = new Int32Array(capacity);
    const visitMark = new Int32Array(capacity);
    visitMark.set(this.visitMark);
    this.visitMark = visitMark;
  }

  /** Stores a pair's exact weight at the current drift and, for a term-frequency pair, when it is next due. */
  private setExact(p: number, weight: number): void {
    const pairs = this.pairs;
    pairs.weight[p] = weight;
    pairs.exactAt[p] = this.drift;
    if (this.usesTermFrequency[p] === 1) this.schedulePair(p);
  }

  /** Makes the frequencies of these slots' values current in every term-frequency column. */
  private freshen(slots: Int32Array): void {
    for (const column of this.termFrequencyColumns) {
      if (column === null) continue;
      for (let i = 0; i < slots.length; i++) column.freshen(slots[i] as number);
    }
  }

  private freshenPair(p: number): void {
    for (const column of this.termFrequencyColumns) {
      if (column === null) continue;
      column.freshen(this.pairs.left[p] as number);
      column.freshen(this.pairs.right[p] as number);
    }
  }

  /** Brings every term-frequency column's frequencies up to date (a pass over its values; lookups only). */
  private ensureExact(): void {
    for (const column of this.termFrequencyColumns) column?.ensureExact();
  }

  /** How far a pair's stored weight is from the nearest decision threshold. */
  private slackOf(p: number): number {
    const weight = this.pairs.weight[p] as number;
    return Math.min(Math.abs(weight - this.matchWeight), Math.abs(weight - this.reviewWeight));
  }

  /** The drift at which a pair's stored weight could reach a decision threshold (its share of the slack moved). */
  private triggerOf(p: number): number {
    return (this.pairs.exactAt[p] as number) + this.slackOf(p) / Math.max(1, this.pairShare[p] as number);
  }

  /**
   * Queues a term-frequency pair just scored: its slack to the nearest threshold is shared among
   * the drift and each common value it reads, and it is due when any of them has moved by its share
   * (so the sum of their moves, the most its weight can have moved, stays below the slack).
   */
  private schedulePair(p: number): void {
    const pairs = this.pairs;
    if (p >= this.pairShare.length) {
      const grown = new Uint16Array(grownCapacity(p + 1, this.pairShare.length));
      grown.set(this.pairShare);
      this.pairShare = grown;
    }
    const common = this.commonScratch;
    common.length = 0;
    this.commonValuesOf(p, common);
    const share = 1 + common.length / 2;
    this.pairShare[p] = share;
    const slack = this.slackOf(p) / share;
    const exactAt = pairs.exactAt[p] as number;
    this.rescoreQueue.push(p, exactAt + slack);
    for (let i = 0; i < common.length; i += 2) {
      const c = common[i] as number;
      const value = common[i + 1] as number;
      this.valueQueue(this.valuePairQueues, c, value).push(p, this.valueDriftOf(c, value) + slack, exactAt);
      this.queuedEntries++;
    }
  }

  /**
   * The common values (held by at least COMMON_VALUE_COUNT records) a pair's term-frequency levels
   * read, appended to `into` as (comparison, value id) pairs. A value that is rare now is walked from
   * its holders at its next change (and becomes common only through such a change).
   */
  private commonValuesOf(p: number, into: number[]): void {
    const pairs = this.pairs;
    const width = pairs.width;
    for (let c = 0; c < width; c++) {
      const column = this.termFrequencyColumns[c];
      if (column === null || column === undefined) continue;
      if ((this.table.termFrequencyLevels[c] as Uint8Array)[pairs.levels[p * width + c] as number] !== 1) continue;
      const one = column.ids[pairs.left[p] as number] as number;
      const other = column.ids[pairs.right[p] as number] as number;
      if (one >= 0 && (column.counts[one] as number) >= this.commonValueCount) into.push(c, one);
      if (other >= 0 && other !== one && (column.counts[other] as number) >= this.commonValueCount) into.push(c, other);
    }
  }

  private valueDriftOf(c: number, value: number): number {
    const drifts = this.valueDrift[c] as Float64Array;
    return value < drifts.length ? (drifts[value] as number) : 0;
  }

  private addValueDrift(c: number, value: number, shift: number): void {
    let drifts = this.valueDrift[c] as Float64Array;
    if (value >= drifts.length) {
      const grown = new Float64Array(Math.max(grownCapacity(value + 1, drifts.length), 1024));
      grown.set(drifts);
      drifts = grown;
      this.valueDrift[c] = grown;
    }
    drifts[value] = (drifts[value] as number) + shift;
  }

  private valueQueue(queues: readonly (RescoreQueue | undefined)[][], c: number, value: number): RescoreQueue {
    const list = queues[c] as (RescoreQueue | undefined)[];
    let queue = list[value];
    if (queue === undefined) {
      queue = new RescoreQueue(4, true);
      list[value] = queue;
    }
    return queue;
  }

  /** Takes the entries a value's drift has reached from one of its queues: their pairs or slots, with their tags. */
  private *popValueQueue(queues: readonly (RescoreQueue | undefined)[][], c: number, value: number): Generator<number> {
    const list = queues[c] as (RescoreQueue | undefined)[];
    const queue = list[value];
    if (queue === undefined) return;
    const reached = this.valueDriftOf(c, value);
    const pairQueue = queues === this.valuePairQueues;
    while (queue.length > 0 && queue.peek() <= reached) {
      const tag = queue.peekTag();
      const item = queue.pop();
      this.queuedEntries--;
      if (pairQueue ? this.pairs.mask[item] !== 0 && this.pairs.exactAt[item] === tag : this.isClusteredAt(item, tag)) yield item;
    }
    if (queue.length === 0) list[value] = undefined;
  }

  /** Whether a slot is still in the constrained component it was clustered in at `epoch` (a reorder entry is live). */
  private isClusteredAt(slot: number, epoch: number): boolean {
    return this.dead[slot] === 0 && this.constrained[slot] === 1 && this.visitMark[slot] === epoch;
  }

  /** Drops the entries left behind (by rescored pairs and re-clustered components) from the per-value and reorder queues. */
  private compactQueues(): void {
    const pairs = this.pairs;
    const livePair = (p: number, tag: number): boolean => pairs.mask[p] !== 0 && pairs.exactAt[p] === tag;
    const liveComponent = (slot: number, tag: number): boolean => this.isClusteredAt(slot, tag);
    let total = this.reorderQueue.retain(liveComponent);
    for (const [queues, keep] of [
      [this.valuePairQueues, livePair],
      [this.valueComponentQueues, liveComponent],
    ] as const) {
      for (const list of queues) {
        for (let value = 0; value < list.length; value++) {
          const queue = list[value];
          if (queue === undefined) continue;
          const left = queue.retain(keep);
          if (left === 0) list[value] = undefined;
          total += left;
        }
      }
    }
    this.queuedEntries = total;
    this.queuedLimit = 2 * total + 65_536;
  }

  /**
   * The old term-frequency pairs a change of counts may have moved across a decision: those on a
   * value whose count changed (found from the value's holders), those in a constrained component,
   * and those whose trigger the drift has passed (from the queue). Each live pair once, none scored
   * exactly at the current drift already.
   */
  private pairsToRescore(all: boolean, absorbed: readonly (ReadonlySet<number> | null)[]): number[] {
    const pairs = this.pairs;
    const drift = this.drift;
    const due: number[] = [];
    const seen = new Set<number>();
    const take = (p: number): void => {
      // Scored in this mutation already.
      if (pairs.mask[p] === 0 || this.usesTermFrequency[p] !== 1 || (pairs.exactAt[p] as number) >= drift || seen.has(p)) return;
      seen.add(p);
      due.push(p);
    };
    if (all) {
      for (let p = 0; p < pairs.count; p++) take(p);
      return due;
    }
    const width = pairs.width;
    this.termFrequencyColumns.forEach((column, c) => {
      if (column === null) return;
      const levels = this.table.termFrequencyLevels[c] as Uint8Array;
      const common = absorbed[c];
      for (const value of column.touchedValues) {
        if (common?.has(value) === true) continue;
        for (let slot = column.holderHead[value] as number; slot >= 0; slot = column.holderNext[slot] as number) {
          for (let p = pairs.head[slot] as number; p >= 0; p = pairs.next(p, slot)) {
            if (levels[pairs.levels[p * width + c] as number] === 1) take(p);
          }
        }
      }
    });
    absorbed.forEach((common, c) => {
      if (common === null || common === undefined) return;
      for (const value of common) for (const p of this.popValueQueue(this.valuePairQueues, c, value)) take(p);
    });
    const queue = this.rescoreQueue;
    while (queue.length > 0 && queue.peek() <= drift) {
      const p = queue.pop();
      // An entry left behind by a later rescoring is stale: the pair's live entry is further on.
      if (pairs.mask[p] !== 0 && this.triggerOf(p) <= drift) take(p);
    }
    if (queue.length > 4 * this.termFrequencyPairCount + 1024) this.rebuildRescoreQueue();
    return due;
  }

  /** Drops the queue's stale entries: one entry per live term-frequency pair. */
  private rebuildRescoreQueue(): void {
    const pairs = this.pairs;
    const queue = this.rescoreQueue;
    queue.clear();
    let count = 0;
    for (let p = 0; p < pairs.count; p++) {
      if (pairs.mask[p] === 0 || this.usesTermFrequency[p] === 0) continue;
      queue.push(p, this.triggerOf(p));
      count++;
    }
    this.termFrequencyPairCount = count;
  }

  // The same float operations in the same order as `scorePairs`, so a rescored weight is bit-identical.
  private scoreStoredPair(p: number, columns: readonly (PreparedColumn | null)[]): number {
    const pairs = this.pairs;
    const width = pairs.width;
    const table = this.table;
    let weight = table.priorWeight;
    for (let c = 0; c < width; c++) {
      const level = pairs.levels[p * width + c] as number;
      let levelWeight = (table.levelWeights[c] as Float64Array)[level] as number;
      const termFrequency = table.termFrequencyLevels[c];
      if (termFrequency && termFrequency[level] === 1) {
        levelWeight += termFrequencyAdjustment(
          columns[c] as PreparedColumn,
          pairs.left[p] as number,
          pairs.right[p] as number,
          table.maxTermFrequencyAdjustment,
        );
      }
      weight += levelWeight;
    }
    return weight;
  }

  /** A stored pair's exact weight (a term-frequency pair's stored weight may be within the drift of it). */
  private exactWeight(p: number): number {
    const pairs = this.pairs;
    // A pair at no term-frequency level has one weight for ever.
    if ((pairs.exactAt[p] as number) === this.drift || this.usesTermFrequency[p] !== 1) return pairs.weight[p] as number;
    this.freshenPair(p);
    const weight = this.scoreStoredPair(p, this.termFrequencyColumns);
    this.setExact(p, weight);
    return weight;
  }

  private isCannotLink(p: number): boolean {
    return this.compiled.cannotLink.length > 0 && pairCannotLink(this.compiled.cannotLink, this.pairs.levels, p * this.pairs.width);
  }

  /** A slot's age rank for the entity-ID rule: first seen, then record key. */
  private rankOf(slot: number): string {
    const key = this.keys[slot] as string;
    return entityIdRank(this.firstSeen.get(key) ?? '', key);
  }

  /** The entity a slot continues: its own, or for a new version the entity of the version it replaced. */
  private previousEntity(slot: number): number {
    const e = this.entityOf[slot] as number;
    return e >= 0 ? e : (this.inherited.get(slot) ?? -1);
  }

  private clusterComponent(component: number[], refused: Set<number>, clusters: NewCluster[]): void {
    const keys = this.keys;
    const pairs = this.pairs;
    if (component.length === 1) {
      // A record with no link: its own entity (most records of a first batch are in small components).
      const slot = component[0] as number;
      this.constrained[slot] = 0;
      this.constrainedSlots.delete(slot);
      const previous = this.previousEntity(slot);
      clusters.push({ slots: component, previous: previous >= 0 ? [previous] : [] });
      return;
    }
    component.sort((a, b) => compareText(keys[a] as string, keys[b] as string));
    const local = this.localIndex;
    for (let i = 0; i < component.length; i++) local[component[i] as number] = i;
    // Every stored weight is on the right side of the thresholds (see `pairsToRescore`), so the links
    // are known; their exact weights are needed only where their order decides a cut (below).
    let links: number[] = [];
    const separated: number[] = [];
    const rules = this.compiled.cannotLink;
    for (const slot of component) {
      for (let p = pairs.head[slot] as number; p >= 0; p = pairs.next(p, slot)) {
        if (pairs.left[p] !== slot) continue;
        if ((pairs.weight[p] as number) >= this.matchWeight) links.push(p);
        if (rules.length > 0 && pairCannotLink(rules, pairs.levels, p * pairs.width)) {
          const other = pairs.right[p] as number;
          const at = local[other] as number;
          // `local` is scratch shared by components: a slot is in this one only where it points back.
          if (at >= 0 && at < component.length && component[at] === other) separated.push(p);
        }
      }
    }
    // Steward decisions between records of this component, as local index pairs (each pair once).
    const mustLeft: number[] = [];
    const mustRight: number[] = [];
    const cannotLeft: number[] = [];
    const cannotRight: number[] = [];
    if (this.decisionSet.list().length > 0) {
      const inComponent = new Set(component);
      for (let i = 0; i < component.length; i++) {
        const key = keys[component[i] as number] as string;
        for (const otherKey of this.decisionSet.mustLinked(key)) {
          const other = this.slotOfKey.get(otherKey);
          if (other === undefined || !inComponent.has(other) || (local[other] as number) <= i) continue;
          mustLeft.push(i);
          mustRight.push(local[other] as number);
        }
        for (const otherKey of this.decisionSet.keptApart(key) ?? []) {
          const other = this.slotOfKey.get(otherKey);
          if (other === undefined || !inComponent.has(other) || (local[other] as number) <= i) continue;
          cannotLeft.push(i);
          cannotRight.push(local[other] as number);
        }
      }
    }
    // Two people inside one link component (a cannot-link rule or decision): as with two trusted values, link order decides the cut.
    let constrained = cannotLeft.length > 0 || separated.length > 0 ? 1 : 0;
    for (let t = 0; t < this.trusted.length && constrained === 0; t++) {
      const constraint = this.trusted[t] as TrustedConstraint;
      let first = -1;
      for (const slot of component) {
        const value = this.trustedValue(constraint, slot);
        if (value < 0) continue;
        if (first < 0) first = value;
        else if (value !== first) constrained = 1;
      }
    }
    if (constrained === 0) {
      // Nothing keeps two of its records apart: the component, joined by its links and must-links, is one cluster (as clusterRecords would find).
      this.keepUnconstrained(component, clusters);
      return;
    }
    const distinct = this.trusted.map((constraint) => Int32Array.from(component, (slot) => this.trustedValue(constraint, slot)));
    // Link order decides where a constrained component is cut (see `weighLinks`).
    links = this.weighLinks(links);
    const input: ClusterInput = {
      recordCount: component.length,
      left: Int32Array.from(links, (p) => local[pairs.left[p] as number] as number),
      right: Int32Array.from(links, (p) => local[pairs.right[p] as number] as number),
      weights: Float64Array.from(links, (p) => pairs.weight[p] as number),
      matchWeight: this.matchWeight,
      distinct,
      separate: {
        left: Int32Array.from(separated, (p) => local[pairs.left[p] as number] as number),
        right: Int32Array.from(separated, (p) => local[pairs.right[p] as number] as number),
      },
      ...(mustLeft.length > 0 ? { mustLink: { left: Int32Array.from(mustLeft), right: Int32Array.from(mustRight) } } : {}),
      ...(cannotLeft.length > 0 ? { cannotLink: { left: Int32Array.from(cannotLeft), right: Int32Array.from(cannotRight) } } : {}),
    };
    const clustering = clusterRecords(input);
    // Two links with the same levels and values weigh the same at any frequencies: their tie never parts.
    const margin = cutMargin(input, clustering, (a, b) => this.sameInputs(links[a] as number, links[b] as number));
    if (this.termFrequencyPairCount > 0) this.scheduleReorderCheck(component[0] as number, links, margin);
    this.keepCutWeights(component, links, margin);
    for (const index of clustering.refusedLinks) refused.add(links[index] as number);
    const members: number[][] = Array.from({ length: clustering.clusterCount }, () => []);
    for (let i = 0; i < component.length; i++) {
      const slot = component[i] as number;
      this.constrained[slot] = 1;
      this.constrainedSlots.add(slot);
      (members[clustering.clusterOf[i] as number] as number[]).push(slot);
    }
    for (const slots of members) this.pushCluster(slots, clusters);
  }

  /** A component (in record-key order) nothing keeps apart: one cluster, its records unconstrained. */
  private keepUnconstrained(component: number[], clusters: NewCluster[]): void {
    for (const slot of component) {
      this.constrained[slot] = 0;
      this.constrainedSlots.delete(slot);
    }
    this.pushCluster(component, clusters);
  }

  /** A new cluster and the entities its records continue. */
  private pushCluster(slots: number[], clusters: NewCluster[]): void {
    const previous = new Set<number>();
    for (const slot of slots) {
      const e = this.previousEntity(slot);
      if (e >= 0) previous.add(e);
    }
    clusters.push({ slots, previous: [...previous] });
  }

  /**
   * The links of a constrained component with their exact weights, whose order decides the cut: a
   * term-frequency link not scored at the current drift is scored again (two frequencies and the
   * columns' agreement rates, no pass over the values).
   */
  private weighLinks(links: readonly number[]): number[] {
    return links.filter((p) => this.exactWeight(p) >= this.matchWeight);
  }

  /** Notes a constrained component's margin and its links' weights as cut (see `keepsCut`). */
  private keepCutWeights(component: readonly number[], links: readonly number[], margin: number): void {
    const pairs = this.pairs;
    if (this.cutWeight.length < pairs.count) {
      const grown = new Float64Array(grownCapacity(pairs.count, this.cutWeight.length));
      grown.set(this.cutWeight);
      this.cutWeight = grown;
    }
    for (const p of links) this.cutWeight[p] = pairs.weight[p] as number;
    for (const slot of component) this.cutMarginOf[slot] = margin;
  }

  /**
   * Whether a link of a constrained component, rescored to `weight` (a rare value's count changed),
   * leaves its component's cut as it is: within half the margin of its weight when the component
   * was cut. The other links are kept within it by the re-check queues (`scheduleReorderCheck`).
   */
  private keepsCut(p: number, weight: number): boolean {
    const margin = this.cutMarginOf[this.pairs.left[p] as number] as number;
    return Math.abs(weight - (this.cutWeight[p] as number)) < margin / 2;
  }

  /**
   * Schedules the re-check of a constrained component's cut: when the drift could have moved two
   * links by half the margin of its cut (`cutMargin`: only a link inside a cluster passing a link
   * the cut refused can move the cut, so the gaps between two links inside clusters do not count).
   * A link moves by at most the drift plus the value drift of each common value it reads, so the
   * component is due when the drift or one of those values has moved by its share of the half
   * margin: the half margin over 1 + the most common values one link reads. A margin of 0 (a cut
   * resting on a tie that can part) falls back to the gaps between all links (`scheduleTieCheck`).
   */
  private scheduleReorderCheck(slot: number, links: readonly number[], margin: number): void {
    if (margin === Number.POSITIVE_INFINITY) return;
    if (margin <= 0) {
      this.scheduleTieCheck(slot, links);
      return;
    }
    const values = new Set<number>();
    const common = this.commonScratch;
    let most = 0;
    for (const p of links) {
      if (this.usesTermFrequency[p] !== 1) continue;
      common.length = 0;
      this.commonValuesOf(p, common);
      most = Math.max(most, common.length / 2);
      for (let i = 0; i < common.length; i += 2) values.add((common[i] as number) * VALUE_KEY_STRIDE + (common[i + 1] as number));
    }
    const share = margin / 2 / (1 + most);
    this.pushReorderCheck(slot, share, values, new Set());
  }

  /** Queues a component's re-check: at `share` more drift, and at `share` more value drift of each value (tied ones: at their next change). */
  private pushReorderCheck(slot: number, share: number, values: Iterable<number>, tied: ReadonlySet<number>): void {
    const epoch = this.visitEpoch;
    if (share !== Number.POSITIVE_INFINITY) {
      this.reorderQueue.push(slot, this.drift + share, epoch);
      this.queuedEntries++;
    }
    for (const key of values) {
      const slack = tied.has(key) ? 0 : share;
      if (slack === Number.POSITIVE_INFINITY) continue;
      const c = Math.floor(key / VALUE_KEY_STRIDE);
      const value = key % VALUE_KEY_STRIDE;
      this.valueQueue(this.valueComponentQueues, c, value).push(slot, this.valueDriftOf(c, value) + slack, epoch);
      this.queuedEntries++;
    }
  }

  /**
   * The re-check of a cut that rests on a tie: when the drift has moved two links by half the
   * smallest gap between any two of their exact weights. Links of equal weight and equal inputs
   * (levels and term-frequency values) move alike and keep their tie; equal weights from other
   * inputs have no gap, so that component is re-checked at the next change.
   */
  private scheduleTieCheck(slot: number, links: readonly number[]): void {
    const pairs = this.pairs;
    const sorted = [...links].sort((a, b) => (pairs.weight[a] as number) - (pairs.weight[b] as number));
    let gap = Number.POSITIVE_INFINITY;
    const tied: number[] = [];
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1] as number;
      const b = sorted[i] as number;
      const difference = (pairs.weight[b] as number) - (pairs.weight[a] as number);
      if (difference === 0 && this.sameInputs(a, b)) continue;
      // Equal levels and equal larger counts: the drift moves both alike; only a count of their values can part them.
      if (difference === 0 && this.sameWeightInputs(a, b)) tied.push(a, b);
      else gap = Math.min(gap, difference);
    }
    // Each link moves by at most the drift plus the value drift of the common values it reads; the
    // component is re-checked when any of these has moved by its share of half the gap. A tie is
    // re-checked at the next change of a common value it reads (a rare value's change rescores its
    // links, and a rescored link of a constrained component re-clusters it).
    const values = new Set<number>();
    const tiedValues = new Set<number>();
    const common = this.commonScratch;
    for (const [list, into] of [
      [links, values],
      [tied, tiedValues],
    ] as const) {
      for (const p of list) {
        if (list === links && this.usesTermFrequency[p] !== 1) continue;
        common.length = 0;
        this.commonValuesOf(p, common);
        for (let i = 0; i < common.length; i += 2) into.add((common[i] as number) * VALUE_KEY_STRIDE + (common[i + 1] as number));
      }
    }
    for (const key of tiedValues) values.add(key);
    const share = gap === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : gap / 2 / (1 + values.size);
    this.pushReorderCheck(slot, share, values, tiedValues);
  }

  /**
   * Whether two pairs' weights are the same function of the agreement rates: the same levels and,
   * where a level applies term frequencies, the same larger count of their two values (the
   * adjustment reads the larger frequency). Their weights then tie at any agreement rates.
   */
  private sameWeightInputs(a: number, b: number): boolean {
    const pairs = this.pairs;
    const width = pairs.width;
    for (let c = 0; c < width; c++) {
      const level = pairs.levels[a * width + c] as number;
      if (level !== pairs.levels[b * width + c]) return false;
      const column = this.termFrequencyColumns[c];
      if (column === null || column === undefined || (this.table.termFrequencyLevels[c] as Uint8Array)[level] !== 1) continue;
      // The larger count of a pair's two values; -1 when one is missing (no adjustment then).
      const largerCount = (p: number): number => {
        const one = column.ids[pairs.left[p] as number] as number;
        const other = column.ids[pairs.right[p] as number] as number;
        return one < 0 || other < 0 ? -1 : Math.max(column.counts[one] as number, column.counts[other] as number);
      };
      if (largerCount(a) !== largerCount(b)) return false;
    }
    return true;
  }

  /** Whether two pairs have the same levels and, where a level applies term frequencies, the same values. */
  private sameInputs(a: number, b: number): boolean {
    const pairs = this.pairs;
    const width = pairs.width;
    for (let c = 0; c < width; c++) {
      const level = pairs.levels[a * width + c] as number;
      if (level !== pairs.levels[b * width + c]) return false;
      const column = this.termFrequencyColumns[c];
      if (column === null || column === undefined || (this.table.termFrequencyLevels[c] as Uint8Array)[level] !== 1) continue;
      const a1 = column.ids[pairs.left[a] as number] as number;
      const a2 = column.ids[pairs.right[a] as number] as number;
      const b1 = column.ids[pairs.left[b] as number] as number;
      const b2 = column.ids[pairs.right[b] as number] as number;
      if (Math.min(a1, a2) !== Math.min(b1, b2) || Math.max(a1, a2) !== Math.max(b1, b2)) return false;
    }
    return true;
  }

  private mergeSlots(slots: readonly number[]): MergeResult<MergePersonRecord> {
    return mergeCluster(
      slots.map((slot) => this.stored[slot] as unknown as MergePersonRecord),
      this.policy,
    );
  }

  /**
   * Steps IDs → merge → commit for the clusters of the touched components: the clusters that differ
   * from the entity they continue get their IDs under the entity-ID rule, their unified records are
   * compared with before (field changes), and they are installed (replaced entities retired, their
   * IDs kept as aliases).
   */
  private applyClusters(
    clusters: readonly NewCluster[],
  ): Pick<StoreChanges, 'created' | 'attached' | 'merged' | 'split' | 'fields'> & { retired: { id: string; reason: 'withdrawn' }[]; changedSlots: number[] } {
    const { changed, replaced } = this.changedClusters(clusters);
    const changedSlots: number[] = [];
    for (const cluster of changed) for (const slot of cluster.slots) changedSlots.push(slot);
    const assignments = this.assignIds(changed, replaced);
    const described = this.describeChanges(changed, assignments);
    this.step('merge');
    const retired = this.install(changed, assignments, replaced, described.intoOf);
    this.step('install');
    const byId = (a: { id: string }, b: { id: string }) => compareText(a.id, b.id);
    return {
      created: described.created.sort(byId),
      attached: described.attached.sort(byId),
      merged: described.merged.sort(byId),
      split: described.split.sort(byId),
      retired,
      fields: described.fields.sort(byId),
      changedSlots,
    };
  }

  /** The clusters that are not exactly an entity as it was, and the entities they replace (each wholly re-clustered). */
  private changedClusters(clusters: readonly NewCluster[]): { changed: NewCluster[]; replaced: Set<number> } {
    const changed: NewCluster[] = [];
    for (const cluster of clusters) {
      const only = cluster.previous.length === 1 ? (cluster.previous[0] as number) : -1;
      if (
        only >= 0 &&
        !this.membersBefore.has(only) &&
        (this.rankChanged.size === 0 || !cluster.slots.some((slot) => this.rankChanged.has(slot))) &&
        (this.entityMembers[only] as number[]).length === cluster.slots.length &&
        cluster.slots.every((slot) => this.entityOf[slot] === only)
      ) {
        continue; // the same records as before: same ID, same unified values
      }
      changed.push(cluster);
    }
    const replaced = new Set<number>();
    for (const cluster of changed) for (const e of cluster.previous) replaced.add(e);
    const covered = new Map<number, number>();
    for (const cluster of changed) {
      for (const slot of cluster.slots) {
        const e = this.entityOf[slot] as number;
        if (e >= 0) covered.set(e, (covered.get(e) ?? 0) + 1);
      }
    }
    for (const e of replaced) {
      if ((covered.get(e) ?? 0) !== (this.entityMembers[e] as number[]).length)
        throw new PadanError('internal', 'EntityStore: an entity was re-clustered only in part');
    }
    return { changed, replaced };
  }

  /** Step IDs: the entity-ID rule (docs/store.md), written once in cluster/entityIds.ts. */
  private assignIds(changed: readonly NewCluster[], replaced: ReadonlySet<number>): EntityIdAssignment[] {
    return assignEntityIds(
      changed.map((cluster) =>
        cluster.slots.map((slot): EntityIdMember => {
          const e = this.previousEntity(slot);
          const key = this.keys[slot] as string;
          const rank = this.rankOf(slot);
          return e < 0 ? { key, rank } : { key, rank, previous: { id: this.entityIds[e] as string, anchorKey: this.entityAnchors[e] as string } };
        }),
      ),
      {
        isTakenElsewhere: (id) => {
          const e = this.entityById.get(id);
          return e !== undefined && !replaced.has(e);
        },
      },
    );
  }

  /** Step merge: what each changed cluster is (created, attached, merged, split) and its unified fields that changed. */
  private describeChanges(changed: readonly NewCluster[], assignments: readonly EntityIdAssignment[]) {
    const created: { id: string; records: StoreRecordRef[] }[] = [];
    const attached: { id: string; previousId?: string; records: StoreRecordRef[] }[] = [];
    const merged: { id: string; retired: string[]; records: StoreRecordRef[]; rule: 'older-id' }[] = [];
    const split: { id: string; into: string[] }[] = [];
    const fields: FieldChange[] = [];
    const intoOf = new Map<number, string[]>();
    for (let c = 0; c < changed.length; c++) {
      const cluster = changed[c] as NewCluster;
      const id = (assignments[c] as (typeof assignments)[number]).id;
      for (const e of cluster.previous) {
        const into = intoOf.get(e);
        if (into === undefined) intoOf.set(e, [id]);
        else into.push(id);
      }
    }
    for (const [e, into] of intoOf) {
      if (into.length > 1) split.push({ id: this.entityIds[e] as string, into: [...into].sort(compareText) });
    }
    const assignedIds = new Set(assignments.map((assignment) => assignment.id));
    const unifiedBefore = new Map<number, Record<string, unknown>>();
    for (let c = 0; c < changed.length; c++) {
      const cluster = changed[c] as NewCluster;
      const assignment = assignments[c] as (typeof assignments)[number];
      const fresh = cluster.slots.filter((slot) => this.entityOf[slot] === -1).map((slot) => this.refOf(slot));
      if (cluster.previous.length === 0) {
        created.push({ id: assignment.id, records: fresh });
        continue;
      }
      const previousIds = cluster.previous.map((e) => this.entityIds[e] as string);
      if (cluster.previous.length === 1 && (intoOf.get(cluster.previous[0] as number) as string[]).length === 1) {
        const previousId = previousIds[0] as string;
        if (fresh.length > 0 || previousId !== assignment.id) {
          attached.push({ id: assignment.id, ...(previousId === assignment.id ? {} : { previousId }), records: fresh });
        }
      } else if (cluster.previous.length > 1) {
        const retiredIds = previousIds.filter((id) => id !== assignment.id && !assignedIds.has(id)).sort(compareText);
        merged.push({ id: assignment.id, retired: retiredIds, records: fresh, rule: 'older-id' });
      }
      // The entity this one continues: the one whose ID it keeps, else the one that held its smallest old record.
      let predecessorEntity = cluster.previous.find((e) => this.entityIds[e] === assignment.id);
      if (predecessorEntity === undefined) predecessorEntity = this.previousEntity(cluster.slots.find((slot) => this.previousEntity(slot) >= 0) as number);
      // The parts of a split all continue it: its unified record is merged once, not once per part.
      let before = unifiedBefore.get(predecessorEntity);
      if (before === undefined) {
        const predecessor = this.membersBefore.get(predecessorEntity) ?? (this.entityMembers[predecessorEntity] as number[]);
        before = this.mergeSlots(predecessor).unified as Record<string, unknown>;
        unifiedBefore.set(predecessorEntity, before);
      }
      const after = this.mergeSlots(cluster.slots).unified as Record<string, unknown>;
      for (const field of unifiedFields(before, after)) {
        const from = before[field] ?? null;
        const to = after[field] ?? null;
        // Equal data (most fields of an attach) has equal canonical JSON: only the rest is written out.
        if (from !== to && !dataEqual(from, to) && canonicalJson(from) !== canonicalJson(to))
          fields.push({ id: assignment.id, field, before: from, after: to });
      }
    }
    return { created, attached, merged, split, fields, intoOf };
  }

  /** Step commit: retires the replaced entities (their IDs become aliases of the entity that absorbed them) and installs the new ones. */
  private install(
    changed: readonly NewCluster[],
    assignments: readonly EntityIdAssignment[],
    replaced: ReadonlySet<number>,
    intoOf: ReadonlyMap<number, string[]>,
  ): { id: string; reason: 'withdrawn' }[] {
    const assignedIds = new Set(assignments.map((assignment) => assignment.id));
    const absorbedInto = new Map<string, string>();
    for (const assignment of assignments) for (const id of assignment.absorbed) absorbedInto.set(id, assignment.id);
    const retired: { id: string; reason: 'withdrawn' }[] = [];
    for (const e of replaced) {
      const id = this.entityIds[e] as string;
      this.entityById.delete(id);
      this.entityMembers[e] = null;
      this.freeEntities.push(e);
      if (assignedIds.has(id)) continue;
      const into = absorbedInto.get(id) ?? (intoOf.get(e) as string[])[0];
      if (into !== undefined) this.aliases.set(id, { into });
      else {
        this.aliases.set(id, { withdrawn: true });
        retired.push({ id, reason: 'withdrawn' });
      }
    }
    for (let c = 0; c < changed.length; c++) {
      const cluster = changed[c] as NewCluster;
      const assignment = assignments[c] as (typeof assignments)[number];
      const e = this.freeEntities.pop() ?? this.entityIds.length;
      this.entityIds[e] = assignment.id;
      this.entityAnchors[e] = assignment.anchorKey;
      this.entityMembers[e] = [...cluster.slots];
      this.entityById.set(assignment.id, e);
      this.aliases.delete(assignment.id);
      for (const slot of cluster.slots) this.entityOf[slot] = e;
    }
    return retired;
  }

  private reviewItem(p: number, reason: ReviewReason): StoreReviewItem {
    const pairs = this.pairs;
    const left = pairs.left[p] as number;
    const right = pairs.right[p] as number;
    const weight = this.exactWeight(p);
    return {
      left: this.refOf(left),
      right: this.refOf(right),
      leftEntity: this.entityIds[this.entityOf[left] as number] as string,
      rightEntity: this.entityIds[this.entityOf[right] as number] as string,
      matchWeight: weight,
      matchProbability: matchProbability(weight),
      reason,
    };
  }

  /**
   * What an ID stands for now: itself while live, the entity that absorbed it for a retired ID
   * (following later merges), `withdrawn` when every record of it was withdrawn; undefined for an ID
   * the store never issued.
   *
   * @example
   * engine.resolveId(retiredId) // { status: 'merged', id: 'P9a…', into: 'P3f…' }
   */
  resolveId(id: string): IdResolution | undefined {
    if (this.entityById.has(id)) return { status: 'live', id };
    if (typeof id === 'string' && (id.startsWith('F') || id.startsWith('H'))) return this.groups.resolveId(id);
    let alias = this.aliases.get(id);
    if (alias === undefined) return undefined;
    // A chain of merges; its length is bounded by the number of retired IDs.
    for (let steps = 0; steps <= this.aliases.size; steps++) {
      if ('withdrawn' in alias) return { status: 'withdrawn', id };
      if (this.entityById.has(alias.into)) return { status: 'merged', id, into: alias.into };
      const next = this.aliases.get(alias.into);
      if (next === undefined) break;
      alias = next;
    }
    throw new PadanError('internal', 'EntityStore: a retired ID does not resolve');
  }

  /** The live ID an ID resolves to, if any (a withdrawn entity has none). */
  private currentId(id: string): string | undefined {
    const resolution = this.resolveId(id);
    return resolution === undefined || resolution.status === 'withdrawn' ? undefined : resolution.status === 'live' ? resolution.id : resolution.into;
  }

  /**
   * One entity with its records and unified record (merged on demand, not stored). Retired IDs resolve.
   *
   * @example
   * store.entity('P3f…')?.merge.unified.name // 'SITI AMINAH'
   */
  entity(id: string): StoredEntity | undefined {
    const current = this.currentId(id);
    if (current === undefined) return undefined;
    const slots = this.entityMembers[this.entityById.get(current) as number] as number[];
    return { id: current, records: slots.map((slot) => this.stored[slot] as PersonRecord), merge: this.mergeSlots(slots) };
  }

  /**
   * The ID of the entity holding a record, or undefined if the record is not stored.
   *
   * @example
   * store.entityOfRecord({ source: 'dtks', recordId: 'D-17' }) // 'P3f…'
   */
  entityOfRecord(ref: StoreRecordRef): string | undefined {
    checkRef(ref, 'EntityStore#entityOfRecord');
    const slot = this.slotOfKey.get(`${ref.source}\u0000${ref.recordId}`);
    return slot === undefined ? undefined : this.entityIds[this.entityOf[slot] as number];
  }

  /**
   * Every entity: ID and record references in (source, recordId) order, entities by ID.
   *
   * @example
   * store.entities()[0] // { id: 'P00a…', records: [{ source: 'dtks', recordId: 'D-1' }, …] }
   */
  entities(): { readonly id: string; readonly records: readonly StoreRecordRef[] }[] {
    return [...this.entityById.entries()]
      .sort((a, b) => compareText(a[0], b[0]))
      .map(([id, e]) => ({ id, records: (this.entityMembers[e] as number[]).map((slot) => this.refOf(slot)) }));
  }

  /**
   * The whole review queue, strongest first (ties by record key).
   *
   * @example
   * store.review()[0] // { reason: 'uncertain', matchWeight: 1.4, left: {…}, right: {…}, … }
   */
  review(): StoreReviewItem[] {
    const items = [...this.reviewOf].map(([p, reason]) => this.reviewItem(p, reason));
    sortReview(items);
    return items;
  }

  /**
   * Retired IDs and what each resolves to (what snapshots save to keep old IDs resolvable).
   *
   * @example
   * engine.aliasEntries() // [['P9a…', { into: 'P3f…' }], ['P0c…', { withdrawn: true }]]
   */
  aliasEntries(): [string, Alias][] {
    return [...this.aliases.entries()].sort((a, b) => compareText(a[0], b[0]));
  }

  /**
   * Live entities' IDs with the record each ID belongs to (snapshots save them: after a withdrawal an
   * ID no longer follows from the records alone).
   */
  entityAnchorEntries(): [string, StoreRecordRef][] {
    return [...this.entityById.entries()].sort((a, b) => compareText(a[0], b[0])).map(([id, e]) => [id, refOfKey(this.entityAnchors[e] as string)]);
  }

  /**
   * Restores IDs after a snapshot reload: retired IDs as they were, and each live entity's ID on
   * the record it belongs to. Snapshot loading only.
   */
  restoreIds(anchors: readonly [string, StoreRecordRef][], aliases: readonly [string, Alias][]): number[] {
    const renamed: number[] = [];
    for (const [id, ref] of anchors) {
      const key = `${ref.source}\u0000${ref.recordId}`;
      const slot = this.slotOfKey.get(key);
      if (slot === undefined) throw new PadanError('invalid-snapshot', `entity-store snapshot: entity ${id} belongs to a record not in matching`);
      const e = this.entityOf[slot] as number;
      const old = this.entityIds[e] as string;
      if (old !== id) renamed.push(slot);
      if (this.entityById.get(old) === e) this.entityById.delete(old);
      this.entityIds[e] = id;
      this.entityAnchors[e] = key;
      this.entityById.set(id, e);
    }
    if (this.entityById.size !== anchors.length) throw new PadanError('invalid-snapshot', 'entity-store snapshot: its entities do not match its records');
    this.aliases.clear();
    for (const [id, alias] of aliases) {
      if (this.entityById.has(id)) throw new PadanError('invalid-snapshot', `entity-store snapshot: retired ID ${id} is also live`);
      this.aliases.set(id, alias);
    }
    for (const [id] of aliases) this.resolveId(id);
    return renamed;
  }

  /** A record's first-seen date (the earliest observedAt offered for it), if the store knows the record. */
  firstSeenOf(ref: StoreRecordRef): string | undefined {
    return this.firstSeen.get(`${ref.source}\u0000${ref.recordId}`);
  }

  /** Restores histories, first-seen dates and the audit log after a snapshot reload (snapshot loading only). */
  restoreHistories(
    entries: readonly { readonly ref: StoreRecordRef; readonly versions: readonly PersonRecord[]; readonly withdrawn?: History['withdrawn'] }[],
    firstSeen: readonly (readonly [StoreRecordRef, string])[],
    audit: readonly AuditEntry[],
  ): void {
    for (const entry of entries) {
      const key = `${entry.ref.source}\u0000${entry.ref.recordId}`;
      const history = this.histories.get(key);
      if (entry.withdrawn !== undefined) {
        if (history !== undefined) throw new PadanError('invalid-snapshot', `entity-store snapshot: withdrawn record ${maskKey(key)} is also in matching`);
        this.histories.set(key, { versions: [...entry.versions], withdrawn: entry.withdrawn });
      } else {
        if (history === undefined) throw new PadanError('invalid-snapshot', `entity-store snapshot: the history of ${maskKey(key)} has no current record`);
        history.versions.unshift(...entry.versions);
      }
    }
    for (const entry of entries) {
      const key = `${entry.ref.source}\u0000${entry.ref.recordId}`;
      if (!this.firstSeen.has(key)) this.firstSeen.set(key, observedAtOf(entry.versions[0] as PersonRecord));
    }
    for (const [ref, at] of firstSeen) this.firstSeen.set(`${ref.source}\u0000${ref.recordId}`, at);
    this.audit.length = 0;
    for (const entry of audit) this.audit.push(entry);
  }

  /**
   * Current versions of the records in matching, in canonical (source, recordId) order.
   *
   * @example
   * engine.records().length === engine.recordCount // true
   */
  records(): PersonRecord[] {
    return [...this.slotOfKey.entries()].sort((a, b) => compareText(a[0], b[0])).map(([, slot]) => this.stored[slot] as PersonRecord);
  }

  /** Every record's history (versions oldest first, withdrawal), by record key order. */
  histories_(): [string, RecordHistory][] {
    return [...this.histories.entries()].sort((a, b) => compareText(a[0], b[0])).map(([key, history]) => [key, this.historyView(key, history)]);
  }

  private historyView(key: string, history: History): RecordHistory {
    return { record: refOfKey(key), versions: [...history.versions], ...(history.withdrawn === undefined ? {} : { withdrawn: { ...history.withdrawn } }) };
  }

  /**
   * A record's versions (oldest first) and withdrawal, or undefined for a record never stored.
   *
   * @example
   * engine.history({ source: 'dtks', recordId: 'D-17' })?.versions.length // 2
   */
  history(ref: StoreRecordRef, options?: HistoryOptions): RecordHistory<PersonRecord | FamilyRecord | DwellingRecord> | undefined {
    checkRef(ref, 'EntityStore#history');
    const kind = recordKindOf(options?.kind, 'EntityStore#history');
    if (kind !== 'person') return this.groups.history(kind, ref);
    const key = `${ref.source}\u0000${ref.recordId}`;
    const history = this.histories.get(key);
    return history === undefined ? undefined : this.historyView(key, history);
  }

  /**
   * The live candidate pairs as record-key pairs (smaller key first), sorted: what blocking holds
   * now, for tests that check it against `blockRecords` over the same records.
   *
   * @example
   * engine.candidatePairs()[0] // ['dtks\u0000D-1', 'dukcapil\u0000K-9']
   */
  candidatePairs(): [string, string][] {
    const pairs = this.pairs;
    const out: [string, string][] = [];
    for (let p = 0; p < pairs.count; p++) {
      if (pairs.mask[p] === 0) continue;
      out.push([this.keys[pairs.left[p] as number] as string, this.keys[pairs.right[p] as number] as string]);
    }
    return out.sort((a, b) => compareText(a[0], b[0]) || compareText(a[1], b[1]));
  }

  /**
   * Every family: what `groupFamilies` gives over the store's records, with persons by ID, by family ID.
   *
   * @example
   * engine.families()[0] // { id: 'F…', kks: ['3201…'], members: ['P0c…', 'P9a…'], head: 'P0c…', … }
   */
  families(): StoredFamily[] {
    return this.groups.familyList();
  }

  /** One family by ID; a retired ID resolves to the family that absorbed it. */
  family(id: string): StoredFamily | undefined {
    return typeof id === 'string' ? this.groups.family(id) : undefined;
  }

  /** Every household, by household ID. */
  households(): StoredHousehold[] {
    return this.groups.householdList();
  }

  /** One household by ID; a retired ID resolves. */
  household(id: string): StoredHousehold | undefined {
    return typeof id === 'string' ? this.groups.household(id) : undefined;
  }

  /** Whether the store ever took a family or dwelling record. */
  holdsGroupRecords(): boolean {
    return this.groups.holdsRecords();
  }

  /** The family and dwelling side of the store as a snapshot writes it (snapshot writing only). */
  groupSnapshot() {
    return { records: this.groups.recordEntries(), histories: this.groups.historyEntries(), ids: this.groups.idEntries(), aliases: this.groups.aliasEntries() };
  }

  /** Starts noting, afresh, the family and household IDs writes change (the PostgreSQL store writes their rows). */
  trackGroupIds(): void {
    this.groups.trackIds();
  }

  /** The family and household IDs changed since `trackGroupIds` or the last call. */
  takeTouchedGroupIds(): { readonly families: string[]; readonly households: string[] } {
    return this.groups.takeTouchedIds();
  }

  /** A family or household ID now: live on its record (tagged key), retired, or unknown. */
  groupIdState(kind: 'family' | 'household', id: string): { readonly anchor: string } | { readonly alias: GroupAlias } | undefined {
    return this.groups.idState(kind, id);
  }

  /** A family or dwelling record's first-seen date, if the store knows the record. */
  groupFirstSeenOf(kind: GroupKind, ref: StoreRecordRef): string | undefined {
    return this.groups.firstSeenOf(kind, ref);
  }

  /** Restores group histories, first-seen dates and IDs after a snapshot reload or a replica's build from tables (after `restoreIds`). */
  restoreGroups(input: GroupSnapshot): void {
    this.groups.restore(input);
  }

  /** The KK splits, merges and reissues the cards show now. */
  familyEvents(): StoreFamilyEvent[] {
    return this.groups.eventList();
  }

  /** Counts of the store. */
  stats(): StoreStats {
    let withdrawn = 0;
    let superseded = 0;
    for (const history of this.histories.values()) {
      if (history.withdrawn !== undefined) withdrawn++;
      superseded += history.versions.length - (history.withdrawn === undefined ? 1 : 0);
    }
    return {
      records: this.liveRecords,
      entities: this.entityById.size,
      withdrawn,
      superseded,
      decisions: this.decisionSet.list().length,
      aliases: this.aliases.size,
    };
  }

  /**
   * The blocking rows of records in matching, `[rule, block key, window sort key, source, recordId]`:
   * of every one (by rule, then block), or of the records named (those in matching). A database
   * that answers lookups itself keeps them (the PostgreSQL store's `block_keys`).
   *
   * @example
   * [...engine.blockingRows([{ source: 'dtks', recordId: 'D-1' }])][0] // [0, '3201014508800001', '', 'dtks', 'D-1']
   */
  *blockingRows(refs?: readonly StoreRecordRef[]): Generator<[number, string, string, string, string]> {
    const columns = this.columns.view();
    const rules = this.index.rules;
    if (refs === undefined) {
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r] as (typeof rules)[number];
        for (const [key, members] of this.index.blocks[r] as Map<string, number | number[]>) {
          for (const slot of typeof members === 'number' ? [members] : members) {
            const ref = this.refOf(slot);
            yield [r, key, windowSortKey(rule, columns, slot), ref.source, ref.recordId];
          }
        }
      }
      return;
    }
    for (const ref of refs) {
      const slot = this.slotOfKey.get(`${ref.source}\u0000${ref.recordId}`);
      if (slot === undefined) continue;
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r] as (typeof rules)[number];
        const key = blockingKeyOf(rule, columns, slot);
        if (key !== null) yield [r, key, windowSortKey(rule, columns, slot), ref.source, ref.recordId];
      }
    }
  }

  /**
   * The term-frequency columns: their key, how many records in matching have a value, and the exact
   * agreement rate (what lookups score with).
   */
  termFrequencyState(): { readonly column: string; readonly present: number; readonly agreementRate: number }[] {
    return this.distinctTermFrequencyColumns().map((column) => ({ column: column.key, present: column.present, agreementRate: column.agreementRate }));
  }

  /** The term-frequency columns, each once (two comparisons may read one column). */
  private distinctTermFrequencyColumns(): GrowableColumn[] {
    return [...new Set(this.termFrequencyColumns.filter((column): column is GrowableColumn => column !== null))];
  }

  /** Every value of the term-frequency columns held by records in matching, with its count: `[column, value, count]`. */
  *termFrequencyCounts(): Generator<[string, string, number]> {
    for (const column of this.distinctTermFrequencyColumns()) {
      const key = column.key;
      for (const [text, id] of column.idOf) {
        const count = column.counts[id] as number;
        if (count > 0) yield [key, text, count];
      }
    }
  }

  /** The term-frequency values of the records named that are in matching: `[column, value]`. */
  termFrequencyValues(refs: readonly StoreRecordRef[]): [string, string][] {
    const out: [string, string][] = [];
    const columns = this.distinctTermFrequencyColumns();
    for (const ref of refs) {
      const slot = this.slotOfKey.get(`${ref.source}\u0000${ref.recordId}`);
      if (slot === undefined) continue;
      for (const column of columns) {
        const id = column.ids[slot] as number;
        if (id >= 0) out.push([column.key, column.valueTexts[id] as string]);
      }
    }
    return out;
  }

  /** The records of a live entity (none for an ID not live), without merging them. */
  entityRecordRefs(id: string): StoreRecordRef[] {
    const e = this.entityById.get(id);
    return e === undefined ? [] : (this.entityMembers[e] as number[]).map((slot) => this.refOf(slot));
  }

  /** The record a live entity's ID belongs to (undefined for an ID not live). */
  entityAnchor(id: string): StoreRecordRef | undefined {
    const e = this.entityById.get(id);
    return e === undefined ? undefined : refOfKey(this.entityAnchors[e] as string);
  }

  /** How many records in matching hold `value` in term-frequency column `column` (0 when none). */
  termFrequencyCount(column: string, value: string): number {
    const growable = this.columns.columns.get(column);
    const id = growable?.idOf.get(value);
    return id === undefined ? 0 : ((growable as GrowableColumn).counts[id] ?? 0);
  }

  /**
   * The entities a record would match, best first, with scores and explanations; changes nothing.
   * The probe is blocked and compared exactly as if it were added (term frequencies of the store);
   * it is normalized with the person schema first when the store validates and the probe passes.
   *
   * @example
   * const { candidates } = store.lookup({ source: 'citizen', recordId: 'S-1', name: 'Siti Aminah', birthDate: '1980-03-12', … });
   * candidates[0]?.decision // 'match'
   */
  lookup(input: unknown, options?: LookupOptions): LookupResult {
    const limit = options?.limit ?? 5;
    const explain = options?.explain !== false;
    const record = normalizeLookupProbe(input, this.validate);
    // Lookups show exact weights: the columns' exact rates first (cached until the next write).
    this.ensureExact();
    const columns = this.columns.view();
    const probe = this.columns.setProbe(record);
    const source = this.compiled.readSource(record);
    const id = this.compiled.readId(record);
    // Only a string source and id can name a stored record; anything else (unvalidated input) cannot.
    const probeKey = typeof source !== 'string' || typeof id !== 'string' ? '\uffff' : this.keyOf(record);
    const found = new Set<number>();
    this.index.candidates(probe, probeKey, columns, this.keys, found);
    if (found.size === 0) return { candidates: [], compared: 0 };
    const slots = [...found];
    const left = new Int32Array(slots.length);
    const right = new Int32Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      const probeFirst = probeKey < (this.keys[slot] as string);
      left[i] = probeFirst ? probe : slot;
      right[i] = probeFirst ? slot : probe;
    }
    const vectors = comparePairs(this.compiled.comparisons, columns, left, right);
    const weights = scorePairs(this.table, this.compiled, columns, left, right, vectors);
    const best = new Map<number, number>();
    for (let i = 0; i < slots.length; i++) {
      const e = this.entityOf[slots[i] as number] as number;
      const current = best.get(e);
      if (current === undefined) best.set(e, i);
      else {
        const w = weights[i] as number;
        const cw = weights[current] as number;
        if (w > cw || (w === cw && (this.keys[slots[i] as number] as string) < (this.keys[slots[current] as number] as string))) best.set(e, i);
      }
    }
    const ranked = [...best.entries()]
      .sort((a, b) => (weights[b[1]] as number) - (weights[a[1]] as number) || compareText(this.entityIds[a[0]] as string, this.entityIds[b[0]] as string))
      .slice(0, limit);
    const candidates: LookupCandidate[] = ranked.map(([e, i]) => {
      const weight = weights[i] as number;
      return {
        id: this.entityIds[e] as string,
        record: this.refOf(slots[i] as number),
        matchWeight: weight,
        matchProbability: matchProbability(weight),
        decision: weight >= this.matchWeight ? 'match' : weight >= this.reviewWeight ? 'review' : 'non-match',
        ...(explain ? { explanation: explainPair(this.model, this.compiled, this.table, columns, left[i] as number, right[i] as number) } : {}),
      };
    });
    return { candidates, compared: slots.length };
  }
}

function recordKindOf(kind: unknown, fn: string): StoreRecordKind {
  if (kind === undefined || kind === 'person' || kind === 'family' || kind === 'dwelling') return kind ?? 'person';
  throw new PadanError('invalid-argument', `${fn}: options.kind must be 'person', 'family' or 'dwelling'`);
}

function observedAtOf(record: PersonRecord): string {
  const value = (record as { observedAt?: unknown }).observedAt;
  return typeof value === 'string' ? value : '';
}

function refOfKey(key: string): StoreRecordRef {
  const cut = key.indexOf('\u0000');
  return { source: key.slice(0, cut), recordId: key.slice(cut + 1) };
}

/** The review queue's order (cluster/reviewReason.ts, shared with batch resolution): records by key. */
const byReviewOrder = reviewOrder((a: StoreRecordRef, b: StoreRecordRef) => compareText(`${a.source}\u0000${a.recordId}`, `${b.source}\u0000${b.recordId}`));

/** Sorts review items into the queue's order; both backends use it. */
export function sortReview(items: StoreReviewItem[]): void {
  items.sort(byReviewOrder);
}

/** Throws unless `ref` is `{ source, recordId }` with string values (a hostile key must not reach a template). Both backends use it. */
export function checkRef(ref: unknown, fn: string): void {
  const r = ref as { source?: unknown; recordId?: unknown } | null;
  if (typeof r !== 'object' || r === null || typeof r.source !== 'string' || typeof r.recordId !== 'string') {
    throw new PadanError('invalid-argument', `${fn}: the record reference must be { source, recordId } (strings)`);
  }
}
