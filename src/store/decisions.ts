/**
 * The decision format (docs/store.md): a data steward's decisions as plain JSON values, one per
 * NDJSON line, keyed by record keys (never by scores or entity numbers), so a store rebuilt with a
 * retrained model replays them unchanged.
 */
import { boxedItems } from '../_internal/boxedItems.js';
import { describeType, invalidArgument } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import { canonicalJson, letteredHash64 } from '../_internal/hash.js';
import { redactIdentifiers } from '../_internal/redact.js';
import { fail, ok, type Issue, type Result } from '../_internal/result.js';
import type { StoreRecordRef } from './types.js';

/** The decision format's name (each line's `format`). */
export const DECISION_FORMAT = 'padan/decision';
/** The decision format version this library writes and reads. */
export const DECISION_FORMAT_VERSION = 1;

/** Who decided, when and why: every decision carries them. */
export interface DecisionMeta {
  /** The steward (a user name or role; free text). */
  readonly by: string;
  /** When, ISO 8601 (`2026-03-31` or `2026-03-31T09:15:00Z`). */
  readonly at: string;
  /** Why, in the steward's words. */
  readonly why: string;
}

/** The decision kinds about one pair of records. */
export type PairDecisionKind = 'confirm' | 'reject' | 'mustLink' | 'cannotLink';

/**
 * A decision about two records: `confirm` / `mustLink` put them in one entity, `reject` /
 * `cannotLink` keep them apart. `confirm` and `reject` answer a review item; `mustLink` and
 * `cannotLink` are the steward's own initiative. Both outrank the model.
 */
export interface PairDecision extends DecisionMeta {
  readonly kind: PairDecisionKind;
  readonly left: StoreRecordRef;
  readonly right: StoreRecordRef;
}

/**
 * Split records off an entity: `records` never share an entity with `rest` (the entity's other
 * records when the steward decided). `entityId` is kept for the audit trail only; replay uses the
 * record keys.
 */
export interface UnmergeDecision extends DecisionMeta {
  readonly kind: 'unmerge';
  readonly entityId: string;
  readonly records: readonly StoreRecordRef[];
  /** The entity's other records; a store fills it in from `entityId` when a decision arrives without it. */
  readonly rest?: readonly StoreRecordRef[];
}

/** One steward decision. */
export type StewardDecision = PairDecision | UnmergeDecision;

/** Issue codes of {@link parseDecision}. */
export type DecisionIssueCode = 'decision/not-an-object' | 'decision/invalid-kind' | 'decision/invalid-field' | 'decision/unsupported-version';

const PAIR_KINDS: ReadonlySet<string> = new Set(['confirm', 'reject', 'mustLink', 'cannotLink']);
const META_FIELDS = ['by', 'at', 'why'] as const;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function issue(code: DecisionIssueCode, path: (string | number)[], message: string): Issue<DecisionIssueCode> {
  return { code, path, message: redactIdentifiers(message), severity: 'error' };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readRef(value: unknown, path: (string | number)[], issues: Issue<DecisionIssueCode>[]): StoreRecordRef | null {
  if (!isObject(value) || typeof value.source !== 'string' || value.source === '' || typeof value.recordId !== 'string' || value.recordId === '') {
    issues.push(issue('decision/invalid-field', path, `${path.join('.')} must be { source, recordId } (non-empty strings)`));
    return null;
  }
  return { source: value.source, recordId: value.recordId };
}

function readRefs(value: unknown, path: string, issues: Issue<DecisionIssueCode>[]): StoreRecordRef[] | null {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push(issue('decision/invalid-field', [path], `${path} must be a non-empty array of { source, recordId }`));
    return null;
  }
  const refs: StoreRecordRef[] = [];
  for (let i = 0; i < value.length; i++) {
    const ref = readRef(value[i], [path, i], issues);
    if (ref !== null) refs.push(ref);
  }
  return refs.length === value.length ? refs : null;
}

/**
 * Checks one decision (a parsed NDJSON line or an object built in code) and returns it in canonical
 * shape: only the format's fields, `unmerge` record lists sorted by record key. Unknown fields and a
 * `format`/`version` this library does not read are issues.
 *
 * @example
 * parseDecision({ kind: 'mustLink', left: { source: 'dtks', recordId: 'D-1' }, right: { source: 'p3ke', recordId: 'K-9' },
 *   by: 'ayu', at: '2026-03-31', why: 'same KK photo' }).success // true
 */
