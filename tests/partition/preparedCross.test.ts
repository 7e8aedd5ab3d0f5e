/**
 * The out-of-core cross-partition pass reads each record as its partition prepared it, instead of
 * validating and preparing it again: the links, cannot-link pairs and candidate pairs must be the ones
 * the pass finds from the records themselves.
 */
import { describe, expect, it } from 'vitest';
import { isSpanning, spanningFingerprints } from '../../src/partition/blockingKeyFingerprints.js';
import { partitionOfRecord } from '../../src/partition/partitionOfRecord.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { createPersonPreparer, linkPreparedAcrossGroups, preparedRecordAt, preparePersons } from '../../src/resolve.js';
import { preparedLine } from '../../src/partitionJobs.js';
import { linkAcrossPartitions, resolvePartition, trainOnSample, type CrossPartitionRecord } from '../../src/resolvePartitioned.js';
import { generateSources } from '../../src/synth/sources.js';

function population(persons: number, seed: number): Map<string, unknown[]> {
  const byPartition = new Map<string, unknown[]>();
  for (const item of generateSources({ persons, seed })) {
    if (item.kind !== 'person') continue;
    const name = partitionOfRecord(item.record);
    let list = byPartition.get(name);
    if (list === undefined) byPartition.set(name, (list = []));
    list.push(item.record);
  }
  return byPartition;
}

/** The cross-partition records of every partition, each as given and as prepared; `blockOn` as a shard of `shards` would set it. */
function crossRecords(byPartition: Map<string, unknown[]>, shared: ReturnType<typeof trainOnSample>, shards: number) {
  const names = [...byPartition.keys()].sort();
  const parts = names.map((name) => resolvePartition(name, byPartition.get(name) as unknown[], shared));
  const spanning = spanningFingerprints(parts.map((part) => part.outcome.fingerprints));
  const raw: CrossPartitionRecord[] = [];
  const prepared: CrossPartitionRecord[] = [];
  parts.forEach((part, p) => {
    const input = byPartition.get(names[p] as string) as unknown[];
    for (let i = 0; i < input.length; i++) {
      const position = part.positionOfInput[i] as number;
      if (position < 0 || !isSpanning(part.keys, position, spanning)) continue;
      const cluster = part.clusterInfo(part.resolution.clusterOf[position] as number);
      // Rules by the record's position: some records block on a few rules only, as in a shard.
      const blockOn = shards === 1 ? undefined : part.keys.flatMap((_, rule) => ((position + rule) % shards === 0 ? [] : [rule]));
      const common = { partition: part.outcome.partition, cluster, ...(blockOn !== undefined ? { blockOn } : {}) };
      raw.push({ ...common, record: input[i] });
      prepared.push({ ...common, prepared: preparedRecordAt(part.resolution, position) });
    }
  });
  return { raw, prepared };
}

describe('the cross-partition pass over prepared records', () => {
  it.each([
    ['the preset', 1, {}],
    ['small windowed blocks, some rules masked', 3, { maxBlockSize: 3, window: 1 }],
  ])(
    'finds what it finds from the records themselves (%s)',
    (_, shards, blocking) => {
      const byPartition = population(4000, 11);
      const preset = dtsenPersonModelSpec();
      const spec = { ...preset, blocking: { ...preset.blocking, ...blocking } };
      const shared = trainOnSample([...byPartition.values()].flat(), { spec });
      const { raw, prepared } = crossRecords(byPartition, shared, shards);
      // The comparison means something only if the pass has work to do.
      expect(raw.length).toBeGreaterThan(100);
      const fromRecords = linkAcrossPartitions(raw, shared);
      expect(fromRecords.links.length).toBeGreaterThan(0);
      // In another order: the pass puts records in canonical order first.
      expect(linkAcrossPartitions([...prepared].reverse(), shared)).toEqual(linkAcrossPartitions([...raw].reverse(), shared));
      expect(linkAcrossPartitions(prepared, shared)).toEqual(fromRecords);
    },
    120_000,
  );

  it('prepares a few records of a partition alone exactly as the partition prepared them (the collect job does)', () => {
    const byPartition = population(1500, 7);
    const shared = trainOnSample([...byPartition.values()].flat());
    let compared = 0;
    // One preparer for every partition, as a collect thread keeps it: its compiled model carries nothing from batch to batch.
    const prepare = createPersonPreparer({ model: shared.model });
    for (const [name, input] of [...byPartition.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const part = resolvePartition(name, input, shared);
      // Every third record, and every record alone: the rows must not depend on the batch.
      const chosen = input.map((_, i) => i).filter((i) => i % 3 === 1 && (part.positionOfInput[i] as number) >= 0);
      const alone = preparePersons(
        chosen.map((i) => input[i]),
        { model: shared.model },
      );
      const reused = prepare(chosen.map((i) => input[i]));
      chosen.forEach((i, k) => {
        const expected = preparedLine(preparedRecordAt(part.resolution, part.positionOfInput[i] as number));
        expect(preparedLine(alone[k] ?? { source: '', recordId: '', values: [] })).toBe(expected);
        expect(preparedLine(reused[k] ?? { source: '', recordId: '', values: [] })).toBe(expected);
        if (k % 7 === 0) expect(preparedLine((preparePersons([input[i]], { model: shared.model })[0] ?? null) as never)).toBe(expected);
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(500);
    // A record validation refuses is null, in its place.
    expect(preparePersons([{ source: 'dtks' }, ...[...byPartition.values()][0]!.slice(0, 1)], { model: shared.model })[0]).toBeNull();
  }, 120_000);

  it('refuses a pass that mixes prepared records and records to prepare, and a row of the wrong width', () => {
    const byPartition = population(150, 3);
    const shared = trainOnSample([...byPartition.values()].flat());
    const { raw, prepared } = crossRecords(byPartition, shared, 1);
    expect(prepared.length).toBeGreaterThan(1);
    expect(() => linkAcrossPartitions([raw[0] as CrossPartitionRecord, ...prepared.slice(1)], shared)).toThrow(/every record prepared, or none/);
    const row = (prepared[0] as CrossPartitionRecord).prepared;
    expect(row).toBeDefined();
    expect(() => linkPreparedAcrossGroups([{ source: 'a', recordId: '1', values: [] }], Int32Array.of(0), { model: shared.model })).toThrow(
      /one value per column/,
    );
  });
});
