/**
 * The routes of handlers.ts on node:http, no framework: on a localhost load test it served as
 * many requests as Fastify and Hono with the same handlers (benchmarks/http.bench.ts), and it adds
 * no dependency to a ministry's service.
 *
 *   POST /lookup         one person record → candidate persons, best first (?explain=1 for weights)
 *   POST /persons        a record or an array of records → what changed
 *   GET  /persons/:id    the unified person (NIK and KK masked), or where a retired ID went
 *   GET  /health
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { EntityStore } from 'padan';
import { addPersons, createWriteQueue, errorReply, getPerson, lookupPerson, replyForError, type Reply } from './handlers.js';

export interface PadanServerOptions {
  /** Largest request body in bytes (default 10 MB); a larger one gets 413 without being read whole. */
  readonly maxBodyBytes?: number;
}

class BodyTooLarge extends Error {}

async function readJson(request: IncomingMessage, maxBodyBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

function send(response: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  response.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** An HTTP server over the store (not listening yet: call `listen`). */
export function createPadanServer(store: EntityStore, options: PadanServerOptions = {}): Server {
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const queue = createWriteQueue();
  async function route(request: IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET' && url.pathname === '/health') return { status: 200, body: { ok: true } };
    if (request.method === 'GET' && url.pathname.startsWith('/persons/')) return getPerson(store, decodeURIComponent(url.pathname.slice('/persons/'.length)));
    if (request.method !== 'POST') return errorReply(404, 'not-found', `no route ${request.method ?? ''} ${url.pathname}`);
    let body: unknown;
    try {
      body = await readJson(request, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) return errorReply(413, 'body-too-large', `the body is over ${maxBodyBytes} bytes`);
      return errorReply(400, 'bad-json', 'the body is not JSON');
    }
    if (url.pathname === '/lookup') return lookupPerson(store, body, url.searchParams.get('explain') === '1');
    if (url.pathname === '/persons') return addPersons(store, body, queue);
    return errorReply(404, 'not-found', `no route POST ${url.pathname}`);
  }
  return createServer((request, response) => {
    route(request).then(
      (reply) => send(response, reply),
      (error: unknown) => send(response, replyForError(error)),
    );
  });
}
