import { checkOptionBag, checkOptions, checkStrings, invalidArgument, type OptionKinds } from '../_internal/arguments.js';
/**
 * The true population: dwellings holding one or more families (KK), each with a head, spouse,
 * children, sometimes elders, grandchildren and relatives; events over the last years (moves, KK
 * splits after marriage, deaths, twins). Generated one dwelling at a time so memory stays bounded.
 */
import { PadanError } from '../_internal/error.js';
import type { Region } from '../id/regions.js';
import { addYears, dayOf, isoOf, yearOf } from './dates.js';
import { housingFor } from './housing.js';
import { createSerialCounter, makeSynthKk, makeSynthNik, type SerialCounter } from './identifiers.js';
import type { NameFlavour } from './names.data.js';
import { drawCasteTitle, drawName, drawTitles, type NameContext, type NameStyle } from './names.js';
import { chance, createRandom, nextFloat, nextInt, nextNormal, pick, pickWeighted, type Random } from './random.js';
import { codeIssuedAt, synthRegionIndex, type SynthRegionIndex } from './regionIndex.js';
import { STREET_NAMES, HAMLET_NAMES } from './address.data.js';
import type { KkVersion, MaritalStatus, PopulationUnit, Relationship, Sex, SynthAddress, TrueDwelling, TrueFamily, TruePerson } from './types.js';

/** Options of `generatePopulation`. */
export interface GeneratePopulationOptions {
  /** PRNG seed; same seed and options give the same population. Default 1. */
  readonly seed?: number | string;
  /** How many persons to generate (the last dwelling may overshoot by a few). Default 10,000. */
  readonly persons?: number;
  /** The "today" of the population: events happen before it, sources observe up to it. Default `2025-06-30`. */
  readonly referenceDate?: string;
  /** Restrict dwellings to these province codes (e.g. `['32', '51']`). Default: all, population-weighted. */
  readonly provinces?: readonly string[];
  /** Probability that a birth is a twin birth (two children, same birth date, same KK). Default 0.015. */
  readonly twinRate?: number;
  /**
   * Given names drawn from only this many names per name tradition and sex (the most common ones),
   * so many unrelated people share first names. Default: the full tables (80–200 per list).
   */
  readonly firstNamePool?: number;
  /** Share of persons with a one-word name, in every name tradition. Default: each tradition's own rate. */
  readonly singleNameShare?: number;
}

/** The options of `generatePopulation`, by kind (the sources' and the dataset writer's extend it). */
export const POPULATION_OPTIONS: OptionKinds = {
  seed: 'any',
  persons: 'number',
  referenceDate: 'string',
  provinces: 'strings',
  twinRate: 'number',
  firstNamePool: 'number',
  singleNameShare: 'number',
};

/** The default twin rate (twin births per birth). */
export const DEFAULT_TWIN_RATE = 0.015;

/** The default reference date. */
export const DEFAULT_SYNTH_REFERENCE_DATE = '2025-06-30';

interface Draft {
  id: string;
  familyId: string;
  householdId: string;
  flavour: NameFlavour;
  name: string;
  surname: string | undefined;
  firstGiven: string;
  muslim: boolean;
  sex: Sex;
  birthDay: number;
  birthPlace: string;
  nik: string;
  secondNik?: string;
  motherName: string;
  relationship: Relationship;
  maritalStatus: MaritalStatus;
  titlePrefix?: string;
  titleSuffix?: string;
  deathDay?: number;
  twinOf?: string;
  joinedDay?: number;
  formerFamilyId?: string;
  formerHouseholdId?: string;
  formerRelationship?: Relationship;
  splitDay?: number;
  fatherId?: string;
  motherId?: string;
  spouseId?: string;
}

interface FamilyDraft {
  id: string;
  householdId: string;
  members: Draft[];
  head: Draft;
  firstIssueDay: number;
  parentFamilyId?: string;
  /** District where the family lived when its first KK was issued. */
  firstDistrict: string;
}

interface Place {
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  village: Region;
}

