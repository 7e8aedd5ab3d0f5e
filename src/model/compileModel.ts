import { checkOptionBag } from '../_internal/arguments.js';
import { markCompiled } from './compiledMark.js';
import { PadanError } from '../_internal/error.js';
import { fingerprint } from '../_internal/hash.js';
import { getKeyTransform, type KeyTransform } from './keyTransforms.js';
import type { ComparisonLevel } from './level.js';
import { compileLevel } from './levelKinds.js';
import { compileFieldPath, type FieldReader } from './fieldPath.js';
import { getPreparer, type Preparer } from './preparers.js';
import type { ModelRegistry } from './modelRegistry.js';
import { modelSpecSchema, type ModelSpec, type ModelSpecInput } from './modelSpec.js';

/** A field read through a preparer: the unit that becomes one prepared column. */
export interface ColumnSource {
  readonly key: string;
  readonly field: string;
  readonly read: FieldReader;
  readonly preparer: Preparer;
}

/** A comparison ready to run: its column and compiled levels. */
export interface CompiledComparison {
  readonly name: string;
  readonly column: string;
  /** The column its cross-field levels compare against (their `otherField`, with the comparison's preparer); absent without any. */
  readonly otherColumn?: string;
  readonly levels: readonly ComparisonLevel[];
}

/** A blocking rule ready to run. */
export interface CompiledBlockingRule {
  readonly name: string;
  readonly parts: readonly { readonly column: string; readonly transformName: string; readonly transform: KeyTransform }[];
  readonly maxBlockSize: number;
  readonly window: number;
  /** Orders the records of a windowed block; empty = record order. */
  readonly sortBy: readonly { readonly column: string; readonly transformName: string; readonly transform: KeyTransform }[];
}

/** A distinctness constraint ready to run. */
export interface CompiledDistinctConstraint {
  readonly column: string;
  readonly trustedSources: ReadonlySet<string>;
}

/** A cannot-link rule ready to run: per condition, the comparison's index and which of its levels qualify. */
export interface CompiledCannotLinkRule {
  readonly name: string;
  readonly conditions: readonly { readonly comparison: number; readonly levels: Uint8Array }[];
}

/** A validated, compiled model spec. Compile once, up front: a mistake throws before any record is read. */
export interface CompiledModel {
  readonly spec: ModelSpec;
  readonly fingerprint: string;
  readonly columns: readonly ColumnSource[];
  readonly comparisons: readonly CompiledComparison[];
  readonly blockingRules: readonly CompiledBlockingRule[];
  readonly distinct: readonly CompiledDistinctConstraint[];
  readonly cannotLink: readonly CompiledCannotLinkRule[];
  readonly readSource: FieldReader;
  readonly readId: FieldReader;
}

/** Options of {@link compileModel}. */
export interface CompileModelOptions {
  /** The caller's own preparers, level kinds and key transforms (see `createModelRegistry`). */
  readonly registry?: ModelRegistry;
}

/**
 * Validates a model spec (zod) and compiles it: preparers, levels and blocking transforms resolved,
 * shared columns deduplicated. Throws `PadanError('invalid-model')` listing every problem.
 *
 * @example
 * const compiled = compileModel(dtsenPersonModelSpec());
 * compiled.comparisons.map((c) => c.name) // ['nik', 'name', 'birth-date', …]
 */
