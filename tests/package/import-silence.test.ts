import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Protects invariant 6: importing the built package prints nothing and is quick.
const root = resolve(import.meta.dirname, '../..');
const esm = resolve(root, 'dist/index.js');
const cjs = resolve(root, 'dist/index.cjs');

beforeAll(() => {
  if (!existsSync(esm) || !existsSync(cjs)) {
    execFileSync('npx', ['tsup', '--silent'], { cwd: root, stdio: 'ignore' });
  }
});

function importIn(child: string): { stdout: string; stderr: string; status: number | null } {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', child], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

describe('built package', () => {
  it('imports the ESM build silently and exposes the API', () => {
    const run = importIn(`const m = await import(${JSON.stringify(esm)}); if (typeof m.PadanError !== 'function') process.exit(3);`);
    expect(run).toEqual({ stdout: '', stderr: '', status: 0 });
  });

  it('requires the CommonJS build silently and exposes the API', () => {
    const run = importIn(
      `import { createRequire } from 'node:module'; const m = createRequire(import.meta.url)(${JSON.stringify(cjs)}); if (typeof m.PadanError !== 'function') process.exit(3);`,
    );
    expect(run).toEqual({ stdout: '', stderr: '', status: 0 });
  });
});
