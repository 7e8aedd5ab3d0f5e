import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runPartitioned } from '../../src/cli/partitioned.js';
import { resolveRounds } from '../../src/partition/resolveRounds.js';
import { generateSources } from '../../src/synth/index.js';

// A pool thread keeps memory from every partition it resolved until it exits: the resolve stage runs
// in rounds of about threads × recordsPerThread person records, on fresh threads each. Protects: every
// partition resolved exactly once, rounds within their budget but for one oversized partition, and
// outputs that do not depend on how many rounds there were.
describe('resolveRounds', () => {
  it('deals every partition to exactly one round, largest first within each, each round within its budget plus one partition', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 8000 }),
        (sizes, threads, perThread) => {
          const partitions = sizes.map((persons, i) => ({ name: `p${String(i).padStart(2, '0')}`, persons }));
          const rounds = resolveRounds(partitions, threads, perThread);
          expect(
            rounds
              .flat()
              .map((p) => p.name)
              .sort(),
          ).toEqual(partitions.map((p) => p.name));
          const total = sizes.reduce((a, b) => a + b, 0);
          const budget = threads * perThread;
          expect(rounds.length).toBeLessThanOrEqual(Math.max(1, Math.ceil(total / budget)));
          const largest = Math.max(0, ...sizes);
          for (const round of rounds) {
            expect(round.length).toBeGreaterThan(0);
            for (let i = 1; i < round.length; i++)
              expect((round[i] as { persons: number }).persons).toBeLessThanOrEqual((round[i - 1] as { persons: number }).persons);
            // Dealt to the lightest round: none exceeds the mean round by more than one partition.
            expect(round.reduce((a, p) => a + p.persons, 0)).toBeLessThanOrEqual(total / Math.max(1, rounds.length) + largest);
          }
        },
      ),
    );
  });

  it('gives one round when everything fits, as the example says otherwise', () => {
    const partitions = [
      { name: 'A', persons: 900 },
      { name: 'B', persons: 600 },
      { name: 'C', persons: 500 },
    ];
    expect(resolveRounds(partitions, 2, 1000)).toEqual([[partitions[0], partitions[1], partitions[2]]]);
    expect(resolveRounds(partitions, 1, 1000)).toEqual([[partitions[0]], [partitions[1], partitions[2]]]);
    expect(resolveRounds([], 2, 1000)).toEqual([]);
    expect(() => resolveRounds(partitions, 0, 1000)).toThrow(/threads must be a positive integer/);
    expect(() => resolveRounds(partitions, 2, 0)).toThrow(/recordsPerThread must be a positive number/);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'padan-rounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the resolve stage in rounds', () => {
  it('writes the same outputs on fresh threads every few hundred records as in one round', async () => {
    const byKind: Record<string, string[]> = { person: [], family: [], dwelling: [] };
    for (const item of generateSources({ persons: 600, seed: 4 })) byKind[item.kind]?.push(JSON.stringify(item.record));
    const file = (name: string, lines: string[]): string => {
      writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
      return join(dir, name);
    };
    const inputs = {
      persons: [file('persons.ndjson', byKind.person ?? [])],
      families: [file('families.ndjson', byKind.family ?? [])],
      dwellings: [file('dwellings.ndjson', byKind.dwelling ?? [])],
    };
    const once = await runPartitioned({ ...inputs, out: join(dir, 'once'), workers: 2 });
    const rounds = await runPartitioned({ ...inputs, out: join(dir, 'rounds'), workers: 2, recycleAfterRecords: 200 });
    expect(once.resolveRounds).toBe(1);
    expect(rounds.resolveRounds).toBeGreaterThan(2);
    for (const output of ['persons.ndjson', 'families.ndjson', 'households.ndjson', 'links.csv']) {
      expect(readFileSync(join(dir, 'rounds', output), 'utf8')).toBe(readFileSync(join(dir, 'once', output), 'utf8'));
    }
    await expect(runPartitioned({ ...inputs, out: join(dir, 'bad'), recycleAfterRecords: 0 })).rejects.toThrow(/recycleAfterRecords must be a positive number/);
  }, 120_000);
});
