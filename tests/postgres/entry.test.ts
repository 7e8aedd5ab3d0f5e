import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';

// Protects invariant 7 for the PostgreSQL store: `padan` never loads a database driver (only the
// `padan/postgres` entry does, and importing it opens nothing), and the two built entries work
// together (a store built with `padan` loads into PostgreSQL with `padan/postgres`).
const root = resolve(import.meta.dirname, '../..');
const dist = (file: string): string => resolve(root, 'dist', file);

/** The packages an ESM build file reaches through its relative imports (the ESM build is one file per module). */
function packagesReached(file: string, seen = new Set<string>(), packages = new Set<string>()): Set<string> {
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["']([^"']+)["']/g)) {
    if (specifier === undefined) continue;
    if (specifier.startsWith('.')) packagesReached(resolve(dirname(file), specifier), seen, packages);
    else packages.add(specifier);
  }
  return packages;
}

describe('the padan/postgres entry point', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    if (!existsSync(dist('postgres.js')) || !existsSync(dist('postgres.cjs'))) execFileSync('npx', ['tsup', '--silent'], { cwd: root, stdio: 'ignore' });
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('is the only built entry that reaches for pg, and importing it prints and opens nothing', () => {
    expect(readFileSync(dist('index.cjs'), 'utf8')).not.toMatch(/pg-copy-streams|require\(["']pg["']\)/);
    expect([...packagesReached(dist('index.js'))].filter((name) => /^pg($|-)/.test(name))).toEqual([]);
    expect(packagesReached(dist('postgres.js')).has('pg-copy-streams')).toBe(true);
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const open = () => process.getActiveResourcesInfo().filter((r) => /TCP|Connect|GetAddrInfo|Timer/.test(r)).length; const before = open(); const m = await import(${JSON.stringify(dist('postgres.js'))}); if (typeof m.openPostgresEntityStore !== 'function') process.exit(3); if (open() !== before) process.exit(4);`,
      ],
      { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
    );
    expect({ stdout: run.stdout, stderr: run.stderr, status: run.status }).toEqual({ stdout: '', stderr: '', status: 0 });
  });

  it('bulk-loads a resolution and a store made with the main entry and reads it back through the built postgres entry, as the main entry store has it', () => {
    const script = `
      import pg from 'pg';
      const padan = await import(${JSON.stringify(dist('index.js'))});
      const postgres = await import(${JSON.stringify(dist('postgres.js'))});
      const synth = await import(${JSON.stringify(dist('synth/index.js'))});
      const records = [];
      for (const item of synth.generateSources({ persons: 60, seed: 8 })) if (item.kind === 'person') records.push(item.record);
      const { model } = padan.resolvePersons(records);
      const memory = padan.createEntityStore({ model, policy: padan.dtsenPersonPolicy });
      await memory.add(records);
      const pool = new pg.Pool(JSON.parse(process.argv[1]));
      await postgres.bulkLoadPostgresStore(pool, padan.resolvePersons(records, { model }), { policy: padan.dtsenPersonPolicy });
      const store = await postgres.openPostgresEntityStore({ pool, policy: padan.dtsenPersonPolicy });
      // A store made with the main entry loads too (through the EntityStore interface).
      await postgres.bulkLoadPostgresStore(pool, memory, { policy: padan.dtsenPersonPolicy, schema: 'from_memory' });
      const copy = await postgres.openPostgresEntityStore({ pool, policy: padan.dtsenPersonPolicy, schema: 'from_memory' });
      const expected = JSON.stringify(await memory.entities());
      const same = JSON.stringify(await store.entities()) === expected && JSON.stringify(await copy.entities()) === expected;
      await pool.end();
      process.stdout.write(same ? 'same' : 'different');
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(db.config)], { cwd: root, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('same');
  });
});
