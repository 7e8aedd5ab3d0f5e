import { definePolicy } from './definePolicy.js';
import { DTSEN_POLICY_VERSION, DTSEN_SOURCE_ORDER } from './_dtsen.js';
import { mostComplete } from './mostComplete.js';
import { mostFrequent } from './mostFrequent.js';
import { mostRecent } from './mostRecent.js';
import { mostVerified } from './mostVerified.js';
import { sourcePriority } from './sourcePriority.js';
import type { MergeFamilyRecord } from './types.js';

const bySourceOrder = sourcePriority(DTSEN_SOURCE_ORDER);
const dukcapilFirst = sourcePriority(['dukcapil']);

/**
 * The DTSEN default survivorship policy for families (one KK; version `2026.1`).
 *
 * - `kk` (`high`), `headNik` (`high`), `memberNiks` (`medium`, compared as a set): the civil registry
 *   issues the card, so it decides; otherwise the newest observation (a family gets a new card when it
 *   moves, splits or its head dies). `headName` follows the record that gave `headNik`.
 * - `address` (`low`): newest observation, then verification, then detail.
 * - `extra` (caller fields, key by key): newest, then most frequent.
 *
 * @example
 * compilePolicy(dtsenFamilyPolicy).name // => 'dtsen-family'
 */
export const dtsenFamilyPolicy = definePolicy<MergeFamilyRecord>({
  name: 'dtsen-family',
  version: DTSEN_POLICY_VERSION,
  fields: {
    kk: { rules: [dukcapilFirst, mostRecent(), mostFrequent(), bySourceOrder], severity: 'high', normalize: 'digits' },
    headNik: {
      rules: [dukcapilFirst, mostVerified(), mostRecent(), mostFrequent(), bySourceOrder],
      severity: 'high',
      normalize: 'digits',
    },
    headName: { follow: 'headNik' },
    memberNiks: { rules: [dukcapilFirst, mostRecent(), mostComplete(), bySourceOrder], severity: 'medium', normalize: 'set' },
    address: { rules: [mostRecent(), mostVerified(), mostComplete(), bySourceOrder], severity: 'low', normalize: 'text' },
  },
  extra: { rules: [mostRecent(), mostFrequent(), bySourceOrder], severity: 'low', normalize: 'exact' },
});
