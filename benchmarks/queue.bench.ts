/**
 * The job queue for partition jobs across machines, chosen by measuring: BullMQ 5 on Redis (Debian's
 * redis-server) against pg-boss 10 on PostgreSQL (pg-boss 11+ and graphile-worker 0.18 need Node 22).
 * Both servers are started locally in temp folders, durable as in production (Redis with an
 * append-only file synced every second, PostgreSQL with fsync and synchronous commit). Jobs and
 * results have the shape and size of padan's (a partition job names a folder and a partition; its
 * result carries counts), so what is measured is what the queue adds per partition:
 *
 * - enqueue: one stage's jobs added in bulk (jobs/s), and one job at a time (latency);
 * - round trip: one job at a time through 3 worker processes, enqueue → the coordinator hears it
 *   completed (the fixed cost a stage pays on its critical path);
 * - throughput: a stage of no-op jobs (one per regency) through 3 worker processes;
 * - a worker killed in the middle of a job: how long until another worker starts the job again,
 *   and that it completes exactly once;
 * - what the servers cost: resident memory, CPU during the throughput run, storage per job.
 *
 *   nice -n 10 npx tsx benchmarks/queue.bench.ts [--jobs 514] [--round-trips 40] [--out FILE]
 *
 * Worker processes are this file run with `--role worker`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startPgCluster, type PgCluster } from '../tests/_pg/pgCluster.js';

type BackendName = 'bullmq' | 'pgboss';

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? (process.argv[at + 1] as string) : fallback;
};

const QUEUE = 'padan-partitions';
const RESULTS = 'padan-results';
/** padan's default lock (src/cli/queue.ts): a dead worker's job is taken back after about this. */
const BULLMQ_LOCK_MS = Number(argument('lock-ms', '30000'));
/**
 * pg-boss 10 has no heartbeat: a job is taken back when it expires, and a live worker gives up on a
 * job that runs longer (it races the handler against the expiry). So the expiry must exceed the
 * longest partition job; 30 s here is as short as BullMQ's lock, i.e. the best case for pg-boss.
 */
const PGBOSS_EXPIRE_S = Number(argument('expire-s', '30'));
/** Expired jobs are failed (and retried) by pg-boss's maintenance, every 120 s by default; 10 s here. */
const PGBOSS_MAINTENANCE_S = Number(argument('maintenance-s', '10'));
/** pg-boss workers poll; 0.5 s is the shortest interval it allows. */
const PGBOSS_POLL_S = 0.5;

/** A padan partition job's description: a shared folder and a partition (src/partitionJobs.ts). */
interface BenchJob {
  readonly kind: 'resolve';
  readonly dir: string;
  readonly partition: string;
  /** How long the worker pretends to work, ms (0: the queue's own cost only). */
  readonly workMs: number;
}

/** A result the size of `PartitionJobResult`: the job, timings and a dozen counts. */
function resultOf(job: BenchJob): Record<string, unknown> {
  return {
    job,
    ms: job.workMs,
    rss: process.memoryUsage().rss,
    pid: process.pid,
    counts: {
      lines: 48_211,
      records: 48_100,
      rejected: 111,
      persons: 20_433,
      families: 6_120,
      households: 5_874,
      review: 312,
      pairs: 1_204_331,
      links: 30_122,
      spanning: 9_870,
      unreadable: 0,
    },
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Worker processes (`--role worker`): take jobs, print `ready`, `start ID`, `done ID`.

async function runWorker(backend: BackendName, url: string): Promise<void> {
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  if (backend === 'bullmq') {
    const { Worker } = await import('bullmq');
    const worker = new Worker(
      QUEUE,
      async (job) => {
        say(`start ${job.id}`);
        const data = job.data as BenchJob;
        if (data.workMs > 0) await sleep(data.workMs);
        say(`done ${job.id}`);
        return resultOf(data);
      },
      // The settings of padan's `runQueueWorker`.
      {
        connection: redisConnection(url),
        concurrency: 1,
        lockDuration: BULLMQ_LOCK_MS,
        stalledInterval: Math.max(1000, Math.round(BULLMQ_LOCK_MS / 2)),
        maxStalledCount: 2,
      },
    );
    await worker.waitUntilReady();
  } else {
    const { default: PgBoss } = await import('pg-boss');
    const boss = new PgBoss({ connectionString: url, max: 2, maintenanceIntervalSeconds: PGBOSS_MAINTENANCE_S, supervise: true });
    boss.on('error', (error: Error) => process.stderr.write(`pg-boss: ${error.message}\n`));
    await boss.start();
    await boss.work<BenchJob>(QUEUE, { batchSize: 1, pollingIntervalSeconds: PGBOSS_POLL_S }, async ([job]) => {
      if (job === undefined) return;
      say(`start ${job.id}`);
      if (job.data.workMs > 0) await sleep(job.data.workMs);
      // No completion events in pg-boss 10 (onComplete was removed): results go back on a queue.
      await boss.send(RESULTS, { id: job.id, result: resultOf(job.data) });
      say(`done ${job.id}`);
    });
  }
  say(`ready ${process.pid}`);
  await new Promise(() => {});
}

function redisConnection(url: string): { host: string; port: number; maxRetriesPerRequest: null } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), maxRetriesPerRequest: null };
}

