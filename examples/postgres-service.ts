/**
 * An objection desk's service on the PostgreSQL entity store: several of these (one per office, or
 * behind a load balancer) share one database; each adds, looks up, withdraws and records a steward's
 * decisions through the same store, and sees what the others committed. Run:
 *   DATABASE_URL=postgres://user@host/db npx tsx examples/postgres-service.ts            (serves on PORT, default 8080)
 *   DATABASE_URL=postgres://user@host/db npx tsx examples/postgres-service.ts --self-check  (starts, calls itself, stops)
 * The model is trained here on a seeded synthetic population (no real person is in it); a ministry
 * would load its trained model JSON instead. Routes (JSON in, JSON out):
 *   POST /records                               add records (an array): what changed
 *   POST /lookup                                the entities a record would match (changes nothing)
 *   GET  /entities/:id                          an entity's unified record and record keys (retired IDs resolve)
 *   GET  /ids/:id                               what an ID stands for now (live, merged into …, withdrawn)
 *   POST /records/:source/:recordId/withdraw    { reason, by? }: take a record out of matching
 *   POST /decisions                             a steward decision or an array of them: their outcomes
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { dtsenPersonPolicy, PadanError, resolvePersons, type EntityStore, type StewardDecision } from '../src/index.js';
import { generateSources } from '../src/synth/index.js';
import { openPostgresEntityStore } from '../src/postgres.js';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A client mistake, answered with its HTTP status. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, `body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    // Not echoed back: the body may hold personal data.
    throw new RequestError(400, 'body is not valid JSON');
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Routes one request to the store. */
async function route(store: EntityStore, request: IncomingMessage): Promise<[number, unknown]> {
  const url = new URL(request.url ?? '/', 'http://desk');
  const parts = url.pathname.split('/').filter((part) => part !== '').map(decodeURIComponent);
  const method = request.method ?? 'GET';
  if (method === 'POST' && parts.length === 1 && parts[0] === 'records') {
    const body = await readJson(request);
    if (!Array.isArray(body)) throw new RequestError(400, 'POST /records takes an array of records');
    const changes = await store.add(body);
    return [
      200,
      {
        created: changes.created.map((c) => c.id),
        attached: changes.attached.map((a) => a.id),
        merged: changes.merged.map((m) => ({ id: m.id, retired: m.retired })),
        versions: changes.versions.length,
        rejected: changes.rejected.map((r) => ({ index: r.index, reason: r.reason, issues: r.issues.map((issue) => issue.code) })),
      },
    ];
  }
  if (method === 'POST' && parts.length === 1 && parts[0] === 'lookup') {
    const { candidates, compared } = await store.lookup(await readJson(request), { explain: false, limit: 3 });
    return [200, { compared, candidates: candidates.map((c) => ({ id: c.id, decision: c.decision, matchProbability: c.matchProbability })) }];
  }
  if (method === 'GET' && parts.length === 2 && parts[0] === 'entities') {
    const entity = await store.entity(parts[1] as string);
    if (entity === undefined) return [404, { error: 'no such entity' }];
    return [200, { id: entity.id, unified: entity.merge.unified, records: entity.records.map((r) => ({ source: r.source, recordId: r.recordId })) }];
  }
  if (method === 'GET' && parts.length === 2 && parts[0] === 'ids') {
    const resolution = await store.resolveId(parts[1] as string);
    return resolution === undefined ? [404, { error: 'ID never issued' }] : [200, resolution];
  }
  if (method === 'POST' && parts.length === 4 && parts[0] === 'records' && parts[3] === 'withdraw') {
    const body = (await readJson(request)) as { reason?: unknown; by?: unknown } | null;
    if (typeof body?.reason !== 'string') throw new RequestError(400, 'withdraw takes { reason, by? }');
    const changes = await store.withdraw(parts[1] as string, parts[2] as string, body.reason, typeof body.by === 'string' ? { by: body.by } : {});
    return [200, { retired: changes.retired.map((r) => r.id), split: changes.split.map((s) => s.id) }];
  }
  if (method === 'POST' && parts.length === 1 && parts[0] === 'decisions') {
    const { outcomes } = await store.decide((await readJson(request)) as StewardDecision | StewardDecision[]);
    return [200, outcomes.map((o) => ({ id: o.id, status: o.status, ...(o.explanation === undefined ? {} : { explanation: o.explanation }) }))];
  }
  return [404, { error: `no route ${method} ${url.pathname}` }];
}

