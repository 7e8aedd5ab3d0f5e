import { describe, expect, it } from 'vitest';
import { hash64Joined } from '../../src/_internal/hash.js';
import { naturalFamilyId, naturalHouseholdId } from '../../src/group/groupIds.js';
import { redactIdentifiers } from '../../src/_internal/redact.js';

// Protects family (F) and household (H) IDs from looking like a NIK: 16 hex digits that happen to be
// all decimal (about one ID in 1,800) would be masked wherever an ID is shown — in errors, reports and
// logs — as person and decision IDs already are not. Each holds a letter, as those do.

/** Record IDs whose plain hash (as the natural ID hashed them) has no letter. */
function allDecimalRecordIds(kind: 'family' | 'household', wanted: number): string[] {
  const found: string[] = [];
  for (let i = 0; found.length < wanted && i < 200_000; i++) {
    const recordId = `K-${i}`;
    if (/^\d{16}$/.test(hash64Joined(kind, 'family', 'dukcapil', recordId))) found.push(recordId);
  }
  return found;
}

describe('naturalFamilyId and naturalHouseholdId', () => {
  it('hold a letter even where the plain hash is all digits, and are not masked as a NIK', () => {
    for (const kind of ['family', 'household'] as const) {
      const recordIds = allDecimalRecordIds(kind, 3);
      expect(recordIds).toHaveLength(3);
      const natural = kind === 'family' ? naturalFamilyId : naturalHouseholdId;
      for (const recordId of recordIds) {
        for (const salt of [0, 1]) {
          const id = natural({ kind: 'family', source: 'dukcapil', recordId }, salt);
          expect(id).toMatch(/^[FH][0-9a-f]{16}$/);
          expect(id.slice(1)).toMatch(/[a-f]/);
          expect(redactIdentifiers(`id ${id}`)).toBe(`id ${id}`);
        }
      }
    }
  });

  it('keep every ID whose hash holds a letter (a stored family keeps its ID)', () => {
    const record = { kind: 'person' as const, source: 'dtks', recordId: 'D-1' };
    const plain = hash64Joined('family', record.kind, record.source, record.recordId);
    expect(plain).toMatch(/[a-f]/);
    expect(naturalFamilyId(record)).toBe(`F${plain}`);
    expect(naturalHouseholdId(record)).toBe(`H${hash64Joined('household', record.kind, record.source, record.recordId)}`);
  });
});
