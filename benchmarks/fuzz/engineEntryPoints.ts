/**
 * Fuzz entries for the generic engine's stage functions (prepare, block, compare, score, train,
 * cluster and their helpers), the zod schemas the package exports, and padan/postgres's argument
 * checks. Each stage gets the plausible values of a small compiled DTSEN model (built once per worker)
 * in most positions and a hostile value in some: a wrong argument must be a typed PadanError, never an
 * untyped throw, a hang or a result out of bounds.
 */
import * as fc from './gen.js';
import { api as padan } from './exports.js';
import type { EntryPoint, FuzzContext } from './entryPoints.js';
import { hostileOptions, hostilePersonRecord, hostileRecords, hostileString, hostileValue, mostly } from './hostile.js';

const S = mostly(hostileString);
const V = hostileValue;

/** The pieces of one run of the generic engine over the context's records, built once per worker. */
export interface EngineContext {
  readonly records: readonly unknown[];
  readonly compiled: any;
  readonly columns: ReadonlyMap<string, unknown>;
  readonly pairs: { readonly left: Int32Array; readonly right: Int32Array };
  readonly vectors: { readonly comparisons: number; readonly count: number; readonly levels: Uint8Array };
  readonly table: unknown;
  readonly weights: Float64Array;
  readonly model: unknown;
}

let built: EngineContext | undefined;
function engine(ctx: FuzzContext): EngineContext {
  if (built !== undefined) return built;
  const records: readonly unknown[] = ctx.resolution.records;
  const compiled = padan.compileModel(ctx.model.spec);
  const columns = padan.prepareColumns(records, compiled.columns);
  const pairs = padan.blockRecords(compiled.blockingRules, columns, records.length);
  const vectors = padan.comparePairs(compiled.comparisons, columns, pairs.left, pairs.right);
  const table = padan.weightTable(ctx.model, compiled);
  const weights = padan.scorePairs(table, compiled, columns, pairs.left, pairs.right, vectors);
  built = { records, compiled, columns, pairs: { left: pairs.left, right: pairs.right }, vectors, table, weights, model: ctx.model };
  return built;
}

/** Mostly the plausible value (4 in 5), else a hostile one. */
function plausibly<T>(value: (e: EngineContext) => T, ctx: FuzzContext): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: fc.constant(null).map(() => value(engine(ctx))) }, { weight: 1, arbitrary: V });
}

/** Record indexes, mostly in range, some outside (negative, past the end). */
function indexes(ctx: FuzzContext): fc.Arbitrary<unknown> {
  const n = engine(ctx).records.length;
  return fc.oneof(
    { weight: 3, arbitrary: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 12 }).map((a) => Int32Array.from(a)) },
    { weight: 1, arbitrary: fc.array(fc.integer({ min: -3, max: n + 3 }), { maxLength: 12 }).map((a) => Int32Array.from(a)) },
    { weight: 1, arbitrary: V },
  );
}

const inRange = (result: unknown): string | undefined => {
  const r = result as { clusterOf?: Int32Array; clusterCount?: number };
  if (!(r?.clusterOf instanceof Int32Array)) return 'clusterRecords returned no clusterOf';
  for (const c of r.clusterOf) if (c < 0 || c >= (r.clusterCount ?? 0)) return `cluster index ${c} outside 0 … ${(r.clusterCount ?? 0) - 1}`;
  return undefined;
};

/** A fake pg.Pool whose every query fails with a typed error: the argument checks run, no database is reached. */
const fakePool = {
  connect: async () => ({
    query: async () => {
      throw new padan.PadanError('internal', 'fuzz: no database behind this pool');
    },
    release: () => undefined,
  }),
};

