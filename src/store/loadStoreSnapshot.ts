import { boxedItems } from '../_internal/boxedItems.js';
import { checkOptionBag } from '../_internal/arguments.js';
import { createHash } from 'node:crypto';
import { dataEqual } from '../_internal/dataEqual.js';
import { PadanError } from '../_internal/error.js';
import { fingerprint } from '../_internal/hash.js';
import type { CompiledPolicy } from '../merge/compilePolicy.js';
import type { MergePersonRecord, MergePolicy } from '../merge/types.js';
import type { PersonRecord } from '../schema/person.js';
import type { DwellingRecord } from '../schema/dwelling.js';
import type { FamilyRecord } from '../schema/family.js';
import { validateDwelling, validateFamily, validatePerson } from '../schema/validate.js';
import { groupRecordKey } from '../group/groupIds.js';
import type { GroupAlias, GroupKind } from './_groups.js';
import type { TrainedModel } from '../model/modelSpec.js';
import type { ModelRegistry } from '../model/modelRegistry.js';
import { parseDecision, refKey, type StewardDecision } from './decisions.js';
import { MemoryEntityStore } from './MemoryEntityStore.js';
import type { AuditEntry, StoreRecordRef } from './types.js';
import { STORE_SNAPSHOT_FORMAT, STORE_SNAPSHOT_VERSION } from './writeStoreSnapshot.js';

/** Options of {@link loadStoreSnapshot}. */
export interface LoadStoreSnapshotOptions {
  /** The merge policy (policies may hold functions, so they are not in the snapshot); its fingerprint must match. */
  readonly policy: MergePolicy<MergePersonRecord> | CompiledPolicy<MergePersonRecord>;
  /** The model; default the one in the header. Its fingerprint must match the header's. */
  readonly model?: TrainedModel;
  /** Validate records added later (default true). Snapshot records are always checked with the person schema. */
  readonly validate?: boolean;
  /** The caller's own preparers, level kinds and key transforms the model names (see `createModelRegistry`). */
  readonly registry?: ModelRegistry;
}

interface Header {
  readonly format: string;
  readonly version: number;
  readonly modelFingerprint: string;
  readonly policyFingerprint: string;
  readonly records: number;
  readonly histories: number;
  readonly entities: number;
  readonly aliases: number;
  readonly decisions: number;
  readonly audit: number;
  readonly groupRecords: number;
  readonly groupHistories: number;
  readonly groups: number;
  readonly groupAliases: number;
  readonly model: TrainedModel;
}

// Older format versions and how to bring their lines to the current one. Version 1 (records and
// aliases by record, no histories) predates record versions: its aliases cannot be mapped to the
// entity they merged into, so a v1 snapshot is refused with advice to rebuild from its records.
// Version 2 held no family or dwelling records: its lines are version 3 lines, its group counts 0.
const MIGRATIONS: Readonly<Record<number, (line: Record<string, unknown>) => Record<string, unknown>>> = { 2: (line) => line };

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

const COUNTS = ['records', 'histories', 'entities', 'aliases', 'decisions', 'audit', 'groupRecords', 'groupHistories', 'groups', 'groupAliases'] as const;
/** Counts a version 2 header lacks (it held no family or dwelling records). */
const GROUP_COUNTS: ReadonlySet<string> = new Set(['groupRecords', 'groupHistories', 'groups', 'groupAliases']);

function checkHeader(value: Record<string, unknown>): Header {
  if (value.format !== STORE_SNAPSHOT_FORMAT) invalid(`not an entity-store snapshot (format ${JSON.stringify(String(value.format ?? null).slice(0, 40))})`);
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) invalid('the header has no format version');
  if (version > STORE_SNAPSHOT_VERSION) {
    invalid(`format version ${version} is newer than this library reads (${STORE_SNAPSHOT_VERSION}); upgrade padan`);
  }
  if (version < STORE_SNAPSHOT_VERSION && MIGRATIONS[version] === undefined) {
    invalid(
      `format version ${version} is no longer supported and cannot be migrated (this library reads ${STORE_SNAPSHOT_VERSION}); rebuild the store from its records`,
    );
  }
  if (typeof value.modelFingerprint !== 'string' || typeof value.policyFingerprint !== 'string') invalid('the header lacks fingerprints');
  const counts: Record<string, number> = {};
  for (const count of COUNTS) {
    const n = value[count] ?? (version < 3 && GROUP_COUNTS.has(count) ? 0 : undefined);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) invalid(`the header lacks the ${count} count`);
    counts[count] = n as number;
  }
  return { ...value, ...counts } as unknown as Header;
}

function isRef(value: Record<string, unknown>): boolean {
  return typeof value.source === 'string' && value.source !== '' && typeof value.recordId === 'string' && value.recordId !== '';
}

