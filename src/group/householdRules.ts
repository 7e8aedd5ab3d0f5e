// The household (rumah tangga) linking rules: small pure functions from evidence to decision, tested
// as tables (tests/group/householdRules.test.ts). The address tables and union-find that apply them to
// every record live in groupHouseholds.ts and _personIndex.ts.

/** Why a dwelling record, or two families, were put in one household. */
export type HouseholdEvidence = 'address' | 'dwelling-kk' | 'head-nik' | 'head-name';

/** What is known about one dwelling record. */
export interface DwellingEvidence {
  /** It lists the KK of a known card. */
  readonly listsKnownKk: boolean;
  /** Its address is one a person, family or earlier dwelling record was seen at. */
  readonly atKnownAddress: boolean;
  /** Its head's NIK identifies one known person. */
  readonly headNikKnown: boolean;
  /** Its head's name was found among the persons of its village. */
  readonly headNameFound: boolean;
}

/**
 * The evidence a dwelling record joins a household by, strongest first: a KK it lists, then its
 * address, then its head's NIK, then its head's name in the village; `none` when nothing matched (it
 * is a household of its own).
 *
 * @example
 * dwellingEvidence({ listsKnownKk: false, atKnownAddress: true, headNikKnown: true, headNameFound: false }) // 'address'
 */
export function dwellingEvidence(evidence: DwellingEvidence): HouseholdEvidence | 'none' {
  if (evidence.listsKnownKk) return 'dwelling-kk';
  if (evidence.atKnownAddress) return 'address';
  if (evidence.headNikKnown) return 'head-nik';
  if (evidence.headNameFound) return 'head-name';
  return 'none';
}

const EVIDENCE_SCORE: Readonly<Record<HouseholdEvidence | 'none', number>> = { 'dwelling-kk': 1, address: 0.9, 'head-nik': 0.8, 'head-name': 0.6, none: 0 };

/**
 * How strongly a kind of evidence ties a dwelling record to its household, in [0, 1].
 *
 * @example
 * evidenceScore('head-name') // 0.6
 */
export function evidenceScore(evidence: HouseholdEvidence | 'none'): number {
  return EVIDENCE_SCORE[evidence];
}

/** The parts of an address that can name a dwelling. */
export interface DwellingAddressParts {
  readonly villageCode?: string | null | undefined;
  readonly rt?: string | null | undefined;
  readonly rw?: string | null | undefined;
  readonly street?: string | null | undefined;
}

function isDigits(text: string, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

/**
 * Whether an address can make a household, i.e. names one dwelling: a village code (10 digits), an
 * RT and an RW (3 digits each) and a street (the street must also keep a letter or digit once
 * normalized). A village and street without RT/RW name too many houses to link households on.
 *
 * @example
 * namesOneDwelling({ villageCode: '3201012001', rt: '003', rw: '005', street: 'JL. MAWAR NO. 12' }) // true
 * namesOneDwelling({ villageCode: '3201012001', rt: null, rw: '005', street: 'JL. MAWAR NO. 12' })  // false
 */
export function namesOneDwelling<T extends DwellingAddressParts>(address: T): address is T & { villageCode: string; rt: string; rw: string; street: string } {
  const { villageCode, rt, rw, street } = address;
  if (!villageCode || !rt || !rw || !street) return false;
  return isDigits(villageCode, 10) && isDigits(rt, 3) && isDigits(rw, 3);
}

/** A family of a household, as the head rule sees it: its head (person cluster, -1: none known) and its members. */
export interface HeadingFamily {
  readonly head: number;
  readonly members: readonly unknown[];
}

/** A dwelling record of a household, as the head rule sees it: the person its head NIK or name led to (-1: none), and how it joined. */
export interface HeadingDwelling {
  readonly head: number;
  readonly by: HouseholdEvidence | 'none';
}

/**
 * Who heads a household: the head a linked dwelling record names (the last, in household order, that
 * names one); else the head of its largest family (the first of equal size); -1 when no one is known.
 *
 * @example
 * householdHead([{ head: 4, members: [1, 2] }, { head: 9, members: [3, 5, 6] }], []) // 9: the larger family's head
 * householdHead([{ head: 4, members: [1, 2] }], [{ head: 7, by: 'address' }]) // 7: the dwelling record names its head
 */
export function householdHead(families: readonly HeadingFamily[], dwellings: readonly HeadingDwelling[]): number {
  let head = -1;
  let largest = -1;
  for (const family of families) {
    if (family.head >= 0 && family.members.length > largest) {
      head = family.head;
      largest = family.members.length;
    }
  }
  for (const dwelling of dwellings) if (dwelling.head >= 0 && dwelling.by !== 'none') head = dwelling.head;
  return head;
}
