import type { PreparedColumn } from '../model/column.js';
import type { CompiledBlockingRule } from '../model/compileModel.js';

/**
 * The blocking rules of a model, written once for the batch (`blockRecords`) and the entity store's
 * growable index: which block a record falls in, in which order a windowed block is read, and which
 * members of a block are paired. `blockRecords` interns key parts as integers for speed; two records
 * share an interned key exactly when their {@link blockingKeyOf} strings are equal.
 */

/** Separates key parts (and sort-key parts): no prepared value contains it. */
const PART_SEPARATOR = '\u0001';

/**
 * The blocking key of one record under one rule: its key parts joined, or null when a part is
 * missing (the record is in no block of this rule).
 *
 * @example
 * blockingKeyOf(rules[2], columns, 17) // 'SITI AMINAH\u00011980' (name key, birth year)
 */
export function blockingKeyOf(rule: CompiledBlockingRule, columns: ReadonlyMap<string, PreparedColumn>, record: number): string | null {
  let key = '';
  for (let p = 0; p < rule.parts.length; p++) {
    const part = rule.parts[p] as CompiledBlockingRule['parts'][number];
    const value = part.transform(columns.get(part.column) as PreparedColumn, record);
    if (value === null) return null;
    key = p === 0 ? value : `${key}${PART_SEPARATOR}${value}`;
  }
  return key;
}

/**
 * The key a windowed block of this rule is sorted by (a missing part sorts as empty); ties go to
 * canonical record order. Empty for a rule without `sortBy`: record order alone.
 *
 * @example
 * windowSortKey(rules[2], columns, 17) // '1980-03-12\u00013201012001' (birth date, village)
 */
export function windowSortKey(rule: CompiledBlockingRule, columns: ReadonlyMap<string, PreparedColumn>, record: number): string {
  if (rule.sortBy.length === 0) return '';
  let key = '';
  for (let p = 0; p < rule.sortBy.length; p++) {
    const part = rule.sortBy[p] as CompiledBlockingRule['sortBy'][number];
    const value = part.transform(columns.get(part.column) as PreparedColumn, record) ?? '';
    key = p === 0 ? value : `${key}${PART_SEPARATOR}${value}`;
  }
  return key;
}

/**
 * How far apart (in window order) two members of a block of `size` records may be and still be
 * paired: every pair while the block fits `maxBlockSize`, the `window` nearest neighbours beyond.
 *
 * @example
 * blockReach({ maxBlockSize: 500, window: 30, … }, 12)   // 12: all-to-all
 * blockReach({ maxBlockSize: 500, window: 30, … }, 9000) // 30: sliding window
 */
export function blockReach(rule: Pick<CompiledBlockingRule, 'maxBlockSize' | 'window'>, size: number): number {
  return size > rule.maxBlockSize ? rule.window : size;
}
