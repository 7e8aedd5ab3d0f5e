/**
 * The distributed run on a real queue: redis-server started locally in a temp folder, three
 * `padan worker` processes, one killed in the middle of a partition: after its resolve job said it
 * had read, validated and prepared the partition's records (`progress JOB block`) and before it wrote
 * the partition's persons (`progress JOB merge`). The job must be retried by another worker and the
 * output must equal an undisturbed run's: nothing lost, nothing duplicated.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPartitioned } from '../../src/cli/partitioned.js';
import { createQueueExecutor } from '../../src/cli/queue.js';
import { runPartitionJob } from '../../src/partitionJobs.js';
import { generateSources } from '../../src/synth/sources.js';

const root = join(import.meta.dirname, '..', '..');
const children: ChildProcess[] = [];
let dir = '';
let url = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Provinces, not regencies: a few larger partitions, so a job lasts long enough to be killed in. */
const byProvince = (record: unknown): string => {
  const code = String((record as { address?: { villageCode?: string } }).address?.villageCode ?? (record as { nik?: string }).nik ?? '00');
  return code.replace(/\D/g, '').slice(0, 2).padEnd(2, '0');
};

interface WorkerHandle {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly onLine: ((line: string) => void)[];
  /** Resolves when every line the worker printed has been read. */
  readonly ended: Promise<void>;
}

function startWorker(): Promise<WorkerHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'worker', '--queue', url, '--lock-ms', '2000'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const handle: WorkerHandle = { child, lines: [], onLine: [], ended: new Promise((resolve) => lines.once('close', resolve)) };
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
    lines.on('line', (line) => {
      handle.lines.push(line);
      for (const listener of handle.onLine) listener(line);
      if (line.startsWith('ready')) resolve(handle);
    });
  });
}

function personsOf(out: string): string[] {
  return readFileSync(join(out, 'persons.ndjson'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const person = JSON.parse(line) as { id: string; members: { source: string; recordId: string }[] };
      return `${person.id}=${person.members
        .map((m) => `${m.source}/${m.recordId}`)
        .sort()
        .join(',')}`;
    })
    .sort();
}

beforeAll(async () => {
  const which = spawnSync('redis-server', ['--version']);
  if (which.status !== 0) throw new Error('redis-server is not installed (.ci/run installs it: apt-get install -y redis-server)');
  dir = mkdtempSync(join(tmpdir(), 'padan-queue-'));
  const port = await freePort();
  url = `redis://127.0.0.1:${port}`;
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  children.push(redis);
  for (let i = 0; i < 100; i++) {
    if (
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .trim() === 'PONG'
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const lines: string[] = [];
  for (const item of generateSources({ persons: 2500, seed: 21 })) if (item.kind === 'person') lines.push(JSON.stringify(item.record));
  writeFileSync(join(dir, 'persons.ndjson'), `${lines.join('\n')}\n`);
}, 120_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('partition jobs on BullMQ (redis-server) with three workers', () => {
  it('retries the job of a worker killed mid-partition; nothing lost or duplicated', async () => {
    const persons = [join(dir, 'persons.ndjson')];
    // The reference: the same run with jobs run in this process, undisturbed.
    await runPartitioned({
      persons,
      out: join(dir, 'reference'),
      partitionOf: byProvince,
      executor: (jobs) => Promise.all(jobs.map((job) => runPartitionJob(job))),
    });

    const workers = await Promise.all([startWorker(), startWorker(), startWorker()]);
    const victim = workers[0] as WorkerHandle;
    let killedJob: string | null = null;
    // Killed as its resolve job begins blocking: the partition is read, validated and prepared.
    victim.onLine.push((line) => {
      const [event, job, step] = line.split(' ');
      if (killedJob === null && event === 'progress' && job?.includes('.resolve.') === true && step === 'block') {
        killedJob = job;
        victim.child.kill('SIGKILL');
      }
    });
    const queue = await createQueueExecutor(url);
    try {
      await runPartitioned({ persons, out: join(dir, 'distributed'), partitionOf: byProvince, executor: queue.executor });
    } finally {
      await queue.close();
    }
    expect(killedJob).not.toBeNull();
    await victim.ended;
    // Killed mid-partition: the job had begun resolving its records and had not written its persons
    // (the worker's last words are all read: a pipe keeps what was written before the process died).
    const stepsBeforeDeath = victim.lines.filter((line) => line.startsWith(`progress ${killedJob} `)).map((line) => line.split(' ')[2]);
    expect(stepsBeforeDeath.slice(0, 4)).toEqual(['read', 'validate', 'prepare', 'block']);
    expect(stepsBeforeDeath).not.toContain('merge');
    // The killed worker never finished its job; another worker ran it again and finished it.
    expect(victim.lines).not.toContain(`done ${killedJob}`);
    const others = [...(workers[1] as WorkerHandle).lines, ...(workers[2] as WorkerHandle).lines];
    expect(others).toContain(`start ${killedJob}`);
    expect(others).toContain(`done ${killedJob}`);

    const reference = personsOf(join(dir, 'reference'));
    const distributed = personsOf(join(dir, 'distributed'));
    expect(distributed).toEqual(reference);
    // Every record in exactly one person.
    const members = distributed.flatMap((person) => (person.split('=')[1] as string).split(','));
    expect(new Set(members).size).toBe(members.length);
    const report = JSON.parse(readFileSync(join(dir, 'distributed', 'report.json'), 'utf8')) as { recordsValid: number; rejected: number; lines: number };
    expect(members.length).toBe(report.recordsValid);
    expect(report.recordsValid + report.rejected).toBe(report.lines);
    for (const worker of workers.slice(1)) worker.child.kill('SIGTERM');
  }, 300_000);
});
