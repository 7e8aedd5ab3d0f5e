import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPartitioned, type JobExecutor } from '../../src/cli/partitioned.js';
import { runPartitionJob } from '../../src/partitionJobs.js';
import { generateSources } from '../../src/synth/index.js';

// Protects the partitioned run's progress (issue 23): each stage that runs jobs reports them as they
// finish, counts going forward to done === total.
const dir = mkdtempSync(join(tmpdir(), 'padan-partitioned-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runPartitioned onProgress', () => {
  it('counts the jobs of each stage as they finish', async () => {
    const lines: string[] = [];
    for (const item of generateSources({ persons: 200, seed: 9 })) if (item.kind === 'person') lines.push(JSON.stringify(item.record));
    writeFileSync(join(dir, 'persons.ndjson'), `${lines.join('\n')}\n`);
    // In this process, one job after another, each reported as it finishes (as the pool and the queue do).
    const executor: JobExecutor = async (jobs, onJobDone) => {
      const results = [];
      for (const job of jobs) {
        const result = await runPartitionJob(job);
        onJobDone?.(result);
        results.push(result);
      }
      return results;
    };
    const events: [string, number, number][] = [];
    const report = await runPartitioned({
      persons: [join(dir, 'persons.ndjson')],
      out: join(dir, 'out'),
      executor,
      onProgress: (stage, done, total) => events.push([stage, done, total]),
    });
    const stages = [...new Set(events.map(([stage]) => stage))];
    expect(stages).toEqual(expect.arrayContaining(['split', 'resolve', 'collect', 'link']));
    for (const stage of stages) {
      const counts = events.filter(([name]) => name === stage);
      expect(counts[0]?.[1]).toBe(0);
      expect(counts.map(([, done]) => done)).toEqual(counts.map((_, i) => i));
      const [, done, total] = counts[counts.length - 1] as [string, number, number];
      expect(done).toBe(total);
    }
    expect(events.filter(([stage]) => stage === 'resolve').pop()?.[2]).toBe(report.partitions);
  });
});
