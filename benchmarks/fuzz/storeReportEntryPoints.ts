/**
 * Entry points added after the first fuzz run: the entity store's other methods (each a transaction:
 * a call that throws must leave the store exactly as it was), steward decisions, entity IDs, the
 * partitioned pipeline's building blocks, and `padan/report` (whose HTML and data are report files:
 * no full NIK/KK may appear in them).
 */
import * as fc from './gen.js';
import type * as T from '../../src/index.js';
import { api as padan } from './exports.js';
import { isOpaqueId } from '../../src/_internal/redact.js';
import { harnessClock, type EntryPoint, type FuzzContext } from './entryPoints.js';
import { hostileOptions, hostileRecords, hostileString, hostileValue, mostly, plantedNik, writtenNik, hostilePersonRecord } from './hostile.js';
import { matchingStateOf } from '../../src/score/matchingContext.js';
// Building blocks behind the public API that still meet outside input (queue jobs, decision files).
import { decisionId, DecisionSet } from '../../src/store/decisions.js';
import { naturalEntityId } from '../../src/cluster/entityIds.js';
import { linkAcrossPartitions, resolvePartition } from '../../src/resolvePartitioned.js';
import { mergePartitionClusters } from '../../src/partition/mergePartitionClusters.js';

const report = padan;
const S = mostly(hostileString);
const V = hostileValue;
const sources = fc.constantFrom('dtks', 'regsosek', 'p3ke', 'dukcapil', 'citizen');
const isoTime = fc.constantFrom('2026-03-31', '2026-03-31T09:15:00Z', '31/03/2026', '');

/** A record reference: a stored record's (often), an unknown one, a NIK as its ID, or hostile. */
function ref(ctx: FuzzContext): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ctx.refs) },
    { weight: 2, arbitrary: fc.record({ source: mostly(sources), recordId: fc.oneof(fc.stringMatching(/^[A-Z]-[0-9]{1,3}$/), writtenNik, plantedNik) }) },
    { weight: 1, arbitrary: V },
  );
}

/** A steward decision, plausible or hostile, about the context store's records. */
function decision(ctx: FuzzContext): fc.Arbitrary<unknown> {
  const meta = { by: mostly(fc.constantFrom('ayu', 'steward 3201015205900001')), at: mostly(isoTime), why: S };
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record(
        { kind: mostly(fc.constantFrom('confirm', 'reject', 'mustLink', 'cannotLink')), left: ref(ctx), right: ref(ctx), ...meta },
        { requiredKeys: ['kind', 'left', 'right', 'by', 'at', 'why'] },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.record(
        {
          kind: fc.constant('unmerge'),
          entityId: mostly(fc.constantFrom(...ctx.entityIds)),
          records: fc.array(ref(ctx), { maxLength: 3 }),
          rest: fc.option(fc.array(ref(ctx), { maxLength: 3 }), { nil: undefined }),
          ...meta,
        },
        { requiredKeys: ['kind', 'entityId', 'records', 'by', 'at', 'why'] },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('format', 'version', '__proto__', 'constructor'), V).map(([key, value]) => ({
        format: 'padan/decision',
        version: 1,
        kind: 'confirm',
        left: ctx.refs[0],
        right: ctx.refs[1],
        by: 'a',
        at: '2026-01-01',
        why: '',
        [key]: value,
      })),
    },
    { weight: 1, arbitrary: V },
  );
}

/** What a store holds, as one comparable text (no clock: audit times would differ between reads). */
async function storeState(store: T.EntityStore): Promise<string> {
  const [entities, records, decisions, review, stats] = await Promise.all([
    store.entities(),
    store.records(),
    store.decisions(),
    store.review(),
    store.stats(),
  ]);
  // A record's `extra` may hold a bigint a caller gave; it is part of the state all the same.
  return JSON.stringify([entities, records, decisions, review, stats], (_key, value) => (typeof value === 'bigint' ? `${value}n` : value));
}

/**
 * Runs one store operation as the transactional property demands: when it throws, the store must be
 * as it was before. A changed store is reported as `{ brokenAfterThrow }` (an invariant break); an
 * unchanged one rethrows, and the error is counted as typed or untyped.
 */
