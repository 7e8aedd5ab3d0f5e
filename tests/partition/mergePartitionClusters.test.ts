import { describe, expect, it } from 'vitest';
import { entityIdRank } from '../../src/cluster/entityIds.js';
import { mergePartitionClusters, personIdOf, type CrossPartitionLink, type PartitionCluster } from '../../src/partition/mergePartitionClusters.js';

// A cluster known by its ID-giving record's age rank (entityIdRank): all first seen on one date here.
const cluster = (recordKey: string, nik: string | null = null): PartitionCluster => ({ firstKey: entityIdRank('2024-01-01', recordKey), trusted: [nik] });
const link = (left: PartitionCluster, right: PartitionCluster, matchWeight: number): CrossPartitionLink => ({
  left,
  right,
  matchWeight,
  leftRecord: left.firstKey,
  rightRecord: right.firstKey,
});

describe('mergePartitionClusters', () => {
  it('joins clusters strongest link first and names the person after its oldest record (same date: smallest key)', () => {
    const a = cluster('dtks\u0000b');
    const b = cluster('dukcapil\u0000a');
    const c = cluster('dtks\u0000a');
    const { remap, acceptedLinks } = mergePartitionClusters([link(a, b, 12), link(b, c, 9)]);
    expect(acceptedLinks).toBe(2);
    expect(remap.get(personIdOf(a.firstKey))).toBe(personIdOf(c.firstKey));
    expect(remap.get(personIdOf(b.firstKey))).toBe(personIdOf(c.firstKey));
    expect(remap.has(personIdOf(c.firstKey))).toBe(false);
  });

  it('refuses a link that would join two different trusted NIKs, through a chain too', () => {
    const a = cluster('x\u00001', 'NIK-A');
    const b = cluster('x\u00002');
    const c = cluster('x\u00003', 'NIK-C');
    const { remap, refusedLinks } = mergePartitionClusters([link(a, b, 15), link(b, c, 8)]);
    expect(refusedLinks.map((l) => l.matchWeight)).toEqual([8]);
    expect(remap.get(personIdOf(b.firstKey))).toBe(personIdOf(a.firstKey));
    expect(remap.has(personIdOf(c.firstKey))).toBe(false);
  });

  it('keeps clusters a cannot-link rule separated apart, even through a cluster of another partition', () => {
    const twinA = cluster('dtks\u00001');
    const twinB = cluster('dtks\u00002');
    const mover = cluster('regsosek\u00001');
    const { remap, refusedLinks } = mergePartitionClusters([link(mover, twinA, 20), link(mover, twinB, 10)], [[twinA.firstKey, twinB.firstKey]]);
    expect(refusedLinks.map((l) => l.matchWeight)).toEqual([10]);
    expect(remap.get(personIdOf(mover.firstKey))).toBe(personIdOf(twinA.firstKey));
    expect(remap.has(personIdOf(twinB.firstKey))).toBe(false);
  });

  it('does not depend on the order links are given in', () => {
    const a = cluster('s\u00003');
    const b = cluster('s\u00001');
    const c = cluster('s\u00002', 'N1');
    const d = cluster('s\u00004', 'N2');
    const links = [link(a, c, 7), link(b, d, 7), link(a, b, 7), link(c, d, 3)];
    const first = mergePartitionClusters(links);
    const second = mergePartitionClusters([...links].reverse());
    expect([...second.remap.entries()].sort()).toEqual([...first.remap.entries()].sort());
  });
});
