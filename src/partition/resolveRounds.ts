import { PadanError } from '../_internal/error.js';

/**
 * The resolve stage's partitions in rounds, fresh pool threads for each: a thread keeps memory from
 * every partition it resolved until it exits (docs/SCALE.md: 5.4 → 16.5 GB within the 10 M run's
 * resolve stage), so no thread may resolve more than about `recordsPerThread` person records. Rounds
 * hold about `threads × recordsPerThread` records each, the partitions dealt largest first to the
 * lightest round, so the large ones spread over the rounds; each round lists its partitions largest
 * first, so it ends on small ones and no thread waits long for the others at its end. Every partition
 * is in exactly one round; one larger than a round's budget is a round's whole share alone.
 *
 * @example
 * resolveRounds([{ name: 'A', persons: 900 }, { name: 'B', persons: 600 }, { name: 'C', persons: 500 }], 1, 1000)
 * // → [[A], [B, C]]
 */
export function resolveRounds<P extends { readonly name: string; readonly persons: number }>(
  partitions: readonly P[],
  threads: number,
  recordsPerThread: number,
): P[][] {
  if (!Number.isInteger(threads) || threads < 1)
    throw new PadanError('invalid-argument', `resolveRounds: threads must be a positive integer, got ${String(threads)}`);
  if (!(recordsPerThread > 0))
    throw new PadanError('invalid-argument', `resolveRounds: recordsPerThread must be a positive number, got ${String(recordsPerThread)}`);
  let total = 0;
  for (const partition of partitions) total += partition.persons;
  const count = Math.max(1, Math.ceil(total / (threads * recordsPerThread)));
  const bySize = [...partitions].sort((a, b) => b.persons - a.persons || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rounds: P[][] = Array.from({ length: count }, () => []);
  const load = new Float64Array(count);
  for (const partition of bySize) {
    let lightest = 0;
    for (let r = 1; r < count; r++) if ((load[r] as number) < (load[lightest] as number)) lightest = r;
    (rounds[lightest] as P[]).push(partition);
    load[lightest] = (load[lightest] as number) + partition.persons;
  }
  return rounds.filter((round) => round.length > 0);
}
