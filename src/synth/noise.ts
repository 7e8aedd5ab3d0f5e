/**
 * Noise functions: each takes a value and returns a changed value, or `undefined` when the noise
 * does not apply (so the caller labels only what really changed). Positions and variants are drawn at
 * random every time so no fixed pattern repeats across records.
 */
import { PadanError } from '../_internal/error.js';
import { NOISE_KINDS, NOISE_PRESET_SCALE, defaultNoiseRates, type NoiseKind, type NoisePreset, type NoiseRates } from './noise.data.js';
import { chance, nextFloat, nextInt, pick, type Random } from './random.js';
import type { SyntheticSource } from './types.js';

const KEYBOARD_ROWS = ['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];
const KEY_NEIGHBOURS = new Map<string, string>();
function keyNeighbours(letter: string): string {
  if (KEY_NEIGHBOURS.size === 0) {
    for (let r = 0; r < KEYBOARD_ROWS.length; r++) {
      const row = KEYBOARD_ROWS[r]!;
      for (let c = 0; c < row.length; c++) {
        let near = (row[c - 1] ?? '') + (row[c + 1] ?? '');
        // Keys diagonally above and below on a staggered keyboard.
        near += (KEYBOARD_ROWS[r - 1]?.[c] ?? '') + (KEYBOARD_ROWS[r - 1]?.[c + 1] ?? '');
        near += (KEYBOARD_ROWS[r + 1]?.[c] ?? '') + (KEYBOARD_ROWS[r + 1]?.[c - 1] ?? '');
        KEY_NEIGHBOURS.set(row[c]!, near);
      }
    }
  }
  return KEY_NEIGHBOURS.get(letter) ?? '';
}

const isLetter = (ch: string | undefined): boolean => ch !== undefined && ch >= 'A' && ch <= 'Z';

function letterPositions(text: string): number[] {
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) if (isLetter(text[i])) positions.push(i);
  return positions;
}

/**
 * A keyboard typo: neighbour substitution, insertion, deletion or transposition at a random letter.
 *
 * @example
 * typo(createRandom(3), 'SUPARMAN') // → e.g. 'SUPARMSN', 'SUPPARMAN', 'SUPRMAN' or 'SUAPRMAN'
 */
export function typo(rng: Random, text: string): string | undefined {
  const positions = letterPositions(text);
  if (positions.length < 3) return undefined;
  const i = pick(rng, positions);
  const ch = text[i]!;
  const op = nextFloat(rng);
  if (op < 0.4) {
    const near = keyNeighbours(ch);
    if (!near) return undefined;
    return text.slice(0, i) + pick(rng, [...near]) + text.slice(i + 1);
  }
  if (op < 0.6) {
    const near = keyNeighbours(ch);
    const inserted = chance(rng, 0.5) || !near ? ch : pick(rng, [...near]);
    return text.slice(0, i) + inserted + text.slice(i);
  }
  if (op < 0.8) {
    // Deleting the only letter of a token would remove the token: that is `name-token-dropped`.
    if (!isLetter(text[i - 1]) && !isLetter(text[i + 1])) return undefined;
    return text.slice(0, i) + text.slice(i + 1);
  }
  const j = i + 1;
  if (!isLetter(text[j]) || text[j] === ch) return undefined;
  return text.slice(0, i) + text[j] + ch + text.slice(j + 1);
}

const OCR_CONFUSIONS: readonly (readonly [string, string])[] = [
  ['O', '0'],
  ['I', '1'],
  ['S', '5'],
  ['B', '8'],
  ['RN', 'M'],
  ['M', 'RN'],
  ['L', 'I'],
  ['G', '6'],
  ['Z', '2'],
  ['CL', 'D'],
  ['E', 'F'],
  ['U', 'V'],
  ['H', 'N'],
];

/**
 * An OCR confusion at one random occurrence (0/O, 1/I, 5/S, 8/B, rn/m …).
 *
 * @example
 * ocrConfusion(createRandom(1), 'BONO') // → e.g. 'B0NO' or '8ONO'
 */
export function ocrConfusion(rng: Random, text: string): string | undefined {
  const candidates: [number, string, string][] = [];
  for (const [from, to] of OCR_CONFUSIONS) {
    for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) candidates.push([i, from, to]);
  }
  if (candidates.length === 0) return undefined;
  const [i, from, to] = pick(rng, candidates);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

