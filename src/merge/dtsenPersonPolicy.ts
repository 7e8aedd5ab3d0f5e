import { definePolicy } from './definePolicy.js';
import { DTSEN_POLICY_VERSION, DTSEN_SOURCE_ORDER } from './_dtsen.js';
import { mostComplete } from './mostComplete.js';
import { mostFrequent } from './mostFrequent.js';
import { mostRecent } from './mostRecent.js';
import { mostVerified } from './mostVerified.js';
import { sourcePriority } from './sourcePriority.js';
import type { FieldRules, MergePersonRecord } from './types.js';

const bySourceOrder = sourcePriority(DTSEN_SOURCE_ORDER);
const dukcapilFirst = sourcePriority(['dukcapil']);

// Identity: Dukcapil decides; without it, a value several sources share beats a one-off typo.
const identity = (severity: FieldRules['severity'], normalize: FieldRules['normalize']): FieldRules<MergePersonRecord> => ({
  rules: [dukcapilFirst, mostVerified(), mostFrequent(), mostComplete(), mostRecent(), bySourceOrder],
  severity,
  normalize,
});

// Family position and marital status change over a life: after Dukcapil, the newest observation.
const lifeEvent = (severity: FieldRules['severity']): FieldRules<MergePersonRecord> => ({
  rules: [dukcapilFirst, mostRecent(), mostVerified(), bySourceOrder],
  severity,
  normalize: 'exact',
});

/**
 * The DTSEN default survivorship policy for persons (version `2026.1`).
 *
 * - `titles` (`low`): kept apart from `name`, which is the name without them: the longest list, then the newest.
 * - Identity (`nik`, `name`, `sex`, `birthPlace`, `motherName`): civil registry first, then the highest
 *   formal verification, the most frequent, most complete, most recent value. NIK and sex conflicts are
 *   `high`; name and birth-place variants `low` (spelling, titles); mother's name `medium`.
 * - `birthDate` (`high`): civil registry, then the most specific date, a placeholder date ranking below
 *   any real one; a coarser date the chosen one refines (`1980` vs `1980-05-06`) is no conflict;
 *   `birthDatePlaceholder` follows the record that gave the date.
 * - `kk` (`medium`): civil registry, then the newest card (a KK is re-issued on moves and splits).
 * - `relationship`, `maritalStatus`, `deceased`: civil registry, then the newest observation.
 * - `address` (`low`): where the person lives now: newest observation, then verification, then detail.
 * - `extra` (caller fields, key by key): newest, then most frequent.
 *
 * @example
 * compilePolicy(dtsenPersonPolicy).fields.map((f) => f.name)
 * // => ['address', 'birthDate', 'birthPlace', 'deceased', 'kk', …, 'birthDatePlaceholder']
 */
export const dtsenPersonPolicy = definePolicy<MergePersonRecord>({
  name: 'dtsen-person',
  version: DTSEN_POLICY_VERSION,
  fields: {
    nik: identity('high', 'digits'),
    name: identity('low', 'text'),
    // Titles are kept apart from the name (validation takes them out): the most complete list, a
    // later degree added; spelling of one title never conflicts (`set` compares them as a set).
    titles: { rules: [mostComplete(), mostRecent(), bySourceOrder], severity: 'low', normalize: 'set' },
    sex: identity('high', 'exact'),
    birthPlace: identity('low', 'text'),
    motherName: identity('medium', 'text'),
    birthDate: {
      rules: [dukcapilFirst, mostComplete({ placeholderFlag: 'birthDatePlaceholder' }), mostVerified(), mostFrequent(), mostRecent(), bySourceOrder],
      severity: 'high',
      normalize: 'date',
    },
    birthDatePlaceholder: { follow: 'birthDate' },
    kk: { rules: [dukcapilFirst, mostRecent(), mostFrequent(), bySourceOrder], severity: 'medium', normalize: 'digits' },
    relationship: lifeEvent('medium'),
    maritalStatus: lifeEvent('low'),
    deceased: lifeEvent('high'),
    address: {
      rules: [mostRecent(), mostVerified(), mostComplete(), bySourceOrder],
      severity: 'low',
      normalize: 'text',
    },
  },
  extra: { rules: [mostRecent(), mostFrequent(), bySourceOrder], severity: 'low', normalize: 'exact' },
});
