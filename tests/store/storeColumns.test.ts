import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareColumns } from '../../src/comparisons/prepareColumns.js';
import { compileModel } from '../../src/model/compileModel.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { StoreColumns } from '../../src/store/_storeColumns.js';

// The store scores every pair with the agreement rates and frequencies its growable columns keep
// as records come and go; the batch computes them from scratch over the records it is given. They
// must be equal to the bit (DESIGN.md invariant 2: weights bit-identical to the batch's), with no
// pass over the values per write (issue 19: a write costs what it touches).

const compiled = compileModel(dtsenPersonModelSpec());
const NAMES = ['Siti Aminah', 'Budi Santoso', 'Agus', 'Dewi Lestari', 'Ahmad', 'Sri Wahyuni', 'Putu'];
const PLACES = ['Bogor', 'Kab. Bogor', 'Bandung', 'Sleman', 'Denpasar'];

const recordOf = (i: number, name: number, place: number, day: number) => ({
  source: 'dtks',
  recordId: `R${i}`,
  observedAt: '2025-01-01',
  channel: { kind: 'registry' },
  name: NAMES[name] as string,
  birthPlace: place < PLACES.length ? (PLACES[place] as string) : null,
  birthDate: `1980-01-${String(1 + day).padStart(2, '0')}`,
});

describe('StoreColumns: agreement rates and frequencies as the batch computes them', () => {
  it('equal buildColumn over the live records after any sequence of appends and removals (property)', () => {
    const step = fc.record({
      add: fc.array(fc.tuple(fc.nat(NAMES.length - 1), fc.nat(PLACES.length), fc.nat(3)), { maxLength: 12 }),
      remove: fc.array(fc.nat(), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        const store = new StoreColumns(compiled.columns, new Set(compiled.columns.map((column) => column.key)));
        const records: ReturnType<typeof recordOf>[] = [];
        const live = new Set<number>();
        for (const { add, remove } of steps) {
          const start = records.length;
          add.forEach(([name, place, day], i) => {
            records.push(recordOf(start + i, name, place, day));
            live.add(start + i);
          });
          store.append(records.slice(start));
          const gone = [...new Set(remove.map((n) => n % Math.max(1, records.length)))].filter((slot) => live.has(slot));
          for (const slot of gone) live.delete(slot);
          store.remove(gone);
          const liveSlots = [...live].sort((a, b) => a - b);
          const batchColumns = prepareColumns(
            liveSlots.map((slot) => records[slot]),
            compiled.columns,
          );
          for (const [key, column] of store.columns) {
            const expected = batchColumns.get(key);
            if (expected === undefined) continue;
            expect(column.agreementRate, key).toBe(expected.agreementRate);
            column.ensureExact();
            liveSlots.forEach((slot, i) => {
              const id = column.ids[slot] as number;
              const batchId = expected.ids[i] as number;
              expect(id < 0, key).toBe(batchId < 0);
              if (id >= 0) expect(column.frequencies[id], key).toBe(expected.frequencies[batchId]);
            });
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
