import { beforeAll, describe, expect, it } from 'vitest';
import { hash64 } from '../../src/_internal/hash.js';
import { PadanError } from '../../src/_internal/error.js';
import type { PersonRecord } from '../../src/schema/person.js';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { batchView, policy, refText, syntheticRecords, trainedModel } from './fixtures.js';

let records: PersonRecord[];
let model: TrainedModel;

beforeAll(() => {
  records = syntheticRecords(80, 21);
  model = trainedModel();
});

const idOfKey = (record: { source: string; recordId: string }) => `P${hash64(`${record.source}\u0000${record.recordId}`)}`;

describe('EntityStore#add', async () => {
  it('reports new entities on the first batch, with the IDs the batch run gives', async () => {
    const store = createEntityStore({ model, policy });
    const changes = await store.add(records);
    expect(changes.created.map((entity) => entity.id)).toEqual(batchView(records, model).entities.map((entity) => entity.id));
    expect(changes.attached).toEqual([]);
    expect(changes.report.recordsAdded).toBe(records.length);
    expect((await store.stats()).records).toBe(records.length);
  });

  it('attaches a second record of a known person to its entity and reports the fields it changed', async () => {
    const store = createEntityStore({ model, policy });
    const [first] = (await store.add(records)).created;
    const original = (await store.entity(first?.id as string))?.records[0] as PersonRecord;
    const copy = { ...original, source: 'zz-agency', recordId: 'Z-1', observedAt: '2030-01-01', maritalStatus: 'widowed' as const };
    const changes = await store.add([copy]);
    expect(changes.created).toEqual([]);
    expect(changes.attached).toEqual([{ id: first?.id, records: [{ source: 'zz-agency', recordId: 'Z-1' }] }]);
    expect(await store.entityOfRecord({ source: 'zz-agency', recordId: 'Z-1' })).toBe(first?.id);
  });

  it('moves the ID to a new smaller record key and keeps the old ID as an alias', async () => {
    const store = createEntityStore({ model, policy });
    const [first] = (await store.add(records)).created;
    const original = (await store.entity(first?.id as string))?.records[0] as PersonRecord;
    const copy = { ...original, source: 'aa-agency', recordId: 'A-1' };
    const [attached] = (await store.add([copy])).attached;
    expect(attached).toEqual({ id: idOfKey(copy), previousId: first?.id, records: [{ source: 'aa-agency', recordId: 'A-1' }] });
    expect(await store.resolveId(first?.id as string)).toEqual({ status: 'merged', id: first?.id, into: idOfKey(copy) });
    expect((await store.entity(first?.id as string))?.id).toBe(idOfKey(copy));
  });

  it('merges entities that a new record bridges: the smallest record key’s ID survives, the other resolves to it', async () => {
    // A (name, birth date, village) and B (name, NIK, KK) share no blocking key; C carries both halves.
    const person = records.find((r) => r.nik && r.kk && r.birthDate?.length === 10 && r.address?.villageCode) as PersonRecord;
    const common = { observedAt: person.observedAt, channel: { kind: 'survey' as const }, name: person.name, sex: person.sex };
    const address = { villageCode: person.address?.villageCode, districtCode: person.address?.districtCode };
    const a = { ...common, source: 'x-a', recordId: '1', birthDate: person.birthDate, address };
    const b = { ...common, source: 'x-b', recordId: '1', nik: person.nik, kk: person.kk };
    const c = { ...common, source: 'x-c', recordId: '1', nik: person.nik, kk: person.kk, birthDate: person.birthDate, address };
    const store = createEntityStore({ model, policy });
    expect((await store.add([b, a])).created.map((entity) => entity.id)).toEqual([idOfKey(a), idOfKey(b)].sort());
    const changes = await store.add([c]);
    expect(changes.merged).toEqual([{ id: idOfKey(a), retired: [idOfKey(b)], records: [{ source: 'x-c', recordId: '1' }], rule: 'older-id' }]);
    expect(await store.resolveId(idOfKey(b))).toEqual({ status: 'merged', id: idOfKey(b), into: idOfKey(a) });
    expect((await store.entity(idOfKey(b)))?.records.map(refText)).toEqual(['x-a/1', 'x-b/1', 'x-c/1']);
    // The unified record gained the NIK and KK that only B carried.
    expect(changes.fields.map((change) => change.field)).toEqual(expect.arrayContaining(['nik', 'kk']));
    expect(changes.fields.find((change) => change.field === 'nik')?.after).toBe(person.nik);
    // Same as one batch, in either order.
    expect((await store.entities()).map((entity) => entity.id)).toEqual(batchView([a, b, c] as PersonRecord[], model).entities.map((entity) => entity.id));
  });

  it('rejects stale versions and invalid records with a reason; an identical re-send is a no-op', async () => {
    const store = createEntityStore({ model, policy });
    await store.add(records.slice(0, 5));
    const bad = { source: 'dtks', recordId: 'BAD-1', name: 42 };
    const stale = { ...(records[1] as PersonRecord), name: 'Someone Else', observedAt: '2000-01-01' };
    const changes = await store.add([records[0], records[6], records[6], bad, stale]);
    expect(changes.rejected.map((rejection) => [rejection.index, rejection.reason])).toEqual([
      [2, 'invalid'], // the schema already refuses a recordId repeated within a batch
      [3, 'invalid'],
      [4, 'stale-version'],
    ]);
    expect(changes.report.recordsAdded).toBe(1);
    expect(changes.report.unchanged).toBe(1);
    await expect(store.add('nope' as unknown as unknown[])).rejects.toThrow(PadanError);
  });

  it('says nothing about entities a batch does not touch', async () => {
    const store = createEntityStore({ model, policy });
    await store.add(records.slice(0, 40));
    const again = await store.add([]);
    expect([again.created, again.attached, again.merged, again.split, again.fields, again.review]).toEqual([[], [], [], [], [], []]);
  });
});

