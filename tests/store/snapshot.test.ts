import { createHash } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { definePolicy } from '../../src/merge/definePolicy.js';
import type { MergePersonRecord } from '../../src/merge/types.js';
import type { PersonRecord } from '../../src/schema/person.js';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import type { MemoryEntityStore } from '../../src/store/MemoryEntityStore.js';
import { loadStoreSnapshot, storeFromSnapshot } from '../../src/store/loadStoreSnapshot.js';
import { storeSnapshotLines, storeToSnapshot, writeStoreSnapshot } from '../../src/store/writeStoreSnapshot.js';
import { policy, syntheticRecords, trainedModel } from './fixtures.js';

let records: PersonRecord[];
let model: TrainedModel;
let store: MemoryEntityStore;

beforeAll(async () => {
  records = syntheticRecords(60, 8);
  model = trainedModel();
  store = createEntityStore({ model, policy });
  // Several batches, and IDs retired (a new smallest record key takes over), so that aliases are in the snapshot too.
  await store.add(records.slice(0, 70));
  await store.add(records.slice(70));
  const person = records.find((r) => r.nik && r.kk && r.birthDate?.length === 10 && r.address?.villageCode) as PersonRecord;
  const common = { observedAt: person.observedAt, channel: { kind: 'survey' as const }, name: person.name, sex: person.sex };
  const address = { villageCode: person.address?.villageCode, districtCode: person.address?.districtCode };
  await store.add([{ ...common, source: 'x-b', recordId: '1', nik: person.nik, kk: person.kk }]);
  // Seen earlier than any record of its person: it is the oldest, so the person's ID moves to it (an alias).
  await store.add([
    { ...common, observedAt: '2001-01-01', source: 'aa-agency', recordId: '1', nik: person.nik, kk: person.kk, birthDate: person.birthDate, address },
  ]);
});

const expectSameStore = async (copy: MemoryEntityStore, original: MemoryEntityStore): Promise<void> => {
  expect(await copy.entities()).toEqual(await original.entities());
  expect(await copy.review()).toEqual(await original.review());
  expect(copy.state.aliasEntries()).toEqual(original.state.aliasEntries());
  expect(await copy.auditLog()).toEqual(await original.auditLog());
  expect(await copy.decisions()).toEqual(await original.decisions());
  for (const { id } of await original.entities()) expect((await copy.entity(id))?.merge).toEqual((await original.entity(id))?.merge);
};

