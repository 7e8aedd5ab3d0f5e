/**
 * padan — entity resolution for Indonesian person, family and household records.
 * This file is the whole public API: named exports only.
 */

// Errors and result types
export { PadanError, type PadanErrorCode } from './_internal/error.js';
export type { Issue, IssuePath, Result } from './_internal/result.js';
export { redactIdentifiers } from './_internal/redact.js';
export { jsonReplacer } from './_internal/jsonReplacer.js';
export type { ProgressCallback } from './_internal/progress.js';

// Identifiers: NIK and KK
export { parseNik, type ParseNikOptions, type ParsedNik, type NikIssueCode } from './id/parseNik.js';
export { parseKk, type ParseKkOptions, type ParsedKk, type KkIssueCode } from './id/parseKk.js';
export { formatNik, type NikParts, type FormatNikOptions } from './id/formatNik.js';
export { formatKk, type KkParts, type FormatKkOptions } from './id/formatKk.js';
export { makeNik, type MakeNikSpec, type MakeNikOptions } from './id/makeNik.js';
export {
  checkNikConsistency,
  type CheckNikConsistencyOptions,
  type NikConsistencyRecord,
  type NikConsistencyCode,
} from './id/checkNikConsistency.js';
export { maskNik, maskKk } from './id/maskNik.js';
export { pseudonymize, type PseudonymizeOptions } from './id/pseudonymize.js';
export { normalizeIdentifier } from './id/normalizeIdentifier.js';
export { resolveDistrictCode, type IdentifierRegion } from './id/resolveDistrictCode.js';
export { DEFAULT_REFERENCE_DATE } from './id/referenceDate.js';
export { RETIRED_REGENCIES, type RetiredRegency } from './id/retiredRegencies.js';
export { loadRegions, loadVillages, type Region, type RegionLevel, type RegionTable } from './id/regions.js';

// Record schemas and validation
export {
  validatePerson,
  validateFamily,
  validateDwelling,
  validateBatch,
  checkNikWithParser,
  type ValidatePersonOptions,
  type ValidateFamilyOptions,
  type ValidateDwellingOptions,
  type ValidateBatchOptions,
  type NikCheck,
  type Rejection,
  type RecordWarnings,
  type BatchResult,
  type RecordKinds,
} from './schema/validate.js';
export { personSchema, type PersonRecord, type SourceEnvelope } from './schema/person.js';
export type {
  PersonInput,
  FamilyInput,
  DwellingInput,
  RecordAddressInput,
  SourceEnvelopeInput,
  AsWritten,
  RecordInputs,
} from './schema/inputs.js';
export { familySchema, type FamilyRecord } from './schema/family.js';
export { dwellingSchema, housingSchema, type DwellingRecord, type HousingAttributes } from './schema/dwelling.js';
export { addressSchema, channelSchema, type Address, type Channel } from './schema/fields.js';
export {
  KNOWN_SOURCES,
  VERIFICATION_LEVELS,
  CITIZEN_ACTIONS,
  CITIZEN_STATUSES,
  RELATIONSHIPS,
  MARITAL_STATUSES,
  OWNERSHIP_STATUSES,
  FLOOR_MATERIALS,
  WALL_MATERIALS,
  ROOF_MATERIALS,
  DRINKING_WATER_SOURCES,
  TOILET_FACILITIES,
  TOILET_TYPES,
  EXCRETA_DISPOSALS,
  LIGHTING_SOURCES,
  PLN_POWER_CLASSES,
  COOKING_FUELS,
  CALLER_CATEGORY_PREFIX,
} from './schema/categories.js';
export type { SchemaIssue, SchemaIssueCode } from './schema/issues.js';

