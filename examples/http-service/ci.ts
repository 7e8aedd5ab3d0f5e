/**
 * What CI runs (`npm run ci`): starts the service on a free port, checks each route, stops it.
 * Exit code 0 when every check holds; the failed checks are printed otherwise.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createEntityStore, dtsenPersonPolicy, resolvePersons } from 'padan';
import { generateSources, type SynthPersonRecord } from 'padan/synth';
import { createPadanServer } from './server.js';

const records: SynthPersonRecord[] = [];
for (const item of generateSources({ persons: 300, seed: 3 })) if (item.kind === 'person') records.push(item.record);
const { model } = resolvePersons(records);
const store = createEntityStore({ model, policy: dtsenPersonPolicy });
const server = createPadanServer(store, { maxBodyBytes: 1_000_000 }).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(base + path, { method, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, json: await response.json() };
}

try {
  assert.deepEqual(await call('GET', '/health'), { status: 200, json: { ok: true } });

  const added = await call('POST', '/persons', records);
  assert.equal(added.status, 200);
  assert.ok(added.json.created.length > 0 && added.json.created.length < records.length);

  const probe = { ...records[0], source: 'citizen', recordId: 'desk-1' };
  const found = await call('POST', '/lookup', probe);
  assert.equal(found.status, 200);
  assert.equal(found.json.candidates[0].decision, 'match');

  const person = await call('GET', `/persons/${found.json.candidates[0].id}`);
  assert.equal(person.status, 200);
  assert.ok(person.json.records.some((record: { recordId: string }) => record.recordId === records[0]?.recordId));
  assert.doesNotMatch(JSON.stringify(person.json), /\d{16}/, 'no full NIK or KK in a response');

  assert.equal((await call('GET', '/persons/P-unknown')).status, 404);
  assert.equal((await call('POST', '/lookup', '{not json')).status, 400);
  assert.equal((await call('POST', '/lookup', [1, 2])).status, 400);
  assert.equal((await call('POST', '/persons', 'x'.repeat(1_100_000))).status, 413);
  const refused = await call('POST', '/persons', [{ source: 'dtks', recordId: 'bad-1', nik: '3201015205900001' }]);
  assert.equal(refused.status, 200);
  assert.equal(refused.json.rejected.length, 1);
  assert.doesNotMatch(JSON.stringify(refused.json), /3201015205900001/);
  console.log(`http-service: ${records.length} records added, lookup, get, errors: ok`);
} finally {
  server.close();
}
