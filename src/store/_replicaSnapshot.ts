import { createHash } from 'node:crypto';
import type { EntityStore } from './EntityStore.js';

/*
 * Version 1 of the snapshot format, written for the append-only engine that the PostgreSQL store
 * replicates (records and retired IDs by record; no histories, decisions or first-seen dates).
 * `exportPostgresSnapshot` writes the same bytes. The public store writes version 2
 * (writeStoreSnapshot.ts) and reads version 2 only.
 */
import { STORE_SNAPSHOT_FORMAT } from './writeStoreSnapshot.js';

export { STORE_SNAPSHOT_FORMAT };
/** The version of the replica engine's snapshots. */
export const REPLICA_SNAPSHOT_VERSION = 1;

type StoreSnapshotOptions = Record<string, never>;

/**
 * The snapshot of a store as NDJSON lines (no newline characters): a header (format, version, model
 * and policy fingerprints, counts, the trained model), one line per record in (source, recordId)
 * order, one line per retired ID, and a trailer with the sha256 of every line before it (each
 * followed by `\n`). Prepared features are not written: loading recomputes them.
 *
 * @example
 * for (const line of replicaSnapshotLines(store)) out.write(`${line}\n`);
 * // {"format":"padan/entity-store","version":1,"records":5210,…}
 * // {"record":{"source":"dtks","recordId":"D-1",…}}
 * // …
 * // {"end":true,"sha256":"9c1f…"}
 */
export function* replicaSnapshotLines(store: EntityStore, _options?: StoreSnapshotOptions): Generator<string, void, undefined> {
  const hash = createHash('sha256');
  const emit = (line: string): string => {
    hash.update(line);
    hash.update('\n');
    return line;
  };
  const aliases = store.aliasEntries();
  yield emit(
    JSON.stringify({
      format: STORE_SNAPSHOT_FORMAT,
      version: REPLICA_SNAPSHOT_VERSION,
      modelFingerprint: store.modelFingerprint,
      policyFingerprint: store.policyFingerprint,
      records: store.recordCount,
      aliases: aliases.length,
      model: store.model,
    }),
  );
  for (const record of store.records()) yield emit(JSON.stringify({ record }));
  for (const [id, ref] of aliases) yield emit(JSON.stringify({ alias: id, source: ref.source, recordId: ref.recordId }));
  yield JSON.stringify({ end: true, records: store.recordCount, aliases: aliases.length, sha256: hash.digest('hex') });
}

/**
 * The whole snapshot as one string (convenient for small stores and tests).
 *
 * @example
 * const text = storeToSnapshot(store); // '{"format":"padan/entity-store",…}\n…'
 */
export function replicaToSnapshot(store: EntityStore, options?: StoreSnapshotOptions): string {
  let text = '';
  for (const line of replicaSnapshotLines(store, options)) text += `${line}\n`;
  return text;
}
