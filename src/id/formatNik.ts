import { checkObject, checkOptionBag, invalidArgument } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import { isoDateKey } from './referenceDate.js';
import { normalizeIdentifier } from './normalizeIdentifier.js';

/** What a NIK encodes. A `ParsedNik` is one, so `formatNik(parseNik(x).value)` gives `x` back. */
export interface NikParts {
  /** Six digits (dots allowed). Not checked against the region tables: that is `parseNik`'s job. */
  readonly districtCode: string;
  /** `YYYY-MM-DD`; only the last two year digits are written. */
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
  /** `'0001'`–`'9999'`, or a number 1–9999. */
  readonly serial: string | number;
}

/** Options of `formatNik` (none yet; reserved so the signature stays stable). */
export type FormatNikOptions = Record<string, never>;

/** Checks the district code and serial, shared with `formatKk`. @internal */
export function checkedDistrictAndSerial(districtCode: string, serial: string | number, what: string): [string, string] {
  const district = typeof districtCode === 'string' ? normalizeIdentifier(districtCode) : '';
  if (!/^\d{6}$/.test(district)) {
    throw new PadanError('invalid-argument', `${what}: districtCode must be six digits (dots allowed)`);
  }
  let serialText: string;
  if (typeof serial === 'number') {
    if (!Number.isInteger(serial) || serial < 1 || serial > 9999) {
      throw new PadanError('invalid-argument', `${what}: serial must be an integer from 1 to 9999`);
    }
    serialText = String(serial).padStart(4, '0');
  } else {
    if (typeof serial !== 'string') throw invalidArgument(what, 'serial', 'a number or a four-digit string', serial);
    serialText = serial;
    if (!/^\d{4}$/.test(serialText) || serialText === '0000') {
      throw new PadanError('invalid-argument', `${what}: serial must be four digits, not 0000`);
    }
  }
  return [district, serialText];
}

/** `DDMMYY` of a checked ISO date, with `dayOffset` added to the day. @internal */
export function encodeDate(isoDate: string, dayOffset: number, what: string, field: string): string {
  const key = typeof isoDate === 'string' ? isoDateKey(isoDate) : -1;
  if (key < 0) throw new PadanError('invalid-argument', `${what}: ${field} must be a real date written YYYY-MM-DD`);
  const day = (key % 100) + dayOffset;
  return String(day).padStart(2, '0') + isoDate.slice(5, 7) + isoDate.slice(2, 4);
}

/**
 * Writes a NIK from its parts (the inverse of `parseNik`): district · DDMMYY (day + 40 for women) · serial.
 * Throws `PadanError('invalid-argument')` on malformed parts.
 *
 * @example
 * formatNik({ districtCode: '32.01.01', birthDate: '1990-05-12', sex: 'female', serial: 1 })
 * // → '3201015205900001'
 */
export function formatNik(parts: NikParts, options?: FormatNikOptions): string {
  checkOptionBag(options, 'formatNik', {});
  checkObject(parts, 'formatNik', 'parts');
  const [district, serial] = checkedDistrictAndSerial(parts.districtCode, parts.serial, 'formatNik');
  if (parts.sex !== 'male' && parts.sex !== 'female') {
    throw new PadanError('invalid-argument', "formatNik: sex must be 'male' or 'female'");
  }
  return district + encodeDate(parts.birthDate, parts.sex === 'female' ? 40 : 0, 'formatNik', 'birthDate') + serial;
}