export function engineEntryPoints(): readonly EntryPoint[] {
  return [
    // The generic engine's stages, in pipeline order.
    {
      name: 'prepareColumns',
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof(
              { weight: 3, arbitrary: fc.constant(null).map(() => engine(ctx).records) },
              { weight: 2, arbitrary: hostileRecords(8) },
              { weight: 1, arbitrary: V },
            ),
            plausibly((e) => e.compiled.columns, ctx),
            fc.option(indexes(ctx), { nil: undefined, freq: 3 }),
            fc.option(V, { nil: undefined, freq: 4 }),
          )
          .map((a) => [...a]),
      call: (args) => {
        const columns = padan.prepareColumns(...args);
        return { columns: columns.size };
      },
    },
    {
      name: 'blockRecords',
      args: (ctx) =>
        fc
          .tuple(
            plausibly((e) => e.compiled.blockingRules, ctx),
            plausibly((e) => e.columns, ctx),
            fc.oneof(
              { weight: 4, arbitrary: fc.constant(null).map(() => engine(ctx).records.length) },
              { weight: 1, arbitrary: fc.integer({ min: -2, max: 100 }) },
              { weight: 1, arbitrary: V },
            ),
            hostileOptions(['touching', 'acrossGroups', 'onProgress']),
          )
          .map((a) => [...a]),
      check: (r: any) => (r?.left instanceof Int32Array && r.left.length === r.right.length ? undefined : 'blockRecords returned unequal pair arrays'),
    },
    {
      name: 'comparePairs',
      args: (ctx) =>
        fc
          .tuple(
            plausibly((e) => e.compiled.comparisons, ctx),
            plausibly((e) => e.columns, ctx),
            fc.oneof(
              { weight: 2, arbitrary: fc.constant(null).map(() => engine(ctx).pairs) },
              { weight: 2, arbitrary: fc.tuple(indexes(ctx), indexes(ctx)).map(([left, right]) => ({ left, right })) },
            ),
            fc.option(V, { nil: undefined, freq: 4 }),
          )
          .map(([comparisons, columns, pairs, progress]) => [comparisons, columns, (pairs as any).left, (pairs as any).right, progress]),
    },
    {
      name: 'scorePairs',
      args: (ctx) =>
        fc
          .tuple(
            plausibly((e) => e.table, ctx),
            plausibly((e) => e.compiled, ctx),
            plausibly((e) => e.columns, ctx),
            plausibly((e) => e.pairs, ctx),
            plausibly((e) => e.vectors, ctx),
            fc.option(V, { nil: undefined, freq: 4 }),
          )
          .map(([table, compiled, columns, pairs, vectors, progress]) => [
            table,
            compiled,
            columns,
            (pairs as any)?.left ?? pairs,
            (pairs as any)?.right ?? pairs,
            vectors,
            progress,
          ]),
      check: (r) => (r instanceof Float64Array && r.every((w) => !Number.isNaN(w)) ? undefined : 'scorePairs returned a NaN weight'),
    },
    {
      name: 'weightTable',
      args: (ctx) =>
        fc
          .tuple(
            plausibly((e) => e.model, ctx),
            plausibly((e) => e.compiled, ctx),
          )
          .map((a) => [...a]),
    },
    {
      name: 'trainModel',
      heavy: true,
      args: (ctx) =>
        fc
          .tuple(
            plausibly((e) => e.compiled, ctx),
            plausibly((e) => e.columns, ctx),
            fc.oneof({ weight: 4, arbitrary: fc.constant(null).map(() => engine(ctx).records.length) }, { weight: 1, arbitrary: V }),
            plausibly((e) => e.vectors, ctx),
            hostileOptions(['onIteration', 'prior', 'priorStrength', 'ruleAgreement', 'sourceOf']),
          )
          .map((a) => [...a]),
      call: (args) => {
        const trained = padan.trainModel(...args);
        return { report: trained.report };
      },
    },
    {
      name: 'clusterRecords',
      args: (ctx) =>
        fc.oneof(
          {
            weight: 3,
            arbitrary: fc
              .record({
                matchWeight: fc.oneof(fc.double({ min: -20, max: 40 }), V),
                extra: fc.option(fc.constantFrom('separate', 'mustLink', 'cannotLink', 'onProgress', 'bogus'), { nil: undefined }),
              })
              .map(({ matchWeight, extra }) => {
                const e = engine(ctx);
                const input: Record<string, unknown> = {
                  recordCount: e.records.length,
                  left: e.pairs.left,
                  right: e.pairs.right,
                  weights: e.weights,
                  matchWeight,
                  distinct: [],
                };
                if (extra === 'onProgress') input[extra] = () => undefined;
                else if (extra !== undefined) input[extra] = extra === 'bogus' ? 1 : { left: e.pairs.left.slice(0, 3), right: e.pairs.right.slice(0, 3) };
                return [input];
              }),
          },
          {
            weight: 2,
            arbitrary: fc
              .record(
                {
                  recordCount: mostly(fc.integer({ min: 0, max: 20 })),
                  left: indexes(ctx),
                  right: indexes(ctx),
                  weights: mostly(fc.array(fc.double(), { maxLength: 12 }).map((a) => Float64Array.from(a))),
                  matchWeight: mostly(fc.double()),
                  distinct: mostly(fc.array(indexes(ctx), { maxLength: 2 })),
                },
                { requiredKeys: [] },
              )
              .map((input) => [input]),
          },
          { weight: 1, arbitrary: fc.tuple(V) },
        ),
      check: inRange,
    },
    {
      name: 'textOf',
      args: (ctx) =>
        fc
          .tuple(
            plausibly((e) => e.columns.values().next().value, ctx),
            fc.oneof(fc.integer({ min: -2, max: 60 }), V),
          )
          .map((a) => [...a]),
      check: (r) => (r === null || typeof r === 'string' ? undefined : `textOf returned ${typeof r}`),
    },
    {
      name: 'preparedValue',
      args: () =>
        fc
          .tuple(
            S,
            fc.option(fc.oneof(fc.array(S, { maxLength: 3 }), V), { nil: undefined }),
            fc.option(fc.oneof(fc.double(), V), { nil: undefined }),
            fc.option(fc.oneof(fc.integer({ min: -1, max: 300 }), V), { nil: undefined }),
          )
          .map((a) => [...a]),
    },
    { name: 'jsonReplacer', args: () => fc.tuple(S, V).map((a) => [...a]), call: (args) => padan.jsonReplacer(args[0], args[1]) },
    {
      name: 'createModelRegistry',
      args: () =>
        fc
          .tuple(
            fc.oneof(
              hostileOptions(['preparers', 'levelKinds', 'keyTransforms']),
              fc.record(
                {
                  preparers: fc.array(V, { maxLength: 2 }),
                  levelKinds: fc.array(V, { maxLength: 2 }),
                  keyTransforms: fc.dictionary(
                    fc.string({ maxLength: 6 }),
                    fc.oneof(
                      V,
                      fc.constant(() => null),
                    ),
                    { maxKeys: 2 },
                  ),
                },
                { requiredKeys: [] },
              ),
            ),
          )
          .map((a) => [...a]),
    },
    {
      name: 'crossFieldLevel',
      args: () => fc.tuple(fc.oneof(fc.constantFrom('surname', 'givenName'), V), hostileOptions(['match', 'threshold', 'label'])).map((a) => [...a]),
    },
    {
      name: 'resolveRecords',
      heavy: true,
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof({ weight: 5, arbitrary: hostileRecords(10) }, { weight: 1, arbitrary: V }),
            fc.oneof(
              { weight: 3, arbitrary: fc.constant(ctx.model) },
              { weight: 2, arbitrary: fc.constant(null).map(() => padan.dtsenPersonModelSpec()) },
              { weight: 1, arbitrary: V },
            ),
            hostileOptions(['mode', 'prior', 'priorStrength', 'termFrequencies', 'onStage', 'onProgress', 'registry']),
          )
          .map((a) => [...a]),
      call: (args) => {
        const r = padan.resolveRecords(...args);
        return { clusters: r.clusters.length, rejections: r.rejections };
      },
    },
    // The zod schemas the package exports: safeParse never throws, whatever it is given.
    ...(['personSchema', 'familySchema', 'dwellingSchema', 'addressSchema', 'channelSchema', 'housingSchema'] as const).map((schema): EntryPoint => ({
      name: `${schema}.safeParse`,
      args: () => fc.tuple(fc.oneof(hostilePersonRecord, V)).map((a) => [...a]),
      call: (args) => {
        const parsed = padan[schema].safeParse(args[0]);
        return { success: parsed.success };
      },
      check: (r: any) => (typeof r?.success === 'boolean' ? undefined : 'safeParse gave no success flag'),
    })),
    // padan/postgres: hostile arguments are refused before any query; a pool-shaped value reaches a
    // pool whose queries fail with a typed error (no database in a fuzz run).
    {
      name: 'openPostgresEntityStore',
      heavy: true,
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof(
              fc.record(
                {
                  pool: fc.oneof(fc.constant(fakePool), V),
                  schema: mostly(fc.constantFrom('padan', 'fuzz_1')),
                  model: fc.oneof(fc.constant(ctx.model), V),
                  policy: fc.oneof(fc.constant(padan.dtsenPersonPolicy), V),
                },
                { requiredKeys: [] },
              ),
              V,
            ),
          )
          .map((a) => [...a]),
    },
    { name: 'migratePostgresStore', heavy: true, args: () => fc.tuple(fc.oneof(fc.constant(fakePool), V), hostileOptions(['schema'])).map((a) => [...a]) },
    {
      name: 'bulkLoadPostgresStore',
      heavy: true,
      args: (ctx) =>
        fc
          .tuple(
            fc.oneof(fc.constant(fakePool), V),
            fc.oneof(
              fc.constant(null).map(() => ctx.store()),
              fc.constant(ctx.resolution),
              V,
            ),
            hostileOptions(['policy', 'pseudonyms', 'schema']),
          )
          .map((a) => [...a]),
    },
    { name: 'exportPostgresSnapshot', heavy: true, args: () => fc.tuple(V, V).map((a) => [...a]) },
    {
      name: 'PostgresEntityStore',
      heavy: true,
      args: (ctx) =>
        fc
          .tuple(fc.oneof(fc.record({ pool: fc.oneof(fc.constant(fakePool), V), model: fc.oneof(fc.constant(ctx.model), V) }, { requiredKeys: [] }), V), S, V)
          .map((a) => [...a]),
      call: (args) => new padan.PostgresEntityStore(...args),
    },
  ];
}
