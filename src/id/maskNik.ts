import { checkString } from '../_internal/arguments.js';
import { maskIdentifier } from '../_internal/redact.js';

/**
 * Masks a NIK for display: first four digits (province + regency) and last two kept, the rest `*`.
 * Anything that is not 16 digits after separators are stripped is masked whole.
 *
 * @example
 * maskNik('3201-0112-0590-0001') // → '3201**********01'
 */
export function maskNik(nik: string): string {
  checkString(nik, 'maskNik', 'nik');
  return maskIdentifier(nik);
}

/**
 * Masks a KK number the same way as `maskNik` (both go through the one masking rule).
 *
 * @example
 * maskKk('3201011503100002') // → '3201**********02'
 */
export function maskKk(kk: string): string {
  checkString(kk, 'maskKk', 'kk');
  return maskIdentifier(kk);
}