export function parseDecision(value: unknown): Result<StewardDecision, DecisionIssueCode> {
  if (!isObject(value)) return fail([issue('decision/not-an-object', [], 'a decision must be a JSON object')]);
  const issues: Issue<DecisionIssueCode>[] = [];
  if (value.format !== undefined && value.format !== DECISION_FORMAT) {
    issues.push(issue('decision/unsupported-version', ['format'], `format must be "${DECISION_FORMAT}"`));
  }
  if (value.version !== undefined && value.version !== DECISION_FORMAT_VERSION) {
    const given = typeof value.version === 'number' ? String(value.version) : describeType(value.version);
    issues.push(issue('decision/unsupported-version', ['version'], `version ${given} is not one this library reads (${DECISION_FORMAT_VERSION})`));
  }
  const kind = value.kind;
  if (typeof kind !== 'string' || (!PAIR_KINDS.has(kind) && kind !== 'unmerge')) {
    issues.push(issue('decision/invalid-kind', ['kind'], 'kind must be confirm, reject, mustLink, cannotLink or unmerge'));
    return fail(issues);
  }
  for (const field of META_FIELDS) {
    const text = value[field];
    if (typeof text !== 'string' || text.trim() === '') issues.push(issue('decision/invalid-field', [field], `${field} must be a non-empty string`));
  }
  if (typeof value.at === 'string' && !ISO_TIME.test(value.at)) issues.push(issue('decision/invalid-field', ['at'], 'at must be an ISO 8601 date or time'));
  const allowed = new Set(['format', 'version', 'id', 'kind', ...META_FIELDS, ...(kind === 'unmerge' ? ['entityId', 'records', 'rest'] : ['left', 'right'])]);
  for (const field of Object.keys(value)) {
    if (!allowed.has(field))
      issues.push(issue('decision/invalid-field', [field], `unknown field ${JSON.stringify(field.slice(0, 40))} for a ${kind} decision`));
  }
  const meta = { by: value.by as string, at: value.at as string, why: value.why as string };
  let decision: StewardDecision | null = null;
  if (kind === 'unmerge') {
    if (typeof value.entityId !== 'string' || value.entityId === '')
      issues.push(issue('decision/invalid-field', ['entityId'], 'entityId must be a non-empty string'));
    const records = readRefs(value.records, 'records', issues);
    const rest = value.rest === undefined ? undefined : readRefs(value.rest, 'rest', issues);
    if (records !== null && rest !== null) {
      const split = new Set(records.map(refKey));
      if (rest?.some((ref) => split.has(refKey(ref)))) issues.push(issue('decision/invalid-field', ['rest'], 'a record cannot be both split off and kept'));
      decision = { kind, entityId: value.entityId as string, records: sortRefs(records), ...(rest === undefined ? {} : { rest: sortRefs(rest) }), ...meta };
    }
  } else {
    const left = readRef(value.left, ['left'], issues);
    const right = readRef(value.right, ['right'], issues);
    if (left !== null && right !== null) {
      if (refKey(left) === refKey(right)) issues.push(issue('decision/invalid-field', ['right'], 'a pair decision needs two different records'));
      // Canonical orientation: left has the smaller record key, as in the review queue.
      const [a, b] = refKey(left) < refKey(right) ? [left, right] : [right, left];
      decision = { kind: kind as PairDecisionKind, left: a, right: b, ...meta };
    }
  }
  if (issues.length > 0 || decision === null) return fail(issues);
  return ok(decision);
}

/** The record key of a reference: `source` NUL `recordId` (the store's total order). */
export function refKey(ref: StoreRecordRef): string {
  return `${ref.source}\u0000${ref.recordId}`;
}

function sortRefs(refs: readonly StoreRecordRef[]): StoreRecordRef[] {
  const unique = new Map(refs.map((ref) => [refKey(ref), ref]));
  return [...unique.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, ref]) => ref);
}

/**
 * A decision's identity: `D` + hash64 of its canonical JSON (format fields and `id` left out), with
 * at least one letter (`letteredHash64`: an all-decimal ID would be masked as a NIK wherever it is
 * shown). The same decision replayed twice has the same ID, so a store applies it once. Stores never
 * key a decision by a stored ID (they recompute it from the decision), so decisions written when about
 * one in 1,800 IDs was all-decimal load and replay as before, under their new ID.
 *
 * @example
 * decisionId(decision) // 'D9c1f…'
 */
export function decisionId(decision: StewardDecision): string {
  checkDecision(decision, 'decisionId');
  return `D${letteredHash64(canonicalJson(decision))}`;
}

/**
 * One NDJSON line of the decision format (no newline): `format`, `version`, `id`, then the decision.
 *
 * @example
 * formatDecision(decision)
 * // '{"format":"padan/decision","version":1,"id":"D…","kind":"mustLink","left":{…},"right":{…},"by":"ayu","at":"2026-03-31","why":"…"}'
 */
