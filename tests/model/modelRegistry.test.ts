import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import {
  compileModel,
  createModelRegistry,
  preparedValue,
  resolveRecords,
  textOf,
  type LevelKind,
  type ModelSpecInput,
  type Preparer,
} from '../../src/index.js';

// A caller's own preparer, level kind and key transform, written against the public contracts only.
const soundsLike: Preparer = {
  name: 'vowels-dropped',
  summary: 'uppercase, vowels after the first letter dropped',
  prepare: (raw) =>
    typeof raw === 'string' && raw.trim() !== ''
      ? preparedValue(
          raw
            .trim()
            .toUpperCase()
            .replace(/(?<=.)[AEIOU]/g, ''),
        )
      : null,
};
const sameLength: LevelKind<{ kind: 'same-length' }> = {
  kind: 'same-length',
  schema: z.object({ kind: z.literal('same-length') }).strict(),
  compile: (spec) => ({
    spec,
    label: 'same length',
    isNull: false,
    termFrequency: false,
    test: (column, left, right) => textOf(column, left)?.length === textOf(column, right)?.length,
  }),
};
const firstTwo = (column: Parameters<typeof textOf>[0], record: number): string | null => textOf(column, record)?.slice(0, 2) ?? null;

const spec: ModelSpecInput = {
  kind: 'padan/model-spec',
  version: 1,
  name: 'custom',
  recordKey: { source: 'file', id: 'id' },
  comparisons: [
    { name: 'name', field: 'name', prepare: 'vowels-dropped', levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'same-length' }, { kind: 'else' }] },
  ],
  blocking: { rules: [{ name: 'first two', on: [{ field: 'name', prepare: 'vowels-dropped', transform: 'first-two' }] }] },
  decision: { matchWeight: 0, reviewWeight: -4 },
};

describe('open registries: a caller’s preparer, level kind and key transform work like built-ins', () => {
  const registry = createModelRegistry({ preparers: [soundsLike], levelKinds: [sameLength], keyTransforms: { 'first-two': firstTwo } });

  it('a spec naming them compiles with the registry and fails without it, with a typed error', () => {
    const compiled = compileModel(spec, { registry });
    expect(compiled.comparisons[0]?.levels[2]?.label).toBe('same length');
    expect(() => compileModel(spec)).toThrow(PadanError);
    expect(() => compileModel(spec)).toThrow(/unknown preparer "vowels-dropped"/);
  });

  it('resolveRecords runs them: SMITH and SMYTH block together and match exactly on the custom preparer', () => {
    const rows = [
      { file: 'A', id: '1', name: 'Smith' },
      { file: 'B', id: '2', name: 'Smyth' },
      { file: 'B', id: '3', name: 'Jones' },
    ];
    const result = resolveRecords(rows, spec, { registry, mode: 'link-only' });
    expect(result.pairs.left.length).toBe(1);
    expect(result.records.map((r) => r.id)).toEqual(['1', '2', '3']);
  });

  it.each([
    ['a built-in name', { preparers: [{ ...soundsLike, name: 'text' }] }, /preparer "text" is built in/],
    ['a name twice', { keyTransforms: { a: firstTwo }, preparers: [soundsLike, soundsLike] }, /registered twice/],
    ['no prepare function', { preparers: [{ name: 'x', summary: '' }] }, /needs a prepare function/],
    ['a level kind without a schema', { levelKinds: [{ kind: 'y', compile: () => null }] }, /needs a zod schema/],
    ['a transform that is not a function', { keyTransforms: { z: 'first-token' } }, /must be a function/],
    ['a date: name', { preparers: [{ ...soundsLike, name: 'date:MINE' }] }, /is built in/],
  ])('refuses %s with PadanError invalid-config', (_, input, message) => {
    let error: unknown;
    try {
      createModelRegistry(input as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PadanError);
    expect((error as PadanError).code).toBe('invalid-config');
    expect((error as PadanError).message).toMatch(message);
  });

  it('a registry must come from createModelRegistry', () => {
    expect(() => compileModel(spec, { registry: { preparers: new Map() } as never })).toThrow(/must come from createModelRegistry/);
  });
});