interface GenState {
  readonly rng: Random;
  readonly regions: SynthRegionIndex;
  readonly ref: number;
  readonly nikCounter: SerialCounter;
  readonly kkCounter: SerialCounter;
  readonly provinceFilter: ReadonlySet<string> | undefined;
  readonly twinRate: number;
  readonly nameStyle: NameStyle;
  personSeq: number;
  familySeq: number;
  dwellingSeq: number;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function newPersonId(g: GenState): string {
  return `P${pad(++g.personSeq, 9)}`;
}

// ---------------------------------------------------------------------------------------------
// Places

function pickProvince(g: GenState): string {
  for (let i = 0; i < 1000; i++) {
    const p = pickWeighted(g.rng, g.regions.provinces);
    if (!g.provinceFilter || g.provinceFilter.has(p)) return p;
  }
  return [...g.provinceFilter!][0]!;
}

function placeInRegency(g: GenState, regencyCode: string): Place {
  const districts = g.regions.districtsByRegency.get(regencyCode)!;
  const districtCode = pick(g.rng, districts);
  return placeInDistrict(g, districtCode);
}

function placeInDistrict(g: GenState, districtCode: string): Place {
  const village = pick(g.rng, g.regions.villagesByDistrict.get(districtCode)!);
  return { provinceCode: districtCode.slice(0, 2), regencyCode: districtCode.slice(0, 4), districtCode, village };
}

function placeInProvince(g: GenState, provinceCode: string): Place {
  return placeInRegency(g, pickWeighted(g.rng, g.regions.regenciesByProvince.get(provinceCode)!));
}

/** A place near `home`: same district, same regency or same province, as moves mostly are. */
function nearbyPlace(g: GenState, home: Place): Place {
  const u = nextFloat(g.rng);
  if (u < 0.45) return placeInDistrict(g, home.districtCode);
  if (u < 0.8) return placeInRegency(g, home.regencyCode);
  if (u < 0.93) return placeInProvince(g, home.provinceCode);
  return placeInProvince(g, pickWeighted(g.rng, g.regions.migrantOrigins));
}

function addressOf(g: GenState, place: Place): SynthAddress {
  const rng = g.rng;
  const rt = pad(nextInt(rng, 1, 14), 3);
  const rw = pad(nextInt(rng, 1, 9), 3);
  const urban = Number(place.regencyCode.slice(2)) >= 71 || chance(rng, 0.25);
  const street = urban
    ? `JL. ${pick(rng, STREET_NAMES)}${chance(rng, 0.3) ? ` ${pick(rng, ['I', 'II', 'III', 'IV', 'RAYA', 'GG. 2', 'GG. 5'])}` : ''} NO. ${nextInt(rng, 1, 120)}`
    : `DUSUN ${pick(rng, HAMLET_NAMES)}`;
  const villageName = place.village.name.toUpperCase();
  const districtName = g.regions.districtName.get(place.districtCode) ?? '';
  return {
    provinceCode: place.provinceCode,
    regencyCode: place.regencyCode,
    districtCode: place.districtCode,
    villageCode: place.village.code,
    rt,
    rw,
    street,
    text: `${street} RT ${rt} RW ${rw} ${villageName} KEC. ${districtName}`,
  };
}

/** Where someone living in `home` was born: mostly nearby, some migrants from elsewhere. */
function birthDistrictFor(g: GenState, home: Place, localShare: number): string {
  const rng = g.rng;
  const u = nextFloat(rng);
  if (u < localShare * 0.55) return home.districtCode;
  if (u < localShare) return placeInRegency(g, home.regencyCode).districtCode;
  if (u < localShare + (1 - localShare) * 0.55) return placeInProvince(g, home.provinceCode).districtCode;
  return placeInProvince(g, pickWeighted(rng, g.regions.migrantOrigins)).districtCode;
}

// ---------------------------------------------------------------------------------------------
// Persons

interface PersonSpec {
  readonly flavour: NameFlavour;
  readonly sex: Sex;
  readonly birthDay: number;
  readonly relationship: Relationship;
  readonly maritalStatus: MaritalStatus;
  readonly familyId: string;
  readonly householdId: string;
  readonly birthDistrict: string;
  /** Where the family lived when this person was first registered (NIK region when not the birth place). */
  readonly registrationDistrict: string;
  readonly nameContext: NameContext;
  readonly motherName?: string;
}

function createPerson(g: GenState, spec: PersonSpec): Draft {
  const rng = g.rng;
  const year = yearOf(spec.birthDay);
  const drawn = drawName(rng, spec.flavour, spec.sex, year, spec.nameContext, g.nameStyle);
  // Older people got their NIK when SIAK / e-KTP reached where they lived, not where they were born.
  const nikDistrict = chance(rng, year >= 1990 ? 0.9 : 0.4) ? spec.birthDistrict : spec.registrationDistrict;
  const birthDate = isoOf(spec.birthDay);
  // When the NIK was issued: at birth registration for the young, with e-KTP (2011–2013) for adults.
  const issued = year >= 1995 ? isoOf(spec.birthDay + nextInt(rng, 10, 1500)) : `201${nextInt(rng, 1, 3)}-06-01`;
  const nikCode = codeIssuedAt(g.regions, nikDistrict, issued);
  const nik = makeSynthNik(g.nikCounter, g.regions.districtNumber.get(nikDistrict) ?? 0, nikCode, birthDate, spec.sex);
  const motherName = spec.motherName ?? drawName(rng, spec.flavour, 'female', year - nextInt(rng, 18, 38), {}, g.nameStyle).name;
  const draft: Draft = {
    id: newPersonId(g),
    familyId: spec.familyId,
    householdId: spec.householdId,
    flavour: spec.flavour,
    name: drawn.name,
    surname: drawn.surname,
    firstGiven: drawn.firstGiven,
    muslim: drawn.muslim,
    sex: spec.sex,
    birthDay: spec.birthDay,
    birthPlace: g.regions.birthPlace.get(spec.birthDistrict.slice(0, 4)) ?? '',
    nik,
    motherName,
    relationship: spec.relationship,
    maritalStatus: spec.maritalStatus,
  };
  if (year < 2003) {
    const titles = drawTitles(rng, spec.sex, year, drawn.muslim);
    if (titles.prefix) draft.titlePrefix = titles.prefix;
    if (titles.suffix) draft.titleSuffix = titles.suffix;
  }
  return draft;
}

function pickFlavour(g: GenState, provinceCode: string): NameFlavour {
  return pickWeighted(g.rng, g.regions.flavoursByProvince.get(provinceCode)!);
}

/** The spouse's flavour: mostly the same tradition, some mixed marriages. */
function spouseFlavour(g: GenState, own: NameFlavour, provinceCode: string): NameFlavour {
  return chance(g.rng, 0.88) ? own : pickFlavour(g, provinceCode);
}

// ---------------------------------------------------------------------------------------------
// Families

interface FamilyPlan {
  readonly home: Place;
  /** Where the household lived before a move (for birth and registration places). */
  readonly previousHome: Place | undefined;
  readonly movedDay: number | undefined;
  readonly householdId: string;
  readonly flavour: NameFlavour;
  readonly headAge: number;
}

function newFamilyId(g: GenState): string {
  return `F${pad(++g.familySeq, 9)}`;
}

function homeAt(plan: FamilyPlan, day: number): Place {
  return plan.previousHome && plan.movedDay !== undefined && day < plan.movedDay ? plan.previousHome : plan.home;
}

function childBirthDistrict(g: GenState, plan: FamilyPlan, birthDay: number): string {
  const home = homeAt(plan, birthDay);
  // Most births are registered in the home district; some at a hospital in the regency town.
  return chance(g.rng, 0.75) ? home.districtCode : placeInRegency(g, home.regencyCode).districtCode;
}

/**
 * A nuclear family: head, usually a spouse, children born over the marriage, sometimes an elder,
 * a grandchild or another relative. Returns the family with members not yet given KK versions.
 */
function buildFamily(g: GenState, plan: FamilyPlan): FamilyDraft {
  const rng = g.rng;
  const familyId = newFamilyId(g);
  const { home, householdId, flavour } = plan;
  const ref = g.ref;
  const headSex: Sex = chance(rng, plan.headAge > 60 ? 0.78 : 0.88) ? 'male' : 'female';
  const headBirth = addYears(ref, -plan.headAge) - nextInt(rng, 0, 364);
  const oldest = homeAt(plan, addYears(headBirth, 18));
  const headBirthDistrict = birthDistrictFor(g, oldest, 0.78);
  const surnameless: NameContext = {};
  const casteTitle = flavour === 'balinese' ? drawCasteTitle(rng) : undefined;
  const headContext: NameContext = casteTitle ? { casteTitle } : surnameless;
  const hasSpouse = headSex === 'male' ? chance(rng, plan.headAge < 24 ? 0.75 : plan.headAge > 70 ? 0.6 : 0.93) : chance(rng, 0.04);
  const headMarital: MaritalStatus = hasSpouse
    ? 'married'
    : headSex === 'female'
      ? chance(rng, 0.7)
        ? 'widowed'
        : 'divorced'
      : plan.headAge < 30
        ? 'single'
        : chance(rng, 0.6)
          ? 'widowed'
          : 'divorced';
  const head = createPerson(g, {
    flavour,
    sex: headSex,
    birthDay: headBirth,
    relationship: 'head',
    maritalStatus: headMarital,
    familyId,
    householdId,
    birthDistrict: headBirthDistrict,
    registrationDistrict: oldest.districtCode,
    nameContext: headContext,
  });
  const members: Draft[] = [head];

  let spouse: Draft | undefined;
  let marriageDay = addYears(headBirth, 19 + nextFloat(rng) * 9);
  if (hasSpouse) {
    const spouseSex: Sex = headSex === 'male' ? 'female' : 'male';
    const gap = spouseSex === 'female' ? -Math.max(-3, nextNormal(rng, 4, 3.5)) : Math.max(0, nextNormal(rng, 3, 2));
    const spouseBirth = Math.min(addYears(headBirth, -gap), addYears(ref, -17));
    const sf = spouseFlavour(g, flavour, home.provinceCode);
    spouse = createPerson(g, {
      flavour: sf,
      sex: spouseSex,
      birthDay: spouseBirth,
      relationship: 'spouse',
      maritalStatus: 'married',
      familyId,
      householdId,
      birthDistrict: birthDistrictFor(g, oldest, 0.7),
      registrationDistrict: oldest.districtCode,
      nameContext: sf === flavour && head.surname && sf === 'batak' ? { avoidSurname: head.surname } : {},
    });
    spouse.spouseId = head.id;
    head.spouseId = spouse.id;
    members.push(spouse);
    marriageDay = Math.max(marriageDay, addYears(spouseBirth, 17 + nextFloat(rng) * 4));
  }
  marriageDay = Math.min(marriageDay, addYears(ref, -0.3));

  // Children: the mother is whichever of head/spouse is female; without a spouse the head's children
  // carry the absent father's family name, drawn here.
  const mother = head.sex === 'female' ? head : spouse;
  const father = head.sex === 'male' ? head : spouse;
  const motherBirth = mother?.birthDay ?? headBirth;
  const birthYear = yearOf(motherBirth);
  const meanChildren = birthYear < 1955 ? 4 : birthYear < 1970 ? 3 : birthYear < 1985 ? 2.4 : 2;
  const wanted = Math.max(0, Math.round(nextNormal(rng, meanChildren, 1.3)));
  const fatherSurname = father?.surname ?? (head.sex === 'female' ? undefined : head.surname);
  const children: Draft[] = [];
  let day = marriageDay + nextInt(rng, 280, 900);
  const lastBirth = Math.min(addYears(motherBirth, 44), ref - 60);
  for (let order = 0; children.length < wanted && day <= lastBirth; order++) {
    const twins = chance(rng, g.twinRate);
    const count = twins ? 2 : 1;
    const births: Draft[] = [];
    for (let t = 0; t < count; t++) {
      const sex: Sex = chance(rng, 0.51) ? 'male' : 'female';
      let child: Draft | undefined;
      for (let attempt = 0; attempt < 4; attempt++) {
        child = createPerson(g, {
          flavour: father?.flavour ?? flavour,
          sex,
          birthDay: day,
          relationship: 'child',
          maritalStatus: 'single',
          familyId,
          householdId,
          birthDistrict: childBirthDistrict(g, plan, day),
          registrationDistrict: homeAt(plan, day).districtCode,
          nameContext: {
            birthOrder: order + t,
            ...(fatherSurname !== undefined ? { surname: fatherSurname } : {}),
            ...(father ? { fatherGiven: father.firstGiven } : {}),
            ...(casteTitle ? { casteTitle } : {}),
          },
          ...(mother ? { motherName: mother.name } : {}),
        });
        // Twins get different first names; redraw (reusing the id, with a fresh NIK) on a clash, and
        // keep the last draw if every attempt clashed.
        if (attempt === 3 || !births.some((b) => b.name === child!.name)) break;
        g.personSeq--;
      }
      if (father) child!.fatherId = father.id;
      if (mother) child!.motherId = mother.id;
      births.push(child!);
    }
    if (births.length === 2) {
      births[0]!.twinOf = births[1]!.id;
      births[1]!.twinOf = births[0]!.id;
    }
    children.push(...births);
    day += nextInt(rng, 500, 1900);
  }
  for (const child of children) {
    const age = (ref - child.birthDay) / 365.2425;
    // Adult children mostly leave to form their own households (outside this dwelling).
    const stays = age < 22 ? true : age < 30 ? chance(rng, 0.55) : age < 40 ? chance(rng, 0.2) : chance(rng, 0.06);
    if (stays || child.twinOf !== undefined) members.push(child);
  }

  // An elder parent living with the family (three-generation households).
  if (chance(rng, plan.headAge < 65 ? 0.14 : 0.02)) {
    const ofSpouse = spouse !== undefined && chance(rng, 0.4);
    const child = ofSpouse ? spouse! : head;
    const elderSex: Sex = chance(rng, 0.7) ? 'female' : 'male';
    const elderBirth = addYears(child.birthDay, -(20 + nextFloat(rng) * 15));
    if (elderBirth > addYears(ref, -102)) {
      const elder = createPerson(g, {
        flavour: child.flavour,
        sex: elderSex,
        birthDay: elderBirth,
        relationship: ofSpouse ? 'parent-in-law' : 'parent',
        maritalStatus: 'widowed',
        familyId,
        householdId,
        birthDistrict: birthDistrictFor(g, oldest, 0.85),
        registrationDistrict: oldest.districtCode,
        nameContext: elderSex === 'male' && child.surname ? { surname: child.surname } : {},
      });
      // The elder is the real parent: the child's mother's name is hers, or the father's id is his.
      if (elderSex === 'female') {
        child.motherName = elder.name;
        child.motherId = elder.id;
      } else child.fatherId = elder.id;
      members.push(elder);
    }
  }
  // A grandchild of an adult daughter still in the family (her child lives with the grandparents).
  const daughter = members.find((m) => m.relationship === 'child' && m.sex === 'female' && ref - m.birthDay > 20 * 365);
  if (daughter && chance(rng, 0.12)) {
    const birth = Math.max(addYears(daughter.birthDay, 18), ref - nextInt(rng, 100, 2500));
    if (birth < ref - 30) {
      const grandchild = createPerson(g, {
        flavour: daughter.flavour,
        sex: chance(rng, 0.5) ? 'male' : 'female',
        birthDay: birth,
        relationship: 'grandchild',
        maritalStatus: 'single',
        familyId,
        householdId,
        birthDistrict: childBirthDistrict(g, plan, birth),
        registrationDistrict: homeAt(plan, birth).districtCode,
        nameContext: daughter.surname ? { surname: daughter.surname } : {},
        motherName: daughter.name,
      });
      grandchild.motherId = daughter.id;
      members.push(grandchild);
    }
  }
  if (chance(rng, 0.03)) {
    const birth = ref - nextInt(rng, 5 * 365, 22 * 365);
    members.push(
      createPerson(g, {
        flavour,
        sex: chance(rng, 0.5) ? 'male' : 'female',
        birthDay: birth,
        relationship: 'other-relative',
        maritalStatus: 'single',
        familyId,
        householdId,
        birthDistrict: birthDistrictFor(g, home, 0.6),
        registrationDistrict: homeAt(plan, birth).districtCode,
        nameContext: {},
      }),
    );
  }
  // KK numbers in today's 16-digit form were issued from the mid-2000s (SIAK); older families got
  // theirs then, younger ones shortly after marrying.
  const siakDay = dayOf('2004-01-01') + nextInt(rng, 0, 8 * 365);
  const firstIssueDay = Math.min(Math.max(marriageDay + nextInt(rng, 30, 700), siakDay), ref - 45);
  return { id: familyId, householdId, members, head, firstIssueDay, firstDistrict: homeAt(plan, firstIssueDay).districtCode };
}

/**
 * A married child leaves the parents' KK (pecah KK): the child, an in-marrying spouse and their young
 * children form a new family. Before the split date they were members of the parents' family.
 */
function splitFamily(g: GenState, parent: FamilyDraft, child: Draft, plan: FamilyPlan, newHouseholdId: string): FamilyDraft {
  const rng = g.rng;
  const ref = g.ref;
  const familyId = newFamilyId(g);
  const marriageDay = Math.max(addYears(child.birthDay, 20), ref - nextInt(rng, 300, 8 * 365));
  const splitDay = Math.min(marriageDay + nextInt(rng, 60, 3 * 365), ref - 40);
  const spouseSex: Sex = child.sex === 'male' ? 'female' : 'male';
  const gap = spouseSex === 'female' ? -Math.abs(nextNormal(rng, 2, 3)) : Math.abs(nextNormal(rng, 3, 2));
  const spouseBirth = Math.min(addYears(child.birthDay, -gap), addYears(marriageDay, -17));
  const sf = spouseFlavour(g, child.flavour, plan.home.provinceCode);
  const spouse = createPerson(g, {
    flavour: sf,
    sex: spouseSex,
    birthDay: spouseBirth,
    relationship: spouseSex === 'male' ? 'head' : 'spouse',
    maritalStatus: 'married',
    familyId,
    householdId: newHouseholdId,
    birthDistrict: birthDistrictFor(g, plan.home, 0.6),
    registrationDistrict: plan.home.districtCode,
    nameContext: sf === 'batak' && child.surname ? { avoidSurname: child.surname } : {},
  });
  spouse.joinedDay = marriageDay;
  spouse.formerFamilyId = parent.id;
  spouse.formerHouseholdId = parent.householdId;
  spouse.formerRelationship = 'child-in-law';
  spouse.splitDay = splitDay;
  spouse.spouseId = child.id;

  const index = parent.members.indexOf(child);
  if (index >= 0) parent.members.splice(index, 1);
  child.formerFamilyId = parent.id;
  child.formerHouseholdId = parent.householdId;
  child.formerRelationship = 'child';
  child.splitDay = splitDay;
  child.familyId = familyId;
  child.householdId = newHouseholdId;
  child.relationship = child.sex === 'male' ? 'head' : 'spouse';
  child.maritalStatus = 'married';
  child.spouseId = spouse.id;

  const husband = child.sex === 'male' ? child : spouse;
  const wife = child.sex === 'male' ? spouse : child;
  const members: Draft[] = [husband, wife];
  let day = marriageDay + nextInt(rng, 280, 700);
  for (let order = 0; day < ref - 30 && order < 3 && chance(rng, order === 0 ? 0.8 : 0.45); order++) {
    const before = day < splitDay;
    const kid = createPerson(g, {
      flavour: husband.flavour,
      sex: chance(rng, 0.51) ? 'male' : 'female',
      birthDay: day,
      relationship: 'child',
      maritalStatus: 'single',
      familyId,
      householdId: newHouseholdId,
      birthDistrict: homeAt(plan, day).districtCode,
      registrationDistrict: homeAt(plan, day).districtCode,
      nameContext: {
        birthOrder: order,
        ...(husband.surname ? { surname: husband.surname } : {}),
        fatherGiven: husband.firstGiven,
      },
      motherName: wife.name,
    });
    kid.fatherId = husband.id;
    kid.motherId = wife.id;
    if (before) {
      kid.formerFamilyId = parent.id;
      kid.formerHouseholdId = parent.householdId;
      kid.formerRelationship = 'grandchild';
      kid.splitDay = splitDay;
    }
    members.push(kid);
    day += nextInt(rng, 600, 1500);
  }
  return {
    id: familyId,
    householdId: newHouseholdId,
    members,
    head: husband,
    firstIssueDay: splitDay,
    parentFamilyId: parent.id,
    firstDistrict: newHouseholdId === parent.householdId ? plan.home.districtCode : '',
  };
}

/** Deaths over the last six years, more likely with age. */
function applyDeaths(g: GenState, members: readonly Draft[]): void {
  const rng = g.rng;
  for (const m of members) {
    const age = (g.ref - m.birthDay) / 365.2425;
    const p = age >= 80 ? 0.4 : age >= 70 ? 0.2 : age >= 60 ? 0.09 : age >= 40 ? 0.025 : 0;
    if (p > 0 && m.splitDay === undefined && chance(rng, p)) {
      m.deathDay = g.ref - nextInt(rng, 20, 6 * 365);
      if (m.deathDay <= m.birthDay + 365 * 30) delete m.deathDay;
    }
  }
  for (const m of members) {
    if (m.spouseId === undefined) continue;
    const spouse = members.find((s) => s.id === m.spouseId);
    if (spouse?.deathDay !== undefined && m.deathDay === undefined) m.maritalStatus = 'widowed';
  }
}

/** KK versions: first issue, a reissue after a move, a reissue after the head's death. */
function kkHistoryOf(g: GenState, family: FamilyDraft, plan: FamilyPlan, districtAfterSplit: string): KkVersion[] {
  const rng = g.rng;
  const versions: KkVersion[] = [];
  const district = family.firstDistrict || districtAfterSplit;
  const issue = (day: number, districtCode: string, headId: string): void => {
    const kk = makeSynthKk(g.kkCounter, g.regions.districtNumber.get(districtCode) ?? 0, codeIssuedAt(g.regions, districtCode, isoOf(day)), isoOf(day));
    versions.push({ kk, issuedAt: isoOf(day), headId });
  };
  issue(family.firstIssueDay, district, family.head.id);
  if (plan.movedDay !== undefined && family.firstIssueDay < plan.movedDay) {
    issue(Math.min(plan.movedDay + nextInt(rng, 7, 120), g.ref - 1), plan.home.districtCode, family.head.id);
  }
  const headDeath = family.head.deathDay;
  if (headDeath !== undefined) {
    const reissue = headDeath + nextInt(rng, 30, 400);
    const successor =
      family.members.find((m) => m.id === family.head.spouseId && m.deathDay === undefined) ??
      family.members.find((m) => m.relationship === 'child' && m.deathDay === undefined && m.splitDay === undefined && g.ref - m.birthDay > 17 * 365);
    if (reissue < g.ref && successor) {
      const last = versions[versions.length - 1]!;
      if (dayOf(last.issuedAt) < reissue) issue(reissue, plan.home.districtCode, successor.id);
    }
  }
  return versions;
}

function freezePerson(d: Draft): TruePerson {
  // Built field by field (not with conditional spreads) so no temporary objects are allocated; the
  // key order is fixed, which keeps JSON output byte-identical.
  const p: { -readonly [K in keyof TruePerson]: TruePerson[K] } = {
    id: d.id,
    familyId: d.familyId,
    householdId: d.householdId,
    flavour: d.flavour,
    name: d.name,
    sex: d.sex,
    birthDate: isoOf(d.birthDay),
    birthPlace: d.birthPlace,
    nik: d.nik,
    motherName: d.motherName,
    relationship: d.relationship,
    maritalStatus: d.maritalStatus,
  };
  if (d.secondNik !== undefined) p.secondNik = d.secondNik;
  if (d.titlePrefix !== undefined) p.titlePrefix = d.titlePrefix;
  if (d.titleSuffix !== undefined) p.titleSuffix = d.titleSuffix;
  if (d.deathDay !== undefined) p.deathDate = isoOf(d.deathDay);
  if (d.twinOf !== undefined) p.twinOf = d.twinOf;
  if (d.joinedDay !== undefined) p.joinedAt = isoOf(d.joinedDay);
  if (d.formerFamilyId !== undefined) {
    p.formerFamilyId = d.formerFamilyId;
    p.formerHouseholdId = d.formerHouseholdId!;
    p.formerRelationship = d.formerRelationship!;
    p.splitDate = isoOf(d.splitDay!);
  }
  if (d.fatherId !== undefined) p.fatherId = d.fatherId;
  if (d.motherId !== undefined) p.motherId = d.motherId;
  if (d.spouseId !== undefined) p.spouseId = d.spouseId;
  return p;
}

function newHouseholdId(g: GenState): string {
  return `H${pad(++g.dwellingSeq, 9)}`;
}

/** One dwelling (and, when a married child moved out, the child's new dwelling). */
function generateUnits(g: GenState): PopulationUnit[] {
  const rng = g.rng;
  const ref = g.ref;
  const province = pickProvince(g);
  const home = placeInProvince(g, province);
  const householdId = newHouseholdId(g);
  const moved = chance(rng, 0.08);
  const previousHome = moved ? nearbyPlace(g, home) : undefined;
  const movedDay = moved ? ref - nextInt(rng, 100, 5 * 365) : undefined;
  const flavour = pickFlavour(g, province);
  const headAge = Math.min(95, Math.max(20, nextNormal(rng, 47, 15)));
  const plan: FamilyPlan = { home, previousHome, movedDay, householdId, flavour, headAge };
  const primary = buildFamily(g, plan);
  const families: FamilyDraft[] = [primary];
  const units: PopulationUnit[] = [];

  const marriageable = primary.members.filter((m) => m.relationship === 'child' && ref - m.birthDay > 21 * 365 && m.twinOf === undefined);
  const u = nextFloat(rng);
  if (u < 0.12) {
    // A second (or third) KK under the same roof.
    const child = marriageable[0];
    if (child && nextFloat(rng) < 0.65) families.push(splitFamily(g, primary, child, plan, householdId));
    else {
      const other = buildFamily(g, {
        ...plan,
        flavour: chance(rng, 0.7) ? flavour : pickFlavour(g, province),
        headAge: Math.max(20, Math.min(85, nextNormal(rng, 38, 14))),
      });
      other.members.forEach((m) => (m.householdId = householdId));
      families.push(other);
    }
    if (chance(rng, 0.15)) {
      const third = buildFamily(g, { ...plan, headAge: Math.max(20, nextNormal(rng, 30, 6)) });
      families.push(third);
    }
  } else if (u < 0.17 && marriageable.length > 0) {
    // A married child who split off and moved to a dwelling nearby: the new dwelling is yielded too.
    const child = marriageable[marriageable.length - 1]!;
    const satelliteId = newHouseholdId(g);
    const satelliteHome = nearbyPlace(g, home);
    const split = splitFamily(g, primary, child, { ...plan, home: satelliteHome, previousHome: undefined, movedDay: undefined }, satelliteId);
    split.firstDistrict = satelliteHome.districtCode;
    applyDeaths(g, split.members);
    const splitPlan: FamilyPlan = { ...plan, home: satelliteHome, previousHome: undefined, movedDay: undefined, householdId: satelliteId };
    const family: TrueFamily = {
      id: split.id,
      householdId: satelliteId,
      memberIds: split.members.map((m) => m.id),
      kkHistory: kkHistoryOf(g, split, splitPlan, satelliteHome.districtCode),
      parentFamilyId: primary.id,
    };
    const wealth = Math.min(1, Math.max(0, nextFloat(rng) * 0.8 + 0.1));
    const dwelling: TrueDwelling = {
      id: satelliteId,
      address: addressOf(g, satelliteHome),
      wealth,
      housing: housingFor(rng, wealth),
      familyIds: [split.id],
    };
    units.push({ dwelling, families: [family], persons: split.members.map(freezePerson) });
  }

  const all = families.flatMap((f) => f.members);
  applyDeaths(g, all);
  if (previousHome !== undefined && movedDay !== undefined) {
    // NIK ganda: some adults who moved were registered again at the new place with a new number.
    for (const m of all) {
      if (m.birthDay > addYears(movedDay, -17) || m.joinedDay !== undefined || !chance(rng, 0.05)) continue;
      const issued = isoOf(movedDay + nextInt(rng, 10, 200));
      const code = codeIssuedAt(g.regions, home.districtCode, issued);
      const second = makeSynthNik(g.nikCounter, g.regions.districtNumber.get(home.districtCode) ?? 0, code, isoOf(m.birthDay), m.sex);
      if (second !== m.nik) m.secondNik = second;
    }
  }
  const wealth = nextFloat(rng);
  const trueFamilies: TrueFamily[] = families.map((f) => ({
    id: f.id,
    householdId,
    memberIds: f.members.map((m) => m.id),
    kkHistory: kkHistoryOf(g, f, plan, home.districtCode),
    ...(f.parentFamilyId !== undefined ? { parentFamilyId: f.parentFamilyId } : {}),
  }));
  const address = addressOf(g, home);
  const dwelling: TrueDwelling = {
    id: householdId,
    address,
    ...(previousHome !== undefined ? { previousAddress: addressOf(g, previousHome), movedAt: isoOf(movedDay!) } : {}),
    wealth,
    housing: housingFor(rng, wealth),
    familyIds: trueFamilies.map((f) => f.id),
  };
  units.unshift({ dwelling, families: trueFamilies, persons: all.map(freezePerson) });
  return units;
}

/** Validated options with defaults applied. */
export interface ResolvedPopulationOptions {
  readonly seed: number | string;
  readonly persons: number;
  readonly referenceDate: string;
  readonly provinces: readonly string[] | undefined;
  readonly twinRate: number;
  readonly firstNamePool: number | undefined;
  readonly singleNameShare: number | undefined;
}

function share(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0 && value <= 1)) throw new PadanError('invalid-argument', `${name} must be a number in [0, 1]`);
}

