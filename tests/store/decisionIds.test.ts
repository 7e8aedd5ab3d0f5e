import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, hash64 } from '../../src/_internal/hash.js';
import { redactIdentifiers } from '../../src/_internal/redact.js';
import type { PersonRecord } from '../../src/schema/person.js';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { decisionId, formatDecision, parseDecision, readDecisions, type StewardDecision } from '../../src/store/decisions.js';
import { loadStoreSnapshot } from '../../src/store/loadStoreSnapshot.js';
import { storeSnapshotLines } from '../../src/store/writeStoreSnapshot.js';
import { policy, syntheticRecords, trainedModel } from './fixtures.js';

// Issue 17: a decision ID was `D` + hash64 of the decision, which is sixteen decimal digits about once
// in 1,800 decisions; redaction then masked it as a NIK in every message, review and report. New IDs
// always hold a letter; decisions stored under an old all-decimal ID still load and replay.

let records: PersonRecord[];
let model: TrainedModel;
/** A decision whose old-style ID (`D` + hash64) is all decimal, and that ID. */
let decision: StewardDecision;
let legacyId: string;

beforeAll(() => {
  records = syntheticRecords(30, 5);
  model = trainedModel();
  const [a, b] = records as [PersonRecord, PersonRecord];
  for (let n = 0; n < 200_000; n++) {
    const parsed = parseDecision({
      kind: 'cannotLink',
      left: { source: a.source, recordId: a.recordId },
      right: { source: b.source, recordId: b.recordId },
      by: 'ayu',
      at: '2026-03-31',
      why: `twins, checked at the desk (${n})`,
    });
    if (!parsed.success) throw new Error('a valid decision was refused');
    const hex = hash64(canonicalJson(parsed.value));
    if (/^\d{16}$/.test(hex)) {
      decision = parsed.value;
      legacyId = `D${hex}`;
      return;
    }
  }
  throw new Error('no decision with an all-decimal hash in 200,000 tries');
});

/** Snapshot lines with every mention of the decision's ID replaced by `id`, and the checksum recomputed (as an older padan wrote it). */
function withDecisionId(lines: readonly string[], from: string, to: string): string[] {
  const body = lines.slice(0, -1).map((line) => line.split(from).join(to));
  const hash = createHash('sha256');
  for (const line of body) hash.update(`${line}\n`);
  const trailer = JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
  return [...body, JSON.stringify({ ...trailer, sha256: hash.digest('hex') })];
}

describe('steward decision IDs', () => {
  it('always hold a letter, so redaction never takes one for a NIK', () => {
    const id = decisionId(decision);
    expect(id).toMatch(/^D[0-9a-f]{16}$/);
    expect(id).toMatch(/[a-f]/);
    expect(id).not.toBe(legacyId);
    expect(redactIdentifiers(`decision ${id} applied`)).toBe(`decision ${id} applied`);
    // The old form was masked: what the change is for.
    expect(redactIdentifiers(`decision ${legacyId} applied`)).not.toContain(legacyId);
  });

  it('an ID with a letter already is unchanged (IDs already handed out stay valid)', () => {
    const other = { ...decision, why: 'another reason' } as StewardDecision;
    const hex = hash64(canonicalJson(other));
    expect(/[a-f]/.test(hex)).toBe(true);
    expect(decisionId(other)).toBe(`D${hex}`);
  });

  it('a snapshot that stored the decision under its old all-decimal ID loads, and the decision replays once', async () => {
    const store = createEntityStore({ model, policy });
    await store.add(records);
    const applied = await store.decide([decision]);
    expect(applied.outcomes.map((o) => o.status)).toEqual(['applied']);
    const newId = applied.outcomes[0]?.id as string;
    expect(newId).toBe(decisionId(decision));

    const lines = [...storeSnapshotLines(store)];
    const old = withDecisionId(lines, newId, legacyId);
    expect(old.join('\n')).toContain(legacyId);
    expect(old.join('\n')).not.toContain(newId);

    const loaded = await loadStoreSnapshot(old, { policy, model });
    expect(await loaded.entities()).toEqual(await store.entities());
    // The same decision given again is a duplicate, not a second application.
    const again = await loaded.decide([decision]);
    expect(again.outcomes.map((o) => o.status)).toEqual(['duplicate']);
    expect(again.outcomes[0]?.id).toBe(newId);
  });

  it('a decision file written with the old ID reads and applies like the new one', async () => {
    const oldLine = formatDecision(decision).replace(decisionId(decision), legacyId);
    expect(oldLine).toContain(legacyId);
    const { decisions, errors } = await readDecisions([oldLine]);
    expect(errors).toEqual([]);
    expect(decisions).toEqual([decision]);
    const store = createEntityStore({ model, policy });
    await store.add(records);
    const outcome = await store.decide(decisions);
    expect(outcome.outcomes.map((o) => [o.status, o.id])).toEqual([['applied', decisionId(decision)]]);
  });
});