export function formatDecision(decision: StewardDecision): string {
  checkDecision(decision, 'formatDecision');
  return JSON.stringify({ format: DECISION_FORMAT, version: DECISION_FORMAT_VERSION, id: decisionId(decision), ...decision });
}

/** Throws unless `decision` is a valid decision (a programmer's value: its issues name what is wrong). */
function checkDecision(decision: unknown, fn: string): void {
  const parsed = parseDecision(decision);
  if (!parsed.success) throw new PadanError('invalid-argument', `${fn}: not a valid decision: ${parsed.issues.map((item) => item.message).join('; ')}`);
}

/** One line of a decision file that did not parse. */
export interface DecisionLineError {
  readonly line: number;
  readonly issues: readonly Issue<DecisionIssueCode>[];
}

/** What {@link readDecisions} returns. */
export interface ReadDecisionsResult {
  readonly decisions: StewardDecision[];
  readonly errors: DecisionLineError[];
}

/**
 * Reads a decision file or stream (NDJSON lines, e.g. `readline` over a file); blank lines are
 * skipped, bad lines reported by number (never echoed: they may hold identifiers).
 *
 * @example
 * const { decisions, errors } = await readDecisions(readline.createInterface({ input: fs.createReadStream('decisions.ndjson') }));
 * await store.decide(decisions);
 */
export async function readDecisions(lines: AsyncIterable<string> | Iterable<string>): Promise<ReadDecisionsResult> {
  const iterable = lines as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null;
  if (
    typeof iterable !== 'object' ||
    iterable === null ||
    (typeof iterable[Symbol.iterator] !== 'function' && typeof iterable[Symbol.asyncIterator] !== 'function')
  ) {
    throw invalidArgument('readDecisions', 'lines', 'an iterable of lines (an array, or readline over a file)', lines);
  }
  const decisions: StewardDecision[] = [];
  const errors: DecisionLineError[] = [];
  let number = 0;
  for await (const { item: raw } of boxedItems(lines)) {
    number++;
    if (typeof raw !== 'string') {
      errors.push({ line: number, issues: [issue('decision/not-an-object', [], `line ${number} is not text`)] });
      continue;
    }
    const line = raw.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.push({ line: number, issues: [issue('decision/not-an-object', [], `line ${number} is not JSON`)] });
      continue;
    }
    const parsed = parseDecision(value);
    if (parsed.success) decisions.push(parsed.value);
    else errors.push({ line: number, issues: parsed.issues });
  }
  return { decisions, errors };
}

/** A must-link between two records, with the decision that made it (for conflict explanations). */
interface MustEdge {
  readonly other: string;
  readonly decision: StewardDecision;
}

/**
 * The decisions a store holds, with must-link components kept so that a conflict is found when a
 * decision arrives: a cannot-link (or reject, or unmerge) between two records that must-links
 * already join, or a must-link (or confirm) that would join two records kept apart. The explanation
 * names the decisions on the must-link path, by who/when/why, with masked record keys.
 */
export class DecisionSet {
  private readonly byId = new Map<string, StewardDecision>();
  private readonly ordered: StewardDecision[] = [];
  private readonly must = new Map<string, MustEdge[]>();
  private readonly apart = new Map<string, Map<string, StewardDecision>>();

