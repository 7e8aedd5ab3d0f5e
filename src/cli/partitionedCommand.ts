/**
 * `padan resolve --partitioned` and `padan worker`: the command-line side of partitioned runs.
 */
import { redactIdentifiers } from '../_internal/redact.js';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RecordDefaults } from '../schema/validate.js';
import { PadanError } from '../_internal/error.js';
import type { ModelSpecInput, TrainedModel } from '../model/modelSpec.js';
import { runPartitioned, type JobExecutor } from './partitioned.js';
import { createProgress } from './progress.js';
import { createQueueExecutor, runQueueWorker } from './queue.js';
import type { ColumnMapping } from '../read/columnMapping.js';
import { detectFileKind, type RecordFileKind } from './readRecords.js';
import type { ProvenanceDetail } from './writeOutputs.js';

/** What `padan resolve --partitioned` was given. */
export interface PartitionedCommandInput {
  readonly inputs: readonly string[];
  readonly out: string;
  readonly model: TrainedModel | ModelSpecInput | undefined;
  /** `--registry`: the module exporting the model's registry (see cli/registryModule.ts). */
  readonly registry?: string | undefined;
  readonly workers: string | undefined;
  readonly queue: string | undefined;
  readonly workDir: string | undefined;
  readonly saveModel: string | undefined;
  readonly quiet: boolean;
  /** CSV and XLSX column names → padan field paths. */
  readonly mapping?: ColumnMapping;
  /** How much provenance persons.ndjson carries (`--provenance`). */
  readonly provenance?: ProvenanceDetail;
  /** `--kind`: the kind of every file; default detected per file, as `padan resolve` does. */
  readonly kind?: RecordFileKind;
  /** The envelope of rows without one (`--source`, `--channel`, `--observed-at`), as `padan resolve` builds it. */
  readonly defaults?: RecordDefaults;
  /** `--delimiter`, `--max-line-bytes`: how CSV files and long lines are read. */
  readonly delimiter?: string;
  readonly maxLineBytes?: number;
  /** `--max-rejected`: exit 1 when more than this share of records is refused. */
  readonly maxRejected?: number;
  /** `--max-partition-records`: a larger regency is resolved district by district. */
  readonly maxPartitionRecords?: string;
  /** `--link-shard-mb`: MiB of cross-partition rows one link job reads, at most. */
  readonly linkShardMb?: string;
}

interface Io {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream;
}

function positiveInteger(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new PadanError('invalid-argument', `${option} must be a positive integer, got "${text}"`);
  return value;
}

