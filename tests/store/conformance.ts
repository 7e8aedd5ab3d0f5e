/**
 * The entity-store conformance suite (docs/store.md): every backend of the `EntityStore` interface
 * runs it with its own factory, e.g.
 *
 *   describeStoreConformance('PostgreSQL store', (options) => createPostgresEntityStore({ ...options, pool }));
 *
 * It protects the contract's rules: batch equality and order independence, versions, withdrawals,
 * steward decisions (conflicts, review queue, audit), the entity-ID rule and transactional writes.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { definePolicy } from '../../src/merge/definePolicy.js';
import type { MergePersonRecord } from '../../src/merge/types.js';
import type { PersonRecord } from '../../src/schema/person.js';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import type { StewardDecision } from '../../src/store/decisions.js';
import type { CreateEntityStoreOptions, EntityStore, StoreRecordRef } from '../../src/store/types.js';
import { batchView, policy, refText, syntheticRecords, trainedModel } from './fixtures.js';

/** Makes an empty store; called once per test (a backend may share one database and truncate it). */
export type StoreFactory = (options: CreateEntityStoreOptions) => Promise<EntityStore>;

const meta = { by: 'steward-1', at: '2031-02-01', why: 'checked the village office records' };

/** Entities with their record references, by ID. */
async function entityView(store: EntityStore): Promise<{ id: string; records: string[] }[]> {
  return (await store.entities()).map((entity) => ({ id: entity.id, records: entity.records.map(refText) }));
}

/** Entities as sets of records only (IDs aside). */
async function partition(store: EntityStore): Promise<string[]> {
  return (await store.entities()).map((entity) => entity.records.map(refText).join(' ')).sort();
}

/** A pair of records the batch run puts in one entity, and a pair in different entities. */
function pairsOf(records: readonly PersonRecord[], model: TrainedModel) {
  const view = batchView(records, model);
  const big = view.entities.find((entity) => entity.records.length >= 3) as { records: readonly string[] };
  const byRef = new Map(records.map((record) => [refText(record), record]));
  const together = big.records.slice(0, 2).map((ref) => byRef.get(ref) as PersonRecord) as [PersonRecord, PersonRecord];
  const other = view.entities.find((entity) => entity.records.length >= 2 && !entity.records.includes(big.records[0] as string)) as {
    records: readonly string[];
  };
  const apart: [PersonRecord, PersonRecord] = [together[0], byRef.get(other.records[0] as string) as PersonRecord];
  return { together, apart, big: big.records.map((ref) => byRef.get(ref) as PersonRecord) };
}

const ref = (record: PersonRecord): StoreRecordRef => ({ source: record.source, recordId: record.recordId });

