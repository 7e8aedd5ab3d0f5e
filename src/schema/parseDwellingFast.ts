/**
 * A hand-written parse of a dwelling / household record for the common case, a well-formed input: the
 * same normalizers as `dwellingSchema` (and `housingSchema` inside it), in the same field order; it gives
 * up (returns `undefined`) at the first thing it does not handle or that is wrong, and the caller then
 * runs zod, which reports every issue. Why, and how it is written: see `parsePersonFast`. A property
 * test checks that this path and zod agree on generated records.
 *
 * The key sets most sources send (every dwelling field but `extra`, with or without `dwellingId`; every
 * housing attribute) have their own object literals; other key sets take a general builder that adds
 * the same keys in the same order. Housing attributes come out in the schema's order, whatever the
 * input's.
 */
import { DWELLING_FIELDS, DWELLING_NORMALIZERS, HOUSING_NORMALIZERS, type DwellingRecord, type HousingAttributes } from './dwelling.js';
import { ENVELOPE_NORMALIZERS, moveUnknownFields, type Address } from './fields.js';
import { Problem } from './normalize.js';
import { ABSENT, copyExtra, GAVE_UP, hasOwn, isPlainObject, missing, parseAddress, parseChannel, parseIdentifierList, type Absent } from './_parseFast.js';

// Each normalizer bound once, so every call site below calls one known function.
const normalizeSource = ENVELOPE_NORMALIZERS.source;
const normalizeRecordId = ENVELOPE_NORMALIZERS.recordId;
const normalizeObservedAt = ENVELOPE_NORMALIZERS.observedAt;
const normalizeDwellingId = DWELLING_NORMALIZERS.dwellingId;
const normalizeHeadNik = DWELLING_NORMALIZERS.headNik;
const normalizeHeadName = DWELLING_NORMALIZERS.headName;
const normalizeKk = DWELLING_NORMALIZERS.kk;
const normalizeOwnership = HOUSING_NORMALIZERS.ownership;
const normalizeFloorArea = HOUSING_NORMALIZERS.floorAreaM2;
const normalizeFloorMaterial = HOUSING_NORMALIZERS.floorMaterial;
const normalizeWallMaterial = HOUSING_NORMALIZERS.wallMaterial;
const normalizeRoofMaterial = HOUSING_NORMALIZERS.roofMaterial;
const normalizeWaterSource = HOUSING_NORMALIZERS.drinkingWaterSource;
const normalizeToiletFacility = HOUSING_NORMALIZERS.toiletFacility;
const normalizeToiletType = HOUSING_NORMALIZERS.toiletType;
const normalizeExcretaDisposal = HOUSING_NORMALIZERS.excretaDisposal;
const normalizeLightingSource = HOUSING_NORMALIZERS.lightingSource;
const normalizePlnPower = HOUSING_NORMALIZERS.plnPower;
const normalizeCookingFuel = HOUSING_NORMALIZERS.cookingFuel;

const HOUSING_FIELDS: ReadonlySet<string> = new Set(Object.keys(HOUSING_NORMALIZERS));

