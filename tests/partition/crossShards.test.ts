/**
 * The out-of-core cross-partition pass is cut into shards by blocking key. Each shard blocks only on
 * its own keys (every record carrying a key meets in the key's shard), so every block is whole there
 * and the run's persons must not depend on how many shards there are.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inThreadExecutor, runPartitioned } from '../../src/cli/partitioned.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { generateSources } from '../../src/synth/sources.js';

const dir = mkdtempSync(join(tmpdir(), 'padan-cross-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every job in this thread, one after another: the test is about results, not threads.
const inThread = inThreadExecutor;

describe('the cross-partition pass in shards', () => {
  it('gives the same persons, families, households and links with one shard or many', async () => {
    const persons: string[] = [];
    const families: string[] = [];
    for (const item of generateSources({ persons: 800, seed: 5 })) {
      if (item.kind === 'person') persons.push(JSON.stringify(item.record));
      else if (item.kind === 'family') families.push(JSON.stringify(item.record));
    }
    writeFileSync(join(dir, 'persons.ndjson'), `${persons.join('\n')}\n`);
    writeFileSync(join(dir, 'families.ndjson'), `${families.join('\n')}\n`);
    // Small blocks, so that many are windowed: a part of a windowed block (what a shard that blocked
    // on every key saw of another shard's key) pairs records the whole block does not.
    const preset = dtsenPersonModelSpec();
    const model = { ...preset, blocking: { ...preset.blocking, maxBlockSize: 3, window: 1 } };
    const run = (out: string, linkShardBytes: number) =>
      runPartitioned({
        persons: [join(dir, 'persons.ndjson')],
        families: [join(dir, 'families.ndjson')],
        out: join(dir, out),
        executor: inThread,
        linkShardBytes,
        sampleSize: 1_000_000,
        model,
      });
    const one = await run('one', 1_000_000_000);
    const many = await run('many', 4_000);
    expect(one.cross.shards).toBe(1);
    expect(many.cross.shards).toBeGreaterThan(4);
    // The pass must have had work to do for the comparison to mean anything.
    expect(one.cross.remappedClusters).toBeGreaterThan(0);
    expect(many.cross.shardRecords).toBeGreaterThan(one.cross.shardRecords);
    for (const file of ['persons.ndjson', 'links.csv', 'families.ndjson', 'households.ndjson', 'review.ndjson']) {
      expect(readFileSync(join(dir, 'many', file), 'utf8'), file).toBe(readFileSync(join(dir, 'one', file), 'utf8'));
    }
  }, 400_000);
});