export function compileModel(input: ModelSpecInput | ModelSpec, options?: CompileModelOptions): CompiledModel {
  checkOptionBag(options, 'compileModel', { registry: 'object' });
  const registry = options?.registry;
  if (registry !== undefined && registry?.kind !== 'padan/model-registry') {
    throw new PadanError('invalid-argument', 'compileModel: options.registry must come from createModelRegistry');
  }
  let parsed: ReturnType<typeof modelSpecSchema.safeParse>;
  try {
    parsed = modelSpecSchema.safeParse(input);
  } catch {
    // zod's own checks throw on some hostile values (a symbol where a number belongs, an object whose toString is not a function).
    throw new PadanError('invalid-model', 'invalid model spec: a value of the wrong type (one zod could not even read)');
  }
  if (!parsed.success) {
    throw new PadanError('invalid-model', `invalid model spec: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`).join('; ')}`);
  }
  const spec = parsed.data;
  const columns = new Map<string, ColumnSource>();
  const columnFor = (field: string, prepare: string): string => {
    const key = `${field}|${prepare}`;
    if (!columns.has(key))
      columns.set(key, markCompiled({ key, field, read: compileFieldPath(field), preparer: registry?.preparers.get(prepare) ?? getPreparer(prepare) }));
    return key;
  };

  const names = new Set<string>();
  const comparisons = spec.comparisons.map((comparison): CompiledComparison => {
    if (names.has(comparison.name)) throw new PadanError('invalid-model', `duplicate comparison name "${comparison.name}"`);
    names.add(comparison.name);
    const where = `comparison "${comparison.name}"`;
    const column = columnFor(comparison.field, comparison.prepare);
    const preparer = (columns.get(column) as ColumnSource).preparer;
    const context = preparer.datePlaceholders === undefined ? {} : { datePlaceholders: preparer.datePlaceholders };
    const levels = comparison.levels.map((level, index) => compileLevel(level, `${where}, level ${index}`, context, registry?.levelKinds));
    if (!levels[0]?.isNull) throw new PadanError('invalid-model', `${where}: the first level must be the null (missing) level`);
    if (levels.slice(1).some((level) => level.isNull)) throw new PadanError('invalid-model', `${where}: only the first level may be the null level`);
    if (levels[levels.length - 1]?.spec.kind !== 'else') throw new PadanError('invalid-model', `${where}: the last level must be "else"`);
    const numeric = levels.find((level) => level.readsNumbers === true);
    if (numeric !== undefined && preparer.numeric !== true) {
      throw new PadanError(
        'invalid-model',
        `${where}: level "${numeric.label}" compares numbers, but preparer "${comparison.prepare}" gives none (use "number", "date" or "date:<format>")`,
      );
    }
    const otherFields = [...new Set(levels.flatMap((level) => (level.otherField === undefined ? [] : [level.otherField])))];
    if (otherFields.length > 1)
      throw new PadanError(
        'invalid-model',
        `${where}: its cross-field levels name different fields (${otherFields.join(', ')}); give each field its own comparison`,
      );
    const otherField = otherFields[0];
    if (otherField === undefined) return markCompiled({ name: comparison.name, column, levels });
    if (otherField === comparison.field)
      throw new PadanError('invalid-model', `${where}: a cross-field level must name a field other than "${comparison.field}"`);
    return markCompiled({ name: comparison.name, column, otherColumn: columnFor(otherField, comparison.prepare), levels });
  });
  if (spec.training.seed !== undefined) {
    const seed = spec.training.seed;
    const seeded = comparisons.find((c) => c.name === seed.comparison);
    const levels = [...seed.matchLevels, ...(seed.nonMatchLevels ?? [])];
    const usable = seeded !== undefined && levels.every((level) => level < seeded.levels.length && !seeded.levels[level]?.isNull);
    if (!usable || new Set(levels).size !== levels.length) {
      throw new PadanError('invalid-model', `training.seed must name distinct non-null levels of one comparison (${seed.comparison})`);
    }
  }

  const ruleNames = new Set<string>();
  const blockingRules = spec.blocking.rules.map((rule): CompiledBlockingRule => {
    if (ruleNames.has(rule.name)) throw new PadanError('invalid-model', `duplicate blocking rule name "${rule.name}"`);
    ruleNames.add(rule.name);
    return markCompiled({
      name: rule.name,
      parts: rule.on.map((part) => ({
        column: columnFor(part.field, part.prepare),
        transformName: part.transform ?? 'value',
        transform: registry?.keyTransforms.get(part.transform ?? 'value') ?? getKeyTransform(part.transform ?? 'value'),
      })),
      maxBlockSize: rule.maxBlockSize ?? spec.blocking.maxBlockSize,
      window: spec.blocking.window,
      sortBy: (rule.sortBy ?? []).map((part) => ({
        column: columnFor(part.field, part.prepare),
        transformName: part.transform ?? 'value',
        transform: registry?.keyTransforms.get(part.transform ?? 'value') ?? getKeyTransform(part.transform ?? 'value'),
      })),
    });
  });

  const distinct = spec.clustering.distinct.map((constraint) => ({
    column: columnFor(constraint.field, constraint.prepare),
    trustedSources: new Set(constraint.trustedSources),
  }));

  const cannotLink = spec.clustering.cannotLink.map((rule): CompiledCannotLinkRule => {
    const where = `clustering.cannotLink "${rule.name}"`;
    return {
      name: rule.name,
      conditions: rule.when.map((condition) => {
        const index = comparisons.findIndex((c) => c.name === condition.comparison);
        const comparison = comparisons[index];
        if (comparison === undefined) throw new PadanError('invalid-model', `${where}: no comparison "${condition.comparison}"`);
        const levels = new Uint8Array(comparison.levels.length);
        for (const level of condition.levels) {
          const l = typeof level === 'number' ? level : comparison.levels.findIndex((candidate) => candidate.label === level);
          if (!(l >= 0 && l < comparison.levels.length)) {
            throw new PadanError(
              'invalid-model',
              `${where}: comparison "${condition.comparison}" has no level ${typeof level === 'number' ? level : `labelled "${level}"`}`,
            );
          }
          levels[l] = 1;
        }
        return { comparison: index, levels };
      }),
    };
  });

  return markCompiled({
    spec,
    fingerprint: fingerprint(spec),
    columns: [...columns.values()],
    comparisons,
    blockingRules,
    distinct,
    cannotLink,
    readSource: compileFieldPath(spec.recordKey.source),
    readId: compileFieldPath(spec.recordKey.id),
  });
}
