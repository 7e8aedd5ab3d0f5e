/**
 * Where the cross-partition pass's candidate pairs come from, per blocking rule: keys that span
 * partitions, records carrying one, blocks by size, and the pairs the cross pass produces (pairs of
 * records in different partitions) against the pairs a single process produces over the same records.
 * Against the truth: true pairs the cross pairs found, and true pairs left apart when every partition
 * is resolved perfectly and only those cross pairs link them — before (`blockReach`, as a single
 * process), with `crossPartitionReach`, and with other windows (`--reach 3,10`). In memory (every
 * person record validated and prepared at once: about 4 GiB at 1 M persons).
 *
 * Then the keys the pass blocks on: the model's rules, only the first sort part joining the key when it
 * refines it (the exact birth date), and `crossPartitionRule` (every sort part that refines the key:
 * the birth date, and the whole name key under the first name) — records carrying a spanning key,
 * pairs, true pairs apart.
 *
 *   node --import tsx benchmarks/crossPairs.ts --data /work/data/p200k [--reach 3,10,30] [--out result.json]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { blockRecords } from '../src/block/blockRecords.js';
import { blockReach, crossPartitionReach, crossPartitionRule, CROSS_PARTITION_WINDOW, type BlockReach } from '../src/block/blockingKey.js';
import { prepareColumns } from '../src/comparisons/prepareColumns.js';
import { compileModel, type CompiledBlockingRule } from '../src/model/compileModel.js';
import { markCompiled } from '../src/model/compiledMark.js';
import { blockingKeyFingerprints } from '../src/partition/blockingKeyFingerprints.js';
import { partitionOfRecord } from '../src/partition/partitionOfRecord.js';
import { dtsenPersonModelSpec } from '../src/presets/dtsenPersonModel.js';
import { validateBatch } from '../src/schema/validate.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string' }, reach: { type: 'string', default: '' } } });
if (values.data === undefined) throw new Error('usage: benchmarks/crossPairs.ts --data DIR [--out FILE]');
const data = values.data;
const log = (text: string): void => void process.stderr.write(`[crossPairs] ${text}\n`);

const input: unknown[] = [];
for (const file of readdirSync(data)
  .filter((name) => name.endsWith('.persons.ndjson') && !name.startsWith('truth.'))
  .sort()) {
  for (const line of readFileSync(join(data, file), 'utf8').split('\n')) if (line.length > 0) input.push(JSON.parse(line));
}
log(`${input.length} person records read`);
const { valid } = validateBatch(input, 'person', { malformedIds: 'keep-in-extra' });
input.length = 0;
const compiled = compileModel(dtsenPersonModelSpec());
const columns = prepareColumns(valid, compiled.columns);
const count = valid.length;
const partitionIds = new Map<string, number>();
const groups = new Int32Array(count);
valid.forEach((record, i) => {
  const name = partitionOfRecord(record);
  let id = partitionIds.get(name);
  if (id === undefined) partitionIds.set(name, (id = partitionIds.size));
  groups[i] = id;
});
log(`${count} valid, ${partitionIds.size} partitions`);

// Per rule: keys in 2+ partitions, records carrying one, and their blocks by size.
const fingerprints = blockingKeyFingerprints(compiled.blockingRules, columns, count);
const SIZE_BANDS = [2, 6, 31, 101, 1001, Infinity];
const spanningByRule = compiled.blockingRules.map((rule, r) => {
  const keys = fingerprints[r] as Float64Array;
  const firstGroup = new Map<number, number>();
  const spans = new Set<number>();
  const size = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const key = keys[i] as number;
    if (Number.isNaN(key)) continue;
    size.set(key, (size.get(key) ?? 0) + 1);
    const seen = firstGroup.get(key);
    if (seen === undefined) firstGroup.set(key, groups[i] as number);
    else if (seen !== groups[i]) spans.add(key);
  }
  let records = 0;
  const bands = SIZE_BANDS.slice(0, -1).map((from, b) => ({ from, to: (SIZE_BANDS[b + 1] as number) - 1, blocks: 0, records: 0 }));
  for (const key of spans) {
    const s = size.get(key) as number;
    records += s;
    const band = bands.find((x) => s >= x.from && s <= x.to) as (typeof bands)[number];
    band.blocks++;
    band.records += s;
  }
  return { rule: rule.name, keys: size.size, spanningKeys: spans.size, spanningRecords: records, bands };
});
const single = blockRecords(compiled.blockingRules, columns, count);
log(`single: ${single.count} pairs`);
const cross = blockRecords(compiled.blockingRules, columns, count, { acrossGroups: groups, reach: blockReach });
log(`cross: ${cross.count} pairs`);
const rules = spanningByRule.map((row, r) => ({
  ...row,
  singlePairs: single.rules[r]?.pairsGenerated,
  singleAdded: single.rules[r]?.pairsAdded,
  crossPairs: cross.rules[r]?.pairsGenerated,
  crossAdded: cross.rules[r]?.pairsAdded,
  largestBlock: single.rules[r]?.largestBlock,
  windowedBlocks: single.rules[r]?.windowedBlocks,
}));
for (const row of rules) {
  log(
    `${row.rule}: keys ${row.keys} spanning ${row.spanningKeys} records ${row.spanningRecords} · single ${row.singlePairs} (+${row.singleAdded}) · cross ${row.crossPairs} (+${row.crossAdded}) · largest ${row.largestBlock} windowed ${row.windowedBlocks}`,
  );
  log(`   bands ${row.bands.map((b) => `${b.from}-${b.to}: ${b.blocks} blocks/${b.records} rec`).join(' · ')}`);
}
// The truth: which cross pairs are true matches, and how many true pairs stay apart when partitions are
// resolved perfectly and only the cross pairs found link them.
const personOf = new Map<string, string>();
for (const line of readFileSync(join(data, 'truth.persons.ndjson'), 'utf8').split('\n')) {
  if (line.length === 0) continue;
  const row = JSON.parse(line) as { source: string; recordId: string; personId: string };
  personOf.set(`${row.source}\u0000${row.recordId}`, row.personId);
}
const personIds = new Map<string, number>();
const person = new Int32Array(count);
valid.forEach((record, i) => {
  const id = personOf.get(`${String(compiled.readSource(record))}\u0000${String(compiled.readId(record))}`) ?? `?${i}`;
  let n = personIds.get(id);
  if (n === undefined) personIds.set(id, (n = personIds.size));
  person[i] = n;
});
personOf.clear();
function missedPairs(pairs: { left: Int32Array; right: Int32Array; count: number }): { truePairs: number; missed: number } {
  const parent = new Int32Array(count);
  for (let i = 0; i < count; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x] as number] as number;
    return x;
  };
  const union = (a: number, b: number): void => {
    const x = find(a);
    const y = find(b);
    if (x !== y) parent[x] = y;
  };
  const firstOf = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const k = `${person[i]}|${groups[i]}`;
    const f = firstOf.get(k);
    if (f === undefined) firstOf.set(k, i);
    else union(i, f);
  }
  let truePairs = 0;
  for (let p = 0; p < pairs.count; p++) {
    const a = pairs.left[p] as number;
    const b = pairs.right[p] as number;
    if (person[a] === person[b]) {
      truePairs++;
      union(a, b);
    }
  }
  const sizes = new Map<number, number>();
  for (let i = 0; i < count; i++) sizes.set(find(i), (sizes.get(find(i)) ?? 0) + 1);
  const perPerson = new Float64Array(personIds.size);
  const sqPerPerson = new Float64Array(personIds.size);
  for (let i = 0; i < count; i++) perPerson[person[i] as number] = (perPerson[person[i] as number] as number) + 1;
  for (const [root, size] of sizes) sqPerPerson[person[root] as number] = (sqPerPerson[person[root] as number] as number) + size * size;
  let missed = 0;
  for (let q = 0; q < perPerson.length; q++) missed += ((perPerson[q] as number) ** 2 - (sqPerPerson[q] as number)) / 2;
  return { truePairs, missed };
}
let allTrue = 0;
{
  const n = new Float64Array(personIds.size);
  for (let i = 0; i < count; i++) n[person[i] as number] = (n[person[i] as number] as number) + 1;
  for (const x of n) allTrue += (x * (x - 1)) / 2;
}
const current = missedPairs(cross);
log(`true pairs in the data ${allTrue}; cross pairs true ${current.truePairs}, true pairs still apart ${current.missed}`);
// The cross pass as it now runs (crossPartitionReach), and other windows for rules with a sort key.
const windows = values.reach === '' ? [] : values.reach.split(',').map(Number);
const reaches: { name: string; reach: BlockReach }[] = [
  { name: `crossPartitionReach (window ${CROSS_PARTITION_WINDOW})`, reach: crossPartitionReach },
  ...windows.map((window) => ({
    name: `window ${window}`,
    reach: ((rule, size) => (rule.sortBy.length === 0 ? blockReach(rule, size) : Math.min(blockReach(rule, size), window))) as BlockReach,
  })),
];
const variantRows = reaches.map(({ name, reach }) => {
  const pairs = blockRecords(compiled.blockingRules, columns, count, { acrossGroups: groups, reach });
  const quality = missedPairs(pairs);
  const row = {
    reach: name,
    crossPairs: pairs.count,
    byRule: pairs.rules.map((r) => ({ rule: r.rule, pairs: r.pairsGenerated, added: r.pairsAdded })),
    ...quality,
  };
  log(
    `${name}: cross ${pairs.count} (${row.byRule.map((r) => `${r.rule} ${r.added}`).join(' · ')}) · true ${quality.truePairs} · apart ${quality.missed} (+${quality.missed - current.missed})`,
  );
  return row;
});
// The keys the cross pass blocks on: which records enter it, and what that costs against the truth.
function spanningRecords(ruleSet: readonly CompiledBlockingRule[]): { byRule: number[]; any: number } {
  const keys = blockingKeyFingerprints(ruleSet, columns, count);
  const inPass = new Uint8Array(count);
  const byRule = keys.map((ruleKeys) => {
    const firstGroup = new Map<number, number>();
    const spans = new Set<number>();
    for (let i = 0; i < count; i++) {
      const key = ruleKeys[i] as number;
      if (Number.isNaN(key)) continue;
      const seen = firstGroup.get(key);
      if (seen === undefined) firstGroup.set(key, groups[i] as number);
      else if (seen !== groups[i]) spans.add(key);
    }
    let records = 0;
    for (let i = 0; i < count; i++)
      if (spans.has(ruleKeys[i] as number)) {
        records++;
        inPass[i] = 1;
      }
    return records;
  });
  let any = 0;
  for (let i = 0; i < count; i++) any += inPass[i] as number;
  return { byRule, any };
}
/** Only a first sort part that refines the key joins it (the exact birth date): tried before `crossPartitionRule`. */
function sharpenByFirstSortPart(rule: CompiledBlockingRule): CompiledBlockingRule {
  const [first, ...rest] = rule.sortBy;
  if (first === undefined || !rule.parts.some((part) => part.column === first.column && part.transformName !== first.transformName)) return rule;
  return markCompiled({ ...rule, parts: [...rule.parts, first], sortBy: rest });
}
const ruleSets: { name: string; rules: readonly CompiledBlockingRule[] }[] = [
  { name: 'model rules', rules: compiled.blockingRules },
  { name: 'first sort part only (birth date)', rules: compiled.blockingRules.map(sharpenByFirstSortPart) },
  { name: 'crossPartitionRule (birth date; name key under the first name)', rules: compiled.blockingRules.map(crossPartitionRule) },
];
const keyRows = ruleSets.map(({ name, rules: ruleSet }) => {
  const share = spanningRecords(ruleSet);
  const pairs = blockRecords(ruleSet, columns, count, { acrossGroups: groups, reach: crossPartitionReach });
  const quality = missedPairs(pairs);
  const row = {
    keys: name,
    recordsInPass: share.any,
    shareInPass: share.any / count,
    spanningRecordsByRule: ruleSet.map((rule, r) => ({ rule: rule.name, records: share.byRule[r] })),
    crossPairs: pairs.count,
    byRule: pairs.rules.map((r) => ({ rule: r.rule, pairs: r.pairsGenerated, added: r.pairsAdded })),
    ...quality,
  };
  log(
    `${name}: records in pass ${share.any} (${(row.shareInPass * 100).toFixed(1)} %; ${row.spanningRecordsByRule.map((r) => `${r.rule} ${r.records}`).join(' · ')}) · cross ${pairs.count} · true ${quality.truePairs} · apart ${quality.missed} (+${quality.missed - current.missed})`,
  );
  return row;
});
const result = {
  allTruePairs: allTrue,
  current,
  variants: variantRows,
  keys: keyRows,
  data,
  records: count,
  partitions: partitionIds.size,
  singlePairs: single.count,
  crossPairs: cross.count,
  rules,
};
if (values.out !== undefined) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