/**
 * The desk's HTTP server over a store. Bad input is a 4xx with a reason (PadanError messages carry
 * masked identifiers only); anything else is a 500 that says nothing about the data.
 */
export function createDeskServer(store: EntityStore): Server {
  return createServer((request, response) => {
    route(store, request).then(
      ([status, body]) => send(response, status, body),
      (error: unknown) => {
        if (error instanceof RequestError) send(response, error.status, { error: error.message });
        else if (error instanceof PadanError && (error.code === 'invalid-argument' || error.code === 'invalid-input')) send(response, 400, { error: error.message, code: error.code });
        else {
          console.error('desk: internal error', error instanceof PadanError ? error.code : (error as Error)?.name);
          send(response, 500, { error: 'internal error' });
        }
      },
    );
  });
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    console.error('Set DATABASE_URL to a PostgreSQL database (the store creates its tables in schema "desk").');
    process.exit(2);
  }
  const selfCheck = process.argv.includes('--self-check');
  const records: unknown[] = [];
  for (const item of generateSources({ persons: 300, seed: 12 })) if (item.kind === 'person') records.push(item.record);
  const { model } = resolvePersons(records);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const store = await openPostgresEntityStore({ pool, model, policy: dtsenPersonPolicy, schema: 'desk' });
  const server = createDeskServer(store);
  await new Promise<void>((done) => server.listen(selfCheck ? 0 : Number(process.env.PORT ?? 8080), '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (!selfCheck) {
    console.log(`desk service on ${base}`);
    const stop = (): void => {
      server.close(() => void pool.end());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  try {
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> & unknown[] };
    };
    const added = await call('POST', '/records', records);
    console.log(`added ${records.length} records: ${(added.body.created as string[]).length} persons created`);
    const first = records[0] as { source: string; recordId: string };
    const lookup = await call('POST', '/lookup', { ...first, source: 'citizen', recordId: 'desk-1' });
    const best = (lookup.body.candidates as { id: string; decision: string }[])[0];
    console.log(`lookup of a known person: ${best?.decision} (${best?.id})`);
    const entity = await call('GET', `/entities/${best?.id}`);
    console.log(`entity ${entity.body.id}: ${(entity.body.records as unknown[]).length} records`);
    const withdrawn = await call('POST', `/records/${encodeURIComponent(first.source)}/${encodeURIComponent(first.recordId)}/withdraw`, { reason: 'deleted at source', by: 'sync' });
    console.log(`withdrawn: ${withdrawn.status}`);
    const [a, b] = [records[1], records[2]] as { source: string; recordId: string }[];
    const decided = await call('POST', '/decisions', {
      kind: 'cannotLink',
      left: { source: a?.source, recordId: a?.recordId },
      right: { source: b?.source, recordId: b?.recordId },
      by: 'steward-1',
      at: '2026-03-31',
      why: 'different mothers in the village register',
    });
    console.log(`decision: ${(decided.body as unknown as { status: string }[])[0]?.status}`);
    const bad = await call('POST', '/records', { not: 'an array' });
    const missing = await call('GET', '/ids/P0000000000000000');
    console.log(`bad input: ${bad.status}; unknown ID: ${missing.status}`);
    const ok = added.status === 200 && best?.decision === 'match' && withdrawn.status === 200 && bad.status === 400 && missing.status === 404;
    console.log(ok ? 'self-check passed' : 'self-check FAILED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
    await pool.end();
  }
}

await main();
