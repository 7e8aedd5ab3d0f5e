import { checkMergeRecords } from './_checkRecords.js';
import { checkOptionBag } from '../_internal/arguments.js';
import { dataEqual } from '../_internal/dataEqual.js';
import { PadanError } from '../_internal/error.js';
import { isMissing } from './_normalize.js';
import type { RuleWorkspace } from './_workspace.js';
import type { CompiledField, CompiledPolicy } from './compilePolicy.js';
import { canonicalRecords, isMergeState, type MergeState } from './mergeState.js';
import type {
  CitizenSubmission,
  ConflictSeverity,
  ContestedField,
  FieldProvenance,
  LosingValue,
  MergeConflict,
  MergeRecord,
  MergeResult,
  UnifiedRecord,
  ValueSource,
} from './types.js';

/** Options of `mergeCluster`. */
export interface MergeClusterOptions {
  /** Leave conflicts below this severity out of `conflicts` (provenance still lists every losing value). */
  readonly minimumSeverity?: ConflictSeverity;
}

const SEVERITY_RANK: Readonly<Record<ConflictSeverity, number>> = { low: 0, medium: 1, high: 2 };
const NONE: readonly never[] = Object.freeze([]);
const UNSET: unique symbol = Symbol('unset');

type CitizenChannel = Extract<MergeRecord['channel'], { kind: 'citizen' }>;

/** Per-cluster scratch on top of the rule workspace. */
interface ClusterWorkspace extends RuleWorkspace {
  /** 0 not a candidate, 1 candidate, 2 accepted citizen candidate, 3 pending citizen value. */
  role: number[];
  /** One `ValueSource` per record, shared by every field that cites the record (fewer allocations). */
  sources: ValueSource[];
  /** Record index the last resolved field took its value from; -1 when missing. */
  winner: number;
  /** Winning record index per compiled field (a follow field reads its leader's). */
  winners: number[];
  /** Whether the cluster has any citizen submission (else contest and history work is skipped). */
  anyCitizen: boolean;
  normalized: unknown[];
  /** Record index of each group's first member. */
  groupHeads: number[];
  /** For citizen records without an explicit field list: the fields they carried (for `history`). */
  carried: (string[] | null)[];
}

function readValue(record: MergeRecord, field: CompiledField): unknown {
  const value = (record as unknown as Record<string, unknown>)[field.key];
  if (field.subKey === null) return value;
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[field.subKey] : undefined;
}

function normalizedAt(workspace: ClusterWorkspace, field: CompiledField, index: number): unknown {
  let value = workspace.normalized[index];
  if (value === UNSET) value = workspace.normalized[index] = field.normalize(workspace.values[index]);
  return value;
}

/** Puts each value-carrying record in an agreement group; returns the number of groups. */
function assignGroups(workspace: ClusterWorkspace, field: CompiledField): number {
  const { role, values, groups, groupHeads } = workspace;
  let groupCount = 0;
  for (let i = 0; i < workspace.records.length; i++) {
    if (role[i] === 0) continue;
    let group = -1;
    for (let g = 0; g < groupCount; g++) {
      const head = groupHeads[g]!;
      // Cheapest test first: most agreeing values are identical, or equal before any normalisation.
      if (
        values[head] === values[i] ||
        dataEqual(values[head], values[i]) ||
        dataEqual(normalizedAt(workspace, field, head), normalizedAt(workspace, field, i))
      ) {
        group = g;
        break;
      }
    }
    if (group === -1) {
      group = groupCount++;
      groupHeads[group] = i;
    }
    groups[i] = group;
  }
  return groupCount;
}

function liveInOneGroup(workspace: RuleWorkspace): boolean {
  const { live, groups } = workspace;
  const first = groups[live[0]!];
  for (let i = 1; i < workspace.count; i++) if (groups[live[i]!] !== first) return false;
  return true;
}

/** Marks which records take part in this field and how; returns whether any accepted citizen value exists. */
function classifyRecords(workspace: ClusterWorkspace, field: CompiledField): boolean {
  const { records, values, role, normalized, carried } = workspace;
  let anyAccepted = false;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const value = readValue(record, field);
    values[i] = value;
    normalized[i] = UNSET;
    const channel = record.channel;
    if (channel.kind !== 'citizen') {
      role[i] = isMissing(value) ? 0 : 1;
      continue;
    }
    // A citizen submission is a request, not evidence: it only speaks to the fields it names
    // (its explicit list, or else the fields it carries a value for).
    const named = channel.fields !== undefined ? channel.fields.includes(field.name) : !isMissing(value);
    if (named && channel.fields === undefined) (carried[i] ??= []).push(field.name);
    if (!named || channel.status === 'rejected') role[i] = 0;
    else if (channel.status === 'pending') role[i] = isMissing(value) ? 0 : 3;
    else {
      // An accepted correction that names a field and leaves it empty clears the field.
      if (isMissing(value)) values[i] = null;
      role[i] = 2;
      anyAccepted = true;
    }
  }
  return anyAccepted;
}