// ---------------------------------------------------------------------------------------------
// The coordinator's side of each queue.

interface Coordinator {
  /** Adds jobs in one call; resolves to their IDs. */
  add(jobs: readonly BenchJob[]): Promise<string[]>;
  /** Resolves when every one of these jobs has completed (and the coordinator has heard so). */
  waitFor(ids: readonly string[]): Promise<void>;
  /** Bytes the server holds for the queue's jobs (Redis memory / PostgreSQL relation sizes). */
  storageBytes(): Promise<number>;
  close(): Promise<void>;
}

async function bullmqCoordinator(url: string): Promise<Coordinator> {
  const { Queue, QueueEvents, Job } = await import('bullmq');
  const connection = redisConnection(url);
  const queue = new Queue(QUEUE, { connection });
  const events = new QueueEvents(QUEUE, { connection });
  await events.waitUntilReady();
  queue.setMaxListeners(0);
  events.setMaxListeners(0);
  const { default: IORedis } = await import('ioredis');
  const redis = new IORedis(connection);
  return {
    // The options of padan's `createQueueExecutor`.
    async add(jobs) {
      const added = await queue.addBulk(
        jobs.map((data) => ({
          name: `resolve.${data.partition}`,
          data,
          opts: { jobId: randomUUID(), attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: { age: 86_400 }, removeOnFail: false },
        })),
      );
      return added.map((job) => job.id as string);
    },
    async waitFor(ids) {
      await Promise.all(
        ids.map(async (id) => {
          const job = await Job.fromId(queue, id);
          if (job === undefined) throw new Error(`job ${id} is gone`);
          await job.waitUntilFinished(events);
        }),
      );
    },
    async storageBytes() {
      const info = await redis.info('memory');
      return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
    },
    async close() {
      await events.close();
      await queue.close();
      redis.disconnect();
    },
  };
}

async function pgbossCoordinator(url: string): Promise<Coordinator> {
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: url, max: 4, maintenanceIntervalSeconds: PGBOSS_MAINTENANCE_S });
  boss.on('error', (error: Error) => process.stderr.write(`pg-boss: ${error.message}\n`));
  await boss.start();
  await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 2, retryDelay: 1, retryBackoff: true, expireInSeconds: PGBOSS_EXPIRE_S });
  await boss.createQueue(RESULTS, { name: RESULTS });
  const done = new Set<string>();
  const waiting = new Map<string, () => void>();
  await boss.work<{ id: string }>(RESULTS, { batchSize: 100, pollingIntervalSeconds: PGBOSS_POLL_S }, async (jobs) => {
    for (const job of jobs) {
      done.add(job.data.id);
      waiting.get(job.data.id)?.();
    }
  });
  return {
    async add(jobs) {
      const ids = jobs.map(() => randomUUID());
      await boss.insert(
        jobs.map((data, i) => ({
          id: ids[i] as string,
          name: QUEUE,
          data,
          retryLimit: 2,
          retryDelay: 1,
          retryBackoff: true,
          expireInSeconds: PGBOSS_EXPIRE_S,
        })),
      );
      return ids;
    },
    async waitFor(ids) {
      await Promise.all(ids.map((id) => (done.has(id) ? undefined : new Promise<void>((resolve) => waiting.set(id, resolve)))));
    },
    async storageBytes() {
      const db = boss.getDb();
      const result = (await db.executeSql(
        "select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'pgboss' and c.relkind in ('r', 'p')",
        [],
      )) as { rows: { bytes: string }[] };
      return Number(result.rows[0]?.bytes ?? 0);
    },
    async close() {
      await boss.stop({ graceful: false, wait: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Servers and processes.

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

/** utime + stime (+ reaped children's) of a process, ms; 0 once it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return (ticks * 1000) / 100;
  } catch {
    return 0;
  }
}

function rssOf(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The server's processes: redis-server, or the postmaster and its backends. */
function serverPids(root: number): number[] {
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(root)], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
  return [root, ...children];
}

const serverCpuMs = (root: number): number => serverPids(root).reduce((sum, pid) => sum + cpuMsOf(pid), 0);
const serverRss = (root: number): number => serverPids(root).reduce((sum, pid) => sum + rssOf(pid), 0);

interface WorkerHandle {
  readonly backend: BackendName;
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly listeners: ((line: string) => void)[];
}

function startWorker(backend: BackendName, url: string): Promise<WorkerHandle> {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      '--role',
      'worker',
      '--backend',
      backend,
      '--url',
      url,
      '--lock-ms',
      String(BULLMQ_LOCK_MS),
      '--maintenance-s',
      String(PGBOSS_MAINTENANCE_S),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const handle: WorkerHandle = { backend, child, lines: [], listeners: [] };
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`worker exited early (${code ?? signal})`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      handle.lines.push(line);
      for (const listener of handle.listeners) listener(line);
      if (line.startsWith('ready')) resolve(handle);
    });
  });
}

