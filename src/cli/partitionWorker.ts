/**
 * The module each thread of the local worker pool loads: it runs one partition job per call, reading
 * the partition files itself (only the job's paths and its counts cross threads). When the caller
 * sends a port, the job's progress (`PartitionJobStage`) is posted on it as the job runs.
 */
import type { MessagePort } from 'node:worker_threads';
import { runPartitionJob, type PartitionJob, type PartitionJobResult } from '../partitionJobs.js';

/** What the pool hands a thread: the job, and where to post its progress. */
export interface PartitionTask {
  readonly job: PartitionJob;
  readonly progress?: MessagePort;
}

export default async function runJob(task: PartitionTask): Promise<PartitionJobResult> {
  const { job, progress } = task;
  if (progress === undefined) return runPartitionJob(job);
  try {
    return await runPartitionJob(job, { onProgress: (stage) => progress.postMessage(stage) });
  } finally {
    progress.close();
  }
}
