/** The DTSEN cycle as events for the store's properties: versions, withdrawals, decisions in a drawn order. */
import fc from 'fast-check';
import type { PersonRecord } from '../../src/schema/person.js';
import type { StewardDecision } from '../../src/store/decisions.js';
import type { EntityStore } from '../../src/store/types.js';
import { refText } from './fixtures.js';

export type Event =
  | { readonly kind: 'add'; readonly record: PersonRecord; readonly index: number }
  | { readonly kind: 'withdraw'; readonly index: number }
  | { readonly kind: 'decide'; readonly decision: StewardDecision };

export const meta = { by: 'steward', at: '2031-02-01', why: 'property test' };

/** A later version of record i: a corrected field, or (every third) another person's identity, so the record moves. */
export function laterVersion(input: readonly PersonRecord[], i: number, variant: number): PersonRecord {
  const record = input[i] as PersonRecord;
  if (variant % 3 === 0) {
    const other = input[(i * 7 + 3) % input.length] as PersonRecord;
    return {
      ...record,
      observedAt: '2031-03-01',
      name: other.name,
      nik: other.nik ?? null,
      kk: other.kk ?? null,
      birthDate: other.birthDate ?? null,
      sex: other.sex ?? null,
    };
  }
  return { ...record, observedAt: '2031-03-01', maritalStatus: variant % 2 === 0 ? 'widowed' : 'married' };
}

export async function view(store: EntityStore) {
  const entities = await store.entities();
  const byRecords = new Map<string, unknown>();
  for (const entity of entities) byRecords.set(entity.records.map(refText).join(' '), (await store.entity(entity.id))?.merge.unified);
  const review = (await store.review()).map((item) => `${refText(item.left)} ${refText(item.right)} ${item.reason} ${item.matchWeight}`).sort();
  return {
    partition: [...byRecords.keys()].sort(),
    unified: byRecords,
    review,
    ids: entities.map((entity) => `${entity.id} ${entity.records.map(refText).join(' ')}`),
  };
}

export const cycleArbitrary = (count: number) =>
  fc.record({
    updated: fc.uniqueArray(fc.integer({ min: 0, max: count - 1 }), { maxLength: 10 }),
    withdrawn: fc.uniqueArray(fc.integer({ min: 0, max: count - 1 }), { maxLength: 4 }),
    decisions: fc.array(
      fc.record({
        kind: fc.constantFrom('mustLink', 'cannotLink', 'confirm', 'reject'),
        a: fc.integer({ min: 0, max: count - 1 }),
        b: fc.integer({ min: 0, max: count - 1 }),
      }),
      { maxLength: 5 },
    ),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: count * 2 }), { maxLength: 6 }),
  });

/** A deterministic shuffle from a seed (fast-check shrinks the seed). */
export function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed + 1;
  for (let i = items.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** The events of one cycle, in a drawn order that still withdraws a record only after its versions arrived. */
export function eventsOf(input: readonly PersonRecord[], cycle: ReturnType<typeof cycleArbitrary> extends fc.Arbitrary<infer T> ? T : never): Event[] {
  const events: Event[] = input.map((record, index) => ({ kind: 'add', record, index }));
  cycle.updated.forEach((index, variant) => events.push({ kind: 'add', record: laterVersion(input, index, variant), index }));
  const decisions: StewardDecision[] = cycle.decisions
    .filter((item) => item.a !== item.b)
    .map((item) => ({ kind: item.kind, left: input[item.a] as PersonRecord, right: input[item.b] as PersonRecord, ...meta }))
    .map((decision) => ({
      ...decision,
      left: { source: decision.left.source, recordId: decision.left.recordId },
      right: { source: decision.right.source, recordId: decision.right.recordId },
    }));
  for (const decision of decisions) events.push({ kind: 'decide', decision });
  const order = shuffle(events, cycle.seed);
  // Decisions keep their relative order (conflict refusals depend on it).
  let d = 0;
  for (let i = 0; i < order.length; i++) if ((order[i] as Event).kind === 'decide') order[i] = { kind: 'decide', decision: decisions[d++] as StewardDecision };
  for (const index of cycle.withdrawn) {
    let last = -1;
    order.forEach((event, i) => {
      if (event.kind === 'add' && event.index === index) last = i;
    });
    const at = last + 1 + (cycle.seed % Math.max(1, order.length - last));
    order.splice(Math.min(at, order.length), 0, { kind: 'withdraw', index });
  }
  return order;
}

/** Plays events; consecutive adds form batches, cut where the drawn cut points fall. */
export async function play(store: EntityStore, input: readonly PersonRecord[], events: readonly Event[], cuts: ReadonlySet<number>, seen: Set<string>) {
  let batch: PersonRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await store.add(batch, { validate: false });
    batch = [];
  };
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as Event;
    if (event.kind === 'add') {
      if (cuts.has(i)) await flush();
      batch.push(event.record);
      continue;
    }
    await flush();
    if (event.kind === 'withdraw') {
      const record = input[event.index] as PersonRecord;
      await store.withdraw(record.source, record.recordId, 'property test');
    } else await store.decide(event.decision);
    for (const entity of await store.entities()) seen.add(entity.id);
  }
  await flush();
  for (const entity of await store.entities()) seen.add(entity.id);
}