function waitForLine(workers: readonly WorkerHandle[], matches: (line: string) => boolean): Promise<WorkerHandle> {
  return new Promise((resolve) => {
    for (const worker of workers) worker.listeners.push((line) => (matches(line) ? resolve(worker) : undefined));
  });
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const jobsOf = (count: number, workMs: number, tag: string): BenchJob[] =>
  Array.from({ length: count }, (_, i) => ({
    kind: 'resolve',
    dir: '/srv/padan/work/run-2025q2',
    partition: `${tag}${String(1101 + i).padStart(4, '0')}`,
    workMs,
  }));

// ---------------------------------------------------------------------------------------------

async function measure(backend: BackendName, url: string, serverPid: number, jobCount: number, roundTrips: number): Promise<Record<string, unknown>> {
  const coordinator = backend === 'bullmq' ? await bullmqCoordinator(url) : await pgbossCoordinator(url);
  const workers: WorkerHandle[] = [];
  try {
    const storageEmpty = await coordinator.storageBytes();
    // Enqueue one at a time (no worker yet, so the jobs just wait).
    const singleMs: number[] = [];
    const queuedIds: string[] = [];
    for (const job of jobsOf(50, 0, 'single-')) {
      const started = performance.now();
      queuedIds.push(...(await coordinator.add([job])));
      singleMs.push(performance.now() - started);
    }
    // One stage's jobs in bulk.
    const bulk = jobsOf(jobCount, 0, 'bulk-');
    const bulkStarted = performance.now();
    queuedIds.push(...(await coordinator.add(bulk)));
    const bulkMs = performance.now() - bulkStarted;
    const storageQueued = await coordinator.storageBytes();

    workers.push(...(await Promise.all([0, 1, 2].map(() => startWorker(backend, url)))));
    // Drain what was queued, then time a fresh stage end to end.
    await coordinator.waitFor(queuedIds);
    const serverCpuBefore = serverCpuMs(serverPid);
    const workerCpuBefore = workers.reduce((sum, w) => sum + cpuMsOf(w.child.pid as number), 0);
    const coordinatorCpuBefore = process.cpuUsage();
    const stageStarted = performance.now();
    await coordinator.waitFor(await coordinator.add(jobsOf(jobCount, 0, 'stage-')));
    const stageMs = performance.now() - stageStarted;
    const coordinatorCpu = process.cpuUsage(coordinatorCpuBefore);
    const serverCpu = serverCpuMs(serverPid) - serverCpuBefore;
    const workerCpu = workers.reduce((sum, w) => sum + cpuMsOf(w.child.pid as number), 0) - workerCpuBefore;
    const storageDone = await coordinator.storageBytes();

    // Round trips: one job at a time.
    const roundTripMs: number[] = [];
    for (const job of jobsOf(roundTrips, 0, 'trip-')) {
      const started = performance.now();
      await coordinator.waitFor(await coordinator.add([job]));
      roundTripMs.push(performance.now() - started);
    }
    const rss = { server: serverRss(serverPid), worker: rssOf(workers[0]?.child.pid as number) };

    // A worker killed in the middle of a 20 s job.
    const [long] = jobsOf(1, 20_000, 'long-');
    const [longId] = await coordinator.add([long as BenchJob]);
    const first = await waitForLine(workers, (line) => line === `start ${longId}`);
    first.child.kill('SIGKILL');
    const killedAt = performance.now();
    const others = workers.filter((w) => w !== first);
    await waitForLine(others, (line) => line === `start ${longId}`);
    const detectionMs = performance.now() - killedAt;
    await coordinator.waitFor([longId as string]);
    await sleep(1000);
    const starts = workers.flatMap((w) => w.lines).filter((line) => line === `start ${longId}`).length;
    const dones = workers.flatMap((w) => w.lines).filter((line) => line === `done ${longId}`).length;

    return {
      backend,
      enqueueOneMs: { p50: round(quantile(singleMs, 0.5), 2), p95: round(quantile(singleMs, 0.95), 2) },
      enqueueBulk: { jobs: jobCount, ms: round(bulkMs), jobsPerSecond: Math.round(jobCount / (bulkMs / 1000)) },
      stage: {
        jobs: jobCount,
        workers: 3,
        ms: round(stageMs),
        jobsPerSecond: Math.round(jobCount / (stageMs / 1000)),
        msPerJob: round(stageMs / jobCount, 2),
        cpuMs: { server: Math.round(serverCpu), workers: Math.round(workerCpu), coordinator: Math.round((coordinatorCpu.user + coordinatorCpu.system) / 1000) },
      },
      roundTripMs: { runs: roundTrips, p50: round(quantile(roundTripMs, 0.5)), p95: round(quantile(roundTripMs, 0.95)), max: round(Math.max(...roundTripMs)) },
      killedWorker: {
        jobMs: 20_000,
        takenBackAfterMs: Math.round(detectionMs),
        starts,
        completions: dones,
        settings:
          backend === 'bullmq'
            ? { lockMs: BULLMQ_LOCK_MS, stalledIntervalMs: Math.max(1000, Math.round(BULLMQ_LOCK_MS / 2)) }
            : { expireInSeconds: PGBOSS_EXPIRE_S, maintenanceIntervalSeconds: PGBOSS_MAINTENANCE_S },
      },
      storageBytes: {
        empty: storageEmpty,
        queued: storageQueued,
        queuedJobs: jobCount + 50,
        afterStage: storageDone,
        perQueuedJob: Math.round((storageQueued - storageEmpty) / (jobCount + 50)),
      },
      rssBytes: rss,
    };
  } finally {
    for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await coordinator.close();
  }
}

async function main(): Promise<void> {
  const jobCount = Number(argument('jobs', '514'));
  const roundTrips = Number(argument('round-trips', '40'));
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  const load = loadavg().map((l) => round(l, 2));
  const results: Record<string, unknown>[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'padan-queue-bench-'));
  const started: ChildProcess[] = [];
  let cluster: PgCluster | null = null;
  try {
    const port = await freePort();
    const redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'],
      { stdio: 'ignore' },
    );
    started.push(redis);
    for (let i = 0; i < 100; i++) {
      if (
        spawnSync('redis-cli', ['-p', String(port), 'ping'])
          .stdout?.toString()
          .trim() === 'PONG'
      )
        break;
      await sleep(100);
    }
    results.push(await measure('bullmq', `redis://127.0.0.1:${port}`, redis.pid as number, jobCount, roundTrips));
    console.log(JSON.stringify(results.at(-1)));

    cluster = startPgCluster({ durable: true });
    const postmaster = Number(readFileSync(join(cluster.host, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    results.push(await measure('pgboss', cluster.url, postmaster, jobCount, roundTrips));
    console.log(JSON.stringify(results.at(-1)));
  } finally {
    for (const child of started) child.kill('SIGTERM');
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const report = {
    kind: 'padan/queue-bench',
    commit,
    date: new Date().toISOString(),
    machine: { cores: cpus().length, loadAtStart: load, loadAtEnd: loadavg().map((l) => round(l, 2)) },
    versions: {
      bullmq: packageVersion('bullmq'),
      pgBoss: packageVersion('pg-boss'),
      redis: spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout.trim(),
      node: process.version,
    },
    results,
  };
  const out = argument('out', '');
  if (out !== '') writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url)), 'utf8')) as { version: string }).version;
}

if (argument('role', 'coordinator') === 'worker') await runWorker(argument('backend', 'bullmq') as BackendName, argument('url', ''));
else await main();