/**
 * Applies defaults and rejects impossible options (a config mistake throws before any work).
 *
 * @example
 * resolvePopulationOptions({ persons: 10 }).referenceDate // → '2025-06-30'
 */
export function resolvePopulationOptions(options: GeneratePopulationOptions = {}): ResolvedPopulationOptions {
  checkOptions(options, 'generatePopulation');
  const seed = options.seed ?? 1;
  if ((typeof seed !== 'number' || !Number.isFinite(seed)) && typeof seed !== 'string')
    throw invalidArgument('generatePopulation', 'options.seed', 'a number or a string', seed);
  const persons = options.persons ?? 10_000;
  if (!Number.isInteger(persons) || persons < 0) throw new PadanError('invalid-argument', 'persons must be a non-negative integer');
  const referenceDate = options.referenceDate ?? DEFAULT_SYNTH_REFERENCE_DATE;
  if (typeof referenceDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(referenceDate) || isoOf(dayOf(referenceDate)) !== referenceDate) {
    throw new PadanError('invalid-argument', 'referenceDate must be a real date written YYYY-MM-DD');
  }
  share('twinRate', options.twinRate);
  share('singleNameShare', options.singleNameShare);
  const provinces = options.provinces;
  if (provinces !== undefined) {
    checkStrings(provinces, 'generatePopulation', 'provinces');
    // An empty list would leave no region to place anyone in (it threw a TypeError deep inside).
    if (provinces.length === 0) throw new PadanError('invalid-argument', 'provinces must name at least one province code (omit it for all provinces)');
  }
  const pool = options.firstNamePool;
  if (pool !== undefined && !(Number.isInteger(pool) && pool >= 1)) throw new PadanError('invalid-argument', 'firstNamePool must be a positive integer');
  return {
    seed,
    persons,
    referenceDate,
    provinces: options.provinces,
    twinRate: options.twinRate ?? DEFAULT_TWIN_RATE,
    firstNamePool: pool,
    singleNameShare: options.singleNameShare,
  };
}

