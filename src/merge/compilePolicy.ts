import { checkOptionBag } from '../_internal/arguments.js';
import { createHash } from 'node:crypto';
import { PadanError } from '../_internal/error.js';
import { canonicalJson } from '../_internal/hash.js';
import { compatibilityFor, normalizerFor, type Compatibility, type Normalizer } from './_normalize.js';
import { fieldRulesSchema, followFieldSchema, policySchema } from './_policySchema.js';
import type { CompiledRule } from './_workspace.js';
import { compileCustomRule } from './customRule.js';
import { compileMostComplete } from './mostComplete.js';
import { compileMostFrequent } from './mostFrequent.js';
import { compileMostRecent } from './mostRecent.js';
import { compileMostVerified } from './mostVerified.js';
import { compileSourcePriority } from './sourcePriority.js';
import type { ConflictSeverity, FieldRules, MergeNormalization, MergePolicy, MergeRecord, MergeRule } from './types.js';

/**
 * Version of the merge algorithm itself, hashed into every fingerprint: bump it whenever the same policy
 * could produce a different unified record (a changed tie-break, normalisation or completeness score).
 */
export const MERGE_ALGORITHM_VERSION = 1;

/** Options of `compilePolicy`. */
export interface CompilePolicyOptions {
  /** The matching model's fingerprint, opaque to merge; hashed into every result's `fingerprint`. */
  readonly modelFingerprint?: string;
}

/** One field's resolved rules, ready for the hot path. */
export interface CompiledField {
  /** Output key: the field, or `extra.<key>`. */
  readonly name: string;
  /** The record property read. */
  readonly key: string;
  /** For `extra.<key>` fields: the key inside `extra`; otherwise null. */
  readonly subKey: string | null;
  readonly rules: readonly CompiledRule[];
  readonly severity: ConflictSeverity;
  readonly normalize: Normalizer;
  /** Losing values this accepts as no real disagreement are left out of conflicts; null: none are. */
  readonly compatible: Compatibility | null;
  /** For a follow field: the index (in `fields`) of the field whose winning record it copies; else -1. */
  readonly followIndex: number;
  /** For a follow field: its provenance rule, `follow:<leader>` (built once, not per cluster). */
  readonly followRule: string;
}

/** Rules applied to each key of `extra`. */
export interface CompiledExtra {
  readonly rules: readonly CompiledRule[];
  readonly severity: ConflictSeverity;
  readonly normalize: Normalizer;
  readonly compatible: Compatibility | null;
}

/** A policy validated and compiled once; `mergeCluster` only ever takes this. */
export interface CompiledPolicy<R extends MergeRecord = MergeRecord> {
  readonly kind: 'compiled-merge-policy';
  readonly name: string;
  readonly version: string;
  /** Rule fields in name order, then follow fields in name order (a follower needs its leader first). */
  readonly fields: readonly CompiledField[];
  readonly extra: CompiledExtra | null;
  /** sha256 (hex) of the canonical policy description, `MERGE_ALGORITHM_VERSION` and the model fingerprint. */
  readonly fingerprint: string;
  /** The canonical, JSON-safe description that was hashed (custom rules appear as name + version). */
  readonly description: unknown;
  /** Phantom: ties the compiled value to its record type. */
  readonly __record?: R;
}

const ENVELOPE_KEYS = new Set(['source', 'recordId', 'observedAt', 'channel']);

type RuleCompilers = { readonly [K in MergeRule['kind']]: (rule: Extract<MergeRule, { kind: K }>) => CompiledRule };

// A table instead of a switch: a new rule kind is one file and one line here.
const RULE_COMPILERS: RuleCompilers = {
  'source-priority': compileSourcePriority,
  'most-recent': compileMostRecent,
  'most-frequent': compileMostFrequent,
  'most-complete': compileMostComplete,
  'most-verified': compileMostVerified,
  custom: compileCustomRule,
};

function compileRule(rule: MergeRule): CompiledRule {
  return (RULE_COMPILERS[rule.kind] as (rule: MergeRule) => CompiledRule)(rule);
}

function describeRule(rule: MergeRule): unknown {
  if (rule.kind === 'custom') return { kind: rule.kind, name: rule.name, version: rule.version };
  return rule;
}

// Defaults are filled in before hashing, so spelling a default out does not change the fingerprint.
function describeFieldRules(rules: FieldRules): unknown {
  return {
    rules: rules.rules.map(describeRule),
    severity: rules.severity ?? 'medium',
    normalize: rules.normalize ?? 'exact',
  };
}

function invalid(policyName: string, problems: readonly string[]): never {
  throw new PadanError('invalid-policy', `invalid merge policy "${policyName}": ${problems[0]}`, problems);
}

/**
 * Validates a merge policy and compiles its rules to functions, once, before any record is merged.
 * Throws `PadanError('invalid-policy')` listing every problem.
 *
 * @example
 * const compiled = compilePolicy(dtsenPersonPolicy, { modelFingerprint: 'model-v3' });
 * compiled.fingerprint // => '9f2c…' (64 hex characters, stable across runs and machines)
 */
