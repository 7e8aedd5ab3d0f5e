import { definePolicy } from './definePolicy.js';
import { DTSEN_POLICY_VERSION, DTSEN_SOURCE_ORDER } from './_dtsen.js';
import { mostComplete } from './mostComplete.js';
import { mostFrequent } from './mostFrequent.js';
import { mostRecent } from './mostRecent.js';
import { mostVerified } from './mostVerified.js';
import { sourcePriority } from './sourcePriority.js';
import type { MergeDwellingRecord } from './types.js';

const bySourceOrder = sourcePriority(DTSEN_SOURCE_ORDER);
const housingFirst = sourcePriority(['housing']);

/**
 * The DTSEN default survivorship policy for dwellings / households (version `2026.1`).
 *
 * - `housing` (`medium`) and `address` (`low`): the housing ministry (PKP) first, then the highest formal
 *   verification, the newest, the most detailed. Housing attributes are merged as one value so roof,
 *   walls and floor come from the same survey visit.
 * - `dwellingId` (`low`): the housing ministry's id, else the most frequent.
 * - `headNik` (`medium`): who heads the household is a survey question: Regsosek, then Dukcapil, then the
 *   newest; `headName` follows it.
 * - `kks` (`medium`, as a set): the newest observation, then the most complete list.
 *
 * @example
 * compilePolicy(dtsenDwellingPolicy).name // => 'dtsen-dwelling'
 */
export const dtsenDwellingPolicy = definePolicy<MergeDwellingRecord>({
  name: 'dtsen-dwelling',
  version: DTSEN_POLICY_VERSION,
  fields: {
    dwellingId: { rules: [housingFirst, mostFrequent(), mostRecent(), bySourceOrder], severity: 'low', normalize: 'text' },
    headNik: {
      rules: [sourcePriority(['regsosek', 'dukcapil']), mostVerified(), mostRecent(), bySourceOrder],
      severity: 'medium',
      normalize: 'digits',
    },
    headName: { follow: 'headNik' },
    kks: { rules: [mostRecent(), mostComplete(), bySourceOrder], severity: 'medium', normalize: 'set' },
    address: {
      rules: [housingFirst, mostVerified(), mostRecent(), mostComplete(), bySourceOrder],
      severity: 'low',
      normalize: 'text',
    },
    housing: {
      rules: [housingFirst, mostVerified(), mostRecent(), mostComplete(), bySourceOrder],
      severity: 'medium',
      normalize: 'text',
    },
  },
  extra: { rules: [mostRecent(), mostFrequent(), bySourceOrder], severity: 'low', normalize: 'exact' },
});
