/**
 * padan — entity resolution for Indonesian person, family and household records.
 * This file is the whole public API of `padan`, by stage; named exports only. Toolkits have their own
 * entry points: `padan/id` (NIK, KK, masking, pseudonyms, regions), `padan/standardize` (names, dates,
 * addresses), `padan/comparators` (similarities), `padan/schema` (record shapes, validators); and
 * `padan/postgres`, `padan/report`, `padan/synth`.
 */

// Errors and privacy
export { PadanError, type PadanErrorCode } from './_internal/error.js';
export type { Issue, Result } from './_internal/result.js';
export { redactIdentifiers } from './_internal/redact.js';
export { jsonReplacer } from './_internal/jsonReplacer.js';

// Pipelines: DTSEN persons, families and households; any tabular records; partitioned runs
export {
  resolve,
  resolvePersons,
  resolveRecords,
  explainPair,
  explainCluster,
  type ResolveInput,
  type ResolveOptions,
  type Resolution,
  type ResolvePersonsOptions,
  type PersonResolution,
  type ResolveRecordsOptions,
  type RecordResolution,
  type LinkMode,
  type ReviewItem,
  type StageProgress,
} from './resolve.js';
export { resolvePartitioned, trainOnSample, type ResolvePartitionedOptions, type PartitionedResolution, type PartitionModel } from './resolvePartitioned.js';
export { partitionOfRecord } from './partition/partitionOfRecord.js';

// The model: spec, levels, compile, serialize; the caller's own preparers, level kinds, key transforms
export { compileModel, type CompiledModel, type CompileModelOptions } from './model/compileModel.js';
export { serializeModel, parseModel } from './model/serializeModel.js';
export type { ModelSpec, ModelSpecInput, ComparisonSpec, BlockingRuleSpec, TrainedModel } from './model/modelSpec.js';
export type { LevelSpec, LevelKind, LevelContext } from './model/level.js';
export { nullLevel } from './model/levels/nullLevel.js';
export { exactLevel } from './model/levels/exactLevel.js';
export { jaroWinklerLevel } from './model/levels/jaroWinklerLevel.js';
export { damerauLevenshteinLevel } from './model/levels/damerauLevenshteinLevel.js';
export { nameLevel } from './model/levels/nameLevel.js';
export { dateLevel } from './model/levels/dateLevel.js';
export { nikLevel } from './model/levels/nikLevel.js';
export { numericDifferenceLevel } from './model/levels/numericDifferenceLevel.js';
export { prefixLevel } from './model/levels/prefixLevel.js';
export { crossFieldLevel } from './model/levels/crossFieldLevel.js';
export { elseLevel } from './model/levels/elseLevel.js';
export { createModelRegistry, type ModelRegistry, type ModelRegistryInput } from './model/modelRegistry.js';
export { preparedValue, textOf, type PreparedColumn } from './model/column.js';
export type { Preparer } from './model/preparers.js';
export type { KeyTransform } from './model/keyTransforms.js';
export { dtsenPersonModelSpec, type DtsenPersonModelOptions } from './presets/dtsenPersonModel.js';
export { dtsenPersonPrior } from './presets/dtsenPersonPrior.js';

// Stages, to run and inspect one by one: prepare → block → compare → train → score → cluster
export { prepareColumns } from './comparisons/prepareColumns.js';
export { blockRecords, type CandidatePairs } from './block/blockRecords.js';
export { comparePairs, type ComparisonVectors } from './comparisons/comparePairs.js';
export { trainModel, type TrainingReport } from './score/trainModel.js';
export { scorePairs, weightTable, matchProbability } from './score/scorePairs.js';
export { termFrequenciesOf, type TermFrequencies } from './score/termFrequencies.js';
export { clusterRecords, type Clustering } from './cluster/clusterRecords.js';

// Survivorship: unified records with provenance and conflicts
export { compilePolicy, type CompiledPolicy } from './merge/compilePolicy.js';
export { definePolicy } from './merge/definePolicy.js';
export { mergeCluster } from './merge/mergeCluster.js';
export { createMergeState, addToMergeState, type MergeState } from './merge/mergeState.js';
export { sourcePriority } from './merge/sourcePriority.js';
export { mostRecent } from './merge/mostRecent.js';
export { mostFrequent } from './merge/mostFrequent.js';
export { mostComplete } from './merge/mostComplete.js';
export { mostVerified } from './merge/mostVerified.js';
export { customRule } from './merge/customRule.js';
export { dtsenPersonPolicy } from './merge/dtsenPersonPolicy.js';
export { dtsenFamilyPolicy } from './merge/dtsenFamilyPolicy.js';
export { dtsenDwellingPolicy } from './merge/dtsenDwellingPolicy.js';
export type { MergePolicy, MergeRule, MergeRecord, MergeResult, UnifiedRecord, FieldProvenance, MergeConflict } from './merge/types.js';

// Families (KK) and households
export { groupFamilies, type FamilyGrouping, type UnifiedFamily } from './group/groupFamilies.js';
export { groupHouseholds, type HouseholdGrouping, type UnifiedHousehold } from './group/groupHouseholds.js';
export { explainFamily } from './group/explainFamily.js';
export { explainHousehold } from './group/explainHousehold.js';

// The entity store: incremental resolution, versions, withdrawals, steward decisions, snapshots
export { createEntityStore } from './store/createEntityStore.js';
export type { MemoryEntityStore } from './store/MemoryEntityStore.js';
export type { EntityStore, CreateEntityStoreOptions, StoreChanges, StoredEntity, LookupResult } from './store/types.js';
export { storeSnapshotLines } from './store/writeStoreSnapshot.js';
export { loadStoreSnapshot, type LoadStoreSnapshotOptions } from './store/loadStoreSnapshot.js';
export { parseDecision, formatDecision, readDecisions, type StewardDecision } from './store/decisions.js';
