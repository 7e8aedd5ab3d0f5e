import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../src/schema/person.js';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { MemoryEntityStore } from '../../src/store/MemoryEntityStore.js';
import { laterVersion, meta, cycleArbitrary, eventsOf, play, view } from './_cycle.js';
import { batchView, policy, syntheticRecords, trainedModel } from './fixtures.js';

// Protects the DTSEN cycle's invariants (issue 19, DESIGN.md invariant 2): any interleaving of adds,
// new versions, withdrawals and steward decisions, in any batch split and order, gives the entities,
// unified records and review queue of one store given the same decisions and the final records in
// one batch; the IDs are equal wherever nothing was withdrawn; no record is lost; every ID ever
// issued resolves. And (issue 17) a write that throws at any step leaves the store as it was.

let records: PersonRecord[];
let model: TrainedModel;

beforeAll(() => {
  records = syntheticRecords(45, 12);
  model = trainedModel();
});

describe('the DTSEN cycle: updates, withdrawals and decisions in any order', () => {
  it('gives the one-batch result with the same decisions; IDs equal where nothing was withdrawn; nothing lost; every ID resolves', async () => {
    await fc.assert(
      fc.asyncProperty(cycleArbitrary(records.length), async (cycle) => {
        const events = eventsOf(records, cycle);
        const store = createEntityStore({ model, policy, validate: false });
        const seen = new Set<string>();
        await play(store, records, events, new Set(cycle.cuts), seen);

        // The final state: the latest version of each record, minus the withdrawn ones, and the decisions.
        const latest = new Map<number, PersonRecord>();
        for (const event of events) {
          if (event.kind !== 'add') continue;
          const current = latest.get(event.index);
          if (current === undefined || event.record.observedAt > current.observedAt) latest.set(event.index, event.record);
        }
        const withdrawn = new Set(cycle.withdrawn);
        const final = [...latest.entries()].filter(([index]) => !withdrawn.has(index)).map(([, record]) => record);
        // One batch with the same decisions: every version offered (a record's age is its first-seen date), withdrawals last.
        const expected = createEntityStore({ model, policy, validate: false });
        await expected.decide(events.flatMap((event) => (event.kind === 'decide' ? [event.decision] : [])));
        await expected.add(events.flatMap((event) => (event.kind === 'add' ? [event.record] : [])));
        for (const index of withdrawn)
          await expected.withdraw((records[index] as PersonRecord).source, (records[index] as PersonRecord).recordId, 'property test');

        const got = await view(store);
        const want = await view(expected);
        expect(got.partition).toEqual(want.partition);
        expect(got.unified).toEqual(want.unified);
        expect(got.review).toEqual(want.review);
        if (withdrawn.size === 0) expect(got.ids).toEqual(want.ids);
        // Without decisions and versions either, the IDs are resolvePersons' over the final records.
        if (withdrawn.size === 0 && cycle.decisions.length === 0 && cycle.updated.length === 0) {
          expect(got.ids).toEqual(batchView(final, model).entities.map((entity) => `${entity.id} ${entity.records.join(' ')}`));
        }
        // No record lost: every record is in matching or withdrawn, and its history has its versions.
        const stats = await store.stats();
        expect(stats.records + stats.withdrawn).toBe(records.length);
        expect(stats.records).toBe(final.length);
        // Every ID ever issued resolves, to a live entity or as withdrawn.
        for (const id of seen) {
          const resolution = await store.resolveId(id);
          expect(resolution).toBeDefined();
          if (resolution?.status === 'merged') expect((await store.resolveId(resolution.into))?.status).toBe('live');
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('transactions (issue 17): a throw at any step of a write leaves the store as it was', () => {
  /** Everything a caller can observe. */
  async function observe(store: MemoryEntityStore) {
    const entities = await store.entities();
    const unified: unknown[] = [];
    for (const entity of entities) unified.push((await store.entity(entity.id))?.merge);
    const histories = [];
    for (const record of records) histories.push(await store.history(record));
    return {
      entities,
      unified,
      histories,
      review: await store.review(),
      audit: await store.auditLog(),
      stats: await store.stats(),
      decisions: await store.decisions(),
    };
  }

  it('holds for adds, new versions, withdrawals and decisions, with a fault injected at every step', async () => {
    const half = records.slice(0, 30);
    const writes: ((store: MemoryEntityStore) => Promise<unknown>)[] = [
      (store) => store.add(records.slice(30)),
      (store) => store.add([laterVersion(records, 3, 0), laterVersion(records, 5, 1)]),
      (store) => store.withdraw((records[7] as PersonRecord).source, (records[7] as PersonRecord).recordId, 'deleted at source'),
      (store) => store.decide({ kind: 'cannotLink', left: records[1] as PersonRecord, right: records[2] as PersonRecord, ...meta }),
      (store) => store.decide({ kind: 'mustLink', left: records[10] as PersonRecord, right: records[20] as PersonRecord, ...meta }),
    ];
    let faultAt = -1;
    let calls = 0;
    const onStep = (step: string): void => {
      if (calls++ === faultAt) throw new Error(`injected fault at ${step}`);
    };
    for (let w = 0; w < writes.length; w++) {
      const write = writes[w] as (store: MemoryEntityStore) => Promise<unknown>;
      // Count the steps of this write on a store without faults.
      const probe = new MemoryEntityStore({ model, policy, onStep });
      faultAt = -1;
      await probe.add(half);
      for (let before = 0; before < w; before++) await (writes[before] as (store: MemoryEntityStore) => Promise<unknown>)(probe);
      calls = 0;
      await write(probe);
      const steps = calls;
      expect(steps).toBeGreaterThan(3);
      const reference = await observe(probe);
      for (let k = 0; k < steps; k++) {
        faultAt = -1;
        const store = new MemoryEntityStore({ model, policy, onStep });
        await store.add(half);
        for (let before = 0; before < w; before++) await (writes[before] as (store: MemoryEntityStore) => Promise<unknown>)(store);
        const before = await observe(store);
        calls = 0;
        faultAt = k;
        await expect(write(store)).rejects.toThrow('injected fault');
        faultAt = -1;
        expect(await observe(store)).toEqual(before);
        // A retry is accepted and gives what a store that never failed has.
        await write(store);
        expect(await observe(store)).toEqual(reference);
      }
    }
  });

  it('a write refused before it changes anything is rethrown without a rebuild, and leaves the store equal', async () => {
    let fault: string | undefined;
    const store = new MemoryEntityStore({
      model,
      policy,
      onStep: (step) => {
        if (step === fault) throw new Error(`injected fault at ${step}`);
      },
    });
    await store.add(records.slice(0, 30));
    await store.withdraw((records[7] as PersonRecord).source, (records[7] as PersonRecord).recordId, 'deleted at source');
    const before = await observe(store);
    const refused: [string, () => Promise<unknown>][] = [
      ['withdraw of an unknown record', () => store.withdraw('dtks', 'no-such-record', 'gone')],
      ['withdraw of a withdrawn record', () => store.withdraw((records[7] as PersonRecord).source, (records[7] as PersonRecord).recordId, 'again')],
      ['withdraw of an unknown family record', () => store.withdraw('dukcapil', 'KK-none', 'gone', { kind: 'family' })],
      ['withdraw without a reason', () => store.withdraw('dtks', 'x', ' ')],
      ['an invalid decision', () => store.decide({ kind: 'cannotLink', left: records[1] as PersonRecord, by: 'ayu' } as never)],
      ['an add that is not an array', () => store.add('records' as never)],
    ];
    for (const [what, write] of refused) {
      await expect(write(), what).rejects.toMatchObject({ name: 'PadanError' });
    }
    // A bad options bag is refused before the write.
    await expect(store.add([], { kind: 'village' } as never)).rejects.toMatchObject({ name: 'PadanError' });
    // A throw after validation, before the first change, is a refusal too.
    fault = 'validate';
    await expect(store.add(records.slice(30))).rejects.toThrow('injected fault at validate');
    expect(store.refusals).toBe(refused.length + 1);
    expect(store.rebuilds).toBe(0);
    expect(await observe(store)).toEqual(before);
    // A throw after the first change rebuilds, once.
    fault = 'merge';
    await expect(store.add(records.slice(30))).rejects.toThrow('injected fault at merge');
    expect(store.rebuilds).toBe(1);
    expect(await observe(store)).toEqual(before);
    fault = undefined;
    await store.add(records.slice(30));
    expect((await store.stats()).records).toBe(records.length - 1);
  });

  it('regression: records of a failed add are not orphaned, and a retry is not refused as a duplicate', async () => {
    let fail = true;
    const store = new MemoryEntityStore({
      model,
      policy,
      onStep: (step) => {
        if (fail && step === 'merge') throw new Error('injected fault in survivorship');
      },
    });
    await expect(store.add(records)).rejects.toThrow('injected fault');
    expect(await store.stats()).toMatchObject({ records: 0, entities: 0 });
    fail = false;
    const retry = await store.add(records);
    expect(retry.rejected).toEqual([]);
    expect((await store.stats()).records).toBe(records.length);
    expect((await store.entities()).flatMap((entity) => entity.records).length).toBe(records.length);
  });
});
