import { createHash } from 'node:crypto';
import { checkOptionBag, invalidArgument } from '../_internal/arguments.js';
import type { Writable } from 'node:stream';
import { formatDecision } from './decisions.js';
import { MemoryEntityStore } from './MemoryEntityStore.js';

/** The snapshot format's name (header `format`). */
export const STORE_SNAPSHOT_FORMAT = 'padan/entity-store';
/** The snapshot format version this library writes. */
export const STORE_SNAPSHOT_VERSION = 3;

/** Options of {@link storeSnapshotLines} and {@link writeStoreSnapshot}. */
export type StoreSnapshotOptions = Record<string, never>;

/**
 * The snapshot of a store as NDJSON lines (no newline characters): a header (format, version, model
 * and policy fingerprints, counts, the trained model); the records in matching (current versions)
 * in (source, recordId) order, then its family (KK) and dwelling records (`kind`); the history of
 * records with earlier versions or a withdrawal; each live entity's, family's and household's ID
 * with the record it belongs to; retired IDs; steward decisions in the order applied (the decision
 * format); the audit log; and a trailer with the sha256 of every line before it (each followed by
 * `\n`). Prepared features, families and households are not written: loading derives them again.
 *
 * @example
 * for (const line of storeSnapshotLines(store)) out.write(`${line}\n`);
 * // {"format":"padan/entity-store","version":3,"records":5210,…}
 * // {"record":{"source":"dtks","recordId":"D-1",…}}
 * // {"record":{"source":"dukcapil","recordId":"K-7","kk":"3201…",…},"kind":"family"}
 * // {"history":{"source":"dtks","recordId":"D-1"},"versions":[…],"withdrawn":{…}}
 * // {"entity":"P3f…","source":"dtks","recordId":"D-1"}
 * // {"family":"F0c…","anchor":{"kind":"family","source":"dukcapil","recordId":"K-7"}}
 * // {"household":"H5e…","anchor":{"kind":"dwelling","source":"regsosek","recordId":"R-2"}}
 * // {"alias":"P9a…","into":"P3f…"}
 * // {"familyAlias":"F1d…","into":"F0c…"}
 * // {"decision":{"format":"padan/decision",…}}
 * // {"audit":{"seq":1,"op":"add",…}}
 * // {"end":true,"sha256":"9c1f…"}
 */
