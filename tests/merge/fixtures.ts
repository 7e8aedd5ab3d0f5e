import type { MergeChannel, MergePersonRecord } from '../../src/merge/types.js';

// Synthetic people only: names are invented, identifiers are made-up digit strings.
export const NIK_A = '3201014506800003';
export const NIK_B = '3201014506800007';
export const KK_A = '3201010101150001';
export const KK_B = '3201010101230002';

type PersonInput = Partial<MergePersonRecord> & Pick<MergePersonRecord, 'source' | 'recordId'>;

/** A person record with sensible defaults; override what a test is about. */
export function person(input: PersonInput): MergePersonRecord {
  const channel: MergeChannel = input.channel ?? (input.source === 'dukcapil' ? { kind: 'registry' } : { kind: 'survey' });
  return { observedAt: '2024-01-01', name: 'Siti Contoh', ...input, channel };
}

export const registry = (): MergeChannel => ({ kind: 'registry' });
export const formal = (verificationLevel: 'village' | 'district' | 'regency' | 'province' | 'national'): MergeChannel => ({
  kind: 'formal',
  verificationLevel,
});
export const citizen = (
  status: 'pending' | 'accepted' | 'rejected',
  fields?: string[],
  action: 'proposal' | 'correction' | 'objection' = 'correction',
): MergeChannel => (fields === undefined ? { kind: 'citizen', action, status } : { kind: 'citizen', action, status, fields });
