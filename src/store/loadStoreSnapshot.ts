import { createHash } from 'node:crypto';
import { PadanError } from '../_internal/error.js';
import { fingerprint } from '../_internal/hash.js';
import type { CompiledPolicy } from '../merge/compilePolicy.js';
import type { MergePersonRecord, MergePolicy } from '../merge/types.js';
import type { TrainedModel } from '../score/modelSpec.js';
import { EntityStore } from './EntityStore.js';
import type { StoreRecordRef } from './types.js';
import { STORE_SNAPSHOT_FORMAT, STORE_SNAPSHOT_VERSION } from './writeStoreSnapshot.js';

/** Options of {@link loadStoreSnapshot}. */
export interface LoadStoreSnapshotOptions {
  /** The merge policy (policies may hold functions, so they are not in the snapshot); its fingerprint must match. */
  readonly policy: MergePolicy<MergePersonRecord> | CompiledPolicy<MergePersonRecord>;
  /** The model; default the one in the header. Its fingerprint must match the header's. */
  readonly model?: TrainedModel;
  /** Validate records added later (default true); snapshot records are not re-validated. */
  readonly validate?: boolean;
}

interface Header {
  readonly format: string;
  readonly version: number;
  readonly modelFingerprint: string;
  readonly policyFingerprint: string;
  readonly records: number;
  readonly aliases: number;
  readonly model: TrainedModel;
}

// Older format versions and how to bring their lines to the current one. None exist yet: version 1
// is the first. A future version 2 adds `1: (line) => upgradedLine` here instead of refusing v1 files.
const MIGRATIONS: Readonly<Record<number, (line: Record<string, unknown>) => Record<string, unknown>>> = {};

function invalid(message: string): never {
  throw new PadanError('invalid-snapshot', `entity-store snapshot: ${message}`);
}

function parseLine(line: string, lineNumber: number): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below, without echoing the line (it holds personal data)
  }
  return invalid(`line ${lineNumber} is not a JSON object (corrupted file?)`);
}

function checkHeader(value: Record<string, unknown>): Header {
  if (value.format !== STORE_SNAPSHOT_FORMAT) invalid(`not an entity-store snapshot (format ${JSON.stringify(value.format ?? null)})`);
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) invalid('the header has no format version');
  if (version > STORE_SNAPSHOT_VERSION) {
    invalid(`format version ${version} is newer than this library reads (${STORE_SNAPSHOT_VERSION}); upgrade padan`);
  }
  if (version < STORE_SNAPSHOT_VERSION && MIGRATIONS[version] === undefined) {
    invalid(`format version ${version} is no longer supported and cannot be migrated (this library reads ${STORE_SNAPSHOT_VERSION}); rebuild the store from its records`);
  }
  if (typeof value.records !== 'number' || typeof value.modelFingerprint !== 'string' || typeof value.policyFingerprint !== 'string') {
    invalid('the header lacks record count or fingerprints');
  }
  return value as unknown as Header;
}

/**
 * Loads a store from snapshot lines (any iterable or async iterable of lines, e.g. `readline` over a
 * file). Everything is checked before the store is built — the trailer's sha256, the counts, the
 * model and policy fingerprints — so a truncated or corrupted snapshot throws
 * `PadanError('invalid-snapshot')` and is never half-loaded. Entities, IDs and retired IDs come back
 * identical (features are recomputed, which with a fixed model gives the same entities).
 *
 * @example
 * const lines = readline.createInterface({ input: fs.createReadStream('persons.ndjson') });
 * const store = await loadStoreSnapshot(lines, { policy: dtsenPersonPolicy });
 */
export async function loadStoreSnapshot(
  lines: AsyncIterable<string> | Iterable<string>,
  options: LoadStoreSnapshotOptions,
): Promise<EntityStore> {
  if (typeof lines !== 'object' || lines === null || (typeof (lines as Partial<AsyncIterable<string>>)[Symbol.asyncIterator] !== 'function' && typeof (lines as Partial<Iterable<string>>)[Symbol.iterator] !== 'function')) {
    throw new PadanError('invalid-argument', 'loadStoreSnapshot: lines must be an iterable or async iterable of strings');
  }
  const hash = createHash('sha256');
  let header: Header | null = null;
  let migrate: ((line: Record<string, unknown>) => Record<string, unknown>) | null = null;
  const records: unknown[] = [];
  const aliases: [string, StoreRecordRef][] = [];
  let trailer: Record<string, unknown> | null = null;
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    if (typeof raw !== 'string') invalid(`line ${lineNumber} is not a string`);
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    if (trailer !== null) invalid(`content after the trailer (line ${lineNumber})`);
    let value = parseLine(line, lineNumber);
    if (header === null) {
      header = checkHeader(value);
      migrate = header.version < STORE_SNAPSHOT_VERSION ? (MIGRATIONS[header.version] ?? null) : null;
      hash.update(line);
      hash.update('\n');
      continue;
    }
    if (value.end === true) {
      trailer = value;
      continue;
    }
    hash.update(line);
    hash.update('\n');
    if (migrate !== null) value = migrate(value);
    if ('record' in value) records.push(value.record);
    else if (typeof value.alias === 'string' && typeof value.source === 'string' && typeof value.recordId === 'string') {
      aliases.push([value.alias, { source: value.source, recordId: value.recordId }]);
    } else invalid(`line ${lineNumber} is neither a record nor an alias`);
  }
  if (header === null) invalid('empty input');
  if (trailer === null) invalid('no trailer: the snapshot is truncated');
  if (trailer.sha256 !== hash.digest('hex')) invalid('checksum mismatch: the snapshot is corrupted');
  if (records.length !== header.records || trailer.records !== header.records) {
    invalid(`expected ${header.records} records, found ${records.length}`);
  }
  if (aliases.length !== (header.aliases ?? 0)) invalid(`expected ${header.aliases} retired IDs, found ${aliases.length}`);

  const model = options.model ?? header.model;
  if (fingerprint(model) !== header.modelFingerprint) invalid('it was written with a different model than the one given');
  const store = new EntityStore({ model, policy: options.policy, validate: options.validate !== false });
  if (store.policyFingerprint !== header.policyFingerprint) invalid('it was written with a different merge policy than the one given');
  store.add(records, { validate: false });
  for (const [id, ref] of aliases) store.restoreAlias(id, ref);
  return store;
}

/**
 * Loads a store from a snapshot string (see {@link loadStoreSnapshot}).
 *
 * @example
 * const copy = await storeFromSnapshot(storeToSnapshot(store), { policy: dtsenPersonPolicy });
 * copy.entities() // deep-equals store.entities()
 */
export function storeFromSnapshot(text: string, options: LoadStoreSnapshotOptions): Promise<EntityStore> {
  if (typeof text !== 'string') throw new PadanError('invalid-argument', 'storeFromSnapshot: text must be a string');
  return loadStoreSnapshot(text.split('\n'), options);
}