// Pre-1972 (Van Ophuijsen / Soewandi) spellings. Order matters: J→DJ must run before Y→J.
const OLD_SPELLING_RULES: readonly (readonly [RegExp, string])[] = [
  [/J/g, 'DJ'],
  [/Y/g, 'J'],
  [/(?<![OQ])U/g, 'OE'],
  [/C/g, 'TJ'],
  [/KH/g, 'CH'],
  [/SY/g, 'SJ'],
  [/NY/g, 'NJ'],
];

/**
 * Old spelling applied to a name: one or several of U→OE, J→DJ, Y→J, C→TJ, KH→CH, SY→SJ, NY→NJ.
 *
 * @example
 * oldSpelling(createRandom(1), 'SUKARNO') // → 'SOEKARNO'
 */
export function oldSpelling(rng: Random, text: string): string | undefined {
  const applicable = OLD_SPELLING_RULES.filter(([re]) => {
    re.lastIndex = 0;
    return re.test(text);
  });
  if (applicable.length === 0) return undefined;
  // Records written in old spelling usually convert every letter; some only the first occurrence.
  const all = chance(rng, 0.6);
  let out = text;
  let changed = false;
  for (const [re, to] of OLD_SPELLING_RULES) {
    if (!applicable.includes(OLD_SPELLING_RULES.find((r) => r[0] === re)!)) continue;
    if (!all && changed && chance(rng, 0.5)) continue;
    re.lastIndex = 0;
    const next = all ? out.replace(re, to) : out.replace(new RegExp(re.source), to);
    if (next !== out) changed = true;
    out = next;
  }
  return changed ? out : undefined;
}

const MUHAMMAD_TOKENS = new Set(['MUHAMMAD', 'MUHAMAD', 'MOHAMMAD', 'MOCHAMAD', 'MOHAMAD', 'MOCHAMMAD', 'MUH', 'MOH', 'MOCH']);
const MUHAMMAD_WRITTEN = [
  'MUHAMMAD',
  'MUHAMAD',
  'MOHAMMAD',
  'MOCHAMAD',
  'MOHAMAD',
  'MOCHAMMAD',
  'MOHAMED',
  'MUHAMMED',
  'MUH.',
  'MOH.',
  'MOCH.',
  'M.',
  'MHD.',
  'MHD',
  'MUCHAMMAD',
];

// Token-level spelling variants found side by side in Indonesian registers.
const SPELLING_SWAPS: readonly (readonly [RegExp, string])[] = [
  [/^SITI$/, 'SITTI'],
  [/^SITTI$/, 'SITI'],
  [/^NUR$/, 'NOOR'],
  [/^ABDUL$/, 'ABD.'],
  [/KY$/, 'KI'],
  [/KI$/, 'KY'],
  [/ZKI/, 'SKI'],
  [/DH/, 'D'],
  [/TH/, 'T'],
  [/([AIUEO])H$/, '$1'],
  [/Y$/, 'I'],
  [/([^AIUEO])I$/, '$1Y'],
  [/([^AIUEO])\1/, '$1'],
  [/(?<=[AIUEO])([LMNST])(?=[AIUEO])/, '$1$1'],
  [/^KH/, 'H'],
  [/^SY/, 'S'],
  [/V/, 'F'],
  [/F/, 'P'],
  [/Q/, 'K'],
  [/OE/, 'U'],
  [/IA/, 'YA'],
  [/IE/, 'I'],
];

/**
 * A name variant: a different written form of MUHAMMAD, SITI/SITTI, RIZKI/RIZKY, dropped H, a
 * doubled or undoubled letter … on one random token where some form applies.
 *
 * @example
 * nameVariant(createRandom(2), 'MUHAMMAD RIZKI') // → e.g. 'MOCH. RIZKI' or 'MUHAMMAD RIZKY'
 */
export function nameVariant(rng: Random, text: string): string | undefined {
  const tokens = text.split(' ');
  const order = tokens.map((_, i) => i);
  for (let k = order.length - 1; k > 0; k--) {
    const j = nextInt(rng, 0, k);
    [order[k], order[j]] = [order[j]!, order[k]!];
  }
  for (const i of order) {
    const token = tokens[i]!;
    const bare = token.replace(/\.$/, '');
    if (MUHAMMAD_TOKENS.has(bare) && i < tokens.length - 1) {
      const other = MUHAMMAD_WRITTEN.filter((w) => w !== token);
      tokens[i] = pick(rng, other);
      return tokens.join(' ');
    }
    const swaps = SPELLING_SWAPS.filter(([re]) => re.test(token));
    if (swaps.length === 0 || token.length < 3) continue;
    const [re, to] = pick(rng, swaps);
    const next = token.replace(re, to);
    if (next !== token && next.length >= 2) {
      tokens[i] = next;
      return tokens.join(' ');
    }
  }
  return undefined;
}

