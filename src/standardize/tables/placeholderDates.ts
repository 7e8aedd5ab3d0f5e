/**
 * Day and month that registries write when a birth date is unknown: a date equal to one of these is
 * weak evidence (thousands of unrelated people share it). A year-only date is always a placeholder.
 */
export interface PlaceholderDate {
  readonly month: number;
  readonly day: number;
  /** Why it is on the list. */
  readonly reason: string;
}

export const PLACEHOLDER_DATES: readonly PlaceholderDate[] = Object.freeze(
  [
    { month: 7, day: 1, reason: 'mid-year default used by civil registry (Dukcapil) when only the year is known' },
    { month: 12, day: 31, reason: 'end-of-year default' },
    { month: 1, day: 1, reason: 'start-of-year default, also spreadsheet defaults' },
  ].map((item) => Object.freeze(item)),
);