  /** Applied decisions, in the order they were applied. */
  list(): readonly StewardDecision[] {
    return this.ordered;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The records that must share an entity with `key` (direct must-links only). */
  mustLinked(key: string): readonly string[] {
    return (this.must.get(key) ?? []).map((edge) => edge.other);
  }

  /** The records that must not share an entity with `key`. */
  keptApart(key: string): ReadonlySet<string> | undefined {
    const map = this.apart.get(key);
    return map === undefined ? undefined : new Set(map.keys());
  }

  /** Whether a decision names this pair (such a pair leaves the review queue). */
  decided(a: string, b: string): boolean {
    return this.apart.get(a)?.has(b) === true || (this.must.get(a) ?? []).some((edge) => edge.other === b);
  }

  /** Every record key a decision names. */
  keysOf(decision: StewardDecision): string[] {
    return decision.kind === 'unmerge'
      ? [...decision.records.map(refKey), ...(decision.rest ?? []).map(refKey)]
      : [refKey(decision.left), refKey(decision.right)];
  }

  /** Why `decision` cannot be applied on top of these decisions, or undefined when it can. */
  conflict(decision: StewardDecision): string | undefined {
    if (decision.kind === 'confirm' || decision.kind === 'mustLink') {
      const a = refKey(decision.left);
      const b = refKey(decision.right);
      // Joining the must-link components of a and b must not put two kept-apart records together.
      const left = this.component(a);
      const right = this.component(b);
      for (const x of left) {
        const apart = this.apart.get(x);
        if (apart === undefined) continue;
        for (const y of right) {
          const blocking = apart.get(y);
          if (blocking === undefined) continue;
          const path = [...this.path(a, x), ...this.path(b, y)];
          return `${describe(decision)} would put ${maskKey(x)} and ${maskKey(y)} in one entity, but ${describe(blocking)} keeps them apart${
            path.length > 0 ? `; they are joined through ${path.map(describe).join(', ')}` : ''
          }`;
        }
      }
      return undefined;
    }
    const pairs: [string, string][] =
      decision.kind === 'unmerge'
        ? decision.records.flatMap((r) => (decision.rest ?? []).map((s): [string, string] => [refKey(r), refKey(s)]))
        : [[refKey(decision.left), refKey(decision.right)]];
    for (const [a, b] of pairs) {
      if (!this.component(a).has(b)) continue;
      const path = this.path(a, b);
      return `${describe(decision)} would keep ${maskKey(a)} and ${maskKey(b)} apart, but ${path.map(describe).join(', ')} ${
        path.length === 1 ? 'joins' : 'join'
      } them`;
    }
    return undefined;
  }

  /** Adds a decision already checked with {@link DecisionSet.conflict}. */
  add(decision: StewardDecision, id: string = decisionId(decision)): void {
    this.byId.set(id, decision);
    this.ordered.push(decision);
    if (decision.kind === 'confirm' || decision.kind === 'mustLink') {
      const a = refKey(decision.left);
      const b = refKey(decision.right);
      pushEdge(this.must, a, { other: b, decision });
      pushEdge(this.must, b, { other: a, decision });
      return;
    }
    const pairs: [string, string][] =
      decision.kind === 'unmerge'
        ? decision.records.flatMap((r) => (decision.rest ?? []).map((s): [string, string] => [refKey(r), refKey(s)]))
        : [[refKey(decision.left), refKey(decision.right)]];
    for (const [a, b] of pairs) {
      setApart(this.apart, a, b, decision);
      setApart(this.apart, b, a, decision);
    }
  }

  private component(start: string): Set<string> {
    const seen = new Set([start]);
    const queue = [start];
    for (let q = 0; q < queue.length; q++) {
      for (const edge of this.must.get(queue[q] as string) ?? []) {
        if (seen.has(edge.other)) continue;
        seen.add(edge.other);
        queue.push(edge.other);
      }
    }
    return seen;
  }

  /** The must-link decisions on a shortest path from a to b (empty when a = b). */
  private path(a: string, b: string): StewardDecision[] {
    if (a === b) return [];
    const via = new Map<string, { from: string; decision: StewardDecision }>();
    const queue = [a];
    const seen = new Set([a]);
    for (let q = 0; q < queue.length; q++) {
      const at = queue[q] as string;
      if (at === b) break;
      for (const edge of this.must.get(at) ?? []) {
        if (seen.has(edge.other)) continue;
        seen.add(edge.other);
        via.set(edge.other, { from: at, decision: edge.decision });
        queue.push(edge.other);
      }
    }
    const path: StewardDecision[] = [];
    for (let at = b; at !== a;) {
      const step = via.get(at);
      if (step === undefined) return path;
      path.unshift(step.decision);
      at = step.from;
    }
    return path;
  }
}

function pushEdge(map: Map<string, MustEdge[]>, key: string, edge: MustEdge): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [edge]);
  else list.push(edge);
}

function setApart(map: Map<string, Map<string, StewardDecision>>, a: string, b: string, decision: StewardDecision): void {
  let inner = map.get(a);
  if (inner === undefined) {
    inner = new Map();
    map.set(a, inner);
  }
  if (!inner.has(b)) inner.set(b, decision);
}

/** A record key for messages: `source/recordId`, identifiers masked. */
export function maskKey(key: string): string {
  return redactIdentifiers(key.replace('\u0000', '/'));
}

function describe(decision: StewardDecision): string {
  const what =
    decision.kind === 'unmerge'
      ? `unmerge of ${decision.records.length} record(s) from ${decision.entityId}`
      : `${decision.kind} ${maskKey(refKey(decision.left))}–${maskKey(refKey(decision.right))}`;
  // The steward, date and reason are free text: an identifier there is masked before quoting (a tab
  // separator JSON.stringify would turn into `\t`, out of the redaction's reach).
  return redactIdentifiers(
    `${what} (by ${redactIdentifiers(decision.by)} at ${redactIdentifiers(decision.at)}: ${JSON.stringify(redactIdentifiers(decision.why))})`,
  );
}
