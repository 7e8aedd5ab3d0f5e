/**
 * padan/standardize — Indonesian names, dates and addresses made comparable (titles, old spelling,
 * placeholder dates, RT/RW and region names). The model's preparers use them; import them here to
 * clean values outside a model.
 */
export { standardizeName, type StandardizeNameOptions, type StandardizedName } from './standardizeName.js';
export { distinctNameSignal, DISTINCT_NAME_SIGNALS, type DistinctNameSignal } from './distinctNameSignal.js';
export { splitNameTitles, type NameWithoutTitles } from './splitNameTitles.js';
export { canonicalizeNameToken, respellOldSpelling, type CanonicalizeNameTokenOptions } from './canonicalizeNameToken.js';
export { indonesianPhoneticKey, type IndonesianPhoneticKeyOptions } from './indonesianPhoneticKey.js';
export { standardizeDate, isPlaceholderDate, type StandardizeDateOptions, type StandardizedDate, type DateIssueCode } from './standardizeDate.js';
export { standardizeAddress, type StandardizeAddressOptions, type StandardizedAddress, type AddressInput, type AmbiguousRegion } from './standardizeAddress.js';
export { normalizeRegionName } from './regionNameIndex.js';
export { PLACEHOLDER_DATES, type PlaceholderDate } from './tables/placeholderDates.js';
