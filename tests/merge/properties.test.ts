import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/merge/compilePolicy.js';
import { dtsenPersonPolicy } from '../../src/merge/dtsenPersonPolicy.js';
import { mergeCluster } from '../../src/merge/mergeCluster.js';
import { addToMergeState, createMergeState } from '../../src/merge/mergeState.js';
import type { MergeChannel, MergePersonRecord, MergeResult } from '../../src/merge/types.js';
import { NIK_A, NIK_B } from './fixtures.js';

// Protects invariants 2 and 3 of DESIGN.md for the merge stage: record order and batching never change
// the unified record, its provenance or the review queue; the output is byte-identical.

const compiled = compilePolicy(dtsenPersonPolicy);

const channelFor = (source: string): fc.Arbitrary<MergeChannel> => {
  if (source === 'musrenbang') {
    return fc.constantFrom('village', 'district', 'regency', 'province', 'national').map((verificationLevel) => ({
      kind: 'formal' as const,
      verificationLevel,
    }));
  }
  if (source === 'citizen') {
    return fc.record(
      {
        kind: fc.constant('citizen' as const),
        action: fc.constantFrom('proposal' as const, 'correction' as const, 'objection' as const),
        status: fc.constantFrom('pending' as const, 'accepted' as const, 'rejected' as const),
        fields: fc.subarray(['name', 'birthDate', 'maritalStatus', 'extra.desil']),
      },
      { requiredKeys: ['kind', 'action', 'status'] },
    );
  }
  return fc.constant(source === 'dukcapil' ? { kind: 'registry' as const } : { kind: 'survey' as const });
};

const recordArbitrary: fc.Arbitrary<MergePersonRecord> = fc
  .constantFrom('dukcapil', 'dtks', 'regsosek', 'p3ke', 'musrenbang', 'citizen', 'x-agency')
  .chain((source) =>
    fc.record(
      {
        source: fc.constant(source),
        recordId: fc.constantFrom('1', '2', '3', '4'),
        observedAt: fc.constantFrom('2021-01-01', '2023-06-30', '2024-01-01'),
        channel: channelFor(source),
        name: fc.constantFrom('Siti Contoh', 'SITI CONTOH', 'Siti', 'Sitti Contoh'),
        nik: fc.constantFrom(NIK_A, NIK_B, null),
        birthDate: fc.constantFrom('1980', '1980-05', '1980-05-06', '1980-07-01', null),
        birthDatePlaceholder: fc.boolean(),
        maritalStatus: fc.constantFrom('married', 'widowed', null),
        address: fc.constantFrom(null, { regencyCode: '3201' }, { regencyCode: '3201', villageCode: '3201012001', rt: null }),
        extra: fc.dictionary(fc.constantFrom('desil', 'income'), fc.constantFrom(1, 2, 'x')),
      },
      { requiredKeys: ['source', 'recordId', 'observedAt', 'channel', 'name'] },
    ),
  );

const clusterArbitrary = fc.array(recordArbitrary, { minLength: 1, maxLength: 8 });
const bytes = (result: MergeResult) => JSON.stringify(result);

describe('mergeCluster laws', () => {
  it('any permutation of the records gives the same output', () => {
    fc.assert(
      fc.property(
        clusterArbitrary.chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length }))),
        ([records, shuffled]) => {
          expect(bytes(mergeCluster(shuffled, compiled))).toBe(bytes(mergeCluster(records, compiled)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is idempotent: merging records twice over is merging them once', () => {
    fc.assert(
      fc.property(clusterArbitrary, (records) => {
        const once = bytes(mergeCluster(records, compiled));
        expect(bytes(mergeCluster([...records, ...records], compiled))).toBe(once);
        const state = createMergeState(records);
        expect(bytes(mergeCluster(addToMergeState(state, state), compiled))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('merging in two batches (either order) equals merging at once', () => {
    fc.assert(
      fc.property(clusterArbitrary, clusterArbitrary, (first, second) => {
        const atOnce = bytes(mergeCluster([...first, ...second], compiled));
        expect(bytes(mergeCluster(addToMergeState(createMergeState(first), second), compiled))).toBe(atOnce);
        expect(bytes(mergeCluster(addToMergeState(createMergeState(second), first), compiled))).toBe(atOnce);
      }),
      { numRuns: 300 },
    );
  });

  it('every unified value is the value of the record its provenance cites', () => {
    fc.assert(
      fc.property(clusterArbitrary, (records) => {
        const result = mergeCluster(records, compiled);
        const byIdentity = new Map(createMergeState(records).records.map((r) => [`${r.source}\u0000${r.recordId}`, r]));
        for (const [field, provenance] of Object.entries(result.provenance)) {
          if (provenance.from === null) {
            expect(provenance.value).toBeNull();
            continue;
          }
          const record = byIdentity.get(`${provenance.from.source}\u0000${provenance.from.recordId}`) as unknown as Record<string, unknown>;
          expect(record).toBeDefined();
          const [key, subKey] = field.split('.') as [string, string | undefined];
          const raw = subKey === undefined ? record[key] : (record[key] as Record<string, unknown> | undefined)?.[subKey];
          expect(provenance.value).toEqual(raw ?? null);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a rejected citizen submission never changes the unified record', () => {
    fc.assert(
      fc.property(clusterArbitrary, recordArbitrary, (records, submission) => {
        const rejected: MergePersonRecord = {
          ...submission,
          source: 'citizen',
          recordId: 'rejected-1',
          channel: { kind: 'citizen', action: 'objection', status: 'rejected' },
        };
        const base = records.filter((r) => !(r.source === 'citizen' && r.recordId === 'rejected-1'));
        const without = mergeCluster(base, compiled);
        const withIt = mergeCluster([...base, rejected], compiled);
        expect(JSON.stringify(withIt.unified)).toBe(JSON.stringify(without.unified));
        expect(withIt.conflicts).toEqual(without.conflicts);
      }),
      { numRuns: 200 },
    );
  });
});
