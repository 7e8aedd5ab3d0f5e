import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grownCapacity } from '../../src/store/_capacity.js';
import { StoreEngine } from '../../src/store/_engine.js';
import { RescoreQueue } from '../../src/store/_rescoreQueue.js';
import { StoreColumns } from '../../src/store/_storeColumns.js';
import { PairStore } from '../../src/store/_pairStore.js';
import { policy, syntheticRecords, trainedModel } from './fixtures.js';

// Protects the growth policy of the store's arrays (issue 19, small writes at 1 M persons): a first
// batch sizes its arrays with an eighth to spare, so the small writes after it grow no store-sized
// array again (at a million persons a copy of each, and new external memory that starts a full
// collection of the heap); growth stays geometric, so a store that keeps growing copies each item a
// bounded number of times.

describe('grownCapacity', () => {
  it('is enough, keeps a capacity that is enough, and at least doubles when it grows (property)', () => {
    fc.assert(
      fc.property(fc.nat(1 << 28), fc.nat(1 << 28), (needed, current) => {
        const capacity = grownCapacity(needed, current);
        expect(capacity).toBeGreaterThanOrEqual(needed);
        if (needed <= current) expect(capacity).toBe(current);
        else {
          expect(capacity).toBeGreaterThanOrEqual(2 * current);
          expect(capacity).toBeGreaterThanOrEqual(needed + Math.floor(needed / 8));
        }
      }),
    );
    expect(grownCapacity(10, 16)).toBe(16);
    expect(grownCapacity(17, 16)).toBe(32);
    expect(grownCapacity(2_000_000, 1024)).toBe(2_250_000);
  });

  it('leaves room after a big reservation: the queue, pair store and columns take a few more items without growing', () => {
    const queue = new RescoreQueue(4, true);
    queue.reserve(8000);
    for (let i = 0; i < 8000; i++) queue.push(i, (i * 7919) % 8000, i);
    const sizedQueue = (queue as unknown as { keys: Float64Array }).keys;
    for (let i = 0; i < 900; i++) queue.push(8000 + i, i, 0);
    // `keys` is private: the same array means no copy was made.
    expect((queue as unknown as { keys: Float64Array }).keys).toBe(sizedQueue);
    const popped: number[] = [];
    while (queue.length > 0) {
      popped.push(queue.peek());
      queue.pop();
    }
    expect(popped).toEqual([...popped].sort((a, b) => a - b));

    const pairs = new PairStore(3);
    pairs.ensureSlots(10_000);
    const head = pairs.head;
    pairs.ensureSlots(11_000);
    expect(pairs.head).toBe(head);
    pairs.reserve(8000);
    for (let i = 0; i < 8000; i++) pairs.create(i, i + 1, 1);
    const left = pairs.left;
    for (let i = 0; i < 900; i++) pairs.create(i, i + 2, 1);
    expect(pairs.left).toBe(left);
    expect(pairs.find(7, 9)).toBe(8007);
  });
});

describe('a store after its first batch', () => {
  it('adds one record without growing its store-sized arrays', () => {
    const records = syntheticRecords(1000, 5);
    // More records than twice what the store's arrays start with (1,024), so the batch sizes them.
    expect(records.length).toBeGreaterThan(2100);
    const engine = new StoreEngine({ model: trainedModel(), policy, validate: false });
    engine.add(records.slice(0, -1));
    // Private state, read to see whether an array was replaced (grown) by the write.
    const state = engine as unknown as { pairs: PairStore; columns: StoreColumns; entityOf: Int32Array };
    const before = {
      head: state.pairs.head,
      left: state.pairs.left,
      entityOf: state.entityOf,
      ids: [...state.columns.columns.values()].map((column) => column.ids),
    };
    // The pair arrays too: sized once by the batch, an eighth to spare, not where pair-by-pair doubling stopped.
    expect(state.pairs.left.length).toBe(state.pairs.count + Math.floor(state.pairs.count / 8));
    engine.add(records.slice(-1));
    expect(state.pairs.head).toBe(before.head);
    expect(state.pairs.left).toBe(before.left);
    expect(state.entityOf).toBe(before.entityOf);
    expect([...state.columns.columns.values()].map((column) => column.ids)).toEqual(before.ids);
    [...state.columns.columns.values()].forEach((column, c) => expect(column.ids).toBe(before.ids[c]));
  });
});