async function transaction(ctx: FuzzContext, op: (store: T.MemoryEntityStore) => Promise<unknown>): Promise<unknown> {
  const store = ctx.store();
  const calls = ctx.storeCalls;
  let started = performance.now();
  // The state after the last refused write is the state now, if that write was this store's last use.
  const before = lastRefused?.store === store && lastRefused.calls === calls - 1 ? lastRefused.state : await storeState(store);
  lastRefused = undefined;
  harnessClock.ms += performance.now() - started;
  let result: unknown;
  try {
    result = await op(store);
  } catch (error) {
    started = performance.now();
    const after = await storeState(store);
    harnessClock.ms += performance.now() - started;
    if (after !== before) return { brokenAfterThrow: `the store changed although the call threw ${(error as Error)?.constructor?.name}` };
    lastRefused = { store, calls, state: after };
    throw error;
  }
  ctx.wrote();
  return result;
}

/** The store's state after the last write that threw (and left it as it was), and `storeCalls` then. */
let lastRefused: { readonly store: T.EntityStore; readonly calls: number; readonly state: string } | undefined;

const brokenAfterThrow = (result: unknown): string | undefined => (result as { brokenAfterThrow?: string } | null)?.brokenAfterThrow;

/**
 * The text of a report value a reader sees: every string and key, and every integer long enough to
 * be an identifier (a NIK stored as a number). Fractions are left out: they are probabilities and
 * weights, and `0.0016273225007836301` can look like a NIK after its point by chance.
 */
function readableTexts(value: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      if (!isOpaqueId(current)) out.push(current);
    } else if (typeof current === 'bigint' || (typeof current === 'number' && Number.isInteger(current) && Math.abs(current) >= 1e11))
      out.push(String(current));
    else if (typeof current === 'object' && current !== null && !seen.has(current) && !ArrayBuffer.isView(current)) {
      seen.add(current);
      for (const key of Object.keys(current)) {
        out.push(key);
        stack.push((current as Record<string, unknown>)[key]);
      }
    }
  }
  return out;
}

/** The report's data and page are report files: every text in them must be free of full NIKs/KKs. */
function reportTexts(value: unknown): { cliTexts: string[] } {
  if (typeof value !== 'string') return { cliTexts: readableTexts(value) };
  // The page: the data padan put there and the title, not the bundled script, whose minified
  // constants (2^53 - 1 …) are numbers, not identifiers.
  const data = /<script id="padan-data" type="application\/json">([\s\S]*?)<\/script>/.exec(value)?.[1];
  const title = /<title>([\s\S]*?)<\/title>/.exec(value)?.[1] ?? '';
  if (data === undefined) return { cliTexts: ['report page without its data element', title] };
  return { cliTexts: [...readableTexts(JSON.parse(data)), title] };
}

