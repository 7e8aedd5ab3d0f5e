/**
 * Sources observing the true population: each sees some dwellings at some date, records what was
 * true then (the family and KK before a split, the address before a move, the dead not yet removed),
 * and adds its own dirt. Every record comes with its ground truth, kept apart.
 */
import { addYears, dayOf, isoOf } from './dates.js';
import type { NoiseKind } from './noise.data.js';
import {
  caseVariant,
  dateNoise,
  dropToken,
  identifierTypo,
  initial,
  nameVariant,
  ocrConfusion,
  oldSpelling,
  resolveNoiseRates,
  spacing,
  swapTokens,
  typo,
  type NoiseOption,
} from './noise.js';
import { TITLES } from './names.data.js';
import { synthRegionIndex } from './regionIndex.js';
import { generatePopulationGroups, POPULATION_OPTIONS, resolvePopulationOptions, type GeneratePopulationOptions } from './population.js';
import { chance, createRandom, nextFloat, nextInt, pick, pickWeighted, weightedTable, type Random, type WeightedTable } from './random.js';
import { CITIZEN_STATUS_WEIGHTS, MAX_SOURCES_PER_PERSON, SOURCE_ORDER, SOURCE_PROFILES, VERIFICATION_LEVEL_WEIGHTS } from './sources.data.js';
import type {
  MaritalStatus,
  PopulationUnit,
  Relationship,
  SynthAddress,
  SynthChannel,
  SynthHousing,
  SynthPersonRecord,
  SyntheticItem,
  SyntheticSource,
  TrueDwelling,
  TrueFamily,
  TruePerson,
} from './types.js';
import { checkOptionBag, checkStrings, type OptionKinds } from '../_internal/arguments.js';
import { PadanError } from '../_internal/error.js';

/** Options of `generateSources`: the population's options plus noise and the sources to emit. */
export interface GenerateSourcesOptions extends GeneratePopulationOptions {
  /** `'clean' | 'default' | 'heavy'`, or a preset with per-kind / per-source rate overrides. Default `'default'`. */
  readonly noise?: NoiseOption;
  /** Which sources to emit. Default: all seven. */
  readonly sources?: readonly SyntheticSource[];
}

/** The options of `generateSources`, by kind. */
export const SOURCES_OPTIONS: OptionKinds = { ...POPULATION_OPTIONS, noise: 'any', sources: 'strings' };

/** What a source sees of one person on one date. */
interface Presence {
  readonly person: TruePerson;
  readonly familyId: string;
  readonly householdId: string;
  readonly relationship: Relationship;
  readonly maritalStatus: MaritalStatus;
  readonly kk: string;
  readonly address: SynthAddress;
  readonly dead: boolean;
  readonly labels: string[];
  /** Use the person's second NIK (NIK ganda) in this record. */
  readonly secondNik?: boolean;
}

interface Observation {
  readonly source: SyntheticSource;
  readonly day: number;
  readonly dwelling: TrueDwelling;
  readonly families: Map<string, Presence[]>;
  readonly channel: SynthChannel;
}

interface SourceState {
  readonly source: SyntheticSource;
  readonly rates: Record<NoiseKind, number>;
  readonly scramble: number;
  readonly prefix: string;
  counter: number;
}

interface Context {
  readonly rng: Random;
  readonly ref: number;
  readonly states: Map<SyntheticSource, SourceState>;
  readonly levels: WeightedTable<'village' | 'district' | 'regency' | 'province' | 'national'>;
  readonly statuses: WeightedTable<'pending' | 'accepted' | 'rejected'>;
}

/** Group lookups. */
interface Group {
  readonly persons: Map<string, TruePerson>;
  readonly families: Map<string, TrueFamily>;
  readonly dwellings: Map<string, TrueDwelling>;
  readonly list: readonly TruePerson[];
  /** Each address as each source writes it, shared by the group's records (see `addressAs`). */
  readonly addressViews: Map<SynthAddress, Partial<Record<SyntheticSource, SynthAddress>>>;
}

