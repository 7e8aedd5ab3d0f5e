import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createPackedProject, exampleNames, packTarball } from './_package/packed.js';
import { createTestDatabase, type TestDatabase } from './_pg/testDatabase.js';

// Protects the examples a ministry developer would copy: each examples/<name>/ project, installed
// with the packed package (not the source), passes its own `npm run ci` (examples/README.md).
const root = resolve(import.meta.dirname, '..');

interface ExampleManifest {
  readonly padanExample?: { readonly needs?: readonly string[] };
}

/** Environment for the services an example declares it needs. */
async function servicesFor(needs: readonly string[], cleanups: (() => Promise<void>)[]): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const need of needs) {
    if (need === 'postgres') {
      const db: TestDatabase = await createTestDatabase('padan_example');
      cleanups.push(() => db.drop());
      const { host, port, user, database } = db.config as { host: string; port: number; user: string; database: string };
      env.DATABASE_URL = `postgres://${user}@/${database}?host=${encodeURIComponent(host)}&port=${port}`;
    } else {
      throw new Error(`unknown service "${need}" in padanExample.needs (tests/examples.test.ts servicesFor)`);
    }
  }
  return env;
}

describe('examples, run against the packed package', () => {
  let tarball = '';
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(() => {
    tarball = packTarball();
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  for (const name of exampleNames()) {
    it(
      name,
      async () => {
        const folder = join(root, 'examples', name);
        const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as ExampleManifest;
        const env = await servicesFor(manifest.padanExample?.needs ?? [], cleanups);
        const project = createPackedProject(tarball, { copyFrom: folder });
        const run = spawnSync('npm', ['run', '--silent', 'ci'], {
          cwd: project,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
          timeout: 540_000,
        });
        if (run.status !== 0) throw new Error(`examples/${name}: npm run ci exited ${run.status}:\n${`${run.stdout}${run.stderr}`.slice(-4000)}`);
      },
      600_000,
    );
  }
});
