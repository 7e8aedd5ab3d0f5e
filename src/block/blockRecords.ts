import { PadanError } from '../_internal/error.js';
import { checkCompiledList } from '../model/compiledMark.js';
import { checkColumns } from '../model/column.js';
import { checkCallback, checkOptionKeys, checkRecordCount, invalidArgument } from '../_internal/arguments.js';
import { GrowableInt32 } from '../_internal/growableInt32.js';
import { PROGRESS_INTERVAL, type ProgressCallback } from '../_internal/progress.js';
import { StringInterner } from '../_internal/stringInterner.js';
import type { PreparedColumn } from '../model/column.js';
import type { CompiledBlockingRule } from '../model/compileModel.js';
import { getKeyTransform, type KeyTransform } from '../model/keyTransforms.js';
import { blockReach, windowSortKey, type BlockReach } from './blockingKey.js';
import { temporaryInt32Array } from '../_internal/typedArena.js';

const VALUE_TRANSFORM = getKeyTransform('value');
const NO_POSITIONS: Int32Array = new Int32Array(0);
/** The most candidate pairs reserved before any is produced (16 Mi; more grow by doubling). */
const INITIAL_PAIRS_CAP = 1 << 24;

/** What one blocking rule did. */
export interface BlockingRuleReport {
  readonly rule: string;
  /** Records that had every key part. */
  readonly recordsKeyed: number;
  /** Blocks with at least two records. */
  readonly blocks: number;
  readonly largestBlock: number;
  /** Blocks over `maxBlockSize`, compared within a sliding window instead of all-to-all. */
  readonly windowedBlocks: number;
  /** Pairs this rule produced, including those an earlier rule had already produced. */
  readonly pairsGenerated: number;
  /** Pairs no earlier rule produced. */
  readonly pairsAdded: number;
}

/** Candidate pairs (left < right, record positions) and how blocking produced them. */
export interface CandidatePairs {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly count: number;
  readonly rules: readonly BlockingRuleReport[];
  /** 1 − candidates / all possible pairs. */
  readonly reductionRatio: number;
}

/** A rule's blocks, kept so later rules can ask "was this pair already produced?" without a global sort. */
interface RuleBlocks {
  readonly keyOf: Int32Array;
  /** Per key, how far apart two members of its windowed block may be (0: not windowed, every pair). */
  readonly reachOfKey: Int32Array;
  readonly position: Int32Array;
}

/** Options of {@link blockRecords}. */
export interface BlockRecordsOptions {
  /**
   * Only pairs with at least one record marked here (1) are produced: a new batch against what is
   * already known. Default: all pairs.
   */
  readonly touching?: Uint8Array;
  /**
   * Only pairs whose records are in different groups are produced (a group number per record): the
   * cross-partition pass, where pairs inside one partition were decided there. Default: all pairs.
   */
  readonly acrossGroups?: Int32Array;
  /**
   * Per rule, the records whose key under that rule is blocked on (1; null: every record): the others
   * are left out of that rule's blocks. A cross-partition shard blocks only on its own keys, so each
   * of its blocks is whole, as a single process would see it. Default: every record, every rule.
   */
  readonly keyMask?: readonly (Uint8Array | null)[];
  /**
   * How far apart (in window order) two members of a block may be and still be paired, per rule and
   * block size (see `blockReach`, the default, and `crossPartitionReach`): a block whose reach leaves
   * out some of its pairs is sorted by the rule's `sortBy` and read as a sliding window.
   */
  readonly reach?: BlockReach;
  /** Hears of records keyed and paired, rule by rule (records × rules in all). */
  readonly onProgress?: ProgressCallback;
}

/**
 * One key part per record as an interned integer (-1: no key). Shared by every rule that uses the same
 * column and transform, so each record's transform runs once per blocking call, not once per rule.
 */
function keyPartIds(column: PreparedColumn, transform: KeyTransform, count: number): Int32Array {
  const ids = temporaryInt32Array(count).fill(-1);
  const interner = new StringInterner(1024, temporaryInt32Array);
  // A transform reads only the prepared value, so records sharing a value id share the key part:
  // transform and intern once per distinct value (-2: not computed yet).
  const keyOfValue = temporaryInt32Array(column.distinctValues).fill(-2);
  for (let record = 0; record < count; record++) {
    const valueId = column.ids[record] as number;
    if (valueId < 0) continue;
    let id = keyOfValue[valueId] as number;
    if (id === -2) {
      const value = transform(column, record);
      id = value === null ? -1 : interner.intern(value);
      keyOfValue[valueId] = id;
    }
    ids[record] = id;
  }
  return ids;
}

