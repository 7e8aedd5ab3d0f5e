/**
 * Category lists for person, family and dwelling fields, as stable lowercase codes.
 *
 * Housing categories follow BPS's socio-economic registration (Regsosek 2022, block III "keterangan
 * perumahan") and the Susenas KOR housing block. Checked against public sources where they could be
 * found (Susenas KOR 2013 tenure list, Susenas 2007 roof list, BPS 2023 drinking-water list); the
 * floor, wall, sanitation, lighting and cooking-fuel lists are from the questionnaires as remembered
 * and should be checked against the official Regsosek22-K codebook before a release. Codes are English
 * so they read the same to every caller; the Indonesian label of each is in the comment beside it.
 *
 * Every housing list is extensible: a caller value `x-<lowercase-name>` (e.g. `x-container-house`)
 * is accepted unchanged, so a source with a finer or newer category never has to be forced into
 * `other` or rejected. Codes never change meaning once published; new ones are only added.
 */

/** Prefix of a caller-defined category value, accepted in every extensible list. */
export const CALLER_CATEGORY_PREFIX = 'x-';

/** Source systems padan knows by name; any other lowercase name is accepted too. */
export const KNOWN_SOURCES = Object.freeze(['dtks', 'regsosek', 'p3ke', 'housing', 'dukcapil', 'musrenbang', 'citizen'] as const);

/** Verification levels of the formal channel, lowest first. */
export const VERIFICATION_LEVELS = Object.freeze(['village', 'district', 'regency', 'province', 'national'] as const);

/** What a citizen submission asks for (usulan, koreksi, sanggahan). */
export const CITIZEN_ACTIONS = Object.freeze(['proposal', 'correction', 'objection'] as const);

/** The status of a citizen submission. */
export const CITIZEN_STATUSES = Object.freeze(['pending', 'accepted', 'rejected'] as const);

/** Relationship to the head of the family (status hubungan dalam keluarga, as on the KK). */
export const RELATIONSHIPS = Object.freeze([
  'head', // kepala keluarga
  'spouse', // suami / istri
  'child', // anak
  'child-in-law', // menantu
  'grandchild', // cucu
  'parent', // orang tua
  'parent-in-law', // mertua
  'other-relative', // famili lain
  'other', // pembantu, lainnya
] as const);

/** Marital status (status perkawinan). */
export const MARITAL_STATUSES = Object.freeze([
  'single', // belum kawin
  'married', // kawin
  'divorced', // cerai hidup
  'widowed', // cerai mati
] as const);

/** Tenure of the dwelling building (status kepemilikan / penguasaan bangunan tempat tinggal). */
export const OWNERSHIP_STATUSES = Object.freeze([
  'owned', // milik sendiri (including bought on credit)
  'contract', // kontrak: rented for a fixed term under contract
  'rent', // sewa: rent paid regularly, no fixed term
  'rent-free', // bebas sewa (owned by others, relatives or not)
  'official', // dinas: provided by an employer
  'other', // lainnya
] as const);

/** Material of the largest floor area (jenis lantai terluas). */
export const FLOOR_MATERIALS = Object.freeze([
  'marble-granite', // marmer / granit
  'ceramic', // keramik
  'parquet-vinyl-carpet', // parket / vinil / karpet
  'tile-terrazzo', // ubin / tegel / teraso
  'wood', // kayu / papan
  'cement-brick', // semen / bata merah
  'bamboo', // bambu
  'earth', // tanah
  'other', // lainnya
] as const);

/** Material of the largest wall area (jenis dinding terluas). */
export const WALL_MATERIALS = Object.freeze([
  'masonry', // tembok
  'plastered-bamboo-wire', // plesteran anyaman bambu / kawat
  'wood-board', // kayu / papan / gypsum / GRC / calciboard
  'woven-bamboo', // anyaman bambu
  'log', // batang kayu
  'bamboo', // bambu
  'other', // lainnya
] as const);

/** Material of the largest roof area (jenis atap terluas). */
export const ROOF_MATERIALS = Object.freeze([
  'concrete', // beton
  'clay-tile', // genteng (clay, concrete or ceramic tile)
  'asbestos', // asbes
  'zinc', // seng
  'wood-shingle', // kayu / sirap
  'bamboo', // bambu
  'thatch', // jerami / ijuk / daun-daunan / rumbia
  'other', // lainnya
] as const);

/** Main source of drinking water (sumber air minum utama). */
export const DRINKING_WATER_SOURCES = Object.freeze([
  'bottled', // air kemasan bermerk
  'refill', // air isi ulang
  'piped', // leding
  'borehole', // sumur bor / pompa
  'protected-well', // sumur terlindung
  'unprotected-well', // sumur tak terlindung
  'protected-spring', // mata air terlindung
  'unprotected-spring', // mata air tak terlindung
  'surface-water', // air permukaan (sungai / danau / waduk / kolam / irigasi)
  'rainwater', // air hujan
  'other', // lainnya
] as const);

/** Who uses the toilet facility (kepemilikan dan penggunaan fasilitas tempat buang air besar). */
export const TOILET_FACILITIES = Object.freeze([
  'private', // ada, digunakan hanya anggota keluarga sendiri
  'shared', // ada, digunakan bersama anggota keluarga/rumah tangga tertentu
  'communal', // ada, di MCK komunal
  'public', // ada, di MCK umum / siapa pun menggunakan
  'unused', // ada, anggota keluarga tidak menggunakan
  'none', // tidak ada fasilitas
] as const);

/** Type of toilet bowl (jenis kloset). */
export const TOILET_TYPES = Object.freeze([
  'gooseneck', // leher angsa
  'pour-flush-covered', // plengsengan dengan tutup
  'pour-flush-uncovered', // plengsengan tanpa tutup
  'pit', // cemplung / cubluk
] as const);

/** Final disposal of excreta (tempat pembuangan akhir tinja). */
export const EXCRETA_DISPOSALS = Object.freeze([
  'septic-tank', // tangki septik
  'treatment-plant', // IPAL (instalasi pengolahan air limbah)
  'water-body', // kolam / sawah / sungai / danau / laut
  'pit', // lubang tanah
  'open-ground', // pantai / tanah lapang / kebun
  'other', // lainnya
] as const);

/** Main source of lighting (sumber penerangan utama). */
export const LIGHTING_SOURCES = Object.freeze([
  'pln-metered', // listrik PLN dengan meteran
  'pln-unmetered', // listrik PLN tanpa meteran
  'non-pln', // listrik non-PLN (generator, solar, village grid)
  'non-electric', // bukan listrik (lamp, candle)
] as const);

/** Installed power of the PLN meter in volt-amperes (daya terpasang). */
export const PLN_POWER_CLASSES = Object.freeze([
  'va-450',
  'va-900',
  'va-1300',
  'va-2200',
  'va-above-2200', // > 2200 VA
] as const);

/** Main cooking fuel (bahan bakar / energi utama untuk memasak). */
export const COOKING_FUELS = Object.freeze([
  'electricity', // listrik
  'lpg-5.5kg', // elpiji 5,5 kg / blue gaz
  'lpg-12kg', // elpiji 12 kg
  'lpg-3kg', // elpiji 3 kg (subsidised)
  'city-gas', // gas kota / meteran PGN
  'biogas', // biogas
  'kerosene', // minyak tanah
  'briquette', // briket
  'charcoal', // arang
  'firewood', // kayu bakar
  'other', // lainnya
  'no-cooking', // tidak memasak di rumah
] as const);
