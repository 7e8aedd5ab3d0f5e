/**
 * The read tables of the PostgreSQL store (records, entities, aliases, review, decisions, audit,
 * block_keys, term_counts, and the `stats` and `tf` meta rows), written from a replica's engine: in
 * full after a bulk load or an upgrade, as a difference after each write; and a replica built back
 * from them. Private to the PostgreSQL store.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { PersonRecord } from '../../schema/person.js';
import { groupRecordKey } from '../../group/groupIds.js';
import { PadanError } from '../../_internal/error.js';
import type { StoreEngine } from '../_engine.js';
import { formatDecision, parseDecision, type StewardDecision } from '../decisions.js';
import { MemoryEntityStore } from '../MemoryEntityStore.js';
import type { GroupAlias, GroupKind, GroupRecord, GroupSnapshot } from '../_groups.js';
import type { AuditEntry, CreateEntityStoreOptions, RecordHistory, StoreChanges, StoreRecordRef, StoreReviewItem } from '../types.js';
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

type RecordRow = [string, string, string | null, string | null, string | null, string | null, string, string | null, string | null];

/**
 * The `records` row of a stored record: its current version, earlier versions (null when none), entity,
 * first-seen date, withdrawal.
 */
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
    versions.length > 1 ? JSON.stringify(versions.slice(0, -1)) : null,
    history.withdrawn === undefined ? null : JSON.stringify(history.withdrawn),
  ];
}

/** A family or dwelling record named by a write. */
export interface GroupRecordRef {
  readonly kind: GroupKind;
  readonly source: string;
  readonly recordId: string;
}

type GroupRecordRow = [GroupKind, string, string, string | null, string, string | null, string | null];

/** The `group_records` row of a family or dwelling record: as a `records` row, by kind. */
function groupRecordRow(engine: StoreEngine, ref: GroupRecordRef): GroupRecordRow | undefined {
  const history = engine.history(ref, { kind: ref.kind }) as RecordHistory<GroupRecord> | undefined;
  if (history === undefined) return undefined;
  const versions = history.versions;
  return [
    ref.kind,
    ref.source,
    ref.recordId,
    engine.groupFirstSeenOf(ref.kind, ref) ?? null,
    JSON.stringify(versions[versions.length - 1]),
    versions.length > 1 ? JSON.stringify(versions.slice(0, -1)) : null,
    history.withdrawn === undefined ? null : JSON.stringify(history.withdrawn),
  ];
}

type GroupIdRow = [string, 'family' | 'household', string | null, string | null, string | null, string | null, 't' | 'f'];

/** The `group_ids` row of a family or household ID (live on its anchor record, or retired), undefined for one the store does not know. */
function groupIdRow(
  id: string,
  kind: 'family' | 'household',
  state: { readonly anchor: string } | { readonly alias: GroupAlias } | undefined,
): GroupIdRow | undefined {
  if (state === undefined) return undefined;
  if ('alias' in state) return [id, kind, null, null, null, 'into' in state.alias ? state.alias.into : null, 'into' in state.alias ? 'f' : 't'];
  const first = state.anchor.indexOf('\u0000');
  const second = state.anchor.indexOf('\u0000', first + 1);
  return [id, kind, state.anchor.slice(0, first), state.anchor.slice(first + 1, second), state.anchor.slice(second + 1), null, 'f'];
}

