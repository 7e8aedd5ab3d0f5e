import type { DwellingInput, FamilyInput, PersonInput } from '../schema/inputs.js';
import type { DwellingRecord } from '../schema/dwelling.js';
import type { FamilyRecord } from '../schema/family.js';
import type { PersonRecord } from '../schema/person.js';
import type { TrainedModel } from '../model/modelSpec.js';
import { StoreEngine, type StoreEngineOptions } from './_engine.js';
import { checkStoreOptions } from './_methodOptions.js';
import type { StewardDecision } from './decisions.js';
import type {
  AddRecordsOptions,
  AuditEntry,
  CreateEntityStoreOptions,
  DecideResult,
  EntityStore,
  HistoryOptions,
  IdResolution,
  LookupOptions,
  LookupResult,
  RecordHistory,
  StoreChanges,
  StoredEntity,
  StoredFamily,
  StoredHousehold,
  StoreFamilyEvent,
  StoreRecordRef,
  StoreReviewItem,
  StoreStats,
  WithdrawOptions,
} from './types.js';

/** One write, as the store logged it (rollback replays the log). */
type LoggedWrite =
  | { readonly op: 'add'; readonly records: readonly unknown[]; readonly options: AddRecordsOptions | undefined }
  | { readonly op: 'withdraw'; readonly source: string; readonly recordId: string; readonly reason: string; readonly options: WithdrawOptions | undefined }
  | { readonly op: 'decide'; readonly decisions: readonly StewardDecision[] }
  | { readonly op: 'restore'; readonly apply: (engine: StoreEngine) => void };

/** Options of the in-memory store: the store's, plus a fault-injection hook for the transaction tests. */
export interface MemoryEntityStoreOptions extends CreateEntityStoreOptions {
  /**
   * Called at each step of a write (`validate`, `remove`, `block`, `score`, `rescore`, `cluster`,
   * `merge`, `install`, `review`); a throw there must leave the store as it was. For tests.
   */
  readonly onStep?: (step: string) => void;
  /** The count from which a term-frequency value's changes go in its own drift (default 32). For tests. */
  readonly commonValueCount?: number;
}

function runWrite(engine: StoreEngine, write: LoggedWrite): unknown {
  switch (write.op) {
    case 'add':
      return engine.add(write.records, write.options);
    case 'withdraw':
      return engine.withdraw(write.source, write.recordId, write.reason, write.options);
    case 'decide':
      return engine.decide(write.decisions);
    case 'restore':
      return write.apply(engine);
  }
}

/**
 * The in-memory entity store (the embedded default): the {@link EntityStore} contract over a
 * matching engine that keeps features, blocking index, candidate pairs, term frequencies and
 * entities incrementally. Writes are transactional: the store logs every write it completed, and
 * when one throws midway (a custom survivorship rule, a bug) it rebuilds its state by replaying the
 * log, so the store is exactly as it was and a retry is accepted. A write refused before it changed
 * anything (an unknown record, an invalid decision) costs no rebuild. With a fixed model, any split
 * and order of the same writes gives the same entities, IDs and unified records.
 *
 * @example
 * const store = createEntityStore({ model, policy: dtsenPersonPolicy });
 * (await store.add(records)).created.length // persons found
 * await store.withdraw('dtks', 'D-17', 'deleted at source');
 * (await store.decide({ kind: 'cannotLink', left, right, by: 'ayu', at: '2026-03-31', why: 'twins' })).outcomes[0].status // 'applied'
 */
export class MemoryEntityStore implements EntityStore {
  readonly kind = 'padan/entity-store' as const;
  readonly model: TrainedModel;
  readonly modelFingerprint: string;
  readonly policyFingerprint: string;
  private readonly options: MemoryEntityStoreOptions;
  private engine: StoreEngine;
  private readonly log: LoggedWrite[] = [];
  private replaying = false;
  private rebuildCount = 0;
  private refusalCount = 0;

  constructor(options: MemoryEntityStoreOptions) {
    this.options = options;
    this.engine = this.newEngine();
    this.model = this.engine.model;
    this.modelFingerprint = this.engine.modelFingerprint;
    this.policyFingerprint = this.engine.policyFingerprint;
  }

  private newEngine(): StoreEngine {
    const hook = this.options?.onStep;
    const engineOptions: StoreEngineOptions =
      hook === undefined
        ? this.options
        : {
            ...this.options,
            onStep: (step) => {
              if (!this.replaying) hook(step);
            },
          };
    return new StoreEngine(engineOptions);
  }

