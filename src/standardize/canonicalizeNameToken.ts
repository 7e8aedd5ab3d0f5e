import {
  CH_KEPT,
  KNOWN_OLD_FORMS,
  OLD_SPELLING_LEADING_MARKS,
  OLD_SPELLING_MARKS,
} from './tables/spelling.js';
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
      if (c === 79 /* O */ && next === 69 /* E */) { out += 'U'; i++; continue; }
      if (c === 68 /* D */ && next === 74 /* J */) { out += 'J'; i++; continue; }
      if (c === 84 /* T */ && next === 74 /* J */) { out += 'C'; i++; continue; }
      if (c === 74 /* J */) { out += 'Y'; continue; }
    }
    if (rewriteCh && c === 67 /* C */ && next === 72 /* H */) { out += 'KH'; i++; continue; }
    out += token[i];
  }
  return out;
}

/**
 * Maps one old spelling to the 1972 spelling, repeating until stable so the result is a fixed point
 * (DDJ → DJ → J): canonicalising a canonical token never changes it.
 */
export function respellOldSpelling(token: string): string {
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
  if (options?.spellingOnly !== true) {
    const direct = variantToCanonical.get(token);
    if (direct !== undefined) return direct;
  }
  const respelled = respellOldSpelling(token);
  if (options?.spellingOnly === true) return respelled;
  return variantToCanonical.get(respelled) ?? respelled;
}
