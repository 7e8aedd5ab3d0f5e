import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrumentSnippet, readmeSnippets } from './_package/readmeSnippets.js';
import { createTestDatabase, type TestDatabase } from './_pg/testDatabase.js';

// Protects the README: every ```ts snippet runs against the source, and each line ending in
// `// → value` must evaluate to that value (deep equality). tests/package/tarball.test.ts runs them
// against the packed package.
const root = resolve(import.meta.dirname, '..');
const snippets = readmeSnippets();

function instrument(snippet: string): string {
  return instrumentSnippet(snippet, (body) =>
    body
      .replace(/from 'padan'/g, `from ${JSON.stringify(join(root, 'src/index.ts'))}`)
      .replace(/from 'padan\/postgres'/g, `from ${JSON.stringify(join(root, 'src/postgres.ts'))}`)
      .replace(/from 'padan\/(\w+)'/g, (_, entry: string) => `from ${JSON.stringify(join(root, `src/${entry}/index.ts`))}`)
      .replace(/from 'pg'/g, `from ${JSON.stringify(createRequire(join(root, 'package.json')).resolve('pg'))}`),
  );
}

describe('README snippets', () => {
  // The PostgreSQL snippet reads DATABASE_URL: a fresh database in the run's throwaway cluster.
  let db: TestDatabase;
  let databaseUrl = '';
  beforeAll(async () => {
    db = await createTestDatabase('padan_readme');
    const { host, port, user, database } = db.config as { host: string; port: number; user: string; database: string };
    databaseUrl = `postgres://${user}@/${database}?host=${encodeURIComponent(host)}&port=${port}`;
  });
  afterAll(async () => {
    await db.drop();
  });
  it('has snippets', () => {
    expect(snippets.length).toBeGreaterThan(3);
  });

  const dir = mkdtempSync(join(tmpdir(), 'padan-readme-'));
  snippets.forEach((snippet, index) => {
    const firstLine = snippet.split('\n').find((line) => line.startsWith('import')) ?? `snippet ${index}`;
    it(`runs snippet ${index + 1}: ${firstLine.slice(0, 60)}`, () => {
      const file = join(dir, `snippet-${index}.mts`); // ESM: snippets may await at top level
      writeFileSync(file, instrument(snippet));
      let output = '';
      try {
        output = execFileSync(process.execPath, ['--import', 'tsx', file], {
          cwd: root,
          encoding: 'utf8',
          stdio: 'pipe',
          env: { ...process.env, DATABASE_URL: databaseUrl },
        });
      } catch (error) {
        const failed = error as { stderr?: string; stdout?: string };
        const text = `${failed.stderr ?? ''}${failed.stdout ?? ''}`.replace(/\/\/# sourceMappingURL=\S+/g, '');
        throw new Error(`README snippet ${index + 1} failed:\n${text.slice(0, 4000)}`);
      }
      expect(output).toBe('');
    });
  });
});
