import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { PadanError } from '../../_internal/error.js';
import { REPLICA_SNAPSHOT_VERSION, STORE_SNAPSHOT_FORMAT } from '../_replicaSnapshot.js';
import { quoteSchema } from './migrations.js';
import type { PostgresClient, PostgresPool } from './types.js';

/** Options of {@link exportPostgresSnapshot}. */
export interface ExportPostgresSnapshotOptions {
  /** The store's PostgreSQL schema (default `padan`). */
  readonly schema?: string;
  /** Records read per query (default 10,000). */
  readonly pageSize?: number;
}

async function write(output: Writable, text: string): Promise<void> {
  if (output.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = (): void => {
      output.off('error', onError);
      resolve();
    };
    const onError = (error: Error): void => {
      output.off('drain', onDrain);
      reject(error);
    };
    output.once('drain', onDrain);
    output.once('error', onError);
  });
}

/**
 * Writes a PostgreSQL store as an entity-store snapshot (the NDJSON interchange format that
 * `writeStoreSnapshot` writes and `loadStoreSnapshot` reads), from one consistent view of the
 * database (a repeatable-read transaction), streaming records page by page. For the same records the
 * bytes equal the in-memory store's snapshot.
 *
 * @example
 * const out = fs.createWriteStream('persons.ndjson');
 * await exportPostgresSnapshot(pool, out);
 * out.end();
 */
export async function exportPostgresSnapshot(pool: PostgresPool, output: Writable, options?: ExportPostgresSnapshotOptions): Promise<{ records: number; aliases: number }> {
  const s = quoteSchema(options?.schema ?? 'padan');
  const pageSize = options?.pageSize ?? 10_000;
  const client: PostgresClient = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const meta = await client.query(`SELECT value FROM ${s}.meta WHERE key = 'store'`);
    const store = meta.rows[0]?.value as { modelFingerprint: string; policyFingerprint: string; model: unknown } | undefined;
    if (store === undefined) throw new PadanError('invalid-argument', `exportPostgresSnapshot: schema ${s} holds no store`);
    const counts = await client.query(`SELECT (SELECT count(*) FROM ${s}.records)::int AS records, (SELECT count(*) FROM ${s}.aliases)::int AS aliases`);
    const records = Number(counts.rows[0]?.records);
    const aliases = Number(counts.rows[0]?.aliases);
    const hash = createHash('sha256');
    const emit = async (line: string): Promise<void> => {
      hash.update(line);
      hash.update('\n');
      await write(output, `${line}\n`);
    };
    await emit(
      JSON.stringify({
        format: STORE_SNAPSHOT_FORMAT,
        version: REPLICA_SNAPSHOT_VERSION,
        modelFingerprint: store.modelFingerprint,
        policyFingerprint: store.policyFingerprint,
        records,
        aliases,
        model: store.model,
      }),
    );
    // Keyset pages in (source, record_id) order; the columns' "C" collation makes that code-point order.
    let last: [string, string] | null = null;
    for (;;) {
      const page: { rows: Record<string, unknown>[] } = await client.query(
        last === null
          ? `SELECT source, record_id, record::text AS record FROM ${s}.records ORDER BY source, record_id LIMIT $1`
          : `SELECT source, record_id, record::text AS record FROM ${s}.records WHERE (source, record_id) > ($2, $3) ORDER BY source, record_id LIMIT $1`,
        last === null ? [pageSize] : [pageSize, last[0], last[1]],
      );
      let text = '';
      for (const row of page.rows) {
        const line = `{"record":${String(row.record)}}`;
        hash.update(line);
        hash.update('\n');
        text += `${line}\n`;
      }
      if (text !== '') await write(output, text);
      const tail = page.rows[page.rows.length - 1];
      if (tail === undefined || page.rows.length < pageSize) break;
      last = [String(tail.source), String(tail.record_id)];
    }
    const aliasRows = await client.query(`SELECT id, source, record_id FROM ${s}.aliases ORDER BY id`);
    for (const row of aliasRows.rows) await emit(JSON.stringify({ alias: String(row.id), source: String(row.source), recordId: String(row.record_id) }));
    await write(output, `${JSON.stringify({ end: true, records, aliases, sha256: hash.digest('hex') })}\n`);
    await client.query('COMMIT');
    return { records, aliases };
  } catch (error) {
    failed = error as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release(failed);
  }
}
