/** The partition a record falls in when no region says otherwise. */
export const FALLBACK_PARTITION = 'unplaced';

function digitsOf(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const digits = String(value).replace(/\D+/g, '');
  return digits.length === 0 ? null : digits;
}

function regencyOf(code: unknown, length: number): string | null {
  const digits = digitsOf(code);
  if (digits === null || digits.length !== length) return null;
  const regency = digits.slice(0, 4);
  // Province 11–99 and a regency number: "0000…" or a province alone names no regency.
  return regency < '1101' || regency.endsWith('00') ? null : regency;
}

/**
 * The partition of a person, family or dwelling record (raw or validated): the regency (4 digits) of
 * its address — read from the most precise code it has, village, then district, then regency — else
 * the region its NIK was issued in, else its KK's, else the fallback partition. A rule on evidence, nothing else: records of one
 * regency are resolved together; people who moved are linked by the cross-partition pass.
 *
 * @example
 * partitionOfRecord({ address: { villageCode: '3201012001' }, nik: '3171014101900001' }) // → '3201'
 * partitionOfRecord({ nik: '3171014101900001' }) // → '3171'
 * partitionOfRecord({ name: 'SITI' }) // → 'unplaced'
 */
export function partitionOfRecord(record: unknown): string {
  if (record === null || typeof record !== 'object') return FALLBACK_PARTITION;
  const { address, nik, kk } = record as { address?: unknown; nik?: unknown; kk?: unknown };
  if (address !== null && typeof address === 'object') {
    const { villageCode, districtCode, regencyCode } = address as { villageCode?: unknown; districtCode?: unknown; regencyCode?: unknown };
    const fromAddress = regencyOf(villageCode, 10) ?? regencyOf(districtCode, 6) ?? regencyOf(regencyCode, 4);
    if (fromAddress !== null) return fromAddress;
  }
  return regencyOf(nik, 16) ?? regencyOf(kk, 16) ?? FALLBACK_PARTITION;
}

function districtOf(code: unknown, length: number): string | null {
  const digits = digitsOf(code);
  if (digits === null || digits.length !== length) return null;
  const district = digits.slice(0, 6);
  return district.endsWith('00') ? null : district;
}

/**
 * The district (_kecamatan_) part of a regency partition a record falls in, for a partition too large
 * to resolve in one piece: the 6-digit district code of its address when the address lies in that
 * regency (read from the village or the district code), else the regency followed by the district
 * digits (5–6) of its NIK, else of its KK, else the regency followed by `00` (no district known).
 * Like `partitionOfRecord`, a rule on evidence only: a NIK's district is where it was issued, so it
 * only decides where a record without an address is resolved; the cross-partition pass links people
 * across district parts as it does across regencies.
 *
 * @example
 * districtPartitionOfRecord({ address: { villageCode: '3201012001' } }, '3201') // → '320101'
 * districtPartitionOfRecord({ nik: '3171054101900001' }, '3171') // → '317105'
 * districtPartitionOfRecord({ name: 'SITI' }, '3171') // → '317100'
 */
export function districtPartitionOfRecord(record: unknown, regency: string): string {
  if (record !== null && typeof record === 'object') {
    const { address, nik, kk } = record as { address?: unknown; nik?: unknown; kk?: unknown };
    if (address !== null && typeof address === 'object') {
      const { villageCode, districtCode } = address as { villageCode?: unknown; districtCode?: unknown };
      const fromAddress = districtOf(villageCode, 10) ?? districtOf(districtCode, 6);
      if (fromAddress !== null && fromAddress.startsWith(regency)) return fromAddress;
    }
    for (const id of [nik, kk]) {
      const digits = digitsOf(id);
      if (digits !== null && digits.length === 16 && digits.slice(4, 6) !== '00') return `${regency}${digits.slice(4, 6)}`;
    }
  }
  return `${regency}00`;
}
