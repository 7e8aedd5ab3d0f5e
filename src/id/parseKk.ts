import { checkIssueContext } from '../_internal/arguments.js';
import { fail, ok, type IssuePath, type Result, type Issue } from '../_internal/result.js';
import { maskIdentifier } from '../_internal/redact.js';
import { identifierIssue, NO_ISSUES } from './identifierIssue.js';
import { normalizeIdentifier } from './normalizeIdentifier.js';
import { formatIsoDate, inferYear, isRealDate, referenceDateKey } from './referenceDate.js';
import { lookupDistrict, type IdentifierRegion } from './resolveDistrictCode.js';
import { districtKeyOf, regionIssue, shapeIssues } from './scanIdentifier.js';

/** Every issue code `parseKk` can report. All are errors except `kk/unverified-district` (a warning). */
export type KkIssueCode =
  | 'kk/not-a-string'
  | 'kk/length'
  | 'kk/non-digit'
  | 'kk/unknown-province'
  | 'kk/unknown-regency'
  | 'kk/unknown-district'
  | 'kk/unverified-district'
  | 'kk/impossible-date'
  | 'kk/issue-date-out-of-range'
  | 'kk/zero-serial';

/** Options of `parseKk`. */
export interface ParseKkOptions {
  /**
   * `YYYY-MM-DD`. The issue century is the latest one that puts the issue date on or before this date.
   * Default `DEFAULT_REFERENCE_DATE` (a fixed date, for determinism); pass the record's `observedAt`.
   */
  readonly referenceDate?: string;
  /** Path put on every issue, e.g. `['kk']`. Default `[]`. */
  readonly path?: IssuePath;
  /** Record id put on every issue. */
  readonly recordId?: string;
}

/** A parsed KK number. `districtCode`, `issueDate` and `serial` are exactly what `formatKk` takes. */
export interface ParsedKk {
  /** The 16 digits, separators removed. */
  readonly kk: string;
  /** The six-digit district code as written (may be a retired code; see `region`). */
  readonly districtCode: string;
  /** `YYYY-MM-DD`: when this card (this version of the family) was issued. */
  readonly issueDate: string;
  /** The last four digits. */
  readonly serial: string;
  readonly region: IdentifierRegion;
}

/**
 * Earliest plausible issue date. Sixteen-digit KK numbers came with the civil-registry system of the
 * 2000s; 1970 is a generous floor that still catches a birth date typed into the KK field.
 */
const EARLIEST_ISSUE = 19700101;

/**
 * Parses a KK number (separators allowed) into region, issue date and serial, or returns every issue
 * found. The date has no +40 (a KK has no sex) and must fall between 1970 and the reference date.
 *
 * @example
 * parseKk('3201.0115.0310.0002', { referenceDate: '2024-06-30' })
 * // → { success: true, warnings: [], value: { kk: '3201011503100002', districtCode: '320101',
 * //     issueDate: '2010-03-15', serial: '0002', region: { status: 'current', … } } }
 */
export function parseKk(input: string, options?: ParseKkOptions): Result<ParsedKk, KkIssueCode> {
  if (typeof input !== 'string') {
    checkIssueContext(options, 'parseKk', { referenceDate: 'string' });
    return fail([identifierIssue('kk/not-a-string', `KK number must be a string, got ${input === null ? 'null' : typeof input}`, options)]);
  }
  checkIssueContext(options, 'parseKk', { referenceDate: 'string' });
  const reference = referenceDateKey(options?.referenceDate);
  const kk = normalizeIdentifier(input);
  const shape = shapeIssues('kk', kk, options);
  if (shape) return fail(shape);

  let issues: Issue<KkIssueCode>[] | undefined;
  const region = lookupDistrict(districtKeyOf(kk));
  if (typeof region === 'string') (issues ??= []).push(regionIssue('kk', region, kk, options));

  const day = (kk.charCodeAt(6) - 48) * 10 + (kk.charCodeAt(7) - 48);
  const month = (kk.charCodeAt(8) - 48) * 10 + (kk.charCodeAt(9) - 48);
  const yy = (kk.charCodeAt(10) - 48) * 10 + (kk.charCodeAt(11) - 48);
  let year = 0;
  if (day >= 1 && day <= 31 && month >= 1 && month <= 12) year = inferYear(yy, month, day, reference);
  if (year === 0 || !isRealDate(year, month, day)) {
    (issues ??= []).push(identifierIssue('kk/impossible-date', `KK number ${maskIdentifier(kk)}: issue-date digits are not a real date`, options));
  } else if (year * 10000 + month * 100 + day < EARLIEST_ISSUE) {
    (issues ??= []).push(
      identifierIssue(
        'kk/issue-date-out-of-range',
        `KK number ${maskIdentifier(kk)}: issue date is before 1970 (two-digit years are read as the latest date not after the reference date)`,
        options,
      ),
    );
  }
  if (kk.charCodeAt(12) === 48 && kk.charCodeAt(13) === 48 && kk.charCodeAt(14) === 48 && kk.charCodeAt(15) === 48) {
    (issues ??= []).push(identifierIssue('kk/zero-serial', `KK number ${maskIdentifier(kk)}: serial 0000 is never issued`, options));
  }
  if (issues) return fail(issues);
  const resolved = region as IdentifierRegion;
  const value: ParsedKk = {
    kk,
    districtCode: resolved.districtCode,
    issueDate: formatIsoDate(year, month, day),
    serial: kk.slice(12),
    region: resolved,
  };
  if (resolved.districtName === null) {
    return ok(value, [
      identifierIssue(
        'kk/unverified-district',
        `KK number ${maskIdentifier(kk)}: regency ${kk.slice(0, 2)}.${kk.slice(2, 4)} was renumbered and its district cannot be matched under the successor; accepted`,
        options,
        'warning',
      ),
    ]);
  }
  return ok(value, NO_ISSUES);
}