function parseHousing(input: unknown): HousingAttributes | null | typeof GAVE_UP {
  if (input === null) return null;
  if (!isPlainObject(input)) return GAVE_UP;
  for (const key in input) if (!HOUSING_FIELDS.has(key)) return GAVE_UP;
  const rawOwnership = input['ownership'];
  const ownership = rawOwnership === undefined ? missing(input, 'ownership') : normalizeOwnership(rawOwnership);
  if (ownership instanceof Problem) return GAVE_UP;
  const rawFloorArea = input['floorAreaM2'];
  const floorAreaM2 = rawFloorArea === undefined ? missing(input, 'floorAreaM2') : normalizeFloorArea(rawFloorArea);
  if (floorAreaM2 instanceof Problem) return GAVE_UP;
  const rawFloor = input['floorMaterial'];
  const floorMaterial = rawFloor === undefined ? missing(input, 'floorMaterial') : normalizeFloorMaterial(rawFloor);
  if (floorMaterial instanceof Problem) return GAVE_UP;
  const rawWall = input['wallMaterial'];
  const wallMaterial = rawWall === undefined ? missing(input, 'wallMaterial') : normalizeWallMaterial(rawWall);
  if (wallMaterial instanceof Problem) return GAVE_UP;
  const rawRoof = input['roofMaterial'];
  const roofMaterial = rawRoof === undefined ? missing(input, 'roofMaterial') : normalizeRoofMaterial(rawRoof);
  if (roofMaterial instanceof Problem) return GAVE_UP;
  const rawWater = input['drinkingWaterSource'];
  const drinkingWaterSource = rawWater === undefined ? missing(input, 'drinkingWaterSource') : normalizeWaterSource(rawWater);
  if (drinkingWaterSource instanceof Problem) return GAVE_UP;
  const rawFacility = input['toiletFacility'];
  const toiletFacility = rawFacility === undefined ? missing(input, 'toiletFacility') : normalizeToiletFacility(rawFacility);
  if (toiletFacility instanceof Problem) return GAVE_UP;
  const rawToiletType = input['toiletType'];
  const toiletType = rawToiletType === undefined ? missing(input, 'toiletType') : normalizeToiletType(rawToiletType);
  if (toiletType instanceof Problem) return GAVE_UP;
  const rawDisposal = input['excretaDisposal'];
  const excretaDisposal = rawDisposal === undefined ? missing(input, 'excretaDisposal') : normalizeExcretaDisposal(rawDisposal);
  if (excretaDisposal instanceof Problem) return GAVE_UP;
  const rawLighting = input['lightingSource'];
  const lightingSource = rawLighting === undefined ? missing(input, 'lightingSource') : normalizeLightingSource(rawLighting);
  if (lightingSource instanceof Problem) return GAVE_UP;
  const rawPower = input['plnPower'];
  const plnPower = rawPower === undefined ? missing(input, 'plnPower') : normalizePlnPower(rawPower);
  if (plnPower instanceof Problem) return GAVE_UP;
  const rawFuel = input['cookingFuel'];
  const cookingFuel = rawFuel === undefined ? missing(input, 'cookingFuel') : normalizeCookingFuel(rawFuel);
  if (cookingFuel instanceof Problem) return GAVE_UP;

  if (
    ownership !== ABSENT &&
    floorAreaM2 !== ABSENT &&
    floorMaterial !== ABSENT &&
    wallMaterial !== ABSENT &&
    roofMaterial !== ABSENT &&
    drinkingWaterSource !== ABSENT &&
    toiletFacility !== ABSENT &&
    toiletType !== ABSENT &&
    excretaDisposal !== ABSENT &&
    lightingSource !== ABSENT &&
    plnPower !== ABSENT &&
    cookingFuel !== ABSENT
  ) {
    return {
      ownership,
      floorAreaM2,
      floorMaterial,
      wallMaterial,
      roofMaterial,
      drinkingWaterSource,
      toiletFacility,
      toiletType,
      excretaDisposal,
      lightingSource,
      plnPower,
      cookingFuel,
    };
  }
  const output: { -readonly [K in keyof HousingAttributes]: HousingAttributes[K] } = {};
  if (ownership !== ABSENT) output.ownership = ownership;
  if (floorAreaM2 !== ABSENT) output.floorAreaM2 = floorAreaM2;
  if (floorMaterial !== ABSENT) output.floorMaterial = floorMaterial;
  if (wallMaterial !== ABSENT) output.wallMaterial = wallMaterial;
  if (roofMaterial !== ABSENT) output.roofMaterial = roofMaterial;
  if (drinkingWaterSource !== ABSENT) output.drinkingWaterSource = drinkingWaterSource;
  if (toiletFacility !== ABSENT) output.toiletFacility = toiletFacility;
  if (toiletType !== ABSENT) output.toiletType = toiletType;
  if (excretaDisposal !== ABSENT) output.excretaDisposal = excretaDisposal;
  if (lightingSource !== ABSENT) output.lightingSource = lightingSource;
  if (plnPower !== ABSENT) output.plnPower = plnPower;
  if (cookingFuel !== ABSENT) output.cookingFuel = cookingFuel;
  return output;
}

/**
 * Parses a well-formed dwelling record without zod, or returns `undefined` when zod must decide.
 *
 * @example
 * parseDwellingFast({ source: 'housing', recordId: 'R9', observedAt: '2024-02-10', channel: { kind: 'survey' }, housing: { roofMaterial: 'seng' } })
 * // → { source: 'housing', recordId: 'R9', observedAt: '2024-02-10', channel: { kind: 'survey' }, housing: { roofMaterial: 'zinc' } }
 */
