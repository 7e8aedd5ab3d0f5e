/**
 * The packed package, installed as a user would get it: `npm pack` of this repository (its `files`,
 * `exports` and built dist/), unpacked into node_modules/padan of a fresh project outside the
 * repository. Its dependencies are linked from this repository's node_modules (offline: CI and the
 * tests have no registry to install from), and only those padan declares, so an undeclared import
 * fails as it would for a user.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

/** Builds dist/ if it is missing (land.sh and CI build first), packs it, returns the tarball's path. */
export function packTarball(): string {
  if (!existsSync(join(ROOT, 'dist/index.js'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'ignore' });
  const into = mkdtempSync(join(tmpdir(), 'padan-pack-'));
  // --ignore-scripts: prepack would build again; dist/ is fresh here.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], { cwd: ROOT, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  return join(into, filename);
}

function link(project: string, name: string): void {
  const from = join(ROOT, 'node_modules', name);
  if (!existsSync(from)) throw new Error(`${name} is not installed in this repository (add it to devDependencies)`);
  const to = join(project, 'node_modules', name);
  if (existsSync(to)) return;
  mkdirSync(dirname(to), { recursive: true });
  symlinkSync(from, to, 'dir');
}

export interface PackedProjectOptions {
  /** package.json of the project (its dependencies other than padan are linked too). */
  readonly packageJson?: Record<string, unknown>;
  /** Files to copy into the project (a folder's contents). */
  readonly copyFrom?: string;
  /** More packages to link from this repository's node_modules (e.g. typescript, @types/node). */
  readonly link?: readonly string[];
}

/** A fresh project folder with the tarball installed as node_modules/padan. */
export function createPackedProject(tarball: string, options: PackedProjectOptions = {}): string {
  const project = mkdtempSync(join(tmpdir(), 'padan-user-'));
  if (options.copyFrom !== undefined) cpSync(options.copyFrom, project, { recursive: true, filter: (source) => !source.includes('node_modules') });
  const packageJsonFile = join(project, 'package.json');
  const packageJson =
    options.packageJson ??
    (existsSync(packageJsonFile) ? (JSON.parse(readFileSync(packageJsonFile, 'utf8')) as Record<string, unknown>) : { name: 'padan-user', private: true });
  writeFileSync(packageJsonFile, `${JSON.stringify(packageJson, null, 2)}\n`);
  const padanDir = join(project, 'node_modules', 'padan');
  mkdirSync(padanDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', padanDir, '--strip-components=1']);
  for (const name of Object.keys(manifest.dependencies)) link(project, name);
  const wanted = {
    ...(packageJson.dependencies as Record<string, string> | undefined),
    ...(packageJson.devDependencies as Record<string, string> | undefined),
  };
  for (const name of [...Object.keys(wanted), ...(options.link ?? [])]) if (name !== 'padan') link(project, name);
  return project;
}

/** The folders of examples/ (each a small project with a package.json). */
export function exampleNames(): string[] {
  const folder = join(ROOT, 'examples');
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(folder, entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort();
}
