/**
 * The objection desk's HTTP service over an entity store (node:http, no framework). Routes (JSON in,
 * JSON out):
 *   POST /records                               add records (an array): what changed
 *   POST /lookup                                the entities a record would match (changes nothing)
 *   GET  /entities/:id                          an entity's unified record and record keys (retired IDs resolve)
 *   GET  /ids/:id                               what an ID stands for now (live, merged into …, withdrawn)
 *   POST /records/:source/:recordId/withdraw    { reason, by? }: take a record out of matching
 *   POST /decisions                             a steward decision or an array of them: their outcomes
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PadanError, type EntityStore, type StewardDecision } from 'padan';

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
  const parts = url.pathname
    .split('/')
    .filter((part) => part !== '')
    .map(decodeURIComponent);
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
        else if (error instanceof PadanError && (error.code === 'invalid-argument' || error.code === 'invalid-input'))
          send(response, 400, { error: error.message, code: error.code });
        else {
          console.error('desk: internal error', error instanceof PadanError ? error.code : (error as Error)?.name);
          send(response, 500, { error: 'internal error' });
        }
      },
    );
  });
}
