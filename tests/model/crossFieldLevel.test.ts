import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { comparePairs, levelOf, otherColumnOf } from '../../src/comparisons/comparePairs.js';
import { prepareColumns } from '../../src/comparisons/prepareColumns.js';
import type { PreparedColumn } from '../../src/model/column.js';
import { compileModel, type CompiledComparison } from '../../src/model/compileModel.js';
import { compileLevel } from '../../src/model/levelKinds.js';
import { crossFieldLevel } from '../../src/model/levels/crossFieldLevel.js';
import type { ModelSpecInput } from '../../src/model/modelSpec.js';
import { parseModel, serializeModel } from '../../src/model/serializeModel.js';

// Protects cross-field levels: a value of one field against another field of the other record (a
// given name and surname in each other's columns), through the model, the compare stage and JSON.

interface Person {
  readonly source: string;
  readonly recordId: string;
  readonly given?: string;
  readonly surname?: string;
}

const givenLevels = (cross: readonly Record<string, unknown>[]) => [
  { kind: 'null' },
  { kind: 'exact' },
  { kind: 'jaro-winkler', threshold: 0.9 },
  ...cross,
  { kind: 'else' },
];

const spec = (cross: readonly Record<string, unknown>[] = [crossFieldLevel('surname')]): ModelSpecInput => ({
  kind: 'padan/model-spec',
  version: 1,
  name: 'swapped-names',
  comparisons: [
    { name: 'given', field: 'given', prepare: 'text', levels: givenLevels(cross) as ModelSpecInput['comparisons'][number]['levels'] },
    { name: 'surname', field: 'surname', prepare: 'text', levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }] },
  ],
  blocking: { rules: [{ name: 'all', on: [{ field: 'source', prepare: 'code' }] }] },
  decision: { matchWeight: 0, reviewWeight: -4 },
});

/** The given-name comparison's level label for the pair (a, b), through the batch compare stage and through `levelOf`. */
function labelOf(a: Omit<Person, 'source' | 'recordId'>, b: Omit<Person, 'source' | 'recordId'>, cross?: readonly Record<string, unknown>[]): string {
  const compiled = compileModel(spec(cross));
  const records: Person[] = [
    { source: 's', recordId: '1', ...a },
    { source: 's', recordId: '2', ...b },
  ];
  const columns = prepareColumns(records, compiled.columns);
  const given = compiled.comparisons[0] as CompiledComparison;
  const vectors = comparePairs(compiled.comparisons, columns, Int32Array.of(0), Int32Array.of(1));
  const column = columns.get(given.column) as PreparedColumn;
  const single = levelOf(given, column, 0, 1, otherColumnOf(given, columns));
  expect(vectors.levels[0]).toBe(single);
  const reversed = levelOf(given, column, 1, 0, otherColumnOf(given, columns));
  expect(reversed).toBe(single);
  return given.levels[single]?.label ?? '?';
}

