/**
 * The dwelling / household record (rumah tangga): the people under one roof, possibly several KKs,
 * and the housing attributes DTSEN collects.
 */
import * as z from 'zod';
import { withTotalParsing } from './withTotalParsing.js';
import {
  COOKING_FUELS,
  DRINKING_WATER_SOURCES,
  EXCRETA_DISPOSALS,
  FLOOR_MATERIALS,
  LIGHTING_SOURCES,
  OWNERSHIP_STATUSES,
  ROOF_MATERIALS,
  TOILET_FACILITIES,
  TOILET_TYPES,
  WALL_MATERIALS,
} from './categories.js';
import { addressSchema, envelopeShape, extraSchema, keepUnknownFields, normalized, shapeOf } from './fields.js';
import {
  categoryNormalizer,
  identifierNormalizer,
  nameNormalizer,
  normalizePlnPower,
  positiveNumberNormalizer,
  requiredIdentifierNormalizer,
  textNormalizer,
} from './normalize.js';

// Indonesian questionnaire labels accepted as input for the most common answers.
const OWNERSHIP_ALIASES = {
  'milik sendiri': 'owned',
  kontrak: 'contract',
  sewa: 'rent',
  'bebas sewa': 'rent-free',
  dinas: 'official',
  lainnya: 'other',
} as const;
const FLOOR_ALIASES = {
  marmer: 'marble-granite',
  granit: 'marble-granite',
  keramik: 'ceramic',
  kayu: 'wood',
  papan: 'wood',
  semen: 'cement-brick',
  bambu: 'bamboo',
  tanah: 'earth',
  lainnya: 'other',
} as const;
const WALL_ALIASES = { tembok: 'masonry', 'anyaman bambu': 'woven-bamboo', 'batang kayu': 'log', bambu: 'bamboo', lainnya: 'other' } as const;
const ROOF_ALIASES = {
  beton: 'concrete',
  genteng: 'clay-tile',
  asbes: 'asbestos',
  seng: 'zinc',
  sirap: 'wood-shingle',
  bambu: 'bamboo',
  rumbia: 'thatch',
  ijuk: 'thatch',
  jerami: 'thatch',
  lainnya: 'other',
} as const;
const WATER_ALIASES = {
  'air kemasan bermerk': 'bottled',
  'air isi ulang': 'refill',
  leding: 'piped',
  'sumur bor': 'borehole',
  'sumur terlindung': 'protected-well',
  'sumur tak terlindung': 'unprotected-well',
  'mata air terlindung': 'protected-spring',
  'mata air tak terlindung': 'unprotected-spring',
  'air permukaan': 'surface-water',
  'air hujan': 'rainwater',
  lainnya: 'other',
} as const;
const DISPOSAL_ALIASES = { 'tangki septik': 'septic-tank', ipal: 'treatment-plant', 'lubang tanah': 'pit', lainnya: 'other' } as const;
const TOILET_TYPE_ALIASES = { 'leher angsa': 'gooseneck', cemplung: 'pit', cubluk: 'pit' } as const;
const LIGHTING_ALIASES = {
  'listrik pln dengan meteran': 'pln-metered',
  'listrik pln tanpa meteran': 'pln-unmetered',
  'listrik non-pln': 'non-pln',
  'bukan listrik': 'non-electric',
} as const;
const FUEL_ALIASES = {
  listrik: 'electricity',
  'elpiji 3 kg': 'lpg-3kg',
  'elpiji 12 kg': 'lpg-12kg',
  'elpiji 5,5 kg': 'lpg-5.5kg',
  'gas kota': 'city-gas',
  'minyak tanah': 'kerosene',
  briket: 'briquette',
  arang: 'charcoal',
  'kayu bakar': 'firewood',
  'tidak memasak di rumah': 'no-cooking',
  lainnya: 'other',
} as const;

const extensible = { extensible: true } as const;