/** A snapshot record must pass the person schema; returns it as stored (validation is a check here). */
function checkRecord(value: unknown, where: string): PersonRecord {
  const checked = validatePerson(value, { malformedIds: 'keep-in-extra' });
  if (!checked.success) invalid(`${where} is not a valid person record (${checked.issues.map((issue) => issue.code).join(', ')})`);
  // A stored record was validated when it was added: validation that has to drop or change a field now means it was edited.
  if (checked.warnings.length > 0 && !dataEqual(checked.value, value)) {
    invalid(`${where} is not a valid person record (${checked.warnings.map((issue) => issue.code).join(', ')})`);
  }
  return value as PersonRecord;
}

const GROUP_KINDS: readonly GroupKind[] = ['family', 'dwelling'];

function groupKindOf(value: Record<string, unknown>, where: string): GroupKind | undefined {
  if (value.kind === undefined) return undefined;
  if (!GROUP_KINDS.includes(value.kind as GroupKind)) invalid(`${where} has an unknown record kind`);
  return value.kind as GroupKind;
}

/** A snapshot family or dwelling record must pass its schema unchanged, as a person record must. */
function checkGroupRecord(kind: GroupKind, value: unknown, where: string): FamilyRecord | DwellingRecord {
  const checked = kind === 'family' ? validateFamily(value) : validateDwelling(value);
  if (!checked.success) invalid(`${where} is not a valid ${kind} record (${checked.issues.map((issue) => issue.code).join(', ')})`);
  if (checked.warnings.length > 0 && !dataEqual(checked.value, value)) {
    invalid(`${where} is not a valid ${kind} record (${checked.warnings.map((issue) => issue.code).join(', ')})`);
  }
  return value as FamilyRecord | DwellingRecord;
}

/** A group ID's record: `{ kind, source, recordId }` as its tagged key. */
function anchorKeyOf(value: unknown, where: string): string {
  const anchor = value as Record<string, unknown> | null;
  if (anchor === null || typeof anchor !== 'object' || !isRef(anchor) || !['person', 'family', 'dwelling'].includes(anchor.kind as string))
    invalid(`${where} names no record for its ID`);
  const { kind, source, recordId } = anchor as { kind: 'person' | 'family' | 'dwelling'; source: string; recordId: string };
  return groupRecordKey(kind, source, recordId);
}

/**
 * Loads a store from snapshot lines (any iterable or async iterable of lines, e.g. `readline` over a
 * file). Everything is checked before the store is built — the trailer's sha256, the counts, the
 * model and policy fingerprints, and every record against the person schema, with no (source,
 * recordId) twice — so a truncated, corrupted or hand-edited snapshot throws
 * `PadanError('invalid-snapshot')` naming the line, never half-loaded. Entities, families,
 * households, IDs (retired ones too), histories, decisions and the audit log come back identical
 * (features and groups are derived again, which with a fixed model gives the same ones).
 *
 * @example
 * const lines = readline.createInterface({ input: fs.createReadStream('persons.ndjson') });
 * const store = await loadStoreSnapshot(lines, { policy: dtsenPersonPolicy });
 */
