import { beforeAll, describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { blockRecords } from '../../src/block/blockRecords.js';
import { clusterRecords } from '../../src/cluster/clusterRecords.js';
import { comparePairs } from '../../src/comparisons/comparePairs.js';
import { prepareColumns } from '../../src/comparisons/prepareColumns.js';
import { preparedValue, textOf } from '../../src/model/column.js';
import { compileModel, type CompiledModel } from '../../src/model/compileModel.js';
import { createModelRegistry } from '../../src/model/modelRegistry.js';
import { parseModel } from '../../src/model/serializeModel.js';
import { compilePolicy } from '../../src/merge/compilePolicy.js';
import { dtsenPersonPolicy } from '../../src/merge/dtsenPersonPolicy.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { scorePairs, weightTable } from '../../src/score/scorePairs.js';
import { trainModel } from '../../src/score/trainModel.js';
import { bulkLoadPostgresStore } from '../../src/store/postgres/bulkLoadPostgresStore.js';
import { migratePostgresStore } from '../../src/store/postgres/migrations.js';
import { PostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import { syntheticRecords, trainedModel } from '../store/fixtures.js';

// Issue 17: the generic engine's stage functions are public but trusted their arguments; the fuzzer's
// wrong types gave untyped TypeErrors (or garbage: textOf past the end returned undefined). Each now
// throws PadanError, naming the function and the argument.

function code(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    if (error instanceof PadanError) return `${error.code}: ${error.message}`;
    return `untyped ${String(error)}`;
  }
  return undefined;
}
async function asyncCode(call: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await call();
  } catch (error) {
    return error instanceof PadanError ? `${error.code}: ${error.message}` : `untyped ${String(error)}`;
  }
  return undefined;
}

let compiled: CompiledModel;
let records: unknown[];
let columns: ReturnType<typeof prepareColumns>;
let pairs: ReturnType<typeof blockRecords>;
beforeAll(() => {
  compiled = compileModel(dtsenPersonModelSpec());
  records = syntheticRecords(60, 3);
  columns = prepareColumns(records, compiled.columns);
  pairs = blockRecords(compiled.blockingRules, columns, records.length);
});

