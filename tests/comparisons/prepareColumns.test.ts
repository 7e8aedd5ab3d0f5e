import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PreparedColumn } from '../../src/model/column.js';
import { prepareColumns } from '../../src/comparisons/prepareColumns.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { compileModel } from '../../src/model/compileModel.js';

const { columns: sources } = compileModel(dtsenPersonModelSpec());

// Small alphabets so that values repeat, as they do in real data.
const personArbitrary = fc.record(
  {
    name: fc.constantFrom('Muhammad Rizki', 'MOEHAMMAD RIZKI', 'Siti Aminah', 'Dr. Siti Aminah, S.Pd', '', 'Joko'),
    nik: fc.constantFrom('3201010101900001', '3201014101900002', '3201-0101-0190-0001', '12', undefined),
    kk: fc.constantFrom('3201010101000001', '3201010101000002', null),
    birthDate: fc.constantFrom('1990-01-01', '1990-01-02', '1990', '1900-01-01', undefined),
    birthDatePlaceholder: fc.boolean(),
    sex: fc.constantFrom('male', 'female', 'L', 'x'),
    birthPlace: fc.constantFrom('BOGOR', ' bogor ', 'Cianjur'),
    address: fc.record({ villageCode: fc.constantFrom('3201010001', '3201010002'), districtCode: fc.constantFrom('320101', '320102') }),
  },
  { requiredKeys: [] },
);

function plain(columns: Map<string, PreparedColumn>): unknown {
  return [...columns].map(([key, column]) => ({
    key,
    ids: [...column.ids],
    valueTexts: column.valueTexts,
    valueTokens: column.valueTokens,
    numbers: [...column.numbers],
    flags: [...column.flags],
    frequencies: [...column.frequencies],
    agreementRate: column.agreementRate,
    distinctValues: column.distinctValues,
  }));
}

describe('prepareColumns', () => {
  it('with an order, equals preparing the records already put in that order', () => {
    const input = fc
      .array(personArbitrary, { minLength: 1, maxLength: 40 })
      .chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray([...records.keys()], { minLength: records.length })));
    fc.assert(
      fc.property(input, ([records, order]) => {
        const ordered = order.map((i) => records[i]);
        expect(plain(prepareColumns(records, sources, Int32Array.from(order)))).toEqual(plain(prepareColumns(ordered, sources)));
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same ids whatever order the input came in', () => {
    const records = [{ name: 'Siti' }, { name: 'Rizki' }, { name: 'Siti' }];
    const shuffled = [records[2], records[1], records[0]];
    const direct = prepareColumns(records, sources).get('name|name:indonesian') as PreparedColumn;
    const viaOrder = prepareColumns(shuffled, sources, Int32Array.from([2, 1, 0])).get('name|name:indonesian') as PreparedColumn;
    expect([...viaOrder.ids]).toEqual([...direct.ids]);
    expect(viaOrder.valueTexts).toEqual(['SITI', 'RIZKI']);
  });

  it('shares one zero array between columns that carry no numbers', () => {
    const columns = prepareColumns([{ name: 'Siti', birthPlace: 'BOGOR', birthDate: '1990-01-01' }], sources);
    const name = columns.get('name|name:indonesian') as PreparedColumn;
    const place = columns.get('birthPlace|place') as PreparedColumn;
    const birth = columns.get('birthDate|birth-date') as PreparedColumn;
    expect(name.numbers).toBe(place.numbers);
    expect([...birth.numbers]).toEqual([19900101]);
  });

  it('prepares birth places through the region-name normalizer: KAB. BOGOR is BOGOR (issue 16)', () => {
    const records = [
      { name: 'A', birthPlace: 'KAB. BOGOR' },
      { name: 'B', birthPlace: 'Bogor' },
      { name: 'C', birthPlace: 'Kabupaten  Bogor' },
      { name: 'D', birthPlace: 'CIANJUR' },
    ];
    const place = prepareColumns(records, sources).get('birthPlace|place') as PreparedColumn;
    expect(place.ids[0]).toBe(place.ids[1]);
    expect(place.ids[0]).toBe(place.ids[2]);
    expect(place.ids[0]).not.toBe(place.ids[3]);
  });
});