const MISSING: FieldProvenance = Object.freeze({ value: null, rule: 'missing', from: null, losing: NONE });

/** Resolves one field; leaves the winning record index in `workspace.winner`. */
function resolveField(workspace: ClusterWorkspace, field: CompiledField): FieldProvenance {
  // A lone record (a fifth of real clusters) has nothing to compete with.
  if (workspace.records.length === 1 && !workspace.anyCitizen) {
    const value = readValue(workspace.records[0]!, field);
    workspace.values[0] = value;
    if (isMissing(value)) {
      workspace.role[0] = 0;
      workspace.winner = -1;
      return MISSING;
    }
    workspace.role[0] = 1;
    workspace.winner = 0;
    return { value, rule: 'unanimous', from: workspace.sources[0]!, losing: NONE };
  }
  const anyAccepted = classifyRecords(workspace, field);
  const { records, role, live, groups, values } = workspace;
  workspace.field = field.name;
  const groupCount = assignGroups(workspace, field);

  // Pending citizen values only flag the field; accepted ones, when present, are the only contenders.
  let count = 0;
  for (let i = 0; i < records.length; i++) {
    if (anyAccepted ? role[i] === 2 : role[i] === 1) live[count++] = i;
  }
  workspace.count = count;
  workspace.winner = -1;
  if (count === 0) return MISSING;

  // "Unanimous" is about all evidence (regular and accepted values), not just the contenders.
  let unanimous = true;
  let firstGroup = -1;
  for (let i = 0; i < records.length && unanimous; i++) {
    if (role[i] !== 1 && role[i] !== 2) continue;
    if (firstGroup === -1) firstGroup = groups[i]!;
    else if (groups[i] !== firstGroup) unanimous = false;
  }
  let rule: string | null = null;
  if (unanimous) rule = 'unanimous';
  else if (anyAccepted && liveInOneGroup(workspace)) rule = 'citizen-accepted';

  // Rules keep running after the value is settled, only to pick which agreeing record is cited.
  const rules = field.rules;
  for (let r = 0; r < rules.length; r++) {
    if (workspace.count <= 1) break;
    const compiled = rules[r]!;
    if (rule !== null && compiled.groupsOnly === true) continue;
    compiled.apply(workspace);
    if (rule === null && liveInOneGroup(workspace)) rule = compiled.name;
  }
  const winner = live[0]!;
  const winningGroup = groups[winner];

  let losing: LosingValue[] | readonly never[] = NONE;
  if (groupCount > 1) {
    for (let i = 0; i < records.length; i++) {
      if ((role[i] === 1 || role[i] === 2) && groups[i] !== winningGroup) {
        if (losing === NONE) losing = [];
        const record = records[i]!;
        (losing as LosingValue[]).push({
          value: values[i],
          source: record.source,
          recordId: record.recordId,
          observedAt: record.observedAt,
        });
      }
    }
  }
  workspace.winner = winner;
  return { value: values[winner], rule: rule ?? 'tie-break', from: workspace.sources[winner]!, losing };
}

function collectContested(workspace: ClusterWorkspace, field: CompiledField, winner: number): ContestedField | null {
  const { records, role, groups, values } = workspace;
  let proposals: (LosingValue & { action: CitizenChannel['action'] })[] | null = null;
  for (let i = 0; i < records.length; i++) {
    if (role[i] !== 3 || (winner !== -1 && groups[i] === groups[winner])) continue;
    const record = records[i]!;
    (proposals ??= []).push({
      value: values[i],
      source: record.source,
      recordId: record.recordId,
      observedAt: record.observedAt,
      action: (record.channel as CitizenChannel).action,
    });
  }
  if (proposals === null) return null;
  return { field: field.name, value: winner === -1 ? null : values[winner], proposals };
}

function materialAlternatives(field: CompiledField, provenance: FieldProvenance): readonly LosingValue[] {
  const compatible = field.compatible;
  if (compatible === null) return provenance.losing;
  const chosen = provenance.value;
  return provenance.losing.filter((losing) => !compatible(chosen, losing.value));
}

