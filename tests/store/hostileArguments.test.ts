import { describe, expect, it } from 'vitest';
import { generateSources } from '../../src/synth/index.js';
import { assignEntityIds, naturalEntityId } from '../../src/cluster/entityIds.js';
import {
  createEntityStore,
  dtsenPersonPolicy,
  formatDecision,
  loadStoreSnapshot,
  parseDecision,
  readDecisions,
  resolvePartitioned,
  resolvePersons,
  termFrequenciesOf,
  trainOnSample,
} from '../../src/index.js';
import { distinctNameSignal } from '../../src/standardize/index.js';
import { decisionId } from '../../src/store/decisions.js';
import { linkAcrossPartitions, resolvePartition } from '../../src/resolvePartitioned.js';
import { mergePartitionClusters } from '../../src/partition/mergePartitionClusters.js';
import { buildReportData, decisionLine, reportRecordRef, restoreRecordRefs } from '../../src/report/index.js';
import { matchingStateOf } from '../../src/score/matchingContext.js';

// Regressions of the fuzz run over the exports added after its first version (benchmarks/fuzz):
// each of these threw a TypeError or RangeError (untyped), or crashed on a hostile value's toString.

const typed = expect.objectContaining({ name: 'PadanError', code: 'invalid-argument' });
const hostile = Object.create(null) as object; // no toString: a template literal of it throws
const deep = (() => {
  let value: unknown = 'x';
  for (let i = 0; i < 20_000; i++) value = [value];
  return value;
})();

const persons: unknown[] = [];
for (const item of generateSources({ persons: 20, seed: 17 })) if (item.kind === 'person') persons.push(item.record);
const resolution = resolvePersons(persons);
const left = { source: (persons[0] as { source: string }).source, recordId: (persons[0] as { recordId: string }).recordId };
const right = { source: (persons[1] as { source: string }).source, recordId: (persons[1] as { recordId: string }).recordId };
const decision = { kind: 'cannotLink', left, right, by: 'ayu', at: '2026-03-31', why: 'twins' } as const;

