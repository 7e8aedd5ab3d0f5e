import { PadanError } from '../_internal/error.js';
import type { MergeNormalization } from './types.js';
import { canonicalJson } from '../_internal/hash.js';

/** A value brought to the form in which two values "agree"; primitives pass through untouched. */
export type Normalizer = (value: unknown) => unknown;

/** Record values are shallow; deeper nesting is refused rather than allowed to overflow the stack. */
const MAX_VALUE_DEPTH = 64;

function mapLeaves(value: unknown, leaf: (text: string) => string, sortArrays: boolean, depth = 0): unknown {
  if (typeof value === 'string') return leaf(value);
  if (depth > MAX_VALUE_DEPTH) throw new PadanError('invalid-argument', `mergeCluster: a field value is nested deeper than ${MAX_VALUE_DEPTH} levels`);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => mapLeaves(item, leaf, sortArrays, depth + 1));
    if (!sortArrays) return items;
    // Member lists are sets: order and repeats carry no meaning.
    const byText = new Map<string, unknown>();
    for (const item of items) byText.set(canonicalJson(item ?? null), item);
    return [...byText.keys()].sort().map((text) => byText.get(text));
  }
  // Key order is irrelevant to deep equality, so keys are not sorted here.
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const member = mapLeaves(record[key], leaf, sortArrays, depth + 1);
    // `{ rt: null }` and `{}` say the same thing about an address.
    if (member === null || member === undefined || member === '') continue;
    out[key] = member;
  }
  return out;
}

const identity = (text: string): string => text;
// True when `text` is already lower-case ASCII with single inner spaces: the common case, returned as is
// without the four allocations of a full fold.
function isFolded(text: string): boolean {
  let previousSpace = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32) {
      if (previousSpace) return false;
      previousSpace = true;
    } else if (code < 32 || code > 126 || (code >= 65 && code <= 90)) return false;
    else previousSpace = false;
  }
  return !previousSpace || text.length === 0;
}

const foldText = (text: string): string => (isFolded(text) ? text : text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase());
const keepDigits = (text: string): string => text.replace(/\D+/g, '');

const NORMALIZERS: Readonly<Record<MergeNormalization, Normalizer>> = {
  exact: (value) => mapLeaves(value, identity, false),
  text: (value) => mapLeaves(value, foldText, false),
  digits: (value) => mapLeaves(value, keepDigits, false),
  set: (value) => mapLeaves(value, foldText, true),
  date: (value) => (typeof value === 'string' ? value.trim() : value),
};

/** Says whether a losing value is no real disagreement with the chosen one (null: every difference is). */
export type Compatibility = (chosen: unknown, other: unknown) => boolean;

// `1980` and `1980-05` are what a less precise source knows of `1980-05-06`.
function isCoarserDate(chosen: unknown, other: unknown): boolean {
  if (typeof chosen !== 'string' || typeof other !== 'string') return false;
  const a = chosen.trim();
  const b = other.trim();
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long.startsWith(short) && long.charCodeAt(short.length) === 45; // '-'
}

const COMPATIBILITY: Readonly<Record<MergeNormalization, Compatibility | null>> = {
  exact: null,
  text: null,
  digits: null,
  set: null,
  date: isCoarserDate,
};

/** The compatibility test for a policy's `normalize` setting, if it has one. */
export function compatibilityFor(mode: MergeNormalization): Compatibility | null {
  return COMPATIBILITY[mode];
}

/** The normaliser for a policy's `normalize` setting. */
export function normalizerFor(mode: MergeNormalization): Normalizer {
  return NORMALIZERS[mode];
}

/** True when a value counts as absent: null, undefined, or a string with nothing but spaces. */
export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'string') return false;
  // Only a string that starts with whitespace can be blank; skip the trim otherwise.
  return value.length === 0 || (value.charCodeAt(0) <= 32 && value.trim() === '');
}
