/**
 * The coordinator's spanning-key pass reads every partition's fingerprints one value range at a
 * time, so its memory does not grow with the partitions; it must find exactly the fingerprints that
 * two or more partitions hold, as the in-memory `spanningFingerprints` does.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { distinctFingerprints, fingerprintSet, hasFingerprint, hasFingerprintIn, spanningFingerprints } from '../../src/partition/blockingKeyFingerprints.js';
import { writeSpanningKeys } from '../../src/partitionJobs.js';

const dir = mkdtempSync(join(tmpdir(), 'padan-spanning-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 52-bit fingerprints, drawn from a small pool so that partitions share some, spread over the whole space.
const fingerprint = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => n * 109_951_162_777),
  fc.integer({ min: 0, max: 2 ** 52 - 1 }),
  fc.constantFrom(0, 2 ** 52 - 1),
);

describe('writeSpanningKeys', () => {
  it('writes the fingerprints found in two or more partitions, whatever the range size', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(fc.array(fingerprint, { maxLength: 30 }), { maxLength: 12 }), fc.integer({ min: 1, max: 50 }), (partitions, rangeValues) => {
        const work = join(dir, String(run++));
        mkdirSync(join(work, 'results'), { recursive: true });
        const names = partitions.map((_, p) => `p${p}`);
        const distinct = partitions.map((values) => distinctFingerprints([Float64Array.from(values)]));
        distinct.forEach((values, p) => writeFileSync(join(work, 'results', `${names[p]}.keys.bin`), new Uint8Array(values.buffer)));
        const found = writeSpanningKeys(work, names, rangeValues);
        const bytes = readFileSync(join(work, 'spanning.bin'));
        const written = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
        const expected = spanningFingerprints(distinct);
        expect([...written]).toEqual([...expected]);
        expect(found).toBe(expected.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('hasFingerprintIn', () => {
  it('holds exactly what the sorted list holds (the bitmap only turns values away)', () => {
    fc.assert(
      fc.property(fc.array(fingerprint, { maxLength: 200 }), fc.array(fingerprint, { maxLength: 50 }), (values, probes) => {
        const sorted = distinctFingerprints([Float64Array.from(values)]);
        const set = fingerprintSet(sorted);
        for (const value of [...values, ...probes]) expect(hasFingerprintIn(set, value)).toBe(hasFingerprint(sorted, value));
      }),
      { numRuns: 300 },
    );
  });
});
