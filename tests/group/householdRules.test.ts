import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressId, createAddressIds } from '../../src/group/_personIndex.js';
import {
  dwellingEvidence,
  evidenceScore,
  householdHead,
  namesOneDwelling,
  type DwellingAddressParts,
  type DwellingEvidence,
  type HeadingDwelling,
  type HeadingFamily,
  type HouseholdEvidence,
} from '../../src/group/householdRules.js';

// Protects the household linking rules, one table each: a row is a case a domain expert can read,
// question and change.

describe('dwellingEvidence: what ties a dwelling record to a household?', () => {
  const none: DwellingEvidence = { listsKnownKk: false, atKnownAddress: false, headNikKnown: false, headNameFound: false };
  const rows: readonly [Partial<DwellingEvidence>, HouseholdEvidence | 'none', number, string][] = [
    // what is known                                              → evidence      score   why
    [{ listsKnownKk: true, atKnownAddress: true, headNikKnown: true }, 'dwelling-kk', 1, 'a KK it lists is the strongest tie'],
    [{ atKnownAddress: true, headNikKnown: true }, 'address', 0.9, 'the same dwelling address comes next'],
    [{ headNikKnown: true, headNameFound: true }, 'head-nik', 0.8, "then the head's NIK"],
    [{ headNameFound: true }, 'head-name', 0.6, "the head's name in the village is the weakest"],
    [{}, 'none', 0, 'nothing matched: a household of its own'],
  ];
  it.each(rows)('%o → %s (%s, %s)', (known, expected, score) => {
    const by = dwellingEvidence({ ...none, ...known });
    expect(by).toBe(expected);
    expect(evidenceScore(by)).toBe(score);
  });
});

describe('namesOneDwelling: which address can make a household?', () => {
  const full = { villageCode: '3201012001', rt: '003', rw: '005', street: 'JL. MAWAR NO. 12' };
  const rows: readonly [DwellingAddressParts, boolean, string][] = [
    [full, true, 'village, RT, RW and street: one dwelling'],
    [{ ...full, rt: null }, false, 'no RT: the street runs through many neighbourhoods'],
    [{ ...full, rw: '' }, false, 'no RW'],
    [{ ...full, street: undefined }, false, 'no street: a whole RT'],
    [{ ...full, villageCode: '32010120' }, false, 'a village code that is not ten digits'],
    [{ ...full, rt: '3' }, false, 'an RT not written as three digits'],
    [{ ...full, rw: '0A5' }, false, 'an RW with a letter'],
  ];
  it.each(rows)('%o → %s (%s)', (address, expected) => {
    expect(namesOneDwelling(address)).toBe(expected);
  });

  it('is what gives an address an id (the machinery applies the rule)', () => {
    const part = fc.oneof(fc.constant(undefined), fc.constant(''), fc.stringMatching(/^\d{1,11}$/), fc.constant('3201012001'), fc.constant('003'));
    const street = fc.oneof(fc.constant(undefined), fc.constant('JL. MAWAR NO. 12'), fc.constant('Gang Melati'));
    fc.assert(
      fc.property(part, part, part, street, (villageCode, rt, rw, streetText) => {
        const address = { villageCode, rt, rw, street: streetText };
        expect(addressId(createAddressIds(), address) >= 0).toBe(namesOneDwelling(address));
      }),
    );
  });
});

describe('householdHead: who heads a household?', () => {
  const family = (head: number, size: number): HeadingFamily => ({ head, members: Array.from({ length: size }, (_, i) => i) });
  const dwelling = (head: number, by: HouseholdEvidence | 'none'): HeadingDwelling => ({ head, by });
  const rows: readonly [readonly HeadingFamily[], readonly HeadingDwelling[], number, string][] = [
    // families (head, size)             dwelling records (head, evidence)            → head   why
    [[family(4, 2), family(9, 3)], [], 9, 'the head of the largest family'],
    [[family(4, 3), family(9, 3)], [], 4, 'equal sizes: the first family in household order'],
    [[family(-1, 5), family(9, 2)], [], 9, 'a family without a known head cannot head it'],
    [[family(4, 2)], [dwelling(7, 'address')], 7, 'a dwelling record that names its head outranks family size'],
    [[family(4, 2)], [dwelling(7, 'head-name'), dwelling(8, 'dwelling-kk')], 8, 'several dwelling records: the last in household order'],
    [[family(4, 2)], [dwelling(-1, 'address')], 4, 'a dwelling record that names no known person leaves the family head'],
    [[family(4, 2)], [dwelling(7, 'none')], 4, 'a dwelling record nothing linked says nothing about this household'],
    [[], [dwelling(7, 'head-nik')], 7, 'a household of dwelling records only'],
    [[family(-1, 2)], [], -1, 'no one known'],
  ];
  it.each(rows)('%j and %j → %i (%s)', (families, dwellings, expected) => {
    expect(householdHead(families, dwellings)).toBe(expected);
  });
});
