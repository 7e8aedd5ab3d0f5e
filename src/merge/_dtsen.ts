/**
 * Shared pieces of the DTSEN default policies.
 *
 * The last-resort source order (before the (source, recordId) tie-break): the civil registry is
 * authoritative; Regsosek (2022) is the newest full-population survey behind DTSEN; DTKS and P3KE are
 * targeted lists built partly from it; the housing ministry only knows dwellings; the formal channel's
 * weight comes from its verification level (`mostVerified`), not from its name.
 */
export const DTSEN_SOURCE_ORDER = ['dukcapil', 'regsosek', 'dtks', 'p3ke', 'housing', 'musrenbang'] as const;

/** The DTSEN default policies' version; bump on any change of meaning (it is in every fingerprint). */
export const DTSEN_POLICY_VERSION = '2026.1';
