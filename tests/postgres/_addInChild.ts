/**
 * Child process of the crash test: opens the PostgreSQL store given on the command line and adds the
 * records in the given JSON file, printing `added` when the add returns. The parent kills it mid-add.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openPostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import { policy } from '../store/fixtures.js';

const [configJson, schema, recordsFile] = process.argv.slice(2) as [string, string, string];
const pool = new pg.Pool({ ...(JSON.parse(configJson) as pg.PoolConfig), max: 1 });
const store = await openPostgresEntityStore({ pool, policy, schema });
process.stdout.write('opened\n');
await store.add(JSON.parse(readFileSync(recordsFile, 'utf8')) as unknown[]);
process.stdout.write('added\n');
await pool.end();