interface ExtraFields {
  readonly fields: CompiledField[];
  /** Keys only pending citizen submissions carry: they flag a contest but add nothing to the record. */
  readonly contestOnly: ReadonlySet<string> | null;
}

const NO_EXTRA: ExtraFields = { fields: [], contestOnly: null };

// Keys of `extra` come from the evidence (non-citizen and accepted citizen records): a rejected
// submission must not add even an empty key, and a pending one may only flag one.
function extraFields<R extends MergeRecord>(records: readonly R[], compiled: CompiledPolicy<R>): ExtraFields {
  const extra = compiled.extra;
  if (extra === null) return NO_EXTRA;
  let keys: Set<string> | null = null;
  let pendingKeys: Set<string> | null = null;
  for (const record of records) {
    const value = (record as unknown as { extra?: unknown }).extra;
    const channel = record.channel;
    if (value === undefined && channel.kind !== 'citizen') continue;
    keys ??= new Set();
    const status = channel.kind === 'citizen' ? channel.status : 'evidence';
    if (status === 'rejected') continue;
    if (status === 'accepted' && channel.kind === 'citizen' && channel.fields !== undefined) {
      for (const name of channel.fields) if (name.startsWith('extra.')) keys.add(name.slice('extra.'.length));
    }
    if (value === null || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      if (status === 'pending') (pendingKeys ??= new Set()).add(key);
      else keys.add(key);
    }
  }
  let contestOnly: Set<string> | null = null;
  if (pendingKeys !== null) {
    for (const key of pendingKeys) {
      if (keys!.has(key)) continue;
      (contestOnly ??= new Set()).add(`extra.${key}`);
      keys!.add(key);
    }
  }
  if (keys === null || keys.size === 0) return NO_EXTRA;
  const fields = [...keys].sort().map((key) => ({
    name: `extra.${key}`,
    key: 'extra',
    subKey: key,
    rules: extra.rules,
    severity: extra.severity,
    normalize: extra.normalize,
    compatible: extra.compatible,
    followIndex: -1,
    followRule: '',
  }));
  return { fields, contestOnly };
}

function emptyWorkspace(): ClusterWorkspace {
  return {
    records: [],
    field: '',
    values: [],
    groups: [],
    live: [],
    count: 0,
    scores: [],
    role: [],
    normalized: [],
    groupHeads: [],
    carried: [],
    sources: [],
    winner: -1,
    winners: [],
    anyCitizen: false,
  };
}

// One reusable workspace: allocating a dozen scratch arrays per cluster dominated the profile. A custom
// rule that calls mergeCluster re-enters; it then gets a fresh workspace instead.
let spareWorkspace: ClusterWorkspace | null = emptyWorkspace();

function acquireWorkspace(records: readonly MergeRecord[], sources: ValueSource[], anyCitizen: boolean): ClusterWorkspace {
  const workspace = spareWorkspace ?? emptyWorkspace();
  spareWorkspace = null;
  workspace.records = records;
  workspace.sources = sources;
  workspace.count = 0;
  workspace.winner = -1;
  workspace.anyCitizen = anyCitizen;
  const carried = workspace.carried;
  carried.length = 0;
  if (anyCitizen) for (let i = 0; i < records.length; i++) carried.push(null);
  return workspace;
}

function releaseWorkspace(workspace: ClusterWorkspace): void {
  // Drop references to caller data so the pool keeps nothing alive.
  workspace.records = [];
  workspace.sources = [];
  workspace.values.fill(undefined);
  workspace.normalized.fill(undefined);
  spareWorkspace = workspace;
}

/**
 * Merges one cluster (records of one entity, or a `MergeState`) into a unified record with provenance
 * for every field, the conflicts a steward should review, fields contested by pending citizen
 * submissions, and the fingerprint of the policy and model. The result never depends on record order.
 *
 * @example
 * const compiled = compilePolicy(dtsenPersonPolicy);
 * const { unified, provenance } = mergeCluster([dtksRecord, dukcapilRecord], compiled);
 * unified.birthDate // => '1980-03-12' (from dukcapil)
 * provenance.birthDate.rule // => 'source-priority'
 */
