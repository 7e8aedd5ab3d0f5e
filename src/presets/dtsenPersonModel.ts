import { checkOptionBag, type OptionKinds } from '../_internal/arguments.js';
import { NIK_CHECKED, NIK_NOT_CONTRADICTED } from '../model/preparers.js';
import type { ModelSpecInput } from '../model/modelSpec.js';

/**
 * The NIK level that is evidence of two people: the NIKs differ only in the 4-digit serial (same
 * district, birth date and sex) and each agrees with its own record's birth date and sex — twins, or
 * siblings registered on one placeholder date. A keying error in the serial looks the same on the NIK
 * alone; the names tell them apart (see the `twins-or-siblings` cannot-link rule).
 */
const NAME_DIFFERENT = 'different';
/** Names of two people by the Indonesian tables: gendered forms, birth-order names, twin names, another father. */
const NAME_DISTINCT = 'distinct names (gendered form, birth order, twin names or patronymic)';
/** A shared name beside given names unlike each other: siblings (MARIA ANJELINA LOMI / FRANSISKA SELVIANA LOMI). */
const NAME_OTHER_GIVEN = 'a shared name, other given names';
/** Birth years two or more apart: a year off by one is a slip, two years is another person. */
const BIRTH_YEARS_APART = 'different, years ≥ 2 apart';
/** The same NIK, contradicted by a record's own birth date or sex: the head's NIK typed on a member's record. */
const REUSED_NIK = 'exact, contradicted by a record (reused NIK?)';
const TWO_PEOPLE_BY_NIK = 'serial differs, both NIKs agree with their records (twins or siblings)';

/** Options of {@link dtsenPersonModelSpec}. */
export interface DtsenPersonModelOptions {
  /** Sources whose NIKs are verified: two different NIKs from these never merge. Default `['dukcapil']`. */
  readonly trustedSources?: readonly string[];
  /** Match and review thresholds in bits of match weight. */
  readonly matchWeight?: number;
  readonly reviewWeight?: number;
}

/** The options of `dtsenPersonModelSpec` and `dtsenPersonPrior`, by kind. */
export const DTSEN_PERSON_MODEL_OPTIONS: OptionKinds = { trustedSources: 'strings', matchWeight: 'number', reviewWeight: 'number' };

/**
 * The DTSEN person model: comparisons on NIK (with the record-consistency check that tells a reused
 * family NIK from a shared person), standardized name, birth date, sex, birth place, mother's name,
 * KK and address; blocking on NIK, KK, phonetic name keys, birth dates and villages; EM seeded from
 * pairs that agree on a consistent NIK; civil-registry NIKs as a hard distinctness constraint.
 *
 * @example
 * const spec = dtsenPersonModelSpec();
 * spec.comparisons.map((c) => c.name)
 * // ['nik', 'name', 'birth-date', 'sex', 'birth-place', 'mother-name', 'kk', 'address']
 */
