/**
 * Lookups answered from the database: the probe's blocking keys select candidate records from
 * `block_keys` (whole blocks, or the window around the probe in a block too large for all-to-all, as
 * the in-memory blocking index does), their records and entities come from `records`, and
 * term-frequency counts from `term_counts` and the `tf` meta row. The pairs are then compared and
 * scored with the engine's own functions, so a lookup gives the in-memory store's candidates, weights
 * and explanations (the parity test checks it). Private to the PostgreSQL store.
 */
import { blockingKeyOf, windowSortKey } from '../../block/blockingKey.js';
import { comparePairs } from '../../comparisons/comparePairs.js';
import { prepareColumns } from '../../comparisons/prepareColumns.js';
import { textOf, withFrequencies, type PreparedColumn } from '../../model/column.js';
import type { CompiledModel } from '../../model/compileModel.js';
import type { TrainedModel } from '../../model/modelSpec.js';
import { explainPair } from '../../score/explainPair.js';
import { matchProbability, scorePairs, type WeightTable } from '../../score/scorePairs.js';
import type { LookupCandidate, LookupOptions, LookupResult } from '../types.js';
import type { PostgresClient } from './types.js';

/** What a lookup needs of the model, compiled once per store. */
export interface LookupModel {
  readonly model: TrainedModel;
  readonly compiled: CompiledModel;
  readonly table: WeightTable;
  /** Keys of the columns a term-frequency level reads. */
  readonly termFrequencyColumns: readonly string[];
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One statement, so the candidates, their entities and the counts are read at one position of the
 * store. Per probe key (rule, key, sort key, block limit, window): a block with fewer members than its
 * limit is read whole; a larger one gives the `window` members before the probe's place in window
 * order (sort key, then record key) and the `window` from it on. The probe's own term values' counts
 * come back too.
 */
const candidatesSql = (s: string): string => `
WITH probe AS (
  SELECT * FROM unnest($1::smallint[], $2::text[], $3::text[], $4::int[], $5::int[]) AS p(rule, key, sort_key, max_size, win)
), hits AS (
  SELECT DISTINCT h.source, h.record_id FROM probe p
  CROSS JOIN LATERAL (SELECT count(*) AS n FROM (SELECT 1 FROM ${s}.block_keys b WHERE b.rule = p.rule AND b.key = p.key LIMIT p.max_size) x) size
  CROSS JOIN LATERAL (
    SELECT b.source, b.record_id FROM ${s}.block_keys b WHERE size.n < p.max_size AND b.rule = p.rule AND b.key = p.key
    UNION ALL
    (SELECT b.source, b.record_id FROM ${s}.block_keys b
      WHERE size.n >= p.max_size AND b.rule = p.rule AND b.key = p.key
        AND (CASE WHEN $6::text IS NULL THEN b.sort_key <= p.sort_key ELSE (b.sort_key, b.source, b.record_id) < (p.sort_key, $6::text, $7::text) END)
      ORDER BY b.sort_key DESC, b.source DESC, b.record_id DESC LIMIT p.win)
    UNION ALL
    (SELECT b.source, b.record_id FROM ${s}.block_keys b
      WHERE size.n >= p.max_size AND b.rule = p.rule AND b.key = p.key
        AND (CASE WHEN $6::text IS NULL THEN b.sort_key > p.sort_key ELSE (b.sort_key, b.source, b.record_id) >= (p.sort_key, $6::text, $7::text) END)
      ORDER BY b.sort_key, b.source, b.record_id LIMIT p.win)
  ) h
)
SELECT
  (SELECT value::text FROM ${s}.meta WHERE key = 'head') AS head,
  (SELECT value FROM ${s}.meta WHERE key = 'tf') AS tf,
  (SELECT coalesce(json_agg(json_build_array(t.column_key, t.value, t.count)), '[]'::json)
     FROM unnest($8::text[], $9::text[]) AS v(column_key, value) JOIN ${s}.term_counts t USING (column_key, value)) AS counts,
  (SELECT coalesce(json_agg(json_build_array(r.source, r.record_id, r.entity_id, r.record)), '[]'::json)
     FROM hits JOIN ${s}.records r USING (source, record_id) WHERE r.entity_id IS NOT NULL) AS candidates`;

/** Counts of more term values, with the head they were read at (a row of nulls when none is counted). */
const countsSql = (s: string): string => `
SELECT h.head, t.column_key, t.value, t.count FROM (SELECT value::text AS head FROM ${s}.meta WHERE key = 'head') h
LEFT JOIN (SELECT * FROM unnest($1::text[], $2::text[]) AS v(column_key, value) JOIN ${s}.term_counts t USING (column_key, value)) t ON true`;

/**
 * The entities a (normalized) probe would match, best first, from the database; the in-memory
 * store's `lookup` over the same state gives the same result. Runs in the caller's transaction.
 */
export async function lookupFromTables(
  client: PostgresClient,
  s: string,
  lookupModel: LookupModel,
  record: unknown,
  options?: LookupOptions,
): Promise<LookupResult> {
  const { model, compiled, table } = lookupModel;
  const limit = options?.limit ?? 5;
  const explain = options?.explain !== false;
  const probeColumns = prepareColumns([record], compiled.columns);
  const source = compiled.readSource(record);
  const id = compiled.readId(record);
  // Only a string source and id can name a stored record; anything else sorts after every record key.
  const named = typeof source === 'string' && typeof id === 'string';
  const probeKey = named ? `${source}\u0000${id}` : '\uffff';
  const rules: number[] = [];
  const keys: string[] = [];
  const sortKeys: string[] = [];
  const maxSizes: number[] = [];
  const windows: number[] = [];
  compiled.blockingRules.forEach((rule, r) => {
    const key = blockingKeyOf(rule, probeColumns, 0);
    if (key === null) return;
    rules.push(r);
    keys.push(key);
    sortKeys.push(windowSortKey(rule, probeColumns, 0));
    // "Fewer members than the limit" is the in-memory index's `members + 1 <= maxBlockSize`.
    maxSizes.push(Math.min(rule.maxBlockSize, 2_147_483_647));
    windows.push(Math.min(rule.window, 2_147_483_647));
  });
  if (rules.length === 0) return { candidates: [], compared: 0 };
  const probeTerms: [string, string][] = [];
  for (const column of lookupModel.termFrequencyColumns) {
    const text = textOf(probeColumns.get(column) as PreparedColumn, 0);
    if (text !== null) probeTerms.push([column, text]);
  }
  // A named statement: planned once per connection, not per lookup.
  const { rows } = await client.query({
    name: `padan-lookup-${s}`,
    text: candidatesSql(s),
    values: [
      rules,
      keys,
      sortKeys,
      maxSizes,
      windows,
      named ? source : null,
      named ? id : null,
      probeTerms.map((term) => term[0]),
      probeTerms.map((term) => term[1]),
    ],
  });
  const row = rows[0] as {
    head: string;
    tf: { column: string; present: number; agreementRate: number }[];
    counts: [string, string, number][];
    candidates: [string, string, string, unknown][];
  };
  const found = row.candidates;
  if (found.length === 0) return { candidates: [], compared: 0 };

  // The probe first, then the candidates: one set of prepared columns for the pairs.
  const columns = prepareColumns([record, ...found.map((candidate) => candidate[3])], compiled.columns) as Map<string, PreparedColumn>;
  const recordKeys = found.map((candidate) => `${candidate[0]}\u0000${candidate[1]}`);
  const left = new Int32Array(found.length);
  const right = new Int32Array(found.length);
  for (let i = 0; i < found.length; i++) {
    const probeFirst = probeKey < (recordKeys[i] as string);
    left[i] = probeFirst ? 0 : i + 1;
    right[i] = probeFirst ? i + 1 : 0;
  }
  const vectors = comparePairs(compiled.comparisons, columns, left, right);

  // Term frequencies as the store has them (count / records with a value, the exact agreement rate),
  // for the values a pair at a term-frequency level reads; the probe's came with the candidates.
  if (lookupModel.termFrequencyColumns.length > 0) {
    const counts = new Map<string, number>();
    for (const [column, value, count] of row.counts) counts.set(`${column}\u0000${value}`, count);
    for (const [column, value] of probeTerms) if (!counts.has(`${column}\u0000${value}`)) counts.set(`${column}\u0000${value}`, 0);
    const missing = new Map<string, [string, string]>();
    const width = vectors.comparisons;
    compiled.comparisons.forEach((comparison, c) => {
      const levels = table.termFrequencyLevels[c];
      if (levels === null || levels === undefined) return;
      const prepared = columns.get(comparison.column) as PreparedColumn;
      for (let p = 0; p < vectors.count; p++) {
        if (levels[vectors.levels[p * width + c] as number] !== 1) continue;
        for (const side of [left[p] as number, right[p] as number]) {
          const text = textOf(prepared, side);
          const key = `${comparison.column}\u0000${text}`;
          if (text !== null && !counts.has(key)) missing.set(key, [comparison.column, text]);
        }
      }
    });
    if (missing.size > 0) {
      const terms = [...missing.values()];
      const more = await client.query(countsSql(s), [terms.map((term) => term[0]), terms.map((term) => term[1])]);
      // Read at another position than the candidates when a write committed in between: start again.
      if (Number(more.rows[0]?.head ?? row.head) !== Number(row.head)) return lookupFromTables(client, s, lookupModel, record, options);
      for (const counted of more.rows)
        if (counted.column_key !== null) counts.set(`${String(counted.column_key)}\u0000${String(counted.value)}`, Number(counted.count));
    }
    for (const state of row.tf) {
      const prepared = columns.get(state.column);
      if (prepared === undefined) continue;
      const frequencies = new Float64Array(prepared.distinctValues);
      for (let v = 0; v < prepared.distinctValues; v++) {
        const count = counts.get(`${state.column}\u0000${prepared.valueTexts[v] as string}`) ?? 0;
        frequencies[v] = state.present === 0 ? 0 : count / state.present;
      }
      columns.set(state.column, withFrequencies(prepared, frequencies, state.agreementRate));
    }
  }
  const weights = scorePairs(table, compiled, columns, left, right, vectors);

  // Each entity's best pair (ties: the smaller record key), entities by weight then ID.
  const best = new Map<string, number>();
  for (let i = 0; i < found.length; i++) {
    const entity = (found[i] as [string, string, string, unknown])[2];
    const current = best.get(entity);
    if (current === undefined) best.set(entity, i);
    else {
      const w = weights[i] as number;
      const cw = weights[current] as number;
      if (w > cw || (w === cw && (recordKeys[i] as string) < (recordKeys[current] as string))) best.set(entity, i);
    }
  }
  const ranked = [...best.entries()].sort((a, b) => (weights[b[1]] as number) - (weights[a[1]] as number) || compareText(a[0], b[0])).slice(0, limit);
  const matchWeight = model.spec.decision.matchWeight;
  const reviewWeight = model.spec.decision.reviewWeight;
  const candidates: LookupCandidate[] = ranked.map(([entity, i]) => {
    const weight = weights[i] as number;
    const candidate = found[i] as [string, string, string, unknown];
    return {
      id: entity,
      record: { source: candidate[0], recordId: candidate[1] },
      matchWeight: weight,
      matchProbability: matchProbability(weight),
      decision: weight >= matchWeight ? 'match' : weight >= reviewWeight ? 'review' : 'non-match',
      ...(explain ? { explanation: explainPair(model, compiled, table, columns, left[i] as number, right[i] as number) } : {}),
    };
  });
  return { candidates, compared: found.length };
}
