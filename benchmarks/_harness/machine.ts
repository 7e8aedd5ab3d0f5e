/**
 * The machine and code a benchmark ran on, so results from different commits and hosts can be
 * told apart (and so a noisy number can be blamed on the load it ran under).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

/** Where and on what a run happened. */
export interface MachineInfo {
  readonly commit: string;
  /** Uncommitted changes in the working tree when the run started. */
  readonly dirty: boolean;
  readonly node: string;
  readonly platform: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** 1-, 5- and 15-minute load averages at the start: the machine may be shared. */
  readonly loadAverage: readonly number[];
  readonly startedAt: string;
}

function git(args: readonly string[]): string | null {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Describes this machine and the checked-out commit. */
export function machineInfo(): MachineInfo {
  const processors = cpus();
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    commit: git(['rev-parse', '--short', 'HEAD']) ?? 'unknown',
    dirty: status !== null && status.length > 0,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    startedAt: new Date().toISOString(),
  };
}

/** Tracks peak resident memory: sampled at every stage boundary, since resolution is synchronous and a timer would never fire inside a stage. */
export interface MemorySampler {
  /** Samples now; returns the current RSS in bytes. */
  readonly sample: () => number;
  /** Highest sampled RSS, bytes. */
  readonly peak: () => number;
  /** The kernel's high-water mark for the whole process (includes moments between samples), bytes. */
  readonly maxRss: () => number;
  readonly stop: () => void;
}

/** Starts sampling RSS (every 50 ms while the event loop is free, and on every `sample()`). */
export function startMemorySampler(): MemorySampler {
  let peak = process.memoryUsage.rss();
  const sample = (): number => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
    return rss;
  };
  const timer = setInterval(sample, 50);
  timer.unref();
  return {
    sample,
    peak: () => peak,
    // maxRSS is in KiB.
    maxRss: () => process.resourceUsage().maxRSS * 1024,
    stop: () => clearInterval(timer),
  };
}