export async function loadStoreSnapshot(lines: AsyncIterable<string> | Iterable<string>, options: LoadStoreSnapshotOptions): Promise<MemoryEntityStore> {
  if (
    typeof lines !== 'object' ||
    lines === null ||
    (typeof (lines as Partial<AsyncIterable<string>>)[Symbol.asyncIterator] !== 'function' &&
      typeof (lines as Partial<Iterable<string>>)[Symbol.iterator] !== 'function')
  ) {
    throw new PadanError('invalid-argument', 'loadStoreSnapshot: lines must be an iterable or async iterable of strings');
  }
  checkOptionBag(options, 'loadStoreSnapshot', { policy: 'object', model: 'object', validate: 'boolean', registry: 'object' });
  const hash = createHash('sha256');
  let header: Header | null = null;
  let migrate: ((line: Record<string, unknown>) => Record<string, unknown>) | null = null;
  const records: PersonRecord[] = [];
  const seen = new Set<string>();
  const histories: { ref: StoreRecordRef; versions: PersonRecord[]; withdrawn?: { reason: string; by: string; at?: string } }[] = [];
  const anchors: [string, StoreRecordRef][] = [];
  const firstSeen: [StoreRecordRef, string][] = [];
  const readSeen = (ref: StoreRecordRef, value: unknown, where: string): void => {
    if (value === undefined) return;
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) invalid(`${where} has a malformed firstSeen`);
    firstSeen.push([ref, value]);
  };
  const aliases: [string, { into: string } | { withdrawn: true }][] = [];
  const decisions: StewardDecision[] = [];
  const audit: AuditEntry[] = [];
  const groupRecords: Record<GroupKind, (FamilyRecord | DwellingRecord)[]> = { family: [], dwelling: [] };
  const groupHistories: {
    kind: GroupKind;
    history: { record: StoreRecordRef; versions: (FamilyRecord | DwellingRecord)[]; withdrawn?: { reason: string; by: string; at?: string } };
  }[] = [];
  const groupFirstSeen: [string, string][] = [];
  const groupIds = { families: [] as [string, string][], households: [] as [string, string][] };
  const groupAliases = { families: [] as [string, GroupAlias][], households: [] as [string, GroupAlias][] };
  const readGroupSeen = (key: string, value: unknown, where: string): void => {
    if (value === undefined) return;
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) invalid(`${where} has a malformed firstSeen`);
    groupFirstSeen.push([key, value]);
  };
  let trailer: Record<string, unknown> | null = null;
  let lineNumber = 0;
  for await (const { item: raw } of boxedItems(lines)) {
    lineNumber++;
    if (typeof raw !== 'string') invalid(`line ${lineNumber} is not text`);
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
    const where = `line ${lineNumber}`;
    const kind = 'record' in value || 'history' in value ? groupKindOf(value, where) : undefined;
    if ('record' in value && kind !== undefined) {
      const record = checkGroupRecord(kind, value.record, where);
      const key = groupRecordKey(kind, record.source, record.recordId);
      if (seen.has(key)) invalid(`${where} repeats a (source, recordId) already in the snapshot`);
      seen.add(key);
      groupRecords[kind].push(record);
      readGroupSeen(key, value.firstSeen, where);
    } else if ('history' in value && kind !== undefined) {
      const ref = value.history as Record<string, unknown> | null;
      if (ref === null || typeof ref !== 'object' || !isRef(ref) || !Array.isArray(value.versions)) invalid(`${where} is not a record history`);
      const key = groupRecordKey(kind, String(ref.source), String(ref.recordId));
      const versions = (value.versions as unknown[]).map((version, i) => checkGroupRecord(kind, version, `${where} version ${i}`));
      if (versions.some((version) => groupRecordKey(kind, version.source, version.recordId) !== key)) invalid(`${where} holds a version of another record`);
      const withdrawn = value.withdrawn as Record<string, unknown> | undefined;
      if (withdrawn !== undefined && (withdrawn === null || typeof withdrawn.reason !== 'string' || typeof withdrawn.by !== 'string'))
        invalid(`${where} has a malformed withdrawal`);
      if (withdrawn !== undefined) {
        if (seen.has(key)) invalid(`${where} withdraws a record that is also in matching`);
        seen.add(key);
      }
      readGroupSeen(key, value.firstSeen, where);
      groupHistories.push({
        kind,
        history: {
          record: { source: String(ref.source), recordId: String(ref.recordId) },
          versions,
          ...(withdrawn === undefined ? {} : { withdrawn: withdrawn as { reason: string; by: string; at?: string } }),
        },
      });
    } else if (typeof value.family === 'string' || typeof value.household === 'string') {
      const anchor = anchorKeyOf(value.anchor, where);
      if (typeof value.family === 'string') groupIds.families.push([value.family, anchor]);
      else groupIds.households.push([value.household as string, anchor]);
    } else if (
      (typeof value.familyAlias === 'string' || typeof value.householdAlias === 'string') &&
      (typeof value.into === 'string' || value.withdrawn === true)
    ) {
      const alias: GroupAlias = typeof value.into === 'string' ? { into: value.into } : { withdrawn: true };
      if (typeof value.familyAlias === 'string') groupAliases.families.push([value.familyAlias, alias]);
      else groupAliases.households.push([value.householdAlias as string, alias]);
    } else if ('record' in value) {
      const record = checkRecord(value.record, where);
      const key = refKey(record as unknown as StoreRecordRef);
      if (seen.has(key)) invalid(`${where} repeats a (source, recordId) already in the snapshot`);
      seen.add(key);
      records.push(record);
      readSeen(record as unknown as StoreRecordRef, value.firstSeen, where);
    } else if ('history' in value) {
      const ref = value.history as Record<string, unknown> | null;
      if (ref === null || typeof ref !== 'object' || !isRef(ref) || !Array.isArray(value.versions)) invalid(`${where} is not a record history`);
      const versions = (value.versions as unknown[]).map((version, i) => checkRecord(version, `${where} version ${i}`));
      const key = `${String(ref.source)}\u0000${String(ref.recordId)}`;
      if (versions.some((version) => refKey(version as unknown as StoreRecordRef) !== key)) invalid(`${where} holds a version of another record`);
      const withdrawn = value.withdrawn as Record<string, unknown> | undefined;
      if (withdrawn !== undefined && (withdrawn === null || typeof withdrawn.reason !== 'string' || typeof withdrawn.by !== 'string'))
        invalid(`${where} has a malformed withdrawal`);
      if (withdrawn !== undefined) {
        if (seen.has(key)) invalid(`${where} withdraws a record that is also in matching`);
        seen.add(key);
      }
      readSeen({ source: String(ref.source), recordId: String(ref.recordId) }, value.firstSeen, where);
      histories.push({
        ref: { source: String(ref.source), recordId: String(ref.recordId) },
        versions,
        ...(withdrawn === undefined ? {} : { withdrawn: withdrawn as { reason: string; by: string; at?: string } }),
      });
    } else if (typeof value.entity === 'string' && isRef(value)) {
      anchors.push([value.entity, { source: value.source as string, recordId: value.recordId as string }]);
    } else if (typeof value.alias === 'string' && (typeof value.into === 'string' || value.withdrawn === true)) {
      aliases.push([value.alias, typeof value.into === 'string' ? { into: value.into } : { withdrawn: true }]);
    } else if ('decision' in value) {
      const parsed = parseDecision(
        value.decision !== null && typeof value.decision === 'object' ? { ...(value.decision as object), id: undefined } : value.decision,
      );
      if (!parsed.success) invalid(`${where} is not a valid decision (${parsed.issues.map((issue) => issue.code).join(', ')})`);
      decisions.push(parsed.value);
    } else if ('audit' in value && value.audit !== null && typeof value.audit === 'object') {
      audit.push(value.audit as AuditEntry);
    } else invalid(`line ${lineNumber} is not a snapshot line`);
  }
  if (header === null) invalid('empty input');
  if (trailer === null) invalid('no trailer: the snapshot is truncated');
  if (trailer.sha256 !== hash.digest('hex')) invalid('checksum mismatch: the snapshot is corrupted');
  const found = {
    records: records.length,
    histories: histories.length,
    entities: anchors.length,
    aliases: aliases.length,
    decisions: decisions.length,
    audit: audit.length,
    groupRecords: groupRecords.family.length + groupRecords.dwelling.length,
    groupHistories: groupHistories.length,
    groups: groupIds.families.length + groupIds.households.length,
    groupAliases: groupAliases.families.length + groupAliases.households.length,
  };
  for (const count of COUNTS) {
    if (found[count] !== header[count] || (trailer[count] ?? (header.version < 3 && GROUP_COUNTS.has(count) ? 0 : undefined)) !== header[count])
      invalid(`expected ${header[count]} ${count}, found ${found[count]}`);
  }

  const model = options.model ?? header.model;
  if (fingerprint(model) !== header.modelFingerprint) invalid('it was written with a different model than the one given');
  const store = new MemoryEntityStore({
    model,
    policy: options.policy,
    validate: options.validate !== false,
    ...(options.registry === undefined ? {} : { registry: options.registry }),
  });
  if (store.policyFingerprint !== header.policyFingerprint) invalid('it was written with a different merge policy than the one given');
  if (decisions.length > 0) {
    const outcome = await store.decide(decisions);
    if (outcome.outcomes.some((item) => item.status !== 'applied')) invalid('its decisions conflict with each other');
  }
  await store.add(records, { validate: false });
  for (const kind of GROUP_KINDS) if (groupRecords[kind].length > 0) await store.add(groupRecords[kind], { validate: false, kind });
  store.restore((engine) => {
    engine.restoreHistories(histories, firstSeen, audit);
    engine.restoreIds(anchors, aliases);
    // Families and households last: derived again with the restored person IDs.
    engine.restoreGroups({
      histories: groupHistories,
      firstSeen: groupFirstSeen,
      // No group ID lines: a store without KK or dwelling rows (or version 2); its groups keep the IDs derived now.
      ...(found.groups + found.groupAliases === 0
        ? {}
        : {
            ids: {
              families: groupIds.families,
              households: groupIds.households,
              familyAliases: groupAliases.families,
              householdAliases: groupAliases.households,
            },
          }),
    });
  });
  return store;
}

/**
 * Loads a store from a snapshot string (see {@link loadStoreSnapshot}).
 *
 * @example
 * const copy = await storeFromSnapshot(storeToSnapshot(store), { policy: dtsenPersonPolicy });
 * await copy.entities() // deep-equals await store.entities()
 */
export function storeFromSnapshot(text: string, options: LoadStoreSnapshotOptions): Promise<MemoryEntityStore> {
  if (typeof text !== 'string') throw new PadanError('invalid-argument', 'storeFromSnapshot: text must be a string');
  return loadStoreSnapshot(text.split('\n'), options);
}