/** The indexes and keys of the large tables, dropped for a bulk write and built once after it (faster than row by row). */
const BULK_INDEXES: readonly { readonly drop: (s: string) => string; readonly create: (s: string) => string }[] = [
  { drop: (s) => `ALTER TABLE ${s}.records DROP CONSTRAINT records_pkey`, create: (s) => `ALTER TABLE ${s}.records ADD PRIMARY KEY (source, record_id)` },
  { drop: (s) => `DROP INDEX ${s}.records_entity_id`, create: (s) => `CREATE INDEX records_entity_id ON ${s}.records (entity_id) WHERE entity_id IS NOT NULL` },
  { drop: (s) => `DROP INDEX ${s}.records_nik`, create: (s) => `CREATE INDEX records_nik ON ${s}.records (nik) WHERE nik IS NOT NULL` },
  { drop: (s) => `DROP INDEX ${s}.records_kk`, create: (s) => `CREATE INDEX records_kk ON ${s}.records (kk) WHERE kk IS NOT NULL` },
  { drop: (s) => `ALTER TABLE ${s}.entities DROP CONSTRAINT entities_pkey`, create: (s) => `ALTER TABLE ${s}.entities ADD PRIMARY KEY (id)` },
  {
    drop: (s) => `DROP INDEX ${s}.block_keys_window`,
    create: (s) => `CREATE INDEX block_keys_window ON ${s}.block_keys (rule, key, sort_key, source, record_id)`,
  },
  {
    drop: (s) => `ALTER TABLE ${s}.term_counts DROP CONSTRAINT term_counts_pkey`,
    create: (s) => `ALTER TABLE ${s}.term_counts ADD PRIMARY KEY (column_key, value)`,
  },
];

/**
 * Empties the read tables and writes them whole from the engine (bulk load, upgrade): COPY into
 * tables emptied in this transaction (FREEZE: no later rewrite to set hint bits), with the large
 * tables' indexes dropped first and built after.
 */
export async function writeAllTables(client: PostgresClient, s: string, engine: StoreEngine): Promise<TableMarks> {
  await client.query(
    `TRUNCATE ${s}.records, ${s}.entities, ${s}.aliases, ${s}.review, ${s}.decisions, ${s}.audit, ${s}.block_keys, ${s}.term_counts, ${s}.group_records, ${s}.group_ids`,
  );
  for (const index of BULK_INDEXES) await client.query(index.drop(s));
  const histories = engine.histories_();
  await copyRows(
    client,
    `COPY ${s}.records (source, record_id, entity_id, nik, kk, first_seen, record, earlier, withdrawn) FROM STDIN WITH (FREEZE)`,
    (function* () {
      for (const [, history] of histories) {
        const row = recordRow(engine, history.record);
        if (row !== undefined) yield row;
      }
    })(),
  );
  histories.length = 0;
  await copyRows(
    client,
    `COPY ${s}.entities (id, anchor_source, anchor_record_id) FROM STDIN WITH (FREEZE)`,
    engine.entityAnchorEntries().map(([id, ref]) => [id, ref.source, ref.recordId]),
  );
  await copyRows(client, `COPY ${s}.block_keys (rule, key, sort_key, source, record_id) FROM STDIN WITH (FREEZE)`, engine.blockingRows());
  await copyRows(client, `COPY ${s}.term_counts (column_key, value, count) FROM STDIN WITH (FREEZE)`, engine.termFrequencyCounts());
  const marks = marksOf(engine);
  await copyRows(
    client,
    `COPY ${s}.aliases (id, into_id, withdrawn) FROM STDIN WITH (FREEZE)`,
    [...marks.aliases].map(([id, value]) => (value === '\u0000withdrawn' ? [id, null, 't'] : [id, value, 'f'])),
  );
  await copyRows(
    client,
    `COPY ${s}.review (left_source, left_record_id, right_source, right_record_id, item) FROM STDIN WITH (FREEZE)`,
    engine.review().map((item) => [item.left.source, item.left.recordId, item.right.source, item.right.recordId, JSON.stringify(item)]),
  );
  await copyRows(
    client,
    `COPY ${s}.decisions (seq, decision) FROM STDIN WITH (FREEZE)`,
    engine.decisionSet.list().map((decision, i) => [i + 1, formatDecision(decision)]),
  );
  await copyRows(
    client,
    `COPY ${s}.audit (seq, entry) FROM STDIN WITH (FREEZE)`,
    engine.audit.map((entry) => [entry.seq, JSON.stringify(entry)]),
  );
  const groups = engine.groupSnapshot();
  await copyRows(
    client,
    `COPY ${s}.group_records (kind, source, record_id, first_seen, record, earlier, withdrawn) FROM STDIN WITH (FREEZE)`,
    groups.histories.map(({ kind, history }) => groupRecordRow(engine, { kind, ...history.record }) as GroupRecordRow),
  );
  await copyRows(client, `COPY ${s}.group_ids (id, kind, anchor_kind, anchor_source, anchor_record_id, into_id, withdrawn) FROM STDIN WITH (FREEZE)`, [
    ...groups.ids.families.map(([id, anchor]) => groupIdRow(id, 'family', { anchor }) as GroupIdRow),
    ...groups.ids.households.map(([id, anchor]) => groupIdRow(id, 'household', { anchor }) as GroupIdRow),
    ...groups.aliases.families.map(([id, alias]) => groupIdRow(id, 'family', { alias }) as GroupIdRow),
    ...groups.aliases.households.map(([id, alias]) => groupIdRow(id, 'household', { alias }) as GroupIdRow),
  ]);
  for (const index of BULK_INDEXES) await client.query(index.create(s));
  await client.query(`UPDATE ${s}.meta SET value = $1 WHERE key = 'stats'`, [JSON.stringify(engine.stats())]);
  await client.query(`UPDATE ${s}.meta SET value = $1 WHERE key = 'tf'`, [JSON.stringify(engine.termFrequencyState())]);
  return marks;
}

