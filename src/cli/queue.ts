/**
 * Partition jobs across machines on an existing job queue: BullMQ on Redis. The coordinator adds a
 * stage's jobs and waits for them; `padan worker` processes on any machine take jobs, run them
 * against the shared work folder and return their counts. A worker that dies mid-job loses its lock;
 * another worker's stalled-job check puts the job back and it runs again (jobs write their outputs
 * atomically, so a rerun replaces, never duplicates). A job that throws is retried with backoff.
 */
import { randomUUID } from 'node:crypto';
import { PadanError } from '../_internal/error.js';
import type { PartitionJob, PartitionJobResult } from '../partitionJobs.js';
import { createLocalExecutor, type JobExecutor } from './partitioned.js';

/** The queue partition jobs go through. */
export const PARTITION_QUEUE = 'padan-partitions';

/** Redis connection options from a `redis://[:password@]host:port[/db]` URL. */
export function redisConnection(url: string): { host: string; port: number; password?: string; db?: number; maxRetriesPerRequest: null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PadanError('invalid-argument', `--queue must be a redis:// URL, got "${url}"`);
  }
  if (parsed.protocol !== 'redis:') throw new PadanError('invalid-argument', `--queue must be a redis:// URL, got "${parsed.protocol}"`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.password !== '' ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    // BullMQ's blocking commands need ioredis to wait, not to give up after a few retries.
    maxRetriesPerRequest: null,
  };
}

function jobName(job: PartitionJob): string {
  return job.kind === 'link' ? `${job.kind}.${job.shard}` : job.kind === 'split' ? `${job.kind}.${job.fileIndex}` : `${job.kind}.${job.partition}`;
}

/** Options of {@link createQueueExecutor}. */
export interface QueueExecutorOptions {
  /** Attempts of a job that throws (default 3). */
  readonly attempts?: number;
}

/**
 * A job executor that runs a stage's jobs on the queue and resolves when all completed; rejects when
 * one failed for good (its attempts used up).
 */
export async function createQueueExecutor(url: string, options?: QueueExecutorOptions): Promise<{ executor: JobExecutor; close: () => Promise<void> }> {
  const { Queue, QueueEvents } = await import('bullmq');
  const connection = redisConnection(url);
  const queue = new Queue(PARTITION_QUEUE, { connection });
  const events = new QueueEvents(PARTITION_QUEUE, { connection });
  await events.waitUntilReady();
  // One listener per job being waited for (hundreds of partitions): not a leak.
  queue.setMaxListeners(0);
  events.setMaxListeners(0);
  const run = randomUUID().slice(0, 8);
  const executor: JobExecutor = async (jobs, onJobDone) => {
    const added = await queue.addBulk(
      jobs.map((job) => ({
        name: jobName(job),
        data: job,
        // Kept a day after completing: a job that finishes before we wait on it must still be there to ask.
        opts: {
          jobId: `${run}.${jobName(job)}`,
          attempts: options?.attempts ?? 3,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: 86_400 },
          removeOnFail: false,
        },
      })),
    );
    return Promise.all(
      added.map(async (job) => {
        const result = (await job.waitUntilFinished(events)) as PartitionJobResult;
        onJobDone?.(result);
        return result;
      }),
    );
  };
  return {
    executor,
    close: async () => {
      await events.close();
      await queue.close();
    },
  };
}

/** Options of {@link runQueueWorker}. */
export interface QueueWorkerOptions {
  /** Jobs this process runs at once (default 1: one partition in memory). */
  readonly concurrency?: number;
  /** How long a job's lock lasts without renewal, ms: a dead worker's job is taken back after about this (default 30,000). */
  readonly lockMs?: number;
  /**
   * What the worker does, as it happens: a job taken (`start`), each step a resolve job begins
   * (`progress`, the step as detail: see `PartitionJobStage`), a job finished (`done`) or failed.
   */
  readonly onEvent?: (event: 'start' | 'progress' | 'done' | 'failed', job: string, detail?: string) => void;
}

/**
 * Joins the queue and runs partition jobs until closed (`padan worker`).
 *
 * @example
 * const worker = await runQueueWorker('redis://127.0.0.1:6379');
 * // … later: await worker.close()
 */
export async function runQueueWorker(url: string, options?: QueueWorkerOptions): Promise<{ close: () => Promise<void> }> {
  const { Worker } = await import('bullmq');
  const lockDuration = options?.lockMs ?? 30_000;
  const concurrency = options?.concurrency ?? 1;
  // Jobs run on worker threads: a partition keeps a thread busy for minutes, and this thread must stay
  // free to renew the job's lock (else the job would look stalled and run twice).
  const pool = await createLocalExecutor(concurrency);
  const worker = new Worker(
    PARTITION_QUEUE,
    async (job) => {
      options?.onEvent?.('start', String(job.id));
      const [result] = await pool.executor([job.data as PartitionJob], undefined, (_, stage) => {
        options?.onEvent?.('progress', String(job.id), stage);
        // Also on the queue, for whoever watches it (QueueEvents 'progress'). Advisory: a failed update
        // (the job already finished, Redis briefly away) must not fail the job.
        job.updateProgress({ stage }).catch(() => {});
      });
      return result;
    },
    {
      connection: redisConnection(url),
      concurrency,
      lockDuration,
      // Every worker checks for jobs whose worker died; a job may stall twice before it fails.
      stalledInterval: Math.max(1000, Math.round(lockDuration / 2)),
      maxStalledCount: 2,
    },
  );
  worker.on('completed', (job) => options?.onEvent?.('done', String(job.id)));
  worker.on('failed', (job, error) => options?.onEvent?.('failed', String(job?.id ?? '?'), error.message));
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await pool.close();
    },
  };
}
