import { redactIdentifiers } from './redact.js';

/** Machine-readable codes of programmer and configuration mistakes. */
export type PadanErrorCode =
  'invalid-argument' | 'invalid-input' | 'invalid-config' | 'invalid-model' | 'invalid-policy' | 'invalid-snapshot' | 'region-data-unavailable' | 'internal';

// The CommonJS build is one file per entry point, so `require('padan')` and `require('padan/id')` each
// hold their own copy of this class; a registered symbol marks every copy's instances, and `instanceof`
// reads it, so an error thrown by one entry point is a `PadanError` of every other.
const PADAN_ERROR = Symbol.for('padan.PadanError');

/**
 * The one error class padan throws, for programmer or configuration mistakes (data problems are
 * returned as issues instead). Its message is redacted: no full NIK or KK can appear in it.
 *
 * @example
 * try { compileModel(spec) } catch (e) { if (e instanceof PadanError) console.log(e.code) }
 */
export class PadanError extends Error {
  override readonly name = 'PadanError';
  readonly code: PadanErrorCode;
  readonly details: readonly string[];

  constructor(code: PadanErrorCode, message: string, details: readonly string[] = []) {
    // Never throws itself, whatever it is given: an error that fails to construct hides the first one.
    super(redactIdentifiers(message));
    this.code = typeof code === 'string' ? code : 'internal';
    this.details = Array.isArray(details) ? details.map((detail) => redactIdentifiers(detail)) : [];
  }

  static {
    Object.defineProperty(this.prototype, PADAN_ERROR, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== PadanError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [PADAN_ERROR]?: unknown })[PADAN_ERROR] === true;
  }

  override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}