export function dtsenPersonModelSpec(options?: DtsenPersonModelOptions): ModelSpecInput {
  checkOptionBag(options, 'dtsenPersonModelSpec', DTSEN_PERSON_MODEL_OPTIONS);
  return {
    kind: 'padan/model-spec',
    version: 1,
    name: 'dtsen-person',
    comparisons: [
      {
        name: 'nik',
        field: 'nik',
        prepare: 'nik',
        description: 'NIK; "consistent" means it agrees with both records’ own birth date and sex',
        levels: [
          { kind: 'null' },
          { kind: 'exact', requireFlags: 2, label: 'exact, confirmed by both records’ birth date and sex' },
          { kind: 'exact', requireFlags: 1, label: 'exact, not contradicted by either record' },
          { kind: 'exact', requireAnyFlags: 5, label: 'exact, a record disagrees by a typo' },
          { kind: 'exact', label: REUSED_NIK },
          {
            kind: 'nik',
            outcomes: ['one-edit', 'transposition', 'same-region-and-birth'],
            within: 'serial',
            requireFlags: NIK_NOT_CONTRADICTED | NIK_CHECKED,
            label: TWO_PEOPLE_BY_NIK,
          },
          { kind: 'nik', outcomes: ['one-edit', 'transposition'] },
          { kind: 'nik', outcomes: ['same-region-and-birth'] },
          { kind: 'nik', outcomes: ['different'], requireFlags: 1, label: 'different, neither contradicted by its record' },
          { kind: 'else', label: 'different' },
        ],
      },
      {
        name: 'name',
        field: 'name',
        prepare: 'name:indonesian',
        levels: [
          { kind: 'null' },
          { kind: 'exact', termFrequency: true },
          { kind: 'distinct-names', signals: ['gendered-form', 'birth-order', 'twin-names', 'patronymic'], label: NAME_DISTINCT },
          { kind: 'distinct-names', signals: ['other-given-names'], label: NAME_OTHER_GIVEN },
          { kind: 'name', threshold: 0.94 },
          { kind: 'name', threshold: 0.86 },
          { kind: 'name', threshold: 0.72 },
          { kind: 'else', label: NAME_DIFFERENT },
        ],
      },
      {
        name: 'birth-date',
        field: 'birthDate',
        prepare: 'birth-date',
        levels: [
          { kind: 'null' },
          // Term frequencies: a date many records share (1 January, a registry's default) counts for little.
          { kind: 'date', outcomes: ['exact'], termFrequency: true },
          { kind: 'date', outcomes: ['placeholder-involved'] },
          { kind: 'date', outcomes: ['day-month-swapped', 'one-component-different'] },
          { kind: 'date', outcomes: ['year-only-equal'] },
          { kind: 'date', outcomes: ['different'], minYearsApart: 2, label: BIRTH_YEARS_APART },
          { kind: 'else' },
        ],
      },
      { name: 'sex', field: 'sex', prepare: 'sex', levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }] },
      {
        name: 'birth-place',
        field: 'birthPlace',
        // Through the region-name normalizer: KAB. BOGOR and BOGOR are one place.
        prepare: 'place',
        levels: [{ kind: 'null' }, { kind: 'exact', termFrequency: true }, { kind: 'jaro-winkler', threshold: 0.9 }, { kind: 'else' }],
      },
      {
        name: 'mother-name',
        field: 'motherName',
        prepare: 'name:indonesian',
        levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'name', threshold: 0.86 }, { kind: 'else' }],
      },
      {
        name: 'kk',
        field: 'kk',
        prepare: 'kk',
        levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'nik', outcomes: ['one-edit', 'transposition'] }, { kind: 'else' }],
      },
      {
        name: 'address',
        field: 'address.villageCode',
        prepare: 'code',
        levels: [{ kind: 'null' }, { kind: 'exact', label: 'same village' }, { kind: 'prefix', length: 6, label: 'same district' }, { kind: 'else' }],
      },
    ],
    blocking: {
      maxBlockSize: 100,
      window: 30,
      rules: [
        { name: 'nik', on: [{ field: 'nik', prepare: 'nik' }] },
        // Twins' and same-day siblings' NIKs share their first 12 digits: compared, so that the
        // cannot-link rule sees them even when nothing else brings them together.
        { name: 'nik-region-and-birth', on: [{ field: 'nik', prepare: 'nik', transform: 'first-12' }] },
        {
          name: 'name-key+birth-year',
          on: [
            { field: 'name', prepare: 'phonetic-name', transform: 'sorted-tokens' },
            { field: 'birthDate', prepare: 'birth-date', transform: 'year' },
          ],
          // SITI or MUHAMMAD RIZKI born in one year is a large block at national scale: compare
          // neighbours by birth date, then village.
          sortBy: [
            { field: 'birthDate', prepare: 'birth-date' },
            { field: 'address.villageCode', prepare: 'code' },
          ],
        },
        {
          name: 'kk+first-name-key',
          on: [
            { field: 'kk', prepare: 'kk' },
            { field: 'name', prepare: 'phonetic-name', transform: 'first-token' },
          ],
        },
        {
          name: 'first-name-key+birth-date',
          on: [
            { field: 'name', prepare: 'phonetic-name', transform: 'first-token' },
            { field: 'birthDate', prepare: 'birth-date' },
          ],
          sortBy: [
            { field: 'address.villageCode', prepare: 'code' },
            { field: 'name', prepare: 'phonetic-name', transform: 'sorted-tokens' },
          ],
        },
        {
          name: 'birth-date+village',
          on: [
            { field: 'birthDate', prepare: 'birth-date' },
            { field: 'address.villageCode', prepare: 'code' },
          ],
        },
        {
          name: 'longest-name-key+district+birth-year',
          on: [
            { field: 'name', prepare: 'phonetic-name', transform: 'longest-token' },
            { field: 'address.districtCode', prepare: 'code' },
            { field: 'birthDate', prepare: 'birth-date', transform: 'year' },
          ],
        },
        {
          name: 'kk+birth-year',
          on: [
            { field: 'kk', prepare: 'kk' },
            { field: 'birthDate', prepare: 'birth-date', transform: 'year' },
          ],
        },
      ],
    },
    training: { seed: { comparison: 'nik', matchLevels: [1, 2, 3], nonMatchLevels: [8] } },
    decision: { matchWeight: options?.matchWeight ?? 2, reviewWeight: options?.reviewWeight ?? -2 },
    clustering: {
      distinct: [{ field: 'nik', prepare: 'nik', trustedSources: [...(options?.trustedSources ?? ['dukcapil'])] }],
      cannotLink: [
        {
          name: 'twins-or-siblings',
          description: 'NIKs that differ only in the serial, each agreeing with its record, on two different names: two people, from any source',
          when: [
            { comparison: 'nik', levels: [TWO_PEOPLE_BY_NIK] },
            { comparison: 'name', levels: [NAME_DISTINCT, NAME_OTHER_GIVEN, NAME_DIFFERENT] },
          ],
        },
        {
          name: 'twins-on-one-card',
          description: 'one KK, one birth date, two different names: twins or siblings registered on one placeholder date',
          when: [
            { comparison: 'kk', levels: [1] },
            { comparison: 'birth-date', levels: [1, 2] },
            { comparison: 'name', levels: [NAME_DISTINCT, NAME_OTHER_GIVEN, NAME_DIFFERENT] },
            { comparison: 'nik', levels: [0, 4, 5, 6, 7, 8, 9] },
          ],
        },
        {
          name: 'different-birth-dates',
          description: 'birth years two or more apart (a parent and a child, two siblings), without one NIK on both: two people however alike the names',
          when: [
            { comparison: 'birth-date', levels: [BIRTH_YEARS_APART] },
            { comparison: 'nik', levels: [0, 5, 6, 7, 8, 9] },
          ],
        },
        {
          name: 'reused-nik',
          description:
            'one NIK on two records with different names, contradicting one record’s own birth date or sex: a family member carrying the head’s NIK, not the head',
          when: [
            { comparison: 'nik', levels: [REUSED_NIK] },
            { comparison: 'name', levels: [NAME_DISTINCT, NAME_OTHER_GIVEN, NAME_DIFFERENT] },
          ],
        },
      ],
    },
  };
}