export function describeStoreConformance(name: string, makeStore: StoreFactory): void {
  describe(`${name}: EntityStore conformance`, () => {
    let records: PersonRecord[];
    let model: TrainedModel;

    beforeAll(() => {
      records = syntheticRecords(60, 31);
      model = trainedModel();
    });

    const fresh = (options?: Partial<CreateEntityStoreOptions>) => makeStore({ model, policy, ...options });

    it('gives the batch run’s entities, IDs and review queue for any batch split and order', async () => {
      const expected = batchView(records, model);
      await fc.assert(
        fc.asyncProperty(
          fc.shuffledSubarray(
            records.map((_, i) => i),
            { minLength: records.length, maxLength: records.length },
          ),
          fc.uniqueArray(fc.integer({ min: 1, max: records.length - 1 }), { maxLength: 4 }),
          async (order, cuts) => {
            const store = await fresh({ validate: false });
            const bounds = [0, ...[...cuts].sort((a, b) => a - b), records.length];
            for (let b = 0; b + 1 < bounds.length; b++) await store.add(order.slice(bounds[b], bounds[b + 1]).map((i) => records[i] as PersonRecord));
            expect(await entityView(store)).toEqual(expected.entities);
            const review = (await store.review())
              .map((item) => ({ left: refText(item.left), right: refText(item.right), reason: item.reason, matchWeight: item.matchWeight }))
              .sort((x, y) => (x.left + x.right < y.left + y.right ? -1 : 1));
            expect(review).toEqual(expected.review);
          },
        ),
        { numRuns: 3 },
      );
    });

    it('with validate: false still refuses, typed, a record it cannot identify, and keeps the rest', async () => {
      const store = await fresh({ validate: false });
      const [first, second] = records as [PersonRecord, PersonRecord];
      const { source: _source, ...noSource } = first;
      const changes = await store.add([noSource, { ...first, recordId: '' }, null, 'x', { ...first, source: 5 }, second] as unknown as PersonRecord[]);
      expect(
        changes.rejected.map((rejection) => [rejection.index, rejection.reason, rejection.issues.map((issue) => `${issue.code} ${issue.path.join('.')}`)]),
      ).toEqual([
        [0, 'invalid', ['schema/required source']],
        [1, 'invalid', ['schema/invalid-type recordId']],
        [2, 'invalid', ['schema/not-an-object ']],
        [3, 'invalid', ['schema/not-an-object ']],
        [4, 'invalid', ['schema/invalid-type source']],
      ]);
      expect(changes.rejected[0]?.recordId).toBe(first.recordId);
      expect(await store.entityOfRecord(second)).toBeDefined();
      expect(await store.entityOfRecord(first)).toBeUndefined();
    });

    it('replaces a record by a later version, keeps the old one in its history, re-clusters it', async () => {
      const store = await fresh();
      await store.add(records);
      const { together } = pairsOf(records, model);
      const [a, b] = together;
      // The new version of `a` is someone else entirely: it leaves b's entity.
      const moved = { ...a, observedAt: '2031-01-01', name: 'Qxwz Vbnmkj', nik: null, kk: null, birthDate: '1901-01-01', motherName: null, address: null };
      const changes = await store.add([moved]);
      expect(changes.versions).toEqual([{ record: ref(a), from: a.observedAt, to: '2031-01-01' }]);
      expect(changes.report.versionsApplied).toBe(1);
      expect(await store.entityOfRecord(a)).not.toBe(await store.entityOfRecord(b));
      const history = await store.history(a);
      expect(history?.versions.map((version) => version.observedAt)).toEqual([a.observedAt, '2031-01-01']);
      // Same as a batch over the final versions.
      const final = records.map((record) => (refText(record) === refText(a) ? (history?.versions[1] as PersonRecord) : record));
      expect(await partition(store)).toEqual(
        batchView(final, model)
          .entities.map((entity) => entity.records.join(' '))
          .sort(),
      );
      // An earlier or equal observedAt is reported, not applied; a byte-identical re-send is a no-op.
      const stale = await store.add([{ ...a, observedAt: '2031-01-01', name: 'Other' }]);
      expect(stale.rejected.map((item) => item.reason)).toEqual(['stale-version']);
      expect((await store.add([{ ...a, observedAt: '2030-01-01' }])).rejected.map((item) => item.reason)).toEqual(['stale-version']);
      const same = await store.add([history?.versions[1]]);
      expect([same.report.unchanged, same.rejected.length, same.versions.length]).toEqual([1, 0, 0]);
      expect((await store.history(a))?.versions.length).toBe(2);
    });

    it('withdraws a record: out of matching, in its history; an emptied entity is retired and its ID resolves', async () => {
      const store = await fresh();
      await store.add(records);
      const lonely = (await store.entities()).find((entity) => entity.records.length === 1) as { id: string; records: readonly StoreRecordRef[] };
      const only = lonely.records[0] as StoreRecordRef;
      const changes = await store.withdraw(only.source, only.recordId, 'deleted at source', { by: 'sync', at: '2031-01-02' });
      expect(changes.withdrawn).toEqual([only]);
      expect(changes.retired).toEqual([{ id: lonely.id, reason: 'withdrawn' }]);
      expect(await store.resolveId(lonely.id)).toEqual({ status: 'withdrawn', id: lonely.id });
      expect(await store.entityOfRecord(only)).toBeUndefined();
      expect((await store.history(only))?.withdrawn).toEqual({ reason: 'deleted at source', by: 'sync', at: '2031-01-02' });
      expect((await store.stats()).withdrawn).toBe(1);
      await expect(store.withdraw(only.source, only.recordId, 'again')).rejects.toThrow(PadanError);
      await expect(store.withdraw('nowhere', '1', 'unknown')).rejects.toThrow(PadanError);
      // The ID-giving record of a bigger entity leaves: the entity keeps its ID.
      const { big } = pairsOf(records, model);
      const id = (await store.entityOfRecord(big[0] as PersonRecord)) as string;
      await store.withdraw((big[0] as PersonRecord).source, (big[0] as PersonRecord).recordId, 'moved out of scope');
      expect(await store.entityOfRecord(big[1] as PersonRecord)).toBe(id);
      expect((await store.auditLog()).filter((entry) => entry.op === 'withdraw').length).toBe(2);
    });

    it('applies decisions over the model, refuses conflicts with an explanation, and shrinks the review queue', async () => {
      const store = await fresh();
      await store.add(records);
      const { together, apart } = pairsOf(records, model);
      const cannot: StewardDecision = { kind: 'cannotLink', left: ref(together[0]), right: ref(together[1]), ...meta };
      const must: StewardDecision = { kind: 'mustLink', left: ref(apart[0]), right: ref(apart[1]), ...meta };
      const result = await store.decide([cannot, must]);
      expect(result.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
      expect(await store.entityOfRecord(together[0])).not.toBe(await store.entityOfRecord(together[1]));
      expect(await store.entityOfRecord(apart[0])).toBe(await store.entityOfRecord(apart[1]));
      // must-link A–B (made above), cannot-link B–C, then must-link A–C: refused.
      const [a, b] = apart;
      const c = pairsOf(records, model).big[2] as PersonRecord;
      const conflict: StewardDecision = { kind: 'mustLink', left: ref(a), right: ref(c), ...meta };
      const refused = await store.decide([{ kind: 'cannotLink', left: ref(b), right: ref(c), ...meta }, conflict]);
      expect(refused.outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'refused']);
      expect(refused.outcomes[1]?.explanation).toMatch(/cannotLink/);
      expect(refused.outcomes[1]?.explanation).toMatch(/steward-1/);
      expect(refused.outcomes[1]?.explanation).not.toMatch(/\d{16}/);
      // A replayed decision is a no-op.
      expect((await store.decide(cannot)).outcomes[0]?.status).toBe('duplicate');
      expect(await store.decisions()).toHaveLength(3);
      const audit = await store.auditLog();
      expect(audit.filter((entry) => entry.op === 'decision').map((entry) => (entry.op === 'decision' ? entry.status : ''))).toEqual([
        'applied',
        'applied',
        'applied',
        'refused',
        'duplicate',
      ]);
      // Decided pairs are not in the review queue.
      for (const item of await store.review()) {
        const keys = [refText(item.left), refText(item.right)].sort().join(' ');
        expect(keys).not.toBe([refText(together[0]), refText(together[1])].sort().join(' '));
      }
      // The same decisions before the records give the same entities (decisions are keyed by records).
      const replayed = await fresh();
      await replayed.decide(await store.decisions());
      await replayed.add(records);
      expect(await entityView(replayed)).toEqual(await entityView(store));
    });

    it('shrinks the review queue when a steward answers its items', async () => {
      const store = await fresh();
      await store.add(records);
      const queue = await store.review();
      if (queue.length === 0) return;
      const answers: StewardDecision[] = queue
        .slice(0, 3)
        .map((item, i) => ({ kind: i % 2 === 0 ? 'confirm' : 'reject', left: item.left, right: item.right, ...meta }));
      await store.decide(answers);
      expect((await store.review()).length).toBeLessThan(queue.length);
    });

    it('unmerges records from an entity; the rest keeps the ID and the split-off part does not come back', async () => {
      const store = await fresh();
      await store.add(records);
      const { big } = pairsOf(records, model);
      const id = (await store.entityOfRecord(big[0] as PersonRecord)) as string;
      const entity = await store.entity(id);
      const off = [ref(big[big.length - 1] as PersonRecord)];
      const rest = (entity?.records ?? []).map(ref).filter((item) => refText(item) !== refText(off[0] as StoreRecordRef));
      const { outcomes, changes } = await store.decide({ kind: 'unmerge', entityId: id, records: off, rest, ...meta });
      expect(outcomes[0]?.status).toBe('applied');
      expect(changes.split.map((item) => item.id)).toEqual([id]);
      expect(await store.entityOfRecord(big[0] as PersonRecord)).toBe(id);
      expect(await store.entityOfRecord(off[0] as StoreRecordRef)).not.toBe(id);
      // A later copy of the split-off record does not bring it back.
      await store.add([{ ...(big[big.length - 1] as PersonRecord), observedAt: '2031-05-05' }]);
      expect(await store.entityOfRecord(off[0] as StoreRecordRef)).not.toBe(id);
    });

    it('resolves a retired ID to the entity that absorbed it', async () => {
      const store = await fresh();
      await store.add(records);
      // Two persons of one record each: a must-link merges them whole.
      const singles = (await store.entities()).filter((entity) => entity.records.length === 1).slice(0, 2);
      const byRef = new Map(records.map((record) => [refText(record), record]));
      const apart = singles.map((entity) => byRef.get(refText(entity.records[0] as StoreRecordRef)) as PersonRecord);
      // The older ID survives: the one whose ID-giving record was seen first (then by record key).
      const holders = await Promise.all(apart.map(async (record) => (await store.entity((await store.entityOfRecord(record)) as string))!));
      const age = (entity: { records: readonly PersonRecord[] }) =>
        entity.records.map((record) => `${record.observedAt}\u0000${refText(record)}`).sort()[0] as string;
      holders.sort((x, y) => (age(x) < age(y) ? -1 : 1));
      const ids = holders.map((holder) => holder.id);
      const { changes } = await store.decide({ kind: 'mustLink', left: ref(apart[0] as PersonRecord), right: ref(apart[1] as PersonRecord), ...meta });
      expect(changes.merged).toEqual([expect.objectContaining({ id: ids[0], retired: [ids[1]], rule: 'older-id' })]);
      expect(await store.resolveId(ids[1] as string)).toEqual({ status: 'merged', id: ids[1], into: ids[0] });
      expect((await store.entity(ids[1] as string))?.id).toBe(ids[0]);
      expect(await store.resolveId('P0000000000000000')).toBeUndefined();
    });

    it('is transactional: a write that throws midway leaves the store as it was, and a retry is accepted', async () => {
      let armed = false;
      const throwing = definePolicy<MergePersonRecord>({
        ...policy,
        version: `${policy.version}+throwing`,
        fields: Object.fromEntries(
          Object.entries(policy.fields).map(([field, rules]) => [
            field,
            'follow' in rules
              ? rules
              : {
                  ...rules,
                  rules: [
                    {
                      kind: 'custom' as const,
                      name: 'fault',
                      version: '1',
                      select: (candidates: readonly unknown[]) => {
                        if (armed) throw new Error('injected fault');
                        return candidates as never;
                      },
                    },
                    ...rules.rules,
                  ],
                },
          ]),
        ) as typeof policy.fields,
      });
      const store = await fresh({ policy: throwing });
      await store.add(records.slice(0, 40));
      const before = { entities: await entityView(store), review: await store.review(), audit: await store.auditLog(), stats: await store.stats() };
      armed = true;
      await expect(store.add(records.slice(40))).rejects.toThrow('injected fault');
      const { together } = pairsOf(records.slice(0, 40), model);
      await expect(store.decide({ kind: 'cannotLink', left: ref(together[0]), right: ref(together[1]), ...meta })).rejects.toThrow('injected fault');
      expect({ entities: await entityView(store), review: await store.review(), audit: await store.auditLog(), stats: await store.stats() }).toEqual(before);
      armed = false;
      const retry = await store.add(records.slice(40));
      expect(retry.rejected).toEqual([]);
      expect(retry.report.recordsAdded).toBe(records.length - 40);
      const clean = await fresh({ policy: throwing });
      await clean.add(records);
      expect(await entityView(store)).toEqual(await entityView(clean));
    });

    it('refuses a record reference that is not { source, recordId } strings, on reads too, with PadanError', async () => {
      const store = await fresh();
      await store.add(records.slice(0, 5));
      const stored = ref(records[0] as PersonRecord);
      expect(await store.entityOfRecord(stored)).toMatch(/^P/);
      expect((await store.history(stored))?.versions.length).toBe(1);
      // Before, the PostgreSQL store turned these into the strings 'undefined', '[object Object]', '5' and answered undefined.
      const hostile: unknown[] = [
        null,
        undefined,
        'dtks',
        5,
        {},
        { source: stored.source },
        { source: stored.source, recordId: 5 },
        { source: { toString: () => stored.source }, recordId: stored.recordId },
        [stored.source, stored.recordId],
      ];
      for (const bad of hostile) {
        for (const read of [() => store.entityOfRecord(bad as never), () => store.history(bad as never)]) {
          const error = await read().then(
            () => undefined,
            (thrown: unknown) => thrown,
          );
          expect(error, `reference ${String(bad)}`).toBeInstanceOf(PadanError);
          expect((error as PadanError).code).toBe('invalid-argument');
        }
      }
    });
  });
}