/** Normalizers of the housing attributes, in output order (also used by `parseDwellingFast`). */
export const HOUSING_NORMALIZERS = {
  ownership: categoryNormalizer('ownership', OWNERSHIP_STATUSES, { ...extensible, aliases: OWNERSHIP_ALIASES }),
  /** Floor area in square metres. */
  floorAreaM2: positiveNumberNormalizer('floorAreaM2', 100_000),
  floorMaterial: categoryNormalizer('floorMaterial', FLOOR_MATERIALS, { ...extensible, aliases: FLOOR_ALIASES }),
  wallMaterial: categoryNormalizer('wallMaterial', WALL_MATERIALS, { ...extensible, aliases: WALL_ALIASES }),
  roofMaterial: categoryNormalizer('roofMaterial', ROOF_MATERIALS, { ...extensible, aliases: ROOF_ALIASES }),
  drinkingWaterSource: categoryNormalizer('drinkingWaterSource', DRINKING_WATER_SOURCES, { ...extensible, aliases: WATER_ALIASES }),
  toiletFacility: categoryNormalizer('toiletFacility', TOILET_FACILITIES, extensible),
  toiletType: categoryNormalizer('toiletType', TOILET_TYPES, { ...extensible, aliases: TOILET_TYPE_ALIASES }),
  excretaDisposal: categoryNormalizer('excretaDisposal', EXCRETA_DISPOSALS, { ...extensible, aliases: DISPOSAL_ALIASES }),
  lightingSource: categoryNormalizer('lightingSource', LIGHTING_SOURCES, { ...extensible, aliases: LIGHTING_ALIASES }),
  /** Installed power of the PLN meter; meaningful when `lightingSource` is `pln-metered`. */
  plnPower: normalizePlnPower,
  cookingFuel: categoryNormalizer('cookingFuel', COOKING_FUELS, { ...extensible, aliases: FUEL_ALIASES }),
};

/**
 * Housing attributes of a dwelling, as DTSEN collects them; every field optional and nullable. Category
 * fields take the codes in `categories.ts`, a few Indonesian labels, or a caller value `x-…`.
 *
 * @example
 * housingSchema.parse({ ownership: 'milik sendiri', plnPower: 1300, cookingFuel: 'x-pellet' })
 * // → { ownership: 'owned', plnPower: 'va-1300', cookingFuel: 'x-pellet' }
 */
export const housingSchema = withTotalParsing(z.strictObject(shapeOf(HOUSING_NORMALIZERS)));

/** Normalized housing attributes. */
export type HousingAttributes = z.output<typeof housingSchema>;

/** Normalizers of a dwelling's own fields (`kk`: each item of `kks`), shared with `parseDwellingFast`. */
export const DWELLING_NORMALIZERS = {
  dwellingId: textNormalizer('dwellingId'),
  headNik: identifierNormalizer('NIK', 'schema/invalid-nik'),
  headName: nameNormalizer('headName'),
  kk: requiredIdentifierNormalizer('KK number', 'schema/invalid-kk'),
};

/** The fields of a dwelling record. */
export const dwellingShape = {
  ...envelopeShape,
  dwellingId: normalized(DWELLING_NORMALIZERS.dwellingId).optional(),
  headNik: normalized(DWELLING_NORMALIZERS.headNik).optional(),
  headName: normalized(DWELLING_NORMALIZERS.headName).nullable().optional(),
  kks: z.array(normalized(DWELLING_NORMALIZERS.kk)).optional(),
  address: addressSchema.nullable().optional(),
  housing: housingSchema.nullable().optional(),
  extra: extraSchema.optional(),
};

/** Names of the fields a dwelling record has; any other input field is moved into `extra`. */
export const DWELLING_FIELDS: ReadonlySet<string> = new Set(Object.keys(dwellingShape));

/**
 * The zod schema of a dwelling / household record with its housing attributes.
 *
 * @example
 * dwellingSchema.parse({ source: 'housing', recordId: 'R9', observedAt: '2024-02-10', channel: { kind: 'survey' },
 *   housing: { floorMaterial: 'Keramik', floorAreaM2: '36,5', plnPower: 900, roofMaterial: 'x-daun-nipah' } })
 * // → { …, housing: { floorMaterial: 'ceramic', floorAreaM2: 36.5, plnPower: 'va-900', roofMaterial: 'x-daun-nipah' } }
 */
export const dwellingSchema = withTotalParsing(z.preprocess(keepUnknownFields(DWELLING_FIELDS), z.strictObject(dwellingShape)));

/** A validated, normalized dwelling record. */
export type DwellingRecord = z.output<typeof dwellingSchema>;
