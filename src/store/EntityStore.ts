import { PadanError } from '../_internal/error.js';
import { canonicalJson, fingerprint } from '../_internal/hash.js';
import { batchEntityId, naturalEntityId } from '../cluster/entityIds.js';
import { pairCannotLink } from '../cluster/cannotLinkPairs.js';
import { clusterRecords } from '../cluster/clusterRecords.js';
import { compilePolicy, type CompiledPolicy } from '../merge/compilePolicy.js';
import { mergeCluster } from '../merge/mergeCluster.js';
import type { MergePersonRecord, MergeResult } from '../merge/types.js';
import type { PersonRecord } from '../schema/person.js';
import { validateBatch, validatePerson } from '../schema/validate.js';
import { comparePairs } from '../comparisons/comparePairs.js';
import { compileModel, type CompiledModel } from '../model/compileModel.js';
import { explainPair } from '../score/explainPair.js';
import type { TrainedModel } from '../model/modelSpec.js';
import { matchProbability, scorePairs, termFrequencyAdjustment, weightTable, type WeightTable } from '../score/scorePairs.js';
import { BlockingIndex } from './_blockingIndex.js';
import { PairStore } from './_pairStore.js';
import { StoreColumns, type GrowableColumn } from './_storeColumns.js';
import type {
  AddRecordsOptions,
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

type ReviewReason = StoreReviewItem['reason'];

interface TrustedConstraint {
  readonly column: GrowableColumn;
  readonly sources: ReadonlySet<string>;
}

interface NewCluster {
  readonly id: string;
  readonly slots: readonly number[];
  /** Distinct old entity numbers among its records. */
  readonly previous: readonly number[];
}

/** Packed pair keys ((left·stride + right)·32 + rule) must stay below 2^53. */
const MAX_RECORDS = 16_000_000;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const observedAtOf = (record: unknown): string => {
  const value = (record as { observedAt?: unknown } | undefined)?.observedAt;
  return typeof value === 'string' ? value : '';
};

/*
 * The append-only, synchronous matching engine that the PostgreSQL store (padan/postgres) replicates
 * in each process. The public in-memory store is `MemoryEntityStore` (the asynchronous `EntityStore`
 * contract of docs/store.md, with versions, withdrawals and decisions); this engine takes new records
 * only, and gives each entity the ID of its oldest record (first observedAt, then record key), the
 * rule `resolvePersons` and `MemoryEntityStore` apply without history.
 */
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
 *   (strongest link first, ties by record key, distinct trusted NIKs, cannot-link pairs): clusters of untouched
 *   components cannot differ.
 *
 * **IDs.** An entity's ID is `P` + hash64 of its oldest record's key — the rule `resolvePersons`
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
export class EntityStore {
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
  /** Scratch: a slot's index within the component being clustered. */
  private localIndex = new Int32Array(1024);
  private readonly entityIds: string[] = [];
  private readonly entityMembers: (number[] | null)[] = [];
  private readonly freeEntities: number[] = [];
  private readonly entityById = new Map<string, number>();
  private readonly aliases = new Map<string, number>();
  private readonly reviewOf = new Map<number, ReviewReason>();
  private termFrequencyPairs: number[] = [];

  constructor(options: CreateEntityStoreOptions) {
    const model = options?.model;
    if ((model as { kind?: unknown } | undefined)?.kind !== 'padan/model') {
      throw new PadanError('invalid-argument', 'createEntityStore: `model` must be a trained model (kind "padan/model")');
    }
    this.model = model;
    this.compiled = compileModel(model.spec);
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
    this.index = new BlockingIndex(this.compiled.blockingRules);
    this.pairs = new PairStore(this.compiled.comparisons.length);
  }

  /** Stored records. */
  get recordCount(): number {
    return this.keys.length;
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
   * Resolves a batch against everything stored and returns what changed. Records whose
   * (source, recordId) is already stored are rejected as `duplicate-record` (a store never rewrites
   * history; the first copy in a batch is kept).
   *
   * @example
   * const changes = store.add(records);
   * changes.merged // [{ id: 'P3f…', retired: ['P9a…'], rule: 'older-id', … }]
   */
  add(input: readonly unknown[], options?: AddRecordsOptions): StoreChanges {
    const started = performance.now();
    if (!Array.isArray(input)) throw new PadanError('invalid-argument', 'EntityStore#add: input must be an array of records');
    const rejected: StoreRejection[] = [];
    let valid: readonly PersonRecord[];
    let validIndexes: readonly number[];
    if (options?.validate ?? this.validate) {
      const batch = validateBatch(input, 'person', { malformedIds: 'keep-in-extra' });
      valid = batch.valid;
      validIndexes = batch.validIndexes;
      for (const rejection of batch.rejected) {
        rejected.push({
          index: rejection.index,
          ...(rejection.source === undefined ? {} : { source: rejection.source }),
          ...(rejection.recordId === undefined ? {} : { recordId: rejection.recordId }),
          reason: 'invalid',
          issues: rejection.issues,
        });
      }
    } else {
      valid = input as readonly PersonRecord[];
      validIndexes = input.map((_, i) => i);
    }

    const fresh: { key: string; record: PersonRecord }[] = [];
    const inBatch = new Set<string>();
    for (let i = 0; i < valid.length; i++) {
      const record = valid[i] as PersonRecord;
      const key = this.keyOf(record);
      if (this.slotOfKey.has(key) || inBatch.has(key)) {
        rejected.push({
          index: validIndexes[i] as number,
          source: String(this.compiled.readSource(record)),
          recordId: String(this.compiled.readId(record)),
          reason: 'duplicate-record',
          issues: [],
        });
        continue;
      }
      inBatch.add(key);
      fresh.push({ key, record });
    }
    rejected.sort((a, b) => a.index - b.index);
    fresh.sort((a, b) => compareText(a.key, b.key));

    const start = this.keys.length;
    const end = start + fresh.length;
    const newSlots: number[] = [];
    for (let i = 0; i < fresh.length; i++) {
      const { key, record } = fresh[i] as (typeof fresh)[number];
      this.keys.push(key);
      this.stored.push(record);
      this.slotOfKey.set(key, start + i);
      newSlots.push(start + i);
    }
    const stageMs = { prepare: 0, block: 0, score: 0, rescore: 0, cluster: 0, merge: 0, review: 0 };
    const report = {
      recordsIn: input.length,
      recordsAdded: fresh.length,
      versionsApplied: 0,
      unchanged: 0,
      pairsAdded: 0,
      pairsRemoved: 0,
      pairsRescored: 0,
      recordsReclustered: 0,
      elapsedMs: 0,
      stageMs,
    };
    if (fresh.length === 0) {
      report.elapsedMs = performance.now() - started;
      return { created: [], attached: [], merged: [], split: [], retired: [], fields: [], review: [], rejected, versions: [], withdrawn: [], report };
    }

    let mark = performance.now();
    const lap = (stage: keyof typeof stageMs): void => {
      const now = performance.now();
      stageMs[stage] += now - mark;
      mark = now;
    };
    this.columns.append(
      fresh.map((item) => item.record),
      this.keys,
    );
    this.pairs.ensureSlots(end + 1);
    this.growSlots(end + 1);
    for (const slot of newSlots) this.entityOf[slot] = -1;

    const pairs = this.pairs;
    const matchWeight = this.matchWeight;
    const reviewWeight = this.reviewWeight;
    const seeds: number[] = [...newSlots];
    const reviewCheck = new Set<number>();
    const createdPairs: number[] = [];
    // A pair the insertion adds has a new record, so it can only exist if another rule of this same
    // batch made it too. Emitted pairs are packed as (left·stride + right)·32 + rule into one typed
    // array and sorted, so duplicates meet: no per-pair object, no Map (which caps at 2^24 entries and
    // a big batch emits more), no scan of a record's pair list (quadratic in windowed blocks).
    const stride = end + 1;
    if (stride > MAX_RECORDS) throw new PadanError('invalid-argument', `EntityStore holds at most ${MAX_RECORDS} records`);
    let emitted = new Float64Array(Math.max(1024, fresh.length * 8));
    let emittedCount = 0;

    lap('prepare');
    // 1. Blocking: the pairs the new records bring, and old pairs pushed out of a window.
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
    for (let i = 0; i < emittedCount; ) {
      const pairKey = Math.floor((sorted[i] as number) / 32);
      let mask = 0;
      for (; i < emittedCount && Math.floor((sorted[i] as number) / 32) === pairKey; i++) mask |= 1 << ((sorted[i] as number) % 32);
      createdPairs.push(pairs.create(Math.floor(pairKey / stride), pairKey % stride, mask));
    }
    report.pairsAdded = createdPairs.length;

    lap('block');
    // 2. Compare and score the new pairs with the engine's own functions.
    const oldTermFrequencyPairs = this.termFrequencyPairs.length;
    if (createdPairs.length > 0) {
      const left = Int32Array.from(createdPairs, (p) => pairs.left[p] as number);
      const right = Int32Array.from(createdPairs, (p) => pairs.right[p] as number);
      const vectors = comparePairs(this.compiled.comparisons, this.columns.view(), left, right);
      const weights = scorePairs(this.table, this.compiled, this.columns.view(), left, right, vectors);
      const width = pairs.width;
      for (let i = 0; i < createdPairs.length; i++) {
        const p = createdPairs[i] as number;
        const weight = weights[i] as number;
        pairs.weight[p] = weight;
        let usesTermFrequency = false;
        for (let c = 0; c < width; c++) {
          const level = vectors.levels[i * width + c] as number;
          pairs.levels[p * width + c] = level;
          if (this.table.termFrequencyLevels[c]?.[level] === 1) usesTermFrequency = true;
        }
        if (usesTermFrequency) this.termFrequencyPairs.push(p);
        if (weight >= matchWeight) seeds.push(left[i] as number, right[i] as number);
        if (weight >= reviewWeight) reviewCheck.add(p);
      }
    }

    lap('score');
    // 3. New records changed the term frequencies: rescore the old pairs that use them.
    if (oldTermFrequencyPairs > 0) {
      const live: number[] = [];
      for (let i = 0; i < oldTermFrequencyPairs; i++) {
        const p = this.termFrequencyPairs[i] as number;
        if (pairs.mask[p] === 0) continue;
        live.push(p);
        const before = pairs.weight[p] as number;
        const after = this.scoreStoredPair(p);
        if (after === before) continue;
        report.pairsRescored++;
        pairs.weight[p] = after;
        const wasLink = before >= matchWeight;
        const isLink = after >= matchWeight;
        // Without a constraint in the component, clusters are its connected components and link
        // order is irrelevant; with one, a reordering can move the cut.
        if (wasLink !== isLink || (isLink && this.constrained[pairs.left[p] as number] === 1)) {
          seeds.push(pairs.left[p] as number, pairs.right[p] as number);
        }
        if (wasLink !== isLink || before >= reviewWeight !== after >= reviewWeight) reviewCheck.add(p);
      }
      for (let i = oldTermFrequencyPairs; i < this.termFrequencyPairs.length; i++) live.push(this.termFrequencyPairs[i] as number);
      this.termFrequencyPairs = live;
    }

    lap('rescore');
    // 4. Re-cluster the link components the batch touched, exactly as the batch would.
    const visited = new Uint8Array(end);
    const components: number[][] = [];
    for (const seed of seeds) {
      if (visited[seed] === 1) continue;
      visited[seed] = 1;
      const component = [seed];
      for (let q = 0; q < component.length; q++) {
        const slot = component[q] as number;
        for (let p = pairs.head[slot] as number; p >= 0; p = pairs.next(p, slot)) {
          if ((pairs.weight[p] as number) < matchWeight) continue;
          const other = pairs.left[p] === slot ? (pairs.right[p] as number) : (pairs.left[p] as number);
          if (visited[other] === 1) continue;
          visited[other] = 1;
          component.push(other);
        }
      }
      components.push(component);
    }
    const refused = new Set<number>();
    const clusters: NewCluster[] = [];
    for (const component of components) {
      report.recordsReclustered += component.length;
      this.clusterComponent(component, refused, clusters);
    }

    lap('cluster');
    // 5. Compare with the entities they replace, then install them.
    const changes = this.applyClusters(clusters);

    lap('merge');
    // 6. Review queue: pairs around re-clustered records and pairs that crossed a threshold.
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
      let after: ReviewReason | undefined;
      if (pairs.mask[p] === 0) after = undefined;
      else if (weight >= matchWeight) after = visited[left] === 1 ? (refused.has(p) ? 'conflicting-identifiers' : undefined) : before;
      else if (weight >= reviewWeight && this.entityOf[left] !== this.entityOf[pairs.right[p] as number]) after = 'uncertain';
      if (after === undefined) this.reviewOf.delete(p);
      else {
        this.reviewOf.set(p, after);
        if (after !== before) review.push(this.reviewItem(p, after));
      }
    }
    sortReview(review);
    lap('review');

    report.elapsedMs = performance.now() - started;
    // Append-only: no versions, withdrawals or retirements (see MemoryEntityStore for those).
    return { ...changes, retired: [], review, rejected, versions: [], withdrawn: [], report };
  }

  private growSlots(size: number): void {
    if (size <= this.entityOf.length) return;
    const capacity = Math.max(size, this.entityOf.length * 2);
    const entityOf = new Int32Array(capacity);
    entityOf.set(this.entityOf);
    this.entityOf = entityOf;
    const constrained = new Uint8Array(capacity);
    constrained.set(this.constrained);
    this.constrained = constrained;
    this.localIndex = new Int32Array(capacity);
  }

  // The same float operations in the same order as `scorePairs`, so a rescored weight is bit-identical.
  private scoreStoredPair(p: number): number {
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
          this.termFrequencyColumns[c] as GrowableColumn,
          pairs.left[p] as number,
          pairs.right[p] as number,
          table.maxTermFrequencyAdjustment,
        );
      }
      weight += levelWeight;
    }
    return weight;
  }

  private isCannotLink(p: number): boolean {
    return this.compiled.cannotLink.length > 0 && pairCannotLink(this.compiled.cannotLink, this.pairs.levels, p * this.pairs.width);
  }

  private clusterComponent(component: number[], refused: Set<number>, clusters: NewCluster[]): void {
    const keys = this.keys;
    const pairs = this.pairs;
    if (component.length === 1) {
      // A record with no link: its own entity (most records of a first batch are in small components).
      const slot = component[0] as number;
      this.constrained[slot] = 0;
      const previous = this.entityOf[slot] as number;
      clusters.push({ id: naturalEntityId(keys[slot] as string), slots: component, previous: previous >= 0 ? [previous] : [] });
      return;
    }
    component.sort((a, b) => compareText(keys[a] as string, keys[b] as string));
    const local = this.localIndex;
    for (let i = 0; i < component.length; i++) local[component[i] as number] = i;
    const links: number[] = [];
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
    const distinct = this.trusted.map((constraint) => Int32Array.from(component, (slot) => this.trustedValue(constraint, slot)));
    const clustering = clusterRecords({
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
    });
    for (const index of clustering.refusedLinks) refused.add(links[index] as number);
    // Two people inside one link component: as with two trusted values, link order decides the cut.
    let constrained = separated.length > 0 ? 1 : 0;
    for (const values of distinct) {
      let first = -1;
      for (const value of values) {
        if (value < 0) continue;
        if (first < 0) first = value;
        else if (value !== first) constrained = 1;
      }
    }
    const members: number[][] = Array.from({ length: clustering.clusterCount }, () => []);
    for (let i = 0; i < component.length; i++) {
      const slot = component[i] as number;
      this.constrained[slot] = constrained;
      (members[clustering.clusterOf[i] as number] as number[]).push(slot);
    }
    for (const slots of members) {
      const previous = new Set<number>();
      for (const slot of slots) if ((this.entityOf[slot] as number) >= 0) previous.add(this.entityOf[slot] as number);
      // The entity-ID rule without history (cluster/entityIds.ts), as resolvePersons applies it.
      const id = batchEntityId(slots.map((slot) => ({ key: keys[slot] as string, firstSeen: observedAtOf(this.stored[slot]) })));
      clusters.push({ id, slots, previous: [...previous] });
    }
  }

  private mergeSlots(slots: readonly number[]): MergeResult<MergePersonRecord> {
    return mergeCluster(
      slots.map((slot) => this.stored[slot] as unknown as MergePersonRecord),
      this.policy,
    );
  }

  private applyClusters(clusters: readonly NewCluster[]): Pick<StoreChanges, 'created' | 'attached' | 'merged' | 'split' | 'fields'> {
    const created: { id: string; records: StoreRecordRef[] }[] = [];
    const attached: { id: string; previousId?: string; records: StoreRecordRef[] }[] = [];
    const merged: { id: string; retired: string[]; records: StoreRecordRef[]; rule: 'older-id' }[] = [];
    const split: { id: string; into: string[] }[] = [];
    const fields: FieldChange[] = [];

    const intoOf = new Map<number, string[]>();
    const changed: NewCluster[] = [];
    for (const cluster of clusters) {
      const only = cluster.previous.length === 1 ? (cluster.previous[0] as number) : -1;
      if (
        only >= 0 &&
        (this.entityMembers[only] as number[]).length === cluster.slots.length &&
        cluster.slots.every((slot) => this.entityOf[slot] === only)
      ) {
        continue; // the same records as before: same ID, same unified values
      }
      changed.push(cluster);
      for (const e of cluster.previous) {
        const into = intoOf.get(e);
        if (into === undefined) intoOf.set(e, [cluster.id]);
        else into.push(cluster.id);
      }
    }
    const newIds = new Set(changed.map((cluster) => cluster.id));
    const covered = new Map<number, number>();
    for (const cluster of changed) {
      for (const slot of cluster.slots) {
        const e = this.entityOf[slot] as number;
        if (e >= 0) covered.set(e, (covered.get(e) ?? 0) + 1);
      }
    }
    for (const [e, into] of intoOf) {
      if (covered.get(e) !== (this.entityMembers[e] as number[]).length) {
        throw new PadanError('internal', 'EntityStore: an entity was re-clustered only in part');
      }
      if (into.length > 1) split.push({ id: this.entityIds[e] as string, into: [...into].sort(compareText) });
    }

    for (const cluster of changed) {
      const fresh = cluster.slots.filter((slot) => this.entityOf[slot] === -1).map((slot) => this.refOf(slot));
      if (cluster.previous.length === 0) {
        created.push({ id: cluster.id, records: fresh });
        continue;
      }
      const previousIds = cluster.previous.map((e) => this.entityIds[e] as string);
      if (cluster.previous.length === 1 && (intoOf.get(cluster.previous[0] as number) as string[]).length === 1) {
        const previousId = previousIds[0] as string;
        if (fresh.length > 0) attached.push({ id: cluster.id, ...(previousId === cluster.id ? {} : { previousId }), records: fresh });
      } else if (cluster.previous.length > 1) {
        const retired = previousIds.filter((id) => id !== cluster.id && !newIds.has(id)).sort(compareText);
        merged.push({ id: cluster.id, retired, records: fresh, rule: 'older-id' });
      }
      // The entity this one continues: the one that held its smallest old record.
      const firstOld = cluster.slots.find((slot) => this.entityOf[slot] !== -1) as number;
      const predecessor = this.entityMembers[this.entityOf[firstOld] as number] as number[];
      const before = this.mergeSlots(predecessor).unified as Record<string, unknown>;
      const after = this.mergeSlots(cluster.slots).unified as Record<string, unknown>;
      for (const field of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareText)) {
        if (canonicalJson(before[field] ?? null) !== canonicalJson(after[field] ?? null)) {
          fields.push({ id: cluster.id, field, before: before[field] ?? null, after: after[field] ?? null });
        }
      }
    }

    // Install: retire replaced entities (their IDs become aliases of the record they came from).
    for (const e of intoOf.keys()) {
      const id = this.entityIds[e] as string;
      const members = this.entityMembers[e] as number[];
      this.entityById.delete(id);
      if (!newIds.has(id)) this.aliases.set(id, members[0] as number);
      this.entityMembers[e] = null;
      this.freeEntities.push(e);
    }
    for (const cluster of changed) {
      const e = this.freeEntities.pop() ?? this.entityIds.length;
      this.entityIds[e] = cluster.id;
      this.entityMembers[e] = [...cluster.slots];
      this.entityById.set(cluster.id, e);
      this.aliases.delete(cluster.id);
      for (const slot of cluster.slots) this.entityOf[slot] = e;
    }

    const byId = (a: { id: string }, b: { id: string }) => compareText(a.id, b.id);
    return { created: created.sort(byId), attached: attached.sort(byId), merged: merged.sort(byId), split: split.sort(byId), fields: fields.sort(byId) };
  }

  private reviewItem(p: number, reason: ReviewReason): StoreReviewItem {
    const pairs = this.pairs;
    const left = pairs.left[p] as number;
    const right = pairs.right[p] as number;
    const weight = pairs.weight[p] as number;
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
   * The current ID of an entity: the ID itself while it is live, the survivor's for a retired ID,
   * undefined for an ID the store never issued.
   *
   * @example
   * store.resolveId(retiredId) // 'P3f…' (the entity it merged into)
   */
  resolveId(id: string): string | undefined {
    if (this.entityById.has(id)) return id;
    const slot = this.aliases.get(id);
    return slot === undefined ? undefined : this.entityIds[this.entityOf[slot] as number];
  }

  /**
   * One entity with its records and unified record (merged on demand, not stored). Retired IDs resolve.
   *
   * @example
   * store.entity('P3f…')?.merge.unified.name // 'SITI AMINAH'
   */
  entity(id: string): StoredEntity | undefined {
    const current = this.resolveId(id);
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
   * Retired IDs and the record each was derived from (what snapshots save to keep old IDs resolvable).
   *
   * @example
   * store.aliasEntries() // [['P9a…', { source: 'dtks', recordId: 'D-17' }]]
   */
  aliasEntries(): [string, StoreRecordRef][] {
    return [...this.aliases.entries()].sort((a, b) => compareText(a[0], b[0])).map(([id, slot]) => [id, this.refOf(slot)]);
  }

  /**
   * Restores a retired ID (snapshot loading); ignored when the record is unknown or the ID is live.
   *
   * @example
   * store.restoreAlias('P9a…', { source: 'dtks', recordId: 'D-17' })
   */
  restoreAlias(id: string, ref: StoreRecordRef): void {
    const slot = this.slotOfKey.get(`${ref.source}\u0000${ref.recordId}`);
    if (slot !== undefined && !this.entityById.has(id)) this.aliases.set(id, slot);
  }

  /**
   * Stored records in canonical (source, recordId) order.
   *
   * @example
   * store.records().length === store.recordCount // true
   */
  records(): PersonRecord[] {
    const slots = this.keys.map((_, i) => i).sort((a, b) => compareText(this.keys[a] as string, this.keys[b] as string));
    return slots.map((slot) => this.stored[slot] as PersonRecord);
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
    // Normalized like an added record when it passes the schema; a bare probe (no envelope) is used as given.
    let record = input;
    if (this.validate) {
      const checked = validatePerson(input, { malformedIds: 'keep-in-extra' });
      if (checked.success) record = checked.value;
    }
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

function sortReview(items: StoreReviewItem[]): void {
  const keyOf = (ref: StoreRecordRef) => `${ref.source}\u0000${ref.recordId}`;
  items.sort((x, y) => y.matchWeight - x.matchWeight || compareText(keyOf(x.left), keyOf(y.left)) || compareText(keyOf(x.right), keyOf(y.right)));
}