describe('stage functions refuse what is not theirs, with a typed error', () => {
  it('the plausible call works', () => {
    const vectors = comparePairs(compiled.comparisons, columns, pairs.left, pairs.right);
    const table = weightTable(trainedModel(), compiled);
    expect(scorePairs(table, compiled, columns, pairs.left, pairs.right, vectors)).toHaveLength(pairs.count);
    expect(typeof textOf(columns.get('nik|nik')!, 0)).toBe('string');
  });

  it('prepareColumns, blockRecords: look-alike rules and sources, short columns, bad counts, unknown options', () => {
    expect(code(() => prepareColumns(records, [{ key: 'x', field: 'name', read: () => 1, preparer: {} }] as never))).toMatch(
      /^invalid-argument: prepareColumns: sources\[0\]/,
    );
    expect(code(() => prepareColumns(records, compiled.columns, Int32Array.of(0, 999)))).toMatch(/^invalid-argument: prepareColumns: order\[1\]/);
    expect(code(() => blockRecords([{ ...compiled.blockingRules[0]! }], columns, records.length))).toMatch(/^invalid-argument: blockRecords: rules\[0\]/);
    expect(code(() => blockRecords(compiled.blockingRules, new Map([['a', 1]]) as never, records.length))).toMatch(
      /^invalid-argument: blockRecords: columns has no prepared column/,
    );
    expect(code(() => blockRecords(compiled.blockingRules, columns, records.length + 5))).toMatch(/fewer than/);
    expect(code(() => blockRecords(compiled.blockingRules, columns, -1))).toMatch(/recordCount must be a whole number/);
    expect(code(() => blockRecords(compiled.blockingRules, columns, records.length, { then: 1 } as never))).toMatch(
      /^invalid-config: blockRecords: unknown option "then"/,
    );
  });

  it('comparePairs, scorePairs, weightTable, trainModel: pairs outside the records, vectors and models of another spec', () => {
    expect(code(() => comparePairs(compiled.comparisons, columns, Int32Array.of(0), Int32Array.of(records.length)))).toMatch(/pair 0 names a record outside/);
    expect(code(() => comparePairs(compiled.comparisons, columns, Int32Array.of(0, 1), Int32Array.of(1)))).toMatch(/as long as each other/);
    expect(code(() => comparePairs(compiled.comparisons, columns, [0] as never, [1] as never))).toMatch(/left must be an Int32Array/);
    const vectors = comparePairs(compiled.comparisons, columns, pairs.left, pairs.right);
    const table = weightTable(trainedModel(), compiled);
    expect(code(() => scorePairs(table, { ...compiled }, columns, pairs.left, pairs.right, vectors))).toMatch(/compiled must be what compileModel returns/);
    expect(code(() => scorePairs(table, compiled, columns, pairs.left, pairs.right, { ...vectors, count: 1 }))).toMatch(/vectors must hold one level per pair/);
    const broken = { ...vectors, levels: vectors.levels.slice().fill(250) };
    expect(code(() => scorePairs(table, compiled, columns, pairs.left, pairs.right, broken))).toMatch(/a level comparison 0 does not have/);
    expect(code(() => scorePairs({ ...table, levelWeights: [] }, compiled, columns, pairs.left, pairs.right, vectors))).toMatch(
      /table must be the weight table/,
    );
    expect(code(() => weightTable({ parameters: {} } as never, compiled))).toMatch(/model must be a trained model/);
    expect(code(() => trainModel(compiled, columns, records.length, vectors, { iterations: 3 } as never))).toMatch(/unknown option "iterations"/);
    expect(code(() => trainModel(compiled, columns, records.length, 'v' as never))).toMatch(/vectors/);
  });

  it('clusterRecords, textOf, preparedValue, createModelRegistry', () => {
    expect(code(() => clusterRecords(undefined as never))).toMatch(/^invalid-argument: clusterRecords: input must be an object/);
    expect(
      code(() =>
        clusterRecords({ recordCount: 2, left: Int32Array.of(0), right: Int32Array.of(5), weights: Float64Array.of(1), matchWeight: 0, distinct: [] }),
      ),
    ).toMatch(/outside/);
    expect(
      code(() =>
        clusterRecords({ recordCount: 2, left: Int32Array.of(0), right: Int32Array.of(1), weights: new Float64Array(0), matchWeight: 0, distinct: [] }),
      ),
    ).toMatch(/weights/);
    expect(code(() => textOf(columns.get('nik|nik')!, records.length + 3))).toMatch(/record must be a record index/);
    expect(code(() => textOf({} as never, 0))).toMatch(/column must be a prepared column/);
    expect(code(() => preparedValue(5 as never))).toMatch(/text must be a string/);
    expect(code(() => preparedValue('A', null, 0, 300))).toMatch(/flags/);
    expect(code(() => createModelRegistry({ preparers: 5 } as never))).toMatch(/^invalid-config: createModelRegistry: preparers must be an array/);
    expect(code(() => createModelRegistry({ keyTransfroms: {} } as never))).toMatch(/unknown option "keyTransfroms"/);
  });

  it('padan/postgres refuses a value that is not a pool before any query', async () => {
    expect(await asyncCode(() => migratePostgresStore({} as never))).toMatch(/^invalid-argument: migratePostgresStore: pool must be a pg.Pool/);
    expect(await asyncCode(() => migratePostgresStore({ connect: async () => ({}) } as never, { schema: { toString: 1 } } as never))).toMatch(
      /^invalid-argument: postgres store: schema must be a lower-case SQL identifier/,
    );
    expect(await asyncCode(() => bulkLoadPostgresStore(null as never, {} as never))).toMatch(/^invalid-argument: bulkLoadPostgresStore: pool/);
    expect(code(() => new PostgresEntityStore(undefined as never, 'padan', {} as never))).toMatch(
      /^invalid-argument: PostgresEntityStore: use openPostgresEntityStore/,
    );
  });
});

describe('compileModel on values zod itself cannot read (fuzz seed 20)', () => {
  it("throws invalid-model, not zod's TypeError", () => {
    // An array-like whose length zod's check converts to a number.
    expect(code(() => compileModel({ comparisons: { length: Symbol('s') } } as never))).toMatch(/^invalid-model: /);
    expect(code(() => compileModel({ comparisons: { length: { toString: 1, valueOf: 1 } } } as never))).toMatch(/^invalid-model: /);
  });
});

describe('compilePolicy and parseModel on values zod itself cannot read (fuzz seed 23)', () => {
  const unreadable = (): unknown[] => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20_000; i++) deep = [deep];
    return [{ length: Symbol('s') }, { length: { toString: /x/, valueOf: 1 } }, { length: [deep] }];
  };
  it("compilePolicy throws invalid-policy, not zod's TypeError or RangeError", () => {
    for (const value of unreadable()) {
      expect(code(() => compilePolicy({ name: value } as never))).toMatch(/^invalid-policy: /);
      expect(code(() => compilePolicy({ ...dtsenPersonPolicy, fields: { name: { follow: value } } } as never))).toMatch(/^invalid-policy: /);
      expect(code(() => compilePolicy({ ...dtsenPersonPolicy, extra: { rules: value } } as never))).toMatch(/^invalid-policy: /);
    }
  });
  it("parseModel throws invalid-model, not zod's TypeError", () => {
    const model = trainedModel();
    for (const value of unreadable()) {
      expect(code(() => parseModel({ ...model, spec: { ...model.spec, comparisons: value } } as never))).toMatch(/^invalid-model: /);
    }
  });
});