/** Runs a partitioned resolution (local pool, or the queue with --queue); resolves to the exit code. */
export async function partitionedResolve(input: PartitionedCommandInput, io: Io): Promise<number> {
  const workers = positiveInteger(input.workers, '--workers');
  const maxPartitionRecords = positiveInteger(input.maxPartitionRecords, '--max-partition-records');
  const linkShardMb = positiveInteger(input.linkShardMb, '--link-shard-mb');
  // Family (KK) and dwelling files are grouped on the persons, not resolved as persons: routed by the
  // same --kind flag or detection (header, or first record) as the single-process command.
  const byKind: Record<RecordFileKind, string[]> = { person: [], family: [], dwelling: [] };
  const kinds: string[] = [];
  const read = {
    ...(input.mapping !== undefined ? { mapping: input.mapping } : {}),
    ...(input.delimiter !== undefined ? { delimiter: input.delimiter } : {}),
    ...(input.maxLineBytes !== undefined ? { maxLineBytes: input.maxLineBytes } : {}),
  };
  // Each file's header is checked here, before anything is split, as `padan resolve` checks it.
  const envelopeGiven = Object.keys(input.defaults ?? {}) as ('source' | 'observedAt' | 'channel')[];
  for (const file of input.inputs) {
    const kind = await detectFileKind(file, { ...read, envelopeGiven, ...(input.kind !== undefined ? { kind: input.kind } : {}) });
    byKind[kind].push(file);
    kinds.push(`  ${file}: ${kind} file (${input.kind !== undefined ? 'given' : 'detected'})`);
  }
  if (byKind.person.length === 0)
    throw new PadanError(
      'invalid-argument',
      'resolve --partitioned needs at least one person file among the --in files (family and dwelling files are grouped on the persons)',
    );
  let executor: JobExecutor | undefined;
  let close = async (): Promise<void> => {};
  if (input.queue !== undefined) {
    const queue = await createQueueExecutor(input.queue);
    executor = queue.executor;
    close = queue.close;
  }
  const progress = createProgress(['split', 'train', 'resolve', 'spanning', 'collect', 'link', 'merge', 'remerge', 'write'], io.stderr, !input.quiet);
  try {
    const report = await runPartitioned({
      persons: byKind.person,
      ...(byKind.family.length > 0 ? { families: byKind.family } : {}),
      ...(byKind.dwelling.length > 0 ? { dwellings: byKind.dwelling } : {}),
      out: input.out,
      ...(input.workDir !== undefined ? { workDir: input.workDir } : {}),
      ...(input.model !== undefined ? { model: input.model } : {}),
      ...(input.registry !== undefined ? { registry: input.registry } : {}),
      ...(input.saveModel !== undefined ? { saveModel: input.saveModel } : {}),
      ...read,
      ...(input.defaults !== undefined ? { defaults: input.defaults } : {}),
      ...(input.provenance !== undefined ? { provenance: input.provenance } : {}),
      ...(executor !== undefined ? { executor } : {}),
      ...(workers !== undefined ? { workers } : {}),
      ...(maxPartitionRecords !== undefined ? { maxPartitionRecords } : {}),
      ...(linkShardMb !== undefined ? { linkShardBytes: linkShardMb * 2 ** 20 } : {}),
      onStage: (stage, phase, ms) => (phase === 'start' ? progress.start(stage) : progress.end(stage, ms)),
      onProgress: (stage, done, total) => progress.advance(done, total, stage === 'link' ? 'shards' : stage === 'split' ? 'files' : 'partitions'),
    });
    progress.done();
    const { person, family, dwelling } = report.byKind;
    const invalid = person.invalid + family.invalid + dwelling.invalid;
    io.stdout.write(
      [
        `padan resolve --partitioned: ${report.lines} lines in ${report.partitions} partitions (largest ${report.largestPartition} records${report.subdividedRegencies > 0 ? `; ${report.subdividedRegencies} regencies resolved by district` : ''})`,
        ...kinds,
        `  ${report.recordsValid} records resolved into ${report.persons} persons, ${report.families} families, ${report.households} households · ${invalid} invalid, ${report.unreadable} unreadable`,
        `  cross-partition pass: ${report.cross.records} records, ${report.cross.acceptedLinks} links joined ${report.cross.remappedClusters} clusters`,
        `  wrote persons.ndjson, links.csv, families.ndjson, households.ndjson, review.ndjson, rejections.ndjson, report.json to ${input.out} in ${(report.totalMs / 1000).toFixed(1)} s`,
        '',
      ].join('\n'),
    );
    // The exit codes of `padan resolve`: no person resolved, or more refused than --max-rejected allows.
    const rejectionsFile = join(input.out, 'rejections.ndjson');
    if (person.resolved === 0) return fail(io, `no person record was resolved: all ${person.read} read were refused (see ${rejectionsFile})`);
    const refusedShare = (invalid + report.unreadable) / Math.max(1, person.read + family.read + dwelling.read + report.unreadable);
    if (input.maxRejected !== undefined && refusedShare > input.maxRejected)
      return fail(io, `${(refusedShare * 100).toFixed(1)}% of records were refused, above --max-rejected ${input.maxRejected} (see ${rejectionsFile})`);
    return 0;
  } finally {
    progress.done();
    await close();
  }
}

function fail(io: Io, message: string): number {
  io.stderr.write(`padan: ${redactIdentifiers(message)}\n`);
  return 1;
}

const WORKER_HELP = `padan worker — runs partition jobs from a queue until stopped (SIGINT/SIGTERM)

Usage:
  padan worker --queue redis://HOST:PORT [--concurrency N] [--lock-ms MS]

The work folder the coordinator names in each job must be reachable at the same path here
(shared storage). A worker that dies mid-job loses its lock; another worker retries the job.

It prints one line per event, the job's ID after the event's name:
  ready PID               joined the queue
  start JOB               took a job
  progress JOB STEP       a resolve job began a step: read, then validate, prepare, block,
                          compare, train, score, cluster (resolving the partition's records),
                          merge (unified persons written), group, write
                          (also set as the job's progress on the queue: { "stage": STEP })
  done JOB | failed JOB MESSAGE
`;

/** `padan worker`: joins the queue and runs jobs until a signal stops it. */
export async function workerCommand(args: readonly string[], io: Io, stop?: Promise<void>): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      queue: { type: 'string' },
      concurrency: { type: 'string' },
      'lock-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(WORKER_HELP);
    return 0;
  }
  if (values.queue === undefined) throw new PadanError('invalid-argument', 'worker needs --queue redis://HOST:PORT (see padan worker --help)');
  const concurrency = positiveInteger(values.concurrency, '--concurrency');
  const lockMs = positiveInteger(values['lock-ms'], '--lock-ms');
  const worker = await runQueueWorker(values.queue, {
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(lockMs !== undefined ? { lockMs } : {}),
    // A failed job's message may quote its input (JSON.parse does): it goes through the redaction like every log line.
    onEvent: (event, job, detail) => io.stdout.write(redactIdentifiers(`${event} ${job}${detail !== undefined ? ` ${detail}` : ''}\n`)),
  });
  io.stdout.write(`ready ${process.pid}\n`);
  await (stop ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));
  await worker.close();
  return 0;
}