describe('EntityStore#lookup', async () => {
  it('finds the entity of a known person with a score and an explanation, and changes nothing', async () => {
    const store = createEntityStore({ model, policy });
    await store.add(records);
    const before = await store.entities();
    const known = records[10] as PersonRecord;
    const { candidates, compared } = await store.lookup({ ...known, source: 'citizen', recordId: 'OBJ-1' });
    expect(compared).toBeGreaterThan(0);
    const best = candidates[0];
    expect(best?.id).toBe(await store.entityOfRecord(known));
    expect(best?.decision).toBe('match');
    expect(best?.explanation?.comparisons.map((c) => c.comparison)).toContain('name');
    expect(best?.explanation?.matchWeight).toBeCloseTo(best?.matchWeight as number, 9);
    expect(await store.entities()).toEqual(before);
    expect((await store.stats()).records).toBe(records.length);
  });

  it('ranks first the entity the batch run puts a held-out record in', async () => {
    const view = batchView(records, model);
    const store = createEntityStore({ model, policy, validate: false });
    const probes = view.entities
      .filter((entity) => entity.records.length >= 3)
      .slice(0, 5)
      .map((entity) => entity.records[1] as string);
    await store.add(records.filter((record) => !probes.includes(refText(record))));
    for (const probeRef of probes) {
      const probe = records.find((record) => refText(record) === probeRef) as PersonRecord;
      const mates = view.entities.find((entity) => entity.records.includes(probeRef))?.records.filter((ref) => ref !== probeRef) ?? [];
      const [source, recordId] = (mates[0] as string).split('/') as [string, string];
      const best = (await store.lookup(probe, { explain: false })).candidates[0];
      expect(best?.id).toBe(await store.entityOfRecord({ source, recordId }));
      expect(best?.explanation).toBeUndefined();
    }
  });

  it('returns no candidates for a stranger', async () => {
    const store = createEntityStore({ model, policy });
    await store.add(records);
    const stranger = {
      source: 'citizen',
      recordId: 'X-1',
      observedAt: '2025-01-01',
      channel: { kind: 'survey' },
      name: 'Zzyzx Qwerty',
      birthDate: '1901-02-03',
    };
    const { candidates } = await store.lookup(stranger);
    expect(candidates.every((candidate) => candidate.decision !== 'match')).toBe(true);
  });
});
