import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupFamilies, type FamilyGrouping, type ResolvedPersons } from '../../src/group/groupFamilies.js';
import { groupHouseholds, type HouseholdGrouping } from '../../src/group/groupHouseholds.js';
import { indexPersons, type PersonIndex } from '../../src/group/indexPersons.js';
import { explainPair, indexResolution, resolve, resolvePersons } from '../../src/resolve.js';
import { typedArenaTotals } from '../../src/_internal/typedArena.js';
import type { DwellingRecord } from '../../src/schema/dwelling.js';
import type { FamilyRecord } from '../../src/schema/family.js';
import type { PersonRecord } from '../../src/schema/person.js';
import { generateSources } from '../../src/synth/sources.js';
import { address, dwelling, family, kk, nik, person, resolveExactly, shuffle } from './fixtures.js';
import { matchingStateOf } from '../../src/score/matchingContext.js';

interface World {
  readonly persons: PersonRecord[];
  readonly families: FamilyRecord[];
  readonly dwellings: DwellingRecord[];
}

/**
 * A small village from a seed: families (some sharing a house), some with a reissued card after a
 * move, some with a child who married and split off (staying or moving out), seen by several sources
 * at different dates, some of which lose the KK.
 */
function buildWorld(seed: number): World {
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  type Card = { kk: string; from: string; house: number; members: number[]; head: number };
  const cards: Card[] = [];
  const familyCount = 1 + Math.floor(next() * 5);
  for (let f = 0; f < familyCount; f++) {
    const size = 1 + Math.floor(next() * 4);
    const members = Array.from({ length: size }, (_, m) => f * 10 + m);
    const house = Math.floor(next() * familyCount);
    const reissue = next() < 0.3;
    const split = size >= 2 && next() < 0.4;
    const stayers = split ? members.slice(0, -1) : members;
    cards.push({ kk: kk(f * 3 + 1), from: '2000-01-01', house, members: split ? members : stayers, head: members[0] as number });
    if (split) {
      const child = members[size - 1] as number;
      const spouse = f * 10 + 9;
      // Until the split the in-marrying spouse is on the parents' card too.
      (cards[cards.length - 1] as Card).members.push(spouse);
      cards.push({ kk: kk(f * 3 + 3), from: '2023-03-01', house: next() < 0.5 ? house : 200 + f, members: [child, spouse], head: child });
      cards.push({ kk: kk(f * 3 + 1), from: '2023-03-01', house, members: stayers, head: members[0] as number });
    }
    if (reissue) cards.push({ kk: kk(f * 3 + 2), from: '2024-02-01', house: 100 + f, members: stayers, head: members[0] as number });
  }
  // The card each person is on at a date: the latest card issued on or before it that lists them.
  const cardAt = (personId: number, date: string): Card | undefined => {
    let best: Card | undefined;
    for (const card of cards) if (card.from <= date && card.members.includes(personId) && (best === undefined || card.from >= best.from)) best = card;
    return best;
  };
  const persons: PersonRecord[] = [];
  const families: FamilyRecord[] = [];
  const dwellings: DwellingRecord[] = [];
  const everyone = [...new Set(cards.flatMap((c) => c.members))].sort((a, b) => a - b);
  const observations = [
    { source: 'dtks', date: '2021-05-01', coverage: 0.7 },
    { source: 'p3ke', date: '2023-06-01', coverage: 0.6 },
    { source: 'dukcapil', date: '2025-06-01', coverage: 1 },
    { source: 'citizen', date: '2025-02-01', coverage: 0.3 },
  ];
  let id = 0;
  for (const { source, date, coverage } of observations) {
    const seen = new Map<string, { card: Card; members: number[] }>();
    for (const p of everyone) {
      const card = cardAt(p, date);
      if (card === undefined || next() >= coverage) continue;
      const entry = seen.get(card.kk) ?? { card, members: [] };
      entry.members.push(p);
      seen.set(card.kk, entry);
    }
    for (const { card, members } of seen.values()) {
      const kkLost = source !== 'dukcapil' && next() < 0.15;
      for (const p of members) {
        persons.push(
          person({
            source,
            recordId: `${source}-${id++}`,
            observedAt: date,
            nik: nik(p),
            kk: kkLost ? null : card.kk,
            relationship: p === card.head ? 'head' : 'child',
            address: address(card.house),
          }),
        );
      }
      if (source === 'dukcapil') {
        families.push(family({ source, recordId: `kk-${id++}`, observedAt: date, kk: card.kk, memberNiks: members.map(nik), address: address(card.house) }));
      }
    }
    if (source === 'p3ke') {
      const byHouse = new Map<number, string[]>();
      for (const { card } of seen.values()) byHouse.set(card.house, [...(byHouse.get(card.house) ?? []), card.kk]);
      for (const [house, kks] of byHouse)
        dwellings.push(dwelling({ source: 'housing', recordId: `d-${id++}`, observedAt: date, kks, address: address(house) }));
    }
  }
  return { persons, families, dwellings };
}