// Standardizers: Indonesian names, dates and addresses
export { standardizeName, type StandardizeNameOptions, type StandardizedName } from './standardize/standardizeName.js';
export { distinctNameSignal, DISTINCT_NAME_SIGNALS, type DistinctNameSignal } from './standardize/distinctNameSignal.js';
export { splitNameTitles, type NameWithoutTitles } from './standardize/splitNameTitles.js';
export { canonicalizeNameToken, respellOldSpelling, type CanonicalizeNameTokenOptions } from './standardize/canonicalizeNameToken.js';
export { indonesianPhoneticKey, type IndonesianPhoneticKeyOptions } from './standardize/indonesianPhoneticKey.js';
export {
  standardizeDate,
  isPlaceholderDate,
  type StandardizeDateOptions,
  type StandardizedDate,
  type DateIssueCode,
} from './standardize/standardizeDate.js';
export {
  standardizeAddress,
  type StandardizeAddressOptions,
  type StandardizedAddress,
  type AddressInput,
  type AmbiguousRegion,
} from './standardize/standardizeAddress.js';
export { normalizeRegionName } from './standardize/regionNameIndex.js';
export { PLACEHOLDER_DATES, type PlaceholderDate } from './standardize/tables/placeholderDates.js';

// Comparators: pure similarity and distance functions
export { jaroSimilarity } from './comparators/jaroSimilarity.js';
export { jaroWinklerSimilarity, type JaroWinklerSimilarityOptions } from './comparators/jaroWinklerSimilarity.js';
export { levenshteinDistance } from './comparators/levenshteinDistance.js';
export { levenshteinSimilarity } from './comparators/levenshteinSimilarity.js';
export { damerauLevenshteinDistance, type DamerauLevenshteinDistanceOptions } from './comparators/damerauLevenshteinDistance.js';
export { damerauLevenshteinSimilarity, type DamerauLevenshteinSimilarityOptions } from './comparators/damerauLevenshteinSimilarity.js';
export { tokenSortSimilarity, type TokenSortSimilarityOptions } from './comparators/tokenSortSimilarity.js';
export { tokenSetSimilarity, type TokenSetSimilarityOptions } from './comparators/tokenSetSimilarity.js';
export type { NameTokensInput, StringSimilarity } from './comparators/nameTokens.js';
export { nameSimilarity, type NameSimilarityOptions } from './comparators/nameSimilarity.js';
export {
  compareDates,
  DATE_COMPARISON_LEVELS,
  type CompareDatesOptions,
  type ComparableDate,
  type DateComparisonLevel,
} from './comparators/compareDates.js';
export { compareNik, NIK_COMPARISON_LEVELS, type NikComparisonLevel } from './comparators/compareNik.js';

