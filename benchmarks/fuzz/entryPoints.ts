/**
 * Every public entry point of padan, with hostile arguments for each and the invariants its results
 * must keep. The functions are found by name in the package's entry points (exports.ts).
 *
 * Heavy or cheap, by one rule: an entry point is `heavy` when each input runs a pipeline (resolve,
 * train, group, partition: several stages over a batch), writes to or serializes / loads an entity
 * store (or matches a record against one: lookup), reads or writes files or a database, generates a
 * synthetic population, or builds a whole report. Everything else is a function of its arguments alone
 * (identifiers, standardizers, comparators, validators, levels, model and policy compilers, store
 * reads by key): cheap. The campaign's targets are 10^6 inputs per cheap entry point, 10^4 per heavy one.
 */
import * as fc from './gen.js';
import type * as T from '../../src/index.js';
import { api as padan } from './exports.js';
import { hostileOptions, hostileRecords, hostileString, hostileValue, mostly, plantedNik, writtenNik, hostilePersonRecord } from './hostile.js';

/** Values built once per worker process (a small resolution, a model, a store) for the entry points that take them. */
export interface FuzzContext {
  readonly resolution: T.PersonResolution;
  readonly result: T.Resolution;
  readonly model: T.TrainedModel;
  readonly policy: T.CompiledPolicy<T.MergeRecord>;
  readonly families: unknown[];
  readonly dwellings: unknown[];
  readonly tmpDir: string;
  /** The records the context store starts with, by reference, and entity IDs to ask for. */
  readonly refs: readonly { readonly source: string; readonly recordId: string }[];
  readonly entityIds: readonly string[];
  /**
   * The shared store: the 30 records of `refs`, plus what fuzzed writes added since it was built. It is
   * built again after `STORE_WRITES` writes that went through (a write that threw left it as it was:
   * the transactional property, checked by the transaction entries) or 200 uses.
   */
  store(): T.MemoryEntityStore;
  /** Tells the context a write to its store went through (its log, replayed when a write throws after changing state, grew). */
  wrote(): void;
  /** How many times `store()` was called: a transaction knows nobody else touched the store since its last call. */
  readonly storeCalls: number;
}

/**
 * Writes a context store takes before it is built again. A write refused before it changes anything
 * costs nothing to undo (since 2e59201); one that throws after its first change rolls back by
 * replaying the log of writes into a fresh engine (the fixture plus every write since), and each
 * transaction entry serializes the whole store before and after: a store that keeps few writes keeps
 * both cheap.
 */
export const STORE_WRITES = 8;

/**
 * Milliseconds the harness spent on its own work inside entry points' calls (a transaction's store
 * state before and after): profile.ts takes it out of the call's time.
 */
export const harnessClock = { ms: 0 };

export interface EntryPoint {
  /** The entry's key in results and `--only`: the export's name, or `<export>.<method>` / `<export> (<variant>)`. */
  readonly name: string;
  /** The export it exercises, when its name does not start with it (see coverage.ts). */
  readonly export?: string;
  /** The package subpath (`./report`) of that export, when the name alone is ambiguous; found by name otherwise. */
  readonly from?: string;
  readonly heavy?: boolean;
  readonly args: (context: FuzzContext) => fc.Arbitrary<unknown[]>;
  /** Calls the entry point; default `padan[name](...args)`. */
  readonly call?: (args: unknown[], context: FuzzContext) => unknown;
  /** Returns what is wrong with a result, or undefined. */
  readonly check?: (result: unknown, args: unknown[]) => string | undefined;
}

const S = mostly(hostileString);
const V = hostileValue;
const nikLike = fc.oneof(writtenNik, plantedNik, hostileString, hostileValue);
const tokens = fc.oneof(fc.array(mostly(hostileString), { maxLength: 4 }), hostileString, hostileValue);

