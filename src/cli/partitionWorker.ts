/**
 * The module each thread of the local worker pool loads: it runs one partition job per call, reading
 * the partition files itself (only the job's paths and its counts cross threads).
 */
import { runPartitionJob, type PartitionJob, type PartitionJobResult } from '../partitionJobs.js';

export default function runJob(job: PartitionJob): Promise<PartitionJobResult> {
  return runPartitionJob(job);
}
