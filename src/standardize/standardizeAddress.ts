import { checkObject, checkOptionBag, invalidArgument } from '../_internal/arguments.js';
import type { Region, RegionLevel } from '../id/regions.js';
import { normalizeRegionName, regionNameIndex, regionsNamed } from './regionNameIndex.js';
import { ADDRESS_TERMS, type AddressTermRole } from './tables/addressTerms.js';

/** Options for {@link standardizeAddress}. */
export interface StandardizeAddressOptions {
  /**
   * Which region names in the text are matched to official codes:
   * `'labelled'` (default) only names after Kel./Desa/Kec./Kab./Kota/Prov.; `'all'` also comma-separated
   * parts without a label; `'none'` never (no region table is loaded).
   */
  readonly matchRegions?: 'none' | 'labelled' | 'all';
  /** Most candidates listed per ambiguous name. Default 20. */
  readonly maxCandidates?: number;
  /** Longest text read, in characters; the rest is ignored. Default 1000. */
  readonly maxLength?: number;
}

const ADDRESS_INPUT_FIELDS = ['provinceCode', 'regencyCode', 'districtCode', 'villageCode', 'rt', 'rw', 'street', 'postalCode', 'text'] as const;

/** An address as records carry it (the contract's `Address`). */
export interface AddressInput {
  readonly provinceCode?: string | null;
  readonly regencyCode?: string | null;
  readonly districtCode?: string | null;
  readonly villageCode?: string | null;
  readonly rt?: string | null;
  readonly rw?: string | null;
  readonly street?: string | null;
  readonly postalCode?: string | null;
  readonly text?: string | null;
}

/** A name in the text that matched several official regions consistent with the record. */
export interface AmbiguousRegion {
  readonly level: RegionLevel;
  /** The name as read from the text (uppercase). */
  readonly name: string;
  /** Codes of the candidate regions, ascending, at most `maxCandidates`. */
  readonly candidates: readonly string[];
  /** Total number of candidates before the cut. */
  readonly candidateCount: number;
}

/** An address parsed into comparable parts, with region codes filled from the text where missing. */
export interface StandardizedAddress {
  readonly kind: 'address';
  /** Uppercase words and numbers, abbreviations expanded (JL → JALAN), RT/RW as 3 digits. */
  readonly compared: string;
  readonly tokens: readonly string[];
  /** The street part, e.g. `'JALAN MERDEKA'`, or null. */
  readonly street: string | null;
  readonly houseNumber: string | null;
  readonly rt: string | null;
  readonly rw: string | null;
  readonly postalCode: string | null;
  readonly provinceCode: string | null;
  readonly regencyCode: string | null;
  readonly districtCode: string | null;
  readonly villageCode: string | null;
  /** Levels whose code was found in the text (not given by the record nor implied by a given code). */
  readonly codesFromText: readonly RegionLevel[];
  /** Names that matched more than one region: left for review rather than guessed. */
  readonly ambiguous: readonly AmbiguousRegion[];
  /** Labelled names that matched no official region, or not the region the other names pointed to. */
  readonly unmatched: readonly { readonly level: RegionLevel; readonly name: string }[];
}

const termByForm: ReadonlyMap<string, { canonical: string; role: AddressTermRole }> = (() => {
  const map = new Map<string, { canonical: string; role: AddressTermRole }>();
  for (const term of ADDRESS_TERMS) for (const form of term.forms) map.set(form, term);
  return map;
})();

const LEVELS: readonly RegionLevel[] = ['province', 'regency', 'district', 'village'];
const CODE_LENGTH: Readonly<Record<RegionLevel, number>> = { province: 2, regency: 4, district: 6, village: 10 };
const labelLevel: Partial<Record<AddressTermRole, RegionLevel>> = {
  province: 'province',
  regency: 'regency',
  city: 'regency',
  district: 'district',
  village: 'village',
};

type TokenKind = 'word' | 'number' | 'slash' | 'comma';
interface AddressToken {
  readonly kind: TokenKind;
  readonly text: string;
  readonly role: AddressTermRole | null;
}

