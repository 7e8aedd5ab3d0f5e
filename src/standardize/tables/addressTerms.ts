/**
 * Words and abbreviations of Indonesian addresses, uppercase without dots, with the canonical word
 * written in `compared` and the role the address parser gives the text that follows.
 */

export type AddressTermRole =
  | 'street' // a street or estate: the words after it are the street name
  | 'sub-village' // dusun, kampung, lingkungan: below the official village level
  | 'block'
  | 'number'
  | 'village'
  | 'district'
  | 'regency'
  | 'city'
  | 'province'
  | 'rt'
  | 'rw'
  | 'rt-rw' // "RTRW 003/005"
  | 'postal';

export interface AddressTerm {
  readonly canonical: string;
  readonly role: AddressTermRole;
  readonly forms: readonly string[];
}

export const ADDRESS_TERMS: readonly AddressTerm[] = [
  { canonical: 'JALAN', role: 'street', forms: ['JL', 'JLN', 'JALAN', 'JLAN', 'JLNA'] },
  { canonical: 'GANG', role: 'street', forms: ['GG', 'GANG', 'GNG'] },
  { canonical: 'LORONG', role: 'street', forms: ['LR', 'LRG', 'LORONG'] },
  { canonical: 'PERUMAHAN', role: 'street', forms: ['PERUM', 'PERUMAHAN', 'PRM'] },
  { canonical: 'KOMPLEKS', role: 'street', forms: ['KOMP', 'KOMPL', 'KOMPLEK', 'KOMPLEKS', 'KOMPLEX'] },
  { canonical: 'KAMPUNG', role: 'sub-village', forms: ['KP', 'KMP', 'KAMP', 'KAMPUNG', 'KPG'] },
  { canonical: 'DUSUN', role: 'sub-village', forms: ['DSN', 'DUSUN'] },
  { canonical: 'LINGKUNGAN', role: 'sub-village', forms: ['LK', 'LINGK', 'LINGKUNGAN', 'LINK'] },
  { canonical: 'BLOK', role: 'block', forms: ['BLOK', 'BLK'] },
  { canonical: 'NO', role: 'number', forms: ['NO', 'NOMOR', 'NMR', 'NOMER'] },
  { canonical: 'DESA', role: 'village', forms: ['DS', 'DESA'] },
  { canonical: 'KELURAHAN', role: 'village', forms: ['KEL', 'KELURAHAN', 'KLR', 'KELRH'] },
  { canonical: 'KECAMATAN', role: 'district', forms: ['KEC', 'KECAMATAN', 'KCM'] },
  { canonical: 'DISTRIK', role: 'district', forms: ['DISTRIK'] },
  { canonical: 'KABUPATEN', role: 'regency', forms: ['KAB', 'KABUPATEN', 'KABUP'] },
  { canonical: 'KOTA', role: 'city', forms: ['KOTA', 'KOTAMADYA', 'KODYA'] },
  { canonical: 'PROVINSI', role: 'province', forms: ['PROV', 'PROVINSI', 'PROP', 'PROPINSI'] },
  { canonical: 'RT', role: 'rt', forms: ['RT'] },
  { canonical: 'RW', role: 'rw', forms: ['RW'] },
  { canonical: 'RTRW', role: 'rt-rw', forms: ['RTRW'] },
  { canonical: 'KODEPOS', role: 'postal', forms: ['KODEPOS', 'KDPOS'] },
];

/** Words stripped from official region names before matching ("KABUPATEN ADMINISTRASI KEPULAUAN SERIBU"). */
export const REGION_NAME_PREFIXES: readonly string[] = [
  'KABUPATEN',
  'KAB',
  'KOTA',
  'ADMINISTRASI',
  'ADM',
  'PROVINSI',
  'PROV',
  'KECAMATAN',
  'KEC',
  'DESA',
  'KELURAHAN',
  'KEL',
];

/** Common short names of provinces, mapped to the official name. */
export const PROVINCE_ALIASES: Readonly<Record<string, string>> = {
  DIY: 'DAERAH ISTIMEWA YOGYAKARTA',
  'DI YOGYAKARTA': 'DAERAH ISTIMEWA YOGYAKARTA',
  YOGYAKARTA: 'DAERAH ISTIMEWA YOGYAKARTA',
  JAKARTA: 'DKI JAKARTA',
  'NANGGROE ACEH DARUSSALAM': 'ACEH',
  NAD: 'ACEH',
  JABAR: 'JAWA BARAT',
  JATENG: 'JAWA TENGAH',
  JATIM: 'JAWA TIMUR',
  SUMUT: 'SUMATERA UTARA',
  SUMBAR: 'SUMATERA BARAT',
  SUMSEL: 'SUMATERA SELATAN',
  BABEL: 'KEPULAUAN BANGKA BELITUNG',
  KEPRI: 'KEPULAUAN RIAU',
  NTB: 'NUSA TENGGARA BARAT',
  NTT: 'NUSA TENGGARA TIMUR',
  KALBAR: 'KALIMANTAN BARAT',
  KALTENG: 'KALIMANTAN TENGAH',
  KALSEL: 'KALIMANTAN SELATAN',
  KALTIM: 'KALIMANTAN TIMUR',
  KALTARA: 'KALIMANTAN UTARA',
  SULUT: 'SULAWESI UTARA',
  SULTENG: 'SULAWESI TENGAH',
  SULSEL: 'SULAWESI SELATAN',
  SULTRA: 'SULAWESI TENGGARA',
  SULBAR: 'SULAWESI BARAT',
  MALUT: 'MALUKU UTARA',
};
