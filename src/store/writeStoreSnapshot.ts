import { invalidArgument } from '../_internal/arguments.js';
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { EntityStore } from './EntityStore.js';

/** The snapshot format's name (header `format`). */
export const STORE_SNAPSHOT_FORMAT = 'padan/entity-store';
/** The snapshot format version this library writes. */
export const STORE_SNAPSHOT_VERSION = 1;

/** Options of {@link storeSnapshotLines} and {@link writeStoreSnapshot}. */
export type StoreSnapshotOptions = Record<string, never>;

/**
 * The snapshot of a store as NDJSON lines (no newline characters): a header (format, version, model
 * and policy fingerprints, counts, the trained model), one line per record in (source, recordId)
 * order, one line per retired ID, and a trailer with the sha256 of every line before it (each
 * followed by `\n`). Prepared features are not written: loading recomputes them.
 *
 * @example
 * for (const line of storeSnapshotLines(store)) out.write(`${line}\n`);
 * // {"format":"padan/entity-store","version":1,"records":5210,…}
 * // {"record":{"source":"dtks","recordId":"D-1",…}}
 * // …
 * // {"end":true,"sha256":"9c1f…"}
 */
export function* storeSnapshotLines(store: EntityStore, _options?: StoreSnapshotOptions): Generator<string, void, undefined> {
  checkStore(store, 'storeSnapshotLines');
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
      version: STORE_SNAPSHOT_VERSION,
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
 * Writes a store's snapshot to a Node stream (a file, a gzip stream, an HTTP response), respecting
 * back-pressure. Resolves when every line is written; the stream is not ended.
 *
 * @example
 * const out = fs.createWriteStream('persons.ndjson');
 * await writeStoreSnapshot(store, out);
 * out.end();
 */
export async function writeStoreSnapshot(store: EntityStore, output: Writable, options?: StoreSnapshotOptions): Promise<void> {
  checkStore(store, 'writeStoreSnapshot');
  if (typeof output !== 'object' || output === null || typeof output.write !== 'function' || typeof output.once !== 'function') {
    throw invalidArgument('writeStoreSnapshot', 'output', 'a writable stream', output);
  }
  for (const line of storeSnapshotLines(store, options)) {
    if (!output.write(`${line}\n`)) {
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
  }
}

/**
 * The whole snapshot as one string (convenient for small stores and tests).
 *
 * @example
 * const text = storeToSnapshot(store); // '{"format":"padan/entity-store",…}\n…'
 */
export function storeToSnapshot(store: EntityStore, options?: StoreSnapshotOptions): string {
  checkStore(store, 'storeToSnapshot');
  let text = '';
  for (const line of storeSnapshotLines(store, options)) text += `${line}\n`;
  return text;
}

function checkStore(store: unknown, fn: string): void {
  if (!(store instanceof EntityStore)) throw invalidArgument(fn, 'store', 'an EntityStore', store);
}
