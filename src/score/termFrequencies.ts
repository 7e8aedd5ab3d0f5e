import { checkOptionBag, invalidArgument } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import { float64Array } from '../_internal/typedArena.js';
import { withFrequencies, type PreparedColumn } from '../model/column.js';
import type { CompiledModel } from '../model/compileModel.js';

/** One column's term frequencies, taken from a population (or a sample of it). */
export interface ColumnTermFrequencies {
  /** Σ frequency² over the population's values: the chance two random records agree. */
  readonly agreementRate: number;
  /** Frequency given to a value not listed: one sighting in the population the table was taken from. */
  readonly rareFrequency: number;
  /** Prepared value → share of non-missing records that carry it (values seen at least `minCount` times). */
  readonly values: Readonly<Record<string, number>>;
}

/**
 * Term frequencies fixed in advance, by prepared column key (`name|name`): with them, a pair's
 * term-frequency adjustment no longer depends on which other records are in the batch, so a
 * partition, a batch or the whole population score a pair alike. Plain JSON.
 */
export interface TermFrequencies {
  readonly kind: 'padan/term-frequencies';
  readonly version: 1;
  readonly columns: Readonly<Record<string, ColumnTermFrequencies>>;
}

/** Options of {@link termFrequenciesOf}. */
export interface TermFrequenciesOfOptions {
  /** Values seen fewer times are left out (they get `rareFrequency`). Default 2. */
  readonly minCount?: number;
}

/** Keys of the columns a model reads term frequencies from. */
export function termFrequencyColumns(compiled: CompiledModel): string[] {
  const keys: string[] = [];
  for (const comparison of compiled.comparisons) {
    if (comparison.levels.some((level) => level.termFrequency) && !keys.includes(comparison.column)) keys.push(comparison.column);
  }
  return keys;
}

/**
 * Takes the term frequencies of a model's term-frequency columns from prepared columns (a resolved
 * sample): what every partition of a national run scores with.
 *
 * @example
 * const table = termFrequenciesOf(compiled, resolution.context.columns);
 * Object.keys(table.columns) // ['name|name', 'birthPlace|text']
 */
export function termFrequenciesOf(compiled: CompiledModel, columns: ReadonlyMap<string, PreparedColumn>, options?: TermFrequenciesOfOptions): TermFrequencies {
  checkTermFrequencyInput(compiled, columns);
  checkOptionBag(options, 'termFrequenciesOf', { minCount: 'number' });
  const minCount = options?.minCount ?? 2;
  if (typeof minCount !== 'number' || !(minCount >= 0)) throw invalidArgument('termFrequenciesOf', 'options.minCount', 'a non-negative number', minCount);
  const table: Record<string, ColumnTermFrequencies> = {};
  for (const key of termFrequencyColumns(compiled)) {
    const column = columns.get(key);
    if (column === undefined) continue;
    let present = 0;
    for (let r = 0; r < column.ids.length; r++) if ((column.ids[r] as number) >= 0) present++;
    const values = Object.create(null) as Record<string, number>;
    for (let id = 0; id < column.distinctValues; id++) {
      const frequency = column.frequencies[id] as number;
      if (Math.round(frequency * present) >= minCount) values[column.valueTexts[id] as string] = frequency;
    }
    table[key] = { agreementRate: column.agreementRate, rareFrequency: present === 0 ? 1 : 1 / present, values };
  }
  return { kind: 'padan/term-frequencies', version: 1, columns: table };
}

/** Checks that `compiled` and `columns` have the shapes a resolution's context gives them. */
function checkTermFrequencyInput(compiled: unknown, columns: unknown): void {
  const fn = 'termFrequenciesOf';
  const comparisons = (compiled as { comparisons?: unknown } | null)?.comparisons;
  if (typeof compiled !== 'object' || compiled === null || !Array.isArray(comparisons))
    throw invalidArgument(fn, 'compiled', 'a compiled model (resolution.context.compiled)', compiled);
  for (const comparison of comparisons as unknown[]) {
    const c = comparison as { column?: unknown; levels?: unknown } | null;
    if (
      typeof c !== 'object' ||
      c === null ||
      typeof c.column !== 'string' ||
      !Array.isArray(c.levels) ||
      c.levels.some((level) => typeof level !== 'object' || level === null)
    ) {
      throw invalidArgument(fn, 'compiled', 'a compiled model (resolution.context.compiled)', compiled);
    }
  }
  if (!(columns instanceof Map)) throw invalidArgument(fn, 'columns', 'prepared columns (resolution.context.columns)', columns);
  for (const column of columns.values()) {
    const p = column as Partial<Record<keyof PreparedColumn, unknown>> | null;
    if (
      typeof p !== 'object' ||
      p === null ||
      !ArrayBuffer.isView(p.ids) ||
      !ArrayBuffer.isView(p.frequencies) ||
      !Array.isArray(p.valueTexts) ||
      typeof p.distinctValues !== 'number' ||
      typeof p.agreementRate !== 'number' ||
      (p.frequencies as Float64Array).length < p.distinctValues ||
      p.valueTexts.length < p.distinctValues
    ) {
      throw invalidArgument(fn, 'columns', 'prepared columns (resolution.context.columns)', column);
    }
  }
}

/**
 * Replaces the batch's own term frequencies of the listed columns by the table's: the columns are
 * copied (never changed in place).
 */
export function applyTermFrequencies(columns: ReadonlyMap<string, PreparedColumn>, table: TermFrequencies): Map<string, PreparedColumn> {
  if (table?.kind !== 'padan/term-frequencies') throw new PadanError('invalid-argument', 'termFrequencies: not a padan/term-frequencies table');
  const result = new Map(columns);
  for (const [key, given] of Object.entries(table.columns)) {
    const column = columns.get(key);
    if (column === undefined) continue;
    const frequencies = float64Array(column.distinctValues);
    for (let id = 0; id < column.distinctValues; id++) {
      const text = column.valueTexts[id] as string;
      // Own members only: a name such as "constructor" must not find Object.prototype's.
      frequencies[id] = Object.hasOwn(given.values, text) ? (given.values[text] as number) : given.rareFrequency;
    }
    result.set(key, withFrequencies(column, frequencies, given.agreementRate));
  }
  return result;
}
