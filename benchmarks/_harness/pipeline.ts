/**
 * Resolution then merge, timed stage by stage with memory sampled at every boundary: the one code
 * path the benchmark harness and the demo both measure.
 */
import { resolvePersons, type PersonResolution } from '../../src/resolve.js';
import type { MemorySampler } from './machine.js';

/** Time and memory of one stage. */
export interface StageTiming {
  readonly stage: string;
  readonly ms: number;
  /** Resident memory when the stage ended, bytes. */
  readonly rssAfter: number;
}

/** Records stage timings and forwards them to a progress display. */
export interface StageClock {
  readonly timings: StageTiming[];
  readonly start: (stage: string) => void;
  readonly end: (stage: string, ms: number) => void;
  /** Runs `work` as one stage. */
  readonly time: <T>(stage: string, work: () => T) => T;
  readonly timeAsync: <T>(stage: string, work: () => Promise<T>) => Promise<T>;
}

/** A clock whose stages are timed, sampled for memory, and reported to `listener`. */
export function createStageClock(memory: MemorySampler, listener?: { start: (stage: string) => void; end: (stage: string, ms: number) => void }): StageClock {
  const timings: StageTiming[] = [];
  const start = (stage: string): void => {
    memory.sample();
    listener?.start(stage);
  };
  const end = (stage: string, ms: number): void => {
    const rssAfter = memory.sample();
    // A stage may run in several pieces (resolvePersons reports `prepare` twice): add them up.
    const at = timings.findIndex((t) => t.stage === stage);
    if (at >= 0) timings[at] = { stage, ms: (timings[at] as StageTiming).ms + ms, rssAfter: Math.max(rssAfter, (timings[at] as StageTiming).rssAfter) };
    else timings.push({ stage, ms, rssAfter });
    listener?.end(stage, at >= 0 ? (timings[at] as StageTiming).ms : ms);
  };
  const time = <T>(stage: string, work: () => T): T => {
    start(stage);
    const began = performance.now();
    const result = work();
    end(stage, performance.now() - began);
    return result;
  };
  const timeAsync = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    start(stage);
    const began = performance.now();
    const result = await work();
    end(stage, performance.now() - began);
    return result;
  };
  return { timings, start, end, time, timeAsync };
}

/** Resolves person records with the DTSEN preset, reporting each stage to the clock. */
export function resolveTimed(records: readonly unknown[], clock: StageClock, options?: Parameters<typeof resolvePersons>[1]): PersonResolution {
  // resolvePersons may run a stage in several pieces back to back (`prepare`): report them as one.
  let ended: { stage: string; ms: number } | null = null;
  const began = performance.now();
  let stagedMs = 0;
  const resolution = resolvePersons(records, {
    ...options,
    onStage: (stage, phase, ms) => {
      if (phase === 'end') {
        stagedMs += ms;
        ended = { stage, ms: (ended?.stage === stage ? ended.ms : 0) + ms };
        return;
      }
      if (ended?.stage === stage) return;
      if (ended !== null) clock.end(ended.stage, ended.ms);
      ended = null;
      clock.start(stage);
    },
  });
  const last = ended as { stage: string; ms: number } | null;
  if (last !== null) clock.end(last.stage, last.ms);
  // Work resolvePersons does after its last stage (review queue, record flags, cluster IDs) is in
  // no stage; time it as one, so stage times add up to the wall time.
  const unstaged = performance.now() - began - stagedMs;
  clock.start('review+flags');
  clock.end('review+flags', Math.max(0, unstaged));
  return resolution;
}

export { mergePersons, type MergeTotals } from '../../src/cli/writeOutputs.js';
