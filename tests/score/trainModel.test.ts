import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { dtsenPersonPrior } from '../../src/presets/dtsenPersonPrior.js';
import { resolvePersons } from '../../src/resolve.js';
import type { ModelSpecInput } from '../../src/model/modelSpec.js';
import { generateSources } from '../../src/synth/sources.js';
import type { SynthPersonRecord } from '../../src/synth/types.js';

function persons(count: number, seed: number): SynthPersonRecord[] {
  const records: SynthPersonRecord[] = [];
  for (const item of generateSources({ persons: count, seed })) if (item.kind === 'person') records.push(item.record);
  return records;
}

const batch = persons(400, 31);
const codes = (resolution: ReturnType<typeof resolvePersons>): string[] => resolution.report.training?.warnings.map((w) => w.code) ?? [];
const withTraining = (training: Record<string, unknown>): ModelSpecInput => ({ ...dtsenPersonModelSpec(), training }) as ModelSpecInput;
const level = (resolution: ReturnType<typeof resolvePersons>, comparison: string, label: string) =>
  resolution.model.parameters.comparisons.find((c) => c.name === comparison)!.levels.find((l) => l.label === label)!;

describe('training that cannot quietly go wrong', () => {
  it('the default DTSEN training on a real batch reports no warning', () => {
    const resolution = resolvePersons(batch);
    expect(resolution.report.training?.collapsed).toBe(false);
    expect(codes(resolution)).toEqual([]);
  });

  it('fixU with a seed but no nonMatchLevels, λ over candidates: the collapse to λ = 1 is reported', () => {
    // The case: every candidate pair "matched" and nothing warned.
    const resolution = resolvePersons(batch, {
      model: withTraining({ seed: { comparison: 'nik', matchLevels: [1, 2, 3] }, fixU: true, matchShare: 'candidates' }),
    });
    expect(resolution.report.training?.candidateMatchProbability).toBeGreaterThan(0.95);
    expect(codes(resolution)).toContain('match-share-collapsed');
    expect(resolution.report.training?.collapsed).toBe(true);
  });

  it('the same spec with λ over all pairs (u from random pairs, Splink’s way) does not collapse', () => {
    const resolution = resolvePersons(batch, { model: withTraining({ seed: { comparison: 'nik', matchLevels: [1, 2, 3] } }) });
    const training = resolution.report.training!;
    expect(training.matchShare).toBe('all-pairs');
    expect(training.collapsed).toBe(false);
    // About one or two other records per person: matching pairs are of the order of the records.
    expect(training.expectedMatchingPairs).toBeGreaterThan(batch.length * 0.3);
    expect(training.expectedMatchingPairs).toBeLessThan(batch.length * 3);
  });

  it('8 records: too few to train; reported, and with the shipped prior the weights are the prior’s', () => {
    const tiny = batch.slice(0, 8);
    const alone = resolvePersons(tiny, { prior: false });
    expect(codes(alone)).toContain('too-few-records');
    expect(alone.report.training?.collapsed).toBe(true);
    const withPrior = resolvePersons(tiny);
    expect(codes(withPrior)).toContain('too-few-records');
    expect(withPrior.report.training?.collapsed).toBe(false);
    const prior = dtsenPersonPrior();
    expect(withPrior.report.training?.candidateMatchProbability).toBe(prior.parameters.candidateMatchProbability);
    // An exact name keeps the prior's weight, within what 28 pairs can move 2,000 pseudo-pairs.
    const exact = level(withPrior, 'name', 'exact');
    const priorExact = prior.parameters.comparisons[1]!.levels[1]!;
    expect(Math.abs(Math.log2(exact.mProbability / exact.uProbability) - Math.log2(priorExact.mProbability / priorExact.uProbability))).toBeLessThan(0.5);
  });

  it('too few seeded pairs: a batch whose NIKs are all missing', () => {
    const resolution = resolvePersons(
      batch.map((r) => ({ ...r, nik: null })),
      { prior: false },
    );
    expect(resolution.report.training?.seedPairs).toBe(0);
    expect(codes(resolution)).toContain('too-few-seed-pairs');
  });

  it('m ≈ u: a field that carries no information is reported as no separation', () => {
    let state = 7;
    const random = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const rows = Array.from({ length: 400 }, (_, i) => ({ source: 's', recordId: `r${i}`, colour: ['RED', 'GREEN'][Math.floor(random() * 2)] }));
    const spec: ModelSpecInput = {
      kind: 'padan/model-spec',
      version: 1,
      name: 'noise',
      comparisons: [{ name: 'colour', field: 'colour', prepare: 'text', levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }] }],
      blocking: { rules: [{ name: 'all', on: [{ field: 'source', prepare: 'code' }] }], maxBlockSize: 50, window: 5 },
      decision: { matchWeight: 0, reviewWeight: -4 },
    };
    const resolution = resolvePersons(rows, { validate: false, model: spec });
    expect(codes(resolution)).toContain('no-separation');
    expect(resolution.report.training?.collapsed).toBe(true);
  });

  it('u from random pairs needs no seeded non-matches: asking for both is a model error', () => {
    expect(() =>
      resolvePersons(batch, { model: withTraining({ seed: { comparison: 'nik', matchLevels: [1], nonMatchLevels: [8] }, matchShare: 'all-pairs' }) }),
    ).toThrow(PadanError);
  });

  it('unbiasedSeed reads u of an exact name off pairs that name blocking did not choose', () => {
    const seed = { comparison: 'nik', matchLevels: [1, 2, 3], nonMatchLevels: [8] };
    const larger = persons(2000, 31);
    const biased = resolvePersons(larger, { model: withTraining({ seed }), prior: false });
    const unbiased = resolvePersons(larger, { model: withTraining({ seed, unbiasedSeed: true }), prior: false });
    // 0.043 vs 0.008 on this batch: pairs found by the name rules agree on names by construction.
    expect(level(unbiased, 'name', 'exact').uProbability).toBeLessThan(level(biased, 'name', 'exact').uProbability / 2);
    expect(level(unbiased, 'name', 'different').uProbability).toBeGreaterThan(level(biased, 'name', 'different').uProbability);
  });
});
