/** A day of the year: month 1–12, day 1–31. */
export interface DayOfYear {
  readonly month: number;
  readonly day: number;
}

/**
 * Days of the year that registries write when the true birth date is unknown, so an agreement on
 * them is weak evidence: 1 January (the start of the known year), 1 July (its middle; the most common
 * Dukcapil placeholder) and 31 December (its end). A date known only to the year or the month is a
 * placeholder too, whatever this list says. Extend it through `CompareDatesOptions.placeholders`.
 */
export const DATE_PLACEHOLDERS: readonly DayOfYear[] = Object.freeze([
  Object.freeze({ month: 1, day: 1 }),
  Object.freeze({ month: 7, day: 1 }),
  Object.freeze({ month: 12, day: 31 }),
]);