const keyOf = (r: { source: string; recordId: string }): string => `${r.source}/${r.recordId}`;

/** A grouping with its timings taken out: everything else must be equal between runs. */
/** 300 generated persons' records with heavy noise, split by kind. */
function heavyNoiseSources(seed: number): { people: PersonRecord[]; familyRecords: FamilyRecord[]; dwellingRecords: DwellingRecord[] } {
  const people: PersonRecord[] = [];
  const familyRecords: FamilyRecord[] = [];
  const dwellingRecords: DwellingRecord[] = [];
  for (const item of generateSources({ persons: 300, seed, noise: 'heavy' })) {
    if (item.kind === 'person') people.push(item.record as PersonRecord);
    else if (item.kind === 'family') familyRecords.push(item.record as FamilyRecord);
    else dwellingRecords.push(item.record as DwellingRecord);
  }
  return { people, familyRecords, dwellingRecords };
}

const untimed = <G extends { readonly report: object }>(grouping: G) => ({ ...grouping, report: { ...grouping.report, elapsedMs: 0, stepMs: {} } });

/** Everything a caller sees, keyed by record identity instead of position. */
function view(persons: ResolvedPersons, families: FamilyGrouping, households: HouseholdGrouping) {
  const familyIds = families.families.map((f) => f.id);
  const householdIds = households.households.map((h) => h.id);
  const person = (c: number): string => persons.clusters[c]?.id as string;
  return {
    families: Object.fromEntries(
      families.families.map((f) => [
        f.id,
        { kks: f.kks, members: f.members.map(person).sort(), records: f.records.map((r) => keyOf(persons.records[r] as PersonRecord)).sort() },
      ]),
    ),
    households: Object.fromEntries(
      households.households.map((h) => [
        h.id,
        {
          families: h.families.map((f) => familyIds[f]).sort(),
          dwellings: h.dwellingRecords.map((d) => keyOf(households.dwellingRecords[d] as DwellingRecord)).sort(),
        },
      ]),
    ),
    familyRecords: families.familyRecords.map((r, i) => [keyOf(r), familyIds[families.familyOfRecord[i] as number]]),
    events: families.events.map((e) => ({
      ...e,
      ...('from' in e ? { from: familyIds[e.from], to: familyIds[e.to] } : { family: familyIds[e.family] }),
      members: e.members.map(person),
    })),
    householdOfRecord: persons.records.map((r, i) => [keyOf(r), householdIds[households.householdOf[i] as number]]).sort(),
  };
}

function run(world: World, order: number) {
  const persons = resolveExactly(order === 0 ? world.persons : shuffle(world.persons, order));
  const families = groupFamilies(persons, order === 0 ? world.families : shuffle(world.families, order + 1));
  const households = groupHouseholds(persons, families, order === 0 ? world.dwellings : shuffle(world.dwellings, order + 2));
  return { persons, families, households };
}

