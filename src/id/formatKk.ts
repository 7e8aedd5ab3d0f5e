import { checkOptionBag } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import { checkedDistrictAndSerial, encodeDate } from './formatNik.js';

/** What a KK number encodes. A `ParsedKk` is one, so `formatKk(parseKk(x).value)` gives `x` back. */
export interface KkParts {
  /** Six digits (dots allowed). */
  readonly districtCode: string;
  /** `YYYY-MM-DD`; only the last two year digits are written. */
  readonly issueDate: string;
  /** `'0001'`–`'9999'`, or a number 1–9999. */
  readonly serial: string | number;
}

/** Options of `formatKk` (none yet; reserved so the signature stays stable). */
export type FormatKkOptions = Record<string, never>;

/**
 * Writes a KK number from its parts (the inverse of `parseKk`): district · DDMMYY · serial.
 * Throws `PadanError('invalid-argument')` on malformed parts.
 *
 * @example
 * formatKk({ districtCode: '320101', issueDate: '2010-03-15', serial: 2 }) // → '3201011503100002'
 */
export function formatKk(parts: KkParts, options?: FormatKkOptions): string {
  checkOptionBag(options, 'formatKk', {});
  if (parts === null || typeof parts !== 'object') throw new PadanError('invalid-argument', 'formatKk: parts must be an object');
  const [district, serial] = checkedDistrictAndSerial(parts.districtCode, parts.serial, 'formatKk');
  return district + encodeDate(parts.issueDate, 0, 'formatKk', 'issueDate') + serial;
}
