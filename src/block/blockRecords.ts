import { GrowableInt32 } from '../_internal/growableInt32.js';
import type { PreparedColumn } from '../comparisons/column.js';
import type { CompiledBlockingRule } from '../score/compileModel.js';

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
  readonly windowed: Uint8Array;
  readonly position: Int32Array;
  readonly window: number;
}

/** Options of {@link blockRecords}. */
export interface BlockRecordsOptions {
  /**
   * Only pairs with at least one record marked here (1) are produced: a new batch against what is
   * already known. Default: all pairs.
   */
  readonly touching?: Uint8Array;
}

function keyRecords(rule: CompiledBlockingRule, columns: ReadonlyMap<string, PreparedColumn>, count: number): { keyOf: Int32Array; keys: number } {
  const parts = rule.parts.map((part) => ({ column: columns.get(part.column) as PreparedColumn, transform: part.transform }));
  const keyOf = new Int32Array(count).fill(-1);
  const idOf = new Map<string, number>();
  for (let record = 0; record < count; record++) {
    let key = '';
    let complete = true;
    for (let p = 0; p < parts.length; p++) {
      const part = parts[p] as (typeof parts)[number];
      const value = part.transform(part.column, record);
      if (value === null) {
        complete = false;
        break;
      }
      key = p === 0 ? value : `${key}\u0001${value}`;
    }
    if (!complete) continue;
    let id = idOf.get(key);
    if (id === undefined) {
      id = idOf.size;
      idOf.set(key, id);
    }
    keyOf[record] = id;
  }
  return { keyOf, keys: idOf.size };
}

function producedEarlier(earlier: readonly RuleBlocks[], a: number, b: number): boolean {
  for (let r = 0; r < earlier.length; r++) {
    const blocks = earlier[r] as RuleBlocks;
    const key = blocks.keyOf[a] as number;
    if (key < 0 || key !== blocks.keyOf[b]) continue;
    if (blocks.windowed[key] === 0) return true;
    if (Math.abs((blocks.position[a] as number) - (blocks.position[b] as number)) <= blocks.window) return true;
  }
  return false;
}

/**
 * Produces candidate pairs from several blocking rules at once: records whose key parts are equal
 * under a rule are paired, each pair once across all rules. A block larger than the rule's
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
  const left = new GrowableInt32(recordCount * 4);
  const right = new GrowableInt32(recordCount * 4);
  const earlier: RuleBlocks[] = [];
  const reports: BlockingRuleReport[] = [];
  const touching = options?.touching ?? null;

  for (const rule of rules) {
    const { keyOf, keys } = keyRecords(rule, columns, recordCount);
    // Counting sort of records by key: members of each block, in ascending record order.
    const starts = new Int32Array(keys + 1);
    let recordsKeyed = 0;
    for (let record = 0; record < recordCount; record++) {
      const key = keyOf[record] as number;
      if (key >= 0) {
        (starts[key + 1] as number)++;
        recordsKeyed++;
      }
    }
    for (let key = 0; key < keys; key++) starts[key + 1] = (starts[key + 1] as number) + (starts[key] as number);
    const members = new Int32Array(recordsKeyed);
    const fill = starts.slice(0, keys);
    for (let record = 0; record < recordCount; record++) {
      const key = keyOf[record] as number;
      if (key < 0) continue;
      const slot = fill[key] as number;
      members[slot] = record;
      fill[key] = slot + 1;
    }

    const windowed = new Uint8Array(keys);
    const position = new Int32Array(recordCount);
    let blocks = 0;
    let largestBlock = 0;
    let windowedBlocks = 0;
    let pairsGenerated = 0;
    let pairsAdded = 0;
    for (let key = 0; key < keys; key++) {
      const start = starts[key] as number;
      const end = starts[key + 1] as number;
      const size = end - start;
      if (size < 2) continue;
      blocks++;
      if (size > largestBlock) largestBlock = size;
      const big = size > rule.maxBlockSize;
      if (big) {
        windowed[key] = 1;
        windowedBlocks++;
        for (let m = start; m < end; m++) position[members[m] as number] = m - start;
      }
      const reach = big ? rule.window : size;
      for (let m = start; m < end; m++) {
        const a = members[m] as number;
        const last = Math.min(end, m + reach + 1);
        for (let n = m + 1; n < last; n++) {
          const b = members[n] as number;
          if (touching !== null && touching[a] === 0 && touching[b] === 0) continue;
          pairsGenerated++;
          if (earlier.length > 0 && producedEarlier(earlier, a, b)) continue;
          left.push(a);
          right.push(b);
          pairsAdded++;
        }
      }
    }
    earlier.push({ keyOf, windowed, position, window: rule.window });
    reports.push({ rule: rule.name, recordsKeyed, blocks, largestBlock, windowedBlocks, pairsGenerated, pairsAdded });
  }

  const allPairs = (recordCount * (recordCount - 1)) / 2;
  return {
    left: left.toArray(),
    right: right.toArray(),
    count: left.length,
    rules: reports,
    reductionRatio: allPairs === 0 ? 1 : 1 - left.length / allPairs,
  };
}