export function storeReportEntryPoints(): readonly EntryPoint[] {
  return [
    // The entity store: every write is a transaction, every read takes hostile keys.
    {
      name: 'EntityStore.withdraw',
      heavy: true,
      args: (ctx) =>
        fc
          .tuple(mostly(sources), fc.oneof(fc.constantFrom(...ctx.refs.map((r) => r.recordId)), writtenNik, S), S, hostileOptions(['observedAt', 'at']))
          .map((a) => [...a]),
      call: (args, ctx) => transaction(ctx, (store) => store.withdraw(args[0] as string, args[1] as string, args[2] as string, args[3] as never)),
      check: brokenAfterThrow,
    },
    {
      name: 'EntityStore.decide',
      heavy: true,
      args: (ctx) => fc.oneof(fc.tuple(decision(ctx)), fc.tuple(fc.array(decision(ctx), { maxLength: 4 }))).map((a) => [...a]),
      call: (args, ctx) => transaction(ctx, (store) => store.decide(args[0] as never)),
      check: brokenAfterThrow,
    },
    {
      name: 'EntityStore.add (transaction)',
      heavy: true,
      args: () =>
        fc
          .tuple(fc.oneof({ weight: 5, arbitrary: hostileRecords(6) }, { weight: 1, arbitrary: V }), hostileOptions(['observedAt', 'replace']))
          .map((a) => [...a]),
      call: (args, ctx) => transaction(ctx, (store) => store.add(args[0] as never, args[1] as never)),
      check: brokenAfterThrow,
    },
    {
      name: 'EntityStore.entity',
      args: (ctx) => fc.tuple(fc.oneof(fc.constantFrom(...ctx.entityIds), S, V)).map((a) => [...a]),
      call: (args, ctx) => ctx.store().entity(args[0] as string),
    },
    {
      name: 'EntityStore.entityOfRecord',
      args: (ctx) => fc.tuple(ref(ctx)).map((a) => [...a]),
      call: (args, ctx) => ctx.store().entityOfRecord(args[0] as never),
    },
    { name: 'EntityStore.history', args: (ctx) => fc.tuple(ref(ctx)).map((a) => [...a]), call: (args, ctx) => ctx.store().history(args[0] as never) },
    {
      name: 'EntityStore.reads',
      args: () => fc.tuple(fc.constantFrom('entities', 'review', 'records', 'decisions', 'auditLog', 'stats')).map((a) => [...a]),
      call: async (args, ctx) => {
        const store = ctx.store() as unknown as Record<string, () => Promise<unknown>>;
        const value = await store[args[0] as string]!();
        return { messages: value };
      },
    },
    // Steward decisions
    unaryOf('parseDecision', (ctx) => decision(ctx)),
    { ...unaryOf('decisionId', (ctx) => decision(ctx)), export: 'internal:decisionId', call: (args) => decisionId(args[0] as never) },
    unaryOf('formatDecision', (ctx) => decision(ctx)),
    {
      name: 'readDecisions',
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof(
              fc.array(
                fc.oneof(
                  decision(ctx).map((d) => {
                    try {
                      return JSON.stringify(d) ?? '';
                    } catch {
                      return '{';
                    }
                  }),
                  S,
                ),
                { maxLength: 5 },
              ),
              V,
            ),
          )
          .map((a) => [...a]),
    },
    {
      name: 'DecisionSet',
      export: 'internal:DecisionSet',
      args: (ctx) => fc.tuple(fc.array(decision(ctx), { maxLength: 5 })).map((a) => [...a]),
      call: (args) => {
        const set = new DecisionSet();
        const out: unknown[] = [];
        for (const d of args[0] as unknown[]) {
          const parsed = padan.parseDecision(d);
          if (!parsed.success) continue;
          out.push(set.conflict(parsed.value) ?? set.add(parsed.value));
        }
        return { messages: out.filter((x) => typeof x === 'string') };
      },
    },
    {
      name: 'naturalEntityId',
      export: 'internal:naturalEntityId',
      args: () => fc.tuple(fc.oneof(S, writtenNik, V)).map((a) => [...a]),
      call: (args) => naturalEntityId(args[0] as never),
      check: (r) => (typeof r === 'string' && !padan.redactIdentifiers(r).includes('*') ? undefined : `entity ID ${String(r)} is not an opaque ID`),
    },
    // Names
    {
      name: 'distinctNameSignal',
      args: () =>
        fc
          .tuple(
            fc.oneof(fc.array(S, { maxLength: 4 }), V),
            fc.oneof(fc.array(S, { maxLength: 4 }), V),
            fc.option(fc.oneof(fc.array(S, { maxLength: 3 }), V), { nil: undefined }),
            fc.option(fc.oneof(fc.array(S, { maxLength: 3 }), V), { nil: undefined }),
          )
          .map((a) => [...a]),
      check: (r) => (r === null || padan.DISTINCT_NAME_SIGNALS.includes(r as never) ? undefined : `distinctNameSignal returned ${String(r)}`),
    },
    unaryOf('dtsenPersonPrior', () => hostileOptions(['blockingCap', 'termFrequency', 'placeholders'])),
    {
      name: 'termFrequenciesOf',
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof(fc.constant(matchingStateOf(ctx.resolution.context, 'fuzz').compiled), V),
            fc.oneof(fc.constant(matchingStateOf(ctx.resolution.context, 'fuzz').columns), V),
            hostileOptions(['minCount']),
          )
          .map((a) => [...a]),
    },
    // Partitioned resolution's building blocks
    unaryOf(
      'partitionOfRecord',
      () => fc.oneof(hostilePersonRecord, V),
      (r) => (typeof r === 'string' && !r.includes('*') ? undefined : `partition ${String(r)}`),
    ),
    {
      name: 'trainOnSample',
      heavy: true,
      args: () =>
        fc.tuple(fc.oneof({ weight: 5, arbitrary: hostileRecords(10) }, { weight: 1, arbitrary: V }), hostileOptions(['spec', 'minCount'])).map((a) => [...a]),
    },
    {
      name: 'resolvePartition',
      export: 'internal:resolvePartition',
      heavy: true,
      call: (args) => resolvePartition(args[0] as never, args[1] as never, args[2] as never),
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof(fc.constant('3201'), S),
            fc.oneof({ weight: 5, arbitrary: hostileRecords(8) }, { weight: 1, arbitrary: V }),
            fc.oneof({ weight: 4, arbitrary: fc.constant({ model: ctx.model }) }, { weight: 1, arbitrary: V }),
          )
          .map((a) => [...a]),
    },
    {
      name: 'resolvePartitioned',
      heavy: true,
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof({ weight: 5, arbitrary: hostileRecords(10) }, { weight: 1, arbitrary: V }),
            fc.oneof(
              { weight: 4, arbitrary: fc.constant({ model: ctx.model }) },
              { weight: 1, arbitrary: fc.constant({ model: ctx.model, partitionOf: () => '__proto__' }) },
              { weight: 1, arbitrary: V },
            ),
          )
          .map((a) => [...a]),
    },
    {
      name: 'linkAcrossPartitions',
      export: 'internal:linkAcrossPartitions',
      call: (args) => linkAcrossPartitions(args[0] as never, args[1] as never),
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof(
              fc.array(
                fc.record({
                  partition: S,
                  cluster: mostly(fc.record({ firstKey: S, size: mostly(fc.integer({ min: 1, max: 3 })) })),
                  record: hostilePersonRecord,
                }),
                { maxLength: 4 },
              ),
              V,
            ),
            fc.oneof({ weight: 4, arbitrary: fc.constant({ model: ctx.model }) }, { weight: 1, arbitrary: V }),
          )
          .map((a) => [...a]),
    },
    {
      name: 'mergePartitionClusters',
      export: 'internal:mergePartitionClusters',
      call: (args) => mergePartitionClusters(args[0] as never, args[1] as never),
      args: () =>
        fc
          .tuple(
            fc.oneof(
              fc.array(
                fc.record({
                  left: mostly(fc.record({ firstKey: S })),
                  right: mostly(fc.record({ firstKey: S })),
                  matchWeight: mostly(fc.double()),
                  leftRecord: S,
                  rightRecord: S,
                }),
                { maxLength: 4 },
              ),
              V,
            ),
            fc.option(fc.oneof(fc.array(fc.tuple(S, S), { maxLength: 2 }), V), { nil: undefined }),
          )
          .map((a) => [...a]),
    },
    // padan/report
    {
      name: 'report.buildReportData',
      heavy: true,
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof({ weight: 4, arbitrary: fc.constant(ctx.resolution) }, { weight: 1, arbitrary: V }),
            hostileOptions(['title', 'truth', 'largestBlocks', 'binWidth']),
          )
          .map((a) => [...a]),
      call: (args) => reportTexts(report.buildReportData(args[0] as never, args[1] as never)),
    },
    {
      name: 'report.renderReport',
      heavy: true,
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof({ weight: 4, arbitrary: fc.constant(ctx.resolution) }, { weight: 1, arbitrary: V }),
            hostileOptions(['title', 'truth', 'largestBlocks', 'binWidth']),
          )
          .map((a) => [...a]),
      call: (args) => reportTexts(report.renderReport(args[0] as never, args[1] as never)),
    },
    {
      name: 'report.renderReportData',
      heavy: true,
      args: (ctx) => fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: V })).map((a) => [...a]),
      call: (args, ctx) =>
        reportTexts(report.renderReportData((args[0] ?? report.buildReportData(ctx.resolution as never, { title: 'NIK 3201015205900001' })) as never)),
    },
    {
      name: 'report.reportRecordRef',
      args: () => fc.tuple(mostly(sources), fc.oneof(writtenNik, S, V)).map((a) => [...a]),
      call: (args) => ({ messages: [report.reportRecordRef(args[0] as string, args[1] as string)] }),
    },
    { name: 'report.decisionLine', args: (ctx) => fc.tuple(decision(ctx)).map((a) => [...a]), call: (args) => report.decisionLine(args[0] as never) },
    {
      name: 'report.describeIdentifierDifference',
      args: () => fc.tuple(fc.oneof(writtenNik, plantedNik, V), fc.oneof(writtenNik, plantedNik, V), hostileOptions(['kind'])).map((a) => [...a]),
      call: (args) => report.describeIdentifierDifference(args[0], args[1], args[2] as never),
    },
    {
      name: 'report.restoreRecordRefs',
      args: (ctx) =>
        fc
          .tuple(fc.oneof(fc.array(decision(ctx), { maxLength: 3 }), V), fc.oneof(fc.constant(ctx.refs), fc.array(ref(ctx), { maxLength: 3 }), V))
          .map((a) => [...a]),
      call: (args) => report.restoreRecordRefs(args[0] as never, args[1] as never),
    },
  ];
}

function unaryOf(name: string, arg: (ctx: FuzzContext) => fc.Arbitrary<unknown>, check?: EntryPoint['check']): EntryPoint {
  return { name, args: (ctx) => arg(ctx).map((a) => [a]), ...(check ? { check } : {}) };
}
