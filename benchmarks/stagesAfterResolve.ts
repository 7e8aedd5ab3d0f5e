/**
 * The stages of a partitioned run after the resolve stage — collect, link, merge (the cross-partition
 * pass), remerge and write — replayed on a saved work folder, so their cost can be measured again and
 * again without the stages before them.
 *
 *   # once: a full partitioned run that saves its work folder (hard links) as the collect and the
 *   # remerge stages begin, in SNAP/collect and SNAP/remerge
 *   node --import tsx benchmarks/stagesAfterResolve.ts --data /work/data/p1m --snapshot /tmp/snap1m --out /tmp/out1m
 *   # then, as often as needed: the stages from one of them on a copy, checked against that run's output
 *   node --import tsx benchmarks/stagesAfterResolve.ts --snapshot /tmp/snap1m --from collect|remerge --expect /tmp/out1m [--workers 2|0]
 *
 * `--workers 0` runs every job in this thread (for `node --cpu-prof`). Prints CPU seconds per stage
 * (this process: coordinator and pool threads, pool start included) and whether every output file is
 * byte-identical. Jobs replace files and never rewrite them, so hard links keep a snapshot intact.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createLocalExecutor,
  inThreadExecutor,
  LINK_SHARD_BYTES,
  planLinkShards,
  runPartitioned,
  writePartitionedOutputs,
  type JobExecutor,
} from '../src/cli/partitioned.js';
import type { PartitionManifest } from '../src/partition/partitionFiles.js';
import { crossBucketBytes, writeRemap } from '../src/partitionJobs.js';
import { machineInfo } from './_harness/machine.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    snapshot: { type: 'string' },
    out: { type: 'string' },
    expect: { type: 'string' },
    from: { type: 'string', default: 'remerge' },
    workers: { type: 'string', default: '2' },
  },
});
const log = (text: string): void => void process.stderr.write(`[stages] ${text}\n`);
const snapshot = values.snapshot;
if (snapshot === undefined)
  throw new Error('usage: benchmarks/stagesAfterResolve.ts --snapshot DIR (--data DIR --out DIR | --from collect|remerge --expect DIR) [--workers N]');
const workers = Number(values.workers);

if (values.data !== undefined) {
  // Prepare: a whole run; its work folder is saved before the collect and the remerge stages.
  const data = values.data;
  const out = values.out ?? mkdtempSync(join(tmpdir(), 'padan-stages-out-'));
  const files = readdirSync(data).filter((file) => !file.startsWith('truth.'));
  const pick = (kind: string): string[] => files.filter((file) => file.endsWith(`.${kind}.ndjson`)).map((file) => join(data, file));
  const local = await createLocalExecutor(Math.max(1, workers));
  rmSync(snapshot, { recursive: true, force: true });
  mkdirSync(snapshot, { recursive: true });
  const executor: JobExecutor = async (jobs, onJobDone, onJobProgress) => {
    const first = jobs[0];
    if ((first?.kind === 'collect' || first?.kind === 'remerge') && !existsSync(join(snapshot, first.kind))) {
      execFileSync('cp', ['-al', first.dir, join(snapshot, first.kind)]);
      log(`work folder saved to ${join(snapshot, first.kind)}`);
    }
    return local.executor(jobs, onJobDone, onJobProgress);
  };
  try {
    const report = await runPartitioned({ persons: pick('persons'), families: pick('families'), dwellings: pick('dwellings'), out, executor, workers });
    log(`run: CPU ${(report.cpuMs / 1000).toFixed(1)} s, ${JSON.stringify(report.stageCpuMs)}; output in ${out}`);
  } finally {
    await local.close();
  }
} else {
  const from = values.from;
  if (from !== 'collect' && from !== 'remerge') throw new Error('--from collect|remerge');
  const work = mkdtempSync(join(tmpdir(), 'padan-stages-work-'));
  rmSync(work, { recursive: true });
  execFileSync('cp', ['-al', join(snapshot, from), work]);
  const out = mkdtempSync(join(tmpdir(), 'padan-stages-out-'));
  const manifest = JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')) as PartitionManifest;
  const names = manifest.partitions.map((p) => p.name);
  const local = workers > 0 ? await createLocalExecutor(workers) : undefined;
  const executor = local?.executor ?? inThreadExecutor;
  const load = loadavg()[0] as number;
  const cpuSeconds: Record<string, number> = {};
  const systemSeconds: Record<string, number> = {};
  const stage = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const cpu = process.cpuUsage();
    const result = await work();
    const used = process.cpuUsage(cpu);
    cpuSeconds[name] = Math.round((used.user + used.system) / 1000) / 1000;
    systemSeconds[name] = Math.round(used.system / 1000) / 1000;
    return result;
  };
  try {
    let remap: ReadonlyMap<string, string>;
    const facts: Record<string, number> = {};
    if (from === 'collect') {
      const plan = await stage('collect', async () => {
        const results = await executor(names.map((partition) => ({ kind: 'collect', dir: work, partition })));
        facts.crossRecords = results.reduce((sum, r) => sum + (r.counts.crossRecords ?? 0), 0);
        return planLinkShards(crossBucketBytes(work, names), LINK_SHARD_BYTES, Math.max(1, workers));
      });
      await stage('link', async () => {
        const results = await executor(plan.map((buckets, shard) => ({ kind: 'link', dir: work, shard, buckets }) as const));
        facts.shards = plan.length;
        facts.shardRecords = results.reduce((sum, r) => sum + (r.counts.crossRecords ?? 0), 0);
        facts.candidatePairs = results.reduce((sum, r) => sum + (r.counts.crossCandidatePairs ?? 0), 0);
      });
      remap = await stage('merge', () => writeRemap(work, plan.length, names).remap);
    } else remap = new Map(JSON.parse(readFileSync(join(work, 'remap.json'), 'utf8')) as [string, string][]);
    await stage('remerge', () => executor(names.map((partition) => ({ kind: 'remerge', dir: work, partition }))));
    await stage('write', () => writePartitionedOutputs(work, out, manifest, remap, 'summary', undefined, true));
    let identical: boolean | null = null;
    if (values.expect !== undefined) {
      identical = true;
      for (const file of ['persons.ndjson', 'families.ndjson', 'households.ndjson', 'review.ndjson', 'links.csv', 'rejections.ndjson']) {
        const expected = join(values.expect, file);
        if (!existsSync(expected)) continue;
        const same = readFileSync(expected).equals(readFileSync(join(out, file)));
        if (!same) log(`${file} differs`);
        identical &&= same;
      }
    }
    const result = {
      commit: machineInfo().commit,
      from,
      workers,
      partitions: names.length,
      remapped: remap.size,
      ...facts,
      loadAverage: [load, loadavg()[0]],
      cpuSeconds,
      systemSeconds,
      identical,
    };
    console.log(JSON.stringify(result));
  } finally {
    await local?.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}