// First tokens that Indonesian names fuse with the next one (NUR HAYATI / NURHAYATI, ABDUL RAHMAN /
// ABDULRAHMAN, SRI WAHYUNI / SRIWAHYUNI); fusing arbitrary tokens would be an unrealistic pattern.
const FUSING_PREFIXES = [
  'NUR',
  'SRI',
  'ABDUL',
  'ABDUR',
  'SITI',
  'DWI',
  'TRI',
  'PUTRI',
  'DEWI',
  'ANDI',
  'NURUL',
  'MUHAMMAD',
  'SYAMSUL',
  'KHOIRUL',
  'FATHUL',
  'AINUL',
];

/**
 * Joins a fusing prefix to the next token or splits a fused one (NUR HAYATI ↔ NURHAYATI).
 *
 * @example
 * spacing(createRandom(1), 'NUR HAYATI') // → 'NURHAYATI'
 */
export function spacing(rng: Random, text: string): string | undefined {
  const tokens = text.split(' ');
  const options: (() => string[])[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (i < tokens.length - 1 && FUSING_PREFIXES.includes(token) && !tokens[i + 1]!.endsWith('.')) {
      options.push(() => [...tokens.slice(0, i), token + tokens[i + 1]!, ...tokens.slice(i + 2)]);
    }
    for (const prefix of FUSING_PREFIXES) {
      // The rest must look like a name on its own (ABDULLAH is not ABDUL + LAH).
      if (token.startsWith(prefix) && token.length >= prefix.length + 4) {
        options.push(() => [...tokens.slice(0, i), prefix, token.slice(prefix.length), ...tokens.slice(i + 1)]);
      }
    }
  }
  if (options.length === 0) return undefined;
  return pick(rng, options)().join(' ');
}

/**
 * One token abbreviated to its initial, with or without a dot: M. RIZKI, BUDI S.
 *
 * @example
 * initial(createRandom(1), 'MUHAMMAD RIZKI') // → 'M. RIZKI'
 */
export function initial(rng: Random, text: string): string | undefined {
  const tokens = text.split(' ');
  if (tokens.length < 2) return undefined;
  // Leading tokens (MUHAMMAD, SITI) and trailing family names are what clerks abbreviate.
  const i = chance(rng, 0.65) ? 0 : tokens.length - 1;
  const token = tokens[i]!;
  if (token.length < 3 || token.endsWith('.')) return undefined;
  tokens[i] = token[0]! + (chance(rng, 0.75) ? '.' : '');
  return tokens.join(' ');
}

/**
 * Token order changed: the first token moved to the end, or two tokens exchanged.
 *
 * @example
 * swapTokens(createRandom(1), 'SIMANJUNTAK MARIA') // → 'MARIA SIMANJUNTAK'
 */
export function swapTokens(rng: Random, text: string): string | undefined {
  const tokens = text.split(' ');
  if (tokens.length < 2) return undefined;
  if (tokens.length === 2 || chance(rng, 0.5)) tokens.push(tokens.shift()!);
  else {
    const i = nextInt(rng, 0, tokens.length - 2);
    [tokens[i], tokens[i + 1]] = [tokens[i + 1]!, tokens[i]!];
  }
  return tokens.join(' ');
}

/**
 * One token left out (often the last: a family name or a third given name).
 *
 * @example
 * dropToken(createRandom(1), 'SRI WAHYUNI LESTARI') // → 'SRI WAHYUNI'
 */
export function dropToken(rng: Random, text: string): string | undefined {
  const tokens = text.split(' ').filter((t) => t !== 'BR' && t !== 'BIN' && t !== 'BINTI');
  if (tokens.length < 2) return undefined;
  const i = chance(rng, 0.5) ? tokens.length - 1 : nextInt(rng, 0, tokens.length - 1);
  const all = text.split(' ');
  const at = all.lastIndexOf(tokens[i]!);
  all.splice(at, 1);
  // A dangling BR / BIN without what followed it goes too.
  if (at === all.length && ['BR', 'BIN', 'BINTI'].includes(all[all.length - 1] ?? '')) all.pop();
  return all.length > 0 ? all.join(' ') : undefined;
}

/**
 * Title or lower case (forms typed by hand or exported from another system).
 *
 * @example
 * caseVariant(createRandom(1), 'SITI AMINAH') // → 'Siti Aminah'
 */