describe('store and decisions: hostile arguments throw PadanError', () => {
  it('parseDecision reports a hostile version instead of converting it', () => {
    for (const version of [hostile, deep, Symbol('v')]) {
      const result = parseDecision({ ...decision, version });
      expect(result.success).toBe(false);
    }
  });

  it('decisionId, formatDecision and decisionLine refuse what is not a decision', () => {
    for (const bad of [{ ...decision, why: 10n }, { ...decision, left: () => 1 }, null, deep]) {
      expect(() => decisionId(bad as never)).toThrow(typed);
      expect(() => formatDecision(bad as never)).toThrow(typed);
      expect(() => decisionLine(bad as never)).toThrow(typed);
    }
    expect(decisionLine(decision)).toContain('"kind":"cannotLink"');
  });

  it('readDecisions refuses a non-iterable and reports a line that is not text', async () => {
    await expect(readDecisions(5 as never)).rejects.toThrow(typed);
    const { errors } = await readDecisions([formatDecision(decision), 7 as never]);
    expect(errors).toEqual([expect.objectContaining({ line: 2 })]);
  });

  it('readDecisions and loadStoreSnapshot read a line with a `then` as a bad line, not as a promise (fuzz seed 23)', async () => {
    // `for await` over an array awaited each line: a `then` that never calls back left the call
    // pending for ever, and the process exited with it unsettled (loadStoreSnapshot input 37180).
    const thenable = { then: () => undefined, toJSON: 1 };
    expect((await readDecisions([thenable as never])).errors.map((error) => error.line)).toEqual([1]);
    await expect(loadStoreSnapshot([thenable as never, ''], { policy: dtsenPersonPolicy })).rejects.toMatchObject({
      name: 'PadanError',
      message: expect.stringContaining('line 1 is not text'),
    });
  });

  it('a refused decision names the decisions in its way with their steward and reason masked (fuzz seed 23)', async () => {
    // DecisionSet input 518913: "confirm … (by steward 3201015205900001 at 2026-03-31: …) would put …".
    const store = createEntityStore({ model: resolution.model, policy: dtsenPersonPolicy });
    await store.add(persons);
    const first = { ...decision, by: '3201015205900001', why: 'NIK 3201/0152/0590/0002' };
    const second = { ...decision, kind: 'mustLink', by: 'ayu', why: '3201\t0152\t0590\t0003' } as const;
    expect((await store.decide(first)).outcomes[0]?.status).toBe('applied');
    const refused = (await store.decide(second)).outcomes[0];
    expect(refused?.status).toBe('refused');
    const explanation = String(refused?.explanation);
    expect(explanation).toContain('would put');
    expect(explanation).not.toMatch(/3201\D{0,2}0152\D{0,2}0590\D{0,2}000/);
    // The audit keeps the decision as data (DESIGN.md invariant 6); its explanation is a message.
    const explanations = (await store.auditLog()).map((entry) => (entry as { explanation?: string }).explanation ?? '');
    expect(explanations.join('\n')).toContain('would put');
    expect(explanations.join('\n')).not.toMatch(/0590\D{0,4}000[23]/);
  });

  it('the store refuses a hostile record reference and a hostile decision, and stays as it was', async () => {
    const store = createEntityStore({ model: resolution.model, policy: dtsenPersonPolicy });
    await store.add(persons.slice(0, 10));
    const before = JSON.stringify(await store.entities());
    for (const ref of [null, { source: hostile, recordId: 'x' }, { source: 'dtks', recordId: Symbol('s') }, deep]) {
      await expect(store.entityOfRecord(ref as never)).rejects.toThrow(typed);
      await expect(store.history(ref as never)).rejects.toThrow(typed);
    }
    await expect(store.decide({ ...decision, version: hostile } as never)).rejects.toThrow(typed);
    expect(JSON.stringify(await store.entities())).toBe(before);
  });

  it('entity IDs: naturalEntityId and assignEntityIds check their input', () => {
    expect(() => naturalEntityId(5 as never)).toThrow(typed);
    expect(() => assignEntityIds([[{ key: 1 }]] as never)).toThrow(typed);
    expect(() => assignEntityIds([undefined] as never)).toThrow(typed);
    expect(() => assignEntityIds([[{ key: 'a' }]], { isTakenElsewhere: 3 } as never)).toThrow(typed);
    expect(assignEntityIds([[{ key: 'a' }]])[0]?.id).toBe(naturalEntityId('a'));
  });

  it('distinctNameSignal and termFrequenciesOf check their input', () => {
    expect(() => distinctNameSignal(null as never, ['A'])).toThrow(typed);
    expect(() => distinctNameSignal(['A'], [hostile] as never)).toThrow(typed);
    expect(() => distinctNameSignal(['A'], ['A'], 'B' as never)).toThrow(typed);
    const { compiled, columns } = matchingStateOf(resolution.context, 'test');
    expect(() => termFrequenciesOf(compiled, {} as never)).toThrow(typed);
    expect(() => termFrequenciesOf({ comparisons: [null] } as never, columns)).toThrow(typed);
    expect(() => termFrequenciesOf(compiled, columns, { minCount: 'x' } as never)).toThrow(typed);
  });

  it('partitioned building blocks check their input', () => {
    expect(() => linkAcrossPartitions(5 as never, { model: resolution.model })).toThrow(typed);
    expect(() => linkAcrossPartitions([{ partition: 'p', cluster: null, record: {} }] as never, { model: resolution.model })).toThrow(typed);
    expect(() => mergePartitionClusters([{ left: { firstKey: 'a' } }] as never)).toThrow(typed);
    expect(() => mergePartitionClusters([], [[1, 2]] as never)).toThrow(typed);
    expect(() => resolvePartition(5 as never, [], { model: resolution.model })).toThrow(typed);
    expect(() => resolvePartitioned([], null as never)).toThrow(typed);
    expect(() => resolvePartitioned(persons.slice(0, 3), { model: resolution.model, partitionOf: () => 5 as never })).toThrow(typed);
    expect(() => trainOnSample(persons, 'x' as never)).toThrow(typed);
  });

  it('padan/report: buildReportData options, reportRecordRef and restoreRecordRefs check their input', () => {
    expect(() => buildReportData(resolution, { title: hostile } as never)).toThrow(typed);
    expect(() => buildReportData(resolution, { largestBlocks: Symbol('n') } as never)).toThrow(typed);
    expect(() => buildReportData(resolution, { binWidth: deep } as never)).toThrow(typed);
    expect(() => buildReportData(resolution, 'x' as never)).toThrow(typed);
    expect(() => reportRecordRef('dtks', 5 as never)).toThrow(typed);
    expect(() => restoreRecordRefs(5 as never, [])).toThrow(typed);
    expect(() => restoreRecordRefs([{ left: null }] as never, [])).toThrow(typed);
    expect(() => restoreRecordRefs([{ left: { source: 'dtks', recordId: '#1' } }] as never, [null] as never)).toThrow(typed);
  });
});