export function parseDwellingFast(input: unknown): DwellingRecord | undefined {
  if (!isPlainObject(input)) return undefined;
  for (const key in input) {
    if (DWELLING_FIELDS.has(key)) continue;
    // Rare: an unknown field, moved into `extra` (inherited keys are ignored there, as by zod).
    const moved = moveUnknownFields(input, DWELLING_FIELDS);
    return moved.stuck ? undefined : parseKnownFields(moved.record as Record<string, unknown>);
  }
  return parseKnownFields(input);
}

/** `parseDwellingFast` on a record whose own fields are all dwelling fields. */
function parseKnownFields(record: Record<string, unknown>): DwellingRecord | undefined {
  // Required fields: their normalizers refuse `undefined` themselves.
  const source = normalizeSource(record['source']);
  if (source instanceof Problem) return undefined;
  const recordId = normalizeRecordId(record['recordId']);
  if (recordId instanceof Problem) return undefined;
  const observedAt = normalizeObservedAt(record['observedAt']);
  if (observedAt instanceof Problem) return undefined;
  if (!hasOwn.call(record, 'channel')) return undefined;
  const channel = parseChannel(record['channel']);
  if (channel === GAVE_UP) return undefined;
  const rawDwellingId = record['dwellingId'];
  const dwellingId = rawDwellingId === undefined ? missing(record, 'dwellingId') : normalizeDwellingId(rawDwellingId);
  if (dwellingId instanceof Problem) return undefined;
  const rawHeadNik = record['headNik'];
  const headNik = rawHeadNik === undefined ? missing(record, 'headNik') : normalizeHeadNik(rawHeadNik);
  if (headNik instanceof Problem) return undefined;
  // Nullable in the schema: `null` is kept without asking the (required) name normalizer.
  const rawHeadName = record['headName'];
  const headName = rawHeadName === undefined ? missing(record, 'headName') : rawHeadName === null ? null : normalizeHeadName(rawHeadName);
  if (headName instanceof Problem) return undefined;
  let kks: string[] | undefined | Absent = ABSENT;
  if (hasOwn.call(record, 'kks')) {
    const rawKks = record['kks'];
    const parsed = rawKks === undefined ? undefined : parseIdentifierList(rawKks, normalizeKk);
    if (parsed === GAVE_UP) return undefined;
    kks = parsed;
  }
  let address: Address | null | undefined | Absent = ABSENT;
  if (hasOwn.call(record, 'address')) {
    const rawAddress = record['address'];
    const parsed = rawAddress === undefined ? undefined : parseAddress(rawAddress);
    if (parsed === GAVE_UP) return undefined;
    address = parsed;
  }
  let housing: HousingAttributes | null | undefined | Absent = ABSENT;
  if (hasOwn.call(record, 'housing')) {
    const rawHousing = record['housing'];
    const parsed = rawHousing === undefined ? undefined : parseHousing(rawHousing);
    if (parsed === GAVE_UP) return undefined;
    housing = parsed;
  }
  let extra: Record<string, unknown> | undefined | Absent = ABSENT;
  if (hasOwn.call(record, 'extra')) {
    const rawExtra = record['extra'];
    const copied = rawExtra === undefined ? undefined : copyExtra(rawExtra);
    if (copied === GAVE_UP) return undefined;
    extra = copied;
  }

  if (headNik !== ABSENT && headName !== ABSENT && kks !== ABSENT && address !== ABSENT && housing !== ABSENT && extra === ABSENT) {
    // The shape of most exports: one literal with and one without a dwelling id.
    if (dwellingId === ABSENT) return { source, recordId, observedAt, channel, headNik, headName, kks, address, housing };
    return { source, recordId, observedAt, channel, dwellingId, headNik, headName, kks, address, housing };
  }
  // Any other key set: the same keys in the same order, added one by one.
  const output: { -readonly [K in keyof DwellingRecord]?: DwellingRecord[K] } = { source, recordId, observedAt, channel };
  if (dwellingId !== ABSENT) output.dwellingId = dwellingId;
  if (headNik !== ABSENT) output.headNik = headNik;
  if (headName !== ABSENT) output.headName = headName;
  if (kks !== ABSENT) output.kks = kks;
  if (address !== ABSENT) output.address = address;
  if (housing !== ABSENT) output.housing = housing;
  if (extra !== ABSENT) output.extra = extra;
  return output as DwellingRecord;
}
