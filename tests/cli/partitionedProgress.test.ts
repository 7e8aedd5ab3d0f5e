import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalExecutor, inThreadExecutor, runPartitioned, type JobExecutor } from '../../src/cli/partitioned.js';
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
    const executor = inThreadExecutor;
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

  it('hears each step a resolve job begins, in order, from the pool threads (what padan worker prints)', async () => {
    const steps = new Map<string, string[]>();
    const pool = await createLocalExecutor(2);
    try {
      const executor: JobExecutor = (jobs, onJobDone) =>
        pool.executor(jobs, onJobDone, (job, stage) => {
          const name = `${job.kind}.${'partition' in job ? job.partition : ''}`;
          steps.set(name, [...(steps.get(name) ?? []), stage]);
        });
      const report = await runPartitioned({ persons: [join(dir, 'persons.ndjson')], out: join(dir, 'out-steps'), executor });
      const resolveJobs = [...steps.keys()].filter((name) => name.startsWith('resolve.'));
      expect(resolveJobs).toHaveLength(report.partitions);
      // Only resolve jobs report steps; each reports all of them, in order.
      expect([...steps.keys()].every((name) => name.startsWith('resolve.'))).toBe(true);
      for (const name of resolveJobs)
        expect(steps.get(name)).toEqual(['read', 'validate', 'prepare', 'block', 'compare', 'train', 'score', 'cluster', 'merge', 'group', 'write']);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
