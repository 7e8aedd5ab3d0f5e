import { describe, expect, it } from 'vitest';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { DTSEN_PERSON_PRIOR_PROVENANCE, dtsenPersonPrior, shippedDtsenPersonPrior } from '../../src/presets/dtsenPersonPrior.js';
import { modelSpecSchema } from '../../src/model/modelSpec.js';

describe('the shipped DTSEN prior', () => {
  it('was trained on the current preset spec (if this fails: npm run train-prior)', () => {
    expect(shippedDtsenPersonPrior().spec).toEqual(modelSpecSchema.parse(dtsenPersonModelSpec()));
  });

  it('was trained on a synthetic population of its own seed, not the benchmarks’ seed 1', () => {
    expect(DTSEN_PERSON_PRIOR_PROVENANCE.persons).toBeGreaterThanOrEqual(50_000);
    expect(DTSEN_PERSON_PRIOR_PROVENANCE.seed).not.toBe(1);
  });

  it('gives agreement on NIK, name and birth date positive weight and disagreement negative', () => {
    const prior = dtsenPersonPrior();
    const bits = (comparison: string, l: number): number => {
      const level = prior.parameters.comparisons.find((c) => c.name === comparison)!.levels[l]!;
      return Math.log2(level.mProbability / level.uProbability);
    };
    for (const comparison of ['nik', 'name', 'birth-date']) {
      const levels = prior.parameters.comparisons.find((c) => c.name === comparison)!.levels;
      expect(bits(comparison, 1)).toBeGreaterThan(0);
      expect(bits(comparison, levels.length - 1)).toBeLessThan(0);
    }
  });

  it('follows the preset options (trusted sources, thresholds) with the same weights', () => {
    const prior = dtsenPersonPrior({ trustedSources: ['dukcapil', 'dtks'], matchWeight: 4 });
    expect(prior.spec.decision.matchWeight).toBe(4);
    expect(prior.spec.clustering.distinct[0]!.trustedSources).toEqual(['dukcapil', 'dtks']);
    expect(prior.parameters).toEqual(dtsenPersonPrior().parameters);
  });
});
