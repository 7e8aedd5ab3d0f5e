import { PadanError } from '../_internal/error.js';
import { textAt, type PreparedColumn } from './column.js';

/**
 * A blocking-key transform: reads one record's prepared value and returns the key part, or null
 * when the record cannot be blocked on it (it then takes no part in that rule). It must depend on the
 * prepared value only (text, tokens, number) — blocking computes it once per distinct value.
 */
export type KeyTransform = (column: PreparedColumn, record: number) => string | null;

function tokensOf(column: PreparedColumn, record: number): readonly string[] | null {
  const id = column.ids[record] as number;
  if (id < 0) return null;
  const tokens = column.valueTokens[id];
  if (tokens !== null && tokens !== undefined && tokens.length > 0) return tokens;
  return [column.valueTexts[id] as string];
}

const transforms: ReadonlyMap<string, KeyTransform> = new Map<string, KeyTransform>([
  ['value', (column, record) => textAt(column, record)],
  [
    'year',
    (column, record) => {
      const key = column.numbers[record] as number;
      return key > 0 ? String(Math.floor(key / 10000)) : null;
    },
  ],
  [
    'month-day',
    (column, record) => {
      const key = column.numbers[record] as number;
      const monthDay = key % 10000;
      return key > 0 && monthDay % 100 !== 0 && monthDay >= 100 ? String(monthDay) : null;
    },
  ],
  ['first-token', (column, record) => tokensOf(column, record)?.[0] ?? null],
  [
    'last-token',
    (column, record) => {
      const tokens = tokensOf(column, record);
      return tokens === null ? null : (tokens[tokens.length - 1] as string);
    },
  ],
  [
    // Word order does not matter: "RIZKI MUHAMMAD" and "MUHAMMAD RIZKI" share the key.
    'sorted-tokens',
    (column, record) => {
      const tokens = tokensOf(column, record);
      if (tokens === null) return null;
      if (tokens.length === 1) return tokens[0] as string;
      if (tokens.length === 2) {
        // Most names have two tokens: order them without building and sorting an array.
        const [first, second] = tokens as readonly [string, string];
        return first <= second ? `${first} ${second}` : `${second} ${first}`;
      }
      return [...tokens].sort().join(' ');
    },
  ],
  [
    // The longest token: the least common part of most names, robust to a dropped short token.
    'longest-token',
    (column, record) => {
      const tokens = tokensOf(column, record);
      if (tokens === null) return null;
      let longest = tokens[0] as string;
      for (const token of tokens) if (token.length > longest.length || (token.length === longest.length && token < longest)) longest = token;
      return longest;
    },
  ],
  [
    'first-12',
    (column, record) => {
      const text = textAt(column, record);
      return text === null || text === undefined || text.length < 12 ? null : text.slice(0, 12);
    },
  ],
]);

/** Names of the built-in blocking-key transforms. */
export const KEY_TRANSFORMS: readonly string[] = [...transforms.keys()];

/** Looks up a key transform by name; throws `invalid-model` for an unknown one. */
export function getKeyTransform(name: string): KeyTransform {
  const transform = transforms.get(name);
  if (transform === undefined) {
    throw new PadanError('invalid-model', `unknown blocking-key transform "${name}" (known: ${KEY_TRANSFORMS.join(', ')})`);
  }
  return transform;
}