/** What a write's table difference needs from the replica before the write: see {@link writeTableChanges}. */
export interface BeforeWrite {
  /** The entities the named records were in (a record leaving one, by withdrawal, changes it too). */
  readonly previous: readonly string[];
  /** The named records' blocking rows. */
  readonly blocking: readonly [number, string, string, string, string][];
  /** The named records' term-frequency values. */
  readonly termValues: readonly [string, string][];
}

/** Reads what {@link writeTableChanges} needs from the engine before a write naming `named`. */
export function beforeWrite(engine: StoreEngine, named: readonly StoreRecordRef[]): BeforeWrite {
  // The group IDs the write changes are noted from here (see writeGroupChanges).
  engine.trackGroupIds();
  return {
    previous: named.map((ref) => engine.entityOfRecord(ref)).filter((id): id is string => id !== undefined),
    blocking: [...engine.blockingRows(named)],
    termValues: engine.termFrequencyValues(named),
  };
}

const blockingRowKey = (row: readonly [number, string, string, string, string]): string => row.join('\u0000');

/**
 * Brings the read tables from `before` (what they hold) to the engine's state after one write. Only
 * what can have changed is written: the named records' rows, blocking rows and term counts; the
 * entity column of the other records of every entity the write touched (where it differs); those
 * entities (live ones with their anchor, ended ones deleted); retired IDs, the review queue's
 * difference, new decisions and audit entries, and the counts. Returns the new marks.
 */