function groupOf(units: readonly PopulationUnit[]): Group {
  const persons = new Map<string, TruePerson>();
  const families = new Map<string, TrueFamily>();
  const dwellings = new Map<string, TrueDwelling>();
  const list: TruePerson[] = [];
  for (const unit of units) {
    dwellings.set(unit.dwelling.id, unit.dwelling);
    for (const f of unit.families) families.set(f.id, f);
    for (const p of unit.persons) {
      persons.set(p.id, p);
      list.push(p);
    }
  }
  return { persons, families, dwellings, list, addressViews: new Map() };
}

const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Record ids: a bijective scramble of a per-source counter, so ids carry no order or grouping. */
function nextRecordId(state: SourceState): string {
  const n = ++state.counter;
  let x = (Math.imul(n, 0x2c1b3c6d) ^ state.scramble) >>> 0;
  let id = '';
  for (let i = 0; i < 7; i++) {
    id = BASE32[x & 31]! + id;
    x >>>= 5;
  }
  return state.prefix + id;
}

function kkVersionAt(family: TrueFamily, iso: string): { kk: string; headId: string; latest: boolean } {
  const history = family.kkHistory;
  let index = 0;
  for (let i = 0; i < history.length; i++) if (history[i]!.issuedAt <= iso) index = i;
  const v = history[index]!;
  return { kk: v.kk, headId: v.headId, latest: index === history.length - 1 };
}

/** The person as a source sees them on `day`, or undefined if not part of any household then. */
function presenceAt(group: Group, p: TruePerson, iso: string): Presence | undefined {
  if (p.birthDate > iso) return undefined;
  if (p.joinedAt !== undefined && p.joinedAt > iso) return undefined;
  const labels: string[] = [];
  const beforeSplit = p.splitDate !== undefined && iso < p.splitDate;
  const familyId = beforeSplit ? p.formerFamilyId! : p.familyId;
  const householdId = beforeSplit ? p.formerHouseholdId! : p.householdId;
  let relationship: Relationship = beforeSplit ? p.formerRelationship! : p.relationship;
  const family = group.families.get(familyId)!;
  const version = kkVersionAt(family, iso);
  if (version.headId === p.id) relationship = 'head';
  else if (relationship === 'head') relationship = 'spouse';
  if (beforeSplit) labels.push('kk-split-before');
  else if (p.splitDate !== undefined) labels.push('kk-split-after');
  else if (!version.latest) labels.push('kk-old');
  const spouse = p.spouseId !== undefined ? group.persons.get(p.spouseId) : undefined;
  let maritalStatus: MaritalStatus = p.maritalStatus;
  if (spouse) {
    const married = spouse.joinedAt ?? p.joinedAt;
    if (married !== undefined && married > iso) maritalStatus = 'single';
    else if (spouse.deathDate !== undefined) maritalStatus = spouse.deathDate <= iso ? 'widowed' : 'married';
  }
  const dwelling = group.dwellings.get(householdId)!;
  let address = dwelling.address;
  if (dwelling.movedAt !== undefined && iso < dwelling.movedAt) {
    address = dwelling.previousAddress!;
    labels.push('moved-old-address');
  }
  const dead = p.deathDate !== undefined && p.deathDate <= iso;
  if (dead) labels.push('deceased');
  if (p.twinOf !== undefined) labels.push('twin');
  return { person: p, familyId, householdId, relationship, maritalStatus, kk: version.kk, address, dead, labels };
}

function covered(rng: Random, source: SyntheticSource, wealth: number): boolean {
  for (const [upTo, p] of SOURCE_PROFILES[source].coverage) if (wealth <= upTo) return chance(rng, p);
  return false;
}

function observationDay(ctx: Context, source: SyntheticSource): number {
  const [from, to] = SOURCE_PROFILES[source].window;
  return nextInt(ctx.rng, addYears(ctx.ref, -from), addYears(ctx.ref, -to));
}