export function compilePolicy<R extends MergeRecord>(policy: MergePolicy<R>, options?: CompilePolicyOptions): CompiledPolicy<R> {
  checkOptionBag(options, 'compilePolicy', { modelFingerprint: 'string' });
  const parsed = policySchema.safeParse(policy);
  const policyName = typeof (policy as { name?: unknown })?.name === 'string' ? (policy as { name: string }).name : '?';
  const describeIssue = (prefix: readonly PropertyKey[], issue: { path: readonly PropertyKey[]; message: string }) => {
    const path = [...prefix, ...issue.path].map(String);
    return `${path.length ? path.join('.') : '(policy)'}: ${issue.message}`;
  };
  if (!parsed.success)
    invalid(
      policyName,
      parsed.error.issues.map((issue) => describeIssue([], issue)),
    );

  const problems: string[] = [];
  const fieldEntries: [string, FieldRules | { follow: string }][] = [];
  for (const [field, spec] of Object.entries(parsed.data.fields)) {
    const checked = ('follow' in spec ? followFieldSchema : fieldRulesSchema).safeParse(spec);
    if (checked.success) fieldEntries.push([field, checked.data as FieldRules | { follow: string }]);
    else problems.push(...checked.error.issues.map((issue) => describeIssue(['fields', field], issue)));
  }
  if (problems.length > 0) invalid(policyName, problems);
  const data = { ...parsed.data, fields: Object.fromEntries(fieldEntries) } as unknown as MergePolicy;
  if (fieldEntries.length === 0 && data.extra === undefined) problems.push('fields: the policy names no field');
  for (const [field, spec] of fieldEntries) {
    if (ENVELOPE_KEYS.has(field)) problems.push(`fields.${field}: envelope fields are not merged`);
    if (field.includes('.')) problems.push(`fields.${field}: a field name cannot contain "."`);
    if ('follow' in spec) {
      const leader = data.fields[spec.follow as keyof typeof data.fields] as FieldRules | { follow: string } | undefined;
      if (leader === undefined) problems.push(`fields.${field}.follow: "${spec.follow}" is not a field of the policy`);
      else if ('follow' in leader) problems.push(`fields.${field}.follow: "${spec.follow}" itself follows another field`);
    }
  }
  if (data.extra !== undefined && 'extra' in data.fields) {
    problems.push('extra: give rules for "extra" either as a field or as key-by-key `extra` rules, not both');
  }
  if (problems.length > 0) invalid(policyName, problems);

  const byName = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const ruled = fieldEntries.filter((entry): entry is [string, FieldRules] => !('follow' in entry[1])).sort(byName);
  const followers = fieldEntries.filter((entry): entry is [string, { follow: string }] => 'follow' in entry[1]).sort(byName);

  const fields: CompiledField[] = ruled.map(([name, rules]) => ({
    name,
    key: name,
    subKey: null,
    rules: rules.rules.map(compileRule),
    severity: rules.severity ?? 'medium',
    normalize: normalizerFor((rules.normalize ?? 'exact') as MergeNormalization),
    compatible: compatibilityFor((rules.normalize ?? 'exact') as MergeNormalization),
    followIndex: -1,
    followRule: '',
  }));
  for (const [name, spec] of followers) {
    fields.push({
      name,
      key: name,
      subKey: null,
      rules: [],
      severity: 'low',
      normalize: normalizerFor('exact'),
      compatible: null,
      followIndex: ruled.findIndex(([leader]) => leader === spec.follow),
      followRule: `follow:${spec.follow}`,
    });
  }

  const description = {
    algorithm: MERGE_ALGORITHM_VERSION,
    name: data.name,
    version: data.version,
    fields: Object.fromEntries(fieldEntries.map(([name, spec]) => [name, 'follow' in spec ? { follow: spec.follow } : describeFieldRules(spec)])),
    extra: data.extra === undefined ? null : describeFieldRules(data.extra),
    model: options?.modelFingerprint ?? null,
  };

  return Object.freeze({
    kind: 'compiled-merge-policy',
    name: data.name,
    version: data.version,
    fields: Object.freeze(fields),
    extra:
      data.extra === undefined
        ? null
        : Object.freeze({
            rules: data.extra.rules.map(compileRule),
            severity: data.extra.severity ?? 'medium',
            normalize: normalizerFor(data.extra.normalize ?? 'exact'),
            compatible: compatibilityFor(data.extra.normalize ?? 'exact'),
          }),
    fingerprint: createHash('sha256').update(policyJson(description)).digest('hex'),
    description,
  });
}

/** The canonical JSON of a policy description; a value JSON cannot hold (a bigint, absurd nesting) is a policy mistake. */
function policyJson(description: unknown): string {
  try {
    return canonicalJson(description);
  } catch {
    throw new PadanError(
      'invalid-policy',
      'compilePolicy: the policy holds values JSON cannot represent (bigint, non-finite number, function, or nesting deeper than 256 levels)',
    );
  }
}