export async function writeTableChanges(
  client: PostgresClient,
  s: string,
  engine: StoreEngine,
  before: TableMarks,
  changes: StoreChanges,
  named: readonly StoreRecordRef[],
  prior: BeforeWrite,
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
  for (const id of prior.previous) add(id);
  const namedKeys = new Map<string, StoreRecordRef>();
  for (const ref of named) {
    namedKeys.set(keyOf(ref), ref);
    add(engine.entityOfRecord(ref));
  }
  // IDs the write ended: any entity row the engine no longer has live (found by the aliases' difference too).
  const after = marksOf(engine);
  for (const [id, value] of after.aliases) if (before.aliases.get(id) !== value) touched.add(id);
  for (const id of before.aliases.keys()) if (!after.aliases.has(id)) touched.add(id);

  const live: [string, string, string][] = [];
  const gone: string[] = [];
  // Records of touched entities not named by the write: only their entity can have changed.
  const moved: [string, string, string][] = [];
  for (const id of [...touched].sort()) {
    // `entity` resolves a retired ID to its survivor: only an entity answering to its own ID is live.
    const anchor = engine.entityAnchor(id);
    if (anchor === undefined) {
      gone.push(id);
      continue;
    }
    live.push([id, anchor.source, anchor.recordId]);
    for (const ref of engine.entityRecordRefs(id)) if (!namedKeys.has(keyOf(ref))) moved.push([ref.source, ref.recordId, id]);
  }
  if (gone.length > 0) await client.query(`DELETE FROM ${s}.entities WHERE id = ANY($1::text[])`, [gone]);
  if (live.length > 0) {
    await client.query(
      `INSERT INTO ${s}.entities (id, anchor_source, anchor_record_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (id) DO UPDATE SET anchor_source = excluded.anchor_source, anchor_record_id = excluded.anchor_record_id
       WHERE (${s}.entities.anchor_source, ${s}.entities.anchor_record_id) IS DISTINCT FROM (excluded.anchor_source, excluded.anchor_record_id)`,
      [0, 1, 2].map((i) => live.map((row) => row[i])),
    );
  }
  if (moved.length > 0) {
    await client.query(
      `UPDATE ${s}.records r SET entity_id = m.entity_id FROM unnest($1::text[], $2::text[], $3::text[]) AS m(source, record_id, entity_id)
       WHERE r.source = m.source AND r.record_id = m.record_id AND r.entity_id IS DISTINCT FROM m.entity_id`,
      [0, 1, 2].map((i) => moved.map((row) => row[i])),
    );
  }
  const rows = [...namedKeys.values()].map((ref) => recordRow(engine, ref)).filter((row): row is RecordRow => row !== undefined);
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

  // Blocking rows and term counts of the named records: the old rows out, the new in (unchanged ones stay).
  const blockingAfter = [...engine.blockingRows(named)];
  const afterKeys = new Set(blockingAfter.map(blockingRowKey));
  const beforeKeys = new Set(prior.blocking.map(blockingRowKey));
  const blockingGone = prior.blocking.filter((row) => !afterKeys.has(blockingRowKey(row)));
  const blockingNew = blockingAfter.filter((row) => !beforeKeys.has(blockingRowKey(row)));
  if (blockingGone.length > 0) {
    await client.query(
      `DELETE FROM ${s}.block_keys b USING unnest($1::smallint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS g(rule, key, sort_key, source, record_id)
       WHERE b.rule = g.rule AND b.key = g.key AND b.sort_key = g.sort_key AND b.source = g.source AND b.record_id = g.record_id`,
      [0, 1, 2, 3, 4].map((i) => blockingGone.map((row) => row[i])),
    );
  }
  if (blockingNew.length > 0) {
    await client.query(
      `INSERT INTO ${s}.block_keys (rule, key, sort_key, source, record_id) SELECT * FROM unnest($1::smallint[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [0, 1, 2, 3, 4].map((i) => blockingNew.map((row) => row[i])),
    );
  }
  const termValues = new Map<string, [string, string]>();
  for (const value of [...prior.termValues, ...engine.termFrequencyValues(named)]) termValues.set(`${value[0]}\u0000${value[1]}`, value);
  if (termValues.size > 0) {
    const values = [...termValues.values()];
    const counts = values.map(([column, value]) => engine.termFrequencyCount(column, value));
    await client.query(
      `WITH v AS (SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS v(column_key, value, count)),
       gone AS (DELETE FROM ${s}.term_counts t USING v WHERE v.count = 0 AND t.column_key = v.column_key AND t.value = v.value)
       INSERT INTO ${s}.term_counts (column_key, value, count) SELECT * FROM v WHERE v.count > 0
       ON CONFLICT (column_key, value) DO UPDATE SET count = excluded.count`,
      [values.map((v) => v[0]), values.map((v) => v[1]), counts],
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
  await client.query(`UPDATE ${s}.meta SET value = CASE key WHEN 'stats' THEN $1::json ELSE $2::json END WHERE key IN ('stats', 'tf')`, [
    JSON.stringify(engine.stats()),
    JSON.stringify(engine.termFrequencyState()),
  ]);
  return after;
}

/**
 * Brings the family and household tables to the engine's state after one write: the rows of the
 * family and dwelling records it named, and of every family and household ID it re-derived or
 * retired (noted since `beforeWrite`).
 */
export async function writeGroupChanges(client: PostgresClient, s: string, engine: StoreEngine, named: readonly GroupRecordRef[]): Promise<void> {
  const records = named.map((ref) => groupRecordRow(engine, ref)).filter((row): row is GroupRecordRow => row !== undefined);
  if (records.length > 0) {
    const column = (i: number) => records.map((row) => row[i] as string | null);
    await client.query(
      `INSERT INTO ${s}.group_records (kind, source, record_id, first_seen, record, earlier, withdrawn)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::json[], $6::json[], $7::json[])
       ON CONFLICT (kind, source, record_id) DO UPDATE SET first_seen = excluded.first_seen, record = excluded.record, earlier = excluded.earlier,
         withdrawn = excluded.withdrawn`,
      [0, 1, 2, 3, 4, 5, 6].map(column),
    );
  }
  const touched = engine.takeTouchedGroupIds();
  const rows: GroupIdRow[] = [];
  const gone: string[] = [];
  for (const [kind, ids] of [
    ['family', touched.families],
    ['household', touched.households],
  ] as const) {
    for (const id of ids) {
      const row = groupIdRow(id, kind, engine.groupIdState(kind, id));
      if (row === undefined) gone.push(id);
      else rows.push(row);
    }
  }
  if (gone.length > 0) await client.query(`DELETE FROM ${s}.group_ids WHERE id = ANY($1::text[])`, [gone]);
  if (rows.length > 0) {
    await client.query(
      `INSERT INTO ${s}.group_ids (id, kind, anchor_kind, anchor_source, anchor_record_id, into_id, withdrawn)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[])
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, anchor_kind = excluded.anchor_kind, anchor_source = excluded.anchor_source,
         anchor_record_id = excluded.anchor_record_id, into_id = excluded.into_id, withdrawn = excluded.withdrawn
       WHERE (${s}.group_ids.anchor_kind, ${s}.group_ids.anchor_source, ${s}.group_ids.anchor_record_id, ${s}.group_ids.into_id, ${s}.group_ids.withdrawn)
         IS DISTINCT FROM (excluded.anchor_kind, excluded.anchor_source, excluded.anchor_record_id, excluded.into_id, excluded.withdrawn)`,
      [0, 1, 2, 3, 4, 5, 6].map((i) => rows.map((row) => (i === 6 ? row[6] === 't' : row[i]))),
    );
  }
}

/** What the `group_records` and `group_ids` tables hold, as a snapshot restores it: records to add again by kind, and the rest. */
async function groupsFromTables(client: PostgresClient, s: string): Promise<{ records: Record<GroupKind, GroupRecord[]>; snapshot: GroupSnapshot }> {
  const records: Record<GroupKind, GroupRecord[]> = { family: [], dwelling: [] };
  const histories: { kind: GroupKind; history: RecordHistory<GroupRecord> }[] = [];
  const firstSeen: [string, string][] = [];
  const { rows } = await client.query(
    `SELECT kind, source, record_id, first_seen, record, earlier, withdrawn FROM ${s}.group_records ORDER BY kind, source, record_id`,
  );
  for (const row of rows) {
    const kind = row.kind as GroupKind;
    const ref = { source: String(row.source), recordId: String(row.record_id) };
    const record = row.record as GroupRecord;
    const earlier = (row.earlier ?? []) as GroupRecord[];
    if (row.withdrawn === null) {
      records[kind].push(record);
      if (earlier.length > 0) histories.push({ kind, history: { record: ref, versions: earlier } });
    } else {
      histories.push({ kind, history: { record: ref, versions: [...earlier, record], withdrawn: row.withdrawn as NonNullable<RecordHistory['withdrawn']> } });
    }
    if (typeof row.first_seen === 'string') firstSeen.push([groupRecordKey(kind, ref.source, ref.recordId), row.first_seen]);
  }
  const ids = { families: [] as [string, string][], households: [] as [string, string][] };
  const aliases = { families: [] as [string, GroupAlias][], households: [] as [string, GroupAlias][] };
  const idRows = await client.query(`SELECT id, kind, anchor_kind, anchor_source, anchor_record_id, into_id, withdrawn FROM ${s}.group_ids ORDER BY id`);
  for (const row of idRows.rows) {
    const id = String(row.id);
    const family = row.kind === 'family';
    if (row.anchor_kind !== null) {
      (family ? ids.families : ids.households).push([id, `${String(row.anchor_kind)}\u0000${String(row.anchor_source)}\u0000${String(row.anchor_record_id)}`]);
    } else (family ? aliases.families : aliases.households).push([id, row.withdrawn === true ? { withdrawn: true } : { into: String(row.into_id) }]);
  }
  const known = idRows.rows.length > 0;
  return {
    records,
    snapshot: {
      histories,
      firstSeen,
      ...(known ? { ids: { families: ids.families, households: ids.households, familyAliases: aliases.families, householdAliases: aliases.households } } : {}),
    },
  };
}

/**
 * Builds a replica (an in-memory store with this state) from the read tables, as loading a snapshot
 * does but without its checks (the tables were written by padan in transactions): decisions, then
 * the records in matching, then histories, first-seen dates, the audit log, entity IDs and retired
 * IDs. Run it inside one REPEATABLE READ transaction, so the tables are read at one position.
 */
export async function replicaFromTables(client: PostgresClient, s: string, options: CreateEntityStoreOptions): Promise<MemoryEntityStore> {
  const store = new MemoryEntityStore(options);
  const decisions = (await client.query(`SELECT decision::text AS decision FROM ${s}.decisions ORDER BY seq`)).rows.map((row): StewardDecision => {
    const parsed = parseDecision({ ...(JSON.parse(String(row.decision)) as object), id: undefined });
    if (!parsed.success) throw new PadanError('internal', `postgres store ${s}: a stored decision does not parse`);
    return parsed.value;
  });
  if (decisions.length > 0) {
    const outcome = await store.decide(decisions);
    if (outcome.outcomes.some((item) => item.status !== 'applied')) throw new PadanError('internal', `postgres store ${s}: stored decisions conflict`);
  }
  const records: PersonRecord[] = [];
  const histories: { ref: StoreRecordRef; versions: PersonRecord[]; withdrawn?: { reason: string; by: string; at?: string } }[] = [];
  const firstSeen: [StoreRecordRef, string][] = [];
  // Pages in key order: a million rows are not one result set in memory.
  let after: [string, string] | null = null;
  for (;;) {
    const page: { rows: Record<string, unknown>[] } = await client.query(
      `SELECT source, record_id, entity_id IS NOT NULL AS live, first_seen, record, earlier, withdrawn FROM ${s}.records
       ${after === null ? '' : 'WHERE (source, record_id) > ($1, $2)'} ORDER BY source, record_id LIMIT 20000`,
      after === null ? [] : after,
    );
    for (const row of page.rows) {
      const ref = { source: String(row.source), recordId: String(row.record_id) };
      const record = row.record as PersonRecord;
      const earlier = (row.earlier ?? []) as PersonRecord[];
      if (row.live === true) {
        records.push(record);
        if (earlier.length > 0) histories.push({ ref, versions: earlier });
      } else if (row.withdrawn !== null) histories.push({ ref, versions: [...earlier, record], withdrawn: row.withdrawn as { reason: string; by: string } });
      if (typeof row.first_seen === 'string') firstSeen.push([ref, row.first_seen]);
    }
    if (page.rows.length < 20000) break;
    const last = page.rows[page.rows.length - 1] as Record<string, unknown>;
    after = [String(last.source), String(last.record_id)];
  }
  await store.add(records, { validate: false });
  records.length = 0;
  const groups = await groupsFromTables(client, s);
  for (const kind of ['family', 'dwelling'] as const) if (groups.records[kind].length > 0) await store.add(groups.records[kind], { validate: false, kind });
  const anchors = (await client.query(`SELECT id, anchor_source, anchor_record_id FROM ${s}.entities ORDER BY id`)).rows.map(
    (row): [string, StoreRecordRef] => [String(row.id), { source: String(row.anchor_source), recordId: String(row.anchor_record_id) }],
  );
  const aliases = (await client.query(`SELECT id, into_id, withdrawn FROM ${s}.aliases ORDER BY id`)).rows.map(
    (row): [string, { into: string } | { withdrawn: true }] => [String(row.id), row.withdrawn === true ? { withdrawn: true } : { into: String(row.into_id) }],
  );
  const audit = (await client.query(`SELECT entry FROM ${s}.audit ORDER BY seq`)).rows.map((row) => row.entry as AuditEntry);
  store.restore((engine) => {
    engine.restoreHistories(histories, firstSeen, audit);
    engine.restoreIds(anchors, aliases);
    // Families and households last, as a snapshot restores them: derived again with the restored person IDs, their own IDs restored.
    engine.restoreGroups(groups.snapshot);
  });
  return store;
}
