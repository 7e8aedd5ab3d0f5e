/**
 * The service's routes as plain functions over an entity store, apart from any HTTP framework:
 * server.ts binds them to node:http (benchmarks/http.bench.ts binds the same functions to Fastify
 * and Hono to compare). Each takes the parsed request and returns a status and a JSON body.
 */
import { PadanError, redactIdentifiers, type EntityStore } from 'padan';
import { maskKk, maskNik } from 'padan/id';

export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** An error reply. Messages go through redactIdentifiers: a request may echo a NIK. */
export function errorReply(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message: redactIdentifiers(message) } } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Writes go through one queue: each `add` sees the store as the previous one left it, as a
 * single-writer store expects; lookups read between writes.
 */
export function createWriteQueue(): <T>(write: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(write: () => Promise<T>): Promise<T> => {
    const next = tail.then(write, write);
    tail = next.catch(() => undefined);
    return next;
  };
}

/** POST /lookup — is this person already known? Body: one person record (source and recordId optional). */
export async function lookupPerson(store: EntityStore, body: unknown, explain = false): Promise<Reply> {
  if (!isRecord(body)) return errorReply(400, 'bad-request', 'the body must be one JSON object (a person record)');
  const probe = { source: 'lookup', recordId: 'probe', observedAt: new Date().toISOString().slice(0, 10), channel: { kind: 'registry' }, ...body };
  const { candidates, compared } = await store.lookup(probe, { limit: 5, explain });
  return {
    status: 200,
    body: {
      compared,
      candidates: candidates.map((candidate) => ({
        id: candidate.id,
        decision: candidate.decision,
        matchWeight: Math.round(candidate.matchWeight * 100) / 100,
        matchProbability: candidate.matchProbability,
        ...(explain ? { explanation: candidate.explanation } : {}),
      })),
    },
  };
}

/** POST /persons — add a batch of person records (or new versions of known ones). */
export async function addPersons(store: EntityStore, body: unknown, queue: ReturnType<typeof createWriteQueue>): Promise<Reply> {
  const records = Array.isArray(body) ? body : [body];
  if (records.length === 0 || records.length > 10_000) return errorReply(400, 'bad-request', 'send 1 to 10,000 records per request');
  const changes = await queue(() => store.add(records));
  return {
    status: 200,
    body: {
      created: changes.created.map((entity) => entity.id),
      attached: changes.attached.map((entity) => entity.id),
      merged: changes.merged.map((entity) => ({ id: entity.id, retired: entity.retired })),
      versions: changes.versions.length,
      rejected: changes.rejected.map((rejection) => ({ source: rejection.source, recordId: rejection.recordId, reason: rejection.reason })),
      review: changes.review.length,
    },
  };
}

/** GET /persons/:id — the unified person, NIK and KK masked; a retired ID says where it went. */
export async function getPerson(store: EntityStore, id: string): Promise<Reply> {
  const resolution = await store.resolveId(id);
  if (resolution === undefined) return errorReply(404, 'unknown-id', `no person ${id}`);
  if (resolution.status !== 'live') return { status: 410, body: resolution };
  const entity = await store.entity(id);
  if (entity === undefined) return errorReply(404, 'unknown-id', `no person ${id}`);
  const unified = { ...entity.merge.unified } as Record<string, unknown>;
  if (typeof unified.nik === 'string') unified.nik = maskNik(unified.nik);
  if (typeof unified.kk === 'string') unified.kk = maskKk(unified.kk);
  return { status: 200, body: { id, unified, records: entity.records.map((record) => ({ source: record.source, recordId: record.recordId })) } };
}

/** A thrown error as a reply: a PadanError is the caller's fault (400), anything else ours (500). */
export function replyForError(error: unknown): Reply {
  if (error instanceof PadanError) return errorReply(400, error.code, error.message);
  return errorReply(500, 'internal', 'internal error');
}
