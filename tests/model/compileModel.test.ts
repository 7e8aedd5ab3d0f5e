import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { compileModel } from '../../src/model/compileModel.js';
import type { ModelSpecInput } from '../../src/model/modelSpec.js';
import { compilePolicy } from '../../src/merge/compilePolicy.js';
import type { MergePolicy } from '../../src/merge/types.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';

const NIK = '3174054107900001';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A copy of `value` with the value at `path` replaced (arrays and objects copied along the way). */
function replaceAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  if (value !== null && typeof value === 'object') return { ...value, [head]: replaceAt((value as Record<string, unknown>)[head], rest, replacement) };
  return value;
}

/** Every path to a value inside a JSON value. */
function pathsOf(value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  const here = [[...prefix]];
  if (Array.isArray(value)) return here.concat(value.flatMap((item, i) => pathsOf(item, [...prefix, i])));
  if (value !== null && typeof value === 'object') return here.concat(Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k])));
  return here;
}

describe('compileModel: a config mistake is a typed PadanError', () => {
  const valid = dtsenPersonModelSpec();

  it.each([
    ['an unknown level kind', replaceAt(valid, ['comparisons', 1, 'levels', 1, 'kind'], 'psychic'), 'unknown level kind "psychic"'],
    ['an unknown preparer', replaceAt(valid, ['comparisons', 0, 'prepare'], 'nope'), 'unknown preparer "nope"'],
    ['an unknown key transform', replaceAt(valid, ['blocking', 'rules', 0, 'on', 0, 'transform'], 'soundex-9'), 'unknown blocking-key transform'],
    ['a missing null level', replaceAt(valid, ['comparisons', 0, 'levels', 0], { kind: 'else' }), 'first level must be the null'],
    ['no else level last', replaceAt(valid, ['comparisons', 0, 'levels'], [{ kind: 'null' }, { kind: 'exact' }]), 'last level must be "else"'],
    ['a wrong version', { ...valid, version: 2 }, 'version'],
    ['not an object at all', 'model.json', 'invalid model spec'],
  ])('%s → invalid-model', (_, spec, message) => {
    const error = thrown(() => compileModel(spec as ModelSpecInput));
    expect(error).toBeInstanceOf(PadanError);
    expect((error as PadanError).code).toBe('invalid-model');
    expect((error as PadanError).message).toContain(message);
  });

  it('never prints a full NIK that was written into the spec', () => {
    const error = thrown(() => compileModel(replaceAt(valid, ['comparisons', 0, 'prepare'], NIK) as ModelSpecInput));
    expect(error).toBeInstanceOf(PadanError);
    expect(String((error as PadanError).message)).not.toContain(NIK);
  });

  it('any value in place of any part of a valid spec: compiles, or throws PadanError invalid-model (property)', () => {
    const paths = pathsOf(valid);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.oneof(fc.jsonValue(), fc.constant(NIK), fc.constant(undefined)), (path, replacement) => {
        const error = thrown(() => compileModel(replaceAt(valid, path, replacement) as ModelSpecInput));
        if (error === undefined) return;
        expect(error).toBeInstanceOf(PadanError);
        expect((error as PadanError).code).toBe('invalid-model');
        expect((error as PadanError).message).not.toContain(NIK);
      }),
      { numRuns: 300 },
    );
  });
});

describe('compilePolicy: a policy mistake is a typed PadanError', () => {
  it('any JSON value as a policy, or inside one: compiles, or throws PadanError invalid-policy (property)', () => {
    const fieldRules = fc.oneof(fc.jsonValue(), fc.record({ rules: fc.array(fc.jsonValue(), { maxLength: 3 }) }));
    const policy = fc.oneof(
      fc.jsonValue(),
      fc.record({
        name: fc.oneof(fc.string(), fc.jsonValue()),
        version: fc.oneof(fc.string(), fc.jsonValue()),
        fields: fc.dictionary(fc.string(), fieldRules, { maxKeys: 3 }),
      }),
    );
    fc.assert(
      fc.property(policy, (candidate) => {
        const error = thrown(() => compilePolicy(candidate as MergePolicy));
        if (error === undefined) return;
        expect(error).toBeInstanceOf(PadanError);
        expect((error as PadanError).code).toBe('invalid-policy');
      }),
      { numRuns: 300 },
    );
  });
});
