import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPartitioned, type JobExecutor } from '../../src/cli/partitioned.js';
import { runPartitionJob } from '../../src/partitionJobs.js';
import { generateSources } from '../../src/synth/index.js';

// The work folder of a partitioned run holds the partition files, every partition's outputs and the
// cross-partition shards. At 10 M persons that is ~60 GB if nothing goes before the end: each kind
// of work file is deleted as soon as no later stage reads it, and a retried job still finds what it needs.
const dir = mkdtempSync(join(tmpdir(), 'padan-work-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OUTPUTS = ['persons.ndjson', 'families.ndjson', 'households.ndjson', 'review.ndjson', 'links.csv', 'rejections.ndjson'];

function writeInputs(): { persons: string[]; families: string[]; dwellings: string[] } {
  const byKind: Record<string, string[]> = { person: [], family: [], dwelling: [] };
  for (const item of generateSources({ persons: 600, seed: 4 })) byKind[item.kind]?.push(JSON.stringify(item.record));
  const file = (name: string, lines: string[]): string => {
    writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
    return join(dir, name);
  };
  return {
    persons: [file('persons.ndjson', byKind.person ?? [])],
    families: [file('families.ndjson', byKind.family ?? [])],
    dwellings: [file('dwellings.ndjson', byKind.dwelling ?? [])],
  };
}

describe('the partitioned run’s work folder', () => {
  const inputs = writeInputs();

  it('deletes shards once linked, partition files once remerged and outputs once written, never copies them; same bytes; retries still work', async () => {
    const kept = await runPartitioned({ ...inputs, out: join(dir, 'kept'), workers: 1, keepWorkDir: true });
    expect(kept.cross.remappedClusters).toBeGreaterThan(0);
    const keptWork = join(dir, 'kept', '.work');
    expect(existsSync(join(keptWork, 'cross'))).toBe(true);
    expect(existsSync(join(keptWork, 'partitions'))).toBe(true);
    // The cross pass prepares its few records in collect: no partition writes a prepared row for every record.
    expect(readdirSync(join(keptWork, 'results')).some((name) => name.endsWith('.prepared.ndjson'))).toBe(false);

    const work = join(dir, 'lean', '.work');
    const seen: Record<string, boolean> = {};
    let remergeRuns = 0;
    // In this process, one job after another; every remerge job runs twice, as a queue retries a job
    // whose worker died after writing its files but before reporting.
    const executor: JobExecutor = async (jobs, onJobDone) => {
      const results = [];
      for (const job of jobs) {
        if (job.kind === 'remerge') {
          if (remergeRuns === 0) seen.crossGoneAtRemerge = !existsSync(join(work, 'cross'));
          const first = await runPartitionJob(job);
          // The outputs are patched as the write stage copies them: the folder never holds them twice.
          seen.outputsOnceAfterRemerge =
            readdirSync(join(work, 'out', job.partition))
              .sort()
              .join() === [...OUTPUTS].sort().join();
          const again = await runPartitionJob(job);
          expect(again.counts).toEqual(first.counts);
          remergeRuns++;
        }
        const result = await runPartitionJob(job);
        onJobDone?.(result);
        results.push(result);
      }
      return results;
    };
    const lean = await runPartitioned({
      ...inputs,
      out: join(dir, 'lean'),
      executor,
      onStage: (stage, phase) => {
        if (stage === 'write' && phase === 'start') seen.partitionsGoneAtWrite = !existsSync(join(work, 'partitions'));
      },
    });
    expect(remergeRuns).toBe(lean.partitions);
    expect(seen).toEqual({ crossGoneAtRemerge: true, outputsOnceAfterRemerge: true, partitionsGoneAtWrite: true });
    expect(existsSync(work)).toBe(false);
    for (const file of OUTPUTS) expect(readFileSync(join(dir, 'lean', file), 'utf8'), file).toBe(readFileSync(join(dir, 'kept', file), 'utf8'));
    expect(lean.persons).toBe(kept.persons);
    expect(lean.workFolderPeakBytes).toBeGreaterThan(0);
    expect(lean.workFolderPeakBytes).toBeLessThanOrEqual(kept.workFolderPeakBytes);
    expect(readdirSync(join(dir, 'lean')).sort()).toEqual(
      readdirSync(join(dir, 'kept'))
        .filter((name) => name !== '.work')
        .sort(),
    );
    // Two whole runs on a shared, loaded machine (no timing is asserted).
  }, 300_000);
});