export function mergeCluster<R extends MergeRecord>(
  records: readonly R[] | MergeState<R>,
  compiled: CompiledPolicy<R>,
  options?: MergeClusterOptions,
): MergeResult<R> {
  if (compiled?.kind !== 'compiled-merge-policy') {
    throw new PadanError('invalid-argument', 'mergeCluster takes a compiled policy: call compilePolicy(policy) once first');
  }
  checkOptionBag(options, 'mergeCluster', { minimumSeverity: ['low', 'medium', 'high'] });
  if (!isMergeState(records)) checkMergeRecords(records, 'mergeCluster');
  const sorted = isMergeState(records) ? records.records : canonicalRecords(records);
  const size = sorted.length;
  const sources = new Array<ValueSource>(size);
  let anyCitizen = false;
  for (let i = 0; i < size; i++) {
    const record = sorted[i]!;
    sources[i] = { source: record.source, recordId: record.recordId, observedAt: record.observedAt };
    if (record.channel.kind === 'citizen') anyCitizen = true;
  }
  const workspace = acquireWorkspace(sorted, sources, anyCitizen);
  try {
    return mergeSorted(workspace, sorted, compiled, options);
  } finally {
    releaseWorkspace(workspace);
  }
}

function mergeSorted<R extends MergeRecord>(
  workspace: ClusterWorkspace,
  sorted: readonly R[],
  compiled: CompiledPolicy<R>,
  options: MergeClusterOptions | undefined,
): MergeResult<R> {
  const minimumSeverity = SEVERITY_RANK[options?.minimumSeverity ?? 'low'];
  const unified: Record<string, unknown> = {};
  const provenance: Record<string, FieldProvenance> = {};
  let conflicts: MergeConflict[] | readonly never[] = NONE;
  let contested: ContestedField[] | readonly never[] = NONE;

  const fields = compiled.fields;
  const winners = workspace.winners;
  const { fields: dynamic, contestOnly } = extraFields(sorted, compiled);
  const total = fields.length + dynamic.length;
  let unifiedExtra: Record<string, unknown> | null = null;

  for (let f = 0; f < total; f++) {
    const field = f < fields.length ? fields[f]! : dynamic[f - fields.length]!;
    let fieldProvenance: FieldProvenance;
    if (field.followIndex >= 0) {
      const leaderWinner = winners[field.followIndex]!;
      workspace.winner = leaderWinner;
      if (leaderWinner === -1) fieldProvenance = MISSING;
      else {
        const value = readValue(sorted[leaderWinner]!, field);
        fieldProvenance = {
          value: value ?? null,
          rule: field.followRule,
          from: workspace.sources[leaderWinner]!,
          losing: NONE,
        };
      }
    } else {
      fieldProvenance = resolveField(workspace, field);
      const contestedField = workspace.anyCitizen ? collectContested(workspace, field, workspace.winner) : null;
      if (contestedField !== null) {
        if (contested === NONE) contested = [];
        (contested as ContestedField[]).push(contestedField);
      }
      if (contestOnly !== null && contestOnly.has(field.name)) continue;
      if (fieldProvenance.losing.length > 0 && SEVERITY_RANK[field.severity] >= minimumSeverity) {
        const alternatives = materialAlternatives(field, fieldProvenance);
        if (alternatives.length > 0) {
          if (conflicts === NONE) conflicts = [];
          (conflicts as MergeConflict[]).push({
            field: field.name,
            severity: field.severity,
            chosen: fieldProvenance.value,
            rule: fieldProvenance.rule,
            from: fieldProvenance.from,
            alternatives,
          });
        }
      }
    }
    if (f < fields.length) {
      winners[f] = workspace.winner;
      unified[field.name] = fieldProvenance.value ?? null;
    } else {
      (unifiedExtra ??= {})[field.subKey!] = fieldProvenance.value ?? null;
    }
    provenance[field.name] = fieldProvenance;
  }
  if (unifiedExtra !== null) unified.extra = unifiedExtra;

  let history: CitizenSubmission[] | readonly never[] = NONE;
  for (let i = 0; i < sorted.length; i++) {
    const record = sorted[i]!;
    const channel = record.channel;
    if (channel.kind !== 'citizen') continue;
    if (history === NONE) history = [];
    (history as CitizenSubmission[]).push({
      source: record.source,
      recordId: record.recordId,
      observedAt: record.observedAt,
      action: channel.action,
      status: channel.status,
      fields: channel.fields ?? workspace.carried[i] ?? NONE,
    });
  }
  const members = workspace.sources;
  return {
    unified: unified as UnifiedRecord<R>,
    provenance,
    conflicts,
    contested,
    history,
    members,
    fingerprint: compiled.fingerprint,
  };
}
