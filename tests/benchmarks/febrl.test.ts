import { describe, expect, it } from 'vitest';
import { febrl3ModelSpec, febrl4ModelSpec, loadFebrl, runFebrl3, runFebrl4, scorePairs, type FebrlRecord } from '../../benchmarks/febrl/febrl.js';
import { compileModel } from '../../src/model/compileModel.js';
import { getPreparer } from '../../src/model/preparers.js';

describe('Febrl public benchmark harness', () => {
  it('reads the CSVs: dates as the files write them (YYYYMMDD), no empty fields', () => {
    const records = loadFebrl('febrl3.csv', 'febrl3');
    expect(records).toHaveLength(5000);
    const first = records[0] as FebrlRecord;
    expect(first).toMatchObject({
      source: 'febrl3',
      recordId: 'rec-1496-org',
      given_name: 'mitchell',
      surname: 'green',
      date_of_birth: '19560409',
      full_name: 'mitchell green',
    });
    for (const r of records) for (const value of Object.values(r)) expect(value).not.toBe('');
    // Febrl corrupts some dates into impossible ones (month 13, 31 June …): date:YYYYMMDD reads them as missing, not wrong.
    const date = getPreparer('date:YYYYMMDD');
    const impossible = records.filter((r) => r.date_of_birth !== undefined && date.prepare(r.date_of_birth, r) === null);
    expect(impossible.length).toBeGreaterThan(0);
    expect(date.prepare(first.date_of_birth, first)?.number).toBe(19560409);
  });

  it('the translated Splink models compile', () => {
    expect(compileModel(febrl3ModelSpec()).comparisons.map((c) => c.name)).toEqual([
      'given_name',
      'surname',
      'date_of_birth',
      'soc_sec_id',
      'street_number',
      'postcode',
    ]);
    expect(compileModel(febrl4ModelSpec()).comparisons).toHaveLength(6);
  });

  it('scores pairs inside clusters; a link counts cross-file pairs only', () => {
    const r = (source: string, recordId: string): FebrlRecord => ({ source, recordId });
    const records = [r('A', 'a1'), r('B', 'b1'), r('A', 'a2'), r('B', 'b2'), r('B', 'b3')];
    // Clusters: {a1, b1, a2} and {b2, b3}; truth: a1–b1, a2–b2.
    const truth: [string, string][] = [
      ['a1', 'b1'],
      ['a2', 'b2'],
    ];
    const dedupe = scorePairs(records, [0, 0, 0, 1, 1], truth, false);
    expect(dedupe).toMatchObject({ predictedPairs: 4, truePositives: 1, truePairs: 2 });
    const link = scorePairs(records, [0, 0, 0, 1, 1], truth, true);
    expect(link).toMatchObject({ predictedPairs: 2, truePositives: 1, precision: 0.5, recall: 0.5 });
  });

  it('a slice of Febrl3 and Febrl4 resolves through the generic path with high quality', () => {
    const three = runFebrl3({ limit: 1500 });
    expect(three.score.truePairs).toBeGreaterThan(100);
    expect(three.score.f1).toBeGreaterThan(0.95);
    const four = runFebrl4({ limit: 1500 }); // link-only: A against B
    expect(four.score.truePairs).toBeGreaterThan(100);
    expect(four.score.f1).toBeGreaterThan(0.95);
  });
});
