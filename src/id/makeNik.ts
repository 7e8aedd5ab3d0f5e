import { checkObject, checkOptionBag } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';
import { formatNik } from './formatNik.js';
import { resolveDistrictCode } from './resolveDistrictCode.js';

/** What `makeNik` needs: like `NikParts`, but the birth date may be a `Date` (read in UTC) and the serial defaults to 1. */
export interface MakeNikSpec {
  readonly districtCode: string;
  readonly birthDate: string | Date;
  readonly sex: 'male' | 'female';
  readonly serial?: number | string;
}

/** Options of `makeNik`. */
export interface MakeNikOptions {
  /**
   * Check that the district code is official or a known retired one, so every generated NIK parses.
   * Default `true`; turn it off to generate deliberately invalid NIKs for tests.
   */
  readonly checkRegion?: boolean;
}

/**
 * Builds a synthetic NIK for test data and generators: `formatNik` with friendlier inputs and, by
 * default, a check that the district exists. Throws `PadanError('invalid-argument')` otherwise.
 *
 * @example
 * makeNik({ districtCode: '320101', birthDate: new Date(Date.UTC(1990, 4, 12)), sex: 'male', serial: 7 })
 * // → '3201011205900007'
 */
export function makeNik(spec: MakeNikSpec, options?: MakeNikOptions): string {
  checkObject(spec, 'makeNik', 'spec');
  checkOptionBag(options, 'makeNik', { checkRegion: 'boolean' });
  const birthDate = spec.birthDate instanceof Date ? utcIsoDate(spec.birthDate) : spec.birthDate;
  const nik = formatNik({ districtCode: spec.districtCode, birthDate, sex: spec.sex, serial: spec.serial ?? 1 });
  const districtCode = nik.slice(0, 6);
  if ((options?.checkRegion ?? true) && resolveDistrictCode(districtCode) === undefined) {
    // Only the 6-digit region code the caller passed is named, never the number being built.
    throw new PadanError('invalid-argument', `makeNik: district code ${districtCode} is not an official or known retired district`);
  }
  return nik;
}

function utcIsoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new PadanError('invalid-argument', 'makeNik: birthDate is an invalid Date');
  return date.toISOString().slice(0, 10);
}