/** Letter runs, digit runs, `/` and part breaks (comma, semicolon, newline); everything else separates. */
function tokenizeAddress(raw: string): AddressToken[] {
  let text = raw;
  for (let i = 0; i < raw.length; i++) {
    if (raw.charCodeAt(i) > 127) {
      text = raw.normalize('NFKD');
      break;
    }
  }
  const tokens: AddressToken[] = [];
  let start = -1;
  let digits = false;
  let pending = '';
  const flush = (end: number): void => {
    const raw = pending + (start >= 0 ? text.slice(start, end) : '');
    if (raw === '') return;
    if (digits) {
      tokens.push({ kind: 'number', text: raw, role: null });
    } else {
      const upper = raw.toUpperCase();
      const term = termByForm.get(upper);
      tokens.push({ kind: 'word', text: term?.canonical ?? upper, role: term?.role ?? null });
    }
    start = -1;
    pending = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isDigit = c >= 48 && c <= 57;
    const isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (isDigit || isLetter) {
      if ((start >= 0 || pending !== '') && isDigit !== digits) flush(i);
      if (start < 0) {
        start = i;
        digits = isDigit;
      }
      continue;
    }
    // Apostrophes (PU'UK → PUUK), accents left by NFKD and zero-width characters join, not split.
    if (c === 39 || c === 96 || c === 0x2019 || (c >= 0x0300 && c <= 0x036f) || (c >= 0x200b && c <= 0x200d) || c === 0xfeff) {
      // Digit runs too: 'RT 07\u200b' is RT 7 (a zero-width space inside digits made RT 'NaN').
      if (start >= 0) {
        pending += text.slice(start, i);
        start = -1;
      }
      continue;
    }
    flush(i);
    if (c === 47) tokens.push({ kind: 'slash', text: '/', role: null });
    else if (c === 44 || c === 59 || c === 10 || c === 13) tokens.push({ kind: 'comma', text: ',', role: null });
  }
  flush(text.length);
  return tokens;
}

function rtRwValue(token: AddressToken | undefined): string | null {
  if (token === undefined || token.kind !== 'number' || token.text.length > 3) return null;
  const value = Number(token.text);
  return value === 0 || !Number.isInteger(value) ? null : String(value).padStart(3, '0');
}

function normalizeGivenRtRw(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const tokens = tokenizeAddress(value);
  return tokens.length === 1 ? rtRwValue(tokens[0]) : null;
}

function isBreak(token: AddressToken): boolean {
  return token.kind !== 'word' || token.role !== null;
}

interface ParsedText {
  tokens: string[];
  street: string | null;
  houseNumber: string | null;
  rt: string | null;
  rw: string | null;
  postalCode: string | null;
  labelled: { level: RegionLevel; name: string; cityOnly: boolean | null }[];
  unlabelled: string[];
}

