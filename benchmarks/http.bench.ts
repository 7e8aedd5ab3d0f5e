/**
 * The HTTP example service under load: POST /lookup (an objection desk's "is this person known?")
 * against a store of N synthetic persons, the same handlers on node:http, Fastify and Hono, each
 * server in its own process and the load generator (autocannon) in this one. Bounded: a fixed number
 * of requests per round over a few connections, rounds alternating between frameworks.
 *
 *   npm run build && flock /work/.bench.lock nice -n 10 npx tsx benchmarks/http.bench.ts [--persons 20000] [--requests 4000] [--connections 4] [--rounds 2] [--only node,fastify,hono]
 *
 * The servers run examples/http-service/compare-frameworks.ts installed with the packed package
 * (tests/_package/packed.ts), as the examples harness runs it.
 *
 * Writes benchmarks/results/http-<date>-<commit>.json. On a shared machine the absolute numbers
 * move with the load; compare frameworks within one run.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { generateSources } from '../src/synth/index.js';
import { createPackedProject, packTarball } from '../tests/_package/packed.js';

const argument = (name: string, fallback: string): number => {
  const at = process.argv.indexOf(`--${name}`);
  return Number(at >= 0 ? process.argv[at + 1] : fallback);
};
const PERSONS = argument('persons', '20000');
const REQUESTS = argument('requests', '4000');
const CONNECTIONS = argument('connections', '4');
const ROUNDS = argument('rounds', '2');
const only = process.argv.indexOf('--only');
const FRAMEWORKS = only >= 0 ? (process.argv[only + 1] ?? '').split(',') : ['node', 'fastify', 'hono'];
const root = join(import.meta.dirname, '..');
const project = createPackedProject(packTarball(), { copyFrom: join(root, 'examples/http-service') });

// Probes: records of the same seeded population re-sent by a citizen desk, with new record keys.
const probes: string[] = [];
for (const item of generateSources({ persons: PERSONS, seed: 11 })) {
  if (item.kind !== 'person') continue;
  if (probes.length >= 500) break;
  probes.push(JSON.stringify({ ...item.record, source: 'citizen', recordId: `desk-${probes.length}` }));
}

async function start(framework: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'compare-frameworks.ts', framework, String(PERSONS)], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = text.match(/READY (\d+)/);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${framework} server exited ${code}`)));
  });
  return { child, port };
}

interface Round {
  readonly framework: string;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly requestsPerSecond: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function round(framework: string): Promise<Round> {
  const { child, port } = await start(framework);
  try {
    const requests = probes.map((body) => ({ method: 'POST' as const, path: '/lookup', headers: { 'content-type': 'application/json' }, body }));
    // Warm-up, then the measured run.
    await autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, amount: 500, requests });
    const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, amount: REQUESTS, requests });
    return {
      framework,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      requestsPerSecond: Math.round(result.requests.average),
      non2xx: result.non2xx,
      errors: result.errors,
    };
  } finally {
    child.kill();
  }
}

const rounds: Round[] = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const framework of FRAMEWORKS) {
    const result = await round(framework);
    rounds.push(result);
    console.log(
      `${framework.padEnd(8)} p50 ${result.p50} ms  p90 ${result.p90} ms  p99 ${result.p99} ms  max ${result.max} ms  ${result.requestsPerSecond} req/s  non-2xx ${result.non2xx}`,
    );
  }
}
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const file = join(root, 'benchmarks/results', `http-${new Date().toISOString().slice(0, 10)}-${commit}.json`);
mkdirSync(join(root, 'benchmarks/results'), { recursive: true });
writeFileSync(
  file,
  `${JSON.stringify({ kind: 'padan/http-bench', commit, node: process.version, loadavg: (await import('node:os')).loadavg(), options: { persons: PERSONS, requests: REQUESTS, connections: CONNECTIONS, rounds: ROUNDS }, rounds }, null, 2)}\n`,
);
console.log(`wrote ${file}`);
