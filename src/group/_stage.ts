import type { ArenaOptions } from '../_internal/typedArena.js';

/**
 * Arena options that continue in the tail of a resolution's chunk, left with its `clusterOf` by
 * resolvePersons, and leave what is unused there for the next stage: a fresh chunk would set off a
 * full collection over the caller's records (see typedArena).
 */
export function continueResolutionArena<T>(persons: unknown): ArenaOptions<T> | undefined {
  const clusterOf = (persons as { clusterOf?: unknown } | null | undefined)?.clusterOf;
  return clusterOf instanceof Int32Array ? { continues: clusterOf, leaveTailWith: () => clusterOf } : undefined;
}

/**
 * A clock for a stage's steps: each call charges the time since the previous call (or since the clock
 * was made) to the named step and returns the totals so far, steps in the order first charged.
 *
 * @example
 * const lap = stepClock<'read' | 'build'>();
 * read(); lap('read');
 * build(); const stepMs = lap('build'); // { read: 12.5, build: 3.1 }
 */
export function stepClock<Step extends string>(): (step: Step) => Readonly<Record<Step, number>> {
  const totals = {} as Record<Step, number>;
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    totals[step] = (totals[step] ?? 0) + (now - last);
    last = now;
    return totals;
  };
}
