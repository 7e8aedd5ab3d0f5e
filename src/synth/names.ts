/**
 * Draws Indonesian names from the flavour tables: token counts, Muslim prefixes, Balinese birth-order
 * names, Batak marga, inherited family names and bin/binti patronymics.
 */
import { BALINESE_CASTE_TITLES, BALINESE_ORDER_NAMES, MALE_MUSLIM_PREFIXES, MUHAMMAD_FORMS, NAME_FLAVOURS, TITLES, type NameFlavour } from './names.data.js';
import { chance, nextFloat, pick, pickWeighted, weightedTable, zipfWeights, type Random, type WeightedTable } from './random.js';
import type { Sex } from './types.js';

interface FlavourPools {
  readonly maleOld: WeightedTable<string>;
  readonly maleModern: WeightedTable<string>;
  readonly femaleOld: WeightedTable<string>;
  readonly femaleModern: WeightedTable<string>;
  readonly surnames: WeightedTable<string> | undefined;
}

const poolCache = new Map<string, FlavourPools>();
let muhammadTable: WeightedTable<string> | undefined;
let malePrefixTable: WeightedTable<string> | undefined;

function zipfTable(list: string, exponent = 0.9): WeightedTable<string> {
  // Underscores join multi-word family names (DA_SILVA) so the lists stay space-separated.
  const tokens = list
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => t.replaceAll('_', ' '));
  return weightedTable(tokens, zipfWeights(tokens.length, exponent));
}

/**
 * The `size` most common given names of one sex: the old and the modern list interleaved by rank,
 * so a small pool keeps each era's favourites. One table serves both eras.
 */
function cappedTable(oldList: string, modernList: string, size: number): WeightedTable<string> {
  const split = (list: string): string[] =>
    list
      .split(/\s+/)
      .filter(Boolean)
      .map((t) => t.replaceAll('_', ' '));
  const old = split(oldList);
  const modern = split(modernList);
  const names: string[] = [];
  for (let rank = 0; names.length < size && (rank < old.length || rank < modern.length); rank++) {
    for (const name of [old[rank], modern[rank]]) if (name !== undefined && names.length < size && !names.includes(name)) names.push(name);
  }
  return weightedTable(names, zipfWeights(names.length, 0.9));
}

function poolsOf(flavour: NameFlavour, poolSize: number | undefined): FlavourPools {
  const key = poolSize === undefined ? flavour : `${flavour}/${poolSize}`;
  let pools = poolCache.get(key);
  if (!pools) {
    const f = NAME_FLAVOURS[flavour];
    const male = poolSize === undefined ? undefined : cappedTable(f.maleOld, f.maleModern, poolSize);
    const female = poolSize === undefined ? undefined : cappedTable(f.femaleOld, f.femaleModern, poolSize);
    pools = {
      maleOld: male ?? zipfTable(f.maleOld),
      maleModern: male ?? zipfTable(f.maleModern),
      femaleOld: female ?? zipfTable(f.femaleOld),
      femaleModern: female ?? zipfTable(f.femaleModern),
      surnames: f.surnames ? zipfTable(f.surnames, 0.7) : undefined,
    };
    poolCache.set(key, pools);
  }
  return pools;
}

/**
 * Population-wide settings of name draws, for robustness runs far from the default. Absent fields
 * keep the flavour tables' own behaviour (and the same random draws).
 */
export interface NameStyle {
  /** Given names come from only this many names per flavour and sex (the most common ones). */
  readonly firstNamePool?: number;
  /** Share of persons with a one-word name, in every flavour (Balinese too: the given name alone). */
  readonly singleNameShare?: number;
}

/** What a name draw needs to know about the family. */
export interface NameContext {
  /** 0-based birth order among siblings (Balinese order names). */
  readonly birthOrder?: number;
  /** The father's family name / marga, inherited where the culture does. */
  readonly surname?: string;
  /** The father's first given token, for bin/binti. */
  readonly fatherGiven?: string;
  /** A Balinese caste title carried by the family. */
  readonly casteTitle?: string;
  /** Must differ from this marga (Batak exogamy, for wives). */
  readonly avoidSurname?: string;
}

/** A drawn name and the parts the family passes on. */
export interface DrawnName {
  readonly name: string;
  readonly surname?: string;
  readonly firstGiven: string;
  readonly muslim: boolean;
}

/** How modern a birth year's names are: 0 before 1965, 1 after 2005. */
function modernity(birthYear: number): number {
  return Math.min(1, Math.max(0, (birthYear - 1965) / 40));
}

function givenToken(rng: Random, pools: FlavourPools, sex: Sex, modern: number): string {
  const old = nextFloat(rng) >= modern;
  if (sex === 'male') return pickWeighted(rng, old ? pools.maleOld : pools.maleModern);
  return pickWeighted(rng, old ? pools.femaleOld : pools.femaleModern);
}

function femaleCaste(title: string): string {
  if (title === 'IDA BAGUS') return 'IDA AYU';
  if (title === 'GUSTI') return 'GUSTI AYU';
  if (title === 'DEWA') return 'DESAK';
  if (title === 'ANAK AGUNG') return 'ANAK AGUNG AYU';
  return title;
}

/**
 * Draws a full name for one person.
 *
 * @example
 * drawName(createRandom(1), 'javanese', 'female', 1958, {}).name // → e.g. 'SRI WAHYUNI'
 */
