import type { Issue } from '../_internal/result.js';
import { maskIdentifier } from '../_internal/redact.js';
import { identifierIssue, type IssueContext } from './identifierIssue.js';
import type { RegionMiss } from './resolveDistrictCode.js';

/**
 * Steps shared by `parseNik` and `parseKk`: the shape check and the region-miss messages.
 * Both numbers are 16 digits with a six-digit district code in front. @internal
 */

/** Returns the shape issues of a normalized identifier (empty when it is 16 digits). */
export function shapeIssues<Prefix extends 'nik' | 'kk'>(
  prefix: Prefix,
  digits: string,
  context: IssueContext | undefined,
): Issue<`${Prefix}/non-digit` | `${Prefix}/length`>[] | undefined {
  const length = digits.length;
  let nonDigit = false;
  for (let i = 0; i < length; i++) {
    const code = digits.charCodeAt(i);
    if (code < 48 || code > 57) {
      nonDigit = true;
      break;
    }
  }
  if (!nonDigit && length === 16) return undefined;
  const label = prefix === 'nik' ? 'NIK' : 'KK number';
  const issues: Issue<`${Prefix}/non-digit` | `${Prefix}/length`>[] = [];
  if (nonDigit) {
    issues.push(
      identifierIssue(`${prefix}/non-digit` as const, `${label} ${maskIdentifier(digits)} contains characters other than digits and separators`, context),
    );
  }
  if (length !== 16) {
    issues.push(identifierIssue(`${prefix}/length` as const, `${label} must have 16 digits, got ${length} characters`, context));
  }
  return issues;
}

/** The six-digit district code of a 16-digit string, as an integer. */
export function districtKeyOf(digits: string): number {
  let key = 0;
  for (let i = 0; i < 6; i++) key = key * 10 + (digits.charCodeAt(i) - 48);
  return key;
}

/** The issue for a region code that is not official (and was not renumbered). */
export function regionIssue<Prefix extends 'nik' | 'kk'>(
  prefix: Prefix,
  miss: RegionMiss,
  digits: string,
  context: IssueContext | undefined,
): Issue<`${Prefix}/${RegionMiss}`> {
  const label = prefix === 'nik' ? 'NIK' : 'KK number';
  const masked = maskIdentifier(digits);
  const message =
    miss === 'unknown-province'
      ? `${label} ${masked}: province code ${digits.slice(0, 2)} is not an official province code`
      : miss === 'unknown-regency'
        ? `${label} ${masked}: regency code ${digits.slice(0, 2)}.${digits.slice(2, 4)} is neither an official nor a known retired regency code`
        : // The district digits themselves stay out of the message: with them, only the birth date and two
          // serial digits would remain hidden, fewer than the masking rule promises.
          `${label} ${masked}: digits 5–6 are not an official district of regency ${digits.slice(0, 2)}.${digits.slice(2, 4)}`;
  return identifierIssue(`${prefix}/${miss}` as const, message, context);
}
