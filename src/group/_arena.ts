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