/**
 * Interns pairs of non-negative integers (a, b) as dense ids in order of first appearance: an
 * open-addressing table in typed arrays, because a million-entry Map of numbers costs seconds and
 * hundreds of megabytes of garbage at national scale. One table serves every rule of a blocking call.
 */
class PairInterner {
  private readonly mask: number;
  private readonly tableA: Int32Array;
  private readonly tableB: Int32Array;
  private readonly tableId: Int32Array;

  constructor(count: number) {
    let capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.tableA = temporaryInt32Array(capacity);
    this.tableB = temporaryInt32Array(capacity);
    this.tableId = temporaryInt32Array(capacity);
  }

  combine(first: Int32Array, second: Int32Array, count: number): { keyOf: Int32Array; keys: number } {
    const { mask, tableA, tableB, tableId } = this;
    tableA.fill(-1);
    const combined = temporaryInt32Array(count).fill(-1);
    let keys = 0;
    for (let record = 0; record < count; record++) {
      const a = first[record] as number;
      const b = second[record] as number;
      if (a < 0 || b < 0) continue;
      let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;
      for (;;) {
        const storedA = tableA[slot] as number;
        if (storedA === -1) {
          tableA[slot] = a;
          tableB[slot] = b;
          tableId[slot] = keys;
          combined[record] = keys++;
          break;
        }
        if (storedA === a && tableB[slot] === b) {
          combined[record] = tableId[slot] as number;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    return { keyOf: combined, keys };
  }
}

function keyRecords(
  rule: CompiledBlockingRule,
  columns: ReadonlyMap<string, PreparedColumn>,
  count: number,
  partCache: Map<string, Int32Array>,
  interner: PairInterner,
): { keyOf: Int32Array; keys: number } {
  const parts = rule.parts.map((part) => {
    const cacheKey = `${part.column}|${part.transformName}`;
    let ids = partCache.get(cacheKey);
    if (ids === undefined) {
      const column = columns.get(part.column) as PreparedColumn;
      // The whole prepared value as the key: the column's own interned ids already are the key part ids.
      ids = part.transform === VALUE_TRANSFORM ? column.ids : keyPartIds(column, part.transform, count);
      partCache.set(cacheKey, ids);
    }
    return ids;
  });
  // Combine part ids pairwise into one interned id: integer keys, no string built per record.
  let keyOf = parts[0] as Int32Array;
  let keys = 0;
  for (let record = 0; record < count; record++) if ((keyOf[record] as number) >= keys) keys = (keyOf[record] as number) + 1;
  for (let p = 1; p < parts.length; p++) ({ keyOf, keys } = interner.combine(keyOf, parts[p] as Int32Array, count));
  return { keyOf, keys };
}

/** Orders a windowed block by the rule's sort key (ties by record position): a sorted neighbourhood. */
function sortBlock(members: Int32Array, start: number, end: number, rule: CompiledBlockingRule, columns: ReadonlyMap<string, PreparedColumn>): void {
  const block = Array.from(members.subarray(start, end), (record) => ({ record, key: windowSortKey(rule, columns, record) }));
  block.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.record - b.record));
  for (let m = start; m < end; m++) members[m] = (block[m - start] as (typeof block)[number]).record;
}

function producedEarlier(earlier: readonly RuleBlocks[], a: number, b: number): boolean {
  for (let r = 0; r < earlier.length; r++) {
    const blocks = earlier[r] as RuleBlocks;
    const key = blocks.keyOf[a] as number;
    if (key < 0 || key !== blocks.keyOf[b]) continue;
    const reach = blocks.reachOfKey[key] as number;
    if (reach === 0) return true;
    if (Math.abs((blocks.position[a] as number) - (blocks.position[b] as number)) <= reach) return true;
  }
  return false;
}

/**
 * Produces candidate pairs from several blocking rules at once: records whose key parts are equal
 * under a rule are paired, each pair once across all rules (the rules of `blockingKey.ts`, which the
 * entity store's index applies too). A block larger than the rule's
 * `maxBlockSize` (the name MUHAMMAD with a common birth year) is compared within a sliding window of
 * `window` records instead of all-to-all, so no block goes quadratic.
 *
 * @example
 * const pairs = blockRecords(compiled.blockingRules, columns, records.length);
 * pairs.count // candidate pairs; pairs.rules[0].largestBlock …
 */
export function blockRecords(
  rules: readonly CompiledBlockingRule[],
  columns: ReadonlyMap<string, PreparedColumn>,
  recordCount: number,
  options?: BlockRecordsOptions,
): CandidatePairs {
  checkCompiledList(rules, 'blockRecords', 'rules', 'blocking rules');
  checkRecordCount(recordCount, 'blockRecords', 'recordCount');
  checkColumns(
    columns,
    rules.flatMap((rule) => [...rule.parts.map((part) => part.column), ...rule.sortBy.map((part) => part.column)]),
    recordCount,
    'blockRecords',
  );
  checkOptionKeys(options, 'blockRecords', ['touching', 'acrossGroups', 'keyMask', 'reach', 'onProgress']);
  if (options?.touching !== undefined && !(options.touching instanceof Uint8Array && options.touching.length >= recordCount))
    throw invalidArgument('blockRecords', 'options.touching', 'a Uint8Array with one mark per record', options.touching);
  if (options?.acrossGroups !== undefined && !(options.acrossGroups instanceof Int32Array && options.acrossGroups.length >= recordCount))
    throw invalidArgument('blockRecords', 'options.acrossGroups', 'an Int32Array with one group per record', options.acrossGroups);
  checkCallback(options?.onProgress, 'blockRecords', 'options.onProgress');
  if (options?.reach !== undefined && typeof options.reach !== 'function')
    throw invalidArgument('blockRecords', 'options.reach', 'a function (rule, block size) → reach', options.reach);
  const reachOf = options?.reach ?? blockReach;
  // Four pairs a record to start with (they grow by doubling), but never an allocation the records
  // cannot fill: no rules give no pairs, and a count up to 2³¹ − 1 must not ask for 8 GiB at once.
  const initialPairs = rules.length === 0 ? 0 : Math.min(recordCount * 4, INITIAL_PAIRS_CAP);
  const left = new GrowableInt32(initialPairs);
  const right = new GrowableInt32(initialPairs);
  const earlier: RuleBlocks[] = [];
  const reports: BlockingRuleReport[] = [];
  const touching = options?.touching ?? null;
  const groups = options?.acrossGroups ?? null;
  const onProgress = options?.onProgress;
  const total = recordCount * rules.length;

  const partCache = new Map<string, Int32Array>();
  const interner = rules.some((rule) => rule.parts.length > 1) ? new PairInterner(recordCount) : null;
  // Scratch shared by the rules (a rule has at most one key per record): block starts and members.
  const startsScratch = temporaryInt32Array(recordCount + 1);
  const membersScratch = temporaryInt32Array(recordCount);
  const fillScratch = temporaryInt32Array(recordCount);
  const keyMask = options?.keyMask ?? null;
  if (keyMask !== null && (keyMask.length !== rules.length || keyMask.some((mask) => mask !== null && mask.length !== recordCount))) {
    throw new PadanError('invalid-argument', 'blockRecords: keyMask needs one mask (or null) per rule, each with one entry per record');
  }
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r] as CompiledBlockingRule;
    const keyed = keyRecords(rule, columns, recordCount, partCache, interner as PairInterner);
    const { keys } = keyed;
    let { keyOf } = keyed;
    const mask = keyMask === null ? null : (keyMask[r] ?? null);
    if (mask !== null) {
      // A copy: key part ids may be a column's own ids, shared with other rules.
      const masked = temporaryInt32Array(recordCount);
      for (let record = 0; record < recordCount; record++) masked[record] = mask[record] === 1 ? (keyOf[record] as number) : -1;
      keyOf = masked;
    }
    // Counting sort of records by key: members of each block, in ascending record order.
    const starts = startsScratch.subarray(0, keys + 1).fill(0);
    let recordsKeyed = 0;
    for (let record = 0; record < recordCount; record++) {
      const key = keyOf[record] as number;
      if (key >= 0) {
        (starts[key + 1] as number)++;
        recordsKeyed++;
      }
    }
    for (let key = 0; key < keys; key++) starts[key + 1] = (starts[key + 1] as number) + (starts[key] as number);
    const members = membersScratch.subarray(0, recordsKeyed);
    const fill = fillScratch.subarray(0, keys);
    fill.set(starts.subarray(0, keys));
    for (let record = 0; record < recordCount; record++) {
      const key = keyOf[record] as number;
      if (key < 0) continue;
      const slot = fill[key] as number;
      members[slot] = record;
      fill[key] = slot + 1;
    }

