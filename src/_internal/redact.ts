/**
 * Masking of 16-digit identifiers (NIK, KK). This is the single place that decides what a masked
 * identifier looks like; `maskNik`/`maskKk` and every error message go through it.
 *
 * The masked form keeps the first four digits (province + regency: shared by a million people) and the
 * last two, and replaces the ten in between with `*`: `3201**********34`. Ten hidden digits leave
 * 10^10 candidates per masked value, enough that a masked NIK in a log identifies no one by itself.
 */

const VISIBLE_PREFIX = 4;
const VISIBLE_SUFFIX = 2;

/** Masks one identifier-like value; anything that is not 16 digits after stripping separators is masked whole. */
export function maskIdentifier(value: string): string {
  const digits = value.replace(/[\s.\-_/]/g, '');
  if (/^\d{16}$/.test(digits)) {
    return digits.slice(0, VISIBLE_PREFIX) + '*'.repeat(16 - VISIBLE_PREFIX - VISIBLE_SUFFIX) + digits.slice(16 - VISIBLE_SUFFIX);
  }
  if (digits.length <= 4) return '*'.repeat(digits.length);
  // Wrong-length input may still be most of a real NIK: show only its length.
  return `<${digits.length} chars>`;
}

// Runs of 12 or more digits, optionally separated by single spaces, dots or dashes, as they appear in text.
const DIGIT_RUN = /\d(?:[ .\-]?\d){11,}/g;

/**
 * Replaces every long digit run in a free text with a masked form. Applied to every error message
 * the library builds, so that a mistake in one message cannot leak a full NIK or KK.
 */
export function redactIdentifiers(text: string): string {
  return text.replace(DIGIT_RUN, (run) => maskIdentifier(run));
}
