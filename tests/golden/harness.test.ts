import { describe, expect, it } from 'vitest';
import { alignTruth, clusterBaseline, evaluateClustering, nikCategory, pairCompleteness } from '../../benchmarks/_harness/evaluate.js';
import { measureQuality } from '../../benchmarks/quality.js';
import { resolvePersons } from '../../src/resolve.js';
import { generateSources } from '../../src/synth/sources.js';
import type { PersonTruth, SynthPersonRecord } from '../../src/synth/types.js';

// The harness slices quality many ways with its own typed-array contingency table; it must report
// exactly what benchmarks/quality.ts reports, or results would depend on which path computed them.
describe('benchmark harness metrics', () => {
  const records: SynthPersonRecord[] = [];
  const truths: PersonTruth[] = [];
  for (const item of generateSources({ persons: 400, seed: 5, noise: 'heavy' })) {
    if (item.kind !== 'person') continue;
    records.push(item.record);
    truths.push(item.truth);
  }
  const resolution = resolvePersons(records);
  const truth = alignTruth(resolution.records, truths);

  it('aligns every record with its truth', () => {
    expect(truth.unmatched).toBe(0);
    expect(truth.personOf.length).toBe(resolution.records.length);
  });

  it('agrees with measureQuality overall and per NIK category, for padan and the baselines', () => {
    const category = truth.noiseOf.map(nikCategory);
    for (const predicted of [
      resolution.clusterOf,
      clusterBaseline(resolution.records, 'exact-nik'),
      clusterBaseline(resolution.records, 'exact-nik+name-birth'),
    ]) {
      const mine = evaluateClustering(predicted, truth);
      expect(mine.overall).toEqual(measureQuality(predicted, truth.personOf));
      for (const which of ['valid', 'wrong', 'missing'] as const) {
        const { records: count, ...quality } = mine.byNikCategory[which];
        expect(quality).toEqual(measureQuality(predicted, truth.personOf, (r) => category[r] === which));
        expect(count).toBe(category.filter((c) => c === which).length);
      }
    }
  });

  it('per-label B-cubed equals measureQuality restricted to the records carrying the label', () => {
    const { byNoise } = evaluateClustering(resolution.clusterOf, truth);
    for (const label of ['nik-missing', 'name-typo', 'twin']) {
      const expected = measureQuality(resolution.clusterOf, truth.personOf, (r) => (truth.noiseOf[r] as readonly string[]).includes(label));
      expect(byNoise[label]?.bcubedRecall).toBeCloseTo(expected.bcubed.recall, 12);
      expect(byNoise[label]?.bcubedPrecision).toBeCloseTo(expected.bcubed.precision, 12);
    }
  });

  it('pair completeness counts true pairs among candidates against all true pairs', () => {
    const completeness = pairCompleteness(resolution.pairs.left, resolution.pairs.right, truth.personOf);
    expect(completeness.truePairs).toBe(measureQuality(resolution.clusterOf, truth.personOf).pairwise.truePairs);
    let produced = 0;
    for (let p = 0; p < resolution.pairs.left.length; p++) {
      if (truth.personOf[resolution.pairs.left[p] as number] === truth.personOf[resolution.pairs.right[p] as number]) produced++;
    }
    expect(completeness.truePairsProduced).toBe(produced);
    expect(completeness.completeness).toBeGreaterThan(0.9);
    expect(completeness.completeness).toBeLessThanOrEqual(1);
  });

  it('the exact-NIK baseline only links records sharing a NIK', () => {
    const labels = clusterBaseline([{ nik: '3201011505900001' }, { nik: '3201-0115-0590-0001' }, { nik: null }, { nik: null }], 'exact-nik');
    expect(labels[0]).toBe(labels[1]);
    expect(labels[2]).not.toBe(labels[3]);
    const both = clusterBaseline(
      [
        { nik: null, name: 'Siti  Aminah', birthDate: '1980-01-02' },
        { nik: null, name: 'SITI AMINAH', birthDate: '1980-01-02' },
      ],
      'exact-nik+name-birth',
    );
    expect(both[0]).toBe(both[1]);
  });
});
