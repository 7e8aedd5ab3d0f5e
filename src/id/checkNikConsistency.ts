import { checkIssueContext, checkObject, invalidArgument } from '../_internal/arguments.js';
import type { Issue, IssuePath } from '../_internal/result.js';
import { maskIdentifier } from '../_internal/redact.js';
import { identifierIssue } from './identifierIssue.js';
import { normalizeIdentifier } from './normalizeIdentifier.js';
import { isRealDate } from './referenceDate.js';
import { lookupDistrict } from './resolveDistrictCode.js';
import type { ParsedNik } from './parseNik.js';

/** Codes `checkNikConsistency` reports; all are warnings. */
export type NikConsistencyCode = 'nik/birth-date-mismatch' | 'nik/sex-mismatch' | 'nik/region-differs-from-address';

/** The fields of a person record that a NIK can contradict (names as in docs/CONTRACTS.md). */
export interface NikConsistencyRecord {
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; only the known part is compared. */
  readonly birthDate?: string | null;
  /** The source says day and month are a placeholder (1 July, 31 December…): only the year is compared. */
  readonly birthDatePlaceholder?: boolean | null;
  readonly sex?: 'male' | 'female' | null;
  readonly address?: {
    readonly provinceCode?: string | null;
    readonly regencyCode?: string | null;
    readonly districtCode?: string | null;
  } | null;
}

/** Options of `checkNikConsistency`. */
export interface CheckNikConsistencyOptions {
  /** Path of the record; each issue adds its field (`birthDate`, `sex`, `address`). Default `[]`. */
  readonly path?: IssuePath;
  readonly recordId?: string;
}

/**
 * Compares what a NIK encodes with the record that carries it and returns a warning for each
 * disagreement: a data-quality signal, never a rejection. Only the digits are read, so a NIK with an
 * unknown region is still checked for date and sex; a NIK that is not 16 digits gives no warnings
 * (its validity is `parseNik`'s to report). Years are compared on their last two digits, the only
 * ones a NIK holds. `nik/region-differs-from-address` is informational: people move, NIKs do not.
 *
 * @example
 * checkNikConsistency('3201015205900001', { birthDate: '1990-05-21', sex: 'male' })
 * // → [{ code: 'nik/birth-date-mismatch', severity: 'warning', path: ['birthDate'], … },
 * //    { code: 'nik/sex-mismatch', severity: 'warning', path: ['sex'], … }]
 */
export function checkNikConsistency(nik: string | ParsedNik, record: NikConsistencyRecord, options?: CheckNikConsistencyOptions): Issue<NikConsistencyCode>[] {
  if (typeof nik !== 'string' && (typeof nik !== 'object' || nik === null || typeof nik.nik !== 'string')) {
    throw invalidArgument('checkNikConsistency', 'nik', 'a string or a parsed NIK', nik);
  }
  checkObject(record, 'checkNikConsistency', 'record');
  checkIssueContext(options, 'checkNikConsistency');
  const digits = typeof nik === 'string' ? normalizeIdentifier(nik) : nik.nik;
  const issues: Issue<NikConsistencyCode>[] = [];
  if (!/^\d{16}$/.test(digits)) return issues;
  const base = options?.path ?? [];
  const masked = maskIdentifier(digits);

  const encodedDay = Number(digits.slice(6, 8));
  const female = encodedDay > 40;
  const day = female ? encodedDay - 40 : encodedDay;
  const month = Number(digits.slice(8, 10));
  const yy = Number(digits.slice(10, 12));
  // Leap years repeat every 4 of the 100 possible centuries' years; 2000 stands in for "some leap year".
  const nikDateReal = isRealDate(yy % 4 === 0 ? 2000 : 2001, month, day);

  const birthDate = record.birthDate;
  if (nikDateReal && typeof birthDate === 'string' && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate)) {
    const recordYy = Number(birthDate.slice(2, 4));
    const placeholder = record.birthDatePlaceholder === true;
    const differs =
      recordYy !== yy ||
      (!placeholder && birthDate.length >= 7 && Number(birthDate.slice(5, 7)) !== month) ||
      (!placeholder && birthDate.length === 10 && Number(birthDate.slice(8, 10)) !== day);
    if (differs) {
      issues.push(
        identifierIssue(
          'nik/birth-date-mismatch',
          `NIK ${masked}: the birth date it encodes differs from the record's birth date`,
          { path: [...base, 'birthDate'], recordId: options?.recordId },
          'warning',
        ),
      );
    }
  }

  const sex = record.sex;
  if (nikDateReal && (sex === 'male' || sex === 'female') && sex !== (female ? 'female' : 'male')) {
    issues.push(
      identifierIssue(
        'nik/sex-mismatch',
        `NIK ${masked}: it encodes ${female ? 'female' : 'male'} (day + 40 for women), the record says ${sex}`,
        { path: [...base, 'sex'], recordId: options?.recordId },
        'warning',
      ),
    );
  }

  const address = record.address;
  if (address) {
    const region = lookupDistrict(Number(digits.slice(0, 6)));
    if (typeof region !== 'string') {
      const nikCodes = [region.districtCode, region.successorDistrictCode ?? region.districtCode];
      const addressCode = firstCode(address.districtCode, 6) ?? firstCode(address.regencyCode, 4) ?? firstCode(address.provinceCode, 2);
      if (addressCode !== undefined && !nikCodes.some((code) => code.startsWith(addressCode))) {
        issues.push(
          identifierIssue(
            'nik/region-differs-from-address',
            `NIK ${masked}: issued in another ${addressCode.length === 6 ? 'district' : addressCode.length === 4 ? 'regency' : 'province'} than the record's address (informational: people move, a NIK keeps its first region)`,
            { path: [...base, 'address'], recordId: options?.recordId },
            'warning',
          ),
        );
      }
    }
  }
  return issues;
}

function firstCode(code: string | null | undefined, length: number): string | undefined {
  if (typeof code !== 'string') return undefined;
  const digits = normalizeIdentifier(code);
  return digits.length === length && /^\d+$/.test(digits) ? digits : undefined;
}
