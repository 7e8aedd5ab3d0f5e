/**
 * Regency codes that are no longer in the official list but were valid when NIKs and KKs were issued,
 * each with the code the same regency carries today. A NIK keeps the region code of its first
 * registration forever, so a retired code is not an error: `parseNik` accepts it and reports the
 * successor.
 *
 * How this table was built (review it like code):
 * - Old codes: the Kepmendagri lists in force before each split (as reproduced in public seed data
 *   that still carries them, e.g. SQL dumps of the 2015–2021 lists), cross-checked against the codes
 *   that survived in today's list: every surviving code there carries the same name today
 *   (e.g. 91.03 Jayapura, 92.02 Manokwari, 64.07 Kutai Barat), so the numbering is the same scheme.
 * - Successor codes: today's `idn-area-data` regencies matched **by name** within the new province.
 *   Only exact name matches (allowing documented renames) are included.
 * - Districts: Kepmendagri 050-145/2022 moved whole regencies, keeping each district's two-digit
 *   suffix, so a district under a retired regency is looked up as successor + the same suffix.
 *
 * Not included (on purpose): splits before NIKs were issued nationally (Banten 2000, Gorontalo 2000,
 * Bangka Belitung 2000, Maluku Utara 1999, Kepulauan Riau 2002, Papua Barat 2003): no NIK should
 * carry those older parent codes, and a guess would hide real errors.
 */

/** One retired regency code and the code of the same regency today. */
export interface RetiredRegency {
  readonly code: string;
  readonly successorCode: string;
  /** The name under the old code, as in the list that retired it. */
  readonly name: string;
  /** The regulation or event that retired the code. */
  readonly retiredBy: string;
}

const PAPUA_2022 = 'UU 14, 15, 16/2022 and 29/2022 (new Papua provinces); Kepmendagri 050-145/2022';
const KALTARA_2012 = 'UU 20/2012 (Kalimantan Utara); codes moved in the 2013 Permendagri list';
const SULBAR_2004 = 'UU 26/2004 (Sulawesi Barat)';

/** Retired regency codes (digits, no dots), oldest province first. */
export const RETIRED_REGENCIES: readonly RetiredRegency[] = Object.freeze(
  [
    // Kalimantan Timur (64) → Kalimantan Utara (65).
    { code: '6404', successorCode: '6501', name: 'KAB. BULUNGAN', retiredBy: KALTARA_2012 },
    { code: '6405', successorCode: '6503', name: 'KAB. NUNUKAN', retiredBy: KALTARA_2012 },
    { code: '6406', successorCode: '6502', name: 'KAB. MALINAU', retiredBy: KALTARA_2012 },
    { code: '6410', successorCode: '6504', name: 'KAB. TANA TIDUNG', retiredBy: KALTARA_2012 },
    { code: '6473', successorCode: '6571', name: 'KOTA TARAKAN', retiredBy: KALTARA_2012 },

    // Sulawesi Selatan (73) → Sulawesi Barat (76). Polewali Mamasa was renamed Polewali Mandar (2005)
    // and Mamuju Utara renamed Pasangkayu (2021); both kept their new codes through the renames.
    { code: '7319', successorCode: '7604', name: 'KAB. POLEWALI MAMASA', retiredBy: SULBAR_2004 },
    { code: '7320', successorCode: '7605', name: 'KAB. MAJENE', retiredBy: SULBAR_2004 },
    { code: '7321', successorCode: '7602', name: 'KAB. MAMUJU', retiredBy: SULBAR_2004 },
    { code: '7323', successorCode: '7603', name: 'KAB. MAMASA', retiredBy: SULBAR_2004 },
    { code: '7325', successorCode: '7601', name: 'KAB. MAMUJU UTARA', retiredBy: SULBAR_2004 },

    // Papua (91) → Papua Selatan (93).
    { code: '9101', successorCode: '9301', name: 'KAB. MERAUKE', retiredBy: PAPUA_2022 },
    { code: '9116', successorCode: '9302', name: 'KAB. BOVEN DIGOEL', retiredBy: PAPUA_2022 },
    { code: '9117', successorCode: '9303', name: 'KAB. MAPPI', retiredBy: PAPUA_2022 },
    { code: '9118', successorCode: '9304', name: 'KAB. ASMAT', retiredBy: PAPUA_2022 },
    // Papua (91) → Papua Tengah (94).
    { code: '9104', successorCode: '9401', name: 'KAB. NABIRE', retiredBy: PAPUA_2022 },
    { code: '9107', successorCode: '9402', name: 'KAB. PUNCAK JAYA', retiredBy: PAPUA_2022 },
    { code: '9108', successorCode: '9403', name: 'KAB. PANIAI', retiredBy: PAPUA_2022 },
    { code: '9109', successorCode: '9404', name: 'KAB. MIMIKA', retiredBy: PAPUA_2022 },
    { code: '9125', successorCode: '9405', name: 'KAB. PUNCAK', retiredBy: PAPUA_2022 },
    { code: '9126', successorCode: '9406', name: 'KAB. DOGIYAI', retiredBy: PAPUA_2022 },
    { code: '9127', successorCode: '9407', name: 'KAB. INTAN JAYA', retiredBy: PAPUA_2022 },
    { code: '9128', successorCode: '9408', name: 'KAB. DEIYAI', retiredBy: PAPUA_2022 },
    // Papua (91) → Papua Pegunungan (95).
    { code: '9102', successorCode: '9501', name: 'KAB. JAYAWIJAYA', retiredBy: PAPUA_2022 },
    { code: '9112', successorCode: '9502', name: 'KAB. PEGUNUNGAN BINTANG', retiredBy: PAPUA_2022 },
    { code: '9113', successorCode: '9503', name: 'KAB. YAHUKIMO', retiredBy: PAPUA_2022 },
    { code: '9114', successorCode: '9504', name: 'KAB. TOLIKARA', retiredBy: PAPUA_2022 },
    { code: '9121', successorCode: '9505', name: 'KAB. MAMBERAMO TENGAH', retiredBy: PAPUA_2022 },
    { code: '9122', successorCode: '9506', name: 'KAB. YALIMO', retiredBy: PAPUA_2022 },
    { code: '9123', successorCode: '9507', name: 'KAB. LANNY JAYA', retiredBy: PAPUA_2022 },
    { code: '9124', successorCode: '9508', name: 'KAB. NDUGA', retiredBy: PAPUA_2022 },
    // Papua Barat (92) → Papua Barat Daya (96).
    { code: '9201', successorCode: '9601', name: 'KAB. SORONG', retiredBy: PAPUA_2022 },
    { code: '9204', successorCode: '9602', name: 'KAB. SORONG SELATAN', retiredBy: PAPUA_2022 },
    { code: '9205', successorCode: '9603', name: 'KAB. RAJA AMPAT', retiredBy: PAPUA_2022 },
    { code: '9209', successorCode: '9604', name: 'KAB. TAMBRAUW', retiredBy: PAPUA_2022 },
    { code: '9210', successorCode: '9605', name: 'KAB. MAYBRAT', retiredBy: PAPUA_2022 },
    { code: '9271', successorCode: '9671', name: 'KOTA SORONG', retiredBy: PAPUA_2022 },
  ].map((item) => Object.freeze(item)),
);