export function* storeSnapshotLines(store: MemoryEntityStore, options?: StoreSnapshotOptions): Generator<string, void, undefined> {
  checkOptionBag(options, 'storeSnapshotLines', {});
  checkStore(store, 'storeSnapshotLines');
  const engine = store.state;
  const hash = createHash('sha256');
  const emit = (line: string): string => {
    hash.update(line);
    hash.update('\n');
    return line;
  };
  const aliases = engine.aliasEntries();
  const anchors = engine.entityAnchorEntries();
  const records = engine.records();
  const histories = engine.histories_().filter(([, history]) => history.withdrawn !== undefined || history.versions.length > 1);
  const decisions = engine.decisionSet.list();
  const audit = engine.audit;
  const groups = engine.groupSnapshot();
  const groupHistories = groups.histories.filter(({ history }) => history.withdrawn !== undefined || history.versions.length > 1);
  // A store that never took a KK or dwelling row writes no group IDs: its families are derived from
  // the person records on load, as a PostgreSQL replica built from its tables derives them.
  const withGroupIds = engine.holdsGroupRecords();
  const groupIds = withGroupIds ? groups.ids : { families: [], households: [] };
  const groupAliases = withGroupIds
    ? [
        ...groups.aliases.families.map(([id, alias]) => ({ familyAlias: id, ...alias })),
        ...groups.aliases.households.map(([id, alias]) => ({ householdAlias: id, ...alias })),
      ]
    : [];
  const counts = {
    records: records.length,
    histories: histories.length,
    entities: anchors.length,
    aliases: aliases.length,
    decisions: decisions.length,
    audit: audit.length,
    groupRecords: groups.records.length,
    groupHistories: groupHistories.length,
    groups: groupIds.families.length + groupIds.households.length,
    groupAliases: groupAliases.length,
  };
  yield emit(
    JSON.stringify({
      format: STORE_SNAPSHOT_FORMAT,
      version: STORE_SNAPSHOT_VERSION,
      modelFingerprint: store.modelFingerprint,
      policyFingerprint: store.policyFingerprint,
      ...counts,
      model: store.model,
    }),
  );
  // A record's first-seen date (its age for the entity-ID rule) is written only where it is not its observedAt.
  const seenOf = (record: { source: string; recordId: string }, observedAt: unknown) => {
    const seen = engine.firstSeenOf(record);
    return seen === undefined || seen === observedAt ? {} : { firstSeen: seen };
  };
  const groupSeen = (seen: string | undefined, observedAt: unknown) => (seen === undefined || seen === observedAt ? {} : { firstSeen: seen });
  for (const record of records) yield emit(JSON.stringify({ record, ...seenOf(record, record.observedAt) }));
  for (const { kind, record, firstSeen } of groups.records) yield emit(JSON.stringify({ record, kind, ...groupSeen(firstSeen, record.observedAt) }));
  for (const [, history] of histories) {
    // A live record's current version is its `record` line: the history holds the versions before it.
    const versions = history.withdrawn === undefined ? history.versions.slice(0, -1) : history.versions;
    yield emit(
      JSON.stringify({
        history: history.record,
        versions,
        ...(history.withdrawn === undefined ? {} : { withdrawn: history.withdrawn, ...seenOf(history.record, versions[0]?.observedAt) }),
      }),
    );
  }
  for (const { kind, history, firstSeen } of groupHistories) {
    const versions = history.withdrawn === undefined ? history.versions.slice(0, -1) : history.versions;
    yield emit(
      JSON.stringify({
        history: history.record,
        kind,
        versions,
        ...(history.withdrawn === undefined ? {} : { withdrawn: history.withdrawn, ...groupSeen(firstSeen, versions[0]?.observedAt) }),
      }),
    );
  }
  for (const [id, ref] of anchors) yield emit(JSON.stringify({ entity: id, source: ref.source, recordId: ref.recordId }));
  // A family's or household's ID belongs to a person, family or dwelling record (its tagged key).
  const anchorOf = (tagged: string) => {
    const [kind, source, recordId] = tagged.split('\u0000');
    return { kind, source, recordId };
  };
  for (const [id, tagged] of groupIds.families) yield emit(JSON.stringify({ family: id, anchor: anchorOf(tagged) }));
  for (const [id, tagged] of groupIds.households) yield emit(JSON.stringify({ household: id, anchor: anchorOf(tagged) }));
  for (const [id, alias] of aliases) yield emit(JSON.stringify({ alias: id, ...alias }));
  for (const alias of groupAliases) yield emit(JSON.stringify(alias));
  for (const decision of decisions) yield emit(JSON.stringify({ decision: JSON.parse(formatDecision(decision)) as unknown }));
  for (const entry of audit) yield emit(JSON.stringify({ audit: entry }));
  yield JSON.stringify({ end: true, ...counts, sha256: hash.digest('hex') });
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
export async function writeStoreSnapshot(store: MemoryEntityStore, output: Writable, options?: StoreSnapshotOptions): Promise<void> {
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
export function storeToSnapshot(store: MemoryEntityStore, options?: StoreSnapshotOptions): string {
  checkStore(store, 'storeToSnapshot');
  let text = '';
  for (const line of storeSnapshotLines(store, options)) text += `${line}\n`;
  return text;
}

function checkStore(store: unknown, fn: string): void {
  if (!(store instanceof MemoryEntityStore)) throw invalidArgument(fn, 'store', 'a MemoryEntityStore', store);
}
