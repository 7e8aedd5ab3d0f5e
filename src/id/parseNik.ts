import { checkIssueContext } from '../_internal/arguments.js';
import { fail, ok, type IssuePath, type Result, type Issue } from '../_internal/result.js';
import { maskIdentifier } from '../_internal/redact.js';
import { identifierIssue, NO_ISSUES } from './identifierIssue.js';
import { normalizeIdentifier } from './normalizeIdentifier.js';
import { formatIsoDate, inferYear, isRealDate, referenceDateKey } from './referenceDate.js';
import { lookupDistrict, unlistedDistrict, type IdentifierRegion } from './resolveDistrictCode.js';
import { districtKeyOf, regionIssue, shapeIssues } from './scanIdentifier.js';

/**
 * Every issue code `parseNik` can report. All are errors except the warnings `nik/unverified-district`
 * and (with `regions: 'lenient'`, the default) `nik/unlisted-region`.
 */
export type NikIssueCode =
  | 'nik/not-a-string'
  | 'nik/length'
  | 'nik/non-digit'
  | 'nik/unknown-province'
  | 'nik/unknown-regency'
  | 'nik/unknown-district'
  | 'nik/unverified-district'
  | 'nik/unlisted-region'
  | 'nik/impossible-date'
  | 'nik/zero-serial';

/** Options of `parseNik`. */
export interface ParseNikOptions {
  /**
   * `YYYY-MM-DD`. The birth century is the latest one that puts the birth date on or before this date.
   * Default `DEFAULT_REFERENCE_DATE` (a fixed date, for determinism); pass the record's `observedAt`.
   */
  readonly referenceDate?: string;
  /** Path put on every issue, e.g. `['nik']`. Default `[]`. */
  readonly path?: IssuePath;
  /** Record id put on every issue. */
  readonly recordId?: string;
  /**
   * A regency or district code the bundled region tables do not list, in an official province:
   * `'lenient'` (default) accepts the NIK with a `nik/unlisted-region` warning (new regencies and
   * districts are created every year and the bundled list ages); `'strict'` refuses it
   * (`nik/unknown-regency`, `nik/unknown-district`).
   */
  readonly regions?: 'lenient' | 'strict';
}

/** A parsed NIK. `districtCode`, `birthDate`, `sex` and `serial` are exactly what `formatNik` takes. */
export interface ParsedNik {
  /** The 16 digits, separators removed. */
  readonly nik: string;
  /** The six-digit district code as written in the NIK (may be a retired code; see `region`). */
  readonly districtCode: string;
  /** `YYYY-MM-DD`, century inferred against the reference date. */
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
  /** The last four digits. */
  readonly serial: string;
  /** Where the NIK was first issued, with today's names and, for renumbered codes, the successor. */
  readonly region: IdentifierRegion;
}

/**
 * Parses a NIK (separators allowed) into region, birth date, sex and serial, or returns every issue
 * found. A renumbered region code (e.g. 91.01 Merauke, now 93.01) is accepted with `status: 'retired'`.
 *
 * @example
 * parseNik('3201 0152 0590 0001', { referenceDate: '2024-06-30' })
 * // → { success: true, warnings: [], value: { nik: '3201015205900001', districtCode: '320101',
 * //     birthDate: '1990-05-12', sex: 'female', serial: '0001',
 * //     region: { status: 'current', regencyName: 'KABUPATEN BOGOR', districtName: 'Cibinong', … } } }
 * parseNik('3201011213900001').success // → false (month 13: issue nik/impossible-date)
 * parseNik('3201991205900001').warnings[0]?.code // → 'nik/unlisted-region' (district 99 is not in the tables)
 * parseNik('3201991205900001', { regions: 'strict' }).success // → false (nik/unknown-district)
 */
export function parseNik(input: string, options?: ParseNikOptions): Result<ParsedNik, NikIssueCode> {
  if (typeof input !== 'string') {
    checkIssueContext(options, 'parseNik', { referenceDate: 'string', regions: ['lenient', 'strict'] });
    return fail([identifierIssue('nik/not-a-string', `NIK must be a string, got ${input === null ? 'null' : typeof input}`, options)]);
  }
  checkIssueContext(options, 'parseNik', { referenceDate: 'string', regions: ['lenient', 'strict'] });
  const reference = referenceDateKey(options?.referenceDate);
  const nik = normalizeIdentifier(input);
  const shape = shapeIssues('nik', nik, options);
  if (shape) return fail(shape);

  let issues: Issue<NikIssueCode>[] | undefined;
  let region = lookupDistrict(districtKeyOf(nik));
  let unlisted = false;
  if (typeof region === 'string' && region !== 'unknown-province' && options?.regions !== 'strict') {
    const found = unlistedDistrict(districtKeyOf(nik));
    if (found !== undefined) {
      region = found;
      unlisted = true;
    }
  }
  if (typeof region === 'string') (issues ??= []).push(regionIssue('nik', region, nik, options));

  const encodedDay = (nik.charCodeAt(6) - 48) * 10 + (nik.charCodeAt(7) - 48);
  const month = (nik.charCodeAt(8) - 48) * 10 + (nik.charCodeAt(9) - 48);
  const yy = (nik.charCodeAt(10) - 48) * 10 + (nik.charCodeAt(11) - 48);
  // Women's birth day is written plus 40: 41–71 is a woman's 1–31; 32–40 and 72+ are no day at all.
  const female = encodedDay > 40;
  const day = female ? encodedDay - 40 : encodedDay;
  let year = 0;
  if (day >= 1 && day <= 31 && month >= 1 && month <= 12) year = inferYear(yy, month, day, reference);
  if (year === 0 || !isRealDate(year, month, day)) {
    (issues ??= []).push(
      identifierIssue('nik/impossible-date', `NIK ${maskIdentifier(nik)}: birth-date digits are not a real date (${dateProblem(day, month)})`, options),
    );
  }
  if (nik.charCodeAt(12) === 48 && nik.charCodeAt(13) === 48 && nik.charCodeAt(14) === 48 && nik.charCodeAt(15) === 48) {
    (issues ??= []).push(identifierIssue('nik/zero-serial', `NIK ${maskIdentifier(nik)}: serial 0000 is never issued`, options));
  }
  if (issues) return fail(issues);
  const resolved = region as IdentifierRegion;
  const value: ParsedNik = {
    nik,
    districtCode: resolved.districtCode,
    birthDate: formatIsoDate(year, month, day),
    sex: female ? 'female' : 'male',
    serial: nik.slice(12),
    region: resolved,
  };
  if (unlisted) {
    return ok(value, [
      identifierIssue(
        'nik/unlisted-region',
        `NIK ${maskIdentifier(nik)}: regency ${nik.slice(0, 2)}.${nik.slice(2, 4)} or its district is not in the bundled region tables (newer than them, or mistyped); accepted`,
        options,
        'warning',
      ),
    ]);
  }
  if (resolved.districtName === null) {
    return ok(value, [
      identifierIssue(
        'nik/unverified-district',
        `NIK ${maskIdentifier(nik)}: regency ${nik.slice(0, 2)}.${nik.slice(2, 4)} was renumbered and its district cannot be matched under the successor; accepted`,
        options,
        'warning',
      ),
    ]);
  }
  return ok(value, NO_ISSUES);
}

function dateProblem(day: number, month: number): string {
  if (month < 1 || month > 12) return 'month out of range';
  if (day < 1 || day > 31) return 'day out of range; women have day + 40';
  return 'no such day in that month and year';
}
