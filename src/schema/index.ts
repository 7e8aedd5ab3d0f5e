/**
 * padan/schema — the DTSEN record shapes (person, family, dwelling), their validators and the
 * category lists ministries export. `resolvePersons` and `resolve` validate on their own; import these
 * to check records at the door, or to name the record and input types.
 */
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
} from './validate.js';
export { personSchema, type PersonRecord, type SourceEnvelope } from './person.js';
export { familySchema, type FamilyRecord } from './family.js';
export { dwellingSchema, housingSchema, type DwellingRecord, type HousingAttributes } from './dwelling.js';
export { addressSchema, channelSchema, type Address, type Channel } from './fields.js';
export type { PersonInput, FamilyInput, DwellingInput, RecordAddressInput, SourceEnvelopeInput, AsWritten, RecordInputs } from './inputs.js';
export type { SchemaIssue, SchemaIssueCode } from './issues.js';
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
} from './categories.js';