    const reachOfKey = temporaryInt32Array(keys);
    // Positions within windowed blocks only: most rules have none, and then no array is made.
    let position = NO_POSITIONS;
    let blocks = 0;
    let largestBlock = 0;
    let windowedBlocks = 0;
    let pairsGenerated = 0;
    let pairsAdded = 0;
    let reportAt = PROGRESS_INTERVAL;
    for (let key = 0; key < keys; key++) {
      const start = starts[key] as number;
      const end = starts[key + 1] as number;
      const size = end - start;
      if (size < 2) continue;
      if (onProgress !== undefined && start >= reportAt) {
        onProgress(r * recordCount + start, total);
        reportAt = start + PROGRESS_INTERVAL;
      }
      blocks++;
      if (size > largestBlock) largestBlock = size;
      const reach = reachOf(rule, size);
      if (!Number.isInteger(reach) || reach < 1)
        throw new PadanError('invalid-argument', `blockRecords: options.reach gave ${String(reach)} for rule ${rule.name}`);
      if (size > rule.maxBlockSize || reach < size - 1) {
        reachOfKey[key] = reach;
        windowedBlocks++;
        if (rule.sortBy.length > 0) sortBlock(members, start, end, rule, columns);
        if (position === NO_POSITIONS) position = temporaryInt32Array(recordCount);
        for (let m = start; m < end; m++) position[members[m] as number] = m - start;
      }
      for (let m = start; m < end; m++) {
        const a = members[m] as number;
        const last = Math.min(end, m + reach + 1);
        for (let n = m + 1; n < last; n++) {
          const b = members[n] as number;
          if (touching !== null && touching[a] === 0 && touching[b] === 0) continue;
          if (groups !== null && groups[a] === groups[b]) continue;
          pairsGenerated++;
          if (earlier.length > 0 && producedEarlier(earlier, a, b)) continue;
          // A sorted (windowed) block is not in record order: keep left < right.
          left.push(a < b ? a : b);
          right.push(a < b ? b : a);
          pairsAdded++;
        }
      }
    }
    earlier.push({ keyOf, reachOfKey, position });
    reports.push({ rule: rule.name, recordsKeyed, blocks, largestBlock, windowedBlocks, pairsGenerated, pairsAdded });
    onProgress?.((r + 1) * recordCount, total);
  }
  if (total === 0) onProgress?.(0, 0);

  const allPairs = (recordCount * (recordCount - 1)) / 2;
  return {
    left: left.toArray(),
    right: right.toArray(),
    count: left.length,
    rules: reports,
    reductionRatio: allPairs === 0 ? 1 : 1 - left.length / allPairs,
  };
}