/**
 * Streams the true population, one dwelling (with its families and persons) at a time.
 *
 * @example
 * for (const { dwelling, families, persons } of generatePopulation({ seed: 7, persons: 1000 })) {
 *   // dwelling.address.villageCode, families[0].kkHistory[0].kk, persons[0].nik …
 * }
 */
export function* generatePopulation(options: GeneratePopulationOptions = {}): Generator<PopulationUnit, void, undefined> {
  checkOptionBag(options, 'generatePopulation', POPULATION_OPTIONS);
  for (const group of generatePopulationGroups(options)) yield* group;
}

/**
 * The population in linked groups: a dwelling, plus the new dwelling of a child who split off and
 * moved out (whose members lived in the first dwelling before the split). Used by the sources so
 * a group can be observed as a whole. @internal
 */
export function* generatePopulationGroups(options: GeneratePopulationOptions = {}): Generator<readonly PopulationUnit[], void, undefined> {
  const resolved = resolvePopulationOptions(options);
  const regions = synthRegionIndex();
  if (resolved.provinces) {
    for (const p of resolved.provinces) {
      if (!regions.regenciesByProvince.has(p)) throw new PadanError('invalid-argument', `unknown province code ${p}`);
    }
  }
  const g: GenState = {
    rng: createRandom(resolved.seed, 1),
    regions,
    ref: dayOf(resolved.referenceDate),
    nikCounter: createSerialCounter(Math.min(1 << 24, resolved.persons * 2)),
    kkCounter: createSerialCounter(Math.min(1 << 23, resolved.persons)),
    provinceFilter: resolved.provinces ? new Set(resolved.provinces) : undefined,
    twinRate: resolved.twinRate,
    nameStyle: {
      ...(resolved.firstNamePool !== undefined ? { firstNamePool: resolved.firstNamePool } : {}),
      ...(resolved.singleNameShare !== undefined ? { singleNameShare: resolved.singleNameShare } : {}),
    },
    personSeq: 0,
    familySeq: 0,
    dwellingSeq: 0,
  };
  let persons = 0;
  while (persons < resolved.persons) {
    const units = generateUnits(g);
    for (const unit of units) persons += unit.persons.length;
    yield units;
  }
}
