/**
 * What CI runs (`npm run ci`, with DATABASE_URL set by the harness): two desk services on one
 * database, each on its own pool; one adds, the other looks up, reads, withdraws and decides, and
 * each sees what the other committed. Exit code 0 when every check holds.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { dtsenPersonPolicy } from 'padan';
import { openPostgresEntityStore } from 'padan/postgres';
import { createDeskServer } from './desk.js';
import { deskModel, deskRecords } from './model.js';

const url = process.env.DATABASE_URL;
assert.ok(url !== undefined && url !== '', 'DATABASE_URL must be set');
const records = deskRecords(300, 12);
const model = deskModel(records);
const pools = [new pg.Pool({ connectionString: url, max: 2 }), new pg.Pool({ connectionString: url, max: 2 })];
const first = await openPostgresEntityStore({ pool: pools[0] as pg.Pool, model, policy: dtsenPersonPolicy, schema: 'desk' });
// A second service: the model comes from the database.
const second = await openPostgresEntityStore({ pool: pools[1] as pg.Pool, policy: dtsenPersonPolicy, schema: 'desk' });
const servers = [createDeskServer(first), createDeskServer(second)];
for (const server of servers) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const [a, b] = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`) as [string, string];

async function call(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.status, json: await response.json() };
}

try {
  const added = await call(a, 'POST', '/records', records);
  assert.equal(added.status, 200);
  assert.ok(added.json.created.length > 0 && added.json.created.length < records.length);

  // The other service finds the person the first one stored.
  const known = records[0] as { source: string; recordId: string };
  const lookup = await call(b, 'POST', '/lookup', { ...known, source: 'citizen', recordId: 'desk-1' });
  assert.equal(lookup.status, 200);
  const best = lookup.json.candidates[0];
  assert.equal(best?.decision, 'match');
  const entity = await call(b, 'GET', `/entities/${best.id}`);
  assert.equal(entity.status, 200);
  assert.ok(entity.json.records.some((r: { source: string; recordId: string }) => r.source === known.source && r.recordId === known.recordId));

  // Writes from the second service; the first sees them.
  const withdrawn = await call(b, 'POST', `/records/${encodeURIComponent(known.source)}/${encodeURIComponent(known.recordId)}/withdraw`, {
    reason: 'deleted at source',
    by: 'sync',
  });
  assert.equal(withdrawn.status, 200);
  const [x, y] = [records[1], records[2]] as { source: string; recordId: string }[];
  const decided = await call(b, 'POST', '/decisions', {
    kind: 'cannotLink',
    left: { source: x?.source, recordId: x?.recordId },
    right: { source: y?.source, recordId: y?.recordId },
    by: 'steward-1',
    at: '2026-03-31',
    why: 'different mothers in the village register',
  });
  assert.equal(decided.status, 200);
  assert.ok(['applied', 'duplicate'].includes(decided.json[0]?.status));
  assert.equal(await first.entityOfRecord(known), undefined);
  const again = await call(a, 'POST', '/records', [records[3]]);
  assert.equal(again.status, 200);

  // Bad input is a 4xx with a reason; an unknown ID a 404.
  assert.equal((await call(a, 'POST', '/records', { not: 'an array' })).status, 400);
  assert.equal((await call(a, 'GET', '/ids/P0000000000000000')).status, 404);
  console.log('postgres-service: every check passed');
} finally {
  for (const server of servers) await new Promise<void>((done) => server.close(() => done()));
  for (const pool of pools) await pool.end();
}