function inUnit(result: unknown): string | undefined {
  return typeof result === 'number' && result >= 0 && result <= 1 ? undefined : `similarity ${String(result)} outside [0, 1]`;
}
function distance(result: unknown): string | undefined {
  return typeof result === 'number' && Number.isInteger(result) && result >= 0 ? undefined : `distance ${String(result)} is not a natural number`;
}
function symmetric(fn: (a: unknown, b: unknown, ...rest: unknown[]) => unknown) {
  return (result: unknown, args: unknown[]): string | undefined => {
    // The same options: a swapped call without them compared a result under other settings.
    const swapped = fn(args[1], args[0], ...args.slice(2));
    return Object.is(swapped, result) ? undefined : `not symmetric: ${String(result)} vs ${String(swapped)}`;
  };
}
function both(...checks: ((result: unknown, args: unknown[]) => string | undefined)[]) {
  return (result: unknown, args: unknown[]) => {
    for (const check of checks) {
      const problem = check(result, args);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}
function balanced(inputLength: (args: unknown[]) => number, count: (result: any) => number) {
  return (result: unknown, args: unknown[]): string | undefined => {
    const expected = inputLength(args);
    const got = count(result);
    return expected === got ? undefined : `records not accounted for: ${expected} in, ${got} out`;
  };
}
const lengthOf = (args: unknown[]) => (Array.isArray(args[0]) ? args[0].length : -1);
const noNaNStrings = (result: unknown): string | undefined => {
  const text = JSON.stringify(result, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
  return text !== undefined && /"(?:NaN|undefined)"|\[object Object\]/.test(text) ? 'a NaN / undefined / [object Object] string in the result' : undefined;
};

const comparator = (name: string, options: readonly string[], check: (r: unknown, a: unknown[]) => string | undefined, args = fc.tuple(S, S)): EntryPoint => ({
  name,
  args: () => fc.tuple(args, hostileOptions(options)).map(([pair, opts]) => (opts === undefined ? [...pair] : [...pair, opts])),
  check,
});
const sim = (name: string, options: readonly string[] = []) =>
  comparator(
    name,
    options,
    both(
      inUnit,
      symmetric((a, b, ...rest) => (padan as any)[name](a, b, ...rest)),
    ),
  );
const dist = (name: string, options: readonly string[] = []) =>
  comparator(
    name,
    options,
    both(
      distance,
      symmetric((a, b, ...rest) => (padan as any)[name](a, b, ...rest)),
    ),
  );
const unary = (name: string, arg: fc.Arbitrary<unknown>, options: readonly string[] = [], check?: EntryPoint['check']): EntryPoint => ({
  name,
  args: () => fc.tuple(arg, hostileOptions(options)).map(([a, opts]) => (opts === undefined ? [a] : [a, opts])),
  ...(check ? { check } : {}),
});
const index = fc.oneof(fc.integer({ min: -2, max: 60 }), hostileValue);

export const ENTRY_POINTS: readonly EntryPoint[] = [
  // Identifiers
  unary('parseNik', nikLike, ['referenceDate', 'path', 'recordId'], (r: any) =>
    r.success && !/^\d{16}$/.test(r.value.nik) ? 'parsed NIK is not 16 ASCII digits' : undefined,
  ),
  unary('parseKk', nikLike, ['referenceDate', 'path', 'recordId'], (r: any) =>
    r.success && !/^\d{16}$/.test(r.value.kk) ? 'parsed KK is not 16 ASCII digits' : undefined,
  ),
  unary(
    'formatNik',
    mostly(
      fc.record(
        {
          districtCode: mostly(fc.constantFrom('320101', '3201.01')),
          birthDate: mostly(fc.constantFrom('1990-05-12', '2000-02-29')),
          sex: mostly(fc.constantFrom('male', 'female')),
          serial: mostly(fc.constantFrom('0001', 1, '12')),
        },
        { requiredKeys: [] },
      ),
    ),
    ['separator'],
    (r) => (typeof r === 'string' && /^\d{4}(?:\D?\d{4}){3}$|^[\d .-]+$/.test(r) ? undefined : `formatNik returned ${typeof r}`),
  ),
  unary(
    'formatKk',
    mostly(
      fc.record(
        { districtCode: mostly(fc.constantFrom('320101')), issueDate: mostly(fc.constantFrom('2010-03-15')), serial: mostly(fc.constantFrom('0002', 2)) },
        { requiredKeys: [] },
      ),
    ),
    ['separator'],
  ),
  unary(
    'makeNik',
    mostly(
      fc.record(
        {
          districtCode: mostly(fc.constantFrom('320101', '9101')),
          birthDate: mostly(fc.constantFrom('1990-05-12', new Date(0))),
          sex: mostly(fc.constantFrom('male', 'female')),
          serial: mostly(fc.integer({ min: -1, max: 10000 })),
        },
        { requiredKeys: [] },
      ),
    ),
    ['validate'],
  ),
  {
    name: 'checkNikConsistency',
    args: () =>
      fc
        .tuple(
          nikLike,
          mostly(
            fc.record(
              { birthDate: mostly(fc.constantFrom('1990-05-12')), sex: mostly(fc.constantFrom('female', 'male')), districtCode: S },
              { requiredKeys: [] },
            ),
          ),
          hostileOptions(['referenceDate', 'path', 'recordId']),
        )
        .map((a) => [...a]),
  },
  unary('maskNik', nikLike, [], (r) => (typeof r === 'string' ? undefined : 'maskNik returned a non-string')),
  unary('maskKk', nikLike),
  {
    name: 'pseudonymize',
    args: () =>
      fc
        .tuple(
          nikLike,
          fc.oneof(
            fc.constantFrom('a-shared-secret-of-32-characters!', 'xxxxxxxxxxxxxxxx', '0000000000000000'),
            fc.uint8Array({ minLength: 0, maxLength: 40 }),
            hostileValue,
          ),
          hostileOptions(['domain']),
        )
        .map((a) => [...a]),
    check: (r) => (typeof r === 'string' && /^[0-9a-f]{64}$/.test(r) ? undefined : 'pseudonym is not 64 hex digits'),
  },
  unary('normalizeIdentifier', nikLike),
  unary('resolveDistrictCode', fc.oneof(fc.constantFrom('320101', '910101', '32.01.01'), nikLike)),
  { name: 'loadRegions', args: () => fc.array(hostileValue, { maxLength: 1 }) },
  { name: 'loadVillages', heavy: true, args: () => fc.array(hostileValue, { maxLength: 1 }) },
  unary('redactIdentifiers', fc.oneof(hostileString, hostileValue), [], (r) => (typeof r === 'string' ? undefined : 'redaction returned a non-string')),
  // Schemas
  unary('validatePerson', hostilePersonRecord, ['malformedIds', 'checkNik']),
  unary(
    'validateFamily',
    mostly(
      fc.record(
        {
          source: S,
          recordId: mostly(writtenNik),
          observedAt: S,
          channel: V,
          kk: nikLike,
          headNik: nikLike,
          members: fc.array(hostilePersonRecord, { maxLength: 3 }),
        },
        { requiredKeys: [] },
      ),
    ),
    ['malformedIds'],
  ),
  unary(
    'validateDwelling',
    mostly(
      fc.record(
        {
          source: S,
          recordId: mostly(writtenNik),
          observedAt: S,
          channel: V,
          address: V,
          housing: mostly(fc.dictionary(fc.constantFrom('ownership', 'floorMaterial', 'roofMaterial', 'cookingFuel', 'plnPower', 'floorArea'), V)),
        },
        { requiredKeys: [] },
      ),
    ),
    ['malformedIds'],
  ),
  {
    name: 'validateBatch',
    args: () =>
      fc
        .tuple(
          fc.oneof({ weight: 4, arbitrary: hostileRecords(8) }, { weight: 1, arbitrary: V }),
          mostly(fc.constantFrom('person', 'family', 'dwelling')),
          hostileOptions(['malformedIds', 'checkNik']),
        )
        .map((a) => [...a]),
    check: balanced(lengthOf, (r) => r.valid.length + r.rejected.length),
  },
  { name: 'checkNikWithParser', args: () => fc.tuple(nikLike, mostly(hostilePersonRecord)).map((a) => [...a]) },
  // Standardizers
  unary('standardizeName', S, ['keepTitles'], noNaNStrings),
  unary('splitNameTitles', fc.oneof(S, fc.constantFrom('Hj. Siti Aminah, S.Pd.', 'Prof.Dr.H.Ahmad,SE,MM', 'AHMAD (ALM)')), [], (r: any, args) =>
    typeof args[0] === 'string' && padan.standardizeName(r.name).compared !== padan.standardizeName(args[0]).compared
      ? 'splitNameTitles changed the compared name'
      : undefined,
  ),
  unary('canonicalizeNameToken', S, ['respell']),
  unary('respellOldSpelling', S),
  unary('indonesianPhoneticKey', S, ['length']),
  unary('standardizeDate', fc.oneof(S, fc.constantFrom('12/05/1990', '1990-05', '05-1990')), ['referenceDate', 'dayFirst'], noNaNStrings),
  { name: 'isPlaceholderDate', args: () => fc.tuple(mostly(fc.constantFrom('1990-07-01', '1990-12-31', '1990')), hostileOptions([])).map((a) => [...a]) },
  unary(
    'standardizeAddress',
    fc.oneof(
      S,
      fc.constantFrom('Jl. Mawar RT 07\u200b RW 05', 'RT ０７ RW ٠٥', 'RT 7/RW 5 Kel. Cibinong'),
      mostly(fc.record({ street: S, rt: S, rw: S, villageCode: S, districtName: S, regencyName: S }, { requiredKeys: [] })),
    ),
    ['regions'],
    noNaNStrings,
  ),
  unary('normalizeRegionName', S),
  // Comparators
  sim('jaroSimilarity'),
  sim('jaroWinklerSimilarity', ['prefixScale', 'maxPrefix']),
  dist('levenshteinDistance'),
  sim('levenshteinSimilarity'),
  dist('damerauLevenshteinDistance', ['restricted']),
  sim('damerauLevenshteinSimilarity', ['restricted']),
  comparator('tokenSortSimilarity', ['similarity'], inUnit, fc.tuple(tokens, tokens)),
  comparator('tokenSetSimilarity', ['similarity'], inUnit, fc.tuple(tokens, tokens)),
  comparator(
    'nameSimilarity',
    ['initialSimilarity', 'missingTokenPenalty'],
    both(
      inUnit,
      symmetric((a, b, ...rest) => padan.nameSimilarity(a as string[], b as string[], ...rest)),
    ),
    fc.tuple(tokens, tokens),
  ),
  comparator('compareDates', ['placeholders', 'maxYearDifference'], (r) =>
    padan.DATE_COMPARISON_LEVELS.includes(r as never) ? undefined : `compareDates returned ${String(r)}`,
  ),
  comparator(
    'compareNik',
    [],
    both(
      (r) => (padan.NIK_COMPARISON_LEVELS.includes(r as never) ? undefined : `compareNik returned ${String(r)}`),
      symmetric((a, b, ...rest) => padan.compareNik(a as string, b as string, ...rest)),
    ),
    fc.tuple(nikLike, nikLike),
  ),
  // Model vocabulary
  ...[
    'nullLevel',
    'exactLevel',
    'jaroWinklerLevel',
    'damerauLevenshteinLevel',
    'nameLevel',
    'dateLevel',
    'nikLevel',
    'numericDifferenceLevel',
    'prefixLevel',
    'elseLevel',
  ].map((name) => ({
    name,
    args: () =>
      fc.array(
        fc.oneof(
          fc.double({ min: -1, max: 2 }),
          fc.integer({ min: -1, max: 5 }),
          hostileOptions(['threshold', 'distance', 'outcomes', 'length', 'transform', 'termFrequency', 'label']),
        ),
        { maxLength: 2 },
      ),
  })),
  {
    name: 'compileModel',
    args: () =>
      fc
        .oneof(
          fc.tuple(V),
          fc.constant([padan.dtsenPersonModelSpec()]),
          fc.tuple(fc.dictionary(fc.constantFrom('comparisons', 'blocking', 'prior', 'kind', '__proto__'), V)),
        )
        .map((a) => [...a]),
  },
  { name: 'serializeModel', args: (ctx) => fc.oneof(fc.tuple(V), fc.constant([ctx.model])).map((a) => [...a]) },
  {
    name: 'parseModel',
    args: (ctx) =>
      fc
        .oneof(
          fc.tuple(V),
          fc.constant([padan.serializeModel(ctx.model)]),
          fc.tuple(fc.json()),
          fc.tuple(fc.dictionary(fc.constantFrom('kind', 'version', 'spec', 'parameters', 'constructor', '__proto__'), V)),
        )
        .map((a) => [...a]),
  },
  unary('matchProbability', fc.oneof(fc.double(), V), [], (r) => (typeof r === 'number' && r >= 0 && r <= 1 ? undefined : `probability ${String(r)}`)),
  unary('dtsenPersonModelSpec', hostileOptions(['blockingCap', 'termFrequency', 'placeholders'])),
  // Resolution (a small synthetic resolution is built once per worker)
  {
    name: 'resolvePersons',
    heavy: true,
    args: () =>
      fc
        .tuple(
          fc.oneof({ weight: 5, arbitrary: hostileRecords(12) }, { weight: 1, arbitrary: V }),
          hostileOptions(['model', 'threshold', 'reviewBand', 'onStage', 'train']),
        )
        .map((a) => [...a]),
    check: balanced(lengthOf, (r) => r.records.length + r.rejections.length),
  },
  {
    name: 'resolve',
    heavy: true,
    args: () =>
      fc
        .tuple(
          mostly(
            fc.record(
              { persons: hostileRecords(8), families: fc.array(V, { maxLength: 3 }), dwellings: fc.array(V, { maxLength: 3 }) },
              { requiredKeys: ['persons'] },
            ),
          ),
          hostileOptions(['model', 'policy', 'threshold']),
        )
        .map((a) => [...a]),
  },
  {
    name: 'explainPair',
    args: () => fc.tuple(index, index).map((a) => [...a]),
    call: (args, ctx) => padan.explainPair(ctx.resolution, args[0] as number, args[1] as number),
  },
  { name: 'explainCluster', args: () => fc.tuple(index).map((a) => [...a]), call: (args, ctx) => padan.explainCluster(ctx.resolution, args[0] as number) },
  {
    name: 'explainPair(hostile resolution)',
    args: () => fc.tuple(V, index, index).map((a) => [...a]),
    call: (args) => padan.explainPair(args[0] as never, args[1] as number, args[2] as number),
  },
  // Survivorship
  {
    name: 'compilePolicy',
    args: () =>
      fc
        .tuple(
          fc.oneof(fc.constant(padan.dtsenPersonPolicy), V, fc.dictionary(fc.constantFrom('name', 'fields', 'sourcePriority', '__proto__', 'constructor'), V)),
          hostileOptions(['modelFingerprint']),
        )
        .map((a) => [...a]),
  },
  {
    name: 'mergeCluster',
    args: (ctx) =>
      fc
        .tuple(
          fc.oneof({ weight: 4, arbitrary: fc.array(hostilePersonRecord, { maxLength: 5 }) }, { weight: 1, arbitrary: V }),
          fc.oneof({ weight: 5, arbitrary: fc.constant(ctx.policy) }, { weight: 1, arbitrary: V }),
          hostileOptions(['asOf']),
        )
        .map((a) => [...a]),
  },
  { name: 'createMergeState', args: () => fc.tuple(fc.oneof(fc.array(hostilePersonRecord, { maxLength: 4 }), V), hostileOptions([])).map((a) => [...a]) },
  {
    name: 'addToMergeState',
    args: () => fc.tuple(fc.oneof(fc.constant(undefined), V), fc.oneof(fc.array(hostilePersonRecord, { maxLength: 3 }), V)).map((a) => [...a]),
    call: (args) => padan.addToMergeState((args[0] ?? padan.createMergeState([])) as never, args[1] as never),
  },
  ...['definePolicy', 'sourcePriority', 'mostRecent', 'mostFrequent', 'mostComplete', 'mostVerified', 'customRule'].map((name) => ({
    name,
    args: () =>
      fc.array(
        fc.oneof(
          V,
          fc.array(S, { maxLength: 3 }),
          fc.constant(() => null),
        ),
        { maxLength: 2 },
      ),
  })),
  // Synthetic data
  {
    name: 'generatePopulation',
    heavy: true,
    args: () => fc.tuple(hostileOptions(['persons', 'seed', 'provinces', 'startDate'])).map((a) => [...a]),
    call: (args) => {
      const population = padan.generatePopulation(limitPersons(args[0]) as never);
      return { units: Array.isArray((population as any).units) ? (population as any).units.length : 0 };
    },
  },
  {
    name: 'generateSources',
    heavy: true,
    args: () => fc.tuple(hostileOptions(['persons', 'seed', 'provinces', 'noise', 'sources'])).map((a) => [...a]),
    call: (args) => {
      let n = 0;
      for (const _ of padan.generateSources(limitPersons(args[0]) as never)) if (++n > 2000) break;
      return n;
    },
  },
  unary('defaultNoiseRates', mostly(fc.constantFrom(...padan.KNOWN_SOURCES))),
  {
    name: 'writeSyntheticDataset',
    heavy: true,
    args: () => fc.tuple(hostileOptions(['persons', 'seed', 'format'])).map((a) => [...a]),
    call: (args, ctx) => padan.writeSyntheticDataset(ctx.tmpDir, limitPersons(args[0]) as never),
  },
  // Families and households
  {
    name: 'groupFamilies',
    heavy: true,
    args: (ctx) =>
      fc
        .tuple(
          fc.oneof({ weight: 5, arbitrary: fc.constant(ctx.resolution) }, { weight: 1, arbitrary: V }),
          fc.oneof(fc.constant(ctx.families), fc.array(V, { maxLength: 4 }), V),
          hostileOptions([]),
        )
        .map((a) => [...a]),
  },
  {
    name: 'groupHouseholds',
    heavy: true,
    args: (ctx) =>
      fc
        .tuple(
          fc.oneof({ weight: 5, arbitrary: fc.constant(ctx.resolution) }, { weight: 1, arbitrary: V }),
          fc.oneof({ weight: 5, arbitrary: fc.constant(ctx.result.families) }, { weight: 1, arbitrary: V }),
          fc.oneof(fc.constant(ctx.dwellings), fc.array(V, { maxLength: 4 }), V),
          hostileOptions([]),
        )
        .map((a) => [...a]),
  },
  { name: 'explainFamily', args: () => fc.tuple(index).map((a) => [...a]), call: (args, ctx) => padan.explainFamily(ctx.result.families, args[0] as number) },
  {
    name: 'explainHousehold',
    args: () => fc.tuple(index).map((a) => [...a]),
    call: (args, ctx) => padan.explainHousehold(ctx.result.households, args[0] as number),
  },
  // The entity store
  {
    name: 'createEntityStore',
    heavy: true,
    args: (ctx) =>
      fc
        .tuple(
          fc.oneof(
            fc.constant({ model: ctx.model, policy: padan.dtsenPersonPolicy }),
            V,
            fc.record({ model: fc.oneof(fc.constant(ctx.model), V), policy: fc.oneof(fc.constant(padan.dtsenPersonPolicy), V) }, { requiredKeys: [] }),
          ),
        )
        .map((a) => [...a]),
  },
  {
    name: 'EntityStore.add',
    heavy: true,
    args: () => fc.tuple(fc.oneof({ weight: 5, arbitrary: hostileRecords(8) }, { weight: 1, arbitrary: V }), hostileOptions(['observedAt'])).map((a) => [...a]),
    call: async (args, ctx) => {
      const changes = await ctx.store().add(args[0] as never, args[1] as never);
      ctx.wrote();
      return changes;
    },
  },
  {
    name: 'EntityStore.lookup',
    heavy: true,
    args: () => fc.tuple(mostly(hostilePersonRecord), hostileOptions(['limit', 'threshold'])).map((a) => [...a]),
    call: (args, ctx) => ctx.store().lookup(args[0], args[1] as never),
  },
  {
    name: 'EntityStore.resolveId',
    args: () => fc.tuple(fc.oneof(S, fc.constant('P'))).map((a) => [...a]),
    call: (args, ctx) => ctx.store().resolveId(args[0] as string),
  },
  {
    name: 'storeSnapshotLines',
    heavy: true,
    args: () => fc.tuple(fc.oneof(fc.constant(undefined), V)).map((a) => [...a]),
    call: (args, ctx) => {
      let n = 0;
      for (const _ of padan.storeSnapshotLines((args[0] ?? ctx.store()) as never)) n++;
      return n;
    },
  },
  {
    name: 'loadStoreSnapshot (a mutated snapshot)',
    heavy: true,
    args: () => fc.tuple(fc.oneof(fc.constant(null), S, V), hostileOptions(['model', 'policy'])).map((a) => [...a]),
    call: async (args, ctx) => {
      const text = args[0] === null ? mutate([...padan.storeSnapshotLines(ctx.store())].join('\n')) : args[0];
      const lines = typeof text === 'string' ? text.split('\n') : text;
      return (await (await padan.loadStoreSnapshot(lines as never, (args[1] ?? { model: ctx.model, policy: padan.dtsenPersonPolicy }) as never)).entities())
        .length;
    },
  },
  {
    name: 'loadStoreSnapshot',
    heavy: true,
    args: () => fc.tuple(fc.oneof(fc.array(S, { maxLength: 4 }), V), hostileOptions(['model', 'policy'])).map((a) => [...a]),
    call: async (args, ctx) =>
      (await (await padan.loadStoreSnapshot(args[0] as never, (args[1] ?? { model: ctx.model, policy: padan.dtsenPersonPolicy }) as never)).entities()).length,
  },
  // Errors
  {
    name: 'PadanError',
    args: () => fc.tuple(V, fc.oneof(hostileString, V), fc.oneof(fc.array(hostileString, { maxLength: 3 }), V)).map((a) => [...a]),
    call: (args) => new padan.PadanError(args[0] as never, args[1] as never, args[2] as never),
  },
];

/**
 * Keeps generated populations small: a hostile `persons: 1e9` would be a legitimate, slow request, and
 * so is the default size (10,000 persons) that no options, or options without `persons`, ask for. That
 * was 3 inputs in 8 of writeSyntheticDataset and cost ~365 ms each (the same 10,000-person dataset
 * written again: its inputs are the options, not the size). A non-object (null, an array, a string …)
 * goes through as it is.
 */
export function limitPersons(options: unknown): unknown {
  if (options === undefined) return { persons: 50 };
  if (typeof options !== 'object' || options === null) return options;
  const proto = Object.getPrototypeOf(options) as unknown;
  // Only plain bags are copied (with their prototype); a Date, a Map, an array … stays the hostile value it is.
  if (proto !== Object.prototype && proto !== null) return options;
  const persons = (options as { persons?: unknown }).persons;
  if (persons !== undefined && !(typeof persons === 'number' && persons > 50)) return options;
  // Own keys copied as data properties (an own `__proto__` key stays a key), then the size.
  const copy = Object.create(proto) as Record<PropertyKey, unknown>;
  for (const key of Reflect.ownKeys(options)) {
    const descriptor = Object.getOwnPropertyDescriptor(options, key);
    if (descriptor?.enumerable)
      Object.defineProperty(copy, key, { value: (options as Record<PropertyKey, unknown>)[key], enumerable: true, writable: true, configurable: true });
  }
  return Object.defineProperty(copy, 'persons', { value: 50, enumerable: true, writable: true, configurable: true });
}

/** A valid snapshot with one character changed, a line dropped or lines swapped. */
function mutate(text: string): string {
  const lines = text.split('\n');
  const at = text.length % Math.max(1, lines.length);
  const kind = text.length % 3;
  if (kind === 0) lines.splice(at, 1);
  else if (kind === 1) lines[at] = (lines[at] ?? '').replace(/"[A-Za-z]+"/, '"__proto__"');
  else lines.reverse();
  return lines.join('\n');
}

/** Every runtime export of every entry point, by name (see exports.ts). */
export const PUBLIC_EXPORTS: Readonly<Record<string, unknown>> = padan;