function parseAddressText(text: string): ParsedText {
  const tokens = tokenizeAddress(text);
  const out: ParsedText = { tokens: [], street: null, houseNumber: null, rt: null, rw: null, postalCode: null, labelled: [], unlabelled: [] };
  const consumed = new Uint8Array(tokens.length);
  const at = (k: number): AddressToken | undefined => tokens[k];

  // RT/RW in their written forms.
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as AddressToken;
    if (token.role === 'rt' && at(k + 1)?.kind === 'slash' && at(k + 2)?.role === 'rw') {
      // "RT/RW 003/005"
      const rt = rtRwValue(at(k + 3));
      if (rt !== null && at(k + 4)?.kind === 'slash') {
        out.rt ??= rt;
        out.rw ??= rtRwValue(at(k + 5));
        consumed.fill(1, k, k + 6);
        k += 5;
      }
    } else if (token.role === 'rt-rw' && rtRwValue(at(k + 1)) !== null && at(k + 2)?.kind === 'slash') {
      out.rt ??= rtRwValue(at(k + 1));
      out.rw ??= rtRwValue(at(k + 3));
      consumed.fill(1, k, k + 4);
      k += 3;
    } else if (token.role === 'rt' && rtRwValue(at(k + 1)) !== null) {
      out.rt ??= rtRwValue(at(k + 1));
      consumed.fill(1, k, k + 2);
      k += 1;
      // "RT 003/005": the RW follows a slash without its label.
      if (at(k + 1)?.kind === 'slash' && rtRwValue(at(k + 2)) !== null) {
        out.rw ??= rtRwValue(at(k + 2));
        consumed.fill(1, k + 1, k + 3);
        k += 2;
      }
    } else if (token.role === 'rw' && rtRwValue(at(k + 1)) !== null) {
      out.rw ??= rtRwValue(at(k + 1));
      consumed.fill(1, k, k + 2);
      k += 1;
    }
  }
  if (out.rt === null) {
    // A bare "003/005", unless it is a house number ("NO 12/3") or a block.
    for (let k = 0; k + 2 < tokens.length; k++) {
      const before = at(k - 1);
      if (
        consumed[k] === 0 &&
        tokens[k]?.kind === 'number' &&
        at(k + 1)?.kind === 'slash' &&
        rtRwValue(at(k)) !== null &&
        rtRwValue(at(k + 2)) !== null &&
        before?.role !== 'number' &&
        before?.role !== 'block' &&
        before?.kind !== 'slash' &&
        at(k + 3)?.kind !== 'slash'
      ) {
        out.rt = rtRwValue(at(k));
        out.rw = rtRwValue(at(k + 2));
        consumed.fill(1, k, k + 3);
        break;
      }
    }
  }

  // Labelled parts, the street, the house number, the postal code; unlabelled comma-separated parts.
  let partWords: string[] = [];
  let partHasLabel = false;
  const endPart = (): void => {
    if (!partHasLabel && partWords.length > 0) out.unlabelled.push(partWords.join(' '));
    partWords = [];
    partHasLabel = false;
  };
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as AddressToken;
    if (token.kind === 'comma') {
      endPart();
      continue;
    }
    if (consumed[k] === 1 || token.kind === 'slash') {
      endPart();
      continue;
    }
    if (token.kind === 'number') {
      if (token.text.length === 5 && out.postalCode === null) out.postalCode = token.text;
      endPart();
      continue;
    }
    const level = token.role === null ? undefined : labelLevel[token.role];
    if (token.role === null || token.role === 'sub-village') {
      partWords.push(token.text);
      continue;
    }
    partHasLabel = true;
    // Collect the words after the label up to the next break. A label right after a label with no
    // name yet is part of the name ("KEL. KOTA BARU").
    const words: string[] = [];
    let m = k + 1;
    while (m < tokens.length) {
      const next = tokens[m] as AddressToken;
      if (consumed[m] === 1) break;
      if (isBreak(next) && !(words.length === 0 && next.kind === 'word' && labelLevel[next.role as AddressTermRole] !== undefined && level !== undefined))
        break;
      words.push(next.text);
      m++;
    }
    if (level !== undefined) {
      if (words.length > 0) {
        out.labelled.push({ level, name: words.join(' '), cityOnly: level === 'regency' ? token.role === 'city' : null });
      }
    } else if (token.role === 'street') {
      out.street ??= [token.text, ...words].join(' ');
    } else if (token.role === 'number' || token.role === 'block') {
      const value = at(m);
      if (token.role === 'number' && value?.kind === 'number') {
        out.houseNumber ??= value.text.replace(/^0+(?=\d)/, '');
      }
    } else if (token.role === 'postal') {
      const value = at(m);
      if (value?.kind === 'number') out.postalCode = value.text;
    }
    k = m - 1;
  }
  endPart();

  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as AddressToken;
    if (token.kind === 'comma' || token.kind === 'slash') continue;
    if (token.kind === 'number') {
      // RT/RW values are written as their 3-digit form; other numbers without leading zeros.
      out.tokens.push(consumed[k] === 1 && rtRwValue(token) !== null ? (rtRwValue(token) as string) : token.text.replace(/^0+(?=\d)/, ''));
    } else {
      out.tokens.push(token.text);
    }
  }
  return out;
}

/** Codes known so far, per level. */
type Codes = Record<RegionLevel, string | null>;

