import { beforeAll, describe, expect, it } from 'vitest';
import { decisionLine } from '../../src/report/decisions.js';
import type { PersonRecord } from '../../src/schema/person.js';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { formatDecision, parseDecision, readDecisions } from '../../src/store/decisions.js';
import { policy, refText, syntheticRecords, trainedModel } from './fixtures.js';

let records: PersonRecord[];
let model: TrainedModel;

beforeAll(() => {
  records = syntheticRecords(40, 17);
  model = trainedModel();
});

const ref = (record: PersonRecord) => ({ source: record.source, recordId: record.recordId });

describe('the decision format', () => {
  it('round-trips through NDJSON lines; bad lines are reported by number without echoing them', async () => {
    const decision = {
      kind: 'cannotLink' as const,
      left: ref(records[1] as PersonRecord),
      right: ref(records[0] as PersonRecord),
      by: 'ayu',
      at: '2031-02-01',
      why: 'twins',
    };
    const parsed = parseDecision(decision);
    if (!parsed.success) throw new Error('a valid decision was refused');
    const line = formatDecision(parsed.value);
    expect(JSON.parse(line)).toMatchObject({ format: 'padan/decision', version: 1, kind: 'cannotLink' });
    const { decisions, errors } = await readDecisions([line, '', '{"kind":"mustLink"}', 'not json 3201014101800001']);
    expect(decisions).toHaveLength(1);
    // Stored with the smaller record key on the left.
    const first = decisions[0];
    if (first === undefined || first.kind === 'unmerge') throw new Error('expected a pair decision');
    expect(refText(first.left) < refText(first.right)).toBe(true);
    expect(errors.map((error) => error.line)).toEqual([3, 4]);
    expect(JSON.stringify(errors)).not.toMatch(/\d{16}/);
  });

  it('reads the lines the steward report writes and applies them to a store', async () => {
    const store = createEntityStore({ model, policy });
    await store.add(records);
    const entity = (await store.entities()).find((item) => item.records.length >= 2) as {
      id: string;
      records: readonly { source: string; recordId: string }[];
    };
    const [a, b] = entity.records as [{ source: string; recordId: string }, { source: string; recordId: string }];
    const lines = [
      decisionLine({ kind: 'cannotLink', left: a, right: b, by: 'ani', at: '2031-03-01T10:00:00.000Z', why: 'different mothers' }),
      decisionLine({ kind: 'unmerge', entityId: entity.id, records: [b], by: 'ani', at: '2031-03-01T10:01:00.000Z', why: 'decided in the steward report' }),
    ];
    const { decisions, errors } = await readDecisions(lines.join('').split('\n'));
    expect(errors).toEqual([]);
    expect(decisions.map((decision) => decision.kind)).toEqual(['cannotLink', 'unmerge']);
    const { outcomes } = await store.decide(decisions);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['applied', 'applied']);
    expect(await store.entityOfRecord(a)).not.toBe(await store.entityOfRecord(b));
    // The unmerge was completed with the records it keeps apart, so it replays by record keys.
    const stored = (await store.decisions())[1];
    expect(stored?.kind === 'unmerge' && stored.rest !== undefined && stored.rest.length > 0).toBe(true);
  });
});
