/**
 * padan — entity resolution for Indonesian person, family and household records.
 * This file is the whole public API: named exports only.
 */
export { PadanError, type PadanErrorCode } from './_internal/error.js';
export type { Issue, IssuePath, Result } from './_internal/result.js';