function compatible(code: string, codes: Codes): boolean {
  for (const level of LEVELS) {
    const known = codes[level];
    if (known === null) continue;
    if (known.length <= code.length ? !code.startsWith(known) : !known.startsWith(code)) return false;
  }
  return true;
}

/** Fills the parents implied by a code (a village code starts with its district's code, and so on). */
function fillParents(codes: Codes, code: string, fromText: Set<RegionLevel> | null): void {
  for (const level of LEVELS) {
    const length = CODE_LENGTH[level];
    if (length <= code.length && codes[level] === null) {
      codes[level] = code.slice(0, length);
      fromText?.add(level);
    }
  }
}

function isCityCode(code: string): boolean {
  return Number(code.slice(2, 4)) >= 71;
}

interface Query {
  readonly levels: readonly RegionLevel[];
  readonly name: string;
  /** `normalizeRegionName(name)`, computed once. */
  readonly key: string;
  readonly cityOnly: boolean | null;
  done: boolean;
  /** The query itself chose a code (rather than another name filling its level). */
  resolved: boolean;
}

function candidatesOf(query: Query, level: RegionLevel, codes: Codes): Region[] {
  const found = regionsNamed(level, query.key, [codes.province, codes.regency, codes.district]);
  return found.filter((r) => compatible(r.code, codes) && (query.cityOnly === null || level !== 'regency' || isCityCode(r.code) === query.cityOnly));
}

/**
 * Matches names to codes, most specific knowledge first: each round assigns every name that has exactly
 * one consistent candidate, which narrows the others; names still open at the end are ambiguous.
 */
function resolveRegions(
  queries: Query[],
  codes: Codes,
  fromText: Set<RegionLevel>,
  maxCandidates: number,
): {
  ambiguous: AmbiguousRegion[];
  unmatched: { level: RegionLevel; name: string }[];
} {
  for (let round = 0; round < 4; round++) {
    let progress = false;
    for (const query of queries) {
      if (query.done) continue;
      const open = query.levels.filter((level) => codes[level] === null);
      if (open.length === 0) {
        query.done = true;
        continue;
      }
      const hits = open.map((level) => ({ level, regions: candidatesOf(query, level, codes) })).filter((h) => h.regions.length > 0);
      const only = hits[0];
      if (hits.length === 1 && only !== undefined && only.regions.length === 1) {
        const region = only.regions[0] as Region;
        codes[only.level] = region.code;
        fromText.add(only.level);
        fillParents(codes, region.code, fromText);
        query.done = true;
        query.resolved = true;
        progress = true;
      }
    }
    if (!progress) break;
  }
  const ambiguous: AmbiguousRegion[] = [];
  const unmatched: { level: RegionLevel; name: string }[] = [];
  for (const query of queries) {
    const firstLevel = query.levels[0];
    if (query.done && !query.resolved && query.levels.length === 1 && firstLevel !== undefined) {
      // Its level was filled by a more specific name; a label that disagrees with it is reported.
      const filled = codes[firstLevel];
      const named = regionNameIndex(firstLevel).get(query.key) ?? [];
      if (filled !== null && !named.some((r) => r.code === filled)) unmatched.push({ level: firstLevel, name: query.name });
    }
    if (query.done) continue;
    const open = query.levels.filter((level) => codes[level] === null);
    let any = false;
    for (const level of open) {
      const regions = candidatesOf(query, level, codes);
      if (regions.length === 0) continue;
      any = true;
      const sorted = regions.map((r) => r.code).sort();
      ambiguous.push({ level, name: query.name, candidates: sorted.slice(0, maxCandidates), candidateCount: sorted.length });
    }
    // Only a labelled name that matched nothing is worth reporting; an unlabelled part is often a street.
    if (!any && query.levels.length === 1 && firstLevel !== undefined && open.length === 1) {
      unmatched.push({ level: firstLevel, name: query.name });
    }
  }
  return { ambiguous, unmatched };
}

function givenCode(value: string | null | undefined, length: number): string | null {
  if (value === null || value === undefined) return null;
  const digits = value.replace(/\D/g, '');
  return digits.length === length ? digits : null;
}