/**
 * For each pair, which rules' keys it agrees on (bit r for rule r; up to 16 rules): both records
 * have every key part of the rule, and the parts are equal. Training uses it to read a comparison's
 * probabilities only off pairs that blocking did not choose for agreeing on that comparison's field.
 */
export function ruleAgreement(
  rules: readonly CompiledBlockingRule[],
  columns: ReadonlyMap<string, PreparedColumn>,
  count: number,
  left: Int32Array,
  right: Int32Array,
): Uint16Array {
  const agreed = new Uint16Array(left.length);
  const partCache = new Map<string, Int32Array>();
  rules.slice(0, 16).forEach((rule, r) => {
    const parts = rule.parts.map((part) => {
      const cacheKey = `${part.column}|${part.transformName}`;
      let ids = partCache.get(cacheKey);
      if (ids === undefined) {
        const column = columns.get(part.column) as PreparedColumn;
        ids = part.transform === VALUE_TRANSFORM ? column.ids : keyPartIds(column, part.transform, count);
        partCache.set(cacheKey, ids);
      }
      return ids;
    });
    const bit = 1 << r;
    for (let p = 0; p < left.length; p++) {
      const a = left[p] as number;
      const b = right[p] as number;
      let all = true;
      for (const ids of parts) {
        const x = ids[a] as number;
        if (x < 0 || x !== ids[b]) {
          all = false;
          break;
        }
      }
      if (all) agreed[p] = (agreed[p] as number) | bit;
    }
  });
  return agreed;
}
