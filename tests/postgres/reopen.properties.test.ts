import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import type { DwellingRecord } from '../../src/schema/dwelling.js';
import type { FamilyRecord } from '../../src/schema/family.js';
import type { PersonRecord } from '../../src/schema/person.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import type { StewardDecision } from '../../src/store/decisions.js';
import type { MemoryEntityStore } from '../../src/store/MemoryEntityStore.js';
import { openPostgresEntityStore, type PostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import type { EntityStore, StoreChanges, StoreRecordKind } from '../../src/store/types.js';
import { storeToSnapshot } from '../../src/store/writeStoreSnapshot.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { shuffle } from '../store/_cycle.js';
import { policy, syntheticPopulation, trainedModel, type SyntheticPopulation } from '../store/fixtures.js';

// Protects what a PostgreSQL store keeps across a reopen (a new process, a second service): after any
// sequence of adds, later versions and withdrawals of person, family (KK) and dwelling records,
// citizen objections and steward decisions, a store opened afresh on the same schema — its replica
// built from the read tables — holds the live store's state: entities, IDs and retired IDs, unified
// records, families, households and KK events with their IDs, histories of every kind, the review
// queue, decisions, audit log and counts; and the writes that follow give the same changes.

type AnyRecord = PersonRecord | FamilyRecord | DwellingRecord;
const kinds = ['person', 'family', 'dwelling'] as const;
const meta = { by: 'steward', at: '2031-02-01', why: 'property test' };
/**
 * A write's changes without timings and work counts: how many term-frequency pairs it rescores, and
 * how many records it re-clusters (constrained components whose link order the drift could have
 * swapped are re-clustered), depend on how far the frequencies drifted since each pair was scored
 * exactly; a replica built afresh scored every pair exactly. What the write changed is compared whole.
 */
const withoutWork = (changes: StoreChanges) => ({
  ...changes,
  report: { ...changes.report, elapsedMs: 0, stageMs: {}, pairsRescored: 0, recordsReclustered: 0 },
});

type Population = SyntheticPopulation;

/** A later version: a person moves to another KK or identity, or changes a field; a KK row loses a member; a dwelling row loses a KK. */
function laterVersion(people: Population, kind: StoreRecordKind, i: number, variant: number): AnyRecord {
  if (kind === 'person') {
    const record = people.person[i] as PersonRecord;
    const other = people.person[(i * 7 + 3) % people.person.length] as PersonRecord;
    if (variant % 3 === 0) return { ...record, observedAt: '2031-03-01', kk: other.kk ?? null, address: other.address ?? null };
    if (variant % 3 === 1) return { ...record, observedAt: '2031-03-01', name: other.name, nik: other.nik ?? null, birthDate: other.birthDate ?? null };
    return { ...record, observedAt: '2031-03-01', maritalStatus: 'married' };
  }
  if (kind === 'family') {
    const record = people.family[i] as FamilyRecord;
    return { ...record, observedAt: '2031-03-01', memberNiks: (record.memberNiks ?? []).slice(0, Math.max(0, (record.memberNiks ?? []).length - 1)) };
  }
  const record = people.dwelling[i] as DwellingRecord;
  return { ...record, observedAt: '2031-03-01', kks: (record.kks ?? []).slice(0, 1) };
}

/** A citizen objection about person i: another address, pending, accepted or rejected. */
function objection(people: Population, i: number, n: number, status: 'pending' | 'accepted' | 'rejected', observedAt: string): PersonRecord {
  const record = people.person[i] as PersonRecord;
  const other = people.person[(i * 5 + 1) % people.person.length] as PersonRecord;
  return {
    ...record,
    source: 'citizen',
    recordId: `OBJ-${n}`,
    observedAt,
    channel: { kind: 'citizen', action: 'objection', status, fields: ['address'] },
    address: other.address ?? null,
  } as PersonRecord;
}

type Event =
  | { readonly kind: 'add'; readonly of: StoreRecordKind; readonly index: number; readonly record: AnyRecord }
  | { readonly kind: 'withdraw'; readonly of: StoreRecordKind; readonly index: number }
  | { readonly kind: 'decide'; readonly decision: 'mustLink' | 'cannotLink' | 'confirm' | 'reject' | 'unmerge'; readonly a: number; readonly b: number };

/** Everything a store shows, read through its interface (replica-served and SQL-served reads alike). */
async function stateOf(store: EntityStore, people: Population, issued: ReadonlySet<string>) {
  const entities = await store.entities();
  const unified = [];
  for (const entity of entities) unified.push(JSON.parse(JSON.stringify(await store.entity(entity.id))));
  const resolutions = [];
  for (const id of [...issued].sort()) {
    const group = id.startsWith('F') ? await store.family(id) : id.startsWith('H') ? await store.household(id) : undefined;
    resolutions.push([id, await store.resolveId(id), group?.id]);
  }
  const histories = [];
  for (const kind of kinds) for (const record of people[kind]) histories.push(await store.history(record, { kind }));
  for (let n = 0; n < 8; n++) histories.push(await store.history({ source: 'citizen', recordId: `OBJ-${n}` }));
  return {
    entities,
    unified,
    records: await store.records(),
    families: await store.families(),
    households: await store.households(),
    events: await store.familyEvents(),
    resolutions,
    histories,
    review: await store.review(),
    decisions: await store.decisions(),
    audit: await store.auditLog(),
    stats: await store.stats(),
  };
}

async function note(store: EntityStore, issued: Set<string>): Promise<void> {
  for (const entity of await store.entities()) issued.add(entity.id);
  for (const family of await store.families()) issued.add(family.id);
  for (const household of await store.households()) issued.add(household.id);
}

let people: Population;
let model: TrainedModel;
let db: TestDatabase;
let runs = 0;

beforeAll(async () => {
  people = syntheticPopulation(20, 19);
  model = trainedModel();
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('a PostgreSQL store opened again on the same schema', () => {
  it('holds the live store’s whole state, families and households included, and continues as it would', { timeout: 600_000 }, async () => {
    const counts = { person: people.person.length, family: people.family.length, dwelling: people.dwelling.length };
    const index = (kind: StoreRecordKind) => fc.integer({ min: 0, max: counts[kind] - 1 });
    const pick = (kind: StoreRecordKind, max: number) => fc.uniqueArray(index(kind), { maxLength: max });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          updated: fc.record({ person: pick('person', 4), family: pick('family', 2), dwelling: pick('dwelling', 2) }),
          withdrawn: fc.record({ person: pick('person', 2), family: pick('family', 2), dwelling: pick('dwelling', 2) }),
          decisions: fc.array(
            fc.record({
              decision: fc.constantFrom('mustLink', 'cannotLink', 'confirm', 'reject', 'unmerge'),
              a: index('person'),
              b: index('person'),
            }),
            { maxLength: 4 },
          ),
          objections: fc.array(fc.record({ about: index('person'), status: fc.constantFrom('pending', 'accepted', 'rejected') }), { maxLength: 3 }),
          seed: fc.integer({ min: 0, max: 1_000_000 }),
          cuts: fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { maxLength: 8 }),
          reopenAt: fc.integer({ min: 0, max: 1000 }),
        }),
        async (cycle) => {
          const events: Event[] = [];
          for (const kind of kinds) {
            people[kind].forEach((record, i) => events.push({ kind: 'add', of: kind, index: i, record }));
            cycle.updated[kind].forEach((i, variant) => events.push({ kind: 'add', of: kind, index: i, record: laterVersion(people, kind, i, variant) }));
          }
          // Objections are person records of the citizen channel; a pending one is later decided.
          cycle.objections.forEach((item, n) => {
            const record = objection(people, item.about, n, 'pending', '2031-04-01');
            events.push({ kind: 'add', of: 'person', index: counts.person + n, record });
            if (item.status !== 'pending')
              events.push({ kind: 'add', of: 'person', index: counts.person + n, record: objection(people, item.about, n, item.status, '2031-05-01') });
          });
          for (const item of cycle.decisions) if (item.a !== item.b || item.decision === 'unmerge') events.push({ kind: 'decide', ...item });
          const order = shuffle(events, cycle.seed);
          for (const kind of kinds) {
            for (const i of cycle.withdrawn[kind]) {
              let last = -1;
              order.forEach((event, at) => {
                if (event.kind === 'add' && event.of === kind && event.index === i) last = at;
              });
              order.splice(last + 1 + (cycle.seed % Math.max(1, order.length - last)), 0, { kind: 'withdraw', of: kind, index: i });
            }
          }

          const schema = `reopen_${runs++}`;
          const memory = createEntityStore({ model, policy });
          let pgStore: PostgresEntityStore = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), model, policy, schema });
          const reopenAt = cycle.reopenAt % (order.length + 1);
          const issued = new Set<string>();
          const both = async (write: (store: EntityStore) => Promise<StoreChanges>): Promise<void> => {
            let want: unknown;
            try {
              want = withoutWork(await write(memory));
            } catch (error) {
              await expect(write(pgStore)).rejects.toThrow((error as Error).message);
              return;
            }
            expect(withoutWork(await write(pgStore))).toEqual(want);
            await note(memory, issued);
          };
          // Consecutive adds form batches, cut where the drawn cut points fall: one add per kind, kinds in the order they came.
          let batch = new Map<StoreRecordKind, AnyRecord[]>();
          const flush = async () => {
            const batches = batch;
            batch = new Map();
            for (const [kind, records] of batches) await both((store) => store.add(records, kind === 'person' ? {} : { kind }));
          };
          for (let at = 0; at < order.length; at++) {
            if (at === reopenAt) {
              // A new process: its replica is built from the read tables.
              await flush();
              pgStore = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), policy, schema });
            }
            const event = order[at] as Event;
            if (event.kind === 'add') {
              if (cycle.cuts.includes(at)) await flush();
              const list = batch.get(event.of);
              if (list === undefined) batch.set(event.of, [event.record]);
              else list.push(event.record);
              continue;
            }
            await flush();
            if (event.kind === 'withdraw') {
              const record = people[event.of][event.index] as AnyRecord;
              await both((store) => store.withdraw(record.source, record.recordId, 'property test', { kind: event.of, by: 'sync', at: '2031-06-01' }));
              continue;
            }
            const left = people.person[event.a] as PersonRecord;
            const right = people.person[event.b] as PersonRecord;
            const ref = (record: PersonRecord) => ({ source: record.source, recordId: record.recordId });
            let decision: StewardDecision;
            if (event.decision === 'unmerge') {
              const entityId = await memory.entityOfRecord(left);
              const entity = entityId === undefined ? undefined : await memory.entity(entityId);
              if (entityId === undefined || entity === undefined || entity.records.length < 2) continue;
              decision = { kind: 'unmerge', entityId, records: [ref(left)], ...meta };
            } else decision = { kind: event.decision, left: ref(left), right: ref(right), ...meta };
            await both(async (store) => (await store.decide(decision)).changes);
          }
          await flush();

          // A store opened afresh equals the live one, read for read and in its replica's snapshot.
          const reopened = await openPostgresEntityStore({ pool: db.pool({ max: 1 }), policy, schema });
          const live = await stateOf(memory, people, issued);
          expect(await stateOf(reopened, people, issued)).toEqual(live);
          expect(await stateOf(pgStore, people, issued)).toEqual(live);
          const snapshot = storeToSnapshot(memory as MemoryEntityStore);
          expect(await reopened.withReplica((replica) => storeToSnapshot(replica))).toBe(snapshot);

          // And it continues as the live store does: a new person, a later version, a withdrawal, a decision.
          const [first, second] = people.person as [PersonRecord, PersonRecord];
          pgStore = reopened;
          await both((store) => store.add([{ ...second, source: 'late', recordId: 'L-1', observedAt: '2032-01-01' }]));
          await both((store) => store.add([{ ...first, observedAt: '2032-02-01', maritalStatus: 'divorced' }]));
          const family = people.family[0] as FamilyRecord;
          await both((store) => store.add([{ ...family, observedAt: '2032-03-01' }], { kind: 'family' }));
          await both((store) => store.withdraw(second.source, second.recordId, 'moved', { by: 'sync', at: '2032-04-01' }));
          await both(async (store) => (await store.decide({ kind: 'cannotLink', left: first, right: { source: 'late', recordId: 'L-1' }, ...meta })).changes);
          expect(await stateOf(reopened, people, issued)).toEqual(await stateOf(memory, people, issued));
        },
      ),
      {
        numRuns: 4,
        // Found by the property: must-links make constrained components, which only the live store re-clusters as the drift grows.
        examples: [
          [
            {
              updated: { person: [], family: [], dwelling: [0] },
              withdrawn: { person: [], family: [], dwelling: [] },
              decisions: [
                { decision: 'mustLink', a: 4, b: 5 },
                { decision: 'mustLink', a: 0, b: 1 },
              ],
              objections: [],
              seed: 323317,
              cuts: [],
              reopenAt: 160,
            },
          ],
        ],
      },
    );
  });
});
