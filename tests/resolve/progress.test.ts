import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { comparePairs } from '../../src/comparisons/comparePairs.js';
import { clusterRecords } from '../../src/cluster/clusterRecords.js';
import { resolve, resolvePersons, type PersonStage, type ResolveStage, type StageProgress } from '../../src/resolve.js';
import { validateBatch } from '../../src/schema/validate.js';
import { scorePairs, weightTable } from '../../src/score/scorePairs.js';
import { generateSources } from '../../src/synth/index.js';
import { matchingStateOf } from '../../src/score/matchingContext.js';

// Protects the progress hook (issue 23): every stage reports, counts only go forward, each stage
// ends at done === total, and listening changes nothing in the result.

const PERSON_STAGES: readonly PersonStage[] = ['validate', 'prepare', 'block', 'compare', 'train', 'score', 'cluster'];

function sources(persons: number, seed: number): { persons: unknown[]; families: unknown[]; dwellings: unknown[] } {
  const out = { persons: [] as unknown[], families: [] as unknown[], dwellings: [] as unknown[] };
  for (const item of generateSources({ persons, seed })) {
    if (item.kind === 'person') out.persons.push(item.record);
    else if (item.kind === 'family') out.families.push(item.record);
    else out.dwellings.push(item.record);
  }
  return out;
}

/** Checks the laws of one run's events; returns the stages in the order they reported. */
function checkEvents<S extends string>(events: readonly StageProgress<S>[]): S[] {
  const order: S[] = [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as StageProgress<S>;
    expect(event.done).toBeGreaterThanOrEqual(0);
    expect(event.done).toBeLessThanOrEqual(event.total);
    if (order[order.length - 1] !== event.stage) {
      // A stage reports in one run of events, and the one before it ended at done === total.
      expect(order).not.toContain(event.stage);
      const before = events[i - 1];
      if (before !== undefined) expect(before.done).toBe(before.total);
      order.push(event.stage);
      continue;
    }
    const previous = events[i - 1] as StageProgress<S>;
    expect(event.done).toBeGreaterThanOrEqual(previous.done);
    expect(event.total).toBe(previous.total);
    expect(event.unit).toBe(previous.unit);
  }
  const last = events[events.length - 1];
  if (last !== undefined) expect(last.done).toBe(last.total);
  return order;
}

describe('progress callbacks that are not functions', () => {
  it('are refused up front with PadanError (fuzz seed 17: onStage 5 threw TypeError after validation)', () => {
    for (const options of [{ onStage: 5 }, { onStage: 'x' }, { onProgress: {} }]) {
      expect(() => resolvePersons([], options as never)).toThrow(PadanError);
      expect(() => resolvePersons([], options as never)).toThrow(/must be a function/);
    }
  });
});

describe('onProgress', () => {
  const input = sources(300, 5);

  it('reports every stage of resolvePersons in order, counts going forward, and changes nothing', () => {
    const events: StageProgress[] = [];
    const heard = resolvePersons(input.persons, { onProgress: (event) => events.push(event) });
    expect(checkEvents(events)).toEqual(PERSON_STAGES);
    const validate = events.filter((e) => e.stage === 'validate');
    expect(validate[validate.length - 1]).toEqual({ stage: 'validate', done: input.persons.length, total: input.persons.length, unit: 'records' });
    const compare = events.filter((e) => e.stage === 'compare');
    expect(compare[compare.length - 1]?.total).toBe(heard.report.candidatePairs * matchingStateOf(heard.context, 'test').compiled.comparisons.length);
    const quiet = resolvePersons(input.persons);
    expect(heard.clusters).toEqual(quiet.clusters);
    expect(heard.pairs.weights).toEqual(quiet.pairs.weights);
    expect(heard.model).toEqual(quiet.model);
  });

  it('reports merge and group after the person stages in resolve', () => {
    const events: StageProgress<ResolveStage>[] = [];
    const result = resolve(input, { onProgress: (event) => events.push(event) });
    expect(checkEvents(events)).toEqual([...PERSON_STAGES, 'merge', 'group']);
    expect(events.filter((e) => e.stage === 'merge').pop()).toEqual({
      stage: 'merge',
      done: result.unifiedPersons.length,
      total: result.unifiedPersons.length,
      unit: 'persons',
    });
  });

  it('reports a given model as a train stage of nothing to count, and empty input as 0 of 0', () => {
    const model = resolvePersons(input.persons).model;
    const events: StageProgress[] = [];
    resolvePersons(input.persons, { model, onProgress: (event) => events.push(event) });
    expect(events.filter((e) => e.stage === 'train')).toEqual([{ stage: 'train', done: 0, total: 0, unit: 'iterations' }]);
    const empty: StageProgress[] = [];
    resolvePersons([], { model, onProgress: (event) => empty.push(event) });
    expect(checkEvents(empty)).toEqual(PERSON_STAGES);
  });

  it('reports inside long loops: validation every few thousand records, pairs in chunks', () => {
    // Many records: the same people under many record IDs.
    const many = Array.from({ length: 10_000 }, (_, i) => ({ ...(input.persons[i % input.persons.length] as object), recordId: `r${i}` }));
    const counts: [number, number][] = [];
    validateBatch(many, 'person', { onProgress: (done, total) => counts.push([done, total]) });
    expect(counts.length).toBeGreaterThan(2);
    expect(counts.map(([done]) => done)).toEqual([...counts.map(([done]) => done)].sort((a, b) => a - b));
    expect(counts[counts.length - 1]).toEqual([10_000, 10_000]);
    expect(() => validateBatch(many, 'person', { onProgress: 1 as unknown as () => void })).toThrow(/options.onProgress must be a function/);

    const resolution = resolvePersons(input.persons);
    const { compiled, columns } = matchingStateOf(resolution.context, 'test');
    const records = resolution.records.length;
    const pairCount = 200_000;
    const left = new Int32Array(pairCount);
    const right = new Int32Array(pairCount);
    for (let p = 0; p < pairCount; p++) {
      left[p] = p % records;
      right[p] = (p * 7 + 1) % records;
    }
    const compared: number[] = [];
    const vectors = comparePairs(compiled.comparisons, columns, left, right, (done, total) => {
      expect(total).toBe(pairCount * compiled.comparisons.length);
      compared.push(done);
    });
    expect(compared.length).toBeGreaterThan(compiled.comparisons.length);
    expect(compared).toEqual([...compared].sort((a, b) => a - b));
    expect(compared[compared.length - 1]).toBe(pairCount * compiled.comparisons.length);
    const table = weightTable(resolution.model, compiled);
    const scored: number[] = [];
    const weights = scorePairs(table, compiled, columns, left, right, vectors, (done) => scored.push(done));
    expect(weights).toEqual(scorePairs(table, compiled, columns, left, right, vectors));
    expect(scored).toEqual([...scored].sort((a, b) => a - b));
    expect(scored[scored.length - 1]).toBe(pairCount * compiled.comparisons.length);
    const linked: number[] = [];
    const clustering = clusterRecords({
      recordCount: records,
      left,
      right,
      weights: new Float64Array(pairCount).fill(1),
      matchWeight: 0,
      distinct: [],
      onProgress: (done, total) => {
        expect(total).toBe(pairCount);
        linked.push(done);
      },
    });
    expect(linked[0]).toBe(0);
    expect(linked.length).toBeGreaterThan(2);
    expect(linked[linked.length - 1]).toBe(pairCount);
    expect(clustering.clusterCount).toBeGreaterThan(0);
  });
});