export function drawName(rng: Random, flavour: NameFlavour, sex: Sex, birthYear: number, context: NameContext, style: NameStyle = {}): DrawnName {
  const f = NAME_FLAVOURS[flavour];
  const pools = poolsOf(flavour, style.firstNamePool);
  const modern = modernity(birthYear);
  const muslim = chance(rng, f.muslim);
  const tokens: string[] = [];

  if (flavour === 'balinese') {
    if (style.singleNameShare !== undefined && chance(rng, style.singleNameShare)) {
      const token = givenToken(rng, pools, sex, modern);
      return { name: token, firstGiven: token, muslim: false };
    }
    if (context.casteTitle) tokens.push(sex === 'male' ? context.casteTitle : femaleCaste(context.casteTitle));
    else {
      tokens.push(sex === 'male' ? 'I' : 'NI');
      const order = context.birthOrder ?? Math.floor(nextFloat(rng) * 4);
      tokens.push(pick(rng, BALINESE_ORDER_NAMES[order % 4]!));
    }
    const count = chance(rng, 0.6) ? 1 : 2;
    for (let i = 0; i < count; i++) {
      const token = givenToken(rng, pools, sex, modern);
      if (!tokens.includes(token)) tokens.push(token);
    }
    return { name: tokens.join(' '), firstGiven: tokens[tokens.length - 1]!, muslim: false };
  }

  const single =
    style.singleNameShare !== undefined
      ? chance(rng, style.singleNameShare)
      : birthYear < 1965
        ? chance(rng, f.singleNameOld)
        : chance(rng, f.singleNameOld * 0.25 + 0.02);
  if (muslim && sex === 'male') {
    if (chance(rng, 0.07 + 0.16 * modern)) {
      muhammadTable ??= zipfTable(MUHAMMAD_FORMS, 1.4);
      tokens.push(pickWeighted(rng, muhammadTable));
    } else if (chance(rng, 0.07)) {
      malePrefixTable ??= zipfTable(MALE_MUSLIM_PREFIXES, 1);
      tokens.push(pickWeighted(rng, malePrefixTable));
    }
  } else if (muslim && sex === 'female') {
    if (flavour === 'javanese' && chance(rng, 0.16 - 0.08 * modern)) tokens.push('SRI');
    else if (chance(rng, 0.13 - 0.07 * modern)) tokens.push(flavour === 'bugis' && chance(rng, 0.5) ? 'SITTI' : 'SITI');
    else if (chance(rng, 0.06)) tokens.push('NUR');
  }
  // `single` is the only way to a one-word name, so its rate is the single-name rate.
  if (single) tokens.length = 0;
  let total = 1;
  if (!single) {
    const u = nextFloat(rng);
    total = modern < 0.4 ? (u < 0.85 ? 2 : 3) : u < 0.55 ? 2 : u < 0.93 ? 3 : 4;
  }
  const given = Math.max(1, total - tokens.length);
  const start = tokens.length;
  for (let guard = 0; tokens.length - start < given && tokens.length < 4 && guard < 8; guard++) {
    const token = givenToken(rng, pools, sex, modern);
    if (!tokens.includes(token)) tokens.push(token);
  }
  const firstGiven = tokens[start] ?? tokens[0] ?? 'NN';

  let surname: string | undefined;
  if (f.surnameRule !== 'none' && !single && pools.surnames) {
    if (context.surname !== undefined && chance(rng, f.surnameShare)) surname = context.surname;
    else if (context.surname === undefined && chance(rng, f.surnameRule === 'marga' ? 0.97 : f.surnameShare)) {
      surname = pickWeighted(rng, pools.surnames);
      for (let i = 0; i < 4 && surname === context.avoidSurname; i++) surname = pickWeighted(rng, pools.surnames);
    }
    if (surname !== undefined) {
      if (tokens.length >= 3) tokens.length = 2;
      if (f.surnameRule === 'marga' && sex === 'female' && chance(rng, 0.45)) tokens.push('BR');
      tokens.push(surname);
    }
  } else if (f.patronymic > 0 && context.fatherGiven && !single && tokens.length < 3 && chance(rng, f.patronymic)) {
    tokens.push(sex === 'male' ? 'BIN' : 'BINTI', context.fatherGiven);
  }
  return { name: tokens.join(' '), ...(surname !== undefined ? { surname } : {}), firstGiven, muslim };
}

/**
 * Draws the titles a person holds (hajj, degrees) that some sources print around the name.
 *
 * @example
 * drawTitles(createRandom(1), 'male', 1955, true) // → {} or { prefix: 'H.' } or { suffix: 'S.PD' }
 */
export function drawTitles(rng: Random, sex: Sex, birthYear: number, muslim: boolean): { prefix?: string; suffix?: string } {
  const titles: { prefix?: string; suffix?: string } = {};
  if (muslim && birthYear < 1975 && chance(rng, 0.1)) titles.prefix = sex === 'male' ? TITLES.hajjMale : TITLES.hajjFemale;
  else if (birthYear < 1970 && chance(rng, 0.025)) titles.prefix = pick(rng, TITLES.degreesPrefix);
  if (birthYear >= 1950 && birthYear <= 2000 && chance(rng, 0.06)) titles.suffix = pick(rng, TITLES.degreesSuffix);
  return titles;
}

/**
 * A Balinese caste title for a small share of families, or undefined.
 *
 * @example
 * drawCasteTitle(createRandom(1)) // → usually undefined, sometimes 'IDA BAGUS'
 */
export function drawCasteTitle(rng: Random): string | undefined {
  return chance(rng, 0.06) ? pick(rng, BALINESE_CASTE_TITLES) : undefined;
}
