import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The fuzz benchmark's seeded slice (benchmarks/fuzz): every public entry point with hostile input,
// in a child process so that an abort or a hang fails this test instead of killing the runner.
const WORKER = fileURLToPath(new URL('../../benchmarks/fuzz/worker.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const LIMIT_MS = 600_000;

interface EntryLine {
  t: string;
  name?: string;
  counts?: Record<string, number>;
  examples?: unknown[];
}

function runSlice(): Promise<{ lines: EntryLine[]; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=1536', '--import', TSX, WORKER, '--all', '250', '2', '17'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const lines = stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as EntryLine);
      resolve({ lines, code, stderr });
    });
  });
}

describe('fuzz slice (seed 17)', () => {
  it(
    'no crash, hang, untyped throw, invariant break or leaked NIK at any public entry point',
    async () => {
      const { lines, code, stderr } = await runSlice();
      const last = lines.filter((l) => l.t === 'entry').at(-1)?.name;
      expect(lines.at(-1)?.t, `the worker died or hung after ${last ?? 'start-up'}: ${stderr}`).toBe('done');
      expect(code).toBe(0);
      const failing = lines
        .filter((l) => l.t === 'entry')
        .filter((l) => ['untypedThrows', 'invariantBreaks', 'leaks'].some((key) => (l.counts?.[key] ?? 0) > 0))
        .map((l) => ({ entry: l.name, counts: l.counts, examples: l.examples }));
      expect(failing).toEqual([]);
      expect(lines.filter((l) => l.t === 'entry').length).toBeGreaterThan(80);
    },
    LIMIT_MS + 60_000,
  );
});