// Protects the laws of the group stage: input order never changes families, households or their
// IDs; the same input gives the same output; every record is in exactly one family, and a family is
// never split across two households; KKs at one dwelling address share a household.
describe('group stage properties', () => {
  it('gives the same families, households and IDs whatever the input order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed, order) => {
        const world = buildWorld(seed);
        const a = run(world, 0);
        const b = run(world, order);
        expect(view(b.persons, b.families, b.households)).toEqual(view(a.persons, a.families, a.households));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same result, positions included, whatever order the records are read in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed, readSeed) => {
        const world = buildWorld(seed);
        const resolved = resolveExactly(world.persons);
        const positions = Array.from({ length: resolved.records.length }, (_, i) => i);
        // Read in canonical order (no readOrder), in the input's order, and in a random order.
        const readOrders = [undefined, resolved.readOrder, Int32Array.from(shuffle(positions, readSeed))];
        const results = readOrders.map((readOrder) => {
          const persons: ResolvedPersons = {
            records: resolved.records,
            clusters: resolved.clusters,
            clusterOf: resolved.clusterOf,
            ...(readOrder ? { readOrder } : {}),
          };
          const families = groupFamilies(persons, world.families);
          const households = groupHouseholds(persons, families, world.dwellings);
          return { families: untimed(families), households: untimed(households) };
        });
        expect(results[1]).toEqual(results[0]);
        expect(results[2]).toEqual(results[0]);
      }),
      { numRuns: 60 },
    );
  });

  it("reads NIKs and KKs from the person stage's prepared columns (indexResolution) exactly as from the records", () => {
    for (const seed of [3, 5]) {
      const { people, familyRecords, dwellingRecords } = heavyNoiseSources(seed);
      const resolution = resolvePersons(people);
      const bare: ResolvedPersons = { records: resolution.records, clusters: resolution.clusters, clusterOf: resolution.clusterOf };
      const group = (persons: ResolvedPersons, personIndex?: PersonIndex) => {
        const families = groupFamilies(persons, familyRecords, { personIndex });
        const households = groupHouseholds(persons, families, dwellingRecords, { personIndex });
        return { families: untimed(families), households: untimed(households) };
      };
      expect(group(resolution, indexResolution(resolution))).toEqual(group(bare));
    }
  });

  it('runs in the memory the person stage worked in, and leaves every array of the resolution as it was', () => {
    const { people, familyRecords, dwellingRecords } = heavyNoiseSources(13);
    const resolution = resolvePersons(people);
    // Every typed array the resolution holds (columns included), copied, and a few explanations.
    const arrays = (): number[][] => {
      const { clusterOf, readOrder, links, pairs, context } = resolution;
      const columns = [...matchingStateOf(context, 'test').columns.values()].flatMap((column) => [
        column.ids,
        column.numbers,
        column.flags,
        column.frequencies,
      ]);
      return [clusterOf, readOrder, links, pairs.left, pairs.right, pairs.weights, ...columns].map((array) => Array.from(array));
    };
    const explain = () => [0, 1, 2].map((p) => explainPair(resolution, resolution.pairs.left[p] as number, resolution.pairs.right[p] as number));
    const before = { arrays: arrays(), explanations: explain() };
    const reused = typedArenaTotals().reusedBytes;
    const families = groupFamilies(resolution, familyRecords);
    groupHouseholds(resolution, families, dwellingRecords);
    // The group stages' arrays came from what resolution's temporaries wrote…
    expect(typedArenaTotals().reusedBytes).toBeGreaterThan(reused);
    // …and none of them landed on an array the resolution still holds.
    expect(arrays()).toEqual(before.arrays);
    expect(explain()).toEqual(before.explanations);
  });

  it('groups the same with one person index shared by both stages as with an index per stage, and as resolve does', () => {
    for (const seed of [7, 11]) {
      const { people, familyRecords, dwellingRecords } = heavyNoiseSources(seed);
      const resolution = resolvePersons(people);
      const personIndex = indexPersons(resolution);
      const families = groupFamilies(resolution, familyRecords, { personIndex });
      const shared = untimed(groupHouseholds(resolution, families, dwellingRecords, { personIndex }));
      expect(untimed(groupFamilies(resolution, familyRecords))).toEqual(untimed(families));
      expect(untimed(groupHouseholds(resolution, families, dwellingRecords))).toEqual(shared);
      const whole = resolve({ persons: people, families: familyRecords, dwellings: dwellingRecords });
      expect({ families: untimed(whole.families), households: untimed(whole.households) }).toEqual({ families: untimed(families), households: shared });
    }
  });

  it('groups a resolution of unvalidated records the same after the caller reuses its input array', () => {
    const world = buildWorld(42);
    const input = [...world.persons];
    const resolution = resolvePersons(input, { validate: false });
    const before = untimed(groupFamilies({ ...resolution }, world.families));
    // The caller's array is the records' read order only until the caller changes it.
    input.reverse();
    expect(untimed(groupFamilies({ ...resolution }, world.families))).toEqual(before);
    const bare: ResolvedPersons = { records: resolution.records, clusters: resolution.clusters, clusterOf: resolution.clusterOf };
    expect(untimed(groupFamilies(bare, world.families))).toEqual(before);
  });

  it('tells any number of sources apart: renaming 40 sources (so that others come past the 30th) changes nothing', () => {
    // Past 30 sources the stage's source bits are shared; whether two cards were listed by one source
    // must still be exact, or which sources sort first would decide reissues and typos.
    const classOf = (record: { source: string; recordId: string }): number => {
      let hash = 7;
      for (const char of `${record.source}/${record.recordId}`) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
      return hash % 40;
    };
    const renamed = <R extends { source: string; recordId: string }>(records: readonly R[], name: (k: number) => string): R[] =>
      records.map((record) => ({ ...record, source: name(classOf(record)), recordId: `${record.source}:${record.recordId}` }));
    const grouped = (world: World, name: (k: number) => string) => {
      const persons = resolveExactly(renamed(world.persons, name));
      const families = groupFamilies(persons, renamed(world.families, name));
      const households = groupHouseholds(persons, families, renamed(world.dwellings, name));
      // By record identity (recordId holds the original source and id); IDs left out (they hash the source name).
      const idOf = (r: { recordId: string }): string => r.recordId;
      const familyOf = (f: number): string =>
        (families.families[f]?.records ?? [])
          .map((r) => idOf(persons.records[r] as PersonRecord))
          .sort()
          .join(' ');
      return {
        families: families.families.map((f) => `${f.kks.join(',')} ${familyOf(families.families.indexOf(f))}`).sort(),
        events: families.events
          .map((e) => `${e.kind} ${e.fromKk}>${e.toKk} ${'from' in e ? `${familyOf(e.from)}>${familyOf(e.to)}` : familyOf(e.family)}`)
          .sort(),
        households: households.households.map((h) => h.families.map(familyOf).sort().join(' + ')).sort(),
      };
    };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (seed) => {
        const world = buildWorld(seed);
        expect(grouped(world, (k) => `s${String(k).padStart(2, '0')}`)).toEqual(grouped(world, (k) => `s${String(39 - k).padStart(2, '0')}`));
      }),
      { numRuns: 200 },
    );
    // Generated DTSEN data, its sources spread over 40.
    const { people, familyRecords, dwellingRecords } = heavyNoiseSources(19);
    const world = { persons: people, families: familyRecords, dwellings: dwellingRecords };
    expect(grouped(world, (k) => `s${String(k).padStart(2, '0')}`)).toEqual(grouped(world, (k) => `s${String(39 - k).padStart(2, '0')}`));
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const world = buildWorld(seed);
        const strip = (x: ReturnType<typeof run>) => ({
          families: untimed(x.families),
          households: untimed(x.households),
        });
        expect(strip(run(world, 0))).toEqual(strip(run(world, 0)));
      }),
      { numRuns: 50 },
    );
  });

  it('puts every record in exactly one family, each family in one household, and a dwelling address in one household', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const { persons, families, households } = run(buildWorld(seed), 0);
        const n = persons.records.length;
        expect(families.families.reduce((sum, f) => sum + f.records.length, 0)).toBe(n);
        for (let r = 0; r < n; r++) {
          const f = families.familyOf[r] as number;
          expect(families.families[f]?.records).toContain(r);
          expect(households.householdOf[r]).toBe(households.householdOfFamily[f]);
        }
        const householdAt = new Map<string, number>();
        persons.records.forEach((record, r) => {
          if (families.cardOf[r] === -1) return;
          const key = JSON.stringify(record.address);
          const seen = householdAt.get(key);
          if (seen === undefined) householdAt.set(key, households.householdOf[r] as number);
          else expect(households.householdOf[r]).toBe(seen);
        });
        // Families in different households are related only through a reported split, or not at all.
        for (const event of families.events) if (event.kind === 'split') expect(event.from).not.toBe(event.to);
      }),
      { numRuns: 100 },
    );
  });

  it('on generated data with person matching: same result for shuffled input, and close to the truth', () => {
    const people: PersonRecord[] = [];
    const familyRecords: FamilyRecord[] = [];
    const dwellingRecords: DwellingRecord[] = [];
    const truth = new Map<string, string>();
    for (const item of generateSources({ persons: 150, seed: 11 })) {
      if (item.kind === 'person') {
        people.push(item.record as PersonRecord);
        truth.set(keyOf(item.record), item.truth.familyId);
      } else if (item.kind === 'family') familyRecords.push(item.record as FamilyRecord);
      else dwellingRecords.push(item.record as DwellingRecord);
    }
    const resolve = (order: number) => {
      const persons = resolvePersons(order === 0 ? people : shuffle(people, order));
      const families = groupFamilies(persons, order === 0 ? familyRecords : shuffle(familyRecords, order));
      const households = groupHouseholds(persons, families, order === 0 ? dwellingRecords : shuffle(dwellingRecords, order));
      return { persons, families, households };
    };
    const a = resolve(0);
    const b = resolve(7);
    expect(view(b.persons, b.families, b.households)).toEqual(view(a.persons, a.families, a.households));
    // Every pair of records the truth puts in one family, and only those, share a predicted family.
    let agree = 0;
    let total = 0;
    const records = a.persons.records;
    for (let i = 0; i < records.length; i++) {
      for (let j = i + 1; j < records.length; j++) {
        const same = truth.get(keyOf(records[i] as PersonRecord)) === truth.get(keyOf(records[j] as PersonRecord));
        const predicted = a.families.familyOf[i] === a.families.familyOf[j];
        if (same || predicted) {
          total++;
          if (same && predicted) agree++;
        }
      }
    }
    expect(agree / total).toBeGreaterThan(0.95);
  });
});
