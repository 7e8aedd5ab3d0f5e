import type { Writable } from 'node:stream';
import { invalidArgument } from '../../_internal/arguments.js';
import { writeStoreSnapshot } from '../writeStoreSnapshot.js';
import { PostgresEntityStore } from './PostgresEntityStore.js';

/**
 * Writes a PostgreSQL store as an entity-store snapshot (the NDJSON interchange format that
 * `writeStoreSnapshot` writes and `loadStoreSnapshot` reads) as of the database's head when the call
 * starts: records, histories, entity IDs, retired IDs, decisions and the audit log. The bytes equal the
 * in-memory store's snapshot after the same writes. Resolves when every line is written; the stream is
 * not ended. (A store keeping pseudonyms exports its pseudonyms; such a snapshot loads back only into
 * PostgreSQL, since a pseudonym is no valid NIK for the person schema.)
 *
 * @example
 * const out = fs.createWriteStream('persons.ndjson');
 * await exportPostgresSnapshot(store, out);
 * out.end();
 */
export async function exportPostgresSnapshot(store: PostgresEntityStore, output: Writable): Promise<void> {
  if (!(store instanceof PostgresEntityStore)) throw invalidArgument('exportPostgresSnapshot', 'store', 'a PostgresEntityStore', store);
  await store.withReplica((replica) => writeStoreSnapshot(replica, output));
}