// Matching engine: comparison levels, model spec, blocking, scoring, clustering
export { nullLevel, type NullLevelSpec } from './model/levels/nullLevel.js';
export { exactLevel, type ExactLevelSpec } from './model/levels/exactLevel.js';
export { jaroWinklerLevel, type JaroWinklerLevelSpec } from './model/levels/jaroWinklerLevel.js';
export { damerauLevenshteinLevel, type DamerauLevenshteinLevelSpec } from './model/levels/damerauLevenshteinLevel.js';
export { nameLevel, type NameLevelSpec } from './model/levels/nameLevel.js';
export { dateLevel, type DateLevelSpec } from './model/levels/dateLevel.js';
export { nikLevel, type NikLevelSpec } from './model/levels/nikLevel.js';
export { numericDifferenceLevel, type NumericDifferenceLevelSpec } from './model/levels/numericDifferenceLevel.js';
export { prefixLevel, type PrefixLevelSpec } from './model/levels/prefixLevel.js';
export { crossFieldLevel, type CrossFieldLevelSpec } from './model/levels/crossFieldLevel.js';
export { elseLevel, type ElseLevelSpec } from './model/levels/elseLevel.js';
export { LEVEL_KINDS } from './model/levelKinds.js';
export type { ComparisonLevel, LevelSpec } from './model/level.js';
export { PREPARER_NAMES } from './model/preparers.js';
export { KEY_TRANSFORMS } from './model/keyTransforms.js';
export {
  modelSpecSchema,
  type ModelSpec,
  type ModelSpecInput,
  type ComparisonSpec,
  type BlockingRuleSpec,
  type BlockingKeyPart,
  type LevelParameters,
  type ModelParameters,
  type TrainedModel,
} from './model/modelSpec.js';
export { compileModel, type CompiledModel } from './model/compileModel.js';
export { serializeModel, parseModel } from './model/serializeModel.js';
// Generic engine (#18): resolve any tabular records with a model written for their columns (no DTSEN
// validation or defaults), in dedupe, link-only or link-and-dedupe mode; or run the stages one by one
// and inspect each: prepareColumns → blockRecords → comparePairs → trainModel → scorePairs → clusterRecords.
export { resolveRecords, type LinkMode, type RecordResolution, type ResolveRecordsOptions } from './resolve.js';
export { prepareColumns } from './comparisons/prepareColumns.js';
export { blockRecords, type BlockRecordsOptions, type CandidatePairs } from './block/blockRecords.js';
export { comparePairs, type ComparisonVectors } from './comparisons/comparePairs.js';
export { trainModel, type TrainModelOptions } from './score/trainModel.js';
export { scorePairs, weightTable, type WeightTable } from './score/scorePairs.js';
export { clusterRecords, type ClusterInput, type Clustering } from './cluster/clusterRecords.js';
export { DATE_FORMAT_NAMES, type Preparer } from './model/preparers.js';
export { createModelRegistry, type ModelRegistry, type ModelRegistryInput } from './model/modelRegistry.js';
export type { CompileModelOptions } from './model/compileModel.js';
export type { KeyTransform } from './model/keyTransforms.js';
export type { LevelContext, LevelKind } from './model/level.js';
export { preparedValue, textOf, type PreparedColumn, type PreparedValue } from './model/column.js';
export { matchProbability } from './score/scorePairs.js';
export type { PairExplanation } from './score/explainPair.js';
export type { TrainingReport, TrainingWarning, TrainingWarningCode } from './score/trainModel.js';
export { termFrequenciesOf, type TermFrequencies, type ColumnTermFrequencies, type TermFrequenciesOfOptions } from './score/termFrequencies.js';
export type { BlockingRuleReport } from './block/blockRecords.js';
export { dtsenPersonModelSpec, type DtsenPersonModelOptions } from './presets/dtsenPersonModel.js';
export { dtsenPersonPrior, DTSEN_PERSON_PRIOR_PROVENANCE } from './presets/dtsenPersonPrior.js';
export {
  resolve,
  resolvePersons,
  explainPair,
  type ResolveInput,
  type ResolveRecordsInput,
  type ResolveOptions,
  type Resolution,
  explainCluster,
  type ResolvePersonsOptions,
  type PersonResolution,
  type PersonCluster,
  type PersonStage,
  type ResolveStage,
  type StageProgress,
  type ProgressUnit,
  type ReviewItem,
  type RecordFlag,
  type ResolutionReport,
  type ClusterExplanation,
} from './resolve.js';
export type { MatchingContext } from './score/matchingContext.js';
export {
  resolvePartitioned,
  resolvePartition,
  linkAcrossPartitions,
  trainOnSample,
  type PartitionModel,
  type PartitionOutcome,
  type PartitionedResolution,
  type PersonAssignment,
  type ResolvePartitionedOptions,
  type CrossPartitionRecord,
  type CrossPartitionPass,
} from './resolvePartitioned.js';
export { partitionOfRecord, FALLBACK_PARTITION } from './partition/partitionOfRecord.js';
export { mergePartitionClusters, type PartitionCluster, type CrossPartitionLink, type PartitionMerge } from './partition/mergePartitionClusters.js';

