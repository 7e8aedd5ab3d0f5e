import { PadanError } from '../_internal/error.js';
import { dataEqual } from '../_internal/dataEqual.js';
import { assignCheckedEntityIds, entityIdRank, type EntityIdMember } from '../cluster/entityIds.js';
import { groupFamilies, type FamilyGrouping } from '../group/groupFamilies.js';
import { groupHouseholds } from '../group/groupHouseholds.js';
import { groupRecordKey, naturalFamilyId, naturalHouseholdId, type GroupRecordKind } from '../group/groupIds.js';
import { groupKeysOf } from '../group/groupKeys.js';
import { indexPersons } from '../group/indexPersons.js';
import type { DwellingRecord } from '../schema/dwelling.js';
import type { FamilyRecord } from '../schema/family.js';
import type { PersonRecord } from '../schema/person.js';
import { grownCapacity } from './_capacity.js';
import type {
  IdResolution,
  RecordHistory,
  StoreFamilyEvent,
  StoredFamily,
  StoredHousehold,
  StoreGroupChanges,
  StoreRecordRef,
  StoreRejection,
} from './types.js';

/**
 * Families and households kept incrementally (issue 19): after every write the group stage
 * (`groupFamilies`, `groupHouseholds`) is run again over the part of the store the write reaches, and
 * only there. That part is closed under everything the stage reads across records — a person's other
 * records, a KK number, a dwelling address, a NIK or head name that a family or dwelling record
 * names (`groupKeysOf`) — and under the families and households its records were in, so the stage
 * run on it alone gives what it gives on the whole store. IDs follow the entity-ID rule through
 * `assignEntityIds`, with the group stage's natural IDs (group/groupIds.ts).
 */

export type GroupKind = 'family' | 'dwelling';
export type GroupRecord = FamilyRecord | DwellingRecord;
export type GroupAlias = { readonly into: string } | { readonly withdrawn: true };
type Alias = GroupAlias;

/** What the group state reads of the person side of the engine: person records by slot. */
export interface PersonSide {
  /** The live slot of a person record key (source NUL recordId). */
  slotOf(key: string): number | undefined;
  keyAt(slot: number): string;
  recordAt(slot: number): PersonRecord;
  isLive(slot: number): boolean;
  /** Live slots of the person holding a live slot (itself included). */
  entitySlots(slot: number): readonly number[];
  /** The person entity number and ID of a live slot. */
  entityAt(slot: number): number;
  entityIdAt(slot: number): string;
  /** A person record's first-seen date (its age for the entity-ID rule). */
  firstSeenAt(slot: number): string;
  /** Person records in matching. */
  liveCount(): number;
  /** Every live person slot. */
  liveSlots(): number[];
  /** One past the highest person slot ever given. */
  slotCount(): number;
}

/** A record's versions and withdrawal. */
interface History {
  readonly versions: GroupRecord[];
  withdrawn?: { readonly reason: string; readonly by: string; readonly at?: string };
}

/** The person side of one write: new slots, live slots whose person changed, and slots that left matching. */
export interface PersonWrite {
  readonly fresh: readonly number[];
  readonly changed: Iterable<number>;
  readonly removed: readonly number[];
  /** Person record keys withdrawn (not replaced by a version). */
  readonly withdrawn: ReadonlySet<string>;
  /** Live slots whose first-seen date moved earlier in this write (a version offered with an earlier date). */
  readonly aged: Iterable<number>;
}

/** What the group state reports for one write. */
export interface GroupWriteChanges {
  readonly families: StoreGroupChanges & { readonly events: readonly StoreFamilyEvent[] };
  readonly households: StoreGroupChanges;
}

/** What a snapshot restores of families and households (see `GroupState.restore`). */
export interface GroupSnapshot {
  readonly histories: readonly { readonly kind: GroupKind; readonly history: RecordHistory<GroupRecord> }[];
  /** Tagged record key (groupRecordKey) → first-seen date, where it is not the first version's observedAt. */
  readonly firstSeen: readonly (readonly [string, string])[];
  /**
   * Live group ID → tagged key of the record it belongs to (`person\u0000source\u0000recordId` for a
   * person record), and retired IDs; absent in a snapshot older than these (its groups keep the IDs
   * derived on load).
   */
  readonly ids?: {
    readonly families: readonly (readonly [string, string])[];
    readonly households: readonly (readonly [string, string])[];
    readonly familyAliases: readonly (readonly [string, Alias])[];
    readonly householdAliases: readonly (readonly [string, Alias])[];
  };
}

/** A family's or household's stored form: the view the store returns, without its ID. */
type FamilyView = Omit<StoredFamily, 'id'>;
type HouseholdView = Omit<StoredHousehold, 'id'>;

/**
 * How to compare a view with the one before, field by field: the type names every field, so a field
 * added to a view cannot be left out. Views are built by one code path (records as `{ source,
 * recordId }`): each field is compared as what it is, where deep equality read every array's keys as text.
 */
type ViewEquality<V> = { readonly [K in keyof V]-?: (a: V[K], b: V[K]) => boolean };

const sameValue = <T>(a: T, b: T): boolean => a === b;

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameRefs(a: readonly StoreRecordRef[], b: readonly StoreRecordRef[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as StoreRecordRef;
    const y = b[i] as StoreRecordRef;
    if (x.source !== y.source || x.recordId !== y.recordId) return false;
  }
  return true;
}

const familyViewEquality: ViewEquality<FamilyView> = { kks: sameTexts, records: sameRefs, familyRecords: sameRefs, members: sameTexts, head: sameValue };
const householdViewEquality: ViewEquality<HouseholdView> = {
  families: sameTexts,
  members: sameTexts,
  dwellingRecords: sameRefs,
  head: sameValue,
  address: dataEqual,
};

function sameView<V>(equality: ViewEquality<V>, a: V, b: V): boolean {
  for (const field in equality) if (!equality[field](a[field], b[field])) return false;
  return true;
}

/** One derived group before it has an ID: its records (encoded, see `GroupState`) and its view. */
interface Derived<V> {
  readonly records: readonly number[];
  view: V;
}

/** IDs, ID-giving records, records and views of one kind of group, with retired IDs. */
class GroupTable<V> {
  readonly ids: string[] = [];
  readonly anchors: string[] = [];
  /**
   * The record (encoded) each ID belongs to, where known: the slot of the record `anchors` names when
   * the group was last given its ID (a new version of that record takes another slot, and is then
   * found by the full rule).
   */
  anchorSlots: number[] = [];
  /** Per group, the derivation that last found it as a previous group (`startStamp`), and in which derived group. */
  stampOf = new Int32Array(256);
  clusterOf = new Int32Array(256);
  private stamp = 0;
  readonly records: (readonly number[] | null)[] = [];
  readonly views: (V | null)[] = [];
  readonly free: number[] = [];
  readonly byId = new Map<string, number>();
  readonly aliases = new Map<string, Alias>();
  /** IDs whose state (live with an anchor, retired, gone) a write may have changed, while tracked (see `GroupState.trackIds`). */
  touched: Set<string> | null = null;

  constructor(
    readonly naturalId: (key: string, salt: number) => string,
    readonly sameView: (a: V, b: V) => boolean,
  ) {}

