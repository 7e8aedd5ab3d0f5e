/**
 * Shared setup of the store tests: a small synthetic population, validated once, and a model trained
 * once on it (a smaller u sample than the default, for speed) and then held fixed, as a ministry
 * would hold a trained model fixed between batches.
 */
import { dtsenPersonPolicy } from '../../src/merge/dtsenPersonPolicy.js';
import { compilePolicy } from '../../src/merge/compilePolicy.js';
import { mergeCluster } from '../../src/merge/mergeCluster.js';
import type { MergePersonRecord } from '../../src/merge/types.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { resolvePersons } from '../../src/resolve.js';
import type { DwellingRecord } from '../../src/schema/dwelling.js';
import type { FamilyRecord } from '../../src/schema/family.js';
import type { PersonRecord } from '../../src/schema/person.js';
import { validateBatch } from '../../src/schema/validate.js';
import type { ModelSpecInput, TrainedModel } from '../../src/model/modelSpec.js';
import { generateSources } from '../../src/synth/sources.js';

export const policy = dtsenPersonPolicy;

/** Validated person records of a seeded synthetic population. */
export function syntheticRecords(persons: number, seed: number): PersonRecord[] {
  const raw: unknown[] = [];
  for (const item of generateSources({ persons, seed })) if (item.kind === 'person') raw.push(item.record);
  return validateBatch(raw, 'person', { malformedIds: 'keep-in-extra' }).valid;
}

/** A synthetic population's records of each kind a store holds, validated. */
export interface SyntheticPopulation {
  readonly person: PersonRecord[];
  readonly family: FamilyRecord[];
  readonly dwelling: DwellingRecord[];
}

/** Validated person, family (KK) and dwelling records of a seeded synthetic population. */
export function syntheticPopulation(persons: number, seed: number): SyntheticPopulation {
  const raw = { person: [] as unknown[], family: [] as unknown[], dwelling: [] as unknown[] };
  for (const item of generateSources({ persons, seed })) raw[item.kind].push(item.record);
  return {
    person: validateBatch(raw.person, 'person', { malformedIds: 'keep-in-extra' }).valid,
    family: validateBatch(raw.family, 'family').valid,
    dwelling: validateBatch(raw.dwelling, 'dwelling').valid,
  };
}

let cachedModel: TrainedModel | null = null;

/** The DTSEN model trained once on 400 synthetic persons, then fixed. */
export function trainedModel(): TrainedModel {
  if (cachedModel === null) {
    const spec = dtsenPersonModelSpec();
    const fast: ModelSpecInput = { ...spec, training: { ...spec.training, uSampleSize: 20_000 } };
    cachedModel = resolvePersons(syntheticRecords(400, 99), { model: fast, validate: false }).model;
  }
  return cachedModel;
}

/** The same trained parameters with tiny blocks, so that sliding windows (and dropped pairs) happen in small tests. */
export function windowedModel(model: TrainedModel): TrainedModel {
  const rules = model.spec.blocking.rules.map((rule) => ({ ...rule, maxBlockSize: 3 }));
  return { ...model, spec: { ...model.spec, blocking: { ...model.spec.blocking, rules, window: 2 } } };
}

/** Record reference as text. */
export const refText = (record: { source: string; recordId: string }): string => `${record.source}/${record.recordId}`;

export interface EntityView {
  readonly id: string;
  readonly records: readonly string[];
}

/** What one batch run gives: entities (by ID) with record references, unified values and review items. */
export function batchView(records: readonly PersonRecord[], model: TrainedModel) {
  const resolution = resolvePersons(records, { model, validate: false });
  const compiled = compilePolicy(policy);
  const entities: EntityView[] = resolution.clusters
    .map((cluster) => ({ id: cluster.id, records: cluster.records.map((r) => refText(resolution.records[r] as PersonRecord)) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const unified = new Map(
    resolution.clusters.map((cluster) => [
      cluster.id,
      mergeCluster(
        cluster.records.map((r) => resolution.records[r] as unknown as MergePersonRecord),
        compiled,
      ).unified,
    ]),
  );
  const review = resolution.review
    .map((item) => ({
      left: refText(resolution.records[item.left] as PersonRecord),
      right: refText(resolution.records[item.right] as PersonRecord),
      reason: item.reason,
      matchWeight: item.matchWeight,
    }))
    .sort((a, b) => (a.left + a.right < b.left + b.right ? -1 : 1));
  return { entities, unified, review };
}
