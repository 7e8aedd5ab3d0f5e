import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalExecutor, runPartitioned, type JobExecutor } from '../../src/cli/partitioned.js';
import { runPartitionJob } from '../../src/partitionJobs.js';
import { generateSources } from '../../src/synth/index.js';

// Protects the memory bound of the local pool (issue 21): a thread that ends a job with a large heap
// is replaced by a fresh one, and a replaced thread must change nothing in the output (jobs read
// everything they need from the work folder; the model is parsed again by the new thread).
const dir = mkdtempSync(join(tmpdir(), 'padan-partitioned-recycle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One partition: each new thread starts (and parses the model) again, so few jobs keep the test quick. */
const byIsland = (): string => 'all';

describe('the local pool', () => {
  it('gives the same output when every thread is replaced after every job', async () => {
    const kinds: Record<string, string[]> = { person: [], family: [], dwelling: [] };
    for (const item of generateSources({ persons: 300, seed: 4 })) kinds[item.kind]?.push(JSON.stringify(item.record));
    for (const [kind, lines] of Object.entries(kinds)) writeFileSync(join(dir, `${kind}.ndjson`), `${lines.join('\n')}\n`);
    const inputs = { persons: [join(dir, 'person.ndjson')], families: [join(dir, 'family.ndjson')], dwellings: [join(dir, 'dwelling.ndjson')] };
    const inProcess: JobExecutor = (jobs) => Promise.all(jobs.map((job) => runPartitionJob(job)));
    await runPartitioned({ ...inputs, out: join(dir, 'reference'), executor: inProcess, partitionOf: byIsland });
    // A limit of one byte: every job ends above it, so every job runs on a fresh thread.
    const pool = await createLocalExecutor(2, { recycleAboveHeapBytes: 1 });
    try {
      const report = await runPartitioned({ ...inputs, out: join(dir, 'recycled'), executor: pool.executor, partitionOf: byIsland });
      expect(report.partitions).toBe(1);
    } finally {
      await pool.close();
    }
    for (const file of ['persons.ndjson', 'links.csv', 'families.ndjson', 'households.ndjson', 'review.ndjson', 'rejections.ndjson'])
      expect(readFileSync(join(dir, 'recycled', file), 'utf8')).toBe(readFileSync(join(dir, 'reference', file), 'utf8'));
  }, 300_000);
});
