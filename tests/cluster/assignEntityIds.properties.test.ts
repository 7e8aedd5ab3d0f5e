import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignCheckedEntityIds, assignEntityIds, type EntityIdMember } from '../../src/cluster/entityIds.js';

// Protects the entity-ID rule's machinery (issue 19, the store's group stage): the rule looks an
// anchor up by a scan of a small cluster and once per shared `previous` object, where it used a map
// of every member's rank. For any clusters — small and past the scan limit, members of one previous
// entity sharing or not sharing one object, anchors in and out of the cluster, IDs already taken —
// it gives what the rule written out plainly (below, the rule as it was) gives.

type Previous = { readonly id: string; readonly anchorKey: string };

/** The entity-ID rule written out plainly: a map of every member's rank per cluster. */
function referenceIds(clusters: readonly (readonly EntityIdMember[])[], taken: (id: string) => boolean, natural: (key: string, salt: number) => string) {
  const given = new Set<string>();
  return clusters.map((members) => {
    let bestKey: string | null = null;
    let bestRank: string | null = null;
    let bestId: string | null = null;
    const contenders = new Set<string>();
    const rankOf = new Map<string, string>();
    for (const member of members) rankOf.set(member.key, member.rank ?? member.key);
    for (const member of members) {
      const previous = member.previous;
      const rank = member.rank ?? member.key;
      const anchorRank = previous === undefined ? undefined : rankOf.get(previous.anchorKey);
      let anchorKey: string;
      let contenderRank: string;
      let id: string | null;
      if (previous !== undefined && anchorRank !== undefined && anchorRank <= rank) {
        if (contenders.has(previous.id)) continue;
        contenders.add(previous.id);
        anchorKey = previous.anchorKey;
        contenderRank = anchorRank;
        id = previous.id;
      } else {
        anchorKey = member.key;
        contenderRank = rank;
        id = null;
      }
      if (bestRank === null || contenderRank < bestRank) {
        bestRank = contenderRank;
        bestKey = anchorKey;
        bestId = id;
      }
    }
    let id = bestId;
    if (id === null) {
      id = natural(bestKey as string, 0);
      for (let n = 1; given.has(id) || (!contenders.has(id) && taken(id)); n++) id = natural(bestKey as string, n);
    }
    given.add(id);
    contenders.delete(id);
    return { id, anchorKey: bestKey as string, absorbed: [...contenders].sort() };
  });
}

const natural = (key: string, salt: number): string => `N${key}${salt === 0 ? '' : `#${salt}`}`;

/** Clusters over record keys r0…r(n-1): each record new or in one of a few previous entities (anchored anywhere). */
const clustersArbitrary = fc
  .record({
    records: fc.integer({ min: 1, max: 90 }),
    entities: fc.integer({ min: 1, max: 8 }),
    seed: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 400, maxLength: 400 }),
    shareObjects: fc.boolean(),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 89 }), { maxLength: 5 }),
  })
  .map(({ records, entities, seed, shareObjects, cuts }) => {
    let next = 0;
    const draw = (bound: number): number => (seed[next++ % seed.length] as number) % bound;
    const key = (r: number): string => `r${r}`;
    // Each previous entity is anchored on some record (in or out of these clusters) and has an ID; two may share one.
    const previousOf: Previous[] = Array.from({ length: entities }, (_, e) => ({
      id: draw(5) === 0 ? natural(key(draw(records + 3)), 0) : `E${draw(entities + 1)}`,
      anchorKey: key(draw(records + 3)),
    }));
    const order = Array.from({ length: records }, (_, r) => r);
    for (let i = order.length - 1; i > 0; i--) {
      const j = draw(i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const members: EntityIdMember[] = order.map((r) => {
      const rank = `${2000 + draw(30)}\u0000${key(r)}`;
      const e = draw(entities + 2) - 2;
      if (e < 0) return { key: key(r), rank };
      const previous = previousOf[e] as Previous;
      return { key: key(r), rank, previous: shareObjects ? previous : { ...previous } };
    });
    const bounds = [0, ...cuts.filter((cut) => cut < members.length).sort((a, b) => a - b), members.length];
    const clusters: EntityIdMember[][] = [];
    for (let i = 1; i < bounds.length; i++) if ((bounds[i] as number) > (bounds[i - 1] as number)) clusters.push(members.slice(bounds[i - 1], bounds[i]));
    const takenIds = new Set(Array.from({ length: draw(4) }, () => natural(key(draw(records)), 0)));
    return { clusters, takenIds };
  });

describe('assignEntityIds', () => {
  it('gives the plainly written rule’s IDs, anchors and absorbed IDs for any clusters, small or large, objects shared or not', () => {
    fc.assert(
      fc.property(clustersArbitrary, ({ clusters, takenIds }) => {
        const taken = (id: string): boolean => takenIds.has(id);
        const want = referenceIds(clusters, taken, natural);
        expect(assignCheckedEntityIds(clusters, { isTakenElsewhere: taken, naturalId: natural })).toEqual(want);
        expect(assignEntityIds(clusters, { isTakenElsewhere: taken, naturalId: natural })).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });
});