export function caseVariant(rng: Random, text: string): string | undefined {
  if (chance(rng, 0.8)) return text.toLowerCase().replace(/(^|[\s.'-])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
  return text.toLowerCase();
}

/**
 * A digit typo in a 16-digit identifier: one digit changed or two adjacent digits transposed.
 *
 * @example
 * identifierTypo(createRandom(1), '3201011205900001') // → e.g. '3201011250900001'
 */
export function identifierTypo(rng: Random, id: string): string | undefined {
  for (let attempt = 0; attempt < 6; attempt++) {
    const i = nextInt(rng, 0, id.length - 1);
    if (chance(rng, 0.5) && i < id.length - 1) {
      if (id[i] === id[i + 1]) continue;
      return id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
    }
    const digit = String((Number(id[i]) + nextInt(rng, 1, 9)) % 10);
    return id.slice(0, i) + digit + id.slice(i + 1);
  }
  return undefined;
}

/**
 * Date noise kinds (placeholder, year only, day/month swapped, year off by one) on an ISO date.
 *
 * @example
 * dateNoise(createRandom(1), '1980-03-07', 'birth-day-month-swapped') // → '1980-07-03'
 */
export function dateNoise(
  rng: Random,
  iso: string,
  kind: 'birth-placeholder' | 'birth-year-only' | 'birth-day-month-swapped' | 'birth-year-off',
): string | undefined {
  const year = Number(iso.slice(0, 4));
  const month = iso.slice(5, 7);
  const day = iso.slice(8, 10);
  switch (kind) {
    case 'birth-placeholder': {
      const u = nextFloat(rng);
      const placeholder = `${year}-${u < 0.45 ? '07-01' : u < 0.8 ? '12-31' : '01-01'}`;
      return placeholder === iso ? undefined : placeholder;
    }
    case 'birth-year-only':
      return String(year);
    case 'birth-day-month-swapped':
      return Number(day) <= 12 && day !== month ? `${year}-${day}-${month}` : undefined;
    case 'birth-year-off': {
      const shifted = year + (chance(rng, 0.5) ? 1 : -1);
      const safeDay = month === '02' && day === '29' ? '28' : day;
      return `${shifted}-${month}-${safeDay}`;
    }
  }
}

/** The `noise` option: a preset, or a preset with per-kind and per-source overrides. */
export type NoiseOption =
  | NoisePreset
  | {
      readonly preset?: NoisePreset;
      /** Rates for every source (replace the preset's rate of that kind). */
      readonly rates?: NoiseRates;
      /** Rates for one source (win over `rates`). */
      readonly sources?: Partial<Record<SyntheticSource, NoiseRates>>;
    };

/**
 * Resolves the noise option to a full rate table per source, validating every rate.
 *
 * @example
 * resolveNoiseRates('heavy', 'dtks')['name-typo'] // → 0.1
 */
export function resolveNoiseRates(option: NoiseOption | undefined, source: SyntheticSource): Record<NoiseKind, number> {
  if (option !== undefined && typeof option !== 'string' && (typeof option !== 'object' || option === null || Array.isArray(option))) {
    throw new PadanError('invalid-config', 'noise must be a preset name or an object');
  }
  const preset: unknown = typeof option === 'string' ? option : (option?.preset ?? 'default');
  // Own keys only: `constructor` or `__proto__` is not a preset.
  const scale = typeof preset === 'string' && Object.hasOwn(NOISE_PRESET_SCALE, preset) ? NOISE_PRESET_SCALE[preset as NoisePreset] : undefined;
  if (scale === undefined) throw new PadanError('invalid-config', `unknown noise preset '${typeof preset === 'string' ? preset : typeof preset}'`);
  const rates = defaultNoiseRates(source);
  for (const kind of NOISE_KINDS) rates[kind] = Math.min(0.95, rates[kind] * scale);
  if (typeof option === 'object') {
    const perSource: unknown = option.sources;
    if (perSource !== undefined && (typeof perSource !== 'object' || perSource === null))
      throw new PadanError('invalid-config', 'noise.sources must be an object');
    const overrides: unknown[] = [
      option.rates,
      perSource !== undefined && Object.hasOwn(perSource, source) ? (perSource as Record<string, unknown>)[source] : undefined,
    ];
    for (const override of overrides) {
      if (override === undefined || override === null) continue;
      if (typeof override !== 'object') throw new PadanError('invalid-config', 'noise rates must be an object of rates by noise kind');
      for (const [kind, rate] of Object.entries(override)) {
        if (!(NOISE_KINDS as readonly string[]).includes(kind)) throw new PadanError('invalid-config', `unknown noise kind '${kind}'`);
        if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new PadanError('invalid-config', `noise rate of '${kind}' must be in [0, 1]`);
        rates[kind as NoiseKind] = rate;
      }
    }
  }
  return rates;
}
