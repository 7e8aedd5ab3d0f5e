/**
 * padan/id — NIK and KK numbers: parse, validate, format, mask, pseudonymize; the official region
 * codes they carry. Its own entry point: the pipelines parse identifiers themselves, and an application
 * that only masks or pseudonymizes carries none of the matching engine.
 */
export { parseNik, type ParseNikOptions, type ParsedNik, type NikIssueCode } from './parseNik.js';
export { parseKk, type ParseKkOptions, type ParsedKk, type KkIssueCode } from './parseKk.js';
export { formatNik, type NikParts, type FormatNikOptions } from './formatNik.js';
export { formatKk, type KkParts, type FormatKkOptions } from './formatKk.js';
export { makeNik, type MakeNikSpec, type MakeNikOptions } from './makeNik.js';
export { checkNikConsistency, type CheckNikConsistencyOptions, type NikConsistencyRecord, type NikConsistencyCode } from './checkNikConsistency.js';
export { maskNik, maskKk } from './maskNik.js';
export { pseudonymize, type PseudonymizeOptions } from './pseudonymize.js';
export { normalizeIdentifier } from './normalizeIdentifier.js';
export { resolveDistrictCode, type IdentifierRegion } from './resolveDistrictCode.js';
export { DEFAULT_REFERENCE_DATE } from './referenceDate.js';
export { RETIRED_REGENCIES, type RetiredRegency } from './retiredRegencies.js';
export { loadRegions, loadVillages, type Region, type RegionLevel, type RegionTable } from './regions.js';
