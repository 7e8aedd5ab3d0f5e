/**
 * One server of the framework comparison (benchmarks/http.bench.ts installs this example with the
 * packed package and starts this file as a child process, so the load generator does not share its
 * thread): the handlers of handlers.ts on node:http, Fastify or Hono, over a store of N synthetic
 * persons. Prints `READY <port>` when listening.
 *
 *   node --import tsx compare-frameworks.ts node|fastify|hono <persons>
 */
import type { AddressInfo } from 'node:net';
import { createEntityStore, dtsenPersonPolicy, resolvePersons } from 'padan';
import { generateSources } from 'padan/synth';
import { addPersons, createWriteQueue, getPerson, lookupPerson, replyForError, type Reply } from './handlers.js';
import { createPadanServer } from './server.js';

const [framework = 'node', personsText = '20000'] = process.argv.slice(2);
const records = [];
for (const item of generateSources({ persons: Number(personsText), seed: 11 })) if (item.kind === 'person') records.push(item.record);
const { model } = resolvePersons(records);
const store = createEntityStore({ model, policy: dtsenPersonPolicy });
await store.add(records);
const queue = createWriteQueue();
const ready = (port: number): void => {
  process.stdout.write(`READY ${port}\n`);
};
const safely = async (work: () => Promise<Reply>): Promise<Reply> => {
  try {
    return await work();
  } catch (error) {
    return replyForError(error);
  }
};

if (framework === 'node') {
  const server = createPadanServer(store).listen(0, '127.0.0.1', () => ready((server.address() as AddressInfo).port));
} else if (framework === 'fastify') {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  app.post('/lookup', async (request, reply) => {
    const result = await safely(() => lookupPerson(store, request.body, (request.query as { explain?: string }).explain === '1'));
    return reply.code(result.status).send(result.body);
  });
  app.post('/persons', async (request, reply) => {
    const result = await safely(() => addPersons(store, request.body, queue));
    return reply.code(result.status).send(result.body);
  });
  app.get('/persons/:id', async (request, reply) => {
    const result = await safely(() => getPerson(store, (request.params as { id: string }).id));
    return reply.code(result.status).send(result.body);
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  ready((app.server.address() as AddressInfo).port);
} else if (framework === 'hono') {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono();
  const json = (c: { json: (body: unknown, status: never) => Response }, result: Reply): Response => c.json(result.body, result.status as never);
  app.post('/lookup', async (c) => json(c, await safely(async () => lookupPerson(store, await c.req.json(), c.req.query('explain') === '1'))));
  app.post('/persons', async (c) => json(c, await safely(async () => addPersons(store, await c.req.json(), queue))));
  app.get('/persons/:id', async (c) => json(c, await safely(() => getPerson(store, c.req.param('id')))));
  serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => ready(info.port));
} else {
  throw new Error(`unknown framework ${framework}: node, fastify or hono`);
}