function channelOf(ctx: Context, source: SyntheticSource, action?: 'proposal' | 'correction' | 'objection'): SynthChannel {
  switch (source) {
    case 'dukcapil':
      return { kind: 'registry' };
    case 'dtks':
    case 'p3ke':
      return { kind: 'registry' };
    case 'regsosek':
    case 'housing':
      return { kind: 'survey' };
    case 'musrenbang':
      return { kind: 'formal', verificationLevel: pickWeighted(ctx.rng, ctx.levels) };
    case 'citizen': {
      const status = pickWeighted(ctx.rng, ctx.statuses);
      const channel: SynthChannel = { kind: 'citizen', action: action ?? 'proposal', status };
      if (action === 'correction') channel.fields = [pick(ctx.rng, ['name', 'birthDate', 'nik', 'address', 'kk'])];
      return channel;
    }
  }
}

/** Every observation of one group by every enabled source, before the per-person cap. */
function observeGroup(ctx: Context, group: Group, units: readonly PopulationUnit[], enabled: ReadonlySet<SyntheticSource>): Observation[] {
  const rng = ctx.rng;
  const observations: Observation[] = [];
  for (const source of SOURCE_ORDER) {
    if (!enabled.has(source)) {
      // Draw anyway so enabling or disabling a source does not shift the others' randomness.
      for (let i = 0; i < units.length * 2; i++) nextFloat(rng);
      continue;
    }
    for (const unit of units) {
      const dwelling = unit.dwelling;
      const isCovered = covered(rng, source, dwelling.wealth);
      const day = observationDay(ctx, source);
      let included = isCovered;
      let action: 'proposal' | 'correction' | 'objection' | undefined;
      if (source === 'musrenbang' && !included) {
        // Village deliberations pick up households where something recently changed.
        const since = isoOf(addYears(ctx.ref, -2));
        const recent = unit.persons.some((p) => (p.splitDate ?? p.deathDate ?? p.birthDate) > since);
        included = recent && chance(rng, 0.06);
      }
      if (!included) continue;
      if (source === 'citizen') action = dwelling.wealth < 0.5 ? (chance(rng, 0.7) ? 'proposal' : 'correction') : chance(rng, 0.6) ? 'objection' : 'correction';
      const iso = isoOf(day);
      const families = new Map<string, Presence[]>();
      const profile = SOURCE_PROFILES[source];
      for (const p of group.list) {
        const presence = presenceAt(group, p, iso);
        if (!presence || presence.householdId !== dwelling.id) continue;
        if (presence.dead && source !== 'dukcapil' && !chance(rng, ctx.states.get(source)!.rates['deceased-kept'])) continue;
        if (profile.memberOmission > 0 && chance(rng, profile.memberOmission)) continue;
        let list = families.get(presence.familyId);
        if (!list) families.set(presence.familyId, (list = []));
        if (p.secondNik !== undefined && dwelling.movedAt !== undefined && iso > dwelling.movedAt) {
          // A duplicate registration: the registry holds both; other sources saw either number.
          if (source === 'dukcapil') list.push({ ...presence, labels: [...presence.labels, 'nik-second'], secondNik: true });
          else if (chance(rng, 0.5)) {
            list.push({ ...presence, labels: [...presence.labels, 'nik-second'], secondNik: true });
            continue;
          }
        }
        list.push(presence);
      }
      // The registry observation is kept even when empty: capSources may put an omitted person back.
      if (families.size === 0 && source !== 'dukcapil') continue;
      if (profile.headOnly) {
        // The household head: head of the first family observed.
        const first = [...families.values()][0]!;
        const head = first.find((m) => m.relationship === 'head') ?? first[0]!;
        families.clear();
        families.set(head.familyId, [head]);
      } else if ((source === 'dtks' || source === 'citizen' || source === 'musrenbang') && families.size > 1) {
        // Family-based lists register each KK on its own: some KKs of a dwelling are not on them.
        for (const key of [...families.keys()]) if (families.size > 1 && chance(rng, 0.3)) families.delete(key);
      }
      if (source === 'citizen' && action === 'correction') {
        const first = [...families.entries()][0]!;
        families.clear();
        families.set(first[0], [pick(rng, first[1])]);
      }
      observations.push({ source, day, dwelling, families, channel: channelOf(ctx, source, action) });
    }
  }
  return observations;
}

