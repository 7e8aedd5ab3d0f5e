import equal from 'fast-deep-equal';
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
  role: Uint8Array;
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

function sourceOf(record: MergeRecord): ValueSource {
  return { source: record.source, recordId: record.recordId, observedAt: record.observedAt };
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
      if (
        values[head] === values[i] ||
        equal(normalizedAt(workspace, field, head), normalizedAt(workspace, field, i))
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

interface FieldOutcome {
  readonly winner: number;
  readonly provenance: FieldProvenance;
}

function resolveField(workspace: ClusterWorkspace, field: CompiledField): FieldOutcome {
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
  if (count === 0) return { winner: -1, provenance: { value: null, rule: 'missing', from: null, losing: NONE } };

  let candidateGroups = -1;
  let rule: string | null = null;
  {
    // "Unanimous" is about all evidence (regular and accepted), not just the contenders.
    let seen = -1;
    candidateGroups = 0;
    for (let i = 0; i < records.length; i++) {
      if (role[i] !== 1 && role[i] !== 2) continue;
      if (seen === -1) {
        seen = groups[i]!;
        candidateGroups = 1;
      } else if (groups[i] !== seen) {
        candidateGroups = 2;
        break;
      }
    }
  }
  if (candidateGroups === 1) rule = 'unanimous';
  else if (anyAccepted && liveInOneGroup(workspace)) rule = 'citizen-accepted';

  // Rules keep running after the value is settled, only to pick which agreeing record is cited.
  for (const compiled of field.rules) {
    if (workspace.count <= 1) break;
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
  return {
    winner,
    provenance: { value: values[winner], rule: rule ?? 'tie-break', from: sourceOf(records[winner]!), losing },
  };
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

function extraFields<R extends MergeRecord>(records: readonly R[], compiled: CompiledPolicy<R>): CompiledField[] {
  const extra = compiled.extra;
  if (extra === null) return [];
  const keys = new Set<string>();
  for (const record of records) {
    const value = (record as unknown as { extra?: unknown }).extra;
    if (value !== null && typeof value === 'object') for (const key of Object.keys(value)) keys.add(key);
  }
  if (keys.size === 0) return [];
  return [...keys].sort().map((key) => ({
    name: `extra.${key}`,
    key: 'extra',
    subKey: key,
    rules: extra.rules,
    severity: extra.severity,
    normalize: extra.normalize,
    followIndex: -1,
  }));
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
  const sorted = isMergeState(records) ? records.records : canonicalRecords(records);
  const size = sorted.length;
  const workspace: ClusterWorkspace = {
    records: sorted,
    field: '',
    values: new Array(size),
    groups: new Array(size),
    live: new Array(size),
    count: 0,
    scores: new Array(size),
    role: new Uint8Array(size),
    normalized: new Array(size),
    groupHeads: new Array(size),
    carried: new Array(size).fill(null),
  };
  const minimumSeverity = SEVERITY_RANK[options?.minimumSeverity ?? 'low'];

  const unified: Record<string, unknown> = {};
  const provenance: Record<string, FieldProvenance> = {};
  let conflicts: MergeConflict[] | readonly never[] = NONE;
  let contested: ContestedField[] | readonly never[] = NONE;

  const fields = compiled.fields;
  const winners = new Int32Array(fields.length);
  const dynamic = extraFields(sorted, compiled);
  const total = fields.length + dynamic.length;
  let unifiedExtra: Record<string, unknown> | null = null;

  for (let f = 0; f < total; f++) {
    const field = f < fields.length ? fields[f]! : dynamic[f - fields.length]!;
    let outcome: FieldOutcome;
    if (field.followIndex >= 0) {
      const leaderWinner = winners[field.followIndex]!;
      const leader = fields[field.followIndex]!;
      if (leaderWinner === -1) outcome = { winner: -1, provenance: { value: null, rule: 'missing', from: null, losing: NONE } };
      else {
        const record = sorted[leaderWinner]!;
        const value = readValue(record, field);
        outcome = {
          winner: leaderWinner,
          provenance: { value: value ?? null, rule: `follow:${leader.name}`, from: sourceOf(record), losing: NONE },
        };
      }
    } else {
      outcome = resolveField(workspace, field);
      const contestedField = collectContested(workspace, field, outcome.winner);
      if (contestedField !== null) {
        if (contested === NONE) contested = [];
        (contested as ContestedField[]).push(contestedField);
      }
      const { provenance: fieldProvenance } = outcome;
      if (fieldProvenance.losing.length > 0 && SEVERITY_RANK[field.severity] >= minimumSeverity) {
        if (conflicts === NONE) conflicts = [];
        (conflicts as MergeConflict[]).push({
          field: field.name,
          severity: field.severity,
          chosen: fieldProvenance.value,
          rule: fieldProvenance.rule,
          from: fieldProvenance.from,
          alternatives: fieldProvenance.losing,
        });
      }
    }
    if (f < fields.length) {
      winners[f] = outcome.winner;
      unified[field.name] = outcome.provenance.value ?? null;
    } else {
      (unifiedExtra ??= {})[field.subKey!] = outcome.provenance.value ?? null;
    }
    provenance[field.name] = outcome.provenance;
  }
  if (unifiedExtra !== null) unified.extra = unifiedExtra;

  let history: CitizenSubmission[] | readonly never[] = NONE;
  const members = new Array<{ source: string; recordId: string }>(size);
  for (let i = 0; i < size; i++) {
    const record = sorted[i]!;
    members[i] = { source: record.source, recordId: record.recordId };
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
