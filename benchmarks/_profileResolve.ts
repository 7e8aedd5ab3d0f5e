/**
 * Profiles the partitioned run's jobs in this thread (every job in order, no pool), for
 * `node --cpu-prof`: one profile holds every job; its stacks under `resolveJob`, `linkJob` … say where each kind of job spends.
 *
 *   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx benchmarks/_profileResolve.ts --data /work/data/p200k
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { inThreadExecutor, runPartitioned } from '../src/cli/partitioned.js';

const { values } = parseArgs({ options: { data: { type: 'string' } } });
if (values.data === undefined) throw new Error('usage: benchmarks/_profileResolve.ts --data DIR');
const data = values.data;
const files = readdirSync(data).filter((file) => !file.startsWith('truth.'));
const pick = (kind: string): string[] => files.filter((file) => file.endsWith(`.${kind}.ndjson`)).map((file) => join(data, file));
const out = mkdtempSync(join(tmpdir(), 'padan-profile-'));
const executor = inThreadExecutor;
const report = await runPartitioned({
  persons: pick('persons'),
  families: pick('families'),
  dwellings: pick('dwellings'),
  out,
  executor,
  onStage: (stage, phase, ms) => {
    if (phase === 'end') process.stderr.write(`[profile] ${stage} ${(ms / 1000).toFixed(1)} s\n`);
  },
});
process.stderr.write(`[profile] CPU ${(report.cpuMs / 1000).toFixed(1)} s: ${JSON.stringify(report.stageCpuMs)}\n`);
rmSync(out, { recursive: true, force: true });
