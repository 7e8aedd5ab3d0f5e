/**
 * Titles, honorifics and degrees that appear in Indonesian name fields. They are removed from the
 * compared name and kept as a feature.
 *
 * `key` is the title with every separator removed and uppercased (`S.Pd.` → `SPD`), which is how the
 * name tokenizer sees it. `where` says where a bare token may be read as this title, because several
 * keys are also plausible name tokens or initials:
 * - `prefix`  only in the run of words before the first name word ("H. AHMAD", not "AHMAD H");
 * - `anywhere` never a name, stripped wherever it appears ("AHMAD (ALM)");
 * - `degree`  an academic degree: read as a title when written with dots ("S.E."), after a comma
 *   ("AHMAD, SE"), or anywhere when `bare` is true (`SPD` is never a name, `SE` could be).
 */

export type TitleClass = 'religious' | 'academic' | 'degree' | 'honorific' | 'deceased';

export interface TitleEntry {
  /** Separators removed, uppercase. */
  readonly key: string;
  /** How the title is usually written; what `titles` in the result carries. */
  readonly label: string;
  readonly titleClass: TitleClass;
  readonly where: 'prefix' | 'anywhere' | 'degree';
  /** For degrees: safe to recognise without dots or a comma. */
  readonly bare?: boolean;
}

export const TITLES: readonly TitleEntry[] = [
  // Religious: hajj titles. `H` alone is ambiguous with an initial, so only in front of the name.
  { key: 'H', label: 'H.', titleClass: 'religious', where: 'prefix' },
  { key: 'HJ', label: 'Hj.', titleClass: 'religious', where: 'anywhere' },
  { key: 'HAJI', label: 'H.', titleClass: 'religious', where: 'prefix' },
  { key: 'HAJJAH', label: 'Hj.', titleClass: 'religious', where: 'prefix' },
  { key: 'KH', label: 'K.H.', titleClass: 'religious', where: 'prefix' },
  { key: 'USTADZ', label: 'Ust.', titleClass: 'religious', where: 'prefix' },
  { key: 'UST', label: 'Ust.', titleClass: 'religious', where: 'prefix' },
  { key: 'USTADZAH', label: 'Ustz.', titleClass: 'religious', where: 'prefix' },
  { key: 'USTZ', label: 'Ustz.', titleClass: 'religious', where: 'prefix' },

  // Academic and professional titles written before the name.
  { key: 'DR', label: 'Dr.', titleClass: 'academic', where: 'prefix' },
  { key: 'DRS', label: 'Drs.', titleClass: 'academic', where: 'anywhere' },
  { key: 'DRA', label: 'Dra.', titleClass: 'academic', where: 'anywhere' },
  { key: 'IR', label: 'Ir.', titleClass: 'academic', where: 'prefix' },
  { key: 'PROF', label: 'Prof.', titleClass: 'academic', where: 'anywhere' },
  { key: 'DRG', label: 'drg.', titleClass: 'academic', where: 'prefix' },

  // Degrees written after the name (usually after a comma).
  { key: 'SPD', label: 'S.Pd.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SPDI', label: 'S.Pd.I.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SPDSD', label: 'S.Pd.SD', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SE', label: 'S.E.', titleClass: 'degree', where: 'degree' },
  { key: 'SH', label: 'S.H.', titleClass: 'degree', where: 'degree' },
  { key: 'SHI', label: 'S.H.I.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'ST', label: 'S.T.', titleClass: 'degree', where: 'degree' },
  { key: 'SKOM', label: 'S.Kom.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SAG', label: 'S.Ag.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SSOS', label: 'S.Sos.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SSOSI', label: 'S.Sos.I.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SIP', label: 'S.IP.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SKM', label: 'S.KM.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SKEP', label: 'S.Kep.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SPSI', label: 'S.Psi.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SSI', label: 'S.Si.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SS', label: 'S.S.', titleClass: 'degree', where: 'degree' },
  { key: 'SP', label: 'S.P.', titleClass: 'degree', where: 'degree' },
  { key: 'SKED', label: 'S.Ked.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SFARM', label: 'S.Farm.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'SAK', label: 'S.Ak.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'AMD', label: 'A.Md.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'AMDKEP', label: 'A.Md.Kep.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'AMA', label: 'A.Ma.', titleClass: 'degree', where: 'degree' },
  { key: 'AMAPD', label: 'A.Ma.Pd.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'MSI', label: 'M.Si.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'MM', label: 'M.M.', titleClass: 'degree', where: 'degree' },
  { key: 'MPD', label: 'M.Pd.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'MH', label: 'M.H.', titleClass: 'degree', where: 'degree' },
  { key: 'MT', label: 'M.T.', titleClass: 'degree', where: 'degree' },
  { key: 'MAG', label: 'M.Ag.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'MKES', label: 'M.Kes.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'MKOM', label: 'M.Kom.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'MA', label: 'M.A.', titleClass: 'degree', where: 'degree' },
  { key: 'MSC', label: 'M.Sc.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'PHD', label: 'Ph.D.', titleClass: 'degree', where: 'degree', bare: true },
  { key: 'BSC', label: 'B.Sc.', titleClass: 'degree', where: 'degree', bare: true },

  // Honorifics and forms of address.
  { key: 'BPK', label: 'Bpk.', titleClass: 'honorific', where: 'prefix' },
  { key: 'BAPAK', label: 'Bpk.', titleClass: 'honorific', where: 'prefix' },
  { key: 'PAK', label: 'Bpk.', titleClass: 'honorific', where: 'prefix' },
  { key: 'IBU', label: 'Ibu', titleClass: 'honorific', where: 'prefix' },
  { key: 'BU', label: 'Ibu', titleClass: 'honorific', where: 'prefix' },
  { key: 'SDR', label: 'Sdr.', titleClass: 'honorific', where: 'prefix' },
  { key: 'SDRI', label: 'Sdri.', titleClass: 'honorific', where: 'anywhere' },
  { key: 'SAUDARA', label: 'Sdr.', titleClass: 'honorific', where: 'prefix' },
  { key: 'SAUDARI', label: 'Sdri.', titleClass: 'honorific', where: 'prefix' },
  { key: 'TN', label: 'Tn.', titleClass: 'honorific', where: 'prefix' },
  { key: 'TUAN', label: 'Tn.', titleClass: 'honorific', where: 'prefix' },
  { key: 'NY', label: 'Ny.', titleClass: 'honorific', where: 'prefix' },
  { key: 'NYONYA', label: 'Ny.', titleClass: 'honorific', where: 'prefix' },
  { key: 'NN', label: 'Nn.', titleClass: 'honorific', where: 'prefix' },
  { key: 'NONA', label: 'Nn.', titleClass: 'honorific', where: 'prefix' },

  // Deceased markers: kept as a feature (`deceased: true`).
  { key: 'ALM', label: 'Alm.', titleClass: 'deceased', where: 'anywhere' },
  { key: 'ALMH', label: 'Almh.', titleClass: 'deceased', where: 'anywhere' },
  { key: 'ALMRH', label: 'Almh.', titleClass: 'deceased', where: 'anywhere' },
  { key: 'ALMARHUM', label: 'Alm.', titleClass: 'deceased', where: 'anywhere' },
  { key: 'ALMARHUMAH', label: 'Almh.', titleClass: 'deceased', where: 'anywhere' },
];

/** Tokens that introduce a patronymic ("AHMAD BIN YUSUF"). */
export const PATRONYMIC_MARKERS: readonly string[] = ['BIN', 'BINTI', 'BT', 'BN', 'BINT'];
