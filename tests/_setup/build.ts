/**
 * Builds dist/ once, before any test file runs, when it is missing or incomplete (a fresh clone: the
 * README's one command for the tests is `npm test`). The tests that read the built package (tarball,
 * size budget, examples, import silence, the PostgreSQL entry) then neither build it each nor race
 * one another's `rm -rf dist`. land.sh and CI build first, so this does nothing there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const BUILT = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.cts', 'dist/postgres.cjs', 'dist/id/villages.data.txt'];

export default function buildOnce(): void {
  if (BUILT.every((file) => existsSync(join(root, file)))) return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
}