const expectInvalid = async (text: string, message: RegExp): Promise<void> => {
  const error = await storeFromSnapshot(text, { policy }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(PadanError);
  expect((error as PadanError).code).toBe('invalid-snapshot');
  expect((error as PadanError).message).toMatch(message);
  expect((error as PadanError).message).not.toMatch(/\d{16}/);
};

describe('store snapshots', () => {
  it('round-trips through a string: same entities, IDs, unified values, review queue and aliases', async () => {
    expect(store.state.aliasEntries().length).toBeGreaterThan(0);
    const text = storeToSnapshot(store);
    const header = JSON.parse(text.slice(0, text.indexOf('\n')));
    expect(header).toMatchObject({
      format: 'padan/entity-store',
      version: 3,
      records: (await store.stats()).records,
      modelFingerprint: store.modelFingerprint,
    });
    const copy = await storeFromSnapshot(text, { policy });
    await expectSameStore(copy, store);
    expect(storeToSnapshot(copy)).toBe(text);
  });

  it('streams to a Writable and back from readline', async () => {
    const stream = new PassThrough();
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    const loading = loadStoreSnapshot(lines, { policy, model });
    await writeStoreSnapshot(store, stream);
    stream.end();
    await expectSameStore(await loading, store);
  });

  it('keeps working after loading: later batches resolve against the loaded state', async () => {
    const half = createEntityStore({ model, policy });
    await half.add(records.slice(0, 50));
    const copy = await storeFromSnapshot(storeToSnapshot(half), { policy });
    await copy.add(records.slice(50));
    await half.add(records.slice(50));
    expect(await copy.entities()).toEqual(await half.entities());
    expect(await copy.review()).toEqual(await half.review());
  });

  it('detects a corrupted record line by its checksum and loads nothing', async () => {
    const lines = [...storeSnapshotLines(store)];
    const target = lines[5] as string;
    lines[5] = target.replace(/"name":"([A-Za-z])/, (_, first: string) => `"name":"${first === 'X' ? 'Y' : 'X'}`);
    expect(lines[5]).not.toBe(target);
    await expectInvalid(lines.join('\n'), /checksum mismatch/);
  });

  it('detects truncation: a missing trailer, a cut line, or a dropped record', async () => {
    const lines = [...storeSnapshotLines(store)];
    await expectInvalid(lines.slice(0, -1).join('\n'), /truncated/);
    await expectInvalid(`${lines.slice(0, 4).join('\n')}\n${(lines[4] as string).slice(0, 20)}`, /not a JSON object/);
    await expectInvalid([...lines.slice(0, 3), ...lines.slice(4)].join('\n'), /checksum mismatch/);
    await expectInvalid('', /empty/);
  });

  it('refuses an older or newer format version with a clear error', async () => {
    const lines = [...storeSnapshotLines(store)];
    const withVersion = (version: number) => [JSON.stringify({ ...JSON.parse(lines[0] as string), version }), ...lines.slice(1)].join('\n');
    await expectInvalid(withVersion(1), /format version 1 is no longer supported/);
    await expectInvalid(withVersion(4), /format version 4 is newer/);
    await expectInvalid(`{"format":"something-else","version":1}\n`, /not an entity-store snapshot/);
  });

  it('still reads a version 2 snapshot (written before families and households were kept)', async () => {
    const lines = [...storeSnapshotLines(store)];
    const withoutGroups = (line: string) => {
      const {
        groupRecords: _records,
        groupHistories: _histories,
        groups: _groups,
        groupAliases: _aliases,
        ...rest
      } = JSON.parse(line) as Record<string, unknown>;
      return rest;
    };
    // Version 2 wrote no family or household IDs (groups were derived again on load).
    const groupLine = (line: string) => ['family', 'household', 'familyAlias', 'householdAlias'].some((key) => key in (JSON.parse(line) as object));
    const body = [JSON.stringify({ ...withoutGroups(lines[0] as string), version: 2 }), ...lines.slice(1, -1).filter((line) => !groupLine(line))];
    const sha256 = createHash('sha256');
    for (const line of body) sha256.update(`${line}\n`);
    const trailer = JSON.stringify({ ...withoutGroups(lines[lines.length - 1] as string), sha256: sha256.digest('hex') });
    await expectSameStore(await storeFromSnapshot([...body, trailer].join('\n'), { policy }), store);
  });

  it('refuses a snapshot written with another model or policy', async () => {
    const text = storeToSnapshot(store);
    const otherModel = { ...model, spec: { ...model.spec, decision: { ...model.spec.decision, matchWeight: 3 } } };
    await expect(storeFromSnapshot(text, { policy, model: otherModel })).rejects.toThrow(/different model/);
    const otherPolicy = definePolicy<MergePersonRecord>({ ...policy, version: `${policy.version}-other` });
    await expect(storeFromSnapshot(text, { policy: otherPolicy })).rejects.toThrow(/different merge policy/);
  });
});

describe('store snapshots: records are validated on load (issue 17)', () => {
  /** Rewrites a snapshot with edited lines and a recomputed checksum, as a forger would. */
  const forge = (edit: (lines: string[]) => string[]): string => {
    const lines = [...storeSnapshotLines(store)];
    const trailer = JSON.parse(lines.pop() as string) as Record<string, unknown>;
    const body = edit(lines);
    const header = JSON.parse(body[0] as string) as Record<string, unknown>;
    const records = body.filter((line) => line.startsWith('{"record"')).length;
    body[0] = JSON.stringify({ ...header, records });
    const hash = createHash('sha256');
    for (const line of body) hash.update(`${line}\n`);
    return [...body, JSON.stringify({ ...trailer, records, sha256: hash.digest('hex') })].join('\n');
  };
  const firstRecord = (lines: string[]): number => lines.findIndex((line) => line.startsWith('{"record"'));

  it('refuses a null record even with a valid checksum', async () => {
    await expectInvalid(
      forge((lines) => lines.map((line, i) => (i === firstRecord(lines) ? '{"record":null}' : line))),
      /line 2 is not a valid person record \(schema\/not-an-object\)/,
    );
  });

  it('refuses a record whose name is a number', async () => {
    await expectInvalid(
      forge((lines) =>
        lines.map((line, i) => {
          if (i !== firstRecord(lines)) return line;
          const value = JSON.parse(line) as { record: Record<string, unknown> };
          return JSON.stringify({ record: { ...value.record, name: 12345 } });
        }),
      ),
      /line 2 is not a valid person record \(schema\/invalid-type/,
    );
  });

  it('refuses a (source, recordId) that appears twice', async () => {
    await expectInvalid(
      forge((lines) => {
        const i = firstRecord(lines);
        return [...lines.slice(0, i + 1), lines[i] as string, ...lines.slice(i + 1)];
      }),
      /line 3 repeats a \(source, recordId\)/,
    );
  });

  it('round-trips versions, withdrawals, decisions and IDs kept after a withdrawal', async () => {
    const copy = await storeFromSnapshot(storeToSnapshot(store), { policy });
    const [first] = await copy.entities();
    const entity = await copy.entity(first?.id as string);
    const record = entity?.records[0] as PersonRecord;
    await copy.add([{ ...record, observedAt: '2031-01-01', maritalStatus: 'widowed' }]);
    const second = (await copy.entities()).find((item) => item.records.length >= 2) as { id: string; records: readonly { source: string; recordId: string }[] };
    const anchor = second.records[0] as { source: string; recordId: string };
    await copy.withdraw(anchor.source, anchor.recordId, 'deleted at source');
    const refs = (await copy.entities()).filter((item) => item.records.length >= 2).slice(0, 2);
    await copy.decide({ kind: 'cannotLink', left: refs[0]?.records[0] as never, right: refs[0]?.records[1] as never, by: 'a', at: '2031-02-01', why: 'twins' });
    const text = storeToSnapshot(copy);
    const again = await storeFromSnapshot(text, { policy });
    await expectSameStore(again, copy);
    expect(await again.history(record)).toEqual(await copy.history(record));
    expect(await again.history(anchor)).toEqual(await copy.history(anchor));
    expect(await again.resolveId(second.id)).toEqual(await copy.resolveId(second.id));
    expect(storeToSnapshot(again)).toBe(text);
  });
});
