import type { PreparedColumn } from '../model/column.js';
import type { CompiledBlockingRule } from '../model/compileModel.js';
import { markCompiled } from '../model/compiledMark.js';

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

/** How far apart two members of a block of `size` records may be and still be paired, under a rule. */
export type BlockReach = (rule: Pick<CompiledBlockingRule, 'maxBlockSize' | 'window' | 'sortBy'>, size: number) => number;

/**
 * Neighbours in window order a cross-partition block pairs, for a rule with a sort key: the cross
 * pass reads each such block as a sliding window of this reach, whatever its size (see docs/SCALE.md).
 */
export const CROSS_PARTITION_WINDOW = 5;

/**
 * The reach of a block in the cross-partition pass. A rule with a sort key (name + birth date: the
 * blocks that fill across the country) pairs each record with its {@link CROSS_PARTITION_WINDOW}
 * nearest neighbours in that order, never more than a single process would ({@link blockReach}); a
 * person's records in two regencies agree on the sort key and sit side by side, while the namesakes
 * around them, who grow with the population, are left out. A rule without one (NIK, KK: a person's
 * or a family's records) reaches as in a single process, since record order says nothing.
 *
 * @example
 * crossPartitionReach({ maxBlockSize: 100, window: 30, sortBy: [birthDate] }, 40) // 5
 * crossPartitionReach({ maxBlockSize: 100, window: 30, sortBy: [] }, 40)          // 40: all-to-all
 */
export function crossPartitionReach(rule: Pick<CompiledBlockingRule, 'maxBlockSize' | 'window' | 'sortBy'>, size: number): number {
  const reach = blockReach(rule, size);
  return rule.sortBy.length === 0 ? reach : Math.min(reach, CROSS_PARTITION_WINDOW);
}

/**
 * The rule the cross-partition pass blocks on in place of a model's rule. A sorted rule's sort parts
 * that refine one of its key's own fields join the key: the exact birth date under a birth-year key,
 * the whole name key under a first-name key. A person who moved keeps them, so a key found in two
 * regencies brings records into the pass only when those agree too; the namesakes born the same year
 * elsewhere, whose share grows with the population, stay out. Sort parts on other fields (the village)
 * still order the block, and a rule without such a part is the model's rule itself.
 *
 * @example
 * crossPartitionRule(nameKeyAndBirthYear) // key: name key, birth year, birth date; sorted by village
 * crossPartitionRule(firstNameAndBirthDate) // key: first name, birth date, name key; sorted by village
 * crossPartitionRule(nik)                 // nik itself
 */
export function crossPartitionRule(rule: CompiledBlockingRule): CompiledBlockingRule {
  const refines = (sortPart: CompiledBlockingRule['sortBy'][number]): boolean =>
    rule.parts.some((part) => part.column === sortPart.column && part.transformName !== sortPart.transformName);
  if (!rule.sortBy.some(refines)) return rule;
  return markCompiled({ ...rule, parts: [...rule.parts, ...rule.sortBy.filter(refines)], sortBy: rule.sortBy.filter((part) => !refines(part)) });
}