  /**
   * Runs a write; on a throw, rebuilds the state from the log of completed writes and rethrows. A
   * write the engine refused before its first change of state (bad arguments, an unknown record, an
   * invalid decision) left the state as it was: it is rethrown without a rebuild.
   */
  private write<T>(write: LoggedWrite): T {
    const mutations = this.engine.mutations;
    try {
      const result = runWrite(this.engine, write) as T;
      this.log.push(write);
      return result;
    } catch (error) {
      // A snapshot's restore changes state without counting: always rebuilt.
      if (write.op !== 'restore' && this.engine.mutations === mutations) {
        this.refusalCount++;
        throw error;
      }
      this.rebuildCount++;
      this.replaying = true;
      try {
        const engine = this.newEngine();
        for (const done of this.log) runWrite(engine, done);
        this.engine = engine;
      } finally {
        this.replaying = false;
      }
      throw error;
    }
  }

  /** @internal Snapshot loading: restores IDs and retired IDs as one logged write. */
  restore(apply: (engine: StoreEngine) => void): void {
    this.write({ op: 'restore', apply });
  }

  /** @internal Writes that threw after changing state, so the state was rebuilt from the log (tests). */
  get rebuilds(): number {
    return this.rebuildCount;
  }

  /**
   * @internal Writes refused before they changed anything (no rebuild): the PostgreSQL store keeps
   * its replica after one.
   */
  get refusals(): number {
    return this.refusalCount;
  }

  /** @internal The engine, for the snapshot writer (read only). */
  get state(): StoreEngine {
    return this.engine;
  }

  add(records: readonly PersonInput[], options?: AddRecordsOptions): Promise<StoreChanges>;
  add(records: readonly FamilyInput[], options: AddRecordsOptions & { readonly kind: 'family' }): Promise<StoreChanges>;
  add(records: readonly DwellingInput[], options: AddRecordsOptions & { readonly kind: 'dwelling' }): Promise<StoreChanges>;
  add(records: readonly unknown[], options?: AddRecordsOptions): Promise<StoreChanges>;
  async add(records: readonly unknown[], options?: AddRecordsOptions): Promise<StoreChanges> {
    checkStoreOptions('add', options);
    return this.write({ op: 'add', records: Array.isArray(records) ? [...records] : records, options });
  }

  async withdraw(source: string, recordId: string, reason: string, options?: WithdrawOptions): Promise<StoreChanges> {
    checkStoreOptions('withdraw', options);
    return this.write({ op: 'withdraw', source, recordId, reason, options });
  }

  async decide(decisions: StewardDecision | readonly StewardDecision[]): Promise<DecideResult> {
    return this.write({ op: 'decide', decisions: Array.isArray(decisions) ? [...(decisions as StewardDecision[])] : [decisions as StewardDecision] });
  }

  async entity(id: string): Promise<StoredEntity | undefined> {
    return this.engine.entity(id);
  }

  async resolveId(id: string): Promise<IdResolution | undefined> {
    return this.engine.resolveId(id);
  }

  async entityOfRecord(ref: StoreRecordRef): Promise<string | undefined> {
    return this.engine.entityOfRecord(ref);
  }

  async entities(): Promise<{ readonly id: string; readonly records: readonly StoreRecordRef[] }[]> {
    return this.engine.entities();
  }

  async review(): Promise<StoreReviewItem[]> {
    return this.engine.review();
  }

  lookup(record: PersonInput, options?: LookupOptions): Promise<LookupResult>;
  lookup(record: unknown, options?: LookupOptions): Promise<LookupResult>;
  async lookup(record: unknown, options?: LookupOptions): Promise<LookupResult> {
    checkStoreOptions('lookup', options);
    return this.engine.lookup(record, options);
  }

  history(ref: StoreRecordRef): Promise<RecordHistory | undefined>;
  history(ref: StoreRecordRef, options: { readonly kind: 'family' }): Promise<RecordHistory<FamilyRecord> | undefined>;
  history(ref: StoreRecordRef, options: { readonly kind: 'dwelling' }): Promise<RecordHistory<DwellingRecord> | undefined>;
  history(ref: StoreRecordRef, options?: HistoryOptions): Promise<RecordHistory<PersonRecord | FamilyRecord | DwellingRecord> | undefined>;
  async history(ref: StoreRecordRef, options?: HistoryOptions): Promise<RecordHistory<PersonRecord | FamilyRecord | DwellingRecord> | undefined> {
    checkStoreOptions('history', options);
    return this.engine.history(ref, options);
  }

  async families(): Promise<StoredFamily[]> {
    return this.engine.families();
  }

  async family(id: string): Promise<StoredFamily | undefined> {
    return this.engine.family(id);
  }

  async households(): Promise<StoredHousehold[]> {
    return this.engine.households();
  }

  async household(id: string): Promise<StoredHousehold | undefined> {
    return this.engine.household(id);
  }

  async familyEvents(): Promise<StoreFamilyEvent[]> {
    return this.engine.familyEvents();
  }

  async records(): Promise<PersonRecord[]> {
    return this.engine.records();
  }

  async decisions(): Promise<StewardDecision[]> {
    return [...this.engine.decisionSet.list()];
  }

  async auditLog(): Promise<AuditEntry[]> {
    return [...this.engine.audit];
  }

  async stats(): Promise<StoreStats> {
    return this.engine.stats();
  }
}