/** Caps each person at MAX_SOURCES_PER_PERSON and guarantees at least one (the registry). */
function capSources(group: Group, observations: Observation[], enabled: ReadonlySet<SyntheticSource>): void {
  const seen = new Map<string, Set<SyntheticSource>>();
  for (const o of observations) {
    for (const members of o.families.values()) {
      for (const m of members) {
        let set = seen.get(m.person.id);
        if (!set) seen.set(m.person.id, (set = new Set()));
        set.add(o.source);
      }
    }
  }
  const dropOrder: SyntheticSource[] = ['citizen', 'musrenbang', 'housing', 'p3ke', 'regsosek', 'dtks'];
  for (const [personId, set] of seen) {
    if (set.size <= MAX_SOURCES_PER_PERSON) continue;
    const drop = new Set<SyntheticSource>();
    for (const s of dropOrder) if (set.size - drop.size > MAX_SOURCES_PER_PERSON && set.has(s)) drop.add(s);
    for (const o of observations) {
      if (!drop.has(o.source)) continue;
      for (const [fid, members] of o.families) {
        const kept = members.filter((m) => m.person.id !== personId);
        if (kept.length === 0) o.families.delete(fid);
        else o.families.set(fid, kept);
      }
    }
  }
  // Someone left out everywhere (omitted by the registry too) is put back into the registry extract.
  if (!enabled.has('dukcapil')) return;
  const registry = observations.filter((o) => o.source === 'dukcapil');
  for (const p of group.list) {
    if (seen.has(p.id)) continue;
    for (const o of registry) {
      const presence = presenceAt(group, p, isoOf(o.day));
      if (!presence || presence.householdId !== o.dwelling.id) continue;
      let list = o.families.get(presence.familyId);
      if (!list) o.families.set(presence.familyId, (list = []));
      list.push(presence);
      break;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Records

const NAME_NOISES: readonly (readonly [NoiseKind, (rng: Random, text: string) => string | undefined])[] = [
  ['name-variant', nameVariant],
  ['name-spacing', spacing],
  ['name-initial', initial],
  ['name-token-dropped', dropToken],
  ['name-swapped', swapTokens],
  ['name-typo', typo],
  ['name-ocr', ocrConfusion],
];

function oldSpellingFactor(birthDate: string): number {
  const year = Number(birthDate.slice(0, 4));
  return year < 1955 ? 4 : year < 1970 ? 2 : year < 1985 ? 0.6 : 0.15;
}

// Honorifics (BPK., IBU) go on adults only.
const ADULT_BORN_BEFORE = '2007-01-01';

function noisyName(rng: Random, p: TruePerson, dead: boolean, rates: Record<NoiseKind, number>, noise: string[]): string {
  let name = p.name;
  if (chance(rng, rates['name-old-spelling'] * oldSpellingFactor(p.birthDate))) {
    const changed = oldSpelling(rng, name);
    if (changed !== undefined) {
      name = changed;
      noise.push('name-old-spelling');
    }
  }
  for (const [kind, apply] of NAME_NOISES) {
    if (!chance(rng, rates[kind])) continue;
    const changed = apply(rng, name);
    if (changed !== undefined && changed !== name) {
      name = changed;
      noise.push(kind);
    }
  }
  if ((p.titlePrefix !== undefined || p.titleSuffix !== undefined) && chance(rng, rates['name-title'])) {
    if (p.titlePrefix !== undefined && (p.titleSuffix === undefined || chance(rng, 0.6))) name = `${p.titlePrefix} ${name}`;
    else name = `${name}, ${p.titleSuffix}`;
    noise.push('name-title');
  }
  const adult = p.birthDate < ADULT_BORN_BEFORE;
  if (adult && chance(rng, rates['name-honorific'])) {
    const word =
      dead && chance(rng, 0.6)
        ? p.sex === 'male'
          ? pick(rng, ['ALM.', 'ALMARHUM'])
          : pick(rng, ['ALMH.', 'ALMARHUMAH'])
        : pick(rng, p.sex === 'male' ? TITLES.honorificsMale : TITLES.honorificsFemale);
    name = `${word} ${name}`;
    noise.push('name-honorific');
  }
  if (chance(rng, rates['name-case'])) {
    const changed = caseVariant(rng, name);
    if (changed !== undefined && changed !== name) {
      name = changed;
      noise.push('name-case');
    }
  }
  return name;
}

function noisyMotherName(rng: Random, name: string): string {
  const u = nextFloat(rng);
  const changed =
    u < 0.3 ? typo(rng, name) : u < 0.5 ? nameVariant(rng, name) : u < 0.7 ? dropToken(rng, name) : u < 0.85 ? oldSpelling(rng, name) : spacing(rng, name);
  return changed ?? name;
}

let officialNames: Map<string, string[]> | undefined;

/** Birth-place name → the official names of the regencies written that way. */
function officialRegencyNames(): Map<string, string[]> {
  if (!officialNames) {
    officialNames = new Map();
    const index = synthRegionIndex();
    for (const [code, place] of index.birthPlace) {
      const list = officialNames.get(place) ?? [];
      list.push(index.regencyName.get(code) ?? place);
      officialNames.set(place, list);
    }
  }
  return officialNames;
}

function birthPlaceVariant(rng: Random, place: string, address: SynthAddress): string {
  const u = nextFloat(rng);
  if (u < 0.35) return typo(rng, place) ?? place;
  if (u < 0.6) {
    // The official regency name (KABUPATEN BOGOR / KOTA BOGOR), sometimes abbreviated.
    const official = officialRegencyNames().get(place);
    if (!official) return typo(rng, place) ?? place;
    const name = pick(rng, official);
    return chance(rng, 0.5) ? name.replace(/^KABUPATEN /, 'KAB. ') : name;
  }
  if (u < 0.75) return oldSpelling(rng, place) ?? typo(rng, place) ?? place;
  // The village or district written instead of the regency.
  return address.text?.split(' KEC. ')[1] ?? place;
}

const WRONG_RELATIONSHIP: Readonly<Record<Relationship, readonly Relationship[]>> = {
  head: ['spouse', 'other'],
  spouse: ['head', 'other-relative'],
  child: ['grandchild', 'other-relative', 'child-in-law'],
  'child-in-law': ['child', 'other-relative'],
  grandchild: ['child', 'other-relative'],
  parent: ['parent-in-law', 'other-relative'],
  'parent-in-law': ['parent', 'other-relative'],
  'other-relative': ['child', 'other'],
  other: ['other-relative'],
};

// How each source writes an address: the registry in structured fields, surveys with codes and the
// free text the enumerator wrote, citizens in free text only.
const ADDRESS_FIELDS: Readonly<Record<SyntheticSource, readonly (keyof SynthAddress)[]>> = {
  dukcapil: ['provinceCode', 'regencyCode', 'districtCode', 'villageCode', 'rt', 'rw', 'street'],
  dtks: ['provinceCode', 'regencyCode', 'districtCode', 'villageCode', 'rt', 'rw', 'text'],
  regsosek: ['provinceCode', 'regencyCode', 'districtCode', 'villageCode', 'rt', 'rw', 'street'],
  p3ke: ['provinceCode', 'regencyCode', 'districtCode', 'villageCode', 'text'],
  housing: ['provinceCode', 'regencyCode', 'districtCode', 'villageCode', 'rt', 'rw', 'street', 'text'],
  musrenbang: ['villageCode', 'rt', 'rw', 'street'],
  citizen: ['districtCode', 'text'],
};

/**
 * The address as `source` writes it: one shared object per source and address within a group. The
 * cache lives with the group, not in a module-level WeakMap: a million weak entries made every full
 * collection of the process spend seconds on ephemeron marking.
 */
function addressAs(group: Group, source: SyntheticSource, address: SynthAddress): SynthAddress {
  let views = group.addressViews.get(address);
  if (!views) group.addressViews.set(address, (views = {}));
  let view = views[source];
  if (!view) {
    view = {};
    for (const field of ADDRESS_FIELDS[source]) if (address[field] !== undefined) view[field] = address[field];
    views[source] = view;
  }
  return view;
}

function partialAddress(rng: Random, address: SynthAddress): SynthAddress {
  const u = nextFloat(rng);
  if (u < 0.35) {
    const { villageCode: _v, ...rest } = address;
    return rest;
  }
  if (u < 0.6) {
    const { rt: _rt, rw: _rw, ...rest } = address;
    return rest;
  }
  return address.text !== undefined ? { text: address.text } : address;
}

function relativeNik(rng: Random, group: Group, p: TruePerson): string | undefined {
  const ids = [p.spouseId, p.fatherId, p.motherId, p.twinOf].filter((x): x is string => x !== undefined);
  for (const other of group.list) if (other.fatherId === p.id || other.motherId === p.id) ids.push(other.id);
  if (ids.length === 0) return undefined;
  return group.persons.get(pick(rng, ids))?.nik;
}

interface FamilyNoise {
  readonly kk: string | null;
  readonly kkLabel: NoiseKind | undefined;
  readonly reuseNik: string | undefined;
  /** The NIK of the family's KK head on the observation date (for `nik-head`). */
  readonly headNik: string | undefined;
}

function familyNoise(rng: Random, members: readonly Presence[], rates: Record<NoiseKind, number>, headNik: string | undefined): FamilyNoise {
  const kk = members[0]!.kk;
  let value: string | null = kk;
  let kkLabel: NoiseKind | undefined;
  if (chance(rng, rates['kk-missing'])) {
    value = null;
    kkLabel = 'kk-missing';
  } else if (chance(rng, rates['kk-typo'])) {
    value = identifierTypo(rng, kk) ?? kk;
    kkLabel = 'kk-typo';
  }
  let reuseNik: string | undefined;
  if (members.length > 1 && chance(rng, rates['nik-family-reuse'])) {
    reuseNik = (members.find((m) => m.relationship === 'head') ?? members[0]!).person.nik;
  }
  return { kk: value, kkLabel, reuseNik, headNik };
}

function personRecord(
  ctx: Context,
  state: SourceState,
  group: Group,
  o: Observation,
  m: Presence,
  fam: FamilyNoise,
): { record: SynthPersonRecord; noise: string[] } {
  const rng = ctx.rng;
  const rates = state.rates;
  const p = m.person;
  const noise: string[] = [...m.labels];
  const name = noisyName(rng, p, m.dead, rates, noise);

  const ownNik = m.secondNik === true && p.secondNik !== undefined ? p.secondNik : p.nik;
  let nik: string | null = ownNik;
  if (fam.reuseNik !== undefined && fam.reuseNik !== ownNik) {
    nik = fam.reuseNik;
    noise.push('nik-family-reuse');
  } else if (m.relationship !== 'head' && fam.headNik !== undefined && fam.headNik !== ownNik && chance(rng, rates['nik-head'])) {
    nik = fam.headNik;
    noise.push('nik-head');
  } else if (chance(rng, rates['nik-missing'])) {
    nik = null;
    noise.push('nik-missing');
  } else if (chance(rng, rates['nik-typo'])) {
    nik = identifierTypo(rng, ownNik) ?? ownNik;
    noise.push('nik-typo');
  } else if (chance(rng, rates['nik-excel']) && !ownNik.endsWith('0')) {
    nik = ownNik.slice(0, 15) + '0';
    noise.push('nik-excel');
  } else if (chance(rng, rates['nik-relative'])) {
    const other = relativeNik(rng, group, p);
    if (other !== undefined) {
      nik = other;
      noise.push('nik-relative');
    }
  }
  if (fam.kkLabel !== undefined) noise.push(fam.kkLabel);

  let birthDate: string | null = p.birthDate;
  let placeholder = false;
  if (chance(rng, rates['birth-missing'])) {
    birthDate = null;
    noise.push('birth-missing');
  } else {
    for (const kind of ['birth-placeholder', 'birth-year-only', 'birth-day-month-swapped', 'birth-year-off'] as const) {
      if (!chance(rng, rates[kind])) continue;
      const changed = dateNoise(rng, birthDate!, kind);
      if (changed === undefined) continue;
      birthDate = changed;
      noise.push(kind);
      if (kind === 'birth-placeholder') placeholder = chance(rng, 0.4);
      if (kind === 'birth-year-only') break;
    }
  }

  let sex: TruePerson['sex'] | null = p.sex;
  if (chance(rng, rates['sex-missing'])) {
    sex = null;
    noise.push('sex-missing');
  } else if (chance(rng, rates['sex-wrong'])) {
    sex = p.sex === 'male' ? 'female' : 'male';
    noise.push('sex-wrong');
  }

  let birthPlace: string | null = p.birthPlace;
  if (chance(rng, rates['birthplace-missing'])) {
    birthPlace = null;
    noise.push('birthplace-missing');
  } else if (chance(rng, rates['birthplace-variant'])) {
    const changed = birthPlaceVariant(rng, p.birthPlace, m.address);
    if (changed !== p.birthPlace) {
      birthPlace = changed;
      noise.push('birthplace-variant');
    }
  }

  let motherName: string | null = p.motherName;
  if (chance(rng, rates['mother-missing'])) {
    motherName = null;
    noise.push('mother-missing');
  } else if (chance(rng, rates['mother-variant'])) {
    const changed = noisyMotherName(rng, p.motherName);
    if (changed !== p.motherName) {
      motherName = changed;
      noise.push('mother-variant');
    }
  }

  let relationship: Relationship | null = m.relationship;
  if (chance(rng, rates['relationship-missing'])) {
    relationship = null;
    noise.push('relationship-missing');
  } else if (chance(rng, rates['relationship-wrong'])) {
    relationship = pick(rng, WRONG_RELATIONSHIP[m.relationship]);
    noise.push('relationship-wrong');
  }

  let address: SynthAddress = addressAs(group, o.source, m.address);
  const dwelling = o.dwelling;
  if (!m.labels.includes('moved-old-address') && dwelling.movedAt !== undefined && dwelling.id === m.householdId && chance(rng, rates['address-stale'])) {
    address = addressAs(group, o.source, dwelling.previousAddress!);
    noise.push('address-stale', 'moved-old-address');
  }
  if (chance(rng, rates['address-partial'])) {
    address = partialAddress(rng, address);
    noise.push('address-partial');
  }

  const record: SynthPersonRecord = {
    source: o.source,
    recordId: nextRecordId(state),
    observedAt: isoOf(o.day),
    channel: o.channel,
    nik,
    kk: fam.kk,
    name,
    sex,
    birthDate,
    ...(placeholder ? { birthDatePlaceholder: true } : {}),
    birthPlace,
    motherName,
    relationship,
    maritalStatus: m.maritalStatus,
    address,
  };
  if (o.source === 'dukcapil') {
    const flagged = m.dead && !chance(rng, rates['deceased-kept']);
    record.deceased = flagged;
    if (m.dead && !flagged) noise.push('deceased-kept');
  } else if (m.dead) noise.push('deceased-kept');
  if (o.source === 'p3ke') record.extra = { desil: Math.min(4, 1 + Math.floor(dwelling.wealth * 10)) };
  return { record, noise };
}

function perturbHousing(rng: Random, housing: SynthHousing): SynthHousing {
  // A second survey of the same house rarely reports the same floor area to the metre.
  const copy: SynthHousing = { ...housing };
  if (copy.floorAreaM2 !== undefined && chance(rng, 0.5)) copy.floorAreaM2 = Math.max(6, Math.round(copy.floorAreaM2 * (0.8 + nextFloat(rng) * 0.4)));
  return copy;
}

function* emitObservation(ctx: Context, group: Group, o: Observation): Generator<SyntheticItem, void, undefined> {
  const state = ctx.states.get(o.source)!;
  const profile = SOURCE_PROFILES[o.source];
  const kks: string[] = [];
  let householdHead: { nik: string | null; name: string } | undefined;
  for (const [familyId, members] of o.families) {
    const family = group.families.get(familyId);
    const headNik = family === undefined ? undefined : group.persons.get(kkVersionAt(family, isoOf(o.day)).headId)?.nik;
    const fam = familyNoise(ctx.rng, members, state.rates, headNik);
    let head: { nik: string | null; name: string } | undefined;
    const niks: string[] = [];
    for (const m of members) {
      const { record, noise } = personRecord(ctx, state, group, o, m, fam);
      if (m.relationship === 'head' || head === undefined) head = { nik: record.nik ?? null, name: record.name };
      if (record.nik) niks.push(record.nik);
      yield {
        kind: 'person',
        record,
        truth: { source: o.source, recordId: record.recordId, personId: m.person.id, familyId, householdId: m.householdId, noise },
      };
    }
    if (fam.kk !== null) kks.push(fam.kk);
    householdHead ??= head;
    if (profile.familyRecords && fam.kk !== null) {
      const recordId = nextRecordId(state);
      yield {
        kind: 'family',
        record: {
          source: o.source,
          recordId,
          observedAt: isoOf(o.day),
          channel: o.channel,
          kk: fam.kk,
          ...(head?.nik ? { headNik: head.nik } : {}),
          headName: head?.name ?? null,
          memberNiks: [...new Set(niks)],
          address: addressAs(group, o.source, members[0]!.address),
        },
        truth: { source: o.source, recordId, familyId, householdId: members[0]!.householdId },
      };
    }
  }
  if (profile.dwellingRecords && householdHead) {
    const recordId = nextRecordId(state);
    const first = [...o.families.values()][0]![0]!;
    yield {
      kind: 'dwelling',
      record: {
        source: o.source,
        recordId,
        observedAt: isoOf(o.day),
        channel: o.channel,
        ...(o.source === 'housing' ? { dwellingId: `RTLH/${first.address.districtCode ?? ''}/${recordId.slice(-5)}` } : {}),
        ...(householdHead.nik ? { headNik: householdHead.nik } : {}),
        headName: householdHead.name,
        kks: [...new Set(kks)],
        address: addressAs(group, o.source, first.address),
        housing: perturbHousing(ctx.rng, o.dwelling.housing),
      },
      truth: { source: o.source, recordId, householdId: first.householdId },
    };
  }
}

/**
 * Streams the source records observed from a synthetic population, each with its ground truth:
 * person records (with `truth.noise` labels), family (KK) records and dwelling records.
 *
 * @example
 * for (const item of generateSources({ seed: 1, persons: 1000 })) {
 *   if (item.kind === 'person') console.log(item.record.source, item.record.name, item.truth.noise);
 * }
 */
export function* generateSources(options: GenerateSourcesOptions = {}): Generator<SyntheticItem, void, undefined> {
  checkOptionBag(options, 'generateSources', SOURCES_OPTIONS);
  const resolved = resolvePopulationOptions(options);
  if (options.sources !== undefined) checkStrings(options.sources, 'generateSources', 'sources');
  const enabled = new Set<SyntheticSource>(options.sources ?? SOURCE_ORDER);
  for (const s of enabled) if (!SOURCE_ORDER.includes(s)) throw new PadanError('invalid-argument', `unknown source '${String(s)}'`);
  const states = new Map<SyntheticSource, SourceState>();
  for (const source of SOURCE_ORDER) {
    const scrambleRng = createRandom(resolved.seed, 100 + SOURCE_ORDER.indexOf(source));
    states.set(source, {
      source,
      rates: resolveNoiseRates(options.noise, source),
      scramble: nextInt(scrambleRng, 0, 0x7fffffff),
      prefix: `${SOURCE_PROFILES[source].prefix}-`,
      counter: 0,
    });
  }
  const ctx: Context = {
    rng: createRandom(resolved.seed, 2),
    ref: dayOf(resolved.referenceDate),
    states,
    levels: weightedTable(Object.keys(VERIFICATION_LEVEL_WEIGHTS) as (keyof typeof VERIFICATION_LEVEL_WEIGHTS)[], Object.values(VERIFICATION_LEVEL_WEIGHTS)),
    statuses: weightedTable(Object.keys(CITIZEN_STATUS_WEIGHTS) as (keyof typeof CITIZEN_STATUS_WEIGHTS)[], Object.values(CITIZEN_STATUS_WEIGHTS)),
  };
  for (const units of generatePopulationGroups(options)) {
    const group = groupOf(units);
    const observations = observeGroup(ctx, group, units, enabled);
    capSources(group, observations, enabled);
    for (const o of observations) yield* emitObservation(ctx, group, o);
  }
}