// Survivorship: unified records with provenance and conflicts
export { compilePolicy, MERGE_ALGORITHM_VERSION, type CompiledPolicy, type CompilePolicyOptions } from './merge/compilePolicy.js';
export { mergeCluster, type MergeClusterOptions } from './merge/mergeCluster.js';
export {
  createMergeState,
  addToMergeState,
  type MergeState,
  type CreateMergeStateOptions,
  type AddToMergeStateOptions,
} from './merge/mergeState.js';
export { definePolicy, type DefinePolicyOptions } from './merge/definePolicy.js';
export { dtsenPersonPolicy } from './merge/dtsenPersonPolicy.js';
export { dtsenFamilyPolicy } from './merge/dtsenFamilyPolicy.js';
export { dtsenDwellingPolicy } from './merge/dtsenDwellingPolicy.js';
export { sourcePriority, type SourcePriorityOptions } from './merge/sourcePriority.js';
export { mostRecent, type MostRecentOptions } from './merge/mostRecent.js';
export { mostFrequent, type MostFrequentOptions } from './merge/mostFrequent.js';
export { mostComplete, type MostCompleteOptions } from './merge/mostComplete.js';
export { mostVerified, type MostVerifiedOptions } from './merge/mostVerified.js';
export { customRule, type CustomRuleOptions } from './merge/customRule.js';
export type {
  MergePolicy,
  FieldRules,
  FollowField,
  MergeRule,
  SourcePriorityRule,
  MostRecentRule,
  MostFrequentRule,
  MostCompleteRule,
  MostVerifiedRule,
  CustomRule,
  MergeNormalization,
  ConflictSeverity,
  MergeRecord,
  MergeChannel,
  MergeField,
  MergeCandidate,
  MergeResult,
  UnifiedRecord,
  FieldProvenance,
  MergeConflict,
  ContestedField,
  CitizenSubmission,
  LosingValue,
  ValueSource,
  RecordRef,
} from './merge/types.js';

// Families (KK) and households
export {
  groupFamilies,
  type GroupFamiliesOptions,
  type FamilyGrouping,
  type FamilyGroupingReport,
  type FamilyStep,
  type UnifiedFamily,
  type FamilyCard,
  type FamilyLink,
  type FamilyLinkKind,
  type FamilyEvent,
  type ResolvedPersons,
} from './group/groupFamilies.js';
export {
  groupHouseholds,
  type GroupHouseholdsOptions,
  type HouseholdGrouping,
  type UnifiedHousehold,
  type DwellingMatch,
  type HouseholdLink,
  type HouseholdEvidence,
  type HouseholdStep,
} from './group/groupHouseholds.js';
export { explainFamily, type FamilyExplanation } from './group/explainFamily.js';
export { explainHousehold, type HouseholdExplanation } from './group/explainHousehold.js';

// The entity store: incremental resolution, versions, withdrawals, steward decisions, stable IDs, snapshots
export { createEntityStore } from './store/createEntityStore.js';
export type { MemoryEntityStore } from './store/MemoryEntityStore.js';
export { naturalEntityId } from './cluster/entityIds.js';
export {
  parseDecision,
  formatDecision,
  readDecisions,
  decisionId,
  DecisionSet,
  DECISION_FORMAT,
  DECISION_FORMAT_VERSION,
  type StewardDecision,
  type PairDecision,
  type PairDecisionKind,
  type UnmergeDecision,
  type DecisionMeta,
  type DecisionIssueCode,
  type DecisionLineError,
  type ReadDecisionsResult,
} from './store/decisions.js';
// Snapshots: the lines of a store's NDJSON snapshot out, a store back from them.
export { storeSnapshotLines } from './store/writeStoreSnapshot.js';
export { loadStoreSnapshot, type LoadStoreSnapshotOptions } from './store/loadStoreSnapshot.js';
export type {
  StoreRecordRef,
  CreateEntityStoreOptions,
  AddRecordsOptions,
  StoreRejection,
  StoreReviewItem,
  FieldChange,
  StoreChanges,
  StoredEntity,
  LookupOptions,
  LookupCandidate,
  LookupResult,
  EntityStore,
  WithdrawOptions,
  RecordHistory,
  IdResolution,
  DecisionOutcome,
  DecideResult,
  AuditEntry,
  StoreStats,
} from './store/types.js';
