/**
 * The read tables of the PostgreSQL store (records, entities, aliases, review, decisions, audit, and
 * the `stats` meta row), written from a replica's engine: in full after a bulk load or an upgrade, and
 * as a difference after each write. Private to the PostgreSQL store.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { PersonRecord } from '../../schema/person.js';
import type { StoreEngine } from '../_engine.js';
import { formatDecision } from '../decisions.js';
import type { StoreChanges, StoreRecordRef, StoreReviewItem } from '../types.js';
import type { PostgresClient } from './types.js';

/** What the read tables hold of the ever-growing parts, so a write only adds the difference. */
export interface TableMarks {
  /** Review items by pair key, as stored JSON. */
  readonly review: Map<string, string>;
  /** Retired IDs, as stored (`into` or withdrawn). */
  readonly aliases: Map<string, string>;
  decisions: number;
  audit: number;
}

const keyOf = (ref: StoreRecordRef): string => `${ref.source}\u0000${ref.recordId}`;
const pairKey = (item: StoreReviewItem): string => `${keyOf(item.left)}\u0001${keyOf(item.right)}`;
const aliasValue = (alias: { readonly into: string } | { readonly withdrawn: true }): string => ('into' in alias ? alias.into : '\u0000withdrawn');

/** The engine's current review queue and aliases, and how many decisions and audit entries it has. */
export function marksOf(engine: StoreEngine): TableMarks {
  const review = new Map<string, string>();
  for (const item of engine.review()) review.set(pairKey(item), JSON.stringify(item));
  const aliases = new Map<string, string>();
  for (const [id, alias] of engine.aliasEntries()) aliases.set(id, aliasValue(alias));
  return { review, aliases, decisions: engine.decisionSet.list().length, audit: engine.audit.length };
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped; null as `\N`. */
function copyField(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}

/** COPY rows (each an array of fields) into a table, streamed in chunks of about a megabyte. */
export async function copyRows(client: PostgresClient, sql: string, rows: Iterable<readonly (string | number | null)[]>): Promise<void> {
  function* lines(): Generator<string> {
    let chunk = '';
    for (const row of rows) {
      chunk += `${row.map(copyField).join('\t')}\n`;
      if (chunk.length >= 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  }
  await pipeline(Readable.from(lines()), client.query(copyFrom(sql)));
}

type RecordRow = [string, string, string | null, string | null, string | null, string | null, string, string, string | null];

/** The `records` row of a stored record: its current version, earlier versions, entity, first-seen date, withdrawal. */
function recordRow(engine: StoreEngine, ref: StoreRecordRef): RecordRow | undefined {
  const history = engine.history(ref);
  if (history === undefined) return undefined;
  const versions = history.versions;
  const current = versions[versions.length - 1] as PersonRecord;
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return [
    ref.source,
    ref.recordId,
    engine.entityOfRecord(ref) ?? null,
    text(current.nik),
    text(current.kk),
    engine.firstSeenOf(ref) ?? null,
    JSON.stringify(current),
    JSON.stringify(versions.slice(0, -1)),
    history.withdrawn === undefined ? null : JSON.stringify(history.withdrawn),
  ];
}

/** Empties the read tables and writes them whole from the engine (bulk load, upgrade from version 1). */
export async function writeAllTables(client: PostgresClient, s: string, engine: StoreEngine): Promise<TableMarks> {
  await client.query(`TRUNCATE ${s}.records, ${s}.entities, ${s}.aliases, ${s}.review, ${s}.decisions, ${s}.audit`);
  const histories = engine.histories_();
  await copyRows(
    client,
    `COPY ${s}.records (source, record_id, entity_id, nik, kk, first_seen, record, earlier, withdrawn) FROM STDIN`,
    (function* () {
      for (const [, history] of histories) {
        const row = recordRow(engine, history.record);
        if (row !== undefined) yield row;
      }
    })(),
  );
  const entities = engine.entities();
  await copyRows(
    client,
    `COPY ${s}.entities (id, merge) FROM STDIN`,
    (function* () {
      for (const { id } of entities) {
        const entity = engine.entity(id);
        if (entity !== undefined) yield [id, JSON.stringify(entity.merge)];
      }
    })(),
  );
  const marks = marksOf(engine);
  await copyRows(
    client,
    `COPY ${s}.aliases (id, into_id, withdrawn) FROM STDIN`,
    [...marks.aliases].map(([id, value]) => (value === '\u0000withdrawn' ? [id, null, 't'] : [id, value, 'f'])),
  );
  await copyRows(
    client,
    `COPY ${s}.review (left_source, left_record_id, right_source, right_record_id, item) FROM STDIN`,
    engine.review().map((item) => [item.left.source, item.left.recordId, item.right.source, item.right.recordId, JSON.stringify(item)]),
  );
  await copyRows(
    client,
    `COPY ${s}.decisions (seq, decision) FROM STDIN`,
    engine.decisionSet.list().map((decision, i) => [i + 1, formatDecision(decision)]),
  );
  await copyRows(
    client,
    `COPY ${s}.audit (seq, entry) FROM STDIN`,
    engine.audit.map((entry) => [entry.seq, JSON.stringify(entry)]),
  );
  await client.query(`UPDATE ${s}.meta SET value = $1 WHERE key = 'stats'`, [JSON.stringify(engine.stats())]);
  return marks;
}

/**
 * Brings the read tables from `before` (what they hold) to the engine's state after one write:
 * the records the write named and every record of every entity it touched (`previous`: the entities
 * the named records were in before the write), those entities (live ones
 * with their unified record, retired ones deleted), retired IDs, the review queue's difference, new
 * decisions and audit entries, and the counts. Returns the new marks.
 */
export async function writeTableChanges(
  client: PostgresClient,
  s: string,
  engine: StoreEngine,
  before: TableMarks,
  changes: StoreChanges,
  named: readonly StoreRecordRef[],
  previous: readonly string[],
): Promise<TableMarks> {
  const touched = new Set<string>();
  const add = (id: string | undefined): void => {
    if (id !== undefined) touched.add(id);
  };
  for (const c of changes.created) add(c.id);
  for (const a of changes.attached) {
    add(a.id);
    add(a.previousId);
  }
  for (const m of changes.merged) {
    add(m.id);
    for (const id of m.retired) add(id);
  }
  for (const sp of changes.split) {
    add(sp.id);
    for (const id of sp.into) add(id);
  }
  for (const r of changes.retired) add(r.id);
  for (const f of changes.fields) add(f.id);
  for (const id of previous) add(id);
  const refs = new Map<string, StoreRecordRef>();
  for (const ref of named) {
    refs.set(keyOf(ref), ref);
    add(engine.entityOfRecord(ref));
  }
  // IDs the write ended: any entity row the engine no longer has live (found by the aliases' difference too).
  const after = marksOf(engine);
  for (const [id, value] of after.aliases) if (before.aliases.get(id) !== value) touched.add(id);
  for (const id of before.aliases.keys()) if (!after.aliases.has(id)) touched.add(id);

  const live: [string, string][] = [];
  const gone: string[] = [];
  for (const id of [...touched].sort()) {
    // `entity` resolves a retired ID to its survivor: only an entity answering to its own ID is live.
    const entity = engine.entity(id);
    if (entity === undefined || entity.id !== id) {
      gone.push(id);
      continue;
    }
    live.push([id, JSON.stringify(entity.merge)]);
    for (const record of entity.records) refs.set(keyOf(record), { source: record.source, recordId: record.recordId });
  }
  if (gone.length > 0) await client.query(`DELETE FROM ${s}.entities WHERE id = ANY($1::text[])`, [gone]);
  if (live.length > 0) {
    await client.query(
      `INSERT INTO ${s}.entities (id, merge) SELECT * FROM unnest($1::text[], $2::json[]) ON CONFLICT (id) DO UPDATE SET merge = excluded.merge`,
      [live.map((row) => row[0]), live.map((row) => row[1])],
    );
  }
  const rows = [...refs.values()].map((ref) => recordRow(engine, ref)).filter((row): row is RecordRow => row !== undefined);
  if (rows.length > 0) {
    const column = (i: number) => rows.map((row) => row[i] as string | null);
    await client.query(
      `INSERT INTO ${s}.records (source, record_id, entity_id, nik, kk, first_seen, record, earlier, withdrawn)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::json[], $8::json[], $9::json[])
       ON CONFLICT (source, record_id) DO UPDATE SET entity_id = excluded.entity_id, nik = excluded.nik, kk = excluded.kk, first_seen = excluded.first_seen,
         record = excluded.record, earlier = excluded.earlier, withdrawn = excluded.withdrawn`,
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map(column),
    );
  }

  const aliasUpserts = [...after.aliases].filter(([id, value]) => before.aliases.get(id) !== value);
  const aliasDeletes = [...before.aliases.keys()].filter((id) => !after.aliases.has(id));
  if (aliasDeletes.length > 0) await client.query(`DELETE FROM ${s}.aliases WHERE id = ANY($1::text[])`, [aliasDeletes]);
  if (aliasUpserts.length > 0) {
    await client.query(
      `INSERT INTO ${s}.aliases (id, into_id, withdrawn) SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[])
       ON CONFLICT (id) DO UPDATE SET into_id = excluded.into_id, withdrawn = excluded.withdrawn`,
      [
        aliasUpserts.map(([id]) => id),
        aliasUpserts.map(([, value]) => (value === '\u0000withdrawn' ? null : value)),
        aliasUpserts.map(([, value]) => value === '\u0000withdrawn'),
      ],
    );
  }

  const reviewGone = [...before.review.keys()].filter((key) => !after.review.has(key));
  const reviewNew = [...after.review].filter(([key, json]) => before.review.get(key) !== json).map(([, json]) => JSON.parse(json) as StoreReviewItem);
  if (reviewGone.length > 0) {
    // eslint-disable-next-line no-control-regex -- review keys join record keys with NUL and SOH on purpose
    const parts = reviewGone.map((key) => key.split(/[\u0000\u0001]/));
    await client.query(
      `DELETE FROM ${s}.review r USING unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS g(ls, lr, rs, rr)
       WHERE r.left_source = g.ls AND r.left_record_id = g.lr AND r.right_source = g.rs AND r.right_record_id = g.rr`,
      [0, 1, 2, 3].map((i) => parts.map((p) => p[i] as string)),
    );
  }
  if (reviewNew.length > 0) {
    await client.query(
      `INSERT INTO ${s}.review (left_source, left_record_id, right_source, right_record_id, item)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::json[])
       ON CONFLICT (left_source, left_record_id, right_source, right_record_id) DO UPDATE SET item = excluded.item`,
      [
        reviewNew.map((item) => item.left.source),
        reviewNew.map((item) => item.left.recordId),
        reviewNew.map((item) => item.right.source),
        reviewNew.map((item) => item.right.recordId),
        reviewNew.map((item) => JSON.stringify(item)),
      ],
    );
  }

  const decisions = engine.decisionSet.list().slice(before.decisions);
  if (decisions.length > 0) {
    await client.query(`INSERT INTO ${s}.decisions (seq, decision) SELECT * FROM unnest($1::int[], $2::json[])`, [
      decisions.map((_, i) => before.decisions + i + 1),
      decisions.map((decision) => formatDecision(decision)),
    ]);
  }
  const audit = engine.audit.slice(before.audit);
  if (audit.length > 0) {
    await client.query(`INSERT INTO ${s}.audit (seq, entry) SELECT * FROM unnest($1::int[], $2::json[])`, [
      audit.map((entry) => entry.seq),
      audit.map((entry) => JSON.stringify(entry)),
    ]);
  }
  await client.query(`UPDATE ${s}.meta SET value = $1 WHERE key = 'stats'`, [JSON.stringify(engine.stats())]);
  return after;
}
