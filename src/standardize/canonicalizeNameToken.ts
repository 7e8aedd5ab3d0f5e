import { checkOptionBag, checkString } from '../_internal/arguments.js';
import { CH_KEPT, KNOWN_OLD_FORMS, OLD_SPELLING_LEADING_MARKS, OLD_SPELLING_MARKS } from './tables/spelling.js';
import { NAME_VARIANTS } from './tables/nameVariants.js';

/** Options for {@link canonicalizeNameToken}. */
export interface CanonicalizeNameTokenOptions {
  /** Skip the variant table (Muhammad forms, Abdul, Siti …) and apply only the spelling rule. */
  readonly spellingOnly?: boolean;
}

// Longer tokens are not names; leaving them alone keeps hostile input linear.
const MAX_TOKEN = 40;

const variantToCanonical: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [canonical, forms] of Object.entries(NAME_VARIANTS)) {
    map.set(canonical, canonical);
    for (const form of forms) map.set(form, canonical);
  }
  return map;
})();
const knownOld: ReadonlyMap<string, string> = new Map(Object.entries(KNOWN_OLD_FORMS));
const chKept: ReadonlySet<string> = new Set(CH_KEPT);

function isOldSpelled(token: string): boolean {
  for (const mark of OLD_SPELLING_MARKS) if (token.includes(mark)) return true;
  for (const mark of OLD_SPELLING_LEADING_MARKS) if (token.startsWith(mark)) return true;
  return false;
}

/** One pass of the old-spelling rule documented in `tables/spelling.ts`. */
function respellOnce(token: string): string {
  const old = isOldSpelled(token);
  const rewriteCh = !chKept.has(token) && token.includes('CH');
  if (!old && !rewriteCh) return token;
  let out = '';
  const n = token.length;
  for (let i = 0; i < n; i++) {
    const c = token.charCodeAt(i);
    const next = i + 1 < n ? token.charCodeAt(i + 1) : 0;
    if (old) {
      if (c === 79 /* O */ && next === 69 /* E */) {
        out += 'U';
        i++;
        continue;
      }
      if (c === 68 /* D */ && next === 74 /* J */) {
        out += 'J';
        i++;
        continue;
      }
      if (c === 84 /* T */ && next === 74 /* J */) {
        out += 'C';
        i++;
        continue;
      }
      if (c === 74 /* J */) {
        out += 'Y';
        continue;
      }
    }
    if (rewriteCh && c === 67 /* C */ && next === 72 /* H */) {
      out += 'KH';
      i++;
      continue;
    }
    out += token[i];
  }
  return out;
}

/**
 * Maps one old spelling to the 1972 spelling, repeating until stable so the result is a fixed point
 * (DDJ → DJ → J): canonicalising a canonical token never changes it.
 *
 * @example
 * respellOldSpelling('SOEDJATMOKO') // → 'SUJATMOKO'
 * respellOldSpelling('RAJA')        // → 'RAJA'
 */
export function respellOldSpelling(token: string): string {
  checkString(token, 'respellOldSpelling', 'the token');
  if (token.length > MAX_TOKEN) return token;
  let current = token;
  for (;;) {
    const known = knownOld.get(current);
    if (known !== undefined) return known;
    const next = respellOnce(current);
    if (next === current) return current;
    current = next;
  }
}

/**
 * The canonical form of one uppercase name token: 1972 spelling, then one form per name with many
 * spellings (Muhammad, Ahmad, Abdul, Siti, Nur).
 *
 * @example
 * canonicalizeNameToken('JOESOEF')  // → 'YUSUF'
 * canonicalizeNameToken('MOCH')     // → 'MUHAMMAD'
 * canonicalizeNameToken('JOKO')     // → 'JOKO' (modern spelling is left alone)
 */
export function canonicalizeNameToken(token: string, options?: CanonicalizeNameTokenOptions): string {
  checkString(token, 'canonicalizeNameToken', 'the token');
  checkOptionBag(options, 'canonicalizeNameToken', { spellingOnly: 'boolean' });
  if (options?.spellingOnly === true) return respellOldSpelling(token);
  // Name words repeat heavily across a register, so results are memoised (bounded: cleared when full).
  const cached = cache.get(token);
  if (cached !== undefined) return cached;
  const direct = variantToCanonical.get(token);
  const canonical = direct ?? (needsRespelling(token) ? respellAndLookUp(token) : token);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(token, canonical);
  return canonical;
}

function respellAndLookUp(token: string): string {
  const respelled = respellOldSpelling(token);
  return variantToCanonical.get(respelled) ?? respelled;
}

const CACHE_LIMIT = 100_000;
const cache = new Map<string, string>();

// Letter pairs that start any rule: every old-spelling mark, and CH. Built from the tables so that a
// new mark needs no code change.
const triggerPairs = new Uint8Array(26 * 26);
for (const mark of [...OLD_SPELLING_MARKS, ...OLD_SPELLING_LEADING_MARKS, 'CH']) {
  triggerPairs[(mark.charCodeAt(0) - 65) * 26 + (mark.charCodeAt(1) - 65)] = 1;
}

/** One scan for a letter pair that starts a rule, or a table entry: most modern tokens have neither. */
function needsRespelling(token: string): boolean {
  if (knownOld.has(token)) return true;
  for (let i = 0; i + 1 < token.length; i++) {
    const a = token.charCodeAt(i) - 65;
    const b = token.charCodeAt(i + 1) - 65;
    if (a >= 0 && a < 26 && b >= 0 && b < 26 && triggerPairs[a * 26 + b] === 1) return true;
  }
  return false;
}
