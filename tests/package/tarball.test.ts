import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPackedProject, packTarball, ROOT } from '../_package/packed.js';
import { combinedSnippets, readmeSnippets } from '../_package/readmeSnippets.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';

// Protects what a user installs: the packed tarball (not the repository) holds the built entry
// points, and in fresh projects outside the repository the README's snippets run as ESM and
// typecheck under `strict`, and the CommonJS build requires. Dependencies are linked offline from
// this repository's node_modules, only those padan declares (tests/_package/packed.ts).
const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${output.slice(0, 4000)}`);
  return output;
}

describe('the packed package', () => {
  let tarball = '';
  let db: TestDatabase;
  beforeAll(async () => {
    tarball = packTarball();
    db = await createTestDatabase('padan_tarball');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('holds the built entry points, the licence and no source', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((file) => file.replace(/^package\//, ''));
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/index.js',
      'dist/index.cjs',
      'dist/index.d.ts',
      'dist/index.d.cts',
      'dist/id/index.cjs',
      'dist/standardize/index.d.cts',
      'dist/comparators/index.js',
      'dist/schema/index.d.ts',
      'dist/synth/index.js',
      'dist/report/index.cjs',
      'dist/postgres.js',
      'dist/cli/main.js',
      'dist/id/villages.data.txt',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.filter((file) => file.startsWith('src/') || file.startsWith('tests/'))).toEqual([]);
    const project = createPackedProject(tarball);
    const map = JSON.parse(readFileSync(join(project, 'node_modules/padan/dist/index.cjs.map'), 'utf8')) as { sourcesContent?: unknown };
    expect(map.sourcesContent).toBeUndefined();
  });

  it('runs every README snippet against the packed package (ESM), and they typecheck under strict TypeScript', () => {
    const project = createPackedProject(tarball, {
      packageJson: { name: 'padan-user-esm', private: true, type: 'module' },
      link: ['tsx', 'pg', 'typescript', '@types/node', '@types/pg'],
    });
    writeFileSync(join(project, 'readme.mts'), combinedSnippets(readmeSnippets()));
    const { host, port, user, database } = db.config as { host: string; port: number; user: string; database: string };
    const databaseUrl = `postgres://${user}@/${database}?host=${encodeURIComponent(host)}&port=${port}`;
    expect(run(process.execPath, ['--import', 'tsx', 'readme.mts'], project, { DATABASE_URL: databaseUrl })).toBe('');
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', noEmit: true, types: ['node'] },
        files: ['readme.mts'],
      }),
    );
    run(process.execPath, [tsc, '-p', '.'], project);
  }, 600_000);

  it('requires the CommonJS build of every entry point', () => {
    const project = createPackedProject(tarball, { packageJson: { name: 'padan-user-cjs', private: true, type: 'commonjs' } });
    writeFileSync(
      join(project, 'check.js'),
      `const { resolvePersons, PadanError } = require('padan');
const { parseNik, loadVillages, maskNik } = require('padan/id');
const { standardizeName } = require('padan/standardize');
const { jaroWinklerSimilarity } = require('padan/comparators');
const { validateBatch } = require('padan/schema');
const { generateSources } = require('padan/synth');
const { renderReport } = require('padan/report');
const records = [];
for (const item of generateSources({ persons: 60, seed: 1 })) if (item.kind === 'person') records.push(item.record);
const resolution = resolvePersons(records);
const nik = parseNik('3201015205900001', { referenceDate: '2024-06-30' });
console.log(JSON.stringify({
  region: nik.success && nik.value.region.regencyName,
  village: loadVillages().get('3201011001')?.parentCode,
  accounted: resolution.records.length + resolution.rejections.length === records.length,
  report: renderReport(resolution).startsWith('<!doctype html>'),
  error: typeof PadanError,
  // Each CommonJS entry point is its own bundle: a PadanError from padan/id is one of padan's too.
  crossEntryError: (() => { try { maskNik(5); } catch (error) { return error instanceof PadanError; } })(),
  toolkits: [standardizeName('Hj. Siti Aminah').canonical, jaroWinklerSimilarity('A', 'A'), validateBatch([], 'person').valid.length],
  postgres: typeof require('padan/postgres').openPostgresEntityStore,
}));
`,
    );
    expect(JSON.parse(run(process.execPath, ['check.js'], project))).toEqual({
      region: 'KABUPATEN BOGOR',
      village: '320101',
      accounted: true,
      report: true,
      error: 'function',
      crossEntryError: true,
      toolkits: ['SITI AMINAH', 1, 0],
      postgres: 'function',
    });
  }, 120_000);
});