  /** Starts a derivation: a new stamp, the stamp arrays as long as the groups. */
  startStamp(): number {
    if (this.ids.length > this.stampOf.length) {
      const size = grownCapacity(this.ids.length, this.stampOf.length);
      const stampOf = new Int32Array(size);
      stampOf.set(this.stampOf);
      this.stampOf = stampOf;
      this.clusterOf = new Int32Array(size);
    }
    if (this.stamp === 0x7fffffff) {
      this.stampOf.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  resolve(id: string): IdResolution | undefined {
    if (this.byId.has(id)) return { status: 'live', id };
    let alias = this.aliases.get(id);
    if (alias === undefined) return undefined;
    for (let steps = 0; steps <= this.aliases.size; steps++) {
      if ('withdrawn' in alias) return { status: 'withdrawn', id };
      if (this.byId.has(alias.into)) return { status: 'merged', id, into: alias.into };
      const next = this.aliases.get(alias.into);
      if (next === undefined) break;
      alias = next;
    }
    throw new PadanError('internal', 'EntityStore: a retired group ID does not resolve');
  }

  current(id: string): number | undefined {
    const resolution = this.resolve(id);
    if (resolution === undefined || resolution.status === 'withdrawn') return undefined;
    return this.byId.get(resolution.status === 'live' ? resolution.id : resolution.into);
  }
}

const EMPTY_CHANGES: StoreGroupChanges = { created: [], changed: [], merged: [], split: [], retired: [] };

/** No group changes (a write that reached no family or household). */
export const NO_GROUP_CHANGES: GroupWriteChanges = { families: { ...EMPTY_CHANGES, events: [] }, households: EMPTY_CHANGES };

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function naturalIdOf(kind: 'family' | 'household'): (key: string, salt: number) => string {
  return (key, salt) => {
    const first = key.indexOf('\u0000');
    const second = key.indexOf('\u0000', first + 1);
    const record = { kind: key.slice(0, first) as GroupRecordKind, source: key.slice(first + 1, second), recordId: key.slice(second + 1) };
    return kind === 'family' ? naturalFamilyId(record, salt) : naturalHouseholdId(record, salt);
  };
}

/**
 * The store's family (KK) and dwelling records, and the families and households of all its records.
 * Records are numbered in one space: a person slot s as s, a family or dwelling record's slot g as
 * -(g + 1).
 */
export class GroupState {
  private readonly persons: PersonSide;
  private readonly records: GroupRecord[] = [];
  private readonly kinds: GroupKind[] = [];
  /** Tagged key (groupRecordKey) of each slot. */
  private readonly tagged: string[] = [];
  private readonly dead: boolean[] = [];
  private readonly slotOfKey = new Map<string, number>();
  private readonly histories = new Map<string, History>();
  private readonly firstSeen = new Map<string, string>();
  /**
   * Linking keys (groupKeysOf) in use, numbered: the walk (`reach`) follows numbers through arrays,
   * not key texts through maps. A number is freed when no live record carries its key any more.
   */
  private readonly keyIds = new Map<string, number>();
  private readonly keyText: string[] = [];
  private readonly freeKeyIds: number[] = [];
  /** Key number → the live records carrying it. */
  private readonly holders: (number | number[] | undefined)[] = [];
  /** Key number → how many live family or dwelling records carry it (a weak key ties records only through one of them). */
  private groupHeld = new Int32Array(1024);
  /** Keys that some live family or dwelling record carries. */
  private groupHeldKeys = 0;
  /** Key number → the last walk that passed it. */
  private keyMark = new Int32Array(1024);
  /** The linking key numbers of each live record (person slot s at s, group slot g at `groupKeys[g]`), from when it came in. */
  private personKeys: (readonly number[] | undefined)[] = [];
  private readonly groupKeys: (readonly number[] | undefined)[] = [];
  /** Family of each person slot, -1 for none. */
  private personFamily = new Int32Array(1024).fill(-1);
  /** Family of each family-record slot and household of each dwelling-record slot, -1 for none. */
  private readonly groupOf: number[] = [];
  /** Household of each family. */
  private readonly familyHousehold: number[] = [];
  private readonly families = new GroupTable<FamilyView>(naturalIdOf('family'), (a, b) => sameView(familyViewEquality, a, b));
  private readonly households = new GroupTable<HouseholdView>(naturalIdOf('household'), (a, b) => sameView(householdViewEquality, a, b));
  /** Current KK events by kind, from KK and to KK. */
  private readonly events = new Map<string, StoreFamilyEvent>();
  /** The keys of the events each KK number is in (a write replaces only the events of its KKs). */
  private readonly eventsOfKk = new Map<string, Set<string>>();
  /** Records in matching, by kind. */
  private readonly liveCount = { family: 0, dwelling: 0 };
  /** Tagged key and age rank of the records of the re-derivation under way (see `identityOf`). */
  private readonly identities = new Map<number, { readonly key: string; readonly rank: string }>();
  /**
   * Records of the re-derivation under way whose age rank may have moved since their groups were
   * last given IDs: new versions (a new slot continuing its old version's groups) and records offered
   * with an earlier date; null when any may have (a snapshot's IDs restored).
   */
  private mayHaveAged: ReadonlySet<number> | null = null;
  /**
   * Whether a group that keeps its records' previous group and its ID-giving record may skip ranking
   * them all (`keepsItsId`); false applies the entity-ID rule in full to every group, for tests that
   * check the shortcut against it.
   */
  idShortcut = true;
  /**
   * Marks of the records and families a walk (`reach`) has passed, by person slot and by group
   * slot: equal to `walk` when passed in the current walk; typed arrays, not sets of numbers, for
   * the tens of thousands of records a 1,000-record write reaches.
   */
  private personMark = new Int32Array(1024);
  /** Person slots whose person's records a walk has pushed (each person's, once). */
  private personExpanded = new Int32Array(1024);
  private groupMark = new Int32Array(1024);
  private walk = 0;

  constructor(persons: PersonSide) {
    this.persons = persons;
  }

  // ---- records -------------------------------------------------------------------------------

  /** The live slot of a family or dwelling record. */
  slotOf(kind: GroupKind, source: string, recordId: string): number | undefined {
    return this.slotOfKey.get(groupRecordKey(kind, source, recordId));
  }

  /**
   * Step version/dedupe for family or dwelling records, as for persons: a byte-identical re-send is a
   * no-op, an earlier or equal observedAt is rejected, a later one replaces the current version.
   */
  planVersions(kind: GroupKind, valid: readonly GroupRecord[], validIndexes: readonly number[], rejected: StoreRejection[]) {
    const byKey = new Map<string, { index: number; record: GroupRecord }[]>();
    for (let i = 0; i < valid.length; i++) {
      const record = valid[i] as GroupRecord;
      const key = groupRecordKey(kind, record.source, record.recordId);
      const list = byKey.get(key);
      const item = { index: validIndexes[i] as number, record };
      if (list === undefined) byKey.set(key, [item]);
      else list.push(item);
    }
    const fresh: { key: string; record: GroupRecord; taken: GroupRecord[] }[] = [];
    const versions: { record: StoreRecordRef; from: string; to: string }[] = [];
    let recordsAdded = 0;
    let unchanged = 0;
    const older: [string, string][] = [];
    for (const [key, list] of byKey) {
      list.sort((a, b) => compareText(a.record.observedAt, b.record.observedAt) || a.index - b.index);
      const history = this.histories.get(key);
      let current = history === undefined ? undefined : history.versions[history.versions.length - 1];
      const taken: GroupRecord[] = [];
      let sameBatchAt: string | undefined;
      for (const item of list) {
        const { record } = item;
        const seen = this.firstSeen.get(key);
        if (seen === undefined || record.observedAt < seen) older.push([key, record.observedAt]);
        const ref = { source: record.source, recordId: record.recordId };
        if (current !== undefined && record.observedAt === current.observedAt && dataEqual(record, current)) {
          unchanged++;
          continue;
        }
        if (current !== undefined && record.observedAt <= current.observedAt) {
          rejected.push({ index: item.index, ...ref, reason: record.observedAt === sameBatchAt ? 'duplicate-record' : 'stale-version', issues: [] });
          continue;
        }
        if (current !== undefined) versions.push({ record: ref, from: current.observedAt, to: record.observedAt });
        taken.push(record);
        current = record;
        sameBatchAt = record.observedAt;
      }
      if (taken.length === 0) continue;
      if (history === undefined) recordsAdded++;
      fresh.push({ key, record: current as GroupRecord, taken });
    }
    rejected.sort((a, b) => a.index - b.index);
    fresh.sort((a, b) => compareText(a.key, b.key));
    versions.sort((a, b) => compareText(`${a.record.source}\u0000${a.record.recordId}`, `${b.record.source}\u0000${b.record.recordId}`));
    return { fresh, versions, recordsAdded, unchanged, older };
  }

  /**
   * Applies a version plan: replaced versions leave matching, the new ones take new slots, and the
   * families and households they reach are re-derived.
   */
  addRecords(kind: GroupKind, plan: ReturnType<GroupState['planVersions']>): GroupWriteChanges {
    for (const [key, at] of plan.older) {
      const seen = this.firstSeen.get(key);
      if (seen === undefined || at < seen) this.firstSeen.set(key, at);
    }
    const removed: number[] = [];
    const fresh: number[] = [];
    const mayHaveAged = new Set<number>();
    for (const item of plan.fresh) {
      const old = this.slotOfKey.get(item.key);
      if (old !== undefined) removed.push(this.takeOut(old));
      const slot = this.putIn(kind, item.key, item.record);
      // A new version continues the group its old version was in.
      if (old !== undefined) this.groupOf[slot] = this.groupOf[old] as number;
      fresh.push(-(slot + 1));
      mayHaveAged.add(-(slot + 1));
      const history = this.histories.get(item.key);
      if (history === undefined) this.histories.set(item.key, { versions: [...item.taken] });
      else {
        history.versions.push(...item.taken);
        delete history.withdrawn;
      }
    }
    // Ages only: a record offered with an earlier date may give its group its ID.
    for (const [key] of plan.older) {
      const slot = this.slotOfKey.get(key);
      if (slot === undefined) continue;
      fresh.push(-(slot + 1));
      mayHaveAged.add(-(slot + 1));
    }
    return this.update(fresh, removed, new Set(), mayHaveAged);
  }

  /** Withdraws a family or dwelling record; unknown or already withdrawn: a PadanError. */
  withdraw(
    kind: GroupKind,
    source: string,
    recordId: string,
    reason: string,
    by: string,
    at: string | undefined,
    mask: (key: string) => string,
  ): GroupWriteChanges {
    const key = groupRecordKey(kind, source, recordId);
    const slot = this.slotOfKey.get(key);
    if (slot === undefined) {
      const known = this.histories.has(key);
      throw new PadanError(
        'invalid-argument',
        `EntityStore#withdraw: ${kind} record ${mask(`${source}\u0000${recordId}`)} is ${known ? 'already withdrawn' : 'not stored'}`,
      );
    }
    const changes = this.update([], [this.takeOut(slot)], new Set([key]), new Set());
    (this.histories.get(key) as History).withdrawn = { reason, by, ...(at === undefined ? {} : { at }) };
    return changes;
  }

  /** A family or dwelling record's versions and withdrawal. */
  history(kind: GroupKind, ref: StoreRecordRef): RecordHistory<GroupRecord> | undefined {
    const history = this.histories.get(groupRecordKey(kind, ref.source, ref.recordId));
    if (history === undefined) return undefined;
    return {
      record: { source: ref.source, recordId: ref.recordId },
      versions: [...history.versions],
      ...(history.withdrawn === undefined ? {} : { withdrawn: { ...history.withdrawn } }),
    };
  }

  /** Whether the store ever took a family or dwelling record. */
  holdsRecords(): boolean {
    return this.histories.size > 0;
  }

  /** Records of a kind in matching. */
  count(kind: GroupKind): number {
    return this.liveCount[kind];
  }

  private putIn(kind: GroupKind, key: string, record: GroupRecord): number {
    const slot = this.records.length;
    this.records.push(record);
    this.kinds.push(kind);
    this.tagged.push(key);
    this.dead.push(false);
    this.groupOf.push(-1);
    this.slotOfKey.set(key, slot);
    this.liveCount[kind]++;
    this.groupKeys[slot] = this.holdKeys(groupKeysOf(kind, record), -(slot + 1));
    return slot;
  }

  /** Takes a slot out of matching; returns it encoded. */
  private takeOut(slot: number): number {
    const kind = this.kinds[slot] as GroupKind;
    this.dead[slot] = true;
    this.slotOfKey.delete(this.tagged[slot] as string);
    this.liveCount[kind]--;
    this.releaseKeys(this.groupKeys[slot], -(slot + 1));
    this.groupKeys[slot] = undefined;
    return -(slot + 1);
  }

  /** Person slots entering or leaving matching (the engine calls these as it moves them). */
  personIn(slot: number): void {
    if (slot >= this.personFamily.length) {
      const grown = new Int32Array(grownCapacity(slot + 1, this.personFamily.length)).fill(-1);
      grown.set(this.personFamily);
      this.personFamily = grown;
    }
    this.personFamily[slot] = -1;
    this.personKeys[slot] = this.holdKeys(groupKeysOf('person', this.persons.recordAt(slot)), slot);
  }

  personOut(slot: number): void {
    this.releaseKeys(this.personKeys[slot], slot);
    this.personKeys[slot] = undefined;
  }

  /** A record's linking keys, as computed when it came in: numbers for a live record, texts for one that left. */
  private keysOf(x: number): readonly number[] | readonly string[] {
    const held = x >= 0 ? this.personKeys[x] : this.groupKeys[-x - 1];
    if (held !== undefined) return held;
    if (x >= 0) return groupKeysOf('person', this.persons.recordAt(x));
    const slot = -x - 1;
    return groupKeysOf(this.kinds[slot] as GroupKind, this.records[slot] as GroupRecord);
  }

  /** Notes that a record (encoded) carries these keys; returns their numbers (a key named twice is held twice). */
  private holdKeys(keys: readonly string[], record: number): number[] {
    const ids = new Array<number>(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      let id = this.keyIds.get(key);
      if (id === undefined) {
        id = this.freeKeyIds.pop() ?? this.keyText.length;
        this.keyIds.set(key, id);
        this.keyText[id] = key;
        if (id >= this.groupHeld.length) {
          const grown = new Int32Array(grownCapacity(id + 1, this.groupHeld.length));
          grown.set(this.groupHeld);
          this.groupHeld = grown;
        }
      }
      ids[i] = id;
      if (record < 0) {
        const held = this.groupHeld[id] as number;
        this.groupHeld[id] = held + 1;
        if (held === 0) this.groupHeldKeys++;
      }
      const list = this.holders[id];
      if (list === undefined) this.holders[id] = record;
      else if (typeof list === 'number') this.holders[id] = [list, record];
      else list.push(record);
    }
    return ids;
  }

  private releaseKeys(ids: readonly number[] | undefined, record: number): void {
    for (const id of ids ?? []) {
      const list = this.holders[id];
      if (list === undefined) continue;
      const held = this.groupHeld[id] as number;
      if (record < 0 && held > 0) {
        this.groupHeld[id] = held - 1;
        if (held === 1) this.groupHeldKeys--;
      }
      if (typeof list === 'number') {
        if (list === record) this.freeKey(id);
        continue;
      }
      const at = list.indexOf(record);
      if (at < 0) continue;
      list[at] = list[list.length - 1] as number;
      list.pop();
      if (list.length === 1) this.holders[id] = list[0] as number;
    }
  }

  /** A key no live record carries any more: its number is free for another. */
  private freeKey(id: number): void {
    this.keyIds.delete(this.keyText[id] as string);
    this.keyText[id] = '';
    this.holders[id] = undefined;
    if (this.groupHeld[id] !== 0) this.groupHeldKeys--;
    this.groupHeld[id] = 0;
    this.freeKeyIds.push(id);
  }

  // ---- the re-derivation ---------------------------------------------------------------------

  private isLive(x: number): boolean {
    return x >= 0 ? this.persons.isLive(x) : !(this.dead[-x - 1] as boolean);
  }

  private taggedKeyOf(x: number): string {
    if (x < 0) return this.tagged[-x - 1] as string;
    const key = this.persons.keyAt(x);
    return `person\u0000${key}`;
  }

  /**
   * A live record as the entity-ID rule sees it (tagged key and age rank), computed once per
   * re-derivation for families and households alike (`identities` is cleared by `update`).
   */
  private identityOf(x: number): { readonly key: string; readonly rank: string } {
    let identity = this.identities.get(x);
    if (identity === undefined) {
      const key = this.taggedKeyOf(x);
      const firstSeen = x >= 0 ? this.persons.firstSeenAt(x) : (this.firstSeen.get(key) ?? '');
      identity = { key, rank: entityIdRank(firstSeen, key) };
      this.identities.set(x, identity);
    }
    return identity;
  }

  private refOf(x: number): StoreRecordRef {
    const record = x >= 0 ? this.persons.recordAt(x) : (this.records[-x - 1] as GroupRecord);
    return { source: record.source, recordId: record.recordId };
  }

  /** The family a record is in (person or family record), -1 for none or a dwelling record. */
  private familyOf(x: number): number {
    if (x >= 0) return x < this.personFamily.length ? (this.personFamily[x] as number) : -1;
    const slot = -x - 1;
    return this.kinds[slot] === 'family' ? (this.groupOf[slot] as number) : -1;
  }

  private householdOf(x: number): number {
    if (x < 0 && this.kinds[-x - 1] === 'dwelling') return this.groupOf[-x - 1] as number;
    const family = this.familyOf(x);
    return family < 0 ? -1 : (this.familyHousehold[family] ?? -1);
  }

  /**
   * After the person side of a write: new person slots join the linking index (a new version
   * continues its old version's family), removed ones leave it, and the families and households the
   * change reaches are re-derived.
   */
  afterPersons(write: PersonWrite): GroupWriteChanges {
    const replacedByKey = new Map<string, number>();
    for (const slot of write.removed) {
      this.personOut(slot);
      const key = this.persons.keyAt(slot);
      if (!write.withdrawn.has(key)) replacedByKey.set(key, slot);
    }
    // A new version continues its old version's groups with the same age, unless its date moved.
    const mayHaveAged = new Set<number>(write.aged);
    for (const slot of write.fresh) {
      this.personIn(slot);
      const old = replacedByKey.get(this.persons.keyAt(slot));
      if (old !== undefined) {
        this.personFamily[slot] = this.personFamily[old] as number;
        mayHaveAged.add(slot);
      }
    }
    return this.update([...write.changed], write.removed, write.withdrawn, mayHaveAged);
  }

  /**
   * Re-derives the families and households that `seeds` (live records, encoded) and `removed`
   * (records that left matching) reach. `withdrawn` holds the tagged or person keys withdrawn.
   */
  private update(
    seeds: readonly number[],
    removed: readonly number[],
    withdrawn: ReadonlySet<string>,
    mayHaveAged: ReadonlySet<number> | null,
  ): GroupWriteChanges {
    this.identities.clear();
    this.mayHaveAged = mayHaveAged;
    try {
      return this.rederive(seeds, removed, withdrawn);
    } finally {
      this.identities.clear();
      this.mayHaveAged = null;
    }
  }

  /**
   * Whether a derived group whose records were all in one previous group or in none, and which holds
   * that group's ID-giving record (at `anchorAt`), keeps its ID by the entity-ID rule without ranking
   * every record: the rule gave the ID to the oldest record, so a record still in the group it was
   * in can be older than the ID-giving one only if its age moved (`mayHaveAged`); only those and the
   * records new to every group are ranked against it.
   */
  private keepsItsId(records: readonly number[], anchorAt: number, previousOf: (x: number) => number): boolean {
    const mayHaveAged = this.mayHaveAged;
    if (!this.idShortcut || mayHaveAged === null) return false;
    let anchorRank: string | undefined;
    for (let i = 0; i < records.length; i++) {
      const x = records[i] as number;
      if (i === anchorAt || (previousOf(x) >= 0 && !mayHaveAged.has(x))) continue;
      anchorRank ??= this.identityOf(records[anchorAt] as number).rank;
      if (this.identityOf(x).rank < anchorRank) return false;
    }
    return true;
  }

  private rederive(seeds: readonly number[], removed: readonly number[], withdrawn: ReadonlySet<string>): GroupWriteChanges {
    // A write that reaches every record (the first batch) needs no walk to find them.
    const everything =
      removed.length === 0 &&
      this.liveCount.family + this.liveCount.dwelling === 0 &&
      seeds.length === this.persons.liveCount() &&
      this.families.byId.size === 0;
    const reached = everything
      ? { records: [...seeds], families: new Set<number>(), households: new Set<number>(), kks: new Set<string>() }
      : this.reach(seeds, removed);
    if (reached.records.length === 0 && reached.families.size === 0 && reached.households.size === 0) return NO_GROUP_CHANGES;

    // The part of the store reached, as a person resolution and its family and dwelling records.
    const personSlots = reached.records.filter((x) => x >= 0);
    personSlots.sort((a, b) => compareText(this.persons.keyAt(a), this.persons.keyAt(b)));
    const clusterOfEntity = new Map<number, number>();
    const clusterOf = new Int32Array(personSlots.length);
    const clusters: { id: string; records: number[] }[] = [];
    for (let position = 0; position < personSlots.length; position++) {
      const slot = personSlots[position] as number;
      const entity = this.persons.entityAt(slot);
      let cluster = clusterOfEntity.get(entity);
      if (cluster === undefined) {
        cluster = clusters.length;
        clusterOfEntity.set(entity, cluster);
        clusters.push({ id: this.persons.entityIdAt(slot), records: [] });
      }
      clusterOf[position] = cluster;
      (clusters[cluster] as { records: number[] }).records.push(position);
    }
    const persons = { records: personSlots.map((slot) => this.persons.recordAt(slot)), clusters, clusterOf };
    const slotOfRecord = new Map<GroupRecord, number>();
    const familyRecords: FamilyRecord[] = [];
    const dwellingRecords: DwellingRecord[] = [];
    for (const x of reached.records) {
      if (x >= 0) continue;
      const record = this.records[-x - 1] as GroupRecord;
      slotOfRecord.set(record, x);
      if (this.kinds[-x - 1] === 'family') familyRecords.push(record as FamilyRecord);
      else dwellingRecords.push(record as DwellingRecord);
    }
    const personIndex = indexPersons(persons);
    const familyGrouping = groupFamilies(persons, familyRecords, { validate: false, personIndex });
    const householdGrouping = groupHouseholds(persons, familyGrouping, dwellingRecords, { validate: false, personIndex });
    const personId = (cluster: number): string | null => (cluster < 0 ? null : (clusters[cluster] as { id: string }).id);
    const idsOf = (members: readonly number[]): string[] => members.map((cluster) => personId(cluster) as string).sort(compareText);

    // Families: records, view, IDs by the rule, installed.
    const derivedFamilies: Derived<FamilyView>[] = familyGrouping.families.map((family) => {
      const records = [
        ...family.records.map((position) => personSlots[position] as number),
        ...family.familyRecords.map((f) => slotOfRecord.get(familyGrouping.familyRecords[f] as FamilyRecord) as number),
      ];
      // The same records in the same order as the family a record was in: its record lists are those of its view.
      const before = this.sameRecordsAs(this.families, this.familyOf(records[0] as number), records);
      return {
        records: before?.records ?? records,
        view: {
          kks: family.kks,
          records: before?.view.records ?? family.records.map((position) => this.refOf(personSlots[position] as number)),
          familyRecords:
            before?.view.familyRecords ??
            family.familyRecords.map((f) => this.refOf(slotOfRecord.get(familyGrouping.familyRecords[f] as FamilyRecord) as number)),
          members: idsOf(family.members),
          head: personId(family.head),
        },
      };
    });
    const familyPrevious = (x: number): number => this.familyOf(x);
    const familyResult = this.apply(this.families, derivedFamilies, reached.families, familyPrevious, withdrawn);
    const familyIds = familyResult.ids;

    const derivedHouseholds: Derived<HouseholdView>[] = householdGrouping.households.map((household) => {
      const records: number[] = [];
      for (const f of household.families) records.push(...(derivedFamilies[f] as Derived<FamilyView>).records);
      for (const d of household.dwellingRecords) records.push(slotOfRecord.get(householdGrouping.dwellingRecords[d] as DwellingRecord) as number);
      return {
        records,
        view: {
          families: household.families.map((f) => familyIds[f] as string).sort(compareText),
          members: idsOf(household.members),
          dwellingRecords: household.dwellingRecords.map((d) => this.refOf(slotOfRecord.get(householdGrouping.dwellingRecords[d] as DwellingRecord) as number)),
          head: personId(household.head),
          address: household.address,
        },
      };
    });
    const householdResult = this.apply(this.households, derivedHouseholds, reached.households, (x) => this.householdOf(x), withdrawn);

    // Commit: the records' families and households, then the families' households.
    derivedFamilies.forEach((family, f) => {
      const e = familyResult.entities[f] as number;
      for (const x of family.records) {
        if (x >= 0) this.personFamily[x] = e;
        else this.groupOf[-x - 1] = e;
      }
      this.familyHousehold[e] = householdResult.entities[householdGrouping.householdOfFamily[f] as number] as number;
    });
    derivedHouseholds.forEach((household, h) => {
      for (const x of household.records) if (x < 0 && this.kinds[-x - 1] === 'dwelling') this.groupOf[-x - 1] = householdResult.entities[h] as number;
    });
    for (const x of removed) {
      if (x >= 0) this.personFamily[x] = -1;
      else this.groupOf[-x - 1] = -1;
    }
    const events = this.replaceEvents(familyGrouping, reached.kks, familyIds, personId);
    return { families: { ...familyResult.changes, events }, households: householdResult.changes };
  }

  /** Group `e`'s records and view when its records are `records`, in the same order; else undefined. */
  private sameRecordsAs<V>(table: GroupTable<V>, e: number, records: readonly number[]): { records: readonly number[]; view: V } | undefined {
    if (e < 0) return undefined;
    const before = table.records[e];
    const view = table.views[e];
    if (before === null || before === undefined || view === null || view === undefined || before.length !== records.length) return undefined;
    for (let i = 0; i < records.length; i++) if (before[i] !== records[i]) return undefined;
    return { records: before, view };
  }

  /**
   * Everything the seeds reach through persons, linking keys and the groups records were in: the
   * live records (encoded), the families and households they were in, and the KK keys passed.
   */
  private reach(seeds: readonly number[], removed: readonly number[]) {
    const walk = this.nextWalk();
    const personMark = this.personMark;
    const personExpanded = this.personExpanded;
    const groupMark = this.groupMark;
    // Groups passed, marked in their tables (a stamp per walk) before they join the sets.
    const familyStamp = this.families.startStamp();
    const familyPassed = this.families.stampOf;
    const householdStamp = this.households.startStamp();
    const householdPassed = this.households.stampOf;
    const families = new Set<number>();
    const households = new Set<number>();
    const records: number[] = [];
    const kks = new Set<string>();
    const weakKeysTie = this.groupHeldKeys > 0;
    const keyMark = this.keyMark;
    const groupHeld = this.groupHeld;
    const pushRecord = (x: number): void => {
      if (x >= 0) {
        if (personMark[x] === walk || !this.persons.isLive(x)) return;
        personMark[x] = walk;
      } else {
        const slot = -x - 1;
        if (groupMark[slot] === walk || (this.dead[slot] as boolean)) return;
        groupMark[slot] = walk;
      }
      records.push(x);
    };
    const pushGroups = (x: number): void => {
      const family = this.familyOf(x);
      if (family >= 0 && familyPassed[family] !== familyStamp) {
        familyPassed[family] = familyStamp;
        families.add(family);
        for (const other of this.families.records[family] ?? []) pushRecord(other);
      }
      const household = this.householdOf(x);
      if (household >= 0 && householdPassed[household] !== householdStamp) {
        householdPassed[household] = householdStamp;
        households.add(household);
        for (const other of this.households.records[household] ?? []) pushRecord(other);
      }
    };
    const pushKey = (id: number): void => {
      const key = this.keyText[id] as string;
      const kind = key.charCodeAt(0);
      // A NIK or head-name key ties records only through a family or dwelling record carrying it.
      if ((kind === 110 /* n */ || kind === 118) /* v */ && (!weakKeysTie || groupHeld[id] === 0)) return;
      if (keyMark[id] === walk) return;
      keyMark[id] = walk;
      if (kind === 107 /* k */) kks.add(key.slice(1));
      const list = this.holders[id];
      if (list === undefined) return;
      if (typeof list === 'number') pushRecord(list);
      else for (const other of list) pushRecord(other);
    };
    const pushKeys = (x: number): void => {
      const keys = this.keysOf(x);
      for (const key of keys) {
        if (typeof key === 'number') {
          pushKey(key);
          continue;
        }
        // A record that left matching: its keys by text (a key no record carries any more still names its KK).
        const id = this.keyIds.get(key);
        if (id !== undefined) pushKey(id);
        else if (key.charCodeAt(0) === 107 /* k */) kks.add(key.slice(1));
      }
    };
    for (const x of removed) {
      pushGroups(x);
      pushKeys(x);
    }
    for (const x of seeds) pushRecord(x);
    // `records` is the queue too: every record pushed is walked once.
    for (let q = 0; q < records.length; q++) {
      const x = records[q] as number;
      pushGroups(x);
      // A person's records are pushed once, from the first of them walked.
      if (x >= 0 && personExpanded[x] !== walk) {
        for (const other of this.persons.entitySlots(x)) {
          personExpanded[other] = walk;
          pushRecord(other);
        }
      }
      pushKeys(x);
    }
    return { records, families, households, kks };
  }

  /** Starts a walk: a new mark, the mark arrays as long as the slots they cover. */
  private nextWalk(): number {
    const persons = this.persons.slotCount();
    if (persons > this.personMark.length) {
      const size = grownCapacity(persons, this.personMark.length);
      const grown = new Int32Array(size);
      grown.set(this.personMark);
      this.personMark = grown;
      const expanded = new Int32Array(size);
      expanded.set(this.personExpanded);
      this.personExpanded = expanded;
    }
    if (this.records.length > this.groupMark.length) {
      const grown = new Int32Array(grownCapacity(this.records.length, this.groupMark.length));
      grown.set(this.groupMark);
      this.groupMark = grown;
    }
    if (this.keyText.length > this.keyMark.length) {
      const grown = new Int32Array(grownCapacity(this.keyText.length, this.keyMark.length));
      grown.set(this.keyMark);
      this.keyMark = grown;
    }
    if (this.walk === 0x7fffffff) {
      this.personMark.fill(0);
      this.personExpanded.fill(0);
      this.groupMark.fill(0);
      this.keyMark.fill(0);
      this.walk = 0;
    }
    return ++this.walk;
  }

  /**
   * Steps IDs and commit for one kind of group: the entity-ID rule over the derived groups (each
   * record's previous group from `previousOf`), what changed, the replaced groups retired (their IDs
   * aliases of what absorbed them) and the derived ones installed. Returns each derived group's
   * entity number and ID.
   */
  private apply<V>(
    table: GroupTable<V>,
    derived: readonly Derived<V>[],
    replaced: ReadonlySet<number>,
    previousOf: (x: number) => number,
    withdrawn: ReadonlySet<string>,
  ) {
    // An ID-giving record withdrawn: the group keeps its ID on its oldest record still in matching.
    for (const e of replaced) {
      const anchor = table.anchors[e] as string;
      const personKey = anchor.startsWith('person\u0000') ? anchor.slice(7) : undefined;
      if (!withdrawn.has(anchor) && (personKey === undefined || !withdrawn.has(personKey))) continue;
      let oldest: string | undefined;
      let oldestKey: string | undefined;
      let oldestSlot = -1;
      for (const x of table.records[e] ?? []) {
        if (!this.isLive(x)) continue;
        const { key, rank } = this.identityOf(x);
        if (oldest === undefined || rank < oldest) {
          oldest = rank;
          oldestKey = key;
          oldestSlot = x;
        }
      }
      if (oldestKey !== undefined) {
        table.anchors[e] = oldestKey;
        table.anchorSlots[e] = oldestSlot;
      }
    }
    // Each derived group's previous groups, found once per record; the ID rule's members, in full
    // only where the group's ID may move (see `keepsItsId`).
    const stamp = table.startStamp();
    const { stampOf, clusterOf } = table;
    const previousObjects = new Map<number, { readonly id: string; readonly anchorKey: string }>();
    const sharedPrevious = (e: number) => {
      let shared = previousObjects.get(e);
      if (shared === undefined) {
        shared = { id: table.ids[e] as string, anchorKey: table.anchors[e] as string };
        previousObjects.set(e, shared);
      }
      return shared;
    };
    const previousOfGroup: number[][] = [];
    const anchorOf: number[] = [];
    const members = derived.map((group, c) => {
      const records = group.records;
      const previous: number[] = [];
      let anchorAt = -1;
      for (let i = 0; i < records.length; i++) {
        const x = records[i] as number;
        const e = previousOf(x);
        if (e < 0) continue;
        if (stampOf[e] !== stamp || clusterOf[e] !== c) {
          stampOf[e] = stamp;
          clusterOf[e] = c;
          previous.push(e);
        }
        if (x === table.anchorSlots[e]) anchorAt = i;
      }
      previousOfGroup.push(previous);
      if (previous.length === 1 && anchorAt >= 0 && this.keepsItsId(records, anchorAt, previousOf)) {
        // One previous group, its ID-giving record here and still the oldest: the rule gives its ID
        // (one member, that record, decides it as all of them would; see idShortcut).
        anchorOf[c] = records[anchorAt] as number;
        return [{ key: table.anchors[previous[0] as number] as string, previous: sharedPrevious(previous[0] as number) }];
      }
      const list = new Array<EntityIdMember>(records.length);
      for (let i = 0; i < records.length; i++) {
        const x = records[i] as number;
        const e = previousOf(x);
        const { key, rank } = this.identityOf(x);
        list[i] = e < 0 ? { key, rank } : { key, rank, previous: sharedPrevious(e) };
      }
      return list;
    });
    const assignments = assignCheckedEntityIds(members, {
      naturalId: table.naturalId,
      isTakenElsewhere: (id) => {
        const e = table.byId.get(id);
        return e !== undefined && !replaced.has(e);
      },
    });
    const ids = assignments.map((assignment) => assignment.id);
    assignments.forEach((assignment, c) => {
      if (anchorOf[c] !== undefined) return;
      const list = members[c] as EntityIdMember[];
      for (let i = 0; i < list.length; i++)
        if ((list[i] as EntityIdMember).key === assignment.anchorKey) anchorOf[c] = (derived[c] as Derived<V>).records[i] as number;
    });
    const assigned = new Set(ids);
    // What became of each replaced group.
    const intoOf = new Map<number, string[]>();
    previousOfGroup.forEach((previous, c) => {
      for (const e of previous) {
        const into = intoOf.get(e);
        if (into === undefined) intoOf.set(e, [ids[c] as string]);
        else into.push(ids[c] as string);
      }
    });
    if (replaced.size > 0) {
      // Every live record of a replaced group is in a derived one (marks, not a set of numbers).
      const mark = this.nextWalk();
      for (const group of derived) {
        for (const x of group.records) {
          if (x >= 0) this.personMark[x] = mark;
          else this.groupMark[-x - 1] = mark;
        }
      }
      for (const e of replaced) {
        for (const x of table.records[e] ?? []) {
          if (this.isLive(x) && (x >= 0 ? this.personMark[x] : this.groupMark[-x - 1]) !== mark)
            throw new PadanError('internal', 'EntityStore: a family or household was re-derived only in part');
        }
      }
    }
    const created: string[] = [];
    const changed: { id: string; previousId?: string }[] = [];
    const merged: { id: string; retired: string[] }[] = [];
    const split: { id: string; into: string[] }[] = [];
    const retired: { id: string; reason: 'withdrawn' }[] = [];
    for (const [e, into] of intoOf) if (into.length > 1) split.push({ id: table.ids[e] as string, into: [...into].sort(compareText) });
    derived.forEach((group, c) => {
      const id = ids[c] as string;
      const previous = previousOfGroup[c] as number[];
      if (previous.length === 0) created.push(id);
      else if (previous.length > 1) {
        const retiredIds = previous.map((e) => table.ids[e] as string).filter((old) => old !== id && !assigned.has(old));
        merged.push({ id, retired: retiredIds.sort(compareText) });
      } else {
        const e = previous[0] as number;
        if ((intoOf.get(e) as string[]).length > 1) return;
        const previousId = table.ids[e] as string;
        if (previousId !== id) changed.push({ id, previousId });
        else if (!table.sameView(table.views[e] as V, group.view)) changed.push({ id });
      }
    });
    // Commit: retire the replaced groups, install the derived ones.
    const touched = table.touched;
    if (touched !== null) {
      for (const e of replaced) touched.add(table.ids[e] as string);
      for (const assignment of assignments) touched.add(assignment.id);
    }
    const absorbedInto = new Map<string, string>();
    for (const assignment of assignments) for (const old of assignment.absorbed) absorbedInto.set(old, assignment.id);
    // A derived group with one previous group whose ID it keeps stays where that group was: no
    // entity number freed and taken again, no ID removed from and put back in the big maps.
    const keptAt = new Int32Array(derived.length).fill(-1);
    for (let c = 0; c < derived.length; c++) {
      const previous = previousOfGroup[c] as number[];
      if (previous.length === 1 && table.ids[previous[0] as number] === ids[c]) keptAt[c] = previous[0] as number;
    }
    const stays = table.startStamp();
    for (let c = 0; c < derived.length; c++) if ((keptAt[c] as number) >= 0) table.stampOf[keptAt[c] as number] = stays;
    for (const e of replaced) {
      if (table.stampOf[e] === stays) continue;
      const id = table.ids[e] as string;
      table.byId.delete(id);
      table.records[e] = null;
      table.views[e] = null;
      table.free.push(e);
      if (assigned.has(id)) continue;
      const into = absorbedInto.get(id) ?? intoOf.get(e)?.[0];
      if (into !== undefined) table.aliases.set(id, { into });
      else {
        table.aliases.set(id, { withdrawn: true });
        retired.push({ id, reason: 'withdrawn' });
      }
    }
    const entities = derived.map((group, c) => {
      const assignment = assignments[c] as (typeof assignments)[number];
      const kept = keptAt[c] as number;
      const e = kept >= 0 ? kept : (table.free.pop() ?? table.ids.length);
      table.anchors[e] = assignment.anchorKey;
      table.anchorSlots[e] = anchorOf[c] as number;
      table.records[e] = group.records;
      table.views[e] = group.view;
      if (kept >= 0) return e;
      table.ids[e] = assignment.id;
      table.byId.set(assignment.id, e);
      table.aliases.delete(assignment.id);
      return e;
    });
    const byId = (a: { id: string }, b: { id: string }) => compareText(a.id, b.id);
    const changes: StoreGroupChanges = {
      created: created.sort(compareText),
      changed: changed.sort(byId),
      merged: merged.sort(byId),
      split: split.sort(byId),
      retired: retired.sort(byId),
    };
    return { ids, entities, changes };
  }

  /** Replaces the events of the KK numbers re-derived; returns those that are new. */
  private replaceEvents(
    grouping: FamilyGrouping,
    kks: ReadonlySet<string>,
    familyIds: readonly string[],
    personId: (cluster: number) => string | null,
  ): StoreFamilyEvent[] {
    const before = new Map<string, StoreFamilyEvent>();
    for (const kk of kks) {
      const keys = this.eventsOfKk.get(kk);
      if (keys === undefined) continue;
      for (const key of keys) {
        const event = this.events.get(key);
        if (event === undefined) continue;
        before.set(key, event);
        this.events.delete(key);
        for (const side of [event.fromKk, event.toKk]) {
          const list = this.eventsOfKk.get(side);
          list?.delete(key);
          if (list?.size === 0) this.eventsOfKk.delete(side);
        }
      }
    }
    const arrived: StoreFamilyEvent[] = [];
    for (const event of grouping.events) {
      const members = event.members.map((cluster) => personId(cluster) as string).sort(compareText);
      const stored: StoreFamilyEvent =
        event.kind === 'reissue'
          ? { kind: 'reissue', family: familyIds[event.family] as string, fromKk: event.fromKk, toKk: event.toKk, members, observedAt: event.observedAt }
          : {
              kind: event.kind,
              from: familyIds[event.from] as string,
              to: familyIds[event.to] as string,
              fromKk: event.fromKk,
              toKk: event.toKk,
              members,
              observedAt: event.observedAt,
            };
      const key = `${event.kind}\u0000${event.fromKk}\u0000${event.toKk}`;
      this.events.set(key, stored);
      for (const side of [event.fromKk, event.toKk]) {
        const list = this.eventsOfKk.get(side);
        if (list === undefined) this.eventsOfKk.set(side, new Set([key]));
        else list.add(key);
      }
      if (!before.has(key)) arrived.push(stored);
    }
    return arrived.sort((a, b) => compareText(`${a.fromKk}\u0000${a.toKk}\u0000${a.kind}`, `${b.fromKk}\u0000${b.toKk}\u0000${b.kind}`));
  }

  // ---- snapshots -----------------------------------------------------------------------------

  /** Family and dwelling records in matching (current versions), by kind, source and recordId; with first-seen dates. */
  recordEntries(): { readonly kind: GroupKind; readonly record: GroupRecord; readonly firstSeen: string | undefined }[] {
    return [...this.slotOfKey.entries()]
      .sort((a, b) => compareText(a[0], b[0]))
      .map(([key, slot]) => ({ kind: this.kinds[slot] as GroupKind, record: this.records[slot] as GroupRecord, firstSeen: this.firstSeen.get(key) }));
  }

  /** Every family or dwelling record's history (versions oldest first, withdrawal), by tagged key; with first-seen dates. */
  historyEntries(): { readonly kind: GroupKind; readonly history: RecordHistory<GroupRecord>; readonly firstSeen: string | undefined }[] {
    return [...this.histories.entries()]
      .sort((a, b) => compareText(a[0], b[0]))
      .map(([key, history]) => {
        const kind = key.slice(0, key.indexOf('\u0000')) as GroupKind;
        const record = history.versions[0] as GroupRecord;
        return {
          kind,
          history: this.history(kind, { source: record.source, recordId: record.recordId }) as RecordHistory<GroupRecord>,
          firstSeen: this.firstSeen.get(key),
        };
      });
  }

  /** Live families' and households' IDs with the tagged key of the record each ID belongs to, by ID. */
  idEntries(): { readonly families: [string, string][]; readonly households: [string, string][] } {
    const of = <V>(table: GroupTable<V>): [string, string][] =>
      [...table.byId.entries()].sort((a, b) => compareText(a[0], b[0])).map(([id, e]) => [id, table.anchors[e] as string]);
    return { families: of(this.families), households: of(this.households) };
  }

  /** Retired family and household IDs, by ID. */
  aliasEntries(): { readonly families: [string, Alias][]; readonly households: [string, Alias][] } {
    const of = <V>(table: GroupTable<V>): [string, Alias][] => [...table.aliases.entries()].sort((a, b) => compareText(a[0], b[0]));
    return { families: of(this.families), households: of(this.households) };
  }

  /**
   * Starts (or restarts, empty) noting the family and household IDs each write re-derives or retires,
   * for a caller that keeps them elsewhere (the PostgreSQL store's tables); untracked by default.
   */
  trackIds(): void {
    this.families.touched = new Set();
    this.households.touched = new Set();
  }

  /** The IDs noted since `trackIds` (or the last call), then noting afresh. */
  takeTouchedIds(): { readonly families: string[]; readonly households: string[] } {
    const taken = { families: [...(this.families.touched ?? [])].sort(compareText), households: [...(this.households.touched ?? [])].sort(compareText) };
    this.trackIds();
    return taken;
  }

  /** What a family or household ID is now: live on its record (tagged key), retired (alias), or unknown. */
  idState(kind: 'family' | 'household', id: string): { readonly anchor: string } | { readonly alias: Alias } | undefined {
    const table = kind === 'family' ? this.families : this.households;
    const e = table.byId.get(id);
    if (e !== undefined) return { anchor: table.anchors[e] as string };
    const alias = table.aliases.get(id);
    return alias === undefined ? undefined : { alias };
  }

  /** A family or dwelling record's first-seen date, if the store knows the record. */
  firstSeenOf(kind: GroupKind, ref: StoreRecordRef): string | undefined {
    return this.firstSeen.get(groupRecordKey(kind, ref.source, ref.recordId));
  }

  /**
   * After a snapshot's records are added again: their histories, first-seen dates, group IDs (each on
   * the record it belongs to) and retired IDs as they were; then every group is derived again, so
   * that views and KK events name the restored person and family IDs. Snapshot loading and the
   * PostgreSQL store's replicas only.
   */
  restore(input: GroupSnapshot): void {
    const invalid = (message: string): never => {
      throw new PadanError('invalid-snapshot', `entity-store snapshot: ${message}`);
    };
    for (const { kind, history } of input.histories) {
      const key = groupRecordKey(kind, history.record.source, history.record.recordId);
      const stored = this.histories.get(key);
      if (history.withdrawn !== undefined) {
        if (stored !== undefined) invalid(`a withdrawn ${kind} record is also in matching`);
        this.histories.set(key, { versions: [...history.versions], withdrawn: { ...history.withdrawn } });
        continue;
      }
      if (stored === undefined) invalid(`the history of a ${kind} record has no current record`);
      (stored as History).versions.unshift(...history.versions);
    }
    // A withdrawn record was first seen with its first version unless the snapshot says otherwise.
    for (const { kind, history } of input.histories) {
      const key = groupRecordKey(kind, history.record.source, history.record.recordId);
      const first = history.versions[0];
      if (!this.firstSeen.has(key) && first !== undefined) this.firstSeen.set(key, first.observedAt);
    }
    for (const [key, at] of input.firstSeen) this.firstSeen.set(key, at);
    const restoreTable = <V>(
      table: GroupTable<V>,
      ids: readonly (readonly [string, string])[],
      aliases: readonly (readonly [string, Alias])[],
      groupOf: (x: number) => number,
      what: 'family' | 'household',
    ): void => {
      const byId = new Map<string, number>();
      for (const [id, anchor] of ids) {
        // Records are numbered as in the re-derivation: a person slot as itself, a group record's slot g as -(g + 1).
        const slot = anchor.startsWith('person\u0000') ? this.persons.slotOf(anchor.slice('person\u0000'.length)) : this.slotOfKey.get(anchor);
        const e = slot === undefined ? -1 : groupOf(anchor.startsWith('person\u0000') ? slot : -(slot + 1));
        if (e < 0 || byId.has(id)) invalid(`a ${what} ID belongs to a record in no ${what}`);
        byId.set(id, e);
        table.ids[e] = id;
        table.anchors[e] = anchor;
      }
      if (byId.size !== table.byId.size) invalid(`its ${what === 'family' ? 'families' : 'households'} do not match its records`);
      table.byId.clear();
      for (const [id, e] of byId) table.byId.set(id, e);
      table.aliases.clear();
      for (const [id, alias] of aliases) {
        if (table.byId.has(id)) invalid(`a retired ${what} ID is also live`);
        table.aliases.set(id, alias);
      }
      for (const [id] of aliases) table.resolve(id);
    };
    if (input.ids !== undefined) {
      restoreTable(this.families, input.ids.families, input.ids.familyAliases, (x) => this.familyOf(x), 'family');
      restoreTable(this.households, input.ids.households, input.ids.householdAliases, (x) => this.householdOf(x), 'household');
    }
    const all: number[] = [];
    for (const slot of this.slotOfKey.values()) all.push(-(slot + 1));
    // IDs were put on records without the rule: it is applied in full to every group.
    this.families.anchorSlots = [];
    this.households.anchorSlots = [];
    this.update([...all, ...this.persons.liveSlots()], [], new Set(), null);
  }

  // ---- reads ---------------------------------------------------------------------------------

  familyList(): StoredFamily[] {
    return [...this.families.byId.entries()].sort((a, b) => compareText(a[0], b[0])).map(([id, e]) => ({ id, ...(this.families.views[e] as FamilyView) }));
  }

  family(id: string): StoredFamily | undefined {
    const e = this.families.current(id);
    return e === undefined ? undefined : { id: this.families.ids[e] as string, ...(this.families.views[e] as FamilyView) };
  }

  householdList(): StoredHousehold[] {
    return [...this.households.byId.entries()]
      .sort((a, b) => compareText(a[0], b[0]))
      .map(([id, e]) => ({ id, ...(this.households.views[e] as HouseholdView) }));
  }

  household(id: string): StoredHousehold | undefined {
    const e = this.households.current(id);
    return e === undefined ? undefined : { id: this.households.ids[e] as string, ...(this.households.views[e] as HouseholdView) };
  }

  eventList(): StoreFamilyEvent[] {
    return [...this.events.values()].sort((a, b) => compareText(`${a.fromKk}\u0000${a.toKk}\u0000${a.kind}`, `${b.fromKk}\u0000${b.toKk}\u0000${b.kind}`));
  }

  /** What a family (`F…`) or household (`H…`) ID stands for now; undefined for one never issued. */
  resolveId(id: string): IdResolution | undefined {
    return id.startsWith('F') ? this.families.resolve(id) : id.startsWith('H') ? this.households.resolve(id) : undefined;
  }

  /** Family and household counts, and retired group IDs. */
  counts(): { families: number; households: number; aliases: number } {
    return { families: this.families.byId.size, households: this.households.byId.size, aliases: this.families.aliases.size + this.households.aliases.size };
  }
}
