/**
 * Column mapping: a source's own column names (`NAMA_LENGKAP`, `JENIS_KELAMIN`, `TGL_LAHIR`, `NO_KK`, …)
 * onto padan's field paths (`name`, `sex`, `birthDate`, `kk`, `address.rt`, …).
 *
 * A column is looked up by its *key*: lowercased, every run of non-alphanumerics one `_` (so
 * `Tgl. Lahir`, `TGL_LAHIR` and `tgl lahir` are one key). The caller's mapping is looked up first, then
 * the common Indonesian names below; a column already named as a padan field (`birthDate`,
 * `address.villageCode`) stays; any other column keeps its name and lands in the record's `extra`.
 */

/** Source column name → padan field path (dotted for nested fields). */
export type ColumnMapping = Readonly<Record<string, string>>;

/** The lookup key of a column name: lowercase, non-alphanumeric runs as one `_`, no `_` at the ends. */
export function columnKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Column names common to Indonesian social-registry exports, by key. The envelope (`source`,
 * `observedAt`, `channel`) is usually given per file instead (CLI `--source`, `--observed-at`).
 */
export const COMMON_COLUMNS: ColumnMapping = {
  nik: 'nik',
  no_nik: 'nik',
  nomor_nik: 'nik',
  nomor_induk_kependudukan: 'nik',
  nik_art: 'nik',
  kk: 'kk',
  no_kk: 'kk',
  nokk: 'kk',
  nomor_kk: 'kk',
  nomor_kartu_keluarga: 'kk',
  nama: 'name',
  nama_lengkap: 'name',
  nama_art: 'name',
  nama_anggota: 'name',
  nama_anggota_keluarga: 'name',
  gelar: 'titles',
  jenis_kelamin: 'sex',
  jnskel: 'sex',
  jns_kel: 'sex',
  jk: 'sex',
  kelamin: 'sex',
  tgl_lahir: 'birthDate',
  tgllahir: 'birthDate',
  tanggal_lahir: 'birthDate',
  tempat_lahir: 'birthPlace',
  tmp_lahir: 'birthPlace',
  tmplahir: 'birthPlace',
  nama_ibu: 'motherName',
  nama_ibu_kandung: 'motherName',
  hubungan_keluarga: 'relationship',
  hub_keluarga: 'relationship',
  hubkel: 'relationship',
  hub_krt: 'relationship',
  hubungan_dengan_kepala_keluarga: 'relationship',
  hubungan_dgn_kk: 'relationship',
  shdk: 'relationship',
  status_kawin: 'maritalStatus',
  sta_kawin: 'maritalStatus',
  status_perkawinan: 'maritalStatus',
  rt: 'address.rt',
  rw: 'address.rw',
  rt_rw: 'address.rtRw',
  rtrw: 'address.rtRw',
  alamat: 'address.text',
  alamat_lengkap: 'address.text',
  kode_pos: 'address.postalCode',
  kode_prov: 'address.provinceCode',
  kode_provinsi: 'address.provinceCode',
  kode_kab: 'address.regencyCode',
  kode_kabupaten: 'address.regencyCode',
  kode_kab_kota: 'address.regencyCode',
  kode_kec: 'address.districtCode',
  kode_kecamatan: 'address.districtCode',
  kode_desa: 'address.villageCode',
  kode_kelurahan: 'address.villageCode',
  kode_desa_kelurahan: 'address.villageCode',
  kode_wilayah: 'address.villageCode',
  sumber: 'source',
  sumber_data: 'source',
  tanggal_data: 'observedAt',
  tgl_data: 'observedAt',
  tanggal_pendataan: 'observedAt',
  tgl_pendataan: 'observedAt',
  tanggal_update: 'observedAt',
  record_id: 'recordId',
  id: 'recordId',
};

/**
 * Shipped mappings for exports whose column names are publicly described. What each is based on is in
 * docs/INPUTS.md; none was checked against a real export file (none may leave its ministry), so a mapping
 * file (`--mapping`) can correct them column by column.
 */
export const SHIPPED_MAPPINGS: Readonly<Record<'dtks' | 'regsosek' | 'p3ke', ColumnMapping>> = {
  // DTKS (Kemensos), after the BDT 2015 individual-file variable names carried on into DTKS/SIKS-NG.
  dtks: {
    idartbdt: 'recordId',
    id_dtks: 'recordId',
    nama: 'name',
    jnskel: 'sex',
    tmplahir: 'birthPlace',
    tgllahir: 'birthDate',
    nik: 'nik',
    nokk: 'kk',
    hub_krt: 'relationship',
    hubkel: 'relationship',
    sta_kawin: 'maritalStatus',
    statuskawin: 'maritalStatus',
    nama_ibu_kandung: 'motherName',
    alamat: 'address.text',
    kode_desa: 'address.villageCode',
  },
  // Regsosek 2022 (BPS), after the household-member block of questionnaire VREGSOSEK22-K.
  regsosek: {
    id_art: 'recordId',
    nama_art: 'name',
    nik: 'nik',
    no_kk: 'kk',
    jenis_kelamin: 'sex',
    tanggal_lahir: 'birthDate',
    hubungan_dengan_kepala_keluarga: 'relationship',
    status_perkawinan: 'maritalStatus',
    kode_prov: 'address.provinceCode',
    kode_kab: 'address.regencyCode',
    kode_kec: 'address.districtCode',
    kode_desa: 'address.villageCode',
    rt: 'address.rt',
    rw: 'address.rw',
    alamat: 'address.text',
  },
  // P3KE (Kemenko PMK), after the columns of the individual list its portal exports.
  p3ke: {
    id_individu: 'recordId',
    id_anggota_keluarga: 'recordId',
    nik: 'nik',
    no_kk: 'kk',
    nama: 'name',
    jenis_kelamin: 'sex',
    tanggal_lahir: 'birthDate',
    hubungan_dengan_kepala_keluarga: 'relationship',
    status_perkawinan: 'maritalStatus',
    alamat: 'address.text',
    kode_desa_kelurahan: 'address.villageCode',
  },
};

/** A path padan knows as written (`birthDate`, `address.rt`): such a column is taken as is. */
const PADAN_PATH = /^(?:[a-z][A-Za-z]*)(?:\.[a-z][A-Za-z]*)*$/;

/**
 * The padan field of each column: the caller's mapping, then `COMMON_COLUMNS`, then the name itself.
 *
 * @example
 * mapColumns(['NAMA_LENGKAP', 'Tgl. Lahir', 'RT/RW', 'desil']) // → ['name', 'birthDate', 'address.rtRw', 'desil']
 */
export function mapColumns(columns: readonly string[], mapping?: ColumnMapping): string[] {
  const own = new Map<string, string>();
  if (mapping !== undefined) for (const [column, field] of Object.entries(mapping)) own.set(columnKey(column), field);
  return columns.map((column) => {
    const name = column.trim();
    const key = columnKey(name);
    const mapped = own.get(key) ?? (Object.hasOwn(COMMON_COLUMNS, key) ? COMMON_COLUMNS[key] : undefined);
    if (mapped !== undefined) return mapped;
    return PADAN_PATH.test(name) ? name : key === '' ? name : key;
  });
}