/**
 * Parses a free-form Indonesian address: expands abbreviations, extracts RT/RW as 3-digit strings, and
 * fills missing region codes from the village/district/regency names in the text — returning ambiguous
 * candidates instead of guessing when a name fits several regions. Region tables load on first need.
 *
 * @example
 * standardizeAddress('Jl. Merdeka No. 5 RT.3 RW.5 Kel. Pakuan Kec. Bogor Selatan Kota Bogor')
 * // → { compared: 'JALAN MERDEKA NO 5 RT 003 RW 005 KELURAHAN PAKUAN KECAMATAN BOGOR SELATAN KOTA BOGOR',
 * //     street: 'JALAN MERDEKA', houseNumber: '5', rt: '003', rw: '005', regencyCode: '3271',
 * //     provinceCode: '32', districtCode: '327101', villageCode: '3271011015', ambiguous: [], … }
 */
export function standardizeAddress(raw: string | AddressInput, options?: StandardizeAddressOptions): StandardizedAddress {
  if (typeof raw !== 'string') {
    checkObject(raw, 'standardizeAddress', 'the address');
    for (const field of ADDRESS_INPUT_FIELDS) {
      const value = (raw as Record<string, unknown>)[field];
      if (value !== undefined && value !== null && typeof value !== 'string')
        throw invalidArgument('standardizeAddress', `address.${field}`, 'a string or null', value);
    }
  }
  checkOptionBag(options, 'standardizeAddress', { matchRegions: ['none', 'labelled', 'all'], maxCandidates: 'number', maxLength: 'number' });
  const input: AddressInput = typeof raw === 'string' ? { text: raw } : raw;
  const maxLength = options?.maxLength ?? 1000;
  const parts = [input.street, input.text].filter((p): p is string => typeof p === 'string' && p !== '');
  const parsed = parseAddressText(parts.join(', ').slice(0, maxLength));

  const codes: Codes = {
    province: givenCode(input.provinceCode, 2),
    regency: givenCode(input.regencyCode, 4),
    district: givenCode(input.districtCode, 6),
    village: givenCode(input.villageCode, 10),
  };
  for (const level of [...LEVELS].reverse()) {
    const code = codes[level];
    if (code !== null) fillParents(codes, code, null);
  }

  const fromText = new Set<RegionLevel>();
  let ambiguous: AmbiguousRegion[] = [];
  let unmatched: { level: RegionLevel; name: string }[] = [];
  const mode = options?.matchRegions ?? 'labelled';
  if (mode !== 'none' && codes.village === null) {
    const queries: Query[] = parsed.labelled.map((l) => ({
      levels: [l.level],
      name: l.name,
      key: normalizeRegionName(l.name),
      cityOnly: l.cityOnly,
      done: false,
      resolved: false,
    }));
    // Broadest level first: each name found narrows the lookups of the names below it.
    queries.sort((a, b) => LEVELS.indexOf(a.levels[0] as RegionLevel) - LEVELS.indexOf(b.levels[0] as RegionLevel));
    if (mode === 'all') {
      for (const name of parsed.unlabelled)
        queries.push({ levels: LEVELS, name, key: normalizeRegionName(name), cityOnly: null, done: false, resolved: false });
    }
    if (queries.length > 0) {
      ({ ambiguous, unmatched } = resolveRegions(queries, codes, fromText, options?.maxCandidates ?? 20));
    }
  }

  return {
    kind: 'address',
    compared: parsed.tokens.join(' '),
    tokens: parsed.tokens,
    street: parsed.street,
    houseNumber: parsed.houseNumber,
    rt: normalizeGivenRtRw(input.rt) ?? parsed.rt,
    rw: normalizeGivenRtRw(input.rw) ?? parsed.rw,
    postalCode: givenCode(input.postalCode, 5) ?? parsed.postalCode,
    provinceCode: codes.province,
    regencyCode: codes.regency,
    districtCode: codes.district,
    villageCode: codes.village,
    codesFromText: LEVELS.filter((level) => fromText.has(level)),
    ambiguous,
    unmatched,
  };
}
