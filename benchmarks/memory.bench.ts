/**
 * What memory touched for the first time costs on this machine, against memory written again: the
 * page faults a stage pays for every fresh megabyte it fills (typed arrays, and the heap pages its
 * surviving objects are copied to). Run: `npx tsx benchmarks/memory.bench.ts [MiB]`.
 *
 * On a virtual machine whose host backs guest memory lazily (Firecracker, here), a first touch can cost
 * tens of times what it costs on bare metal; the stages' step times are read against this figure.
 */
const mib = Number(process.argv[2] ?? 256);
const bytes = mib * 1024 * 1024;
const PAGE = 4096;

function touch(buffer: Uint8Array, value: number): number {
  const started = performance.now();
  for (let i = 0; i < buffer.length; i += PAGE) buffer[i] = value;
  return performance.now() - started;
}

const rounds: { first: number; again: number }[] = [];
for (let round = 0; round < 3; round++) {
  const buffer = new Uint8Array(bytes);
  const first = touch(buffer, 1);
  const again = touch(buffer, 2);
  rounds.push({ first, again });
  // Read back, so the writes cannot be dropped.
  if (buffer[bytes - PAGE] !== 2) throw new Error('memory.bench: lost a write');
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
const first = median(rounds.map((r) => r.first));
const again = median(rounds.map((r) => r.again));
console.log(`${mib} MiB, one write per 4 KiB page, median of ${rounds.length}:`);
console.log(
  `  first touch  ${first.toFixed(0).padStart(6)} ms  = ${(first / mib).toFixed(2)} ms per MiB (${((first * 1000) / (bytes / PAGE)).toFixed(1)} µs per page)`,
);
console.log(`  written again ${again.toFixed(0).padStart(5)} ms  = ${(again / mib).toFixed(3)} ms per MiB`);