describe('cross-field level: given name against surname', () => {
  const rows: readonly [Omit<Person, 'source' | 'recordId'>, Omit<Person, 'source' | 'recordId'>, string, string][] = [
    // record 1                                     record 2                                   → given-name level          why
    [{ given: 'anna', surname: 'smith' }, { given: 'smith', surname: 'anna' }, 'swapped with surname', 'the two columns swapped'],
    [{ given: 'anna', surname: 'smith' }, { given: 'anna', surname: 'smith' }, 'exact', 'earlier levels come first'],
    [{ given: 'anna', surname: 'smith' }, { given: 'smith', surname: 'jones' }, 'different', 'one direction only: not swapped'],
    [{ given: 'anna', surname: 'smith' }, { given: 'smith' }, 'different', 'surname missing: the swap cannot be seen'],
    [{ given: 'anna', surname: 'smith' }, { given: 'smyth', surname: 'anna' }, 'different', 'exact by default: a typo in the swapped name misses'],
    [{ given: 'anna' }, { surname: 'anna' }, 'missing', 'the null level reads the comparison’s own field'],
  ];
  it.each(rows)('%o vs %o → %s (%s)', (a, b, expected) => {
    expect(labelOf(a, b)).toBe(expected);
  });

  it('match: either accepts one direction; a threshold accepts a typo', () => {
    expect(labelOf({ given: 'anna', surname: 'smith' }, { given: 'smith', surname: 'jones' }, [crossFieldLevel('surname', { match: 'either' })])).toBe(
      'matches surname',
    );
    expect(labelOf({ given: 'anna', surname: 'smith' }, { given: 'smith' }, [crossFieldLevel('surname', { match: 'either' })])).toBe('matches surname');
    expect(labelOf({ given: 'annabel', surname: 'smith' }, { given: 'smyth', surname: 'annabel' }, [crossFieldLevel('surname', { threshold: 0.85 })])).toBe(
      'swapped with surname (Jaro–Winkler ≥ 0.85)',
    );
    expect(labelOf({ given: 'anna', surname: 'smith' }, { given: 'smith', surname: 'anna' }, [crossFieldLevel('surname', { label: 'names swapped' })])).toBe(
      'names swapped',
    );
  });

  it('the model prepares the other field with the comparison’s preparer, once', () => {
    const compiled = compileModel(spec());
    expect(compiled.comparisons[0]?.otherColumn).toBe('surname|text');
    expect(compiled.columns.map((c) => c.key)).toEqual(['given|text', 'surname|text', 'source|code']);
    expect(compiled.comparisons[1]?.otherColumn).toBeUndefined();
  });

  it('round-trips through JSON, and a model without one compiles as before', () => {
    const compiled = compileModel(spec());
    const model = {
      kind: 'padan/model' as const,
      version: 1 as const,
      spec: compiled.spec,
      parameters: {
        candidateMatchProbability: 0.1,
        comparisons: compiled.comparisons.map((c) => ({
          name: c.name,
          levels: c.levels.map((l) => ({ label: l.label, mProbability: 0.5, uProbability: 0.5 })),
        })),
      },
    };
    const parsed = parseModel(serializeModel(model));
    expect(parsed.spec.comparisons[0]?.levels[3]).toEqual({ kind: 'cross-field', field: 'surname' });
    expect(compileModel(parsed.spec).fingerprint).toBe(compiled.fingerprint);
    expect(compileModel(spec([])).columns.map((c) => c.key)).toEqual(['given|text', 'surname|text', 'source|code']);
  });

  it('a bad cross-field level is a typed model error before any record is read', () => {
    const codeOf = (cross: readonly Record<string, unknown>[]): string | undefined => {
      try {
        compileModel(spec(cross));
      } catch (e) {
        return e instanceof PadanError ? `${e.code}: ${e.message}` : 'not a PadanError';
      }
      return undefined;
    };
    expect(codeOf([crossFieldLevel('surname'), crossFieldLevel('middle')])).toMatch(/^invalid-model: .*name different fields \(surname, middle\)/);
    expect(codeOf([crossFieldLevel('given')])).toMatch(/^invalid-model: .*must name a field other than "given"/);
    expect(codeOf([{ kind: 'cross-field' }])).toMatch(/^invalid-model: .*field/);
    expect(codeOf([{ kind: 'cross-field', field: 'surname', threshold: 2 }])).toMatch(/^invalid-model/);
    expect(codeOf([{ kind: 'cross-field', field: 'surname', match: 'sometimes' }])).toMatch(/^invalid-model/);
    // Two levels naming the same field are fine (exact, then a looser one).
    expect(codeOf([crossFieldLevel('surname'), crossFieldLevel('surname', { threshold: 0.85 })])).toBeUndefined();
  });

  it('outside a compiled model (no other column) it throws rather than answer', () => {
    const level = compileLevel(crossFieldLevel('surname'), 'test');
    const compiled = compileModel(spec());
    const columns = prepareColumns(
      [
        { source: 's', recordId: '1', given: 'a', surname: 'b' },
        { source: 's', recordId: '2', given: 'b', surname: 'a' },
      ],
      compiled.columns,
    );
    expect(() => level.test(columns.get('given|text') as PreparedColumn, 0, 1)).toThrow(PadanError);
  });

  it('is symmetric and agrees between the batch and per-pair forms (property)', () => {
    const name = fc.option(fc.constantFrom('anna', 'smith', 'anne', 'smyth', 'jones'), { nil: undefined });
    fc.assert(
      fc.property(
        fc.array(fc.record({ given: name, surname: name }), { minLength: 2, maxLength: 8 }),
        fc.constantFrom<'both' | 'either'>('both', 'either'),
        fc.constantFrom(undefined, 0.8),
        (people, match, threshold) => {
          const compiled = compileModel(spec([crossFieldLevel('surname', { match, ...(threshold === undefined ? {} : { threshold }) })]));
          const records = people.map((p, i) => ({
            source: 's',
            recordId: String(i),
            ...(p.given ? { given: p.given } : {}),
            ...(p.surname ? { surname: p.surname } : {}),
          }));
          const columns = prepareColumns(records, compiled.columns);
          const left: number[] = [];
          const right: number[] = [];
          for (let a = 0; a < records.length; a++) {
            for (let b = 0; b < records.length; b++) {
              if (a === b) continue;
              left.push(a);
              right.push(b);
            }
          }
          const vectors = comparePairs(compiled.comparisons, columns, Int32Array.from(left), Int32Array.from(right));
          const given = compiled.comparisons[0] as CompiledComparison;
          const column = columns.get(given.column) as PreparedColumn;
          const other = otherColumnOf(given, columns);
          for (let p = 0; p < left.length; p++) {
            const a = left[p] as number;
            const b = right[p] as number;
            expect(vectors.levels[p * 2]).toBe(levelOf(given, column, a, b, other));
            expect(levelOf(given, column, a, b, other)).toBe(levelOf(given, column, b, a, other));
          }
        },
      ),
    );
  });
});
